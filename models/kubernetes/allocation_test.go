package kubernetes

import (
	"math"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
)

// sharesOn is the seconds of node time of one kind in list.
func sharesOn(list []NodeShare, typ string) float64 {
	var s float64
	for _, n := range list {
		if n.InstanceType == typ {
			s += n.Seconds
		}
	}
	return s
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*max(1, math.Abs(b)) }

// Two pods bound for an hour hold twice their share of an hour: the larger
// of their CPU and memory fractions of the node's allocatable; the
// DaemonSets hold theirs of each of the three nodes.
func TestNodeSharesSteady(t *testing.T) {
	cfg := oneDeployment(func(c *Config, d *Deployment) {
		instant(d)
		d.CPURequestMilli, d.MemoryRequestMiB = 250, 3000 // memory binds
	})
	res := simulate(t, cfg, reqsAt(models.Work{}), time.Hour, 1)
	u := res.c.Usage()
	alloc := NodeAllocatable(&res.c.types[res.c.types.index("m6i.large")], cfg.EvictionHardMemoryMiB)
	share := max(250/float64(alloc.CPUMilli), 3000/float64(alloc.MemoryMiB))
	if got, want := sharesOn(u.Deployments[0].NodeShares, "m6i.large"), 2*share*3600; !near(got, want) {
		t.Errorf("web held %.3f node-s; want 2 pods × share %.4f × 3,600 s = %.3f", got, share, want)
	}
	ds := 150 / float64(alloc.CPUMilli) // aws-node 50m + kube-proxy 100m, no memory
	if got, want := sharesOn(u.DaemonSetShares, "m6i.large"), 3*ds*3600; !near(got, want) {
		t.Errorf("daemonsets held %.3f node-s; want 3 nodes × %.4f × 3,600 s = %.3f", got, ds, want)
	}
	// Usage reads the open holds without booking them: twice the same.
	if again := res.c.Usage(); !near(sharesOn(again.Deployments[0].NodeShares, "m6i.large"), sharesOn(u.Deployments[0].NodeShares, "m6i.large")) {
		t.Errorf("a second Usage read %v; the first %v", again.Deployments[0].NodeShares, u.Deployments[0].NodeShares)
	}
}

// A CPU-heavy and a memory-heavy pod on one node hold more than the node
// by the larger-of rule; every holder is scaled down so that the node is
// allocated exactly once.
func TestNodeSharesOverAllocatedNode(t *testing.T) {
	cfg := DefaultConfig()
	cfg.NodePools[0].Nodes, cfg.NodePools[0].MinNodes = 1, 1
	cpu, mem := DefaultDeployment("cpu"), DefaultDeployment("mem")
	for _, d := range []*Deployment{&cpu, &mem} {
		instant(d)
		d.Replicas = 1
		d.Spread = []SpreadConstraint{} // no system default spread needed on one node
	}
	cpu.CPURequestMilli, cpu.MemoryRequestMiB = 1400, 256
	mem.CPURequestMilli, mem.MemoryRequestMiB = 100, 5000
	cfg.Deployments = []Deployment{cpu, mem}
	res := simulate(t, cfg, reqsAt(models.Work{}), time.Hour, 1)
	u := res.c.Usage()
	alloc := NodeAllocatable(&res.c.types[res.c.types.index("m6i.large")], cfg.EvictionHardMemoryMiB)
	raw := []float64{
		max(1400/float64(alloc.CPUMilli), 256/float64(alloc.MemoryMiB)),
		max(100/float64(alloc.CPUMilli), 5000/float64(alloc.MemoryMiB)),
		150 / float64(alloc.CPUMilli),
	}
	sum := raw[0] + raw[1] + raw[2]
	if sum <= 1 {
		t.Fatalf("shares add up to %.3f; the test needs more than 1", sum)
	}
	got := []float64{
		sharesOn(u.Deployments[0].NodeShares, "m6i.large"), sharesOn(u.Deployments[1].NodeShares, "m6i.large"),
		sharesOn(u.DaemonSetShares, "m6i.large"),
	}
	var total float64
	for i := range got {
		total += got[i]
		if want := raw[i] / sum * 3600; !near(got[i], want) {
			t.Errorf("holder %d held %.3f node-s; want %.3f (share %.4f of %.4f)", i, got[i], want, raw[i], sum)
		}
	}
	if !near(total, 3600) {
		t.Errorf("the node was allocated %.3f s of its 3,600", total)
	}
}

// Through autoscaling, scale-down, Karpenter or the cluster autoscaler and
// a zone failure, no kind of node is ever allocated more time than it
// existed, and busy deployments hold some of it.
func TestNodeSharesNeverExceedNodeTime(t *testing.T) {
	for _, auto := range []NodeAutoscaler{ClusterAutoscaler, Karpenter} {
		t.Run(auto.String(), func(t *testing.T) {
			cfg := oneDeployment(func(c *Config, d *Deployment) {
				c.NodeAutoscaler = auto
				c.NodePools[0].InstanceTypes = []string{"m6i.large", "c7g.large", "m6i.xlarge"}
				c.NodePools[0].MaxNodes = 20
				c.AZFailures = []AZFailure{{Zone: "us-east-1b", At: 400 * time.Second}}
				d.CPURequestMilli, d.CPULimitMilli, d.MemoryRequestMiB = 400, 800, 1500
				d.Concurrency, d.Queue, d.Timeout = 20, 20, 3*time.Second
				d.HPA = cpuHPA(60, 3, 30)
			})
			api := DefaultDeployment("api")
			api.ImagePull = dist.Const(20 * time.Second)
			cfg.Deployments = append(cfg.Deployments, api)
			src := newPoisson(50, "exp(mean=15ms)", "lognormal(p50=20ms,p99=400ms)", 1800*time.Second, 9).Step(200*time.Second, 300).Step(700*time.Second, 30)
			res := simulate(t, cfg, src, 1800*time.Second, 9)
			u := res.c.Usage()
			for _, n := range u.Nodes {
				held := sharesOn(u.DaemonSetShares, n.InstanceType)
				for _, d := range u.Deployments {
					held += sharesOn(d.NodeShares, n.InstanceType)
				}
				t.Logf("%s: %d nodes, %.0f node-s, %.0f held (%.0f %%)", n.InstanceType, n.Launched, n.Seconds, held, 100*held/n.Seconds)
				if held > n.Seconds*(1+1e-9) {
					t.Errorf("%s: %.3f node-s held of %.3f that existed", n.InstanceType, held, n.Seconds)
				}
			}
			for _, d := range u.Deployments {
				var held float64
				for _, s := range d.NodeShares {
					held += s.Seconds
					if s.Seconds < 0 {
						t.Errorf("%s holds %v", d.Name, s)
					}
				}
				if held <= 0 {
					t.Errorf("%s held no node time", d.Name)
				}
			}
		})
	}
}
