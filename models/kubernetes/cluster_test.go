package kubernetes

import (
	"fmt"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim/simtest"
)

// A busy configuration exercising every mechanism at once keeps
// conservation and gives the same fingerprint twice for a seed.
func TestSoakDeterministic(t *testing.T) {
	for _, auto := range []NodeAutoscaler{ClusterAutoscaler, Karpenter} {
		t.Run(auto.String(), func(t *testing.T) {
			var prints []uint64
			for range 2 {
				cfg := oneDeployment(func(c *Config, d *Deployment) {
					c.NodeAutoscaler = auto
					c.NodePools[0].InstanceTypes = []string{"m6i.large", "c7g.large", "m6i.xlarge"}
					c.NodePools[0].MaxNodes = 20
					c.AZFailures = []AZFailure{{Zone: "us-east-1b", At: 400 * time.Second}}
					d.CPURequestMilli, d.CPULimitMilli = 400, 800
					d.Concurrency, d.Queue, d.Timeout = 20, 20, 3*time.Second
					d.Spread = []SpreadConstraint{{Key: Zone, MaxSkew: 1, WhenUnsatisfiable: DoNotSchedule}}
					d.HPA = cpuHPA(60, 3, 30)
				})
				api := DefaultDeployment("api")
				api.Routing = ALBLeastOutstanding
				api.ImagePull = dist.Const(20 * time.Second)
				cfg.Deployments = append(cfg.Deployments, api)
				src := newPoisson(50, "exp(mean=15ms)", "lognormal(p50=20ms,p99=400ms)", 1200*time.Second, 9).Step(200*time.Second, 300).Step(700*time.Second, 30)
				src.PayloadKB = 4
				res := simulate(t, cfg, src, 1200*time.Second, 9)
				u := res.c.Usage()
				t.Logf("events %d completed %d rejected %d failed %d; peak pods %d nodes %d; node usage %v; cross-AZ %.0f B; CPU %.1f s",
					res.k.Events(), res.rec.Count(models.Completed), res.rec.Count(models.Rejected), res.rec.Count(models.Failed),
					u.PeakPods, u.PeakNodes, fmt.Sprint(u.Nodes), u.CrossAZBytes, u.CPUSeconds)
				prints = append(prints, res.k.Fingerprint())
			}
			if prints[0] != prints[1] {
				t.Errorf("fingerprints %x and %x; want equal", prints[0], prints[1])
			}
		})
	}
}

// BenchmarkSteadyState serves a Poisson stream on a fixed deployment: the
// cost per request of routing, slots, processor sharing and timeouts.
func BenchmarkSteadyState(b *testing.B) {
	cfg := oneDeployment(func(c *Config, d *Deployment) {
		c.NodePools[0].InstanceTypes = []string{"m6i.2xlarge"}
		d.Replicas, d.CPURequestMilli, d.CPULimitMilli = 10, 1000, 1000
	})
	simtest.Benchmark(b, 200*time.Second, New, cfg, func() *simtest.Poisson {
		return newPoisson(500, "exp(mean=10ms)", "exp(mean=30ms)", 200*time.Second, 1)
	})
}

// BenchmarkContended is BenchmarkSteadyState on nodes whose CPU the pods
// contend for: small requests, no limits, four pods to a two-vCPU node and
// about 75 % of the nodes' CPU in use, so that the share each pod gets
// moves with its neighbours' load.
func BenchmarkContended(b *testing.B) {
	cfg := oneDeployment(func(c *Config, d *Deployment) {
		d.Replicas, d.CPURequestMilli = 12, 100
	})
	simtest.Benchmark(b, 200*time.Second, New, cfg, func() *simtest.Poisson {
		return newPoisson(400, "exp(mean=10ms)", "exp(mean=30ms)", 200*time.Second, 1)
	})
}
