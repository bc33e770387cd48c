package lambda

import (
	"testing"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simtest"
)

// ramp is n requests for function 0, one every spacing from at on, each
// holding its environment for io.
func ramp(n int, at, spacing, io time.Duration) *simtest.List {
	l := new(simtest.List)
	for i := range n {
		l.Add(1, at+time.Duration(i)*spacing, 0, models.Work{IO: io})
	}
	return l
}

func TestWindowTake(t *testing.T) {
	w := newWindow(2, 10*time.Second)
	for i, tc := range []struct {
		at   time.Duration
		want bool
	}{
		{0, true},
		{5 * time.Second, true},
		{9999 * time.Millisecond, false}, // the first window is spent
		{10 * time.Second, true},         // a new window starts at 10 s exactly
		{10 * time.Second, true},
		{19 * time.Second, false},
		{time.Hour, true}, // unused windows do not accrue
		{time.Hour, true},
		{time.Hour, false},
	} {
		if got := w.take(sim.At(tc.at)); got != tc.want {
			t.Errorf("take %d at %v = %v; want %v", i, tc.at, got, tc.want)
		}
	}
}

// windowWatch counts new environments in each fixed window of width w.
type windowWatch struct {
	simtest.Discard
	width  time.Duration
	starts map[int64]int
}

func (w *windowWatch) ColdStart(now sim.Time, _ *models.Request) {
	w.starts[int64(now)/int64(w.width)]++
}

// The window rule's own bound: in no fixed window [k·w, (k+1)·w) does a
// function start more than its window size of new environments, and a load
// that outruns the rule does reach the bound.
func TestWindowBound(t *testing.T) {
	for _, tc := range []struct {
		name  string
		size  int
		width time.Duration
		src   func() models.Source
	}{
		{"documented figures, step at 5 s", 1000, 10 * time.Second,
			func() models.Source { return newPoisson(0, "60s", 60*time.Second, 3).Step(5*time.Second, 800) }},
		{"300 per 3 s", 300, 3 * time.Second,
			func() models.Source { return newPoisson(500, "exp(mean=20s)", 30*time.Second, 4) }},
		{"50 per second", 50, time.Second,
			func() models.Source { return newPoisson(200, "uniform(1s,3s)", 20*time.Second, 5) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := oneFunction(func(c *Config, f *Function) {
				c.AccountConcurrency = 10_000
				c.Scaling = Window
				c.ScalingWindowSize = tc.size
				c.ScalingWindow = tc.width
				f.Timeout = 2 * time.Minute
			})
			w := &windowWatch{width: tc.width, starts: map[int64]int{}}
			res := simulate(t, cfg, tc.src(), 3*time.Minute, w)
			full := 0
			for k, n := range w.starts {
				if n > tc.size {
					t.Errorf("window %d (from %v): %d new environments; want at most %d", k, time.Duration(k)*tc.width, n, tc.size)
				}
				if n == tc.size {
					full++
				}
			}
			if full == 0 {
				t.Errorf("no window reached %d new environments; the load must outrun the rule", tc.size)
			}
			if res.rec.Count(models.Throttled) == 0 {
				t.Error("no throttles; the load must outrun the rule")
			}
		})
	}
}

// The same seed and configuration give the same run, event for event.
func TestWindowDeterministic(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) {
		c.AccountConcurrency = 10_000
		c.Scaling = Window
		f.Timeout = 2 * time.Minute
	})
	run := func() (uint64, uint64, int64) {
		res := simulate(t, cfg, newPoisson(0, "exp(mean=30s)", time.Minute, 7).Step(9*time.Second, 600), 3*time.Minute, nil)
		return res.k.Fingerprint(), res.k.Events(), res.rec.Count(models.Throttled)
	}
	fp1, ev1, th1 := run()
	fp2, ev2, th2 := run()
	if fp1 != fp2 || ev1 != ev2 || th1 != th2 {
		t.Errorf("two runs: fingerprint %016x/%016x, events %d/%d, throttled %d/%d; want equal", fp1, fp2, ev1, ev2, th1, th2)
	}
	if th1 == 0 {
		t.Error("no throttles; the load must exercise the window")
	}
}

// The documented continuous bucket against the fixed-window reading of the
// same "1,000 every 10 seconds", on the same loads. Across a window edge the
// window lets a second 1,000 start almost at once, where the bucket refills
// only 100/s; a step in mid-window finds the window stricter; a load that
// never needs more than the refill, or one burst, is throttled alike.
func TestBucketAgainstWindow(t *testing.T) {
	const minute = time.Minute
	for _, tc := range []struct {
		name           string
		src            func() models.Source
		bucket, window [2]int64 // expected throttles, inclusive range
		differ         bool
	}{
		// 5,000 requests over [9.9 s, 10.4 s): the bucket admits 1,000 + 100/s × 0.5 s;
		// the window admits 1,000 before 10 s and 1,000 more from 10 s.
		{"step to 5,000 across the 10-s edge", func() models.Source { return ramp(5000, 9900*time.Millisecond, 100*time.Microsecond, minute) },
			[2]int64{3948, 3952}, [2]int64{3000, 3000}, true},
		// the same step in mid-window: the window's next 1,000 come only at 10 s
		{"step to 5,000 in mid-window", func() models.Source { return ramp(5000, 5*time.Second, 100*time.Microsecond, minute) },
			[2]int64{3948, 3952}, [2]int64{4000, 4000}, true},
		// 80 new environments per second for two minutes (4,800 concurrent at
		// the peak): under the refill, and 800 per window
		{"80 per second, under the refill", func() models.Source { return ramp(9600, 0, 12500*time.Microsecond, minute) },
			[2]int64{0, 0}, [2]int64{0, 0}, false},
		{"one burst of 3,000", func() models.Source { return burst(3000, 3*time.Second, minute) },
			[2]int64{2000, 2000}, [2]int64{2000, 2000}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			throttled := func(m ScalingMode) int64 {
				cfg := oneFunction(func(c *Config, f *Function) {
					c.AccountConcurrency = 10_000
					c.Scaling = m
					f.Timeout = 2 * time.Minute
				})
				return simulate(t, cfg, tc.src(), 4*time.Minute, nil).rec.Count(models.Throttled)
			}
			b, w := throttled(PerFunction), throttled(Window)
			t.Logf("throttled: per-function bucket %d, fixed window %d", b, w)
			if b < tc.bucket[0] || b > tc.bucket[1] {
				t.Errorf("per-function bucket throttled %d; want %d–%d", b, tc.bucket[0], tc.bucket[1])
			}
			if w < tc.window[0] || w > tc.window[1] {
				t.Errorf("fixed window throttled %d; want %d–%d", w, tc.window[0], tc.window[1])
			}
			if (b != w) != tc.differ {
				t.Errorf("bucket %d, window %d: differ = %v; want %v", b, w, b != w, tc.differ)
			}
		})
	}
}
