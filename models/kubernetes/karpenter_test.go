package kubernetes

import (
	"fmt"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/sim"
)

// consolidateAfter counts from the node's last pod event, not from its
// launch. Three 1000m pods fill one m6i.xlarge, launched at 1 s (batch
// idle) and Ready at 61 s; consolidateAfter is 5 min, so counted from the
// launch the node could go from 301 s. The replicas then fall to zero;
// the node may be deleted only 5 min after the first pod event of the
// last 10-s burst (the podevents controller's dedupe), then within one
// 10-s poll and the 15-s validation.
func TestKarpenterConsolidateAfterCountsFromPodEvents(t *testing.T) {
	for _, tc := range []struct {
		name  string
		steps []scaleStep
		event time.Duration // the pod event consolidateAfter counts from
	}{
		{"all pods deleted at 400 s", []scaleStep{{400 * time.Second, 0}}, 400 * time.Second},
		{"a second deletion 5 s later is deduplicated", []scaleStep{{400 * time.Second, 1}, {405 * time.Second, 0}}, 400 * time.Second},
		{"a second deletion 20 s later counts", []scaleStep{{400 * time.Second, 1}, {420 * time.Second, 0}}, 420 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := oneDeployment(func(c *Config, d *Deployment) {
				c.NodeAutoscaler = Karpenter
				c.NodeLaunch = dist.Const(60 * time.Second)
				c.NodePools = []NodePool{{Name: "kp", InstanceTypes: []string{"m6i.xlarge"}, MaxNodes: 10}}
				c.Karpenter.ConsolidateAfter = 5 * time.Minute
				d.Replicas, d.CPURequestMilli, d.MemoryRequestMiB = 3, 1000, 2048
			})
			k, c := build(t, cfg, 1)
			for _, s := range tc.steps {
				scaleAt(k, c, s.at, s.replicas)
			}
			k.RunUntil(sim.At(20 * time.Minute))
			var removed []sim.Time
			for _, h := range c.History() {
				if h.Kind == NodeRemove {
					removed = append(removed, h.At)
				}
			}
			lo := sim.At(tc.event + 5*time.Minute + 15*time.Second)
			hi := lo.Add(10 * time.Second)
			if len(removed) != 1 || removed[0] < lo || removed[0] > hi {
				t.Errorf("node removed at %v; want once, in [%v, %v]", removed, lo, hi)
			}
		})
	}
}

type scaleStep struct {
	at       time.Duration
	replicas int
}

// A node Karpenter is replacing takes no new pod: upstream taints it
// karpenter.sh/disrupted:NoSchedule before it launches the replacement
// (kubernetes-sigs/karpenter @2266468 pkg/controllers/disruption/queue.go:
// StartCommand → markDisrupted → state.RequireNoScheduleTaint), and a pod
// without that toleration is filtered off it. One m6i.xlarge holds one
// 500m pod, which a cheaper m6i.large holds too, so consolidation replaces
// it; the deployment grows while the replacement boots. The new pod waits
// for the replacement instead of binding to the node about to be drained.
func TestSchedulerSkipsNodeBeingReplaced(t *testing.T) {
	cfg := oneDeployment(func(c *Config, d *Deployment) {
		instant(d)
		c.NodeAutoscaler = Karpenter
		c.NodeLaunch = dist.Const(60 * time.Second)
		c.NodePools = []NodePool{{Name: "kp", InstanceTypes: []string{"m6i.xlarge", "m6i.large"}, Nodes: 1, MaxNodes: 10}}
		c.Karpenter.ConsolidateAfter = 0
		d.Replicas, d.CPURequestMilli, d.MemoryRequestMiB = 1, 500, 1024
	})
	k, c := build(t, cfg, 1)
	old := c.live[0]
	replacement := func() int32 {
		for _, ni := range c.live {
			if c.nodes[ni].replaces == old {
				return ni
			}
		}
		return -1
	}
	for s := time.Second; replacement() < 0; s += time.Second {
		if s > 2*time.Minute {
			t.Fatal("no replacement launched within 2 min")
		}
		k.RunUntil(sim.At(s))
	}
	if !c.nodes[old].disrupting || c.nodes[old].state != nodeReady {
		t.Fatalf("old node disrupting %v state %v; want a Ready node being replaced", c.nodes[old].disrupting, c.nodes[old].state)
	}
	rep, now := replacement(), k.Now()
	c.deps[0].desired = 2
	c.reconcileReplicas(k, 0)
	k.RunUntil(now.Add(time.Second))
	if got := c.nodes[old].depPods[0]; got != 1 || len(c.pending) != 1 {
		t.Errorf("old node holds %d pods, %d pending; want the new pod pending, not on the node being replaced", got, len(c.pending))
	}
	// Once the replacement is Ready both pods end up on it and the old node goes.
	k.RunUntil(now.Add(3 * time.Minute))
	if len(c.live) != 1 || c.live[0] != rep || c.nodes[c.live[0]].depPods[0] != 2 {
		t.Errorf("live nodes %v; want the replacement alone, holding both pods", c.live)
	}
}

