package lambda

import (
	"fmt"
	"runtime"
	"testing"
	"time"
	"unsafe"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simtest"
)

// spaced is a models.Source of n requests gap apart, each with work w. It
// holds nothing per request, so the heap it leaves is the model's.
type spaced struct {
	n, i int64
	gap  time.Duration
	w    models.Work
}

func (s *spaced) Next() (models.Request, bool) {
	if s.i >= s.n {
		return models.Request{}, false
	}
	s.i++
	return models.Request{ID: s.i - 1, Arrival: sim.Time(s.i-1) * sim.Time(s.gap), Work: s.w}, true
}

// liveHeap is the heap in use after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// inFlightBytes is the live heap per request in flight in a region where n
// requests are all running at once (each on its own environment, as Lambda
// runs them): the heap after every request has started, minus the heap of
// the same region, kernel and source before the first arrival, over n.
func inFlightBytes(t testing.TB, n int) float64 {
	cfg := oneFunction(func(c *Config, f *Function) {
		c.AccountConcurrency = n + 100
		c.Scaling = Unlimited
		f.RPSLimit = false
		f.Timeout = 15 * time.Minute
	})
	k := sim.New(1)
	r, err := New(k, cfg, simtest.Discard{})
	if err != nil {
		t.Fatal(err)
	}
	src := &spaced{n: int64(n), gap: 10 * time.Microsecond, w: models.Work{IO: 10 * time.Minute}}
	models.Drive(k, src, r, simtest.Discard{})
	before := liveHeap()
	k.RunUntil(sim.At(time.Minute))
	after := liveHeap()
	if r.busy != n {
		t.Fatalf("%d busy; want all %d requests running", r.busy, n)
	}
	runtime.KeepAlive(r)
	runtime.KeepAlive(k)
	return float64(after-before) / float64(n)
}

// Memory is bounded by what is in flight (issue 13 item 4: at most 160 B of
// live heap per request in flight on either platform). A request running
// on Lambda holds its request slot (56 bytes: the request's fields packed
// with the retry bookkeeping), its environment (64) and its completion
// event in the kernel's queue (32): 152 bytes, plus under one slab page
// per slab and the queue's growth room.
func TestMemoryPerInFlightRequest(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates tens of MB")
	}
	for _, n := range []int{50_000, 100_000} {
		b := inFlightBytes(t, n)
		t.Logf("%d in flight: %.0f B each", n, b)
		if b > 160 {
			t.Errorf("%d in flight: %.0f B of live heap each; want at most 160 (issue 13; 152 of structures and growth room)", n, b)
		}
	}
}

// TestSlotSizes pins the layout that TestMemoryPerInFlightRequest's
// budget rests on, so a field added to a request slot or an environment
// shows up here with its cost rather than as a few bytes of drift.
func TestSlotSizes(t *testing.T) {
	for _, tc := range []struct {
		name      string
		got, want uintptr
	}{
		{"reqState", unsafe.Sizeof(reqState{}), 56},
		{"env", unsafe.Sizeof(env{}), 64},
	} {
		if tc.got != tc.want {
			t.Errorf("unsafe.Sizeof(%s{}) = %d; want %d (issue 13: ≤ 160 B per request in flight)", tc.name, tc.got, tc.want)
		}
	}
}

// BenchmarkMemoryPerInFlight reports the live heap per request in flight
// (B/in-flight) at 10,000, 100,000 and 1,000,000 requests running at once.
func BenchmarkMemoryPerInFlight(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprint("inflight=", n), func(b *testing.B) {
			var x float64
			for b.Loop() {
				x = inFlightBytes(b, n)
			}
			b.ReportMetric(x, "B/in-flight")
		})
	}
}
