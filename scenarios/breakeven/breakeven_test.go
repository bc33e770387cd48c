package breakeven_test

import (
	"context"
	"fmt"
	"math"
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
	plans := make([]*scenario.Plan, len(rates))
	for i, r := range rates {
		var err error
		if plans[i], err = breakeven.AtRate(plan, r); err != nil {
			t.Fatal(err)
		}
	}
	curve, err := breakeven.Evaluate(context.Background(), plans, rates, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
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