// Karpenter's scheduler takes a hostname spread's global minimum as 0 on
// every node (kubernetes-sigs/karpenter @2266468
// pkg/controllers/provisioning/scheduling/topologygroup.go,
// nextDomainTopologySpread), so a new NodeClaim takes at most maxSkew pods
// of the deployment and the rest open more claims in the same batch. Six
// pending 400m web pods, four of which fit an m6i.large by CPU: maxSkew 1
// gives six claims, maxSkew 2 three. Sized by CPU alone the batch opened
// two claims (on which the kube-scheduler, counting the real minimum, then
// put three pods each).
func TestKarpenterHostnameSpreadOpensNodeClaims(t *testing.T) {
	for _, tc := range []struct{ maxSkew, want int }{{1, 6}, {2, 3}} {
		t.Run(fmt.Sprintf("maxSkew=%d", tc.maxSkew), func(t *testing.T) {
			cfg := oneDeployment(func(c *Config, d *Deployment) {
				c.NodeAutoscaler = Karpenter
				c.NodeLaunch = dist.Const(60 * time.Second)
				c.Scheduler.NoSystemDefaultSpread = true
				c.NodePools = []NodePool{{Name: "kp", InstanceTypes: []string{"m6i.large"}, MaxNodes: 10}}
				d.Replicas, d.CPURequestMilli, d.CPULimitMilli = 6, 400, 400
				d.Spread = []SpreadConstraint{{Key: Hostname, MaxSkew: tc.maxSkew, WhenUnsatisfiable: DoNotSchedule}}
			})
			k, c := build(t, cfg, 1)
			k.RunUntil(sim.At(4 * time.Minute))
			got := launches(c)
			if len(got) != tc.want || got[0] != got[len(got)-1] || c.ReadyPods(0) != 6 {
				t.Errorf("launches at %v, pods per node %v, %d ready; want %d launches in one batch and 6 ready pods",
					got, podsPerNode(c, 0), c.ReadyPods(0), tc.want)
			}
		})
	}
}

// On the existing nodes too Karpenter counts against a minimum of 0, where
// the kube-scheduler (and CA's FilterOutSchedulable) counts against the
// nodes' real minimum. Two m6i.large hold one 300m web pod each (hostname
// maxSkew 1) with room for more; two more web pods are pending. The
// scheduler would put one on each node (1+1−1 ≤ 1); Karpenter's packing
// puts neither (1+1 > 1) and would open claims for both.
func TestKarpenterExistingNodesTakeHostnameMinimumZero(t *testing.T) {
	cfg := oneDeployment(func(c *Config, d *Deployment) {
		instant(d)
		c.NodeAutoscaler = Karpenter
		c.Scheduler.NoSystemDefaultSpread = true
		c.NodePools = []NodePool{{Name: "kp", InstanceTypes: []string{"m6i.large"}, Nodes: 2, MaxNodes: 10}}
		c.Karpenter.Consolidation = ConsolidationNever
		d.Replicas, d.CPURequestMilli, d.CPULimitMilli = 2, 300, 300
		d.Spread = []SpreadConstraint{{Key: Hostname, MaxSkew: 1, WhenUnsatisfiable: DoNotSchedule}}
	})
	k, c := build(t, cfg, 1)
	at(k, 100*time.Second, func(k *sim.Kernel) {
		if got := podsPerNode(c, 0); fmt.Sprint(got) != "[1 1]" {
			t.Fatalf("pods per node %v at 100 s; want [1 1]", got)
		}
		c.deps[0].desired = 4
		c.reconcileReplicas(k, 0)
		if len(c.pending) != 2 {
			t.Fatalf("%d pods pending; want 2", len(c.pending))
		}
		if rest, _ := c.unhelped(c.pending, false); len(rest) != 0 {
			t.Errorf("kube-scheduler rule: %d pods left for new nodes; want 0", len(rest))
		}
		if rest, _ := c.unhelped(c.pending, true); len(rest) != 2 {
			t.Errorf("Karpenter's rule: %d pods left for new nodes; want 2", len(rest))
		}
	})
	k.RunUntil(sim.At(101 * time.Second))
}

