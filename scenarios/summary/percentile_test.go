package summary_test

import (
	"fmt"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/summary"
)

// Percentiles follow one rule on every platform: a constant service prints
// the same percentiles everywhere, exactly its value, though Lambda's cold
// starts put a tail above it that Kubernetes and the pool do not have (the
// tail moved Lambda's p50 of a 200-ms service to 200.1 ms when the
// histogram reported the upper edge of a bucket).
func TestEqualDistributionsPrintEqualPercentiles(t *testing.T) {
	for _, io := range []string{"200ms", "149.9ms", "1234.567ms"} {
		t.Run(io, func(t *testing.T) {
			res := platformtest.Run(t, fmt.Sprintf(`name: constant
seed: 3
duration: 5m
workload:
  arrivals: {ratePerSecond: 20}
  work: {io: "%s", cpu: "0s"}
lambda: {platformOverhead: "0s"}
kubernetes: {replicas: 4}
pool: {servers: 50}
`, io), platformtest.Pool{})
			s := summary.Of(res, false)
			want := s.Models.Get("kubernetes").LatencyMs
			if l := s.Models.Get("lambda"); l.ColdStarts == 0 || l.LatencyMs.Max <= want.Max {
				t.Fatalf("lambda: %d cold starts, max %v ms; the test wants a cold-start tail above %v ms", l.ColdStarts, l.LatencyMs.Max, want.Max)
			}
			if want.P50 != want.Max || want.P99 != want.Max {
				t.Errorf("kubernetes latency %+v; want every percentile at the constant %v", want, want.Max)
			}
			for _, m := range s.Models {
				got := m.LatencyMs
				if got.P50 != want.P50 || got.P90 != want.P90 || got.P95 != want.P95 || got.P99 != want.P99 {
					t.Errorf("%s: p50 %v p90 %v p95 %v p99 %v ms; kubernetes %v %v %v %v",
						m.Name, got.P50, got.P90, got.P95, got.P99, want.P50, want.P90, want.P95, want.P99)
				}
			}
		})
	}
}
