package plots

import (
	"os"
	"testing"
)

// TestWriteSamples writes every chart of the fixtures, PNG and SVG, to the
// directory in PLOTS_SAMPLES (skipped when unset): the way to look at the
// charts after changing them. TestEdgeCases then writes its odd inputs'
// charts to DIR/edge.
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("PLOTS_SAMPLES")
	if dir == "" {
		t.Skip("set PLOTS_SAMPLES=DIR to write the sample charts there")
	}
	series := seriesFixtures(180, 10)
	charts := map[string]*Chart{
		"cdf":       LatencyCDF(testHeader, cdfFixtures(120)),
		"latency":   LatencyOverTime(testHeader, series),
		"outcomes":  Outcomes(testHeader, series),
		"capacity":  Capacity(testHeader, series),
		"cost":      CumulativeCost(testHeader, series),
		"breakeven": BreakEven(testHeader, costFixtures(17)),
		"fleet":     Fleet(testHeader, Kubernetes, Lambda, fleetFixture(500)),
		"sweep":     Sweep(testHeader, SweepAxes{Parameter: "Lambda reserved concurrency", ParameterUnit: "environments", Field: "latency p99", FieldUnit: "ms", LogY: true}, sweepFixtures()),
	}
	small := seriesFixtures(36, 50)
	charts["latency-small"] = LatencyOverTime(testHeader, small)
	charts["capacity-small"] = Capacity(testHeader, small)
	for name, c := range charts {
		if err := Save(c, dir, name); err != nil {
			t.Fatal(err)
		}
	}
}
