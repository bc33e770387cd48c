package plots

import (
	"testing"
)

// FuzzCapacityChart: whatever the levels and the demand hold, Capacity
// draws a chart.
func FuzzCapacityChart(f *testing.F) {
	for _, sd := range seriesSeeds() {
		f.Add(sd)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		h, series := seriesInput(&stream{data})
		drawAll(t, func() *Chart { return Capacity(h, series) })
	})
}
