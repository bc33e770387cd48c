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

// CA waits while every pod it would help is younger than 2 s
// (allPodsAreNew), and does not yet count a pod created at the very
// instant of its scan, which the scheduler has not tried. A first run
// finds the scan phase: the scan that launches the node for a pod created
// at 100 s; S is a scan 100 s later.
func TestClusterAutoscalerWaitsForNewPods(t *testing.T) {
	const seed = 1
	k, c := build(t, caCluster(1, 1), seed)
	scaleAt(k, c, 100*time.Second, 2)
	k.RunUntil(sim.At(3 * time.Minute))
	first := launches(c)
	if len(first) != 1 || first[0] < sim.At(102*time.Second) || first[0] >= sim.At(112*time.Second) {
		t.Fatalf("pod created at 100 s: launches at %v; want one in [102s, 112s)", first)
	}
	scan := time.Duration(first[0]) + 100*time.Second
	for _, tc := range []struct {
		name  string
		steps []scaleStep
		want  []time.Duration
	}{
		{"created 1 s before a scan: the next scan", []scaleStep{{scan - time.Second, 2}}, []time.Duration{scan + 10*time.Second}},
		{"created 2 s before a scan: that scan", []scaleStep{{scan - 2*time.Second, 2}}, []time.Duration{scan}},
		{"created at the scan's instant, with an older pod: the next scan", []scaleStep{{scan - 5*time.Second, 2}, {scan, 3}}, []time.Duration{scan, scan + 10*time.Second}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, c := build(t, caCluster(1, 1), seed)
			for _, s := range tc.steps {
				scaleAt(k, c, s.at, s.replicas)
			}
			k.RunUntil(sim.At(scan + 2*time.Minute))
			var got []time.Duration
			for _, at := range launches(c) {
				got = append(got, time.Duration(at))
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("launches at %v; want %v", got, tc.want)
			}
		})
	}
}

// A pod landing on an unneeded node leaves its unneeded time alone: the
// node is drained 10 min after a scan first found it unneeded (in the first
// 10 s), not 10 min after the pod landed. "big" keeps one m6i.large over
// half requested; the other holds one 100m "web" pod, and a second lands
// there at 300 s, still far under half.
func TestClusterAutoscalerPodLandingKeepsUnneededTime(t *testing.T) {
	cfg := caCluster(2, 1)
	cfg.NodePools[0].MinNodes = 1
	cfg.Scheduler.NoSystemDefaultSpread = true // the fit score alone places web
	big := cfg.Deployments[0]
	big.Name, big.CPURequestMilli, big.CPULimitMilli = "big", 1200, 1200
	web := DefaultDeployment("web")
	web.Replicas, web.CPURequestMilli, web.CPULimitMilli = 1, 100, 100
	cfg.Deployments = []Deployment{big, web}
	k, c := build(t, cfg, 1)
	at(k, 300*time.Second, func(k *sim.Kernel) {
		c.deps[1].desired = 2
		c.reconcileReplicas(k, 1)
	})
	at(k, 301*time.Second, func(k *sim.Kernel) {
		if got := podsPerNode(c, 1); got[0]+got[1] != 2 || got[0]*got[1] != 0 {
			t.Errorf("web pods per node %v at 301 s; want both on one node", got)
		}
	})
	k.RunUntil(sim.At(20 * time.Minute))
	var drained []sim.Time
	for _, h := range c.History() {
		if h.Kind == NodeDrain {
			drained = append(drained, h.At)
		}
	}
	if len(drained) != 1 || drained[0] < sim.At(10*time.Minute) || drained[0] > sim.At(10*time.Minute+20*time.Second) {
		t.Errorf("drains at %v; want one in [10m, 10m20s]", drained)
	}
}

// drains lists the times of the cluster's node drains (an empty node's
// deletion starts with one too).
func drains(c *Cluster) []sim.Time {
	var out []sim.Time
	for _, h := range c.History() {
		if h.Kind == NodeDrain {
			out = append(out, h.At)
		}
	}
	return out
}

