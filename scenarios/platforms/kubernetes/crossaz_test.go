package kubernetes_test

import (
	"math"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	k8s "github.com/execsim/execsim/scenarios/platforms/kubernetes"
	"github.com/execsim/execsim/scenarios/summary"
)

// summary.json's cross_az_gb and the bill's cross-az transfer line count
// the same GB (2^30 bytes): with kube-proxy routing every crossing byte is
// billed, so the two quantities agree (costrev item 9: the summary divided
// by 1e9 and showed 7 % more GB than the bill charged).
func TestCrossAZGBMatchesTheBill(t *testing.T) {
	const src = `name: xaz
seed: 3
duration: 2m
workload:
  arrivals: {process: even, ratePerSecond: 50}
  work: {cpu: "5ms", io: "5ms", payloadKB: 64}
kubernetes:
  nodePools: [{name: general, instanceTypes: [m6i.large], nodes: 3, minNodes: 3, maxNodes: 3}]
  replicas: 3
  routing: kube-proxy-random
cost: {frontDoor: none}
`
	m := summary.Of(platformtest.Run(t, src), false).Models.Get("kubernetes")
	x, ok := m.Extra.(*k8s.Extra)
	if !ok {
		t.Fatalf("kubernetes extra is %T; want *kubernetes.Extra", m.Extra)
	}
	var billed float64
	for _, l := range m.Cost.Lines {
		if l.Item == "cross-az transfer" {
			billed = l.Quantity
		}
	}
	if billed <= 0 || math.Abs(x.CrossAZGB-billed) > 1e-6 {
		t.Errorf("cross_az_gb %.6f; bill's cross-az transfer %.6f GB; want equal and positive", x.CrossAZGB, billed)
	}
}
