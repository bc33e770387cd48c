//go:build linux

package workload

import (
	"fmt"
	"math"
	"runtime"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/benchunit"
)

// BenchmarkFleetArrivalsCPU is BenchmarkFleetArrivals in thread CPU time
// on one locked OS thread (on a shared machine wall time counts other
// processes' turns): each iteration draws 2,000,000 requests from one
// service and from 500 at the same total rate, and reports the median
// CPU time per request of each and of their ratio.
func BenchmarkFleetArrivalsCPU(b *testing.B) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	const draws = 2_000_000
	streams := map[int]*Stream{}
	for _, n := range []int{1, 500} {
		streams[n] = NewStream(fleetConfig(n, 750), 1, time.Duration(math.MaxInt64))
	}
	perReq := map[int][]float64{}
	var ratio []float64
	for b.Loop() {
		for _, n := range []int{1, 500} {
			s := streams[n]
			c0 := benchunit.ThreadCPU()
			for range draws {
				if _, ok := s.Next(); !ok {
					b.Fatal("stream ended")
				}
			}
			perReq[n] = append(perReq[n], float64(benchunit.ThreadCPU()-c0)/draws)
		}
		ratio = append(ratio, perReq[500][len(perReq[500])-1]/perReq[1][len(perReq[1])-1])
	}
	for _, n := range []int{1, 500} {
		b.ReportMetric(benchunit.Median(perReq[n]), fmt.Sprintf("cpu-ns/req-%d", n))
	}
	b.ReportMetric(benchunit.Median(ratio), "fleet/single")
}
