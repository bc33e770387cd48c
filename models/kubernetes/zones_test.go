package kubernetes

import (
	"testing"
	"time"

	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// azInvariants: a pod on a node that is gone is lost, and no pod in a
// healthy zone is lost.
func azInvariants(c *Cluster) (bad []string) {
	for pi := range int32(c.pods.Len()) {
		p := c.pods.At(pi)
		if p.state == podGone || p.node < 0 {
			continue
		}
		n := &c.nodes[p.node]
		if n.state == nodeGone && !p.lost {
			bad = append(bad, p.name+" on gone node "+n.name+" is not lost")
		}
		if p.lost && !c.zones[n.zone].down {
			bad = append(bad, p.name+" is lost in healthy zone "+c.zones[n.zone].name)
		}
		if p.lost && p.servIdx >= 0 && c.k.Now() > sim.At(c.cfg.AZFailures[0].At+c.cfg.NodeMonitorGracePeriod) {
			bad = append(bad, p.name+" is still in the endpoints after the node-monitor grace period")
		}
	}
	return bad
}

// An AZ failure under an HPA, Karpenter and falling load, where terminating
// pods with requests in flight sit on the failing nodes: found by review,
// azFail used to edit a node's pod list while ranging over it, marking a
// healthy pod lost and leaving a pod on a gone node serving.
func TestAZFailureKeepsPodStatesConsistent(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		fail := time.Duration(700+int(seed)*30) * time.Second
		cfg := oneDeployment(func(c *Config, d *Deployment) {
			c.NodeAutoscaler = Karpenter
			c.NodePools[0].InstanceTypes = []string{"m6i.large", "m6i.xlarge"}
			c.NodePools[0].MaxNodes = 20
			c.AZFailures = []AZFailure{{Zone: "us-east-1b", At: fail}}
			d.CPURequestMilli, d.CPULimitMilli = 400, 800
			d.Concurrency, d.Queue, d.Timeout = 20, 20, 30*time.Second
			d.TerminationGrace = 60 * time.Second
			d.HPA = cpuHPA(60, 3, 30)
		})
		src := newPoisson(50, "exp(mean=15ms)", "lognormal(p50=200ms,p99=2s)", 1800*time.Second, seed).Step(200*time.Second, 300).Step(600*time.Second, 100).Step(900*time.Second, 30)
		k := sim.New(seed)
		rec := metrics.NewRecorder(10*time.Second, 1)
		c, err := New(k, cfg, rec)
		if err != nil {
			t.Fatal(err)
		}
		models.Drive(k, src, c, rec)
		for s := 0; s <= 1800; s += 5 {
			k.RunUntil(sim.At(time.Duration(s) * time.Second))
			if bad := azInvariants(c); len(bad) > 0 {
				t.Fatalf("seed %d (zone fails at %v), t=%ds: %v", seed, fail, s, bad)
			}
		}
		rec.Close(sim.At(1800 * time.Second))
		checkConservation(t, rec, c)
	}
}

// Found by review: pods with a CPU limit used to get their whole limit even
// when the node had far less. Six busy pods with a 2-core limit on an
// m6i.large (1.78 cores for pods) must share those 1.78 cores.
func TestCPULimitNeverOvercommitsTheNode(t *testing.T) {
	for _, limit := range []int64{0, 2000} {
		cfg := oneDeployment(func(c *Config, d *Deployment) {
			instant(d)
			c.NodePools[0].Nodes = 1
			d.Replicas = 6
			d.CPURequestMilli = 250
			d.CPULimitMilli = limit
			d.Timeout = 0
			d.Queue = -1
			c.Scheduler.NoSystemDefaultSpread = true
		})
		var offs []time.Duration
		for range 60 {
			offs = append(offs, 0)
		}
		const horizon = 20 * time.Second
		r := simulate(t, cfg, reqsAt(models.Work{CPU: 10 * time.Second}, offs...), horizon, 1)
		n := &r.c.nodes[r.c.live[0]]
		supply := float64(n.userCPU()) / 1000 * horizon.Seconds()
		if used := r.c.Usage().CPUSeconds; used > supply*(1+1e-9) {
			t.Errorf("limit %dm: %.1f CPU-seconds used in %v; the node can supply %.1f", limit, used, horizon, supply)
		}
	}
}

// Zone loss with the upstream defaults and a DoNotSchedule zone spread
// (maxSkew 1), one node and one pod per zone, cluster-autoscaler: the lost
// zone's node is marked NotReady after the 50-s node-monitor grace period;
// its pod is evicted 300 s after that (the default unreachable toleration),
// at 100 + 50 + 300 = 450 s. Its replacement stays Pending: the lost node
// is still a zone domain with 0 pods, so either surviving zone would reach
// skew 2. CA deletes the node once unready for 20 min (first scan at or
// after 150 s + 20 m); the domain goes and the pod is placed at once.
func TestZoneLossDoNotScheduleTimeline(t *testing.T) {
	cfg := oneDeployment(func(c *Config, d *Deployment) {
		instant(d)
		d.Replicas = 3
		d.Spread = []SpreadConstraint{{Key: Zone, MaxSkew: 1, WhenUnsatisfiable: DoNotSchedule}}
		c.NodeAutoscaler = ClusterAutoscaler
		c.NodePools[0].MinNodes = 1
		c.AZFailures = []AZFailure{{Zone: "us-east-1a", At: 100 * time.Second}}
	})
	var pending449, pending451, pendingBeforeDelete int
	var domains451 int
	res := simulate(t, cfg, reqsAt(models.Work{CPU: time.Millisecond}, time.Second), 1500*time.Second, 1, func(k *sim.Kernel, c *Cluster) {
		at(k, 449*time.Second, func(*sim.Kernel) { pending449 = len(c.pending) })
		at(k, 451*time.Second, func(*sim.Kernel) {
			pending451 = len(c.pending)
			domains451 = c.zones[0].registered
		})
		at(k, 1349*time.Second, func(*sim.Kernel) { pendingBeforeDelete = len(c.pending) })
	})
	c := res.c
	var lostAt, removedAt sim.Time = -1, -1
	for _, h := range c.History() {
		switch {
		case h.Kind == PodsLost && lostAt < 0:
			lostAt = h.At
		case h.Kind == NodeRemove && removedAt < 0:
			removedAt = h.At
		}
	}
	if want := sim.At(450 * time.Second); lostAt != want {
		t.Errorf("pods evicted at %v; want %v (failure + 50s grace + 300s toleration); history %v", lostAt, want, c.History())
	}
	if pending449 != 0 || pending451 != 1 || domains451 != 1 || pendingBeforeDelete != 1 {
		t.Errorf("pending %d at 449 s, %d at 451 s, %d at 1349 s; us-east-1a Node objects at 451 s %d; want 0, 1, 1, 1",
			pending449, pending451, pendingBeforeDelete, domains451)
	}
	if removedAt < sim.At(1350*time.Second) || removedAt >= sim.At(1360*time.Second) {
		t.Errorf("lost node deleted at %v; want within one 10-s CA scan after 1350s (150s + 20m)", removedAt)
	}
	if len(c.pending) != 0 || c.zones[0].registered != 0 {
		t.Errorf("after deletion: %d pending, %d us-east-1a Node objects; want 0, 0", len(c.pending), c.zones[0].registered)
	}
	if z := podsPerZone(c, 0); z[0] != 0 || z[1]+z[2] != 3 {
		t.Errorf("pods per zone %v; want the replacement in a surviving zone", z)
	}
}
