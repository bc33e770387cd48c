package kubernetes

import (
	"fmt"
	"testing"
	"time"

	"github.com/execsim/execsim/sim/simtest"
)

// BenchmarkLeastOutstanding is the per-request cost of least-outstanding
// routing at 10, 100 and 1,000 serving pods, the same stream each time
// (2,000 req/s of 1 ms CPU and 10 ms I/O): with the tree the cost per
// request stays flat where the scan grew with the pods (issue 13 item 5).
// BenchmarkRoundRobin is the same without the choice, for comparison.
func BenchmarkLeastOutstanding(b *testing.B) { benchRouting(b, ALBLeastOutstanding) }

func BenchmarkRoundRobin(b *testing.B) { benchRouting(b, ALBRoundRobin) }

func benchRouting(b *testing.B, r Routing) {
	for _, pods := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("pods=%d", pods), func(b *testing.B) {
			cfg := oneDeployment(func(c *Config, d *Deployment) {
				// 100m pods, 60 to an m6i.4xlarge (16 vCPU, 234 pods by ENI)
				nodes := (pods + 59) / 60
				c.NodePools[0].InstanceTypes = []string{"m6i.4xlarge"}
				c.NodePools[0].Nodes, c.NodePools[0].MaxNodes = nodes, nodes
				d.Replicas, d.CPURequestMilli, d.CPULimitMilli = pods, 100, 1000
				d.Routing = r
			})
			simtest.Benchmark(b, 60*time.Second, New, cfg, func() *simtest.Poisson {
				return newPoisson(2000, "exp(mean=1ms)", "exp(mean=10ms)", 60*time.Second, 1)
			})
		})
	}
}
