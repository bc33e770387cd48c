package breakeven_test

import (
	"context"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/breakeven"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/scenario"
)

// The adaptive search against the exhaustive one on a case with two
// features: fixed nodes against Lambda cross at ≈ 204 req/s (node cost ÷
// Lambda cost per request), and Kubernetes, 60 requests in flight at most,
// starts missing the SLO near 600 req/s. The adaptive curve simulates
// fewer rates, each identical to the exhaustive curve's at that rate; its
// stretches are the same; its crossings agree within the tolerance.
func TestAdaptiveSearchMatchesExhaustive(t *testing.T) {
	src := strings.NewReplacer("concurrency: 200", "concurrency: 20", "duration: 10m", "duration: 3m").Replace(platformtest.ReadFile(t, "../testdata/breakeven/fixed-nodes.yaml"))
	plan := platformtest.Plan(t, src)
	grid := breakeven.LogSpace(1, 2000, 25)
	const tol = 0.005
	ctx := context.Background()
	run := searcher(t, plan, grid, tol)
	ex, exCross := run(breakeven.Exhaustive)
	ad, adCross := run(breakeven.DefaultSearch)
	if len(ex.Points) != len(grid) {
		t.Fatalf("exhaustive simulated %d of %d rates", len(ex.Points), len(grid))
	}
	if len(ad.Points) >= len(grid) {
		t.Errorf("adaptive simulated %d of %d rates: no fewer", len(ad.Points), len(grid))
	}
	refined := 0
	for i, p := range ad.Points {
		// a 3-minute run is no run of days: simulated in full, and saying so
		if p.Length.Shortened || p.Length.FullBecause != "not a run of whole days" {
			t.Errorf("rate %g: %+v; want the whole run, not being days", p.RatePerSecond, p.Length)
		}
		p.Length = breakeven.Length{}
		if !reflect.DeepEqual(p, ex.Points[ad.Index[i]]) {
			t.Errorf("rate %g: adaptive point %+v differs from the exhaustive %+v", p.RatePerSecond, p, ex.Points[ad.Index[i]])
		}
		if ad.Refined[i] {
			refined++
		}
	}
	if refined == 0 {
		t.Error("no point refined: the case has features the coarse pass must bracket")
	}
	t.Logf("exhaustive %d points, adaptive %d (%d refined)", len(ex.Points), len(ad.Points), refined)
	for _, pair := range [][2]string{{"kubernetes", "lambda"}} {
		// joined at the crossings (Reach): the adaptive curve has no grid
		// rate beside a crossing it refined first
		a, b := breakeven.Reach(breakeven.Stretches(ex.Points, pair[0], pair[1]), exCross), breakeven.Reach(breakeven.Stretches(ad.Points, pair[0], pair[1]), adCross)
		if len(a) != len(b) {
			t.Fatalf("%d stretches exhaustive, %d adaptive:\n%+v\n%+v", len(a), len(b), a, b)
		}
		sameStretches(t, a, b, exCross, adCross, tol)
		if len(a) < 3 {
			t.Errorf("%d stretches; the case must have a crossing and an SLO boundary", len(a))
		}
	}
	if len(exCross) != 1 || len(adCross) != len(exCross) {
		t.Fatalf("crossings: exhaustive %+v, adaptive %+v; want one each", exCross, adCross)
	}
	for i := range exCross {
		e, a := exCross[i], adCross[i]
		if rel := math.Abs(a.RatePerSecond-e.RatePerSecond) / e.RatePerSecond; rel > tol {
			t.Errorf("crossing at %g (adaptive) vs %g (exhaustive): %.3g apart; want within %g", a.RatePerSecond, e.RatePerSecond, rel, tol)
		}
		if a.CheaperBelow != e.CheaperBelow || a.Compliant != e.Compliant || a.Hi/a.Lo-1 > tol {
			t.Errorf("crossing: adaptive %+v, exhaustive %+v", a, e)
		}
		if a.Runs >= e.Runs {
			t.Errorf("secant refinement took %d runs, bisection %d: no fewer", a.Runs, e.Runs)
		}
		t.Logf("crossing %.3f req/s (bracket %.3f–%.3f, %d runs) vs exhaustive %.3f (%.3f–%.3f, %d runs)", a.RatePerSecond, a.Lo, a.Hi, a.Runs, e.RatePerSecond, e.Lo, e.Hi, e.Runs)
	}
	// the search's choice of points depends on results only
	one, err := breakeven.DefaultSearch.Run(ctx, plan, grid, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(one, ad) {
		t.Error("the adaptive curve differs between 1 and 2 workers")
	}
}

// searcher runs a search over grid on 2 workers and refines its crossings
// to tol (at most 30 steps each), failing the test on an error.
func searcher(t *testing.T, plan *scenario.Plan, grid []float64, tol float64) func(breakeven.Search) (breakeven.Curve, []breakeven.Crossing) {
	return func(s breakeven.Search) (breakeven.Curve, []breakeven.Crossing) {
		t.Helper()
		ctx := context.Background()
		c, err := s.Run(ctx, plan, grid, 2, nil)
		if err != nil {
			t.Fatal(err)
		}
		cs, err := s.CrossingsOf(ctx, plan, c, tol, 30, 2, nil)
		if err != nil {
			t.Fatal(err)
		}
		return c, cs
	}
}

// sameStretches checks that the stretches ad (of a search, joined at its
// crossings adCross by Reach) are the exhaustive ones, ex (joined at
// exCross): who is cheaper, and whether each meets the SLO, stretch by
// stretch; each bound the same rate, or a crossing's within tol where
// Reach joined two stretches there. Where it did not (the costs print
// alike at the crossing's runs), the gap between two stretches may end at
// other curve points, for the search need not simulate the grid rates
// beside a crossing: then each method reports a crossing in the gap, and
// the two are within tol.
func sameStretches(t *testing.T, ex, ad []breakeven.Stretch, exCross, adCross []breakeven.Crossing, tol float64) {
	t.Helper()
	if len(ex) != len(ad) {
		t.Fatalf("%d stretches exhaustive, %d adaptive:\n%+v\n%+v", len(ex), len(ad), ex, ad)
	}
	near := func(x, y float64) bool { return x == y || math.Abs(x-y)/x <= tol }
	in := func(cs []breakeven.Crossing, lo, hi float64) *breakeven.Crossing {
		for k := range cs {
			if cs[k].Lo >= lo && cs[k].Hi <= hi {
				return &cs[k]
			}
		}
		return nil
	}
	for i := range ex {
		e, a := ex[i], ad[i]
		if e.Cheaper != a.Cheaper || e.Tie != a.Tie || e.CheaperMeets != a.CheaperMeets || e.OtherMeets != a.OtherMeets {
			t.Errorf("stretch %d: exhaustive %+v, adaptive %+v", i, e, a)
		}
		if i == 0 && e.From != a.From || i == len(ex)-1 && e.To != a.To {
			t.Errorf("stretch %d: exhaustive %g–%g, adaptive %g–%g: the curve's ends differ", i, e.From, e.To, a.From, a.To)
		}
		if i+1 == len(ex) || near(e.To, a.To) && near(ex[i+1].From, ad[i+1].From) {
			continue
		}
		ce, ca := in(exCross, e.To, ex[i+1].From), in(adCross, a.To, ad[i+1].From)
		if ce == nil || ca == nil || !near(ce.RatePerSecond, ca.RatePerSecond) {
			t.Errorf("between stretches %d and %d: exhaustive %g–%g, adaptive %g–%g, with no crossing of both in the gaps within %g (%+v, %+v)",
				i, i+1, e.To, ex[i+1].From, a.To, ad[i+1].From, tol, ce, ca)
		}
	}
}
