package kubernetes_test

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/summary"
)

// Karpenter launches the type that is cheapest at the prices the bill
// charges: a cost.prices override that makes m7g.large dearer than
// m6i.large turns the launch to m6i.large (costrev item 1: it used to keep
// launching m7g.large at the catalogue's $0.0816 and bill it at $0.5).
func TestKarpenterRanksByBilledPrices(t *testing.T) {
	const src = `name: kp
seed: 1
duration: 3m
workload:
  arrivals: {process: even, ratePerSecond: 10}
  work: {cpu: "10ms", io: "10ms"}
kubernetes:
  nodePools: [{name: general, instanceTypes: [m6i.large, m7g.large], nodes: 0, minNodes: 0, maxNodes: 4}]
  nodeAutoscaler: karpenter
  replicas: 2
  cpuRequestMilli: 500
  memoryRequestMiB: 512
cost: {frontDoor: none%s}
`
	for _, tc := range []struct{ name, prices, want, notWant string }{
		{"catalogue prices", "", "node m7g.large on-demand", "node m6i.large"},
		{"m7g.large overridden dearer", ", prices: {ec2.m7g.large.hourUSD: 0.5}", "node m6i.large on-demand", "node m7g.large"},
		{"spot prices rank spot pools", ", prices: {ec2.m6i.large.spotHourUSD: 0.01}", "node m6i.large spot", "node m7g.large"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := strings.Replace(src, "%s", tc.prices, 1)
			if strings.Contains(tc.want, "spot") {
				s = strings.Replace(s, "maxNodes: 4}", "maxNodes: 4, capacity: spot}", 1)
			}
			res := platformtest.Run(t, s)
			var items []string
			for _, l := range summary.Of(res, false).Models.Get("kubernetes").Cost.Lines {
				items = append(items, l.Item)
			}
			got := strings.Join(items, "; ")
			if !strings.Contains(got, tc.want) || strings.Contains(got, tc.notWant) {
				t.Errorf("bill lines %s; want %q and no %q", got, tc.want, tc.notWant)
			}
		})
	}
}
