package breakeven_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/execsim/execsim/scenarios/breakeven"
)

// Each service takes the value that costs it least among those at which
// it meets its SLO (the lower tail, then the smaller value, on a tie), or
// its fastest where it meets it at none.
func TestChooseEach(t *testing.T) {
	sp := func(usd, tail float64, meets bool, completed int64) breakeven.ServicePoint {
		return breakeven.ServicePoint{Name: "s", MonthlyUSD: usd, TailMs: tail, Meets: meets, Completed: completed}
	}
	at := func(v int, svcs ...breakeven.ServicePoint) breakeven.TunePoint {
		return breakeven.TunePoint{Value: v, Services: svcs}
	}
	for _, tc := range []struct {
		name string
		pts  []breakeven.TunePoint
		want []breakeven.FunctionChoice
	}{
		{"the cheapest that meets, not the smallest", []breakeven.TunePoint{
			at(128, sp(5, 900, true, 10)), at(512, sp(4, 300, true, 10)), at(1024, sp(6, 200, true, 10))},
			[]breakeven.FunctionChoice{{Service: "s", Index: 1, Value: 512, Meets: true}}},
		{"a value that misses is not cheaper", []breakeven.TunePoint{
			at(128, sp(1, 1900, false, 10)), at(512, sp(4, 300, true, 10))},
			[]breakeven.FunctionChoice{{Service: "s", Index: 1, Value: 512, Meets: true}}},
		{"equal cost: the lower tail", []breakeven.TunePoint{
			at(128, sp(4, 900, true, 10)), at(512, sp(4, 300, true, 10))},
			[]breakeven.FunctionChoice{{Service: "s", Index: 1, Value: 512, Meets: true}}},
		{"equal cost and tail: the smaller", []breakeven.TunePoint{
			at(128, sp(4, 300, true, 10)), at(512, sp(4, 300, true, 10))},
			[]breakeven.FunctionChoice{{Service: "s", Index: 0, Value: 128, Meets: true}}},
		{"meets at none: its fastest", []breakeven.TunePoint{
			at(128, sp(1, 5000, false, 10)), at(512, sp(2, 1500, false, 10)), at(1024, sp(3, 0, false, 0))},
			[]breakeven.FunctionChoice{{Service: "s", Index: 1, Value: 512, Meets: false}}},
		{"completes at none: the first", []breakeven.TunePoint{
			at(128, sp(1, 0, false, 0)), at(512, sp(2, 0, false, 0))},
			[]breakeven.FunctionChoice{{Service: "s", Index: 0, Value: 128, Meets: false}}},
		{"services chosen apart", []breakeven.TunePoint{
			at(128, sp(1, 100, true, 10), sp(1, 3000, false, 10)), at(1024, sp(8, 50, true, 10), sp(3, 800, true, 10))},
			[]breakeven.FunctionChoice{{Service: "s", Index: 0, Value: 128, Meets: true}, {Service: "s", Index: 1, Value: 1024, Meets: true}}},
		{"one service: nothing to choose", []breakeven.TunePoint{at(128), at(512)}, nil},
		{"a point without every service", []breakeven.TunePoint{at(128, sp(1, 1, true, 1)), at(512)}, nil},
	} {
		if diff := cmp.Diff(tc.want, breakeven.ChooseEach(tc.pts)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}