// Karpenter's consolidation simulates the candidate's pods with its
// provisioning scheduler on the other nodes (kubernetes-sigs/karpenter
// @2266468 pkg/controllers/disruption/helpers.go, SimulateScheduling), where
// a hostname spread's global minimum is 0: a pod moves only onto a node
// holding fewer than maxSkew of its deployment's pods. Three m6i.large
// hold one 300m web pod each (hostname maxSkew 1; no cheaper type to
// replace one with): none can be deleted. Ignoring the spread, Karpenter
// deleted nodes whose pods the scheduler then could not place.
//
// Under Karpenter's default preference policy, Respect, the simulation
// holds a deployment's own ScheduleAnyway spread as it does a
// DoNotSchedule one (topology.go, newForTopologies; Karpenter warns that
// such pods "can prevent consolidation"): the same three nodes stay with
// a schedule-anyway spread. Ignoring it, Karpenter deleted two of them.
func TestKarpenterConsolidationKeepsHostnameSpread(t *testing.T) {
	for _, when := range []Unsatisfiable{DoNotSchedule, ScheduleAnyway} {
		t.Run(when.String(), func(t *testing.T) {
			cfg := oneDeployment(func(c *Config, d *Deployment) {
				instant(d)
				c.NodeAutoscaler = Karpenter
				c.NodeLaunch = dist.Const(60 * time.Second)
				c.Scheduler.NoSystemDefaultSpread = true
				c.NodePools = []NodePool{{Name: "kp", InstanceTypes: []string{"m6i.large"}, Nodes: 3, MaxNodes: 10}}
				d.Replicas, d.CPURequestMilli, d.CPULimitMilli = 3, 300, 300
				d.Spread = []SpreadConstraint{{Key: Hostname, MaxSkew: 1, WhenUnsatisfiable: when}}
			})
			k, c := build(t, cfg, 1)
			k.RunUntil(sim.At(10 * time.Minute))
			var removed []sim.Time
			for _, h := range c.History() {
				if h.Kind == NodeRemove {
					removed = append(removed, h.At)
				}
			}
			if len(removed) != 0 || len(launches(c)) != 0 || fmt.Sprint(podsPerNode(c, 0)) != "[1 1 1]" {
				t.Errorf("nodes removed at %v, launches at %v, pods per node %v; want no removal, no launch, [1 1 1]",
					removed, launches(c), podsPerNode(c, 0))
			}
		})
	}
}

