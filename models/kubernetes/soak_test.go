package kubernetes

import (
	"fmt"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/kubernetes/hpa"
	"github.com/execsim/execsim/sim"
)

// Per-pod Pods metrics: with an rps target of 50 per pod, 400 requests/s
// settle at 8 replicas; with an in-flight target of 2 and 0.5 s requests,
// 40 requests/s (20 in flight) settle at 10.
func TestHPAPodsMetrics(t *testing.T) {
	for _, tc := range []struct {
		name   string
		metric string
		target int64
		rate   float64
		io     string
		want   int
	}{
		{"rps", MetricRPS, 50_000, 400, "exp(mean=20ms)", 8},
		{"inflight", MetricInflight, 2_000, 40, "500ms", 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := oneDeployment(func(c *Config, d *Deployment) {
				c.NodePools[0].InstanceTypes = []string{"m6i.2xlarge"}
				h := hpa.DefaultConfig()
				h.Metric = hpa.MetricTarget{Type: hpa.PodsAverageValue, Name: tc.metric, AverageValueMilli: tc.target}
				h.MinReplicas, h.MaxReplicas = 2, 30
				d.HPA = &h
			})
			src := newPoisson(tc.rate, "0s", tc.io, 900*time.Second, 2)
			res := simulate(t, cfg, src, 900*time.Second, 2)
			if got := res.c.Replicas(0); got < tc.want-1 || got > tc.want+1 {
				t.Errorf("replicas %d after 15 min; want %d ± 1 (history %v)", got, tc.want, rescales(res.c))
			}
		})
	}
}

func TestVictimRanking(t *testing.T) {
	cfg := oneDeployment(func(c *Config, d *Deployment) {
		instant(d)
		d.Replicas = 2
		c.NodePools[0].Nodes = 1
	})
	k, c := build(t, cfg, 1)
	scaleAt(k, c, 10*time.Second, 4) // two more pods, Ready at once (instant)
	var first, second string
	k.RunUntil(20e9)
	// a Pending pod goes before any bound one
	c.deps[0].desired = 5
	c.reconcileReplicas(k, 0) // the fifth pod is Pending until the pass runs
	first = c.pods[c.victim(0)].name
	k.RunUntil(21e9)
	second = c.pods[c.victim(0)].name
	if first != "web-4" || second != "web-4" && second != "web-3" {
		t.Errorf("victims %s then %s; want web-4 (pending), then the newest Ready pod", first, second)
	}
}

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
				src := newPoisson(50, "exp(mean=15ms)", "lognormal(p50=20ms,p99=400ms)", 1200*time.Second, 9)
				src.steps = []step{{0, 50}, {200 * time.Second, 300}, {700 * time.Second, 30}}
				src.payload = 4
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

// Requests go to the deployment their Service index names.
func TestServiceSelectsDeployment(t *testing.T) {
	cfg := oneDeployment(func(_ *Config, d *Deployment) { instant(d) })
	other := cfg.Deployments[0]
	other.Name = "api"
	other.Replicas = 0
	cfg.Deployments = append(cfg.Deployments, other)
	l := &list{reqs: []models.Request{
		{ID: 0, Arrival: 1e9, Service: 0, Work: models.Work{IO: time.Millisecond}},
		{ID: 1, Arrival: 1e9, Service: 1, Work: models.Work{IO: time.Millisecond}},
	}}
	res := simulate(t, cfg, l, time.Minute, 1)
	u := res.c.Usage().Deployments
	if u[0].Completed != 1 || u[1].NoEndpoints != 1 {
		t.Errorf("web completed %d, api rejected %d; want 1 and 1 (api has no pods)", u[0].Completed, u[1].NoEndpoints)
	}
}

// BenchmarkSteadyState serves a Poisson stream on a fixed deployment: the
// cost per request of routing, slots, processor sharing and timeouts.
func BenchmarkSteadyState(b *testing.B) {
	cfg := oneDeployment(func(c *Config, d *Deployment) {
		c.NodePools[0].InstanceTypes = []string{"m6i.2xlarge"}
		d.Replicas, d.CPURequestMilli, d.CPULimitMilli = 10, 1000, 1000
	})
	b.ReportAllocs()
	var events, reqs uint64
	for b.Loop() {
		src := newPoisson(500, "exp(mean=10ms)", "exp(mean=30ms)", 200*time.Second, 1)
		k := simKernel(1)
		c, err := New(k, cfg, nopRecorder{})
		if err != nil {
			b.Fatal(err)
		}
		models.Drive(k, src, c, nopRecorder{})
		k.RunUntil(200e9)
		events += k.Events()
		reqs += uint64(src.id)
	}
	b.ReportMetric(float64(reqs)/b.Elapsed().Seconds(), "requests/s")
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}

// One long request holds a pod: least-outstanding sends everything else to
// the other pod; round-robin alternates regardless.
func TestRouting(t *testing.T) {
	for _, tc := range []struct {
		routing Routing
		want    [2]int64 // routed to the pod with the long request, to the other
	}{{ALBLeastOutstanding, [2]int64{1, 4}}, {ALBRoundRobin, [2]int64{3, 2}}} {
		t.Run(tc.routing.String(), func(t *testing.T) {
			cfg := oneDeployment(func(_ *Config, d *Deployment) {
				instant(d)
				d.Routing = tc.routing
			})
			l := &list{reqs: []models.Request{{ID: 0, Arrival: 1e9, Work: models.Work{IO: 10 * time.Second}}}}
			for i := range 4 {
				l.reqs = append(l.reqs, models.Request{ID: int64(i + 1), Arrival: sim.Time(2+i) * 1e9, Work: models.Work{IO: 100 * time.Millisecond}})
			}
			res := simulate(t, cfg, l, time.Minute, 1)
			c := res.c
			a, b := c.pods[c.deps[0].serving[0]].routed, c.pods[c.deps[0].serving[1]].routed
			if [2]int64{a, b} != tc.want {
				t.Errorf("routed %d and %d; want %v", a, b, tc.want)
			}
		})
	}
}
