package plots

import (
	"slices"
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

// Points whose value rests on few requests are drawn hollow, in the
// series' own shape, and the legend names them; a sweep without such
// points has no legend entry (walk report 3).
func TestSweepFewPointsHollow(t *testing.T) {
	ax := SweepAxes{Parameter: "arrival rate", Field: "latency p99", FieldUnit: "ms", FewLabel: "hollow: p99 from fewer than 100 requests per run"}
	legendHas := func(c *Chart, label string) bool {
		for _, e := range c.legend {
			if e.label == label {
				return true
			}
		}
		return false
	}
	ss := sweepFixtures()
	if c := Sweep(testHeader, ax, ss); legendHas(c, ax.FewLabel) {
		t.Errorf("no point is few, yet the legend has %q", ax.FewLabel)
	}
	// Lambda's first two points, listed out of order: the marks follow
	// their points when the series is sorted by x
	l := ss[1]
	l.X = []float64{400, 100, 200, 800}
	l.Mean = []float64{330, 1900, 640, 310}
	l.Lo, l.Hi = nil, nil
	l.Few = []bool{false, true, true, false}
	x, _, _, _, few := sortedByX(l)
	if !slices.Equal(x, []float64{100, 200, 400, 800}) || !slices.Equal(few, []bool{true, true, false, false}) {
		t.Errorf("sorted x %v, few %v; want the few marks to follow 100 and 200", x, few)
	}
	c := Sweep(testHeader, ax, []SweepSeries{ss[0], l})
	if !legendHas(c, ax.FewLabel) {
		t.Errorf("the legend lacks %q", ax.FewLabel)
	}
	svg := string(render(t, c, "svg"))
	if !strings.Contains(svg, "hollow: p99 from fewer than 100 requests per run") {
		t.Error("the SVG lacks the legend entry")
	}
}
