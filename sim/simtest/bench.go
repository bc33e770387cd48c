package simtest

import (
	"testing"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// Benchmark runs one whole simulation per iteration, until horizon, of the
// model that build makes on a fresh kernel (reporting to rec) serving the
// source build returns. It reports allocations, and requests and events
// simulated per second of wall time.
func Benchmark(b *testing.B, horizon time.Duration, build func(k *sim.Kernel, rec models.Recorder) (models.Submitter, *Poisson, error)) {
	b.ReportAllocs()
	var events, reqs uint64
	for b.Loop() {
		k := sim.New(1)
		model, src, err := build(k, Discard{})
		if err != nil {
			b.Fatal(err)
		}
		models.Drive(k, src, model, Discard{})
		k.RunUntil(sim.At(horizon))
		events += k.Events()
		reqs += uint64(src.Generated())
	}
	b.ReportMetric(float64(reqs)/b.Elapsed().Seconds(), "requests/s")
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}