// A node goes once unneeded for strictly more than the unneeded time: the
// scan 10 min after the one that first found it unneeded still keeps it;
// the next removes it.
func TestClusterAutoscalerRemovesAfterMoreThanUnneededTime(t *testing.T) {
	cfg := caCluster(2, 1)
	cfg.NodePools[0].MinNodes = 1
	k, c := build(t, cfg, 1)
	k.RunUntil(sim.At(11 * time.Second))
	since := sim.Time(-1)
	for _, ni := range c.live {
		if n := &c.nodes[ni]; len(n.pods) == 0 && n.unneededSince >= 0 {
			since = n.unneededSince
		}
	}
	if since < 0 {
		t.Fatalf("no empty node unneeded after the first scan")
	}
	k.RunUntil(sim.At(15 * time.Minute))
	want := since.Add(10*time.Minute + 10*time.Second)
	if got := drains(c); len(got) != 1 || got[0] != want {
		t.Errorf("empty node first unneeded at %v: drains at %v; want one at %v", since, got, want)
	}
}

// Empty nodes and a node to drain go in the same loop (StartDeletion(empty,
// needDrain)), and CA simulates the empty nodes first (upstream's
// emptycandidates sorting), so it never moves pods onto a node that can go
// at once. Three m6i.large: "big" keeps one over half requested, one holds
// a 100m "web" pod, one is empty, in every creation order over the seeds.
// With room for the pod on big's node both others go in one loop; without,
// only the empty one: web's pod has nowhere else to go.
func TestClusterAutoscalerDeletesEmptyAndDrainsInOneLoop(t *testing.T) {
	for _, tc := range []struct {
		name   string
		bigCPU int64
		drains int
	}{
		{"room on big's node", 1200, 2},
		{"no room on big's node", 1700, 1},
	} {
		for seed := uint64(1); seed <= 8; seed++ {
			t.Run(fmt.Sprintf("%s/seed=%d", tc.name, seed), func(t *testing.T) {
				cfg := caCluster(3, 1)
				cfg.NodePools[0].MinNodes = 1
				cfg.Scheduler.NoSystemDefaultSpread = true
				big := cfg.Deployments[0]
				big.Name, big.CPURequestMilli, big.CPULimitMilli = "big", tc.bigCPU, tc.bigCPU
				web := DefaultDeployment("web")
				web.Replicas, web.CPURequestMilli, web.CPULimitMilli = 1, 100, 100
				cfg.Deployments = []Deployment{big, web}
				k, c := build(t, cfg, seed)
				k.RunUntil(sim.At(time.Second))
				var empty string
				order := make([]string, 0, 3)
				for _, ni := range c.live {
					n := &c.nodes[ni]
					switch {
					case n.depPods[0] > 0:
						order = append(order, "big")
					case n.depPods[1] > 0:
						order = append(order, "web")
					default:
						order = append(order, "empty")
						empty = n.name
					}
				}
				k.RunUntil(sim.At(15 * time.Minute))
				var at []sim.Time
				drainedEmpty := false
				for _, h := range c.History() {
					if h.Kind == NodeDrain {
						at = append(at, h.At)
						drainedEmpty = drainedEmpty || h.Node == empty
					}
				}
				t.Logf("creation order %v: drains at %v", order, at)
				if len(at) != tc.drains || at[0] != at[len(at)-1] || !drainedEmpty || c.Nodes() != 3-tc.drains ||
					c.ReadyPods(1) != 1 || len(launches(c)) != 0 {
					t.Errorf("creation order %v: drains at %v (the empty node's among them: %v), launches at %v, %d nodes, %d web pods ready; want %d in one loop, the empty node's among them, no launch, %d nodes, 1 pod",
						order, at, drainedEmpty, launches(c), c.Nodes(), c.ReadyPods(1), tc.drains, 3-tc.drains)
				}
			})
		}
	}
}

