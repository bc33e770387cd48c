package kubernetes

import (
	"runtime"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simtest"
)

// heapWithInFlight runs 1,000 req/s for secs seconds into ten pods with
// room for every request (so none ends before the measurement) and
// returns the live heap after a GC, with the cluster and the kernel alive,
// and the number of requests in flight.
func heapWithInFlight(tb testing.TB, secs int, cpu, io string) (heap uint64, inFlight int64) {
	cfg := oneDeployment(func(c *Config, d *Deployment) {
		instant(d)
		d.Replicas, d.CPURequestMilli = 10, 100
		d.Concurrency, d.Queue, d.Timeout = 1_000_000, 0, 2*time.Hour
	})
	k := sim.New(1)
	c, err := New(k, cfg, simtest.Discard{})
	if err != nil {
		tb.Fatal(err)
	}
	src := simtest.NewPoisson(1000, dist.MustParse(cpu), dist.MustParse(io), time.Duration(secs)*time.Second, 1)
	models.Drive(k, src, c, simtest.Discard{})
	k.RunUntil(sim.At(time.Duration(secs) * time.Second))
	for i := range int32(c.reqs.Len()) {
		if c.reqs.At(i).live {
			inFlight++
		}
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	runtime.KeepAlive(k)
	runtime.KeepAlive(c)
	return ms.HeapAlloc, inFlight
}

// bytesPerInFlight is the live heap a request in flight adds: the heap at
// about 200,000 in flight less the heap at about 2,000, over the
// difference in requests (issue 13 item 4: ≤ 160 B on either platform).
func bytesPerInFlight(tb testing.TB, cpu, io string) float64 {
	h0, n0 := heapWithInFlight(tb, 2, cpu, io)
	h1, n1 := heapWithInFlight(tb, 200, cpu, io)
	if n1-n0 < 150_000 {
		tb.Fatalf("%d and %d requests in flight; want about 2,000 and 200,000", n0, n1)
	}
	return (float64(h1) - float64(h0)) / float64(n1-n0)
}

// Requests waiting on their I/O, and requests sharing their pod's CPU,
// each hold at most 160 B of live heap.
func TestBytesPerInFlight(t *testing.T) {
	for _, tc := range []struct{ name, cpu, io string }{
		{"io", "0s", "1h"},
		{"cpu", "1h", "0s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := bytesPerInFlight(t, tc.cpu, tc.io)
			t.Logf("%.0f B of live heap per request in flight", b)
			if b > 160 {
				t.Errorf("%.0f B per request in flight; want at most 160", b)
			}
		})
	}
}
