package kubernetes

import (
	"testing"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/kubernetes/hpa"
	"github.com/execsim/execsim/sim/simtest"
)

// The Queued and Slots gauges integrate to the cluster's own sums: the
// time-average queued is QueuedSeconds over the run, and Busy over Slots
// is BusySlotSeconds over ReadySlotSeconds. Timeouts abort queued
// requests and the HPA adds and removes pods, so every path that changes
// a queue or the Ready slots is taken.
func TestQueuedAndSlotsGauges(t *testing.T) {
	cfg := oneDeployment(func(_ *Config, d *Deployment) {
		instant(d)
		d.Replicas = 2
		d.Concurrency = 2
		d.Queue = -1
		d.Timeout = 3 * time.Second
		h := hpa.DefaultConfig()
		h.Metric = hpa.MetricTarget{Type: hpa.PodsAverageValue, Name: MetricInflight, AverageValueMilli: 1500}
		h.MinReplicas, h.MaxReplicas = 1, 4
		d.HPA = &h
	})
	const horizon = 2000 * time.Second
	res := simulate(t, cfg, newPoisson(3, "0s", "exp(mean=1s)", horizon, 4), horizon, 1)
	u := res.c.Usage()
	if u.QueuedSeconds == 0 || u.Deployments[0].TimedOut == 0 || u.Deployments[0].PodStarts == 0 {
		t.Fatalf("queued %.1f s, timed out %d, pod starts %d; the test wants queueing, timeouts and scaling",
			u.QueuedSeconds, u.Deployments[0].TimedOut, u.Deployments[0].PodStarts)
	}
	gm := func(g models.Gauge) float64 { return res.rec.GaugeMean(g, res.end) }
	if got, want := gm(models.Queued), u.QueuedSeconds/horizon.Seconds(); simtest.RelErr(got, want) > 1e-9 {
		t.Errorf("mean of the queued gauge %.9f; the cluster's queued seconds over the run %.9f", got, want)
	}
	if got, want := gm(models.Busy)/gm(models.Slots), u.BusySlotSeconds/u.ReadySlotSeconds; simtest.RelErr(got, want) > 1e-9 {
		t.Errorf("busy over slots gauges %.9f; the cluster's utilisation %.9f", got, want)
	}
}
