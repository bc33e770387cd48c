package simtest

import (
	"testing"
	"time"

	"github.com/execsim/execsim/internal/benchunit"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// Benchmark runs one whole simulation per iteration, until horizon: the
// model newModel makes from cfg on a fresh kernel (reporting to a
// Discard) serves a fresh source from newSource. It reports allocations,
// requests and events simulated per second of wall time, events per
// request, and the cost of a request in hold units: its wall time divided
// by one kernel hold event at 1,000 pending measured in the same process
// (internal/benchunit), the machine-neutral figure BENCHMARKS.md quotes.
func Benchmark[C any, M models.Submitter](b *testing.B, horizon time.Duration,
	newModel func(k *sim.Kernel, cfg C, rec models.Recorder) (M, error), cfg C, newSource func() *Poisson) {
	measure(b, true, func() (events, reqs uint64) {
		k := sim.New(1)
		model, err := newModel(k, cfg, Discard{})
		if err != nil {
			b.Fatal(err)
		}
		src := newSource()
		models.Drive(k, src, model, Discard{})
		k.RunUntil(sim.At(horizon))
		return k.Events(), uint64(src.Generated())
	})
}

// measure runs one simulation per iteration (run returns its events and
// requests) and reports Benchmark's figures; events/s only when
// eventsPerSecond.
func measure(b *testing.B, eventsPerSecond bool, run func() (events, reqs uint64)) {
	b.ReportAllocs()
	var events, reqs uint64
	for b.Loop() {
		e, r := run()
		events += e
		reqs += r
	}
	elapsed := b.Elapsed()
	b.StopTimer()
	hold := benchunit.HoldNanos(2_000_000)
	b.ReportMetric(float64(reqs)/elapsed.Seconds(), "requests/s")
	if eventsPerSecond {
		b.ReportMetric(float64(events)/elapsed.Seconds(), "events/s")
	}
	if reqs > 0 {
		b.ReportMetric(float64(events)/float64(reqs), "events/req")
		b.ReportMetric(float64(elapsed.Nanoseconds())/float64(reqs)/hold, "holds/req")
	}
}

// arrivals is a Discard that counts arrivals, for sources that do not
// count what they generate.
type arrivals struct {
	Discard
	n uint64
}

func (a *arrivals) Arrive(sim.Time, *models.Request) { a.n++ }

// BenchmarkSource is Benchmark for any models.Source (a workload.Stream of
// a fleet, say): the driver reports arrivals to a counter, one interface
// call per request that Benchmark does not make, so compare figures of
// BenchmarkSource with each other, not with Benchmark's.
func BenchmarkSource[C any, M models.Submitter](b *testing.B, horizon time.Duration,
	newModel func(k *sim.Kernel, cfg C, rec models.Recorder) (M, error), cfg C, newSource func() models.Source) {
	measure(b, false, func() (events, reqs uint64) {
		k := sim.New(1)
		model, err := newModel(k, cfg, Discard{})
		if err != nil {
			b.Fatal(err)
		}
		count := &arrivals{}
		models.Drive(k, newSource(), model, count)
		k.RunUntil(sim.At(horizon))
		return k.Events(), count.n
	})
}
