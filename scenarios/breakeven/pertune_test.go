package breakeven_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/execsim/execsim/scenarios/breakeven"
	"github.com/execsim/execsim/scenarios/platform"
)

// Each service takes the value that costs it least among those at which
// it meets its SLO (the lower tail, then the smaller value, on a tie), or
// where it comes nearest to it when it meets it at none.
func TestChooseEach(t *testing.T) {
	// judged against p99 ≤ 1 s, refused ≤ 0.1 %
	judged := func(tail, refused float64, completed int64, few bool) platform.SLOResult {
		r := platform.SLOResult{Percentile: "p99", TargetMs: 1000, MeasuredMs: tail, Refused: refused, RefusedMax: 0.001}
		if completed == 0 {
			r.Unfinished = "no request completed"
		}
		if few {
			r.MeasuredMs = 0
		}
		r.Met = !few && tail <= 1000 && refused <= 0.001 && completed > 0
		return r
	}
	sp := func(usd, tail float64, meets bool, completed int64) breakeven.ServicePoint {
		return breakeven.ServicePoint{Name: "s", MonthlyUSD: usd, TailMs: tail, Meets: meets, Completed: completed, Judged: judged(tail, 0, completed, false)}
	}
	// a service that misses, refusing a share of its requests
	refusing := func(usd, tail, refused float64, few bool) breakeven.ServicePoint {
		return breakeven.ServicePoint{Name: "s", MonthlyUSD: usd, TailMs: tail, Completed: 10, TooFew: few, Refused: refused, Judged: judged(tail, refused, 10, few)}
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
		{"completes at none: the cheaper", []breakeven.TunePoint{
			at(128, sp(2, 0, false, 0)), at(512, sp(1, 0, false, 0))},
			[]breakeven.FunctionChoice{{Service: "s", Index: 1, Value: 512, Meets: false}}},
		{"completes at none, equal costs: the smaller", []breakeven.TunePoint{
			at(128, sp(1, 0, false, 0)), at(512, sp(1, 0, false, 0))},
			[]breakeven.FunctionChoice{{Service: "s", Index: 0, Value: 128, Meets: false}}},
		// 128 MB's timeouts refuse its slow requests, and those that
		// complete have the lower tail: nearer is 1024 MB, which refuses
		// none (the lowest tail alone chose 128 MB)
		{"meets at none: fewer refused beyond the ceiling before the lower tail", []breakeven.TunePoint{
			at(128, refusing(1, 210, 0.03, false)), at(1024, refusing(3, 926, 0, false))},
			[]breakeven.FunctionChoice{{Service: "s", Index: 1, Value: 1024, Meets: false}}},
		// with too few requests the tail is not judged (a handful's p99):
		// equally near, the cheaper
		{"meets at none with too few requests: not by its tail", []breakeven.TunePoint{
			at(128, refusing(1, 900, 0.2, true)), at(1024, refusing(3, 100, 0.2, true))},
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

// The single value sizing each service is compared with is judged as
// each service is: by its own SLO on its own requests, not the pooled
// p99 by which a value can meet the SLO while a service misses its own.
func TestSingleForEach(t *testing.T) {
	at := func(v int, usd, p99 float64, pooled bool, meets ...bool) breakeven.TunePoint {
		p := breakeven.TunePoint{Value: v}
		p.MonthlyUSD, p.P99Ms, p.MeetsSLO = usd, p99, pooled
		for _, m := range meets {
			p.Services = append(p.Services, breakeven.ServicePoint{Meets: m})
		}
		return p
	}
	for _, tc := range []struct {
		name  string
		pts   []breakeven.TunePoint
		want  int
		meets bool
	}{
		{"pooled meets where a service misses its own", []breakeven.TunePoint{
			at(128, 10, 900, true, true, false), at(512, 20, 400, true, true, true), at(1024, 30, 300, true, true, true)}, 1, true},
		{"equal costs: the lower p99", []breakeven.TunePoint{
			at(128, 20, 900, true, true, true), at(512, 20, 400, true, true, true)}, 1, true},
		{"none for every service: the cheapest of all", []breakeven.TunePoint{
			at(128, 30, 900, false, true, false), at(512, 10, 400, false, false, true)}, 1, false},
		{"no services", []breakeven.TunePoint{{Value: 128}}, -1, false},
		{"no points", nil, -1, false},
	} {
		got, meets := breakeven.SingleForEach(tc.pts)
		if got != tc.want || meets != tc.meets {
			t.Errorf("%s: %d, %v; want %d, %v", tc.name, got, meets, tc.want, tc.meets)
		}
	}
}
