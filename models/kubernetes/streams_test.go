package kubernetes

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simtest"
)

// TestDeploymentsIndependent is walk3's defect 3 for the cluster: changing
// only deployment b's traffic must leave deployment a's requests, pod
// starts and statistics byte-identical, in the case where nothing else
// couples them (streams.go): b keeps its replicas, and every pod's CPU
// limit is its request, so the nodes' CPU is never contended and a's pods
// run alike whoever their neighbours are. a rescales by its HPA (so its
// pods' lifecycle, the scheduler and the node-level streams are drawn, all
// by a's pods alone), both route at random and carry a payload across
// three zones (a routing and an entry-zone draw per request). Arrivals go
// from the driver to the run's own recorder, not to the logs: they are the
// workload's, per service already.
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
		logA, logB := &simtest.ServiceLog{Service: 0}, &simtest.ServiceLog{Service: 1}
		res := simulate(t, cfg, workload.NewStream(w, 7, horizon), horizon, 7, func(k *sim.Kernel, c *Cluster) {
			c.rec = simtest.Tee{c.rec, logA, logB}
		})
		u := res.c.Usage()
		return logA.Lines, logB.Lines, u.Deployments[0], u.Services[0]
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
	if d := simtest.FirstDiff(a1, a2); d != "" {
		t.Errorf("b's rate moved a's requests (%s, then %s), %s", "b at 20/s", "b at 30/s", d)
	}
	if x, y := fmt.Sprintf("%+v", d1), fmt.Sprintf("%+v", d2); x != y {
		t.Errorf("b's rate moved a's statistics:\n  %s\n  %s", x, y)
	}
	if s1 != s2 {
		t.Errorf("b's rate moved a's usage: %+v, %+v", s1, s2)
	}
}