// Karpenter's default preference policy, Respect, makes a topology group
// of every spread constraint in the pod spec, ScheduleAnyway ones too
// (kubernetes-sigs/karpenter @2266468
// pkg/controllers/provisioning/scheduling/topology.go, newForTopologies),
// and drops them one at a time only for a pod that fits no node, existing,
// claimed or new (scheduler.go, trySchedule → preferences.go, Relax). Six
// pending 400m web pods, four of which fit an m6i.large by CPU:
//   - with their own hostname schedule-anyway spread, maxSkew 1, Karpenter
//     opens six claims in one batch, as for do-not-schedule; ignoring the
//     spread it opened two;
//   - with the system default spreads only (not in the pod spec, so not
//     Karpenter's), two claims;
//   - at a pool limit of two nodes (900m pods, an m6i.xlarge the largest
//     type), the two claims take one pod each, then the pods that fit no
//     new claim are relaxed and packed onto them: two nodes sized for
//     three pods each, all six running. Without the relaxation the
//     claims were sized for one pod and four pods never ran.
func TestKarpenterRespectsScheduleAnywaySpread(t *testing.T) {
	for _, tc := range []struct {
		name     string
		spread   []SpreadConstraint
		types    []string
		max      int
		cpu      int64
		launches int
	}{
		{"own schedule-anyway spread", []SpreadConstraint{{Key: Hostname, MaxSkew: 1, WhenUnsatisfiable: ScheduleAnyway}}, []string{"m6i.large"}, 10, 400, 6},
		{"system default spreads", nil, []string{"m6i.large"}, 10, 400, 2},
		{"relaxed at the pool limit", []SpreadConstraint{{Key: Hostname, MaxSkew: 1, WhenUnsatisfiable: ScheduleAnyway}}, []string{"m6i.large", "m6i.xlarge"}, 2, 900, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := oneDeployment(func(c *Config, d *Deployment) {
				c.NodeAutoscaler = Karpenter
				c.NodeLaunch = dist.Const(60 * time.Second)
				c.NodePools = []NodePool{{Name: "kp", InstanceTypes: tc.types, MaxNodes: tc.max}}
				d.Replicas, d.CPURequestMilli, d.CPULimitMilli = 6, tc.cpu, tc.cpu
				d.Spread = tc.spread
			})
			k, c := build(t, cfg, 1)
			k.RunUntil(sim.At(4 * time.Minute))
			got := launches(c)
			if len(got) != tc.launches || got[0] != got[len(got)-1] || c.ReadyPods(0) != 6 {
				t.Errorf("launches at %v, pods per node %v, %d ready; want %d launches in one batch and 6 ready pods",
					got, podsPerNode(c, 0), c.ReadyPods(0), tc.launches)
			}
		})
	}
}

// relaxOrder follows removeTopologySpreadScheduleAnyway: the first
// ScheduleAnyway constraint left goes, the last constraint taking its
// place.
func TestRelaxOrder(t *testing.T) {
	sa := SpreadConstraint{WhenUnsatisfiable: ScheduleAnyway}
	dns := SpreadConstraint{WhenUnsatisfiable: DoNotSchedule}
	for _, tc := range []struct {
		spread []SpreadConstraint
		want   string
	}{
		{nil, "[]"},
		{[]SpreadConstraint{dns}, "[]"},
		{[]SpreadConstraint{sa, dns, sa}, "[0 2]"},
		{[]SpreadConstraint{sa, sa, dns}, "[0 1]"},
		{[]SpreadConstraint{dns, sa, sa, dns}, "[1 2]"},
		{[]SpreadConstraint{sa, dns, dns, sa, sa}, "[0 4 3]"},
	} {
		if got := fmt.Sprint(relaxOrder(tc.spread)); got != tc.want {
			t.Errorf("relaxOrder(%v) = %s; want %s", tc.spread, got, tc.want)
		}
	}
}

