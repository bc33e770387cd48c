package scenarios

import (
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/runner"
)

// BenchmarkScenario runs whole built-in scenarios: events/s over all models,
// and how many simulated seconds one wall second covers.
func BenchmarkScenario(b *testing.B) {
	for _, name := range []string{"steady", "burst-quota", "business-hours", "azure-500"} {
		b.Run(name, func(b *testing.B) {
			plan, err := Load(BuiltinPrefix+name, nil, platformtest.Registry())
			if err != nil {
				b.Fatal(err)
			}
			var events uint64
			b.ReportAllocs()
			for b.Loop() {
				res, err := runner.Run(plan, runner.Options{})
				if err != nil {
					b.Fatal(err)
				}
				events += res.Events()
			}
			sec := b.Elapsed().Seconds()
			b.ReportMetric(float64(events)/sec, "events/s")
			b.ReportMetric(plan.Duration.Seconds()*float64(b.N)/sec, "sim-s/s")
		})
	}
}
