package platform

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/execsim/execsim/internal/format"
)

// Placement is the summary's account of a blend (summary.json
// "placement"): the SLO it placed by, how many services went where, the
// monthly cost of running everything on each platform and of the blend, and
// per service where it went and why.
type Placement struct {
	SLO PlacementSLO `json:"slo"`
	// Counts is the number of services placed on each platform.
	Counts map[string]int `json:"counts"`
	// MonthlyUSD has "all_<platform>" for each platform's run of the whole
	// scenario and "hybrid" for the blend's run, each projected to a month.
	MonthlyUSD map[string]float64 `json:"monthly_usd"`
	// RunSLO judges each whole run of MonthlyUSD's keys by the placement's
	// SLO (models.<platform>.slo judge them by the scenario's slo:, which
	// may differ); absent in a summary written before it.
	RunSLO   map[string]*SLOResult `json:"run_slo,omitempty"`
	Services []PlacedService       `json:"services"`
	// MinRequests is placement.minRequests: a service with fewer requests
	// is not judged on its own tail (a p99 of a handful of requests is one
	// of them) and is placed by cost.
	MinRequests int `json:"min_requests,omitempty"`
	// Trials are what the placement compared, in order: each platform's
	// run of every service, then each blend it simulated.
	Trials []PlacementTrial `json:"trials,omitempty"`
	// Settled is "" when the blend mixes platforms, else the platform it
	// put every service on (no blend was cheaper and as good).
	Settled string `json:"settled,omitempty"`
	// Interrupted is set when Ctrl-C cut the search short: the blend is
	// the best it had kept, not what a finished search would recommend.
	Interrupted *PlacementStop `json:"interrupted,omitempty"`
	// SettledRanAgain is true for a settled placement written before the
	// hybrid column reused the settled platform's own run (2026-11-28):
	// that run simulated the blend of every service on it once more, one
	// simulation the report must count. Such a summary is told by its
	// services without pinned, which came to main in the same merge
	// (1913de0) as the reuse; it is written back, so that a folder that
	// execsim plot re-rendered (its services then have pinned) still says
	// so. Never set by a run.
	SettledRanAgain bool `json:"settled_ran_again,omitempty"`
	// Legacy holds, as read, a placement written before the placement
	// simulated its blends (2026-11-27): its per-service monthly_usd was
	// then the loaded cost, now the direct one, under the same key, and
	// it had no requests per service. Reading it as today's would put
	// loaded costs under "direct" and 0 requests in placement.csv
	// (revcli), so a re-rendered folder leaves such a placement out of
	// its reports and writes it back unchanged. Such a summary is told
	// by its missing min_requests, which every newer one has (≥ 1).
	Legacy json.RawMessage `json:"-"`
}

// UnmarshalJSON reads a placement, keeping one written before the
// placement simulated its blends as it was (Legacy).
func (p *Placement) UnmarshalJSON(data []byte) error {
	type plain Placement
	var q plain
	if err := json.Unmarshal(data, &q); err != nil {
		return err
	}
	*p = Placement(q)
	if p.MinRequests == 0 {
		p.Legacy = append(json.RawMessage(nil), data...)
		return nil
	}
	if p.Settled != "" && !p.SettledRanAgain {
		var pins struct {
			Services []struct {
				Pinned *bool `json:"pinned"`
			} `json:"services"`
		}
		if err := json.Unmarshal(data, &pins); err != nil {
			return err
		}
		p.SettledRanAgain = len(pins.Services) > 0 && pins.Services[0].Pinned == nil
	}
	return nil
}

// MarshalJSON writes a placement; a Legacy one as it was read.
func (p Placement) MarshalJSON() ([]byte, error) {
	if p.Legacy != nil {
		return p.Legacy, nil
	}
	type plain Placement
	return json.Marshal(plain(p))
}

