package kubernetes_test

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
)

// A pool that may launch T3 nodes warns that their unlimited-mode surplus
// CPU credits are not billed, and by how much that can understate them
// (costrev item 4); a pool of fixed-performance types does not.
func TestBurstableTypesWarn(t *testing.T) {
	const src = `name: t3
seed: 1
duration: 1m
workload:
  arrivals: {process: even, ratePerSecond: 5}
  work: {cpu: "5ms", io: "5ms"}
kubernetes:
  %s
  replicas: 1
`
	for _, tc := range []struct{ name, pools, want string }{
		{"m6i only", "nodePools: [{name: g, instanceTypes: [m6i.large], nodes: 1, minNodes: 1, maxNodes: 2}]", ""},
		{"t3.large listed", "nodePools: [{name: g, instanceTypes: [m6i.large, t3.large], nodes: 1, minNodes: 1, maxNodes: 2}]",
			"may launch t3.large, which launch in unlimited mode: CPU use above the type's baseline is charged for surplus credits at $0.05 per vCPU-hour (Linux), which execsim does not bill"},
		{"karpenter pool without a list", "nodePools: [{name: g, nodes: 0, minNodes: 0, maxNodes: 2}]\n  nodeAutoscaler: karpenter", "may launch t3.large, t3.medium, which"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan := platformtest.Plan(t, strings.Replace(src, "%s", tc.pools, 1))
			var got string
			for _, w := range plan.Warnings {
				if strings.Contains(w, "unlimited mode") {
					got = w
				}
			}
			switch {
			case tc.want == "" && got != "":
				t.Errorf("warning %q; want none", got)
			case tc.want != "" && !strings.Contains(got, tc.want):
				t.Errorf("warnings %q; want one containing %q", plan.Warnings, tc.want)
			case tc.want != "" && !strings.Contains(got, "up to $0.07/h more"):
				t.Errorf("warning %q; want the t3.large bound 2 × (1 − 0.30) × $0.05 = $0.07/h", got)
			}
		})
	}
}
