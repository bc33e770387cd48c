package simtest

import (
	"testing"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// Benchmark runs one whole simulation per iteration, until horizon: the
// model newModel makes from cfg on a fresh kernel (reporting to a
// Discard) serves a fresh source from newSource. It reports allocations,
// and requests and events simulated per second of wall time.
func Benchmark[C any, M models.Submitter](b *testing.B, horizon time.Duration,
	newModel func(k *sim.Kernel, cfg C, rec models.Recorder) (M, error), cfg C, newSource func() *Poisson) {
	b.ReportAllocs()
	var events, reqs uint64
	for b.Loop() {
		k := sim.New(1)
		model, err := newModel(k, cfg, Discard{})
		if err != nil {
			b.Fatal(err)
		}
		src := newSource()
		models.Drive(k, src, model, Discard{})
		k.RunUntil(sim.At(horizon))
		events += k.Events()
		reqs += uint64(src.Generated())
	}
	b.ReportMetric(float64(reqs)/b.Elapsed().Seconds(), "requests/s")
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}
