package platform

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/execsim/execsim/internal/format"
)

// SLOResult is a platform's SLO judgement in summary.json ("slo" under each
// platform): whether it met the SLO, the target and the measured values,
// from the run's own totals after any warm-up.
type SLOResult struct {
	Met bool `json:"met"`
	// Percentile names the latency target ("p99"), TargetMs is its
	// ceiling and MeasuredMs the run's value of that percentile (0 when
	// nothing completed).
	Percentile string  `json:"percentile"`
	TargetMs   float64 `json:"target_ms"`
	MeasuredMs float64 `json:"measured_ms"`
	// Refused is the share of arrivals throttled, rejected or failed and
	// RefusedMax the SLO's ceiling on it.
	Refused    float64 `json:"refused"`
	RefusedMax float64 `json:"refused_max"`
	// NotJudged says why the run was not judged ("no request arrived"):
	// with nothing measured the SLO is neither met nor missed, and Met is
	// false so that no reader counts it as met.
	NotJudged string `json:"not_judged,omitempty"`
	// Unfinished says why requests left in flight at the end broke the
	// SLO (SLO.Unfinished): "no request completed (286 in flight at the
	// end)"; empty when they did not.
	Unfinished string `json:"unfinished,omitempty"`
	// Judgement says how a fleet's run was judged: "pooled" (the
	// percentile of every service's requests together, against the
	// scenario's SLO) or "per_service" (each service by its own SLO, the
	// scenario's where it has none: Services); empty for one service.
	Judgement string `json:"judgement,omitempty"`
	// Services is the per-service judgement: Met is then whether every
	// service met its own SLO, and the percentile and refused share above
	// are the pooled ones, for information.
	Services *ServicesJudged `json:"per_service,omitempty"`
}

// ServicesJudged counts a fleet's services that met their own SLO and
// lists those that missed it.
type ServicesJudged struct {
	Services int           `json:"services"`
	Met      int           `json:"met"`
	Missed   []ServiceMiss `json:"missed,omitempty"`
	// Close are the services, met or missed, whose call is close
	// (CloseCall), in the plan's order.
	Close []CloseCall `json:"close_calls,omitempty"`
}

// ServiceMiss is one service that missed its own SLO (Own: one it was
// given, else the scenario's), with its measured values.
type ServiceMiss struct {
	Service string `json:"service"`
	Own     bool   `json:"own_slo,omitempty"`
	SLOResult
}

// Words is what the service missed by, against what: "data-worker misses
// p99 3.9 s against 1 s".
func (m ServiceMiss) Words() string {
	var parts []string
	if m.LatencyMissed() {
		parts = append(parts, fmt.Sprintf("%s %s against %s", m.Percentile, format.Millis(m.MeasuredMs), format.Millis(m.TargetMs)))
	}
	if m.RefusedMissed() {
		parts = append(parts, fmt.Sprintf("%s refused against %s", format.Percent(m.Refused), format.Percent(m.RefusedMax)))
	}
	if m.Unfinished != "" {
		parts = append(parts, m.Unfinished)
	}
	return m.Service + " misses " + format.And(parts)
}

// PerService tells whether the result judged each service by its own SLO.
func (r *SLOResult) PerService() bool { return r != nil && r.Services != nil }

// Count says how many services met their SLO on noun's platform: "196 of
// 200 services meet their SLO on Kubernetes; data-worker misses p99 3.9 s
// against 1 s" (the first few misses, "and 3 more"); "" unless judged
// per service.
func (r *SLOResult) Count(noun string) string {
	if !r.PerService() {
		return ""
	}
	sv := r.Services
	out := fmt.Sprintf("%s of %s %s %s SLO on %s", format.Count(int64(sv.Met)), format.Count(int64(sv.Services)),
		format.Plural(sv.Services, "service", "services"), format.Plural(sv.Met, "meets its", "meet their"), noun)
	if len(sv.Missed) == 0 {
		return out
	}
	const shown = 3
	var each []string
	for i, m := range sv.Missed {
		if i == shown {
			each = append(each, fmt.Sprintf("%s more", format.Count(int64(len(sv.Missed)-shown))))
			break
		}
		each = append(each, m.Words())
	}
	return out + "; " + format.And(each)
}

// Judge checks m against the SLO. A run in which no request arrived is
// not judged (SLOResult.NotJudged): it measured nothing, and calling it
// compliant would let a verdict call an empty platform cheaper while
// meeting the SLO. (Meets, for one service of a fleet, still counts a
// silent service as meeting it: nothing it did broke it.)
func (s SLO) Judge(m Measured) *SLOResult {
	if m.Arrivals == 0 {
		return &SLOResult{Percentile: s.Percentile(), TargetMs: Ms(s.Target), RefusedMax: s.Refused, NotJudged: NoArrivals}
	}
	return &SLOResult{
		Met: s.Meets(m), Percentile: s.Percentile(), TargetMs: Ms(s.Target), MeasuredMs: Ms(s.Tail(m)),
		Refused: Round(m.RefusedShare(), 6), RefusedMax: s.Refused, Unfinished: s.Unfinished(m),
	}
}

// NoArrivals is why a run with no request was not judged.
const NoArrivals = "no request arrived"

// Judged tells whether the result is a judgement (met or missed).
func (r *SLOResult) Judged() bool { return r != nil && r.NotJudged == "" }

