package workload

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/execsim/execsim/internal/benchunit"

	"github.com/execsim/execsim/sim"
)

// BenchmarkSortArrivals sorts one window of a 500-service fleet: 4,096
// Poisson arrivals over 8 s, drawn source by source as refill draws them.
func BenchmarkSortArrivals(b *testing.B) {
	const n, sources, span = 4096, 500, sim.Time(8e9)
	r := rand.New(rand.NewPCG(1, 2))
	var win []arrival
	for src := range sources {
		var at []sim.Time
		for range n / sources {
			at = append(at, sim.Time(r.Int64N(int64(span))))
		}
		slices.Sort(at)
		for _, t := range at {
			win = append(win, arrival{at: t, svc: int32(src), src: int32(src)})
		}
	}
	a := make([]arrival, len(win))
	var tmp []arrival
	var scratch sortScratch
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c0 := benchunit.ThreadCPU()
	for b.Loop() {
		copy(a, win)
		a, tmp = sortArrivals(a, tmp, 0, span, &scratch)
	}
	b.ReportMetric(float64(benchunit.ThreadCPU()-c0)/float64(b.N*len(win)), "cpu-ns/arrival")
}
