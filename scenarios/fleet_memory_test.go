package scenarios

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/summary"
)

// fleetYAML is where TestFleetMemory writes its generated scenario, for a
// whole-process measurement:
//
//	go test ./scenarios -run TestFleetMemory -fleet.yaml /tmp/fleet-10000.yaml
//	/usr/bin/time -v execsim run /tmp/fleet-10000.yaml --out /tmp/fleet
var fleetYAML = flag.String("fleet.yaml", "", "TestFleetMemory: write the generated 10,000-service scenario to this file")

// fleetScenario is a generated fleet of n services written out as a
// services: list: four in five near idle (one request every 50–500 s),
// one in five steady (0.05–0.5 req/s), each its own Deployment with its
// own HPA on a shared cluster-autoscaled pool, and its own function.
func fleetScenario(n int, duration time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, `name: fleet-%d
description: a generated fleet of %d services, 80 %% near idle and 20 %% steady (issue 9 memory check)
seed: 9
duration: %v
window: 5m
kubernetes:
  nodePools: [{name: general, instanceTypes: [m6i.xlarge], nodes: %d, minNodes: %d, maxNodes: %d}]
  nodeAutoscaler: cluster-autoscaler
  replicas: 1
  cpuRequestMilli: 50
  memoryRequestMiB: 128
  hpa: {minReplicas: 1, maxReplicas: 3, metric: cpu, targetCPUUtilizationPercent: 70}
lambda: {memoryMB: 256, runtime: go}
services:
`, n, n, duration, n/54+1, n/54+1, n/20)
	for i := range n {
		// a fixed pseudo-random spread of rates, no random stream needed
		h := uint64(i)*0x9E3779B97F4A7C15 + 1
		h ^= h >> 29
		frac := float64(h%1000) / 1000
		rate := 0.002 + 0.018*frac // near idle
		if i%5 == 0 {
			rate = 0.05 + 0.45*frac // steady
		}
		fmt.Fprintf(&b, "  - {name: svc-%05d, arrivals: {process: poisson, ratePerSecond: %.4f}, work: {cpu: \"exp(mean=10ms)\", io: \"lognormal(p50=30ms,p99=300ms)\"}}\n", i, rate)
	}
	return b.String()
}

// A generated fleet of 10,000 services runs on both platforms in well
// under 1 GiB (issue 9 item 8): the per-service statistics are sketches of
// a few hundred bytes to a few kilobytes (internal/metrics
// BenchmarkSketchFleet). The heap in use after the run, with both
// platforms' results alive, is checked here; BENCHMARKS.md has the
// whole process's peak RSS from /usr/bin/time -v.
func TestFleetMemory(t *testing.T) {
	const n = 10_000
	if *fleetYAML != "" {
		if err := os.WriteFile(*fleetYAML, []byte(fleetScenario(n, 30*time.Minute)), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Skipf("wrote %s", *fleetYAML)
	}
	if testing.Short() {
		t.Skip("a 10,000-service run takes about a minute")
	}
	start := time.Now()
	res := platformtest.Run(t, fleetScenario(n, 5*time.Minute))
	wall := time.Since(start)
	s := summary.Of(res, false)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("%d services, %d requests, %d events in %v; heap in use after the run %.0f MB, obtained from the OS %.0f MB",
		n, res.Arrivals(), res.Events(), wall.Round(time.Millisecond), float64(ms.HeapInuse)/1e6, float64(ms.Sys)/1e6)
	if ms.Sys > 1<<30 {
		t.Errorf("the run took %.0f MB from the OS; want under 1 GiB", float64(ms.Sys)/1e6)
	}
	for _, m := range s.Models {
		if len(m.Services) != n {
			t.Errorf("%s lists %d services; want %d", m.Name, len(m.Services), n)
		}
	}
	runtime.KeepAlive(res)
}
