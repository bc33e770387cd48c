//go:build linux

package lambda

import (
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simtest"
)

// threadCPU is the CPU time the calling OS thread has used.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(1, &ru) // RUSAGE_THREAD
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cpuHolder is simtest's hold model (the unit), re-created here so it can
// be timed on one locked thread.
type cpuHolder struct{ x uint64 }

func (h *cpuHolder) Handle(k *sim.Kernel, ev sim.Event) {
	h.x ^= h.x << 13
	h.x ^= h.x >> 7
	h.x ^= h.x << 17
	k.Schedule(sim.Event{At: k.Now() + sim.Time(h.x%uint64(time.Millisecond)), Kind: ev.Kind, ID: ev.ID, To: h})
}

// BenchmarkSteadyStateCPU is BenchmarkSteadyState's holds/req in thread
// CPU time instead of wall time: each iteration times 2 M events of the
// hold model at 1,000 pending and then three steady runs on one locked OS
// thread, and reports the median ratio as cpu-holds/req. On a shared
// machine wall times include other processes' turns; thread CPU time does
// not, so this figure moves far less from run to run (BENCHMARKS.md).
func BenchmarkSteadyStateCPU(b *testing.B) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var ratios []float64
	for b.Loop() {
		k := sim.New(1)
		h := &cpuHolder{x: 88172645463325252}
		for i := range 1000 {
			k.Schedule(sim.Event{At: sim.Time(i), ID: int64(i), To: h})
		}
		c0 := threadCPU()
		for range 2_000_000 {
			k.Step()
		}
		hold := float64(threadCPU()-c0) / 2e6
		var reqs int64
		c0 = threadCPU()
		for range 3 {
			k := sim.New(1)
			m, err := New(k, oneFunction(nil), simtest.Discard{})
			if err != nil {
				b.Fatal(err)
			}
			src := newPoisson(500, "exp(mean=30ms)", 200*time.Second, 1)
			models.Drive(k, src, m, simtest.Discard{})
			k.RunUntil(sim.At(200 * time.Second))
			reqs += src.Generated()
		}
		ratios = append(ratios, float64(threadCPU()-c0)/float64(reqs)/hold)
	}
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "cpu-holds/req")
}
