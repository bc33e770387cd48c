package kubernetes

import (
	"testing"
	"time"

	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/kubernetes/hpa"
	"github.com/execsim/execsim/sim"
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

// CountFrom makes the cluster's own statistics follow the recorder's
// warm-up: the waiting times are those of the counted completions, and pod
// starts and peak replicas are from the warm-up's end on.
func TestCountFrom(t *testing.T) {
	cfg := oneDeployment(func(_ *Config, d *Deployment) {
		instant(d)
		d.Replicas = 1
		d.Concurrency = 2
		d.Queue = -1
		h := hpa.DefaultConfig()
		h.Metric = hpa.MetricTarget{Type: hpa.PodsAverageValue, Name: MetricInflight, AverageValueMilli: 1500}
		h.MinReplicas, h.MaxReplicas = 1, 6
		d.HPA = &h
	})
	const horizon = 1200 * time.Second
	run := func(from time.Duration) (Usage, *metrics.Recorder) {
		k := sim.New(1)
		rec := metrics.NewRecorder(10*time.Second, 1)
		rec.SetSpan(from, 0)
		c, err := New(k, cfg, rec)
		if err != nil {
			t.Fatal(err)
		}
		c.CountFrom(sim.At(from))
		// a burst in the first five minutes, then a lighter load
		models.Drive(k, newPoisson(6, "0s", "exp(mean=1s)", horizon, 2).Step(300*time.Second, 1), c, rec)
		k.RunUntil(sim.At(horizon))
		rec.Close(sim.At(horizon))
		simtest.CheckConservation(t, rec) // of the counted requests: the model's own counts are the whole run's
		return c.Usage(), rec
	}
	all, _ := run(0)
	u, rec := run(900 * time.Second)
	if u.Wait.Count() != rec.Count(models.Completed) || u.Waited > u.Wait.Count() {
		t.Errorf("waits of %d requests (%d waited); the recorder counted %d completions", u.Wait.Count(), u.Waited, rec.Count(models.Completed))
	}
	if all.Wait.Count() <= u.Wait.Count() || all.Waited <= u.Waited {
		t.Errorf("waits %d (%d waited) from 0, %d (%d) from 900 s; want fewer from 900 s", all.Wait.Count(), all.Waited, u.Wait.Count(), u.Waited)
	}
	d, da := u.Deployments[0], all.Deployments[0]
	if d.PodStarts >= da.PodStarts || d.PeakReplicas >= da.PeakReplicas || d.PeakReplicas < 1 {
		t.Errorf("pod starts %d, peak replicas %d from 900 s; %d and %d from 0: want the burst's left out",
			d.PodStarts, d.PeakReplicas, da.PodStarts, da.PeakReplicas)
	}
	if d.Completed != da.Completed || u.CPUSeconds != all.CPUSeconds {
		t.Errorf("completed %d, cpu %v from 900 s; %d, %v from 0: the cluster's other figures stay the whole run's",
			d.Completed, u.CPUSeconds, da.Completed, all.CPUSeconds)
	}
}

// slotsCheck checks, at every Slots report, that ReadyPods counts the
// pods the report counts: Knative's recorder takes a hidden Deployment's
// ReadyPods out of the gauge as it is reported.
type slotsCheck struct {
	models.Recorder
	t   *testing.T
	c   *Cluster
	bad int
}

func (s *slotsCheck) Gauge(now sim.Time, g models.Gauge, v float64) {
	if g == models.Slots {
		if want := float64(s.c.ReadyPods(0) * s.c.deps[0].cfg.Concurrency); v != want && s.bad < 3 {
			s.bad++
			s.t.Errorf("at %v the Slots gauge reports %g; ReadyPods × concurrency is %g", now, v, want)
		}
	}
	s.Recorder.Gauge(now, g, v)
}

// ReadyPods counts what the Pods and Slots gauges count, also while a
// deleted pod still serves (gauge13: read by state it counted that pod,
// so Knative's recorder took it out of the gauges twice and
// knative-blend's Slots read −100).
func TestReadyPodsIsWhatTheGaugesCount(t *testing.T) {
	cfg := oneDeployment(func(_ *Config, d *Deployment) {
		instant(d)
		d.Replicas = 2
		d.Concurrency = 2
		d.Queue = -1
		h := hpa.DefaultConfig()
		h.Metric = hpa.MetricTarget{Type: hpa.PodsAverageValue, Name: MetricInflight, AverageValueMilli: 1500}
		h.MinReplicas, h.MaxReplicas = 1, 4
		d.HPA = &h
	})
	const horizon = 2000 * time.Second
	res := simulate(t, cfg, newPoisson(3, "0s", "exp(mean=1s)", horizon, 4), horizon, 1, func(_ *sim.Kernel, c *Cluster) {
		c.rec = &slotsCheck{Recorder: c.rec, t: t, c: c}
	})
	if res.c.Usage().Deployments[0].PodStarts == 0 {
		t.Fatal("no pod started: the test wants the HPA to scale down and up")
	}
}
