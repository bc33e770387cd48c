package summary

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"

	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/internal/version"

	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/runner"
)

// Schema names the JSON contract of DESIGN §7.
const Schema = "execsim/summary/v1"

// Summary is the public JSON summary of a run. Field names are stable; new
// fields may be added. Everything in it is deterministic for a scenario and
// seed, except WallS, present only when asked for.
type Summary struct {
	Schema string `json:"schema"`
	// Version is the execsim that wrote the summary (module version and
	// commit), so a number can be traced to the code that produced it.
	Version   string  `json:"execsim_version,omitempty"`
	Scenario  string  `json:"scenario"`
	Seed      uint64  `json:"seed"`
	DurationS float64 `json:"duration_s"`
	// WarmupS is the warm-up left out of every figure but cost: arrivals
	// and each platform's counts, latencies and gauges are about the
	// requests arriving at or after it and the time after it.
	WarmupS     float64 `json:"warmup_s,omitempty"`
	Arrivals    int64   `json:"arrivals"`
	Fingerprint string  `json:"fingerprint"`
	Events      uint64  `json:"events"`
	// CI95Batches is the number of batches behind the platforms' 95 %
	// confidence intervals (latency_ms.mean_ci95, refused_ci95), when any
	// has one.
	CI95Batches int `json:"ci95_batches,omitempty"`
	// Partial marks a run interrupted before its end: duration_s is the
	// simulated time every platform reached, RequestedDurationS the
	// duration the scenario asked for, and NotRun the platforms that did
	// not run at all (a blend waits for its peers). The latter two are
	// there only when Partial is; folders written before they existed
	// said the same in a "# partial:" comment of scenario.yaml, which
	// report.Load still reads.
	Partial            bool     `json:"partial,omitempty"`
	RequestedDurationS float64  `json:"requested_duration_s,omitempty"`
	NotRun             []string `json:"not_run,omitempty"`
	WallS              *float64 `json:"wall_s,omitempty"`
	// Warnings are what the reader must know to trust a comparison (front
	// doors that differ between platforms); absent when there is none.
	Warnings []string `json:"warnings,omitempty"`
	// PriceBasis says what the prices are and what the bills leave out
	// (platform.CostPlan.PriceBasis), for every output that gives a cost
	// verdict; absent in summaries written before it.
	PriceBasis string `json:"price_basis,omitempty"`
	// Projection says what the monthly figures are projected from, with
	// a caveat when the run is too short to stand for a month.
	Projection *Projection `json:"projection,omitempty"`
	Models     Models      `json:"models"`
	// Placement is the blend's account (a scenario with placement:): where
	// each service went and why, and the monthly totals side by side.
	Placement *platform.Placement `json:"placement,omitempty"`
}

// Models holds one entry per platform the run included, in the registry's
// order; JSON writes it as an object keyed by platform name.
type Models []Model

// Model is one platform's entry.
type Model struct {
	Name string
	*platform.Entry
}

// Get returns the named platform's entry, or nil.
func (ms Models) Get(name string) *platform.Entry {
	for _, m := range ms {
		if m.Name == name {
			return m.Entry
		}
	}
	return nil
}

// MarshalJSON writes the entries as one object, in order.
func (ms Models) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.Name)
		v, err := json.Marshal(m.Entry)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Of builds the summary of a run. withWall adds the non-deterministic wall_s.
