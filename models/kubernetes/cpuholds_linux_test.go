//go:build linux

package kubernetes

import (
	"testing"
	"time"

	"github.com/execsim/execsim/internal/benchunit"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simtest"
)

// BenchmarkSteadyStateCPU is BenchmarkSteadyState's holds/req in thread
// CPU time instead of wall time, as models/lambda's benchmark of the same
// name: each iteration times 2 M events of the hold model at 1,000 pending
// and then three steady runs on one locked OS thread, and reports the
// median ratio as cpu-holds/req, with the events per request. Thread CPU
// time leaves out other processes' turns on a shared machine, so the
// figure moves far less from run to run than the wall-time one.
func BenchmarkSteadyStateCPU(b *testing.B) {
	cfg := oneDeployment(func(c *Config, d *Deployment) {
		c.NodePools[0].InstanceTypes = []string{"m6i.2xlarge"}
		d.Replicas, d.CPURequestMilli, d.CPULimitMilli = 10, 1000, 1000
	})
	cpuHolds(b, cfg, 500)
}

// BenchmarkContendedCPU is BenchmarkContended in thread CPU time.
func BenchmarkContendedCPU(b *testing.B) {
	cfg := oneDeployment(func(c *Config, d *Deployment) {
		d.Replicas, d.CPURequestMilli = 12, 100
	})
	cpuHolds(b, cfg, 400)
}

// cpuHolds runs cfg under Poisson arrivals at rate (10 ms CPU, 30 ms io,
// as the wall-time benchmarks), three runs an iteration, and reports
// cpu-holds/req (benchunit.CPUHolds) and events/req.
func cpuHolds(b *testing.B, cfg Config, rate float64) {
	const horizon = 200 * time.Second
	var events, reqs int64
	benchunit.CPUHolds(b, func() int64 {
		var n int64
		for range 3 {
			k := sim.New(1)
			c, err := New(k, cfg, simtest.Discard{})
			if err != nil {
				b.Fatal(err)
			}
			src := newPoisson(rate, "exp(mean=10ms)", "exp(mean=30ms)", horizon, 1)
			models.Drive(k, src, c, simtest.Discard{})
			k.RunUntil(sim.At(horizon))
			n += src.Generated()
			events += int64(k.Events())
		}
		reqs += n
		return n
	})
	b.ReportMetric(float64(events)/float64(reqs), "events/req")
}
