package plots

import (
	"bytes"
	"testing"

	"github.com/execsim/execsim/internal/golden"
)

// The charts over time shade a run's warm-up and say so in the legend;
// without one they are as before. The golden shows the latency chart
// with the first five minutes shaded.
func TestWarmupShade(t *testing.T) {
	series := seriesFixtures(36, 50)
	warm := testHeader
	warm.WarmupS = 300
	for name, chart := range map[string]func(Header, []Series) *Chart{
		"latency": LatencyOverTime, "outcomes": Outcomes, "capacity": Capacity, "cost": CumulativeCost,
	} {
		t.Run(name, func(t *testing.T) {
			with, without := render(t, chart(warm, series), "svg"), render(t, chart(testHeader, series), "svg")
			if !bytes.Contains(with, []byte("warm-up")) || bytes.Contains(without, []byte("warm-up")) {
				t.Errorf("the legend names the warm-up: %v with one, %v without",
					bytes.Contains(with, []byte("warm-up")), bytes.Contains(without, []byte("warm-up")))
			}
		})
	}
	golden.Check(t, "testdata/latency-warmup.svg", render(t, LatencyOverTime(warm, series), "svg"))
}