// SLO is the objective the result was judged by.
func (r *SLOResult) SLO() SLO {
	q, ok := quantileOf(r.Percentile)
	if !ok {
		q = DefaultSLO.Quantile
	}
	return SLO{Quantile: q, Target: time.Duration(math.Round(r.TargetMs * float64(time.Millisecond))), Refused: r.RefusedMax}
}

// LatencyMissed and RefusedMissed tell which part of the SLO was missed:
// judged per service, by any service.
func (r *SLOResult) LatencyMissed() bool {
	if r.PerService() {
		return slices.ContainsFunc(r.Services.Missed, func(m ServiceMiss) bool { return m.LatencyMissed() })
	}
	return r.MeasuredMs > r.TargetMs
}
func (r *SLOResult) RefusedMissed() bool {
	if r.PerService() {
		return slices.ContainsFunc(r.Services.Missed, func(m ServiceMiss) bool { return m.RefusedMissed() })
	}
	return r.Refused > r.RefusedMax
}

// Misses lists what broke the SLO in words: "p99 2.3 s", "3.1 % refused";
// nil when it was met.
func (r *SLOResult) Misses() []string {
	if r == nil || r.Met || !r.Judged() {
		return nil
	}
	var out []string
	if r.PerService() {
		n := len(r.Services.Missed)
		return []string{fmt.Sprintf("%s of %s services %s", format.Count(int64(n)), format.Count(int64(r.Services.Services)),
			format.Plural(n, "misses its own SLO", "miss their own SLO"))}
	}
	if r.LatencyMissed() {
		out = append(out, r.Percentile+" "+format.Millis(r.MeasuredMs))
	}
	if r.RefusedMissed() {
		out = append(out, format.Percent(r.Refused)+" refused")
	}
	if r.Unfinished != "" {
		out = append(out, r.Unfinished)
	}
	return out
}

// Cell is the result as a table cell: "met" or "missed: p99 2.3 s, 3.1 %
// refused".
func (r *SLOResult) Cell() string {
	if r == nil {
		return "—"
	}
	if !r.Judged() {
		return "not judged: " + r.NotJudged
	}
	if r.Met {
		return "met"
	}
	return "missed: " + strings.Join(r.Misses(), ", ")
}

// Distance is how far the result is from the SLO: the larger of the
// measured-to-target ratios of latency and refused share (≤ 1 when met).
// A refused share over a ceiling of 0 counts as far (1 + the share × 1000).
//
// Judged per service it is the largest of the services' that missed
// (the pooled one, at most 1, when none did).
func (r *SLOResult) Distance() float64 {
	if r.PerService() && len(r.Services.Missed) > 0 {
		d := 0.0
		for _, m := range r.Services.Missed {
			d = math.Max(d, m.Distance())
		}
		return d
	}
	if r.PerService() {
		return math.Min(r.pooledDistance(), 1)
	}
	return r.pooledDistance()
}

func (r *SLOResult) pooledDistance() float64 {
	d := 0.0
	if r.TargetMs > 0 {
		d = r.MeasuredMs / r.TargetMs
	}
	switch {
	case r.RefusedMax > 0:
		d = math.Max(d, r.Refused/r.RefusedMax)
	case r.Refused > 0:
		d = math.Max(d, 1+1000*r.Refused)
	}
	if r.Unfinished != "" {
		// how far is unknown (the requests have no latency), only that
		// the SLO was missed: rank it just past the line
		d = math.Max(d, math.Nextafter(1, 2))
	}
	return d
}

// Closer orders two results by how close each comes to its SLO, the
// closer first (a negative result when a is): by Distance, then by the
// share refused, then by the measured tail. It is the one definition of
// "the closest": the verdict names the closest platform by it when none
// meets the SLO, and the placement puts a service that meets the SLO on
// no platform where it is closest by it, each breaking a tie by cost.
// Every key grows with both the tail and the share refused, so the
// closer of two is never the worse on both. Judged per service, fewer
// services missing their SLO comes first.
func Closer(a, b *SLOResult) int {
	return cmp.Or(cmp.Compare(a.missed(), b.missed()), cmp.Compare(a.Distance(), b.Distance()), cmp.Compare(a.Refused, b.Refused), cmp.Compare(a.MeasuredMs, b.MeasuredMs))
}

// missed is the number of services that missed their own SLO (0 unless
// judged per service).
func (r *SLOResult) missed() int {
	if !r.PerService() {
		return 0
	}
	return len(r.Services.Missed)
}

// Arrivals is the requests the counts are about: completed, refused and
// in flight together.
func (o Outcomes) Arrivals() int64 { return o.Completed + o.Refused() + o.InFlight }

// RefusedCell is the share of those requests refused, for a latency table:
// "3.10 %"; "—" when no request arrived.
func (o Outcomes) RefusedCell() string {
	if o.Arrivals() == 0 {
		return "—"
	}
	return format.PercentOf(o.Refused(), o.Arrivals())
}

// LatencyCell is a latency of the completed requests for a table: "—"
// when none completed (there is no latency to show, not one of 0 ms).
func (o Outcomes) LatencyCell(ms float64) string {
	if o.Completed == 0 {
		return "—"
	}
	return format.Millis(ms)
}
