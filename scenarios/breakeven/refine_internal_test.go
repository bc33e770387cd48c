package breakeven

import (
	"context"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
)

// recorder stands in for the simulator: each run's point is a given
// Kubernetes and Lambda cost at its rate, and it records every report the
// refinement makes, with the runs finished by then.
type recorder struct {
	k, l    func(r float64) float64
	runs    int
	reports []report
}

// report is one progress report: runs finished, and the refinement's own
// estimate (before any stretching) of the work done and the whole.
type report struct {
	runs        int
	done, whole float64
}

func (rec *recorder) eval(_ context.Context, plans []*scenario.Plan, rates []float64, _ int, progress runner.Progress) ([]CurvePoint, error) {
	var out []CurvePoint
	var done, total float64
	for _, p := range plans {
		total += runner.Work(p.ExpectedArrivals(), len(p.Platforms))
	}
	for k, r := range rates {
		out = append(out, CurvePoint{RatePerSecond: r, Models: []ModelPoint{
			{Model: "kubernetes", MonthlyUSD: rec.k(r), MeetsSLO: true}, {Model: "lambda", MonthlyUSD: rec.l(r), MeetsSLO: true}}})
		done += runner.Work(plans[k].ExpectedArrivals(), len(plans[k].Platforms))
		rec.runs++
		progress(done, total)
	}
	return out, nil
}

func (rec *recorder) trace(done, whole float64) {
	rec.reports = append(rec.reports, report{rec.runs, done, whole})
}

// The refinement's estimate of its work follows the method that refines
// each bracket, checked on recorded sequences of runs. The plan lasts a
// second and the rates are below one request a second, so every run is
// the same work (runner.Work counts at least one request): the estimate
// is then a count of runs, and the time left a progress line derives
// from it (elapsed × (1 − f) / f, at a steady pace of runs) is the runs
// it expects still to make. Bisection's count is exact. A secant is
// priced at two pairs (one or two close a near-linear gap), so it is
// exact where the second pair closes and at most one pair long where the
// first does. A jump is priced as a secant's until the first pair fails
// to halve the bracket; from then on, bisected, the estimate is exact
// again. Before this estimate, a secant bracket was priced at four more
// runs after every batch, whatever the batch had found.
func TestRefineEstimateFollowsTheMethod(t *testing.T) {
	src := strings.NewReplacer("duration: 10m", "duration: 1s").Replace(platformtest.ReadFile(t, "../testdata/breakeven/fixed-nodes.yaml"))
	plan := platformtest.Plan(t, src)
	const tol = 0.005
	lo, hi := 0.01, 0.9
	flat := func(float64) float64 { return 300 }
	line := func(r float64) float64 { return 300 * r / 0.15 }
	// bent below the root: the first pair, on the line through the
	// bracket's ends, lands beside it; the second, on the straight part,
	// closes
	bent := func(r float64) float64 {
		if r >= 0.05 {
			return line(r)
		}
		return 100 - (0.05-r)*500
	}
	step := func(r float64) float64 {
		if r < 0.2 {
			return 100
		}
		return 500
	}
	for _, tc := range []struct {
		name string
		s    Search
		l    func(float64) float64
		// runs is how many the refinement takes (0: not checked), slack
		// the runs the estimate may exceed the truth by once settled
		runs  int
		slack int
	}{
		{"bisection", Exhaustive, line, bisections(lo, hi, tol), 0},
		{"secant, closing in a pair", DefaultSearch, line, 2, 2},
		{"secant, closing in two pairs", DefaultSearch, bent, 4, 0},
		{"a jump: secant, then bisection", DefaultSearch, step, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{k: flat, l: tc.l}
			s := tc.s
			s.Days = Days{}
			curve := []CurvePoint{
				{RatePerSecond: lo, Models: []ModelPoint{{Model: "kubernetes", MonthlyUSD: flat(lo)}, {Model: "lambda", MonthlyUSD: tc.l(lo)}}},
				{RatePerSecond: hi, Models: []ModelPoint{{Model: "kubernetes", MonthlyUSD: flat(hi)}, {Model: "lambda", MonthlyUSD: tc.l(hi)}}},
			}
			var fracs []float64
			s.eval, s.trace = rec.eval, rec.trace
			cs, err := s.Crossings(context.Background(), plan, curve, tol, 30, 1, func(d, w float64) { fracs = append(fracs, d/w) })
			if err != nil {
				t.Fatal(err)
			}
			if len(cs) != 1 || cs[0].Runs != rec.runs {
				t.Fatalf("crossings %+v after %d runs; want one", cs, rec.runs)
			}
			total := rec.runs
			if tc.runs > 0 && total != tc.runs {
				t.Errorf("%d runs; want %d", total, tc.runs)
			}
			run := runner.Work(1, 2) // every run's work
			// the last report at which the estimate grew: the method
			// changed there (a secant's pair failed), and from then on the
			// estimate must hold
			settled := 0
			for k := 1; k < len(rec.reports); k++ {
				if rec.reports[k].whole > rec.reports[k-1].whole*(1+1e-9) {
					settled = k
				}
			}
			for k, r := range rec.reports {
				left := (r.whole - r.done) / run
				actual := float64(total - r.runs)
				t.Logf("after run %2d: %.2f runs left expected, %v actually", r.runs, left, actual)
				if k < settled {
					continue
				}
				if left < actual-1e-6 || left > actual+float64(tc.slack)+1e-6 {
					t.Errorf("after run %d: %.2f runs left expected; want %v (+%d)", r.runs, left, actual, tc.slack)
				}
			}
			if tc.s.Secant && tc.runs == 0 {
				// the jump: the secant's one pair, then bisection's count
				// of what was left of the bracket
				if settled == 0 {
					t.Error("the estimate never grew: the method did not change at the jump")
				}
				if n := bisections(lo, hi, tol); total > n+2 {
					t.Errorf("the jump took %d runs; bisection takes %d", total, n)
				}
				if b := cs[0]; b.Jump == nil && b.Hi/b.Lo-1 > tol {
					t.Errorf("crossing %+v: want a jump pinned to %g", b, tol)
				}
			}
			for k := 1; k < len(fracs); k++ {
				if fracs[k] < fracs[k-1]*(1-1e-12) {
					t.Fatalf("the reported fraction fell from %.3f to %.3f", fracs[k-1], fracs[k])
				}
			}
		})
	}
}