// A node exactly at the utilisation threshold may be unneeded; CA keeps
// only nodes above it. An m6i.large has 1930m allocatable and 150m of
// DaemonSets: 815m of pods make exactly half.
func TestClusterAutoscalerUnderusedAtThreshold(t *testing.T) {
	for _, tc := range []struct {
		reqCPU int64
		want   bool
	}{{814, true}, {815, true}, {816, false}} {
		n := node{alloc: Resources{CPUMilli: 1930, MemoryMiB: 7000}, ds: Resources{CPUMilli: 150}, reqCPU: tc.reqCPU}
		if got := n.underused(0.5); got != tc.want {
			t.Errorf("underused(0.5) with %dm of pods on 1930m (150m DaemonSets, utilisation %.4f) = %v; want %v",
				tc.reqCPU, n.utilization(), got, tc.want)
		}
	}
}

// Within one scale-down loop the simulated moves carry over (the
// planner's snapshot keeps them: kubernetes/autoscaler @f7bb0c3
// simulator/cluster.go:205, 221-234): the pods moved onto a node must
// move on again when that node is simulated in turn. Two m6i.large, A and
// B, hold one 600m "web" pod each, both under half requested and neither
// empty, so they are simulated in creation order, A first; an m6i.xlarge
// C, created last and over half requested by "big", has room for one web
// pod or for two. A's pod moves, first fit, onto B; B's own pod and A's
// must then both fit elsewhere, on C alone (A is already unneeded). With
// room for one, B stays needed; counting its own pod only, it would be
// unneeded too, though C cannot take both pods once A is gone.
func TestClusterAutoscalerCarriesSimulatedMovesWithinALoop(t *testing.T) {
	for _, tc := range []struct {
		name      string
		room      int64 // C's free CPU after big's pod
		bUnneeded bool
	}{
		{"room on C for one pod", 900, false},
		{"room on C for both pods", 1300, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := oneDeployment(nil)
			cfg.NodeAutoscaler = ClusterAutoscaler
			cfg.Scheduler.NoSystemDefaultSpread = true
			cfg.NodePools = []NodePool{
				{Name: "small", InstanceTypes: []string{"m6i.large"}, Nodes: 2, MinNodes: 1, MaxNodes: 10},
				{Name: "big", InstanceTypes: []string{"m6i.xlarge"}, Nodes: 1, MinNodes: 1, MaxNodes: 10},
			}
			var xlarge InstanceType
			for _, it := range Catalogue() {
				if it.Name == "m6i.xlarge" {
					xlarge = it
				}
			}
			free := UserAllocatable(&xlarge, cfg.EvictionHardMemoryMiB, cfg.DaemonSets).CPUMilli
			big := cfg.Deployments[0]
			big.Name, big.Replicas, big.CPURequestMilli, big.CPULimitMilli = "big", 1, free-tc.room, free-tc.room
			web := DefaultDeployment("web")
			web.Replicas, web.CPURequestMilli, web.CPULimitMilli = 2, 600, 600
			cfg.Deployments = []Deployment{big, web}
			k, c := build(t, cfg, 1)
			a, b, cc := c.live[0], c.live[1], c.live[2]
			if c.nodes[a].depPods[1] != 1 || c.nodes[b].depPods[1] != 1 || c.nodes[cc].depPods[0] != 1 || c.nodes[cc].underused(0.5) {
				t.Fatalf("web pods per node %v, big's %v, C under half requested %v; want web [1 1 0], big [0 0 1], C over half",
					podsPerNode(c, 1), podsPerNode(c, 0), c.nodes[cc].underused(0.5))
			}
			c.caScaleDown(k, true) // the tracking of one loop, no deletion
			if got := c.nodes[a].unneededSince >= 0; !got {
				t.Errorf("A unneeded %v; want true: its pod fits on B", got)
			}
			if got := c.nodes[b].unneededSince >= 0; got != tc.bUnneeded {
				t.Errorf("B unneeded %v; want %v: its pod and A's, moved there, must fit on C", got, tc.bUnneeded)
			}
		})
	}
}

