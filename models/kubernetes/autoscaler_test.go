package kubernetes

import (
	"fmt"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/sim"
)

// caCluster is one deployment of 1000m pods, one to an m6i.large, on a
// cluster-autoscaled pool of nodes..10 m6i.large whose launches take
// exactly 60 s: a multiple of the 10-s scan, so every node CA launches
// turns Ready at the instant of a later scan.
func caCluster(nodes, replicas int) Config {
	return oneDeployment(func(c *Config, d *Deployment) {
		c.NodeAutoscaler = ClusterAutoscaler
		c.NodeLaunch = dist.Const(60 * time.Second)
		c.NodePools[0].InstanceTypes = []string{"m6i.large"}
		c.NodePools[0].Nodes, c.NodePools[0].MinNodes, c.NodePools[0].MaxNodes = nodes, nodes, 10
		d.Replicas = replicas
		d.CPURequestMilli, d.CPULimitMilli = 1000, 1000
	})
}

// launches lists the times of the cluster's node launches.
func launches(c *Cluster) []sim.Time {
	var out []sim.Time
	for _, h := range c.History() {
		if h.Kind == NodeLaunch {
			out = append(out, h.At)
		}
	}
	return out
}

// A node that turns Ready at the instant of a CA scan holds the pod it was
// bought for, so that scan buys no second node, whatever the scan phase:
// upstream FilterOutSchedulable packs the pending pods onto the Ready
// nodes before any scale-up. The scheduling pass that binds the pod runs
// after the scan at that instant.
func TestClusterAutoscalerReadyNodeAtScanBuysNoDuplicate(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			k, c := build(t, caCluster(1, 1), seed)
			scaleAt(k, c, 100*time.Second, 2)
			k.RunUntil(sim.At(5 * time.Minute))
			got := launches(c)
			if len(got) != 1 || c.Nodes() != 2 || c.ReadyPods(0) != 2 {
				t.Errorf("launches at %v, %d nodes, %d ready pods; want one launch, 2 nodes, 2 pods", got, c.Nodes(), c.ReadyPods(0))
			}
		})
	}
}

// Packing the pending pods onto Ready nodes applies the hostname
// DoNotSchedule filter too: a pod the scheduler leaves Pending because of
// it is not taken as placed, so CA still buys a node for it. Two
// m6i.large: "big" leaves room for one 300m "web" pod on its node; web
// (hostname maxSkew 1) puts one pod there and, of its next three, two on
// the other node; the fourth fits that node's CPU but would make the skew
// 2, so it waits for a new node.
func TestClusterAutoscalerReadyNodesKeepHostnameSpread(t *testing.T) {
	cfg := caCluster(2, 1)
	var large InstanceType
	for _, it := range Catalogue() {
		if it.Name == "m6i.large" {
			large = it
		}
	}
	room := UserAllocatable(&large, cfg.EvictionHardMemoryMiB, cfg.DaemonSets).CPUMilli
	big := cfg.Deployments[0]
	big.Name, big.Replicas, big.CPURequestMilli, big.CPULimitMilli = "big", 1, room-400, room-400
	web := DefaultDeployment("web")
	web.Replicas, web.CPURequestMilli, web.CPULimitMilli = 2, 300, 300
	web.Spread = []SpreadConstraint{{Key: Hostname, MaxSkew: 1, WhenUnsatisfiable: DoNotSchedule}}
	cfg.Deployments = []Deployment{big, web}
	k, c := build(t, cfg, 1)
	at(k, 100*time.Second, func(k *sim.Kernel) {
		if got := podsPerNode(c, 1); fmt.Sprint(got) != "[1 1]" {
			t.Errorf("web pods per node %v at 100 s; want [1 1]", got)
		}
		c.deps[1].desired = 4
		c.reconcileReplicas(k, 1)
	})
	k.RunUntil(sim.At(5 * time.Minute))
	if got := launches(c); len(got) != 1 || c.ReadyPods(1) != 4 {
		t.Errorf("launches at %v, web pods per node %v, %d ready; want one launch and 4 ready pods", got, podsPerNode(c, 1), c.ReadyPods(1))
	}
}
