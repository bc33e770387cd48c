package kubernetes

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simtest"
)

// serviceLog is every recorder call about one service's requests, in order,
// as text (requests by arrival time: IDs count every service's): two runs
// treated that service alike if their logs are equal. (In
// TestDeploymentsIndependent the driver reports arrivals to the run's
// recorder, not here: they are the workload's, per service already.)
type serviceLog struct {
	simtest.Discard
	service int
	lines   []string
}

func (l *serviceLog) Arrive(now sim.Time, req *models.Request) {
	if req.Service == l.service {
		l.lines = append(l.lines, fmt.Sprintf("%d arrive %v", now, req.Work))
	}
}

func (l *serviceLog) Finish(now sim.Time, req *models.Request, o models.Outcome, lat time.Duration) {
	if req.Service == l.service {
		l.lines = append(l.lines, fmt.Sprintf("%d finish of %d: %v %v cold=%v", now, req.Arrival, o, lat, req.Cold))
	}
}

func (l *serviceLog) ColdStart(now sim.Time, req *models.Request) {
	if req.Service == l.service {
		l.lines = append(l.lines, fmt.Sprintf("%d cold start of %d", now, req.Arrival))
	}
}

// TestDeploymentsIndependent is walk3's defect 3 for the cluster: changing
// only deployment b's traffic must leave deployment a's requests, pod
// starts and statistics byte-identical, in the case where nothing else
// couples them (streams.go): b keeps its replicas, and every pod's CPU
// limit is its request, so the nodes' CPU is never contended and a's pods
// run alike whoever their neighbours are. a rescales by its HPA (so its
// pods' lifecycle, the scheduler and the node-level streams are drawn, all
// by a's pods alone), both route at random and carry a payload across
// three zones (a routing and an entry-zone draw per request).
func TestDeploymentsIndependent(t *testing.T) {
	const horizon = time.Hour
	run := func(rateB float64) ([]string, []string, DeploymentStats, ServiceUsage) {
		cfg := DefaultConfig()
		for _, name := range []string{"a", "b"} {
			d := DefaultDeployment(name)
			d.Routing = KubeProxyRandom
			d.Concurrency, d.Queue = 2, 50
			d.CPULimitMilli = d.CPURequestMilli
			if name == "a" {
				d.HPA = cpuHPA(50, 2, 8)
			} else {
				d.Replicas = 3
			}
			cfg.Deployments = append(cfg.Deployments, d)
		}
		var w workload.Config
		for i, rate := range []float64{30, rateB} {
			w.Services = append(w.Services, workload.Service{Name: cfg.Deployments[i].Name,
				Arrivals:  workload.Arrivals{RatePerSecond: rate},
				CPU:       dist.MustParse("exp(mean=10ms)"),
				IO:        dist.MustParse("lognormal(p50=20ms,p99=200ms)"),
				PayloadKB: 10})
		}
		logA, logB := &serviceLog{service: 0}, &serviceLog{service: 1}
		res := simulate(t, cfg, workload.NewStream(w, 7, horizon), horizon, 7, func(k *sim.Kernel, c *Cluster) {
			c.rec = simtest.Tee{c.rec, logA, logB}
		})
		u := res.c.Usage()
		return logA.lines, logB.lines, u.Deployments[0], u.Services[0]
	}
	a1, b1, d1, s1 := run(20)
	a2, b2, d2, s2 := run(30)
	if slices.Equal(b1, b2) {
		t.Fatal("b's traffic did not change: the test shows nothing")
	}
	if d1.PodStarts == 0 || d1.Queued == 0 || d1.CrossAZBytes == 0 {
		t.Fatalf("a started %d pods, queued %d requests, sent %.0f bytes across zones: the test needs all three",
			d1.PodStarts, d1.Queued, d1.CrossAZBytes)
	}
	if i := firstDiff(a1, a2); i >= 0 {
		t.Errorf("b's rate moved a's requests, first at call %d:\n  b at 20/s: %s\n  b at 30/s: %s", i, lineAt(a1, i), lineAt(a2, i))
	}
	if x, y := fmt.Sprintf("%+v", d1), fmt.Sprintf("%+v", d2); x != y {
		t.Errorf("b's rate moved a's statistics:\n  %s\n  %s", x, y)
	}
	if s1 != s2 {
		t.Errorf("b's rate moved a's usage: %+v, %+v", s1, s2)
	}
}

// firstDiff is the first index where x and y differ, or −1.
func firstDiff(x, y []string) int {
	for i := range min(len(x), len(y)) {
		if x[i] != y[i] {
			return i
		}
	}
	if len(x) != len(y) {
		return min(len(x), len(y))
	}
	return -1
}

// lineAt is x[i], or "(none)" past its end.
func lineAt(x []string, i int) string {
	if i < len(x) {
		return x[i]
	}
	return "(none)"
}
