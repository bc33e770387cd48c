package plots

import (
	"math"
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

// sweepInput decodes a sweep chart's axes and series.
func sweepInput(s *stream) (Header, SweepAxes, []SweepSeries) {
	h := s.header()
	ax := SweepAxes{Parameter: "arrival rate", ParameterUnit: "req/s", Field: "latency p99", FieldUnit: "ms",
		LogX: s.flag(), LogY: s.flag(), Target: s.float(), TargetLabel: "SLO", FewLabel: "hollow: few"}
	if s.flag() {
		ax.FieldUnit = "$"
	}
	series := make([]SweepSeries, s.n(4))
	for i := range series {
		n := s.n(10)
		series[i] = SweepSeries{Model: s.model(), X: s.column(n), Mean: s.column(n), Lo: s.floats(n), Hi: s.floats(n), Few: s.flags(n)}
	}
	return h, ax, series
}

// FuzzSweepChart: whatever values a sweep brings, Sweep draws a chart.
func FuzzSweepChart(f *testing.F) {
	// 0: warm-up; LogX, LogY, target, money; series: count, then each
	// series' point count, model, X, Mean, Lo, Hi, Few
	f.Add(seed(0.0, true, false, 1000.0, false, 1, 3, 0, []float64{1, 10, 100}, []float64{20, 30, 900}, []float64{15, 25, 700}, []float64{25, 35, 1100}, []bool{false, false, true}))
	// the p99 target plotdirs' fuzzing found (1e308)
	f.Add(seed(0.0, false, true, 1e308, false, 1, 2, 0, []float64{1, 2}, []float64{20, 30}, nil, nil, nil))
	// costs of 1e-300 beside 1e12 on a log axis
	f.Add(seed(0.0, true, true, 0.0, true, 2, 2, 0, []float64{1, 2}, []float64{1e-300, 1e12}, nil, nil, nil, 1, 1, []float64{1e308}, []float64{math.Inf(1)}, []float64{math.NaN()}, []float64{-1}, nil))
	f.Add(seed(0.0, false, false, -1.0, false, 1, 3, 2, []float64{5, 5, 5}, []float64{7, 7, 7}, []float64{7, 7, 7}, []float64{7, 7, 7}, nil))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, ax, series := sweepInput(&stream{data})
		drawAll(t, func() *Chart { return Sweep(h, ax, series) })
	})
}
