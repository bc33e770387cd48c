package metrics

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// A request is counted iff it arrives at or after the warm-up, whenever it
// finishes; windows count every request; gauges are averaged and peaked
// from the warm-up's end; conservation holds for the counted requests.
func TestRecorderWarmup(t *testing.T) {
	s := func(d time.Duration) sim.Time { return sim.At(d) }
	at := func(d time.Duration) *models.Request { return &models.Request{Arrival: s(d)} }
	r := NewRecorder(10*time.Second, 1)
	r.SetSpan(15*time.Second, 0)
	r.Gauge(s(0), models.Concurrency, 9) // only before the warm-up: not a peak
	r.Gauge(s(5*time.Second), models.Concurrency, 2)

	early := at(time.Second) // arrives in the warm-up, finishes after it
	r.Arrive(s(time.Second), early)
	refused := at(12 * time.Second) // refused in the warm-up
	r.Arrive(s(12*time.Second), refused)
	r.Finish(s(12*time.Second), refused, models.Throttled, 0)
	edge := at(15 * time.Second) // arrives at the very end of the warm-up: counted
	r.Arrive(s(15*time.Second), edge)
	r.Gauge(s(15*time.Second), models.Concurrency, 4) // changes at the end: 4 from then on
	r.ColdStart(s(15*time.Second), edge)
	edge.Cold = true
	r.ColdStart(s(16*time.Second), early)
	early.Cold = true
	r.Finish(s(16*time.Second), edge, models.Completed, time.Second)
	r.Finish(s(20*time.Second), early, models.Completed, 19*time.Second)

	late := at(22 * time.Second) // counted, still in flight at the end
	r.Arrive(s(22*time.Second), late)
	r.Gauge(s(25*time.Second), models.Concurrency, 6)
	r.Close(s(30 * time.Second))

	if r.Arrivals() != 2 || r.AllArrivals() != 4 {
		t.Errorf("arrivals %d of %d; want the 2 at or after 15s of 4", r.Arrivals(), r.AllArrivals())
	}
	if r.Count(models.Completed) != 1 || r.Count(models.Throttled) != 0 || r.InFlight() != 1 {
		t.Errorf("completed %d throttled %d in flight %d; want 1, 0, 1", r.Count(models.Completed), r.Count(models.Throttled), r.InFlight())
	}
	if r.ColdStarts() != 1 || r.ColdLatency() == nil || r.ColdLatency().Count() != 1 || r.Latency().Max() != time.Second {
		t.Errorf("cold starts %d, latency max %v; want only the counted request's (1, 1s)", r.ColdStarts(), r.Latency().Max())
	}
	// 4 over [15s, 25s), 6 over [25s, 30s]: mean 70/15, peak 6
	if got, want := r.GaugeMean(models.Concurrency, s(30*time.Second)), 70.0/15; math.Abs(got-want) > 1e-12 {
		t.Errorf("GaugeMean = %v; want %v (from the warm-up's end)", got, want)
	}
	if got := r.GaugePeak(models.Concurrency); got != 6 {
		t.Errorf("GaugePeak = %v; want 6 (9 was before the warm-up's end)", got)
	}
	// the whole run, for cost: 9·5 + 2·10 + 4·10 + 6·5 over 30 s
	if got, want := r.RunGaugeMean(models.Concurrency, s(30*time.Second)), 135.0/30; math.Abs(got-want) > 1e-12 {
		t.Errorf("RunGaugeMean = %v; want %v", got, want)
	}
	w := r.Windows()
	if len(w) != 3 || !w[0].Warmup || !w[1].Warmup || w[2].Warmup {
		t.Fatalf("windows %+v; want three, the first two (starting before 15s) marked as warm-up", w)
	}
	var arrivals, done, cold int64
	for _, x := range w {
		arrivals += x.Arrivals
		done += x.Completed() + x.Outcomes[models.Throttled]
		cold += x.ColdStarts
	}
	if arrivals != 4 || done != 3 || cold != 2 {
		t.Errorf("windows hold %d arrivals, %d outcomes, %d cold starts; want every request's: 4, 3, 2", arrivals, done, cold)
	}
	// window 1 ([10s, 20s)): 2 until 15 s, 4 after
	if got := w[1].GaugeMean[models.Concurrency]; got != 3 {
		t.Errorf("window 1 gauge mean %v; want 3 (windows keep the warm-up)", got)
	}
}

