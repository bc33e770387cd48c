package breakeven_test

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/breakeven"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
)

// A run of one service pays the whole EKS control plane ($0.10/h, $73 a
// 730-h month). Without it (cost.controlPlane: false) no simulated
// request changes, so every point's cost is its cost with it minus
// ControlPlaneUSD, and the crossing found by a break-even of the plan
// without it lies between the two rates ShiftedCrossings names.
func TestShiftedCrossingsMatchARunWithoutTheControlPlane(t *testing.T) {
	src := platformtest.ReadFile(t, "../testdata/breakeven/fixed-nodes.yaml")
	with := platformtest.Plan(t, strings.Replace(src, "controlPlane: false", "controlPlane: true", 1))
	without := platformtest.Plan(t, src)
	rates := breakeven.LogSpace(50, 800, 5)
	cw, cwo := curveAt(t, with, rates, 2), curveAt(t, without, rates, 2)
	for i := range cw {
		k, k0 := cw[i].Model("kubernetes"), cwo[i].Model("kubernetes")
		if k.ControlPlaneUSD != 73 {
			t.Errorf("rate %.4g: kubernetes control plane $%v a month; want $73 (0.10 × 730 h)", rates[i], k.ControlPlaneUSD)
		}
		if k0.ControlPlaneUSD != 0 || cw[i].Model("lambda").ControlPlaneUSD != 0 {
			t.Errorf("rate %.4g: a control plane without one: kubernetes $%v, lambda $%v", rates[i], k0.ControlPlaneUSD, cw[i].Model("lambda").ControlPlaneUSD)
		}
		if d := k.MonthlyUSD - k.ControlPlaneUSD - k0.MonthlyUSD; math.Abs(d) > 1e-6 {
			t.Errorf("rate %.4g: $%v − $%v with the control plane, $%v without (off by %v)", rates[i], k.MonthlyUSD, k.ControlPlaneUSD, k0.MonthlyUSD, d)
		}
	}
	csw, err := breakeven.Crossings(context.Background(), with, cw, 0.005, 30, 2)
	if err != nil {
		t.Fatal(err)
	}
	sh, ok := breakeven.ShiftedCrossings(cw, csw, "kubernetes", "lambda")
	if !ok || len(sh) != 1 {
		t.Fatalf("ShiftedCrossings = %+v, %v; want one crossing", sh, ok)
	}
	cs0, err := breakeven.Crossings(context.Background(), without, cwo, 0.005, 30, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs0) != 1 {
		t.Fatalf("%d crossings without the control plane; want 1", len(cs0))
	}
	got, want := sh[0], cs0[0].RatePerSecond
	t.Logf("with the control plane %.2f req/s; without it between %.2f and %.2f (≈ %.2f); refined without it %.2f", csw[0].RatePerSecond, got.Lo, got.Hi, got.Estimate, want)
	if want < got.Lo || want > got.Hi {
		t.Errorf("crossing without the control plane %.2f req/s; ShiftedCrossings put it between %.2f and %.2f", want, got.Lo, got.Hi)
	}
	if got.CheaperBelow != cs0[0].CheaperBelow || got.CheaperAbove != cs0[0].CheaperAbove {
		t.Errorf("cheaper below/above %s/%s; the run without it says %s/%s", got.CheaperBelow, got.CheaperAbove, cs0[0].CheaperBelow, cs0[0].CheaperAbove)
	}
	// without a control plane anywhere there is nothing to shift
	if _, ok := breakeven.ShiftedCrossings(cwo, cs0, "kubernetes", "lambda"); ok {
		t.Error("ShiftedCrossings applies to a curve without a control plane")
	}
}

// The scenario's caps stay as the rate rises: past some rate the
// Deployment sits at maxReplicas, the function at its reserved
// concurrency, and the refusals there are the scenario's limit. Each
// platform names the caps its run reached, and none at a rate that does
// not reach them.
func TestCapsReached(t *testing.T) {
	plan := platformtest.Plan(t, `name: caps
seed: 1
duration: 5m
workload:
  arrivals: {process: poisson, ratePerSecond: 10}
  work: {cpu: "50ms"}
kubernetes:
  nodePools: [{instanceTypes: [m6i.large], nodes: 1, minNodes: 1, maxNodes: 2}]
  replicas: 1
  concurrency: 10
  queue: 10
  hpa: {minReplicas: 1, maxReplicas: 2, metric: cpu, targetCPUUtilizationPercent: 60}
lambda: {memoryMB: 1024, runtime: go, timeout: 10s, reservedConcurrency: 5}
cost: {frontDoor: none}
`)
	curve := curveAt(t, plan, []float64{0.5, 400}, 2)
	for _, tc := range []struct {
		rate  int
		model string
		want  []string
	}{
		{0, "kubernetes", nil},
		{0, "lambda", nil},
		{1, "kubernetes", []string{"maxReplicas 2"}},
		{1, "lambda", []string{"reservedConcurrency 5"}},
	} {
		m := curve[tc.rate].Model(tc.model)
		if !slices.Equal(m.CapsReached, tc.want) {
			t.Errorf("%s at %.4g req/s: caps reached %q; want %q", tc.model, curve[tc.rate].RatePerSecond, m.CapsReached, tc.want)
		}
		if tc.want != nil && m.Refused == 0 {
			t.Errorf("%s at %.4g req/s reached %q but refused nothing: the case does not test refusals at a cap", tc.model, curve[tc.rate].RatePerSecond, tc.want)
		}
	}
}
