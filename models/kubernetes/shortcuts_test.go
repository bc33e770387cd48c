package kubernetes

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/streams"
	"github.com/execsim/execsim/sim"
)

// shortcutRun runs cfg against src, with off applied to the new cluster
// (to turn a shortcut off), and returns everything a run reports: the
// recorder calls in order, the cluster's usage and history, the pods' CPU
// accounts and HPA counters, and the kernel's events.
func shortcutRun(t *testing.T, cfg Config, src models.Source, horizon time.Duration, off func(c *Cluster)) string {
	t.Helper()
	k := sim.New(7)
	log := &callLog{h: fnv.New64a()}
	c, err := New(k, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	if off != nil {
		off(c)
	}
	models.Drive(k, src, c, log)
	k.RunUntil(sim.At(horizon))
	u := c.Usage()
	w := u.Wait
	u.Wait = nil // (a pointer: its contents below)
	out := fmt.Sprintf("calls %d %x\nevents %d fingerprint %x\nusage %+v\nwait %d %v %v %v %v\nhistory %+v\n",
		log.n, log.h.Sum64(), k.Events(), k.Fingerprint(), u,
		w.Count(), w.Mean(), w.Min(), w.Max(), w.Quantile(0.99), c.History())
	for i := range int32(c.pods.Len()) {
		p := c.pods.At(i)
		out += fmt.Sprintf("pod %d %x %x %x %d answered %d\n", i, p.cpuNs, p.v, p.alloc, p.next, p.answered)
	}
	return out
}

// sameRuns fails t at the first line where two shortcutRun reports differ.
func sameRuns(t *testing.T, with, without string) {
	t.Helper()
	if with == without {
		return
	}
	a, b := strings.Split(with, "\n"), strings.Split(without, "\n")
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			t.Errorf("line %d with the shortcut:\n%s\nwithout:\n%s", i, a[i], b[i])
			return
		}
	}
	t.Errorf("reports of %d and %d lines", len(a), len(b))
}

// A pod integrates its outstanding requests only when its deployment's HPA
// reads the inflight metric (pod.infl). With every pod integrating, every
// run must report the same: deployments without an HPA, with a CPU HPA,
// with an rps and with an inflight Pods metric, side by side (so a
// deployment reading another's flag shows too), with queues, timeouts,
// rescaling and a zone loss.
func TestInflightOnlyWhereReadChangesNothing(t *testing.T) {
	integrateAll := func(c *Cluster) {
		for i := range c.deps {
			c.deps[i].infl = true
		}
		for i := range int32(c.pods.Len()) {
			c.pods.At(i).infl = true
		}
	}
	fleet := func(hpas ...*Deployment) Config {
		cfg := oneDeployment(func(c *Config, _ *Deployment) {
			c.NodeAutoscaler = ClusterAutoscaler
			c.NodePools[0].MaxNodes = 10
		})
		cfg.Deployments = nil
		for _, d := range hpas {
			cfg.Deployments = append(cfg.Deployments, *d)
		}
		return cfg
	}
	dep := func(name string, h func(d *Deployment)) *Deployment {
		d := DefaultDeployment(name)
		instant(&d)
		d.Replicas, d.Concurrency, d.Queue, d.Timeout = 2, 2, -1, 4*time.Second
		h(&d)
		return &d
	}
	for _, tc := range []struct {
		name string
		cfg  Config
		zone bool
	}{
		{"no HPA (as M/M/10)", fleet(dep("a", func(*Deployment) {})), false},
		{"inflight, rps, CPU and none side by side", fleet(
			dep("in", func(d *Deployment) { d.HPA = podsHPA(MetricInflight, 1500, 1, 6) }),
			dep("rps", func(d *Deployment) { d.HPA = podsHPA(MetricRPS, 1000, 1, 6) }),
			dep("cpu", func(d *Deployment) { d.CPURequestMilli = 250; d.HPA = cpuHPA(60, 1, 6) }),
			dep("none", func(*Deployment) {}),
		), true},
		{"inflight alone", fleet(dep("in", func(d *Deployment) { d.HPA = podsHPA(MetricInflight, 1200, 1, 8) })), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.zone {
				tc.cfg.AZFailures = []AZFailure{{Zone: "us-east-1b", At: 500 * time.Second}}
			}
			const horizon = 900 * time.Second
			n := int64(len(tc.cfg.Deployments))
			src := func() models.Source {
				return roundRobin{newPoisson(4*float64(n), "exp(mean=20ms)", "exp(mean=1s)", horizon, 11).Step(300*time.Second, 12*float64(n)), n}
			}
			with := shortcutRun(t, tc.cfg, src(), horizon, nil)
			sameRuns(t, with, shortcutRun(t, tc.cfg, src(), horizon, integrateAll))
			if hpas := tc.name != "no HPA (as M/M/10)"; hpas != strings.Contains(with, "Kind:rescale") {
				t.Errorf("rescales: %v; the test wants the HPAs, and only them, to act\n%s", !hpas, with)
			}
		})
	}
}