// Without a warm-up the recorder counts everything, as before; a run that
// ends within its warm-up has no counted figures.
func TestRecorderWarmupEdges(t *testing.T) {
	for _, tc := range []struct {
		name              string
		warmup, end       time.Duration
		arrivals          int64
		mean, peak, whole float64
	}{
		{"none", 0, 10 * time.Second, 2, 5, 8, 5},
		{"most", 6 * time.Second, 10 * time.Second, 1, 2, 2, 5},
		{"ends within", 20 * time.Second, 10 * time.Second, 0, 0, 0, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := NewRecorder(time.Second, 1)
			r.SetSpan(tc.warmup, 0)
			r.Gauge(0, models.Pods, 8)
			r.Arrive(sim.At(time.Second), &models.Request{Arrival: sim.At(time.Second)})
			r.Gauge(sim.At(5*time.Second), models.Pods, 2)
			r.Arrive(sim.At(7*time.Second), &models.Request{Arrival: sim.At(7 * time.Second)})
			r.Close(sim.At(tc.end))
			end := sim.At(tc.end)
			if r.Arrivals() != tc.arrivals || r.InFlight() != tc.arrivals || r.AllArrivals() != 2 {
				t.Errorf("arrivals %d, in flight %d, all %d; want %d, %d, 2", r.Arrivals(), r.InFlight(), r.AllArrivals(), tc.arrivals, tc.arrivals)
			}
			if r.GaugeMean(models.Pods, end) != tc.mean || r.GaugePeak(models.Pods) != tc.peak || r.RunGaugeMean(models.Pods, end) != tc.whole {
				t.Errorf("mean %v peak %v whole-run mean %v; want %v, %v, %v", r.GaugeMean(models.Pods, end), r.GaugePeak(models.Pods),
					r.RunGaugeMean(models.Pods, end), tc.mean, tc.peak, tc.whole)
			}
		})
	}
}

// advance's one comparison with edge answers exactly as its full check
// would: a recorder whose edge is cleared before every call (so every call
// takes the full path) ends with the same windows, gauges and totals, on
// calls that land on, just before and just after window ends and the end
// of the warm-up.
func TestAdvanceEdgeSkipsOnlyIdleCalls(t *testing.T) {
	for _, warmup := range []time.Duration{0, 3 * time.Second, 4*time.Second + 1, 15 * time.Second} {
		fast, full := NewRecorder(2*time.Second, 1), NewRecorder(2*time.Second, 1)
		for _, r := range []*Recorder{fast, full} {
			r.SetSpan(warmup, 20*time.Second)
		}
		// random steps of 0 to 9 ms, with three calls each (of every kind)
		// one nanosecond before, at and after every window edge and
		// the warm-up's end
		var times []sim.Time
		now := sim.Time(0)
		x := uint64(88172645463325252)
		for now < sim.At(18*time.Second) {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			times = append(times, now)
			next := now + sim.Time(x%10*uint64(time.Millisecond))
			for _, edge := range []sim.Time{sim.At(warmup), next / sim.Time(time.Second) * sim.Time(time.Second)} {
				if edge > now+1 && edge <= next {
					for d := sim.Time(-1); d <= 1; d++ {
						for range 4 {
							times = append(times, edge+d)
						}
					}
				}
			}
			now = next
		}
		slices.Sort(times)
		for i, now := range times {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			req := &models.Request{ID: int64(i), Arrival: now}
			for _, r := range []*Recorder{fast, full} {
				if r == full {
					r.edge = 0
				}
				switch i % 4 {
				case 0:
					r.Arrive(now, req)
				case 1:
					r.Finish(now, req, models.Completed, time.Duration(x%1e9))
				case 2:
					r.ColdStart(now, req)
				default:
					r.Gauge(now, models.Gauge(x%uint64(models.NumGauges)), float64(x%17))
				}
			}
		}
		fast.Close(now + 1)
		full.Close(now + 1)
		if !reflect.DeepEqual(fast.Windows(), full.Windows()) || fast.gauges != full.gauges ||
			fast.Arrivals() != full.Arrivals() || fast.outcomes != full.outcomes || fast.batch != full.batch {
			t.Errorf("warm-up %v: the edge's fast path changed the record", warmup)
		}
		if len(fast.Windows()) < 10 {
			t.Fatalf("warm-up %v: %d windows; the test should cross many", warmup, len(fast.Windows()))
		}
	}
}

