package kubernetes_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
)

// Caps are judged on the peaks from the end of the warm-up on, as the
// summary's and Lambda's are: a cluster that starts at its pools' maxNodes
// and consolidates to one node during the warm-up has not reached it
// (review5 defect 6: the node peak was the whole run's). Pools' caps are
// judged together, and the text says so when there are several.
func TestCapsReachedAfterTheWarmUp(t *testing.T) {
	const src = `name: capwarm
seed: 1
duration: 15m
warmup: WARMUP
workload:
  arrivals: {process: poisson, ratePerSecond: 1}
  work: {cpu: "50ms"}
kubernetes:
  nodePools: POOLS
  replicas: 1
  nodeAutoscaler: karpenter
  karpenter: {consolidateAfter: 30s}
cost: {frontDoor: none}
`
	one := "[{instanceTypes: [m6i.large], nodes: 2, minNodes: 1, maxNodes: 2}]"
	two := "[{name: a, instanceTypes: [m6i.large], nodes: 1, minNodes: 1, maxNodes: 1}, {name: b, instanceTypes: [m6i.large], nodes: 1, minNodes: 0, maxNodes: 1}]"
	for _, tc := range []struct {
		name, warmup, pools string
		want                []string
	}{
		{"started at the cap, below it after the warm-up", "10m", one, nil},
		{"at the cap with no warm-up", "0s", one, []string{"maxNodes 2"}},
		{"two pools at their caps", "0s", two, []string{"maxNodes 2 (all pools together)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := strings.NewReplacer("WARMUP", tc.warmup, "POOLS", tc.pools).Replace(src)
			res := platformtest.Run(t, s)
			cr, ok := res.Platform("kubernetes").Usage.(interface{ CapsReached() []string })
			if !ok {
				t.Fatal("kubernetes usage names no caps")
			}
			if got := cr.CapsReached(); !slices.Equal(got, tc.want) {
				t.Errorf("caps reached %q; want %q", got, tc.want)
			}
		})
	}
}
