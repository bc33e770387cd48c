package plots

import (
	"strings"
	"testing"
)

// The confidence band's legend swatch is drawn in the bands' own colours
// (issue 10): each band's fill appears twice, in the band and in the
// swatch, and a band of zero height adds no colour to the swatch.
func TestSweepBandLegendMatchesBands(t *testing.T) {
	ss := sweepFixtures()
	svg := string(render(t, Sweep(testHeader, SweepAxes{Parameter: "arrival rate", ParameterUnit: "req/s", Field: "latency p99", FieldUnit: "ms"}, ss), "svg"))
	for _, fill := range []string{"fill:#326EE6;fill-opacity:0.2", "fill:#E17800;fill-opacity:0.2"} {
		if n := strings.Count(svg, fill); n != 2 {
			t.Errorf("%s appears %d times; want 2 (the band and its legend swatch)", fill, n)
		}
	}
	flat := ss[0]
	flat.Lo, flat.Hi = flat.Mean, flat.Mean
	svg = string(render(t, Sweep(testHeader, SweepAxes{Parameter: "arrival rate"}, []SweepSeries{flat, ss[1]}), "svg"))
	if n := strings.Count(svg, "fill:#326EE6;fill-opacity:0.2"); n != 1 {
		t.Errorf("a zero-height band's colour appears %d times; want once (the band only)", n)
	}
}