// Peaks by brute force: the run's peak since the warm-up's end (the value
// held at its end, then every later report) and each window's maximum (the
// value held at its start, then every report in it), mid-run and after
// Close, over random reports with the warm-up inside a window, on a
// window's edge, and absent.
func TestGaugePeaksByBruteForce(t *testing.T) {
	type report struct {
		at sim.Time
		v  float64
	}
	const win = 10 * time.Second
	for _, warm := range []time.Duration{0, 35 * time.Second, 40 * time.Second, 47*time.Second + 3} {
		for seed := range uint64(20) {
			r := NewRecorder(win, 1)
			r.SetSpan(warm, 0)
			rng := rand.New(rand.NewPCG(seed, 11))
			var reps []report
			now := sim.Time(0)
			held := func(before sim.Time, orAt bool) float64 { // the value held just before (or at) an instant
				v := 0.0
				for _, p := range reps {
					if p.at < before || orAt && p.at == before {
						v = p.v
					}
				}
				return v
			}
			peak := func() float64 {
				w := sim.At(warm)
				p := held(w, true)
				for _, q := range reps {
					if q.at > w {
						p = max(p, q.v)
					}
				}
				return p
			}
			for range 300 {
				prev := now
				now += sim.Time(rng.IntN(int(2 * time.Second)))
				if edge := now / sim.Time(win) * sim.Time(win); rng.IntN(10) == 0 && edge >= prev {
					now = edge // on a window's edge
				}
				v := float64(rng.IntN(8))
				if rng.IntN(20) == 0 {
					v = math.Copysign(0, -1)
				}
				r.Gauge(now, models.Busy, v)
				reps = append(reps, report{now, v})
				if now > sim.At(warm) && rng.IntN(25) == 0 {
					if got, want := r.GaugePeak(models.Busy), peak(); got != want {
						t.Fatalf("warm-up %v, seed %d, at %v: GaugePeak = %v; brute force %v", warm, seed, now, got, want)
					}
				}
			}
			end := now + sim.Time(time.Second)
			r.Close(end)
			if got, want := r.GaugePeak(models.Busy), peak(); got != want || math.Signbit(got) != math.Signbit(want) {
				t.Errorf("warm-up %v, seed %d: GaugePeak = %v after Close; brute force %v", warm, seed, got, want)
			}
			for _, w := range r.Windows() {
				s, e := sim.At(w.Start), sim.At(w.End)
				want := held(s, false)
				for _, q := range reps {
					if q.at >= s && q.at < e {
						want = max(want, q.v)
					}
				}
				if got := w.GaugeMax[models.Busy]; got != want || math.Signbit(got) != math.Signbit(want) {
					t.Errorf("warm-up %v, seed %d, window %v: GaugeMax = %v; brute force %v", warm, seed, w.Start, got, want)
				}
			}
		}
	}
}