// Packing the pending pods onto the Ready and launching nodes counts the
// hostname spread as the scheduler does, pod by pod: each pod packed adds
// to its node's count and may raise the global minimum. Two m6i.large hold
// a "big" pod each that leaves room for two 300m "web" pods (hostname
// maxSkew 1); web grows from 2 to 6 pods at 100 s: two more fit, two wait,
// and CA buys one node for them. It turns Ready at a scan, where the
// scheduler would put both on it (the second once the first has raised
// the minimum to 1). Counting every pod packed on the node against the
// cluster's unchanged minimum 0, that scan bought a second node.
func TestClusterAutoscalerPackingFollowsHostnameSpread(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			cfg := caCluster(2, 2)
			cfg.Scheduler.NoSystemDefaultSpread = true
			var large InstanceType
			for _, it := range Catalogue() {
				if it.Name == "m6i.large" {
					large = it
				}
			}
			room := UserAllocatable(&large, cfg.EvictionHardMemoryMiB, cfg.DaemonSets).CPUMilli
			big := cfg.Deployments[0]
			big.Name, big.CPURequestMilli, big.CPULimitMilli = "big", room-600, room-600
			web := DefaultDeployment("web")
			web.Replicas, web.CPURequestMilli, web.CPULimitMilli = 2, 300, 300
			web.Spread = []SpreadConstraint{{Key: Hostname, MaxSkew: 1, WhenUnsatisfiable: DoNotSchedule}}
			cfg.Deployments = []Deployment{big, web}
			k, c := build(t, cfg, seed)
			at(k, 100*time.Second, func(k *sim.Kernel) {
				c.deps[1].desired = 6
				c.reconcileReplicas(k, 1)
			})
			k.RunUntil(sim.At(5 * time.Minute))
			if got := launches(c); len(got) != 1 || c.ReadyPods(1) != 6 {
				t.Errorf("launches at %v, web pods per node %v, %d ready; want one launch and 6 ready pods", got, podsPerNode(c, 1), c.ReadyPods(1))
			}
		})
	}
}

// The launching nodes are packed with the hostname filter too (upstream
// they are placeholders in the cluster autoscaler's snapshot, faked Ready
// and scheduled onto with every filter). Two m6i.large are full but for
// one 300m "web" pod each (hostname maxSkew 1); web grows from 2 to 5 and
// CA buys a node for the three pending pods. Only two of them may go on
// it (the third would make its count 3 against a minimum of 1), so the
// third needs another node, bought before the first is Ready; packed onto
// the launching node regardless of the spread, it was taken as placed
// and waited for the first node to turn Ready before CA bought its own.
func TestClusterAutoscalerLaunchingNodesFollowHostnameSpread(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			cfg := caCluster(2, 2)
			cfg.Scheduler.NoSystemDefaultSpread = true
			var large InstanceType
			for _, it := range Catalogue() {
				if it.Name == "m6i.large" {
					large = it
				}
			}
			room := UserAllocatable(&large, cfg.EvictionHardMemoryMiB, cfg.DaemonSets).CPUMilli
			big := cfg.Deployments[0]
			big.Name, big.CPURequestMilli, big.CPULimitMilli = "big", room-300, room-300
			web := DefaultDeployment("web")
			web.Replicas, web.CPURequestMilli, web.CPULimitMilli = 2, 300, 300
			web.Spread = []SpreadConstraint{{Key: Hostname, MaxSkew: 1, WhenUnsatisfiable: DoNotSchedule}}
			cfg.Deployments = []Deployment{big, web}
			k, c := build(t, cfg, seed)
			at(k, 100*time.Second, func(k *sim.Kernel) {
				c.deps[1].desired = 5
				c.reconcileReplicas(k, 1)
			})
			k.RunUntil(sim.At(6 * time.Minute))
			got := launches(c)
			if len(got) != 2 || got[1] >= got[0].Add(60*time.Second) || c.ReadyPods(1) != 5 {
				t.Errorf("launches at %v, web pods per node %v, %d ready; want two launches, the second before the first node is Ready (60 s), and 5 ready pods",
					got, podsPerNode(c, 1), c.ReadyPods(1))
			}
		})
	}
}

