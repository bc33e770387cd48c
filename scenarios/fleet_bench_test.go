package scenarios

import (
	"fmt"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/benchunit"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
)

// splitScenario is the same 500 req/s and the same 1,000 pods on the same
// nodes, as one service (one Deployment of 1,000 replicas, one function)
// or as n services of 500/n req/s (n Deployments of 1,000/n replicas, n
// functions). Replica counts are fixed (no HPA, no node autoscaler) so that
// the two differ only in how the traffic is split into services: what the
// split costs per request is the per-service bookkeeping (the recorder's
// per-service statistics, each service's deployment and function, the
// merge of n arrival streams).
func splitScenario(n int, duration time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, `name: split-%d
seed: 13
duration: %v
window: 5m
kubernetes:
  nodePools: [{name: general, instanceTypes: [m6i.xlarge], nodes: 30, minNodes: 30, maxNodes: 30}]
  replicas: %d
  cpuRequestMilli: 100
  memoryRequestMiB: 256
  concurrency: 20
lambda: {memoryMB: 256, runtime: go}
services:
`, n, duration, 1000/n)
	for i := range n {
		fmt.Fprintf(&b, "  - {name: svc-%03d, arrivals: {process: poisson, ratePerSecond: %g}, work: {cpu: \"exp(mean=5ms)\", io: \"lognormal(p50=30ms,p99=300ms)\"}}\n", i, 500/float64(n))
	}
	return b.String()
}

// BenchmarkFleetVsSingle runs 20 minutes of 500 req/s through each
// platform as one service and as a fleet of 500, whole runs through the
// runner (recorders, per-service statistics, costs), and reports the cost
// per request in hold units (sim/benchunit.HoldNanos) and in CPU time (the
// process's, the garbage collector's included): issue 13 item 2 wants the
// fleet within 1.3× of the single service.
func BenchmarkFleetVsSingle(b *testing.B) {
	for _, model := range []string{"kubernetes", "lambda"} {
		for _, n := range []int{1, 500} {
			b.Run(fmt.Sprintf("%s/services=%d", model, n), func(b *testing.B) {
				plan := platformtest.Plan(b, splitScenario(n, 20*time.Minute))
				b.ReportAllocs()
				var reqs int64
				var events uint64
				cpu0 := cpuTime()
				for b.Loop() {
					res, err := runner.Run(plan, runner.Options{Platforms: []string{model}})
					if err != nil {
						b.Fatal(err)
					}
					reqs += res.Arrivals()
					events += res.Events()
				}
				elapsed := b.Elapsed()
				cpu := cpuTime() - cpu0
				b.StopTimer()
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(reqs), "cpu-ns/req")
				hold := benchunit.HoldNanos(2_000_000)
				b.ReportMetric(float64(events)/float64(reqs), "events/req")
				b.ReportMetric(float64(elapsed.Nanoseconds())/float64(reqs)/hold, "holds/req")
			})
		}
	}
}

// BenchmarkFleetVsSingleCPU is BenchmarkFleetVsSingle with the two runs
// of a model paired: each iteration runs the single service and then the
// fleet of 500, whole runs through the runner, and times each in CPU time
// of the process (the runner's goroutines and the garbage collector's
// included), beside 2 M hold events in thread CPU time. On a shared machine
// the neighbours' load moves from second to second; a pair's ratio, from
// runs a second apart, moves much less than the ratio of two
// sub-benchmarks' means. It reports the medians of the iterations' per-
// request cost of each run (cpu-ns and cpu-holds) and of their ratios.
func BenchmarkFleetVsSingleCPU(b *testing.B) {
	for _, model := range []string{"kubernetes", "lambda"} {
		b.Run(model, func(b *testing.B) {
			plans := map[int]*scenario.Plan{}
			for _, n := range []int{1, 500} {
				plans[n] = platformtest.Plan(b, splitScenario(n, 20*time.Minute))
			}
			perReq := map[int][]float64{}
			holds := map[int][]float64{}
			var ratio []float64
			for b.Loop() {
				runtime.LockOSThread()
				hold := benchunit.HoldCPUNanos(2_000_000)
				runtime.UnlockOSThread()
				for _, n := range []int{1, 500} {
					cpu0 := cpuTime()
					res, err := runner.Run(plans[n], runner.Options{Platforms: []string{model}})
					if err != nil {
						b.Fatal(err)
					}
					ns := float64((cpuTime() - cpu0).Nanoseconds()) / float64(res.Arrivals())
					perReq[n] = append(perReq[n], ns)
					holds[n] = append(holds[n], ns/hold)
				}
				ratio = append(ratio, perReq[500][len(perReq[500])-1]/perReq[1][len(perReq[1])-1])
			}
			for _, n := range []int{1, 500} {
				b.ReportMetric(benchunit.Median(perReq[n]), fmt.Sprintf("cpu-ns/req-%d", n))
				b.ReportMetric(benchunit.Median(holds[n]), fmt.Sprintf("cpu-holds/req-%d", n))
			}
			b.ReportMetric(benchunit.Median(ratio), "fleet/single")
		})
	}
}

// cpuTime is the CPU time the process has used (user and system): on a
// shared machine it moves less with the neighbours' load than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
