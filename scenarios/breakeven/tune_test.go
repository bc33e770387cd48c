package breakeven_test

import (
	"testing"

	"github.com/execsim/execsim/scenarios/breakeven"
)

func tp(mb int, usd, p99 float64, meets bool) breakeven.TunePoint {
	return breakeven.TunePoint{Value: mb, ModelPoint: breakeven.ModelPoint{MonthlyUSD: usd, P99Ms: p99, MeetsSLO: meets, Completed: 1000}}
}

// The choices on constructed results: the cheapest and the balanced only
// among sizes that meet the SLO, ties to the lower p99 / lower cost, and
// Power Tuning's balanced value w·cost/maxCost + (1−w)·p99/maxP99.
// none is a tuning point at which no request completed: its p99 is 0.
func none(mb int, usd float64) breakeven.TunePoint {
	return breakeven.TunePoint{Value: mb, ModelPoint: breakeven.ModelPoint{MonthlyUSD: usd}}
}

func TestChoose(t *testing.T) {
	// a Power-Tuning-like curve: cost rises with memory, latency falls
	// then flattens; 128 MB is cheapest of all but misses the SLO
	curve := []breakeven.TunePoint{
		tp(128, 100, 2000, false),
		tp(256, 120, 900, true),
		tp(512, 160, 500, true),
		tp(1024, 300, 420, true),
		tp(1769, 500, 400, true),
	}
	for _, tc := range []struct {
		name                        string
		pts                         []breakeven.TunePoint
		weight                      float64
		cheapest, fastest, balanced int
		compliant                   bool
	}{
		// maxima over compliant: cost 500, p99 900. Values at w=0.5:
		// 256: .12+.5=.62; 512: .16+.278=.438; 1024: .3+.233=.533; 1769: .5+.222=.722
		{"balanced at the knee", curve, 0.5, 1, 4, 2, true},
		{"weight 1 is the cheapest", curve, 1, 1, 4, 1, true},
		{"weight 0 is the fastest", curve, 0, 1, 4, 4, true},
		{"weight clamped", curve, 7, 1, 4, 1, true},
		// 128: .5·100/150 + .5·2000/2000 = .833; 256: .5 + .5·1500/2000 = .875
		{"none meets the SLO: among all", []breakeven.TunePoint{tp(128, 100, 2000, false), tp(256, 150, 1500, false)}, 0.5, 0, 1, 0, false},
		{"cost tie goes to the lower p99", []breakeven.TunePoint{tp(128, 100, 800, true), tp(256, 100, 600, true)}, 0.5, 1, 1, 1, true},
		{"p99 tie goes to the lower cost", []breakeven.TunePoint{tp(1769, 500, 400, true), tp(3008, 800, 400, true)}, 0.5, 0, 0, 0, true},
		// a value where no request completed has no p99 to be fastest by
		// (review6: every request refused made 256 MB "fastest, p99 0")
		{"nothing completed is not fastest", []breakeven.TunePoint{none(256, 100), tp(512, 150, 900, false)}, 0.5, 0, 1, 1, false},
		{"nothing completed anywhere: no fastest", []breakeven.TunePoint{none(256, 100), none(512, 150)}, 0.5, 0, -1, 0, false},
		{"empty", nil, 0.5, -1, -1, -1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch := breakeven.Choose(tc.pts, tc.weight)
			if ch.Cheapest != tc.cheapest || ch.Fastest != tc.fastest || ch.Balanced != tc.balanced || ch.AmongCompliant != tc.compliant {
				t.Errorf("Choose = cheapest %d, fastest %d, balanced %d, among compliant %v; want %d, %d, %d, %v",
					ch.Cheapest, ch.Fastest, ch.Balanced, ch.AmongCompliant, tc.cheapest, tc.fastest, tc.balanced, tc.compliant)
			}
		})
	}
}
