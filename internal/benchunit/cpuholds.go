package benchunit

import (
	"runtime"
	"slices"
	"testing"
)

// CPUHolds is the body of a benchmark that reports a model's cost per
// request in hold units of thread CPU time: on one locked OS thread, each
// iteration times 2 M hold events (HoldCPUNanos) and then run, which
// simulates and returns the requests it served, and the median of the
// iterations' ratios is reported as cpu-holds/req. Building what run needs
// is timed with it; a benchmark that must leave set-up out times itself.
func CPUHolds(b *testing.B, run func() (reqs int64)) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var ratios []float64
	for b.Loop() {
		hold := HoldCPUNanos(2_000_000)
		c0 := ThreadCPU()
		n := run()
		ratios = append(ratios, float64(ThreadCPU()-c0)/float64(n)/hold)
	}
	b.ReportMetric(Median(ratios), "cpu-holds/req")
}

// Median sorts x and returns its middle element (the upper one of an even
// count), the figure every benchmark here quotes; x must not be empty.
func Median(x []float64) float64 {
	slices.Sort(x)
	return x[len(x)/2]
}
