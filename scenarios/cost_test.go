package scenarios

import (
	"math"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/summary"
)

const costSrc = `name: c
seed: 1
duration: 1h
workload:
  arrivals: {process: even, ratePerSecond: 10}
  work: {io: "200ms"}
kubernetes:
  instanceTypes: [{name: fixed, arch: x86_64, vcpu: 2, memoryGiB: 8, priceUSDPerHour: 0.10, maxPods: 29}]
  nodePools: [{instanceTypes: [fixed], nodes: 3, minNodes: 3, maxNodes: 3}]
  replicas: 3
  routing: kube-proxy-random
lambda: {memoryMB: 128, runtime: go}
cost: {initBilled: false, frontDoor: none}
`

// Through the whole pipeline, with nothing in front of either side: 36,000 requests of exactly 200 ms at 128 MB
// cost 36,000 × $0.20/M + 36,000 × 0.2 s × 0.125 GB × $0.0000166667; three
// $0.10/h nodes for an hour plus the EKS control plane cost $0.40.
func TestRunCostsMatchHandArithmetic(t *testing.T) {
	res := platformtest.Run(t, costSrc)
	s := summary.Of(res, false)
	const n = 36000.0
	wantLambda := n*0.20/1e6 + n*0.2*0.125*0.0000166667
	if got := s.Models.Get("lambda").Cost.TotalUSD; math.Abs(got-wantLambda) > 2e-6 {
		t.Errorf("lambda total $%.6f; want $%.6f", got, wantLambda)
	}
	if got, want := s.Models.Get("kubernetes").Cost.TotalUSD, 3*0.10+0.10; math.Abs(got-want) > 1e-6 {
		t.Errorf("kubernetes total $%.6f; want $%.6f (3 nodes + control plane for 1 h)", got, want)
	}
	if got, want := s.Models.Get("kubernetes").Cost.MonthlyUSD, 0.40*730; math.Abs(got-want) > 1e-4 {
		t.Errorf("kubernetes monthly $%.4f; want $%.2f", got, want)
	}
	if got, want := s.Models.Get("lambda").Cost.PerMillionUSD, wantLambda/n*1e6; got == nil || math.Abs(*got-want) > 1e-4 {
		t.Errorf("lambda per million %v; want $%.6f", got, want)
	}
	// the series' cumulative cost ends at the total and never decreases
	for _, m := range res.Platforms {
		cum := m.Cost.Cumulative
		for i := 1; i < len(cum); i++ {
			if cum[i] < cum[i-1] {
				t.Fatalf("%s cumulative cost decreases at window %d", m.Name, i)
			}
		}
		if cum[len(cum)-1] != m.Cost.Breakdown.Total() {
			t.Errorf("%s cumulative ends at %v; total %v", m.Name, cum[len(cum)-1], m.Cost.Breakdown.Total())
		}
	}
}

func TestCostOverridesAndErrors(t *testing.T) {
	src := strings.Replace(costSrc, "cost: {initBilled: false, frontDoor: none}", "cost: {initBilled: false, frontDoor: none, prices: {lambda.requestsPerMillionUSD: 0.40}}", 1)
	plan := platformtest.Plan(t, src)
	res, _ := runner.Run(plan, runner.Options{Platforms: []string{"lambda"}})
	want := 36000*0.40/1e6 + 36000*0.2*0.125*0.0000166667
	if got := summary.Of(res, false).Models.Get("lambda").Cost.TotalUSD; math.Abs(got-want) > 2e-6 {
		t.Errorf("overridden request price: $%.6f; want $%.6f", got, want)
	}
	for _, tc := range []struct{ cost, want string }{
		{"cost: {prices: {lambda.gbSecondUSD: 1}}", `cost.prices.lambda.gbSecondUSD: `},
		{"cost: {frontDoor: cloudfront}", `cost.frontDoor: `},
		{"cost: {region: mars-1}", `cost.region: `},
		{"cost: {volume: yearly}", `cost.volume: `},
	} {
		_, err := platformtest.Parse(strings.Replace(costSrc, "cost: {initBilled: false, frontDoor: none}", tc.cost, 1))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v; want %q", tc.cost, err, tc.want)
		}
	}
}