// A node whose pods found no place in a scale-down simulation is left out
// of scale-down for UnremovableNodeRecheckTimeout (upstream's
// --unremovable-node-recheck-timeout, 5m): room that appears meanwhile is
// not seen before. Two m6i.large, MostAllocated: "big" (1100m) and "small"
// (400m) fill one, "web" (600m) under-uses the other but cannot move; at
// 60 s small goes and web's pod could. CA's first scan (at its phase, under
// 10 s) finds web's node unremovable; the node is next simulated, and
// found unneeded, at that scan plus the timeout (at once, from the first
// scan after 60 s, with a zero timeout).
func TestClusterAutoscalerUnremovableNodeRecheckTimeout(t *testing.T) {
	for _, tc := range []struct {
		timeout time.Duration
		lo, hi  time.Duration // when web's node is found unneeded
	}{
		{5 * time.Minute, 5 * time.Minute, 5*time.Minute + 10*time.Second},
		{2 * time.Minute, 2 * time.Minute, 2*time.Minute + 10*time.Second},
		{0, 60 * time.Second, 2 * time.Minute},
	} {
		for seed := uint64(1); seed <= 3; seed++ {
			t.Run(fmt.Sprintf("timeout=%v/seed=%d", tc.timeout, seed), func(t *testing.T) {
				cfg := caCluster(2, 1)
				cfg.NodePools[0].MinNodes = 1
				cfg.Scheduler.Scoring = MostAllocated
				cfg.ClusterAutoscaler.UnremovableNodeRecheckTimeout = tc.timeout
				big := cfg.Deployments[0]
				big.Name, big.CPURequestMilli, big.CPULimitMilli = "big", 1100, 1100
				small := DefaultDeployment("small")
				small.Replicas, small.CPURequestMilli, small.CPULimitMilli = 1, 400, 400
				web := DefaultDeployment("web")
				web.Replicas, web.CPURequestMilli, web.CPULimitMilli = 1, 600, 600
				cfg.Deployments = []Deployment{big, small, web}
				k, c := build(t, cfg, seed)
				var webNode int32 = -1
				for _, ni := range c.live {
					if c.nodes[ni].depPods[2] == 1 && c.nodes[ni].depPods[0] == 0 && c.nodes[ni].depPods[1] == 0 {
						webNode = ni
					}
				}
				if webNode < 0 {
					t.Fatalf("pods per node: big %v small %v web %v; want web alone on a node", podsPerNode(c, 0), podsPerNode(c, 1), podsPerNode(c, 2))
				}
				at(k, 60*time.Second, func(k *sim.Kernel) {
					c.deps[1].desired = 0
					c.reconcileReplicas(k, 1)
				})
				k.RunUntil(sim.At(8 * time.Minute))
				since := c.nodes[webNode].unneededSince
				if since < sim.At(tc.lo) || since >= sim.At(tc.hi) {
					t.Errorf("web's node unneeded since %v; want in [%v, %v)", since, tc.lo, tc.hi)
				}
			})
		}
	}
}

// largeRoom is an m6i.large's CPU left to pods of cfg once its DaemonSets
// are placed.
func largeRoom(cfg Config) int64 {
	for _, it := range Catalogue() {
		if it.Name == "m6i.large" {
			return UserAllocatable(&it, cfg.EvictionHardMemoryMiB, cfg.DaemonSets).CPUMilli
		}
	}
	panic("no m6i.large in the catalogue")
}

