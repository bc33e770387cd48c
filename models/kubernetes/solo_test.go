package kubernetes

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// logRecorder writes down every call a model makes to its recorder, in
// order.
type logRecorder struct{ b strings.Builder }

func (r *logRecorder) Arrive(now sim.Time, req *models.Request) {
	fmt.Fprintf(&r.b, "A %d %d\n", now, req.ID)
}
func (r *logRecorder) Finish(now sim.Time, req *models.Request, o models.Outcome, latency time.Duration) {
	fmt.Fprintf(&r.b, "F %d %d %v %d %v\n", now, req.ID, o, latency, req.Cold)
}
func (r *logRecorder) ColdStart(now sim.Time, req *models.Request) {
	fmt.Fprintf(&r.b, "C %d %d\n", now, req.ID)
}
func (r *logRecorder) Gauge(now sim.Time, g models.Gauge, v float64) {
	fmt.Fprintf(&r.b, "G %d %d %v\n", now, g, v)
}

// Solos (cpu.go) take node wake-ups out of the kernel and nothing else:
// with and without them, every call to the recorder (outcomes, latencies,
// gauges, in the same order), the usage, the scaling history and the HPA
// samples are the same, on configurations that reach every path that
// settles or undoes a solo: joins and aborts in a solo's pod, nodes coming
// to be divided by weight, isolated parts that move as containers start
// and stop, kubelet stats splitting a solo's step, timeouts, zone loss.
func TestSoloSameResults(t *testing.T) {
	soak := func(auto NodeAutoscaler) func(c *Config, d *Deployment) {
		return func(c *Config, d *Deployment) {
			c.NodeAutoscaler = auto
			c.NodePools[0].InstanceTypes = []string{"m6i.large", "c7g.large", "m6i.xlarge"}
			c.NodePools[0].MaxNodes = 20
			c.AZFailures = []AZFailure{{Zone: "us-east-1b", At: 400 * time.Second}}
			d.CPURequestMilli, d.CPULimitMilli = 400, 800
			d.Concurrency, d.Queue, d.Timeout = 20, 20, 3*time.Second
			d.Spread = []SpreadConstraint{{Key: Zone, MaxSkew: 1, WhenUnsatisfiable: DoNotSchedule}}
			d.HPA = cpuHPA(60, 3, 30)
		}
	}
	type tc struct {
		name     string
		tweak    func(c *Config, d *Deployment)
		rate     float64
		cpu, io  string
		horizon  time.Duration
		two      bool // a second deployment, least-outstanding, beside
		stepDown bool // the rate steps up and down (scaling)
	}
	cases := []tc{
		{"soak-ca", soak(ClusterAutoscaler), 50, "exp(mean=15ms)", "lognormal(p50=20ms,p99=400ms)", 1200 * time.Second, true, true},
		{"soak-karpenter", soak(Karpenter), 50, "exp(mean=15ms)", "lognormal(p50=20ms,p99=400ms)", 1200 * time.Second, true, true},
		{"steady", func(c *Config, d *Deployment) {
			c.NodePools[0].InstanceTypes = []string{"m6i.2xlarge"}
			d.Replicas, d.CPURequestMilli, d.CPULimitMilli = 10, 1000, 1000
		}, 500, "exp(mean=10ms)", "exp(mean=30ms)", 60 * time.Second, false, false},
		{"contended", func(c *Config, d *Deployment) {
			d.Replicas, d.CPURequestMilli = 12, 100
		}, 400, "exp(mean=10ms)", "exp(mean=30ms)", 60 * time.Second, false, false},
		{"contended-light", func(c *Config, d *Deployment) {
			c.NodePools[0].InstanceTypes = []string{"m6i.xlarge"}
			d.Replicas, d.CPURequestMilli = 12, 100
		}, 150, "exp(mean=20ms)", "5ms", 120 * time.Second, false, false},
		{"isolated-hpa", func(c *Config, d *Deployment) {
			c.CPUSharing = Isolated
			c.NodePools[0].MaxNodes = 20
			c.NodeAutoscaler = ClusterAutoscaler
			d.CPURequestMilli = 300
			d.Concurrency, d.Queue, d.Timeout = 4, 10, 2*time.Second
			d.HPA = cpuHPA(50, 2, 20)
		}, 60, "exp(mean=20ms)", "exp(mean=10ms)", 900 * time.Second, false, true},
		{"cpu-only-const", func(c *Config, d *Deployment) {
			d.Replicas, d.CPURequestMilli, d.CPULimitMilli = 4, 500, 500
			d.Concurrency, d.Queue, d.Timeout = 2, 5, 500*time.Millisecond
		}, 60, "25ms", "0s", 120 * time.Second, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var logs, usages, histories [2]string
			var events [2]uint64
			for i, noSolo := range []bool{false, true} {
				cfg := oneDeployment(tc.tweak)
				if tc.two {
					api := DefaultDeployment("api")
					api.Routing = ALBLeastOutstanding
					api.ImagePull = dist.Const(20 * time.Second)
					cfg.Deployments = append(cfg.Deployments, api)
				}
				src := newPoisson(tc.rate, tc.cpu, tc.io, tc.horizon, 9)
				if tc.stepDown {
					src = src.Step(tc.horizon/6, tc.rate*6).Step(tc.horizon*7/12, tc.rate/2)
				}
				if tc.two {
					src.PayloadKB = 4
				}
				k := sim.New(9)
				rec := &logRecorder{}
				c, err := New(k, cfg, rec)
				if err != nil {
					t.Fatal(err)
				}
				c.noSolo = noSolo
				models.Drive(k, src, c, rec)
				k.RunUntil(sim.At(tc.horizon))
				u := c.Usage()
				logs[i] = rec.b.String()
				w := fmt.Sprintf("wait %v %v %v %v %v", u.Wait.Count(), u.Wait.Mean(), u.Wait.Quantile(0.5), u.Wait.Quantile(0.99), u.Wait.Max())
				u.Wait = nil
				usages[i] = fmt.Sprintf("%+v %s", u, w)
				histories[i] = fmt.Sprint(c.History())
				events[i] = k.Events()
			}
			if logs[0] != logs[1] {
				a, b := strings.Split(logs[0], "\n"), strings.Split(logs[1], "\n")
				for j := range min(len(a), len(b)) {
					if a[j] != b[j] {
						t.Fatalf("recorder calls differ at line %d of %d: with solos %q, without %q", j, len(a), a[j], b[j])
					}
				}
				t.Fatalf("recorder calls: %d lines with solos, %d without", len(a), len(b))
			}
			if usages[0] != usages[1] {
				t.Errorf("usage with solos\n%s\nwithout\n%s", usages[0], usages[1])
			}
			if histories[0] != histories[1] {
				t.Errorf("history with solos\n%s\nwithout\n%s", histories[0], histories[1])
			}
			t.Logf("%d recorder calls; events %d with solos, %d without", strings.Count(logs[0], "\n"), events[0], events[1])
			if events[0] >= events[1] && tc.name == "steady" {
				t.Errorf("events: %d with solos, %d without; want fewer", events[0], events[1])
			}
		})
	}
}
