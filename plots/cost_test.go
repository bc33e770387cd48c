package plots

import (
	"testing"
)

// FuzzCostChart: whatever each window cost, CumulativeCost draws a chart.
func FuzzCostChart(f *testing.F) {
	for _, sd := range seriesSeeds() {
		f.Add(sd)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		h, series := seriesInput(&stream{data})
		drawAll(t, func() *Chart { return CumulativeCost(h, series) })
	})
}
