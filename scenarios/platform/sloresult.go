package platform

import (
	"cmp"
	"fmt"
	"math"
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
	q := 0.99
	if p := strings.TrimPrefix(r.Percentile, "p"); p != "" {
		var v float64
		if _, err := fmt.Sscanf(p, "%g", &v); err == nil {
			q = v / 100
		}
	}
	return SLO{Quantile: q, Target: time.Duration(math.Round(r.TargetMs * float64(time.Millisecond))), Refused: r.RefusedMax}
}

// LatencyMissed and RefusedMissed tell which part of the SLO was missed.
func (r *SLOResult) LatencyMissed() bool { return r.MeasuredMs > r.TargetMs }
func (r *SLOResult) RefusedMissed() bool { return r.Refused > r.RefusedMax }

// Misses lists what broke the SLO in words: "p99 2.3 s", "3.1 % refused";
// nil when it was met.
func (r *SLOResult) Misses() []string {
	if r == nil || r.Met || !r.Judged() {
		return nil
	}
	var out []string
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
func (r *SLOResult) Distance() float64 {
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
// closer of two is never the worse on both.
func Closer(a, b *SLOResult) int {
	return cmp.Or(cmp.Compare(a.Distance(), b.Distance()), cmp.Compare(a.Refused, b.Refused), cmp.Compare(a.MeasuredMs, b.MeasuredMs))
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
