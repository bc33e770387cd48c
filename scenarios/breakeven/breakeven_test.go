package breakeven_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/execsim/execsim/internal/validation"

	"github.com/execsim/execsim/scenarios"
	"github.com/execsim/execsim/scenarios/breakeven"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/scenario"
)

// Fixed nodes against Lambda with constant work: Kubernetes costs a constant
// 3 × $0.10/h, Lambda a constant amount per request, so the monthly costs
// cross at node cost ÷ (Lambda cost per request × seconds per month).

func TestBreakEvenMatchesHandComputation(t *testing.T) {
	plan := platformtest.Plan(t, platformtest.ReadFile(t, "../testdata/breakeven/fixed-nodes.yaml"))
	k8sMonthly := 3 * 0.10 * 730
	perRequest := 0.20/1e6 + 0.1*0.125*0.0000166667
	want := k8sMonthly / (perRequest * 730 * 3600)

	rates := breakeven.LogSpace(50, 800, 5)
	curve := curveAt(t, plan, rates, 2)
	cs, err := breakeven.Crossings(context.Background(), plan, curve, 0.005, 30, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 {
		t.Fatalf("%d crossings; want 1 (curve %+v)", len(cs), curve)
	}
	got := cs[0].RatePerSecond
	t.Logf("crossing %.2f req/s (bracket %.2f–%.2f); by hand %.2f", got, cs[0].Lo, cs[0].Hi, want)
	validation.Record(t, validation.Check{ID: "breakeven/fixed-nodes-vs-constant-work",
		Case: "3 fixed $0.10/h nodes against 100 ms at 128 MB", Source: "node cost ÷ (Lambda cost per request × s per month)",
		Expected: fmt.Sprintf("%.2f req/s", want), Measured: fmt.Sprintf("%.2f req/s", got), Tolerance: "2 %",
		Pass: math.Abs(got-want)/want <= 0.02})
	if math.Abs(got-want)/want > 0.02 {
		t.Errorf("break-even at %.2f req/s; want %.2f ± 2 %% (node cost / Lambda cost per request)", got, want)
	}
	if cs[0].CheaperAbove != "kubernetes" {
		t.Errorf("cheaper above the crossing: %s; want kubernetes", cs[0].CheaperAbove)
	}
	if math.Abs(cs[0].MonthlyUSD-k8sMonthly)/k8sMonthly > 0.01 {
		t.Errorf("cost at the crossing $%.2f; want the nodes' $%.2f", cs[0].MonthlyUSD, k8sMonthly)
	}
}

func TestAtRateKeepsTheShape(t *testing.T) {
	plan, err := scenarios.Load(scenarios.BuiltinPrefix+"business-hours", nil, platformtest.Registry())
	if err != nil {
		t.Fatal(err)
	}
	q, err := breakeven.AtRate(plan, 10)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(breakeven.MeanRate(q)-10) > 1e-9 {
		t.Errorf("mean rate %v; want 10", breakeven.MeanRate(q))
	}
	// the shape is kept: still idle at night, and the original plan is untouched
	if r := q.Workload.Services[0].Arrivals.Rate(3 * 3600e9); r != 0 {
		t.Errorf("rate at 03:00 = %v; want 0", r)
	}
	if math.Abs(breakeven.MeanRate(plan)-0.8267) > 1e-3 {
		t.Errorf("AtRate changed the original plan: mean rate %v", breakeven.MeanRate(plan))
	}
}

// The cost reported at a crossing is the refining runs', never read off the
// coarse curve: here the coarse points say Kubernetes costs $100 and $400 a
// month (a line through them gives ≈ $160 at the crossing), but every run
// of the plan costs the nodes' $219, and so must the crossing.
func TestCrossingCostFromTheRuns(t *testing.T) {
	plan := platformtest.Plan(t, platformtest.ReadFile(t, "../testdata/breakeven/fixed-nodes.yaml"))
	k8sMonthly := 3 * 0.10 * 730
	rates := []float64{50, 800}
	curve := curveAt(t, plan, rates, 2)
	curve[0].Model("kubernetes").MonthlyUSD, curve[1].Model("kubernetes").MonthlyUSD = 100, 400
	for _, s := range []breakeven.Search{breakeven.Exhaustive, breakeven.DefaultSearch} {
		cs, err := s.Crossings(context.Background(), plan, curve, 0.005, 30, 2, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 1 {
			t.Fatalf("%d crossings; want 1", len(cs))
		}
		c := cs[0]
		if math.Abs(c.MonthlyUSD-k8sMonthly)/k8sMonthly > 0.005 {
			t.Errorf("secant %v: cost at the crossing $%.2f; want the runs' $%.2f", s.Secant, c.MonthlyUSD, k8sMonthly)
		}
		if c.Below.RatePerSecond != c.Lo || c.Above.RatePerSecond != c.Hi || c.Lo == rates[0] || c.Hi == rates[1] {
			t.Errorf("secant %v: bracket %g–%g, its runs at %g and %g; want the refining runs", s.Secant, c.Lo, c.Hi, c.Below.RatePerSecond, c.Above.RatePerSecond)
		}
		for _, p := range []breakeven.CurvePoint{c.Below, c.Above} {
			for _, n := range []string{"kubernetes", "lambda"} {
				if got := p.Model(n).MonthlyUSD; math.Abs(got-c.MonthlyUSD) > 0.005*c.MonthlyUSD {
					t.Errorf("secant %v: %s costs $%.2f at %g, the crossing $%.2f: more apart than the tolerance", s.Secant, n, got, p.RatePerSecond, c.MonthlyUSD)
				}
			}
		}
		if c.Jump != nil {
			t.Errorf("secant %v: a jump %+v where the costs meet", s.Secant, c.Jump)
		}
	}
}

// The refinement's progress is one fraction over all its crossings that
// never falls back: told batch by batch, it restarted at every run and the
// time left a progress line derives from it grew as the work went on.
func TestCrossingsProgressOnlyGrows(t *testing.T) {
	src := strings.NewReplacer("duration: 10m", "duration: 2m").Replace(platformtest.ReadFile(t, "../testdata/breakeven/fixed-nodes.yaml"))
	plan := platformtest.Plan(t, src)
	rates := []float64{20, 2000}
	curve := curveAt(t, plan, rates, 1)
	for _, s := range []breakeven.Search{breakeven.Exhaustive, breakeven.DefaultSearch} {
		var fracs []float64
		cs, err := s.Crossings(context.Background(), plan, curve, 0.005, 30, 1, func(done, total float64) { fracs = append(fracs, done/total) })
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 1 || cs[0].Runs < 2 {
			t.Fatalf("crossings %+v; want one refined by runs", cs)
		}
		if len(fracs) == 0 {
			t.Fatal("no progress told")
		}
		for k := 1; k < len(fracs); k++ {
			if fracs[k] < fracs[k-1]*(1-1e-12) { // a rounding's worth
				t.Fatalf("secant %v: progress fell from %.3f to %.3f (report %d of %d)", s.Secant, fracs[k-1], fracs[k], k, len(fracs))
			}
		}
		t.Logf("secant %v: %d runs, %d reports, %.3f → %.3f", s.Secant, cs[0].Runs, len(fracs), fracs[0], fracs[len(fracs)-1])
		if f := fracs[len(fracs)-1]; f < 0.99 {
			t.Errorf("secant %v: progress ends at %.3f; want the whole refinement reported done", s.Secant, f)
		}
	}
}

// curveAt simulates the plan at each rate on workers goroutines.
func curveAt(t *testing.T, plan *scenario.Plan, rates []float64, workers int) []breakeven.CurvePoint {
	t.Helper()
	plans := make([]*scenario.Plan, len(rates))
	for i, r := range rates {
		var err error
		if plans[i], err = breakeven.AtRate(plan, r); err != nil {
			t.Fatal(err)
		}
	}
	curve, err := breakeven.Evaluate(context.Background(), plans, rates, workers, nil)
	if err != nil {
		t.Fatal(err)
	}
	return curve
}

// blendSrc is a blend whose cost jumps: the hybrid runs busy on
// Kubernetes up to about 168 req/s and moves it to Lambda above, where
// Kubernetes starts refusing.
const blendSrc = `name: blend
seed: 7
duration: 2m
services:
  - {name: busy, arrivals: {ratePerSecond: 20}, work: {cpu: "exp(mean=20ms)", io: "exp(mean=30ms)"}}
  - {name: quiet, arrivals: {ratePerSecond: 0.02}, work: {io: "exp(mean=100ms)"}}
kubernetes: {}
lambda: {memoryMB: 512}
placement: {}
`

// A jump has no root for a secant to converge on: refined by secant
// steps alone it took 17 runs where bisection takes 9. The secant hands
// the bracket to bisection at its first step that fails to halve it, so
// the jump is pinned to the tolerance in bisection's runs and at most two
// secant pairs more, to the exhaustive method's jump (the two final
// brackets overlap), and the smooth crossing of the same curve stays
// within the tolerance of the exhaustive one.
func TestJumpRefinedInBisectionRuns(t *testing.T) {
	plan := platformtest.Plan(t, blendSrc)
	const tol = 0.005
	rates := []float64{44.81, 300}
	curve := curveAt(t, plan, rates, 2)
	refine := func(s breakeven.Search) []breakeven.Crossing {
		cs, err := s.Crossings(context.Background(), plan, curve, tol, 30, 2, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 2 {
			t.Fatalf("%d crossings; want Kubernetes and Lambda's and Kubernetes and the hybrid's", len(cs))
		}
		return cs
	}
	ex, ad := refine(breakeven.Exhaustive), refine(breakeven.DefaultSearch)
	bisection := int(math.Ceil(math.Log2(math.Log(rates[1]/rates[0]) / math.Log1p(tol))))
	for k := range ex {
		e, a := ex[k], ad[k]
		t.Logf("%s–%s: %.3f (%.3f–%.3f, %d runs, jump %v) vs exhaustive %.3f (%.3f–%.3f, %d runs)",
			a.A, a.B, a.RatePerSecond, a.Lo, a.Hi, a.Runs, a.Jump != nil, e.RatePerSecond, e.Lo, e.Hi, e.Runs)
		if (a.Jump != nil) != (e.Jump != nil) || a.Hi/a.Lo-1 > tol {
			t.Errorf("%s–%s: adaptive %+v, exhaustive %+v", a.A, a.B, a, e)
		}
		if a.Jump == nil {
			if rel := math.Abs(a.RatePerSecond-e.RatePerSecond) / e.RatePerSecond; rel > tol {
				t.Errorf("%s–%s: crossing at %g vs exhaustive %g: %.3g apart", a.A, a.B, a.RatePerSecond, e.RatePerSecond, rel)
			}
			continue
		}
		if a.B != "hybrid" || a.Jump.Model != "hybrid" {
			t.Errorf("jump %+v; want the hybrid's", a.Jump)
		}
		if a.Lo > e.Hi || e.Lo > a.Hi {
			t.Errorf("jump in %g–%g; the exhaustive method's in %g–%g", a.Lo, a.Hi, e.Lo, e.Hi)
		}
		if a.Runs > bisection+4 {
			t.Errorf("jump pinned in %d runs; bisection takes %d (and at most two secant pairs more)", a.Runs, bisection)
		}
	}
}