// PlacementStop says how far an interrupted search got: the blends it
// simulated to the end, of the most it may simulate (its trial bound).
type PlacementStop struct {
	Simulations int `json:"simulations"`
	Bound       int `json:"bound"`
}

// PlacementTrial is one configuration the placement compared: a platform
// with every service on it (its own run) or a blend it simulated.
type PlacementTrial struct {
	What string `json:"what"`
	// Simulated is true for a blend run only to be compared (a platform's
	// own run is run anyway).
	Simulated  bool    `json:"simulated"`
	MonthlyUSD float64 `json:"monthly_usd"`
	// SLOMet is the whole run judged by the placement's SLO, and Missing
	// the services with enough requests that miss it on their own.
	SLOMet  bool `json:"slo_met"`
	Missing int  `json:"services_missing_slo"`
	// Kept says the placement went on from this configuration.
	Kept bool `json:"kept"`
}

// Standing says how the trial met the SLO: "misses the SLO, 85 services
// miss it on their own".
func (t PlacementTrial) Standing() string {
	s := "misses the SLO"
	if t.SLOMet {
		s = "meets the SLO"
	}
	return fmt.Sprintf("%s, %s %s", s, format.Count(int64(t.Missing)), format.Plural(t.Missing, "service misses it on its own", "services miss it on their own"))
}

// PlacementSLO is an SLO as the summary writes it.
type PlacementSLO struct {
	Percentile string  `json:"percentile"`
	TargetMs   float64 `json:"target_ms"`
	Refused    float64 `json:"refused"`
}

// PlacedService is where one service went and why, with what it did on
// each platform of the blend in that platform's own run.
type PlacedService struct {
	Name string `json:"name"`
	// RatePerSecond is the service's mean arrival rate over the run.
	RatePerSecond float64 `json:"rate_per_second"`
	Platform      string  `json:"platform"`
	// Pinned says the service is where the scenario pinned it
	// (placement.pin or its platform:), or execsim did (a platform that
	// can never run it: Reason says why), whatever its options; always
	// written, so that a summary written before it (2026-11-28) is told
	// by its absence (UnmarshalJSON).
	Pinned  bool           `json:"pinned"`
	Reason  string         `json:"reason"`
	Options []PlacedOption `json:"options"`
	// Requests is the service's arrivals in the run; TooFewRequests says
	// they are fewer than the placement's MinRequests, so its own tail
	// was not judged: an option's MeetsSLO then judges only its refused
	// share and whether any request completed, and one that passes is
	// NotJudged (summary.json writes meets_slo null, as placement.csv
	// leaves it empty), for the placement to choose by cost.
	Requests       int64 `json:"requests"`
	TooFewRequests bool  `json:"too_few_requests,omitempty"`
	// Cheapest is the platform cheapest for the service alone by direct
	// cost among those meeting the SLO for it ("" when none does): where
	// it is placed unless moving it would cost the blend more.
	Cheapest string `json:"cheapest,omitempty"`
	// SLO is the service's own SLO (services[].slo:), by which it was
	// placed; absent for one placed by the placement's.
	SLO *PlacementSLO `json:"slo,omitempty"`
	// Marginal says when the placement is a close call: a latency that
	// decided it (on the platform it is on, or one cheaper for it) has
	// the SLO's target inside its 95 % interval from the service's
	// sample size (SLO.Marginal), so that another seed may well place it
	// elsewhere; empty when it is not.
	Marginal string `json:"marginal,omitempty"`
	// MarginalOpen says the placement is a close call only because the
	// service's sample is too small to bound its tail from above and
	// every latency that decided it lies below the target, the slowest
	// request too (Interval.OnlyOpen): a longer run would confirm it,
	// however far below the target the tail lies. A tail over the target
	// on a sample that small is a close call on its latencies, and not
	// marked so.
	MarginalOpen bool `json:"marginal_open,omitempty"`
}