// Where one cost merges into the other and parts from it again on the
// other side, the crossing is where they part, found to the tolerance:
// never a tie inside the stretch where they cost the same (walk9 #2:
// "costs cross ≈ 292.6 req/s" with a bracket of zero width, in a stretch
// of equal costs from 263 to 326, the change lying above 326). The
// stretch of ties is on the curve, or inside a bracket where only the
// refinement's runs find it.
func TestCrossingThroughATieIsWhereTheCostsPart(t *testing.T) {
	src := strings.NewReplacer("duration: 10m", "duration: 1s").Replace(platformtest.ReadFile(t, "../testdata/breakeven/fixed-nodes.yaml"))
	plan := platformtest.Plan(t, src)
	const tol, part = 0.005, 0.5
	flat := func(float64) float64 { return 300 }
	// Lambda cheaper below 0.2, the same from 0.2 to 0.5, dearer above
	l := func(r float64) float64 {
		switch {
		case r < 0.2:
			return 100
		case r < part:
			return 300
		}
		return 400
	}
	for _, rates := range [][]float64{{0.1, 0.3, 0.4, 0.8}, {0.1, 0.8}, {0.1, 0.25, 0.8}} {
		for _, s := range []Search{DefaultSearch, Exhaustive} {
			rec := &recorder{k: flat, l: l}
			s.Days = Days{}
			s.eval = rec.eval
			var curve []CurvePoint
			for _, r := range rates {
				curve = append(curve, CurvePoint{RatePerSecond: r, Models: []ModelPoint{
					{Model: "kubernetes", MonthlyUSD: flat(r), MeetsSLO: true}, {Model: "lambda", MonthlyUSD: l(r), MeetsSLO: true}}})
			}
			cs, err := s.Crossings(context.Background(), plan, curve, tol, 30, 1, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(cs) != 1 {
				t.Fatalf("rates %v, secant %v: crossings %+v; want one", rates, s.Secant, cs)
			}
			c := cs[0]
			if !(c.Lo < part && part <= c.Hi && c.Hi/c.Lo-1 <= tol) || c.CheaperBelow != "lambda" || c.CheaperAbove != "kubernetes" {
				t.Errorf("rates %v, secant %v: crossing at %g in [%g, %g], %s cheaper below, %s above; want a bracket around %g no wider than %g, lambda below",
					rates, s.Secant, c.RatePerSecond, c.Lo, c.Hi, c.CheaperBelow, c.CheaperAbove, part, tol)
			}
		}
	}
}
