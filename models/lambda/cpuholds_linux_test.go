//go:build linux

package lambda

import (
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/benchunit"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simtest"
)

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
		hold := benchunit.HoldCPUNanos(2_000_000)
		var reqs int64
		c0 := benchunit.ThreadCPU()
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
		ratios = append(ratios, float64(benchunit.ThreadCPU()-c0)/float64(reqs)/hold)
	}
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "cpu-holds/req")
}
