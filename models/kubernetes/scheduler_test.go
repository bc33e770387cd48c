package kubernetes

import (
	"slices"
	"testing"
	"time"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simtest"
)

// hook runs f when its event fires, to act on a model in the middle of a run.
type hook struct{ f func(k *sim.Kernel) }

func (h hook) Handle(k *sim.Kernel, _ sim.Event) { h.f(k) }

func at(k *sim.Kernel, d time.Duration, f func(k *sim.Kernel)) {
	k.Schedule(sim.Event{At: sim.At(d), To: hook{f}})
}

// build makes a cluster at time zero without traffic.
func build(t *testing.T, cfg Config, seed uint64) (*sim.Kernel, *Cluster) {
	t.Helper()
	k := sim.New(seed)
	c, err := New(k, cfg, simtest.Discard{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return k, c
}

// podsPerNode counts deployment di's bound pods on each live node, in
// creation order.
func podsPerNode(c *Cluster, di int) []int {
	var out []int
	for _, ni := range c.live {
		out = append(out, int(c.nodes[ni].depPods[di]))
	}
	return out
}

func podsPerZone(c *Cluster, di int) []int {
	out := make([]int, len(c.zones))
	for z := range c.zones {
		out[z] = int(c.deps[di].zoneCount[z])
	}
	return out
}

func TestSchedulerFilters(t *testing.T) {
	tiny := InstanceType{Name: "tiny.large", VCPU: 2, MemoryGiB: 8, PriceUSDPerHour: 0.01, MaxPods: 5}
	for _, tc := range []struct {
		name        string
		tweak       func(*Config, *Deployment)
		wantBound   int
		wantPending int
	}{
		{"cpu fits one of two", func(c *Config, d *Deployment) {
			c.NodePools[0].Nodes = 1
			d.CPURequestMilli, d.Replicas = 1000, 2
		}, 1, 1},
		{"cpu fits exactly", func(c *Config, d *Deployment) {
			c.NodePools[0].Nodes = 1
			d.CPURequestMilli, d.Replicas = 890, 2 // 2 × 890 = 1780m = user allocatable of m6i.large
		}, 2, 0},
		{"memory", func(c *Config, d *Deployment) {
			c.NodePools[0].Nodes = 1
			d.MemoryRequestMiB, d.Replicas = 4000, 2 // 6903 MiB allocatable on m6i.large
		}, 1, 1},
		{"max pods: 5 minus 2 DaemonSet pods", func(c *Config, d *Deployment) {
			c.InstanceTypes = []InstanceType{tiny}
			c.NodePools[0].InstanceTypes = []string{"tiny.large"}
			c.NodePools[0].Nodes = 1
			d.CPURequestMilli, d.MemoryRequestMiB, d.Replicas = 10, 10, 5
		}, 3, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := oneDeployment(func(c *Config, d *Deployment) { instant(d); tc.tweak(c, d) })
			_, c := build(t, cfg, 1)
			if bound := c.deps[0].active - len(c.pending); bound != tc.wantBound || len(c.pending) != tc.wantPending {
				t.Errorf("bound %d pending %d; want %d and %d", bound, len(c.pending), tc.wantBound, tc.wantPending)
			}
		})
	}
}

// Zone spread with DoNotSchedule: zone a has room for many pods, zone b for
// two; with maxSkew 1 at most three can go to a, so a sixth pod stays
// Pending, while ScheduleAnyway places all six.
func TestSchedulerZoneSpread(t *testing.T) {
	for _, tc := range []struct {
		when        Unsatisfiable
		replicas    int
		wantPending int
		wantZones   []int
	}{
		{DoNotSchedule, 5, 0, []int{3, 2, 0}},
		{DoNotSchedule, 6, 1, []int{3, 2, 0}},
		{ScheduleAnyway, 6, 0, []int{4, 2, 0}},
	} {
		t.Run(tc.when.String(), func(t *testing.T) {
			cfg := oneDeployment(func(c *Config, d *Deployment) {
				instant(d)
				c.NodePools = []NodePool{
					{Name: "big", InstanceTypes: []string{"m6i.2xlarge"}, Zones: []string{"us-east-1a"}, Nodes: 1, MaxNodes: 1},
					{Name: "small", InstanceTypes: []string{"m6i.large"}, Zones: []string{"us-east-1b"}, Nodes: 1, MaxNodes: 1},
				}
				d.CPURequestMilli, d.Replicas = 800, tc.replicas
				d.Spread = []SpreadConstraint{{Key: Zone, MaxSkew: 1, WhenUnsatisfiable: tc.when}}
			})
			_, c := build(t, cfg, 1)
			if got := podsPerZone(c, 0); len(c.pending) != tc.wantPending || !slices.Equal(got, tc.wantZones) {
				t.Errorf("pods per zone %v pending %d; want %v and %d", got, len(c.pending), tc.wantZones, tc.wantPending)
			}
		})
	}
}

// LeastAllocated spreads three pods over three empty nodes; MostAllocated
// packs them onto one.
func TestSchedulerScoring(t *testing.T) {
	for _, tc := range []struct {
		scoring Scoring
		want    []int // sorted pods per node
	}{
		{LeastAllocated, []int{1, 1, 1}},
		{MostAllocated, []int{0, 0, 3}},
	} {
		t.Run(tc.scoring.String(), func(t *testing.T) {
			for seed := uint64(1); seed <= 5; seed++ {
				cfg := oneDeployment(func(c *Config, d *Deployment) {
					instant(d)
					c.Scheduler = SchedulerConfig{Scoring: tc.scoring, NoSystemDefaultSpread: true}
					d.CPURequestMilli, d.Replicas = 500, 3
				})
				_, c := build(t, cfg, seed)
				got := podsPerNode(c, 0)
				slices.Sort(got)
				if !slices.Equal(got, tc.want) {
					t.Errorf("seed %d: pods per node %v; want %v", seed, got, tc.want)
				}
			}
		})
	}
}

// With equal scores the node is chosen at random from the scheduler's
// stream: the same seed gives the same placement, other seeds vary.
func TestSchedulerTieBreakIsSeeded(t *testing.T) {
	first := func(seed uint64) int32 {
		cfg := oneDeployment(func(c *Config, d *Deployment) {
			instant(d)
			c.Scheduler.NoSystemDefaultSpread = true
			d.Replicas = 1
		})
		_, c := build(t, cfg, seed)
		return c.pods.At(c.deps[0].pods[0]).node
	}
	if first(3) != first(3) {
		t.Error("same seed, different nodes")
	}
	seen := map[int32]bool{}
	for seed := uint64(1); seed <= 20; seed++ {
		seen[first(seed)] = true
	}
	if len(seen) < 2 {
		t.Errorf("20 seeds all chose the same node; want a random tie-break")
	}
}

// Unschedulable pods are retried when capacity frees up.
func TestPendingRetriedWhenPodRemoved(t *testing.T) {
	cfg := oneDeployment(func(c *Config, d *Deployment) {
		instant(d)
		c.NodePools[0].Nodes = 1
		d.CPURequestMilli, d.Replicas = 1000, 1
	})
	cfg.Deployments = append(cfg.Deployments, cfg.Deployments[0])
	cfg.Deployments[1].Name = "batch"
	k, c := build(t, cfg, 1)
	if len(c.pending) != 1 {
		t.Fatalf("pending %d; want 1", len(c.pending))
	}
	at(k, 10*time.Second, func(k *sim.Kernel) {
		c.deps[0].desired = 0
		c.reconcileReplicas(k, 0)
	})
	k.RunUntil(sim.At(11 * time.Second))
	if len(c.pending) != 0 || c.ReadyPods(1) != 1 {
		t.Errorf("pending %d ready batch pods %d; want 0 and 1", len(c.pending), c.ReadyPods(1))
	}
}
