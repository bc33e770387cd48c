package kubernetes

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/internal/validation"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// mm1k is the M/M/1/K queue's mean response time of admitted requests
// and its blocking probability (PASTA: the share of arrivals refused):
// p_n ∝ ρⁿ for n ≤ K, L = Σ n·p_n, W = L / (λ(1 − p_K)) by Little's law.
func mm1k(lambda, mu float64, k int) (w, block float64) {
	rho := lambda / mu
	var norm, l float64
	for n := 0; n <= k; n++ {
		p := math.Pow(rho, float64(n))
		norm += p
		l += float64(n) * p
	}
	block = math.Pow(rho, float64(k)) / norm
	return l / norm / (lambda * (1 - block)), block
}

// The batch-means intervals of a single run are 95 % intervals: over
// independent seeds of one pod with one slot and a queue of four (M/M/1/5,
// λ = 7, μ = 10: mean response 0.23232 s, 5.714 % refused), the interval
// of the mean latency covers the true mean, and that of the refused
// fraction the true blocking probability, in about 95 % of runs. 400 runs
// of 2,000 s after a 20-s warm-up; the band 91.5-98.5 % is ± 3.2 standard
// errors of a binomial share at 95 % (0.011), so a correct method passes
// but an interval 20 % too narrow (covering about 89 %) or 35 % too wide
// (about 99 %) fails. Each run is about 14,000 requests in 20 batches of
// 100 s, long against this queue's relaxation time (a few seconds).
func TestBatchMeansCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("long statistical check")
	}
	const lambda, mu, slots, queue, runs = 7.0, 10.0, 1, 4, 400
	const warmup, horizon = 20 * time.Second, 2020 * time.Second
	wantW, wantBlock := mm1k(lambda, mu, slots+queue)
	cfg := oneDeployment(func(_ *Config, d *Deployment) {
		instant(d)
		d.Replicas = 1
		d.Concurrency = slots
		d.Queue = queue
		d.Timeout = 0
	})
	var coverW, coverB int
	var widthW, widthB float64
	for seed := range uint64(runs) {
		k := sim.New(seed + 1)
		rec := metrics.NewRecorder(time.Minute, 1)
		rec.SetSpan(warmup, horizon)
		c, err := New(k, cfg, rec)
		if err != nil {
			t.Fatal(err)
		}
		c.CountFrom(sim.At(warmup))
		models.Drive(k, newPoisson(lambda, "0s", "exp(mean=100ms)", horizon, seed+1), c, rec)
		k.RunUntil(sim.At(horizon))
		rec.Close(sim.At(horizon))
		lo, hi, ok := rec.MeanLatencyCI95()
		blo, bhi, bok := rec.RefusedCI95()
		if !ok || !bok {
			t.Fatalf("seed %d: no interval", seed+1)
		}
		if lo.Seconds() <= wantW && wantW <= hi.Seconds() {
			coverW++
		}
		if blo <= wantBlock && wantBlock <= bhi {
			coverB++
		}
		widthW += (hi - lo).Seconds() / 2 / wantW / runs
		widthB += (bhi - blo) / 2 / wantBlock / runs
	}
	for _, s := range []struct {
		what  string
		want  string
		cover int
		width float64
	}{
		{"mean latency", fmt.Sprintf("%.5f s", wantW), coverW, widthW},
		{"refused fraction", fmt.Sprintf("%.5f", wantBlock), coverB, widthB},
	} {
		f := float64(s.cover) / runs
		pass := f >= 0.915 && f <= 0.985
		t.Logf("%s (true %s): covered in %.3f of %d runs; mean half-width %.2f %% of the truth", s.what, s.want, f, runs, 100*s.width)
		validation.Record(t, validation.Check{ID: "kubernetes/batch-means/" + s.what,
			Case:     fmt.Sprintf("95 %% interval of the %s by %d batch means, M/M/1/5 (λ = 7, μ = 10, true %s), %d independent runs of 2,000 s", s.what, metrics.Batches, s.want, runs),
			Source:   "coverage of a 95 % confidence interval; M/M/1/K closed form",
			Expected: "0.950", Measured: fmt.Sprintf("%.3f", f), Tolerance: "0.915-0.985 (± 3.2 binomial standard errors)", Pass: pass})
		if !pass {
			t.Errorf("%s: the 95 %% interval covered the truth in %.3f of %d runs; want 0.915-0.985", s.what, f, runs)
		}
	}
}