// Karpenter's zone domains are the zones its node pools can launch in,
// with nodes or not, each counted from 0 (kubernetes-sigs/karpenter
// @2266468 pkg/controllers/provisioning/scheduling/topology.go,
// buildDomainGroups; topologygroup.go, domainMinCount), where the
// kube-scheduler knows only the zones with nodes. Six 400m web pods with a
// zone do-not-schedule spread, maxSkew 1, four of which fit an m6i.large
// by CPU, in a pool over three zones:
//   - with no node, Karpenter opens a claim in each zone, two pods each;
//     counting only the zones with pods so far it opened two claims, three
//     pods each, and left the third zone empty;
//   - with one starting node, which takes four pods (its zone the only
//     domain the kube-scheduler knows), the two pending pods get a claim
//     in each of the other zones; before, one claim took both.
func TestKarpenterZoneSpreadCountsEveryPoolZone(t *testing.T) {
	for _, tc := range []struct {
		nodes int
		want  string // pods per zone
	}{{0, "[2 2 2]"}, {1, "[4 1 1]"}} {
		t.Run(fmt.Sprintf("nodes=%d", tc.nodes), func(t *testing.T) {
			cfg := oneDeployment(func(c *Config, d *Deployment) {
				c.NodeAutoscaler = Karpenter
				c.NodeLaunch = dist.Const(60 * time.Second)
				c.Scheduler.NoSystemDefaultSpread = true
				c.NodePools = []NodePool{{Name: "kp", InstanceTypes: []string{"m6i.large"}, Nodes: tc.nodes, MaxNodes: 10}}
				d.Replicas, d.CPURequestMilli, d.CPULimitMilli = 6, 400, 400
				d.Spread = []SpreadConstraint{{Key: Zone, MaxSkew: 1, WhenUnsatisfiable: DoNotSchedule}}
			})
			k, c := build(t, cfg, 1)
			k.RunUntil(sim.At(4 * time.Minute))
			got := launches(c)
			if fmt.Sprint(podsPerZone(c, 0)) != tc.want || len(got) != 3-tc.nodes || got[0] != got[len(got)-1] || c.ReadyPods(0) != 6 {
				t.Errorf("launches at %v, pods per zone %v, %d ready; want %d launches in one batch, %s, 6 ready pods",
					got, podsPerZone(c, 0), c.ReadyPods(0), 3-tc.nodes, tc.want)
			}
		})
	}
}

// A single-node replacement is one new NodeClaim for all the pods the
// other nodes cannot take (kubernetes-sigs/karpenter @2266468
// pkg/controllers/disruption/consolidation.go:190, computeConsolidation),
// and a new NodeClaim takes at most maxSkew pods of a deployment with a
// hostname spread. Three m6i.xlarge hold two 300m web pods each (hostname
// maxSkew 1: the kube-scheduler allows 2 once every node has 1); an
// m6i.large would hold a node's pods and is cheaper. Upstream no node can
// go: each node's second web pod needs a second claim, and no other node
// takes it (1+1 > 1 counting from 0). Sized by requests alone, Karpenter
// replaced all three with m6i.large, one after the other, a cost cut
// upstream does not make.
func TestKarpenterReplacementKeepsHostnameSpread(t *testing.T) {
	cfg := oneDeployment(func(c *Config, d *Deployment) {
		instant(d)
		c.NodeAutoscaler = Karpenter
		c.NodeLaunch = dist.Const(60 * time.Second)
		c.Scheduler.NoSystemDefaultSpread = true
		c.NodePools = []NodePool{{Name: "kp", InstanceTypes: []string{"m6i.xlarge", "m6i.large"}, Nodes: 3, MaxNodes: 10}}
		d.Replicas, d.CPURequestMilli, d.CPULimitMilli = 6, 300, 300
		d.Spread = []SpreadConstraint{{Key: Hostname, MaxSkew: 1, WhenUnsatisfiable: DoNotSchedule}}
	})
	k, c := build(t, cfg, 1)
	k.RunUntil(sim.At(time.Second))
	if got := podsPerNode(c, 0); fmt.Sprint(got) != "[2 2 2]" {
		t.Fatalf("pods per node %v; want [2 2 2]", got)
	}
	for _, ni := range c.live {
		if n := c.types[c.nodes[ni].typ].Name; n != "m6i.xlarge" {
			t.Fatalf("starting node of type %s; want m6i.xlarge", n)
		}
	}
	k.RunUntil(sim.At(30 * time.Minute))
	var removed []sim.Time
	for _, h := range c.History() {
		if h.Kind == NodeRemove {
			removed = append(removed, h.At)
		}
	}
	if len(removed) != 0 || len(launches(c)) != 0 || c.ReadyPods(0) != 6 {
		t.Errorf("nodes removed at %v, launches at %v, pods per node %v, %d ready; want no removal, no launch, 6 ready pods",
			removed, launches(c), podsPerNode(c, 0), c.ReadyPods(0))
	}
}