// CA's scale-up estimate packs the pods onto template nodes with the
// hostname spread too: each template node is a hostname domain of its own
// with no pods, so adding one makes the global minimum 0, and a node takes
// a pod only while count+1−minimum ≤ maxSkew, the minimum running over the
// existing nodes and the template nodes so far (kubernetes/autoscaler
// @f7bb0c3 estimator/binpacking_estimator.go). Two m6i.large are full but
// for one 400m "web" pod each (hostname maxSkew 1); four web pods fit on a
// new node by CPU. web grows to 6 pending pods beyond those on the two
// nodes. With none on them (each holds a "big" pod only) the minimum stays
// 0 and a new node takes one web pod: six nodes. With one each it takes
// two: three nodes. Packed by CPU alone the estimate was two nodes, and CA
// bought the rest loop after loop as the scheduler left pods Pending.
func TestClusterAutoscalerTemplateNodesFollowHostnameSpread(t *testing.T) {
	for _, tc := range []struct {
		name     string
		existing int // web pods on the two nodes before the step
		want     int // nodes CA buys at once for the 6 pending pods
	}{
		{"no web pod on the existing nodes", 0, 6},
		{"one web pod on each existing node", 2, 3},
	} {
		for seed := uint64(1); seed <= 3; seed++ {
			t.Run(fmt.Sprintf("%s/seed=%d", tc.name, seed), func(t *testing.T) {
				cfg := caCluster(2, 2)
				cfg.Scheduler.NoSystemDefaultSpread = true
				room := largeRoom(cfg)
				big := cfg.Deployments[0]
				big.Name, big.CPURequestMilli, big.CPULimitMilli = "big", room-400*int64(tc.existing/2), room-400*int64(tc.existing/2)
				web := DefaultDeployment("web")
				web.Replicas, web.CPURequestMilli, web.CPULimitMilli = tc.existing, 400, 400
				web.Spread = []SpreadConstraint{{Key: Hostname, MaxSkew: 1, WhenUnsatisfiable: DoNotSchedule}}
				cfg.Deployments = []Deployment{big, web}
				k, c := build(t, cfg, seed)
				at(k, 100*time.Second, func(k *sim.Kernel) {
					c.deps[1].desired = tc.existing + 6
					c.reconcileReplicas(k, 1)
				})
				k.RunUntil(sim.At(6 * time.Minute))
				got := launches(c)
				first := 0
				for _, l := range got {
					if l == got[0] {
						first++
					}
				}
				if first != tc.want || len(got) != tc.want || c.ReadyPods(1) != tc.existing+6 {
					t.Errorf("launches at %v, web pods per node %v, %d ready; want %d launches in one loop and %d ready pods",
						got, podsPerNode(c, 1), c.ReadyPods(1), tc.want, tc.existing+6)
				}
			})
		}
	}
}

// CA's drain simulation keeps the candidate node as a hostname domain with
// none of its pods (upstream replaces it with a pod-less tainted copy,
// kubernetes/autoscaler @f7bb0c3 simulator/cluster.go:237-274, 286,
// replaceWithTaintedGhostNode), so a hostname DoNotSchedule constraint's
// global minimum is 0 there, and a pod moves only onto a node holding
// fewer than maxSkew of its deployment's pods (kubernetes/autoscaler#6984:
// 1 1 1 never goes to 2 1 with maxSkew 1). Three m6i.large hold one 300m
// web pod each, all far under half requested. With maxSkew 1 no node can
// go; with maxSkew 2 one can (its pod moves to a node with one), and then
// no second (both pods would go to the last node: 1+2 > 2). Ignoring the
// spread, CA drained nodes whose pods the scheduler then could not place,
// and bought nodes back.
func TestClusterAutoscalerScaleDownKeepsHostnameSpread(t *testing.T) {
	for _, tc := range []struct {
		maxSkew, drains int
	}{{1, 0}, {2, 1}} {
		for seed := uint64(1); seed <= 3; seed++ {
			t.Run(fmt.Sprintf("maxSkew=%d/seed=%d", tc.maxSkew, seed), func(t *testing.T) {
				cfg := caCluster(3, 3)
				cfg.NodePools[0].MinNodes = 1
				cfg.Scheduler.NoSystemDefaultSpread = true
				d := &cfg.Deployments[0]
				d.CPURequestMilli, d.CPULimitMilli = 300, 300
				d.Spread = []SpreadConstraint{{Key: Hostname, MaxSkew: tc.maxSkew, WhenUnsatisfiable: DoNotSchedule}}
				k, c := build(t, cfg, seed)
				k.RunUntil(sim.At(time.Second))
				if got := podsPerNode(c, 0); fmt.Sprint(got) != "[1 1 1]" {
					t.Fatalf("pods per node %v; want [1 1 1]", got)
				}
				k.RunUntil(sim.At(30 * time.Minute))
				if got := drains(c); len(got) != tc.drains || len(launches(c)) != 0 || c.ReadyPods(0) != 3 {
					t.Errorf("drains at %v, launches at %v, pods per node %v, %d ready; want %d drains, no launch, 3 ready pods",
						got, launches(c), podsPerNode(c, 0), c.ReadyPods(0), tc.drains)
				}
			})
		}
	}
}

