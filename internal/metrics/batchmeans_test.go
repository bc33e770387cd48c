package metrics

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// With equal counts the ratio interval is the textbook one: the mean of
// the batch means ± t·s/√B; with unequal counts it is centred on Σy/Σn.
func TestRatioCI(t *testing.T) {
	means := make([]float64, Batches)
	y := make([]float64, Batches)
	n := make([]int64, Batches)
	var sum float64
	for i := range Batches {
		means[i] = float64(10 + i%3)
		n[i] = 4
		y[i] = means[i] * 4
		sum += means[i]
	}
	m := sum / Batches
	var ss float64
	for _, x := range means {
		ss += (x - m) * (x - m)
	}
	half := 2.0930240544083096 * math.Sqrt(ss/(Batches-1)) / math.Sqrt(Batches)
	lo, hi, ok := ratioCI(y, n)
	if !ok || math.Abs(lo-(m-half)) > 1e-12 || math.Abs(hi-(m+half)) > 1e-12 {
		t.Errorf("ratioCI = [%v, %v] %v; want [%v, %v]", lo, hi, ok, m-half, m+half)
	}
	n[3], y[3] = 40, 400 // one batch ten times larger, same mean
	lo, hi, _ = ratioCI(y, n)
	var sy, sn float64
	for i := range y {
		sy += y[i]
		sn += float64(n[i])
	}
	if c := (lo + hi) / 2; math.Abs(c-sy/sn) > 1e-12 {
		t.Errorf("centre %v; want Σy/Σn %v", c, sy/sn)
	}
	n[5] = 0
	if _, _, ok := ratioCI(y, n); ok {
		t.Error("ratioCI with an empty batch is ok")
	}
}

// On independent draws the intervals cover the true mean and the true
// refused fraction about 95 % of the time: 1,000 runs of 4,000 requests,
// exponential latency (mean 100 ms) and refusal with probability 0.05.
// This checks the arithmetic; models/kubernetes checks a queue, whose
// requests are correlated.
func TestBatchMeansCoverIndependentDraws(t *testing.T) {
	const runs, perRun, pRefused = 1000, 4000, 0.05
	const mean = 100 * time.Millisecond
	end := 1000 * time.Second
	var coverLat, coverRef int
	for seed := range uint64(runs) {
		r := rand.New(rand.NewPCG(seed, 77))
		rec := NewRecorder(time.Minute, 1)
		rec.SetSpan(0, end)
		for i := range perRun {
			at := sim.At(end * time.Duration(i) / perRun)
			req := &models.Request{Arrival: at}
			rec.Arrive(at, req)
			if r.Float64() < pRefused {
				rec.Finish(at, req, models.Throttled, 0)
			} else {
				rec.Finish(at, req, models.Completed, time.Duration(r.ExpFloat64()*float64(mean)))
			}
		}
		rec.Close(sim.At(end))
		lo, hi, ok := rec.MeanLatencyCI95()
		rlo, rhi, rok := rec.RefusedCI95()
		if !ok || !rok {
			t.Fatalf("seed %d: no interval", seed)
		}
		if m := rec.Latency().Mean(); m < lo || m > hi {
			t.Fatalf("seed %d: mean %v outside its interval [%v, %v]", seed, m, lo, hi)
		}
		if lo <= mean && mean <= hi {
			coverLat++
		}
		if rlo <= pRefused && pRefused <= rhi {
			coverRef++
		}
	}
	for what, c := range map[string]int{"mean latency": coverLat, "refused fraction": coverRef} {
		f := float64(c) / runs
		t.Logf("%s: covered in %.3f of %d runs", what, f, runs)
		if f < 0.93 || f > 0.97 {
			t.Errorf("%s: the 95 %% interval covered the truth in %.3f of %d runs; want 0.93-0.97", what, f, runs)
		}
	}
}

// No interval without an end, for a run stopped before it, or with an
// empty batch.
func TestBatchMeansNeedCompleteBatches(t *testing.T) {
	for _, tc := range []struct {
		name     string
		end      time.Duration
		stop     time.Duration
		skip     func(i int) bool
		lat, ref bool
	}{
		{"complete", 100 * time.Second, 100 * time.Second, func(int) bool { return false }, true, true},
		{"no end", 0, 100 * time.Second, func(int) bool { return false }, false, false},
		{"stopped early", 100 * time.Second, 50 * time.Second, func(int) bool { return false }, false, false},
		{"a batch without completions", 100 * time.Second, 100 * time.Second, func(i int) bool { return i/10 == 7 }, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := NewRecorder(time.Minute, 1)
			rec.SetSpan(0, tc.end)
			for i := range 200 {
				at := sim.At(time.Duration(i) * 500 * time.Millisecond)
				if at >= sim.At(tc.stop) {
					break
				}
				req := &models.Request{Arrival: at}
				rec.Arrive(at, req)
				if tc.skip(i) {
					rec.Finish(at, req, models.Rejected, 0)
				} else {
					rec.Finish(at, req, models.Completed, time.Duration(i%7+1)*time.Millisecond)
				}
			}
			rec.Close(sim.At(tc.stop))
			_, _, lat := rec.MeanLatencyCI95()
			_, _, ref := rec.RefusedCI95()
			if lat != tc.lat || ref != tc.ref {
				t.Errorf("latency interval %v, refused interval %v; want %v, %v", lat, ref, tc.lat, tc.ref)
			}
		})
	}
}
