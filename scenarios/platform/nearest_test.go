package platform

import (
	"fmt"
	"testing"
)

// Nearest puts the services missing their own SLO first (per-service
// judgement), then refusals beyond the ceiling, then whether any
// request completed, then Closer: the verdict's "the closest" and the
// placement of a service that meets the SLO nowhere agree on it.
func TestNearest(t *testing.T) {
	r := func(ms, refused float64, unfinished string) *SLOResult {
		return &SLOResult{Percentile: "p99", TargetMs: 1000, MeasuredMs: ms, Refused: refused, RefusedMax: 0.001, Unfinished: unfinished}
	}
	none := "no request completed (33 in flight at the end)"
	for _, tc := range []struct {
		name string
		a, b *SLOResult
		want int
	}{
		// by Distance alone (5 against 10) a was the closer
		{"0.5 % refused, a short tail; none refused, a long one", r(1100, 0.005, ""), r(10000, 0, ""), 1},
		// by Distance alone (just past 1 against 3.97) a was the closer
		{"none completed; a long tail", r(0, 0, none), r(3972, 0, ""), 1},
		{"none completed; a long tail and in flight past it", r(0, 0, none), r(3972, 0, "1 in flight past 1s at the end"), 1},
		{"fewer refused beyond the ceiling comes before completing", r(0, 0, none), r(3972, 0.2, ""), -1},
		{"within the ceiling: Closer", r(1200, 0.0008, ""), r(3000, 0, ""), -1},
		{"in flight past the target, with a tail: Closer", r(900, 0, "5 in flight past 1s at the end"), r(3000, 0, ""), -1},
		{"both none completed: Closer (fewer refused)", r(0, 0.0005, none), r(0, 0, none), 1},
		{"the same", r(1500, 0.002, ""), r(1500, 0.002, ""), 0},
		// judged service by service: fewer services missing comes first,
		// whatever the pooled refusals (slo12's Closer, kept by Nearest)
		{"per service: one missing, 0.5 % refused; four missing, none refused", perService(r(1100, 0.005, ""), 1), perService(r(900, 0, ""), 4), -1},
		{"per service: as many missing: refusals beyond the ceiling", perService(r(1100, 0.005, ""), 2, r(1100, 0.005, "")), perService(r(5000, 0, ""), 2, r(5000, 0, "")), 1},
		// the missing services' own refusals and completions, not the
		// pooled ones (rev14a): a service that completed none of its
		// requests is no nearer than one that completed all over its
		// target, whatever the rest of the run completed
		{"per service: a missing service completed none; the other's a long tail", perService(r(400, 0, ""), 1, r(0, 0, none)), perService(r(420, 0, ""), 1, r(1500, 0, "")), 1},
		{"per service: pooled refusals beyond the scenario's ceiling from services that met their own", perService(r(400, 0.02, ""), 1, r(1100, 0, "")), perService(r(420, 0, ""), 1, r(1200, 0, "")), -1},
		{"per service: pooled refusals within, a missing service's own beyond", perService(r(400, 0.0002, ""), 1, r(900, 0.0015, "")), perService(r(420, 0, ""), 1, r(3000, 0, "")), 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Nearest(tc.a, tc.b); got != tc.want {
				t.Errorf("Nearest = %d; want %d", got, tc.want)
			}
			if got := Nearest(tc.b, tc.a); got != -tc.want {
				t.Errorf("Nearest reversed = %d; want %d", got, -tc.want)
			}
		})
	}
}

// perService makes r a result judged service by service with missed of
// its services missing their own SLO, each as miss (zero when none).
func perService(r *SLOResult, missed int, miss ...*SLOResult) *SLOResult {
	r.Services = &ServicesJudged{Services: 10, Met: 10 - missed, Missed: make([]ServiceMiss, missed)}
	for i := range r.Services.Missed {
		r.Services.Missed[i].Service = fmt.Sprintf("s%d", i)
		if len(miss) > 0 {
			r.Services.Missed[i].SLOResult = *miss[0]
		}
	}
	return r
}