// A loop that scales up still runs the scale-down planner; only the
// deletions wait for ScaleDownDelayAfterAdd (kubernetes/autoscaler @f7bb0c3
// core/static_autoscaler.go:580-590, 821). Two m6i.large: "a" (room−400m)
// fills one node, "b" (200m) under-uses the other and could move onto the
// first, and "c" (room−100m) fits neither, so CA's first scan past the
// pod buffer buys a node at T and, in the same loop, finds b's node
// unneeded since T. It drains once unneeded for strictly more than
// ScaleDownUnneededTime, at the first scan after that: T+10m10s with the
// defaults (10m, 10m), and T+1m10s with 1m and no delay after add.
// Skipping the planner in the scale-up loop made both 10 s later.
func TestClusterAutoscalerScaleUpLoopUpdatesUnneeded(t *testing.T) {
	for _, tc := range []struct {
		unneeded, afterAdd time.Duration
		want               time.Duration // drain − launch
	}{
		{10 * time.Minute, 10 * time.Minute, 10*time.Minute + 10*time.Second},
		{time.Minute, 0, time.Minute + 10*time.Second},
	} {
		for seed := uint64(1); seed <= 3; seed++ {
			t.Run(fmt.Sprintf("unneeded=%v/afterAdd=%v/seed=%d", tc.unneeded, tc.afterAdd, seed), func(t *testing.T) {
				cfg := caCluster(2, 1)
				cfg.NodePools[0].MinNodes = 1
				cfg.ClusterAutoscaler.ScaleDownUnneededTime = tc.unneeded
				cfg.ClusterAutoscaler.ScaleDownDelayAfterAdd = tc.afterAdd
				var large InstanceType
				for _, it := range Catalogue() {
					if it.Name == "m6i.large" {
						large = it
					}
				}
				room := UserAllocatable(&large, cfg.EvictionHardMemoryMiB, cfg.DaemonSets).CPUMilli
				a := cfg.Deployments[0]
				a.Name, a.CPURequestMilli, a.CPULimitMilli = "a", room-400, room-400
				b := DefaultDeployment("b")
				b.Replicas, b.CPURequestMilli, b.CPULimitMilli = 1, 200, 200
				cd := DefaultDeployment("c")
				cd.Replicas, cd.CPURequestMilli, cd.CPULimitMilli = 1, room-100, room-100
				cfg.Deployments = []Deployment{a, b, cd}
				k, c := build(t, cfg, seed)
				if got := len(c.pending); got != 1 {
					t.Fatalf("%d pods pending at the start; want c's 1 (a %v, b %v)", got, podsPerNode(c, 0), podsPerNode(c, 1))
				}
				k.RunUntil(sim.At(30 * time.Minute))
				var launch, drain []sim.Time
				for _, h := range c.History() {
					switch h.Kind {
					case NodeLaunch:
						launch = append(launch, h.At)
					case NodeDrain:
						drain = append(drain, h.At)
					}
				}
				if len(launch) != 1 || len(drain) != 1 {
					t.Fatalf("launches %v, drains %v; want one of each", launch, drain)
				}
				if got := drain[0].Sub(launch[0]); got != tc.want {
					t.Errorf("b's node drained %v after the scale-up (launch %v, drain %v); want %v", got, launch[0], drain[0], tc.want)
				}
			})
		}
	}
}