// UnmarshalJSON reads a placed service. One written before the field
// pinned had it only in its reason, which the placement then ended with
// "pinned" (after any too-few-requests lead, "…; pinned"): it is read from
// there, once, so that every reader has the field.
func (s *PlacedService) UnmarshalJSON(data []byte) error {
	type plain PlacedService
	var q struct {
		plain
		Pinned *bool `json:"pinned"`
	}
	if err := json.Unmarshal(data, &q); err != nil {
		return err
	}
	*s = PlacedService(q.plain)
	if q.Pinned != nil {
		s.Pinned = *q.Pinned
	} else {
		s.Pinned = s.Reason == "pinned" || strings.HasSuffix(s.Reason, "; pinned")
	}
	return nil
}

// PlacedOption is a service's result on one platform.
type PlacedOption struct {
	Platform string  `json:"platform"`
	TailMs   float64 `json:"tail_ms"`
	Refused  float64 `json:"refused"`
	// MonthlyUSD is the service's direct cost: its own part of the
	// platform's bill (services.csv's monthly_usd), projected to a month.
	// LoadedMonthlyUSD adds, in proportion, the costs no one service owes
	// (idle capacity, control plane, load balancer): the direct cost
	// scaled by the bill's total over the sum of its parts.
	MonthlyUSD       float64 `json:"monthly_usd"`
	LoadedMonthlyUSD float64 `json:"loaded_monthly_usd,omitempty"`
	MeetsSLO         bool    `json:"meets_slo"`
	// NotJudged says the service had too few requests for its tail to be
	// judged (PlacedService.TooFewRequests): meets_slo is then written
	// null, neither met nor missed, and read back as MeetsSLO true, what
	// the placement decided by (audit 4: summary.json said true where
	// placement.csv, as the README says, leaves it empty).
	NotJudged bool `json:"-"`
	// NoTail says TailMs is no measurement: the service had too few
	// requests for its tail to be judged, or none of them completed on
	// the platform. tail_ms is then written null (walk9 #1: a service
	// all of whose requests timed out showed a tail of 0).
	NoTail bool `json:"-"`
	// Why says why the platform misses the SLO for the service ("12 of
	// 12 requests refused (12 failed); its timeout there is 3s"); empty
	// when it meets it.
	Why string `json:"why,omitempty"`
}

// MarshalJSON writes the option, meets_slo null when NotJudged and
// tail_ms null when NoTail.
func (o PlacedOption) MarshalJSON() ([]byte, error) {
	type plain PlacedOption
	// the fields that shadow plain's keep the keys' order: platform and
	// tail_ms first, meets_slo last
	q := struct {
		Platform string   `json:"platform"`
		TailMs   *float64 `json:"tail_ms"`
		plain
		MeetsSLO *bool `json:"meets_slo"`
	}{Platform: o.Platform, plain: plain(o)}
	if !o.NotJudged {
		q.MeetsSLO = &o.MeetsSLO
	}
	if !o.NoTail {
		q.TailMs = &o.TailMs
	}
	return json.Marshal(q)
}

// UnmarshalJSON reads an option; meets_slo null is NotJudged, tail_ms
// null NoTail.
func (o *PlacedOption) UnmarshalJSON(data []byte) error {
	type plain PlacedOption
	var q struct {
		plain
		TailMs   *float64 `json:"tail_ms"`
		MeetsSLO *bool    `json:"meets_slo"`
	}
	if err := json.Unmarshal(data, &q); err != nil {
		return err
	}
	*o = PlacedOption(q.plain)
	o.MeetsSLO, o.NotJudged = q.MeetsSLO == nil || *q.MeetsSLO, q.MeetsSLO == nil
	if q.TailMs != nil {
		o.TailMs = *q.TailMs
	}
	o.NoTail = q.TailMs == nil
	return nil
}

// Placer is implemented by the Usage of a blend: its placement goes into
// the summary.
type Placer interface {
	Placement() *Placement
}