func Of(r *runner.Result, withWall bool) Summary {
	s := Summary{
		Schema:      Schema,
		Version:     version.String(),
		Scenario:    r.Plan.Name,
		Seed:        r.Plan.Seed,
		DurationS:   r.Plan.Duration.Seconds(),
		WarmupS:     r.Plan.Warmup.Seconds(),
		Arrivals:    r.Arrivals(),
		Fingerprint: r.Fingerprint(),
		Events:      r.Events(),
		Partial:     r.Partial,
		Warnings:    r.Plan.Cost.Warnings,
		Projection:  projectionOf(r),
		PriceBasis:  priceBasisOf(r),
		Models:      Models{},
	}
	if r.Partial {
		s.RequestedDurationS, s.NotRun = r.Asked.Seconds(), r.NotRun
	}
	if withWall {
		w := math.Round(r.Wall.Seconds()*1000) / 1000
		s.WallS = &w
	}
	for _, m := range r.Platforms {
		e := &platform.Entry{
			Outcomes:           platform.OutcomesOf(m.Rec),
			LatencyMs:          platform.LatencyOf(m.Rec.Latency()),
			ColdStartLatencyMs: platform.ColdLatencyOf(m.Rec),
			SLO:                r.Plan.Judge(m.Rec),
			Cost:               costOf(r, m),
			Extra:              m.Usage.Extra(),
		}
		e.BatchMeans(m.Rec)
		if e.LatencyMs.MeanCI95 != nil || e.RefusedCI95 != nil {
			s.CI95Batches = metrics.Batches
		}
		if isFleet(r) { // single-service summaries keep their v1 shape
			e.Services, e.SharedCost = Services(r, m)
		}
		s.Models = append(s.Models, Model{m.Name, e})
		if pl, ok := m.Usage.(platform.Placer); ok {
			s.Placement = pl.Placement()
		}
	}
	if s.Placement != nil {
		for _, m := range s.Models {
			if m.Cost == nil {
				continue
			}
			key := "all_" + m.Name
			if _, ok := s.Placement.Counts[m.Name]; !ok {
				key = m.Name // the blend itself
			}
			s.Placement.MonthlyUSD[key] = m.Cost.MonthlyUSD
		}
	}
	return s
}

func costOf(r *runner.Result, m *runner.PlatformResult) *platform.Cost {
	if m.Cost == nil {
		return nil
	}
	total := m.Cost.Breakdown.Total()
	c := &platform.Cost{
		TotalUSD:        total.USD(),
		MonthlyUSD:      m.Cost.Breakdown.MonthlyOver(r.Plan.Duration).USD(),
		IncludesWarmupS: r.Plan.Warmup.Seconds(),
		Breakdown:       map[string]float64{},
	}
	if n := m.Rec.AllArrivals(); n > 0 {
		pm := cost.PerMillion(total, n).USD()
		c.PerMillionUSD = &pm
	}
	months := lineMonths(m.Cost.Breakdown, m.Cost.Services, r.Plan.Duration)
	for i, l := range m.Cost.Breakdown.Lines {
		c.Breakdown[l.Item] += l.USD()
		c.Lines = append(c.Lines, platform.CostLine{Item: l.Item, Quantity: l.Quantity, Unit: l.Unit,
			UnitPriceUSD: l.UnitPriceUSD, USD: l.USD(), MonthlyUSD: months[i].USD()})
	}
	return c
}

// Decode reads a summary.json written by execsim, with the registry's
// platforms to read their entries.
func Decode(data []byte, reg platform.Registry) (Summary, error) {
	var raw struct {
		Summary
		Models map[string]json.RawMessage `json:"models"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return Summary{}, fmt.Errorf("not an %s summary: %v", Schema, err)
	}
	s := raw.Summary
	if s.Schema != Schema {
		return Summary{}, fmt.Errorf("not an %s summary", Schema)
	}
	s.Models = Models{}
	for name := range raw.Models {
		if reg.Lookup(name) == nil {
			return Summary{}, fmt.Errorf("unknown platform %q (known: %s)", name, reg.List("and"))
		}
	}
	for _, p := range reg {
		data, ok := raw.Models[p.Name()]
		if !ok {
			continue
		}
		e, err := platform.DecodeEntry(data, p.NewExtra())
		if err != nil {
			return Summary{}, fmt.Errorf("models.%s: %w", p.Name(), err)
		}
		s.Models = append(s.Models, Model{p.Name(), e})
	}
	return s, nil
}

// priceBasisOf is the run's price basis, or "" for a plan priced by no
// catalogue.
func priceBasisOf(r *runner.Result) string {
	if r.Plan.Cost.Prices.Region == "" {
		return ""
	}
	return r.Plan.Cost.PriceBasis()
}