// skipDraws(n) leaves a stream where n draws would: the next draws and the
// state are the same, for small, large and random n.
func TestSkipDrawsIsDrawing(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	ns := []uint64{0, 1, 2, 3, 4, 5, 7, 8, 63, 64, 65, 1000, 4095, 65537}
	for range 20 {
		ns = append(ns, r.Uint64N(200_000))
	}
	for i, n := range ns {
		drawn := streams.State(uint64(i), "kubernetes/web/routing")
		skipped := drawn
		for range n {
			drawn.Uint64()
		}
		skipDraws(&skipped, n)
		if drawn != skipped {
			t.Fatalf("after %d draws the state is %+v; skipDraws gives %+v", n, drawn, skipped)
		}
		for j := range 3 {
			if a, b := drawn.Uint64(), skipped.Uint64(); a != b {
				t.Fatalf("n = %d, draw %d after: %d, skipped: %d", n, j, a, b)
			}
		}
	}
}

// kube-proxy-random owes its draws while one pod serves and pays them
// before picking among several (route): with a draw for every pick, every
// run must report the same. An rps HPA takes the deployment from one pod
// to several and back, twice.
func TestOwedRoutingDrawsChangeNothing(t *testing.T) {
	drawEvery := func(c *Cluster) { c.drawEvery = true }
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"one pod (as M/M/10)", oneDeployment(func(_ *Config, d *Deployment) {
			instant(d)
			d.Replicas, d.Concurrency, d.Queue = 1, 10, -1
		})},
		{"one pod to several and back", oneDeployment(func(c *Config, d *Deployment) {
			c.NodeAutoscaler = ClusterAutoscaler
			c.NodePools[0].MaxNodes = 6
			instant(d)
			d.Replicas, d.Concurrency, d.Queue, d.Timeout = 1, 4, -1, 5*time.Second
			d.HPA = podsHPA(MetricRPS, 2000, 1, 6)
		})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const horizon = 1800 * time.Second
			src := func() models.Source {
				return newPoisson(1.5, "exp(mean=20ms)", "exp(mean=500ms)", horizon, 13).Step(200*time.Second, 9).Step(400*time.Second, 1.5).Step(1000*time.Second, 9).Step(1200*time.Second, 1.5)
			}
			var with, without *Cluster
			a := shortcutRun(t, tc.cfg, src(), horizon, func(c *Cluster) { with = c })
			b := shortcutRun(t, tc.cfg, src(), horizon, func(c *Cluster) { drawEvery(c); without = c })
			sameRuns(t, a, b)
			owed := with.deps[0].routeOwed
			if tc.name != "one pod (as M/M/10)" && (with.routeSkips < 2 || without.routeSkips != 0) {
				t.Errorf("owed draws paid %d times (%d when drawing every time); want some: the test wants the deployment to go from one pod to several more than once", with.routeSkips, without.routeSkips)
			}
			t.Logf("owed draws paid %d times, %d owed at the end", with.routeSkips, owed)
		})
	}
}
