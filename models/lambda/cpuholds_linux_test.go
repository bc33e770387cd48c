//go:build linux

package lambda

import (
	"runtime"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/benchunit"
	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/workload"
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
	benchunit.CPUHolds(b, func() int64 {
		var reqs int64
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
		return reqs
	})
}

// arrivalCount is a Discard that counts arrivals.
type arrivalCount struct {
	simtest.Discard
	n int64
}

func (a *arrivalCount) Arrive(sim.Time, *models.Request) { a.n++ }

// BenchmarkFleetCPU is BenchmarkFleet in thread CPU time: each iteration
// times the hold model, then one function and 500 at the same total rate
// (750/s) one after the other on one locked OS thread, and reports each
// one's cpu-holds/req and the median ratio of the two (fleet/single, the
// issue's ≤ 1.3×). Building the model and the stream is not timed.
func BenchmarkFleetCPU(b *testing.B) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	const horizon = 100 * time.Second
	run := func(n int) (cpu time.Duration, reqs int64) {
		cfg, w := fleet(n, 750)
		k := sim.New(1)
		m, err := New(k, cfg, simtest.Discard{})
		if err != nil {
			b.Fatal(err)
		}
		src := workload.NewStream(w, 1, horizon)
		count := &arrivalCount{}
		c0 := benchunit.ThreadCPU()
		models.Drive(k, src, m, count)
		k.RunUntil(sim.At(horizon))
		return benchunit.ThreadCPU() - c0, count.n
	}
	var one, many, ratio []float64
	for b.Loop() {
		hold := benchunit.HoldCPUNanos(2_000_000)
		c1, r1 := run(1)
		c500, r500 := run(500)
		h1 := float64(c1) / float64(r1) / hold
		h500 := float64(c500) / float64(r500) / hold
		one, many, ratio = append(one, h1), append(many, h500), append(ratio, h500/h1)
	}
	b.ReportMetric(benchunit.Median(one), "cpu-holds/req-1")
	b.ReportMetric(benchunit.Median(many), "cpu-holds/req-500")
	b.ReportMetric(benchunit.Median(ratio), "fleet/single")
}

// BenchmarkBusyDayCPU is break-even's costliest run, business-hours' 1,000
// req/s point (3,733 req/s in its busy hours, io 200 ms, ~750
// environments busy), as one function under constant load: a minute of it
// per iteration, in cpu-holds/req as BenchmarkSteadyStateCPU. With a
// Discard recorder it is the model and the kernel alone; with the run's
// metrics.Recorder what a real run adds per request (six gauge reports,
// the window's and the run's latency figures, the batch means). perf10
// measured this day at twice BenchmarkSteadyStateCPU's cost per request;
// BENCHMARKS.md (perf11c) takes that figure apart.
func BenchmarkBusyDayCPU(b *testing.B) {
	const horizon = time.Minute
	for _, withRec := range []bool{false, true} {
		name := "discard"
		if withRec {
			name = "recorder"
		}
		b.Run(name, func(b *testing.B) {
			benchunit.CPUHolds(b, func() int64 {
				k := sim.New(1)
				var rec models.Recorder = simtest.Discard{}
				if withRec {
					mr := metrics.NewRecorder(time.Hour, 1)
					mr.SetSpan(0, horizon)
					rec = mr
				}
				m, err := New(k, oneFunction(nil), rec)
				if err != nil {
					b.Fatal(err)
				}
				src := newPoisson(3733.33, "200ms", horizon, 1)
				models.Drive(k, src, m, rec)
				k.RunUntil(sim.At(horizon))
				return src.Generated()
			})
		})
	}
}
