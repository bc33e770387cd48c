package kubernetes

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/validation"

	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simtest"
)

// snapshots runs cfg against src until horizon and returns the usage at
// the start and at the end of each of batches equal stretches.
func snapshots(t *testing.T, cfg Config, src models.Source, horizon time.Duration, batches int) []Usage {
	t.Helper()
	k := sim.New(1)
	rec := metrics.NewRecorder(10*time.Second, len(cfg.Deployments))
	c, err := New(k, cfg, rec)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	models.Drive(k, src, c, rec)
	span := horizon / time.Duration(batches)
	out := []Usage{snapshot(c.Usage())}
	for i := 1; i <= batches; i++ {
		k.RunUntil(sim.At(span * time.Duration(i)))
		out = append(out, snapshot(c.Usage()))
	}
	rec.Close(sim.At(horizon))
	checkConservation(t, rec, c)
	return out
}

// snapshot copies the usage's live wait histogram.
func snapshot(u Usage) Usage {
	w := metrics.NewHistogram()
	w.Merge(u.Wait)
	u.Wait = w
	return u
}

// meanAndHalfWidth is the mean of the batch means and four standard errors.
func meanAndHalfWidth(xs []float64) (mean, half float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	n := float64(len(xs))
	return mean, 4 * math.Sqrt(ss/(n-1)/n)
}

func completed(u Usage) (n int64) {
	for _, d := range u.Deployments {
		n += d.Completed
	}
	return n
}

// One pod with c slots, an unbounded queue, Poisson arrivals and
// exponential io is M/M/c (TestErlangC's setup): the share of requests
// that wait is Erlang C, the mean wait C/(cμ − λ), the time-average number
// queued λ·C/(cμ − λ) (Little's law) and the utilisation of the slots λ/(cμ).
// The tolerance is four standard errors by batch means over the run, and
// no tighter than 0.5 %.
func TestWaitingTimeAndUtilisation(t *testing.T) {
	const c, lambda, mu = 10, 8.0, 1.0
	const horizon, batches = 200_000 * time.Second, 20
	wantPWait := simtest.ErlangC(c, lambda/mu)       // 0.40918
	wantWait := wantPWait / (float64(c)*mu - lambda) // 0.20459 s
	wantQueued := lambda * wantWait                  // 1.63673
	wantUtil := lambda / (float64(c) * mu)           // 0.8
	cfg := oneDeployment(func(_ *Config, d *Deployment) {
		instant(d)
		d.Replicas = 1
		d.Concurrency = c
		d.Queue = -1
		d.Timeout = 0
	})
	type stat struct {
		name string
		want float64
		f    func(now, before Usage, span time.Duration) float64
	}
	stats := []stat{
		{"P(wait)", wantPWait, func(now, before Usage, _ time.Duration) float64 {
			return float64(now.Waited-before.Waited) / float64(completed(now)-completed(before))
		}},
		{"mean wait (s)", wantWait, func(now, before Usage, _ time.Duration) float64 {
			sum := func(u Usage) float64 { return u.Wait.Mean().Seconds() * float64(u.Wait.Count()) }
			return (sum(now) - sum(before)) / float64(now.Wait.Count()-before.Wait.Count())
		}},
		{"mean queued", wantQueued, func(now, before Usage, span time.Duration) float64 {
			return (now.QueuedSeconds - before.QueuedSeconds) / span.Seconds()
		}},
		{"utilisation", wantUtil, func(now, before Usage, _ time.Duration) float64 {
			return (now.BusySlotSeconds - before.BusySlotSeconds) / (now.ReadySlotSeconds - before.ReadySlotSeconds)
		}},
	}
	// one run, read by every statistic over the same stretches
	us := snapshots(t, cfg, newPoisson(lambda, "0s", "exp(mean=1s)", horizon, 7), horizon, batches)
	span := horizon / batches
	for _, s := range stats {
		xs := make([]float64, batches)
		for i := range xs {
			xs[i] = s.f(us[i+1], us[i], span)
		}
		mean, half := meanAndHalfWidth(xs)
		half = max(half, 0.005*s.want)
		t.Logf("%s: %.5f ± %.5f (theory %.5f)", s.name, mean, half, s.want)
		validation.Record(t, validation.Check{ID: "kubernetes/mmc-queue/" + s.name,
			Case: "M/M/10, λ = 8, μ = 1, one pod: " + s.name, Source: "Erlang C, C/(cμ − λ), Little's law, λ/(cμ)",
			Expected: fmt.Sprintf("%.5f", s.want), Measured: fmt.Sprintf("%.5f", mean),
			Tolerance: fmt.Sprintf("± %.5f (4 standard errors, batch means)", half), Pass: math.Abs(mean-s.want) <= half})
		if math.Abs(mean-s.want) > half {
			t.Errorf("%s = %.5f; want %.5f ± %.5f", s.name, mean, s.want, half)
		}
	}
	final := us[batches]
	// over the whole run the summary's figures are the same quantities
	st := final.Deployments[0]
	if got, want := float64(final.Waited)/float64(st.Completed), float64(st.Queued)/float64(st.Arrivals); simtest.RelErr(got, want) > 1e-3 {
		t.Errorf("P(wait) of completed requests %.5f; the queued share of arrivals is %.5f", got, want)
	}
	if final.Wait.Count() != st.Completed {
		t.Errorf("wait histogram holds %d requests; %d completed", final.Wait.Count(), st.Completed)
	}
	if got := final.ReadySlotSeconds; simtest.RelErr(got, c*horizon.Seconds()) > 1e-9 {
		t.Errorf("ready slot-seconds %.3f; want %d slots × %v", got, c, horizon)
	}
}

// By hand: on one slot, the second of two simultaneous 1-s requests waits
// the first one's second; the slot is busy 2 s of the 10 s it exists.
func TestWaitOfOneQueuedRequest(t *testing.T) {
	cfg := oneDeployment(func(_ *Config, d *Deployment) {
		instant(d)
		d.Replicas = 1
		d.Concurrency = 1
		d.Queue = -1
		d.Timeout = 0
	})
	res := simulate(t, cfg, reqsAt(models.Work{IO: time.Second}, time.Second, time.Second), 10*time.Second, 1)
	u := res.c.Usage()
	if u.Waited != 1 || u.Wait.Count() != 2 || u.Wait.Max() != time.Second || u.Wait.Quantile(0.5) != 0 {
		t.Errorf("waited %d, waits %d (median %v, max %v); want 1 of 2, median 0, max 1s",
			u.Waited, u.Wait.Count(), u.Wait.Quantile(0.5), u.Wait.Max())
	}
	if u.QueuedSeconds != 1 || u.BusySlotSeconds != 2 || u.ReadySlotSeconds != 10 {
		t.Errorf("queued %.3f busy %.3f ready slot-seconds %.3f; want 1, 2, 10",
			u.QueuedSeconds, u.BusySlotSeconds, u.ReadySlotSeconds)
	}
}
