package kubernetes

import (
	"fmt"
	"hash/fnv"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/models"
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
