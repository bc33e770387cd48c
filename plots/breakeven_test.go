package plots

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/execsim/execsim/internal/golden"
)

// sloFixture is costFixtures(9) with Kubernetes missing the SLO at its two
// highest rates: the costs cross between a point where it meets it and one
// where it does not, and above the crossing it is cheaper only by refusing.
func sloFixture() (*Chart, []CostCurve) {
	cs := costFixtures(9)
	cs[0].MeetsSLO = []bool{true, true, true, true, true, true, true, false, false}
	cs[1].MeetsSLO = make([]bool, 9)
	for i := range cs[1].MeetsSLO {
		cs[1].MeetsSLO[i] = true
	}
	return BreakEvenWith(testHeader, cs, BreakEvenOptions{
		SLO: "p99 ≤ 1s, refused ≤ 0.10 %",
		Notes: []string{
			"Lambda is cheaper from 0.1 to 100 req/s, both meeting the SLO.",
			"Kubernetes is cheaper from 316 to 1,000 req/s only because it refuses 4.00–12.00 % of requests (SLO: p99 ≤ 1s, refused ≤ 0.10 %); Lambda meets it.",
		},
		OnlyByMissing: [][2]float64{{178, 1000}},
	}), cs
}

// The SLO-aware break-even chart: hollow markers where Kubernetes misses
// the SLO, the crossing drawn grey as "costs cross" (not a break-even),
// the hatched range and its legend, the caller's notes. `go test ./plots
// -update` rewrites testdata/breakeven-slo.svg; look at the PNG too.
func TestBreakEvenSLOGolden(t *testing.T) {
	c, _ := sloFixture()
	svg := render(t, c, "svg")
	golden.Check(t, "testdata/breakeven-slo.svg", svg)
	for _, w := range []string{"costs cross ≈ 100 req/s, Kubernetes misses the SLO", "hollow: misses the SLO (p99 ≤ 1s, refused ≤ 0.10 %)",
		"cheaper only by missing the SLO", "only because it refuses"} {
		if !bytes.Contains(svg, []byte(w)) {
			t.Errorf("chart lacks %q", w)
		}
	}
	if bytes.Contains(svg, []byte("break-even ≈")) {
		t.Errorf("chart calls a crossing where Kubernetes misses the SLO a break-even")
	}
	if !bytes.Equal(svg, render(t, c, "svg")) {
		t.Errorf("drawing the chart twice gave different bytes")
	}
}

// Where both meet the SLO on both sides of a crossing it stays a
// break-even, and without verdicts (MeetsSLO nil) the chart is as before.
func TestBreakEvenSLOCompliantCrossing(t *testing.T) {
	cs := costFixtures(9)
	cs[0].MeetsSLO = []bool{true, true, true, true, true, true, true, true, false}
	svg := string(render(t, BreakEvenWith(testHeader, cs, BreakEvenOptions{SLO: "p99 ≤ 1s"}), "svg"))
	if !strings.Contains(svg, "break-even ≈") || strings.Contains(svg, "costs cross") {
		t.Errorf("a crossing with both meeting the SLO on both sides is not drawn as a break-even")
	}
	if !strings.Contains(svg, "hollow: misses the SLO (p99 ≤ 1s)") {
		t.Errorf("no legend entry for the hollow point")
	}
	plain := render(t, BreakEven(testHeader, costFixtures(9)), "svg")
	if !bytes.Equal(plain, render(t, BreakEvenWith(testHeader, costFixtures(9), BreakEvenOptions{}), "svg")) {
		t.Errorf("BreakEven and BreakEvenWith without options differ")
	}
}

func TestBreakEvenSLOVerdictsLength(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("no panic for 9 rates and 2 SLO verdicts")
		}
	}()
	cs := costFixtures(9)
	cs[0].MeetsSLO = []bool{true, false}
	BreakEvenWith(testHeader, cs, BreakEvenOptions{})
}

// Crossings given by the caller are the ones marked, judged as given.
func TestBreakEvenGivenCrossings(t *testing.T) {
	cs := costFixtures(9)
	svg := string(render(t, BreakEvenWith(testHeader, cs, BreakEvenOptions{Crossings: []CrossingMark{
		{A: Kubernetes, B: Lambda, RatePerSecond: 42, MonthlyUSD: 200},
		{A: Kubernetes, B: Lambda, RatePerSecond: 420, MonthlyUSD: 500, Misses: []string{"Kubernetes"}},
	}}), "svg"))
	for _, w := range []string{"break-even ≈ 42 req/s ($200/month)", "costs cross ≈ 420 req/s, Kubernetes misses the SLO"} {
		if !strings.Contains(svg, w) {
			t.Errorf("chart lacks %q", w)
		}
	}
	if strings.Contains(svg, "break-even ≈ 1") { // the fixture's own crossing near 110 req/s
		t.Errorf("chart marks a crossing it found itself besides the given ones")
	}
}

// A jump is drawn as no break-even, with the caller's label, and the
// footnote says what a month is for a shaped run.
func TestBreakEvenJumpAndMonth(t *testing.T) {
	cs := costFixtures(9)
	svg := string(render(t, BreakEvenWith(testHeader, cs, BreakEvenOptions{
		Crossings: []CrossingMark{{A: Kubernetes, B: Lambda, RatePerSecond: 42, MonthlyUSD: 300, Jump: "AWS Lambda jumps $200 → $400"}},
		Month:     "730 h of the run's 2h0m0s traffic shape, repeated and scaled to the average rate on the x-axis",
	}), "svg"))
	for _, w := range []string{"AWS Lambda jumps $200 → $400 at ≈ 42 req/s: no break-even", "a cost jumps past the other&#39;s: no break-even",
		"Monthly cost: 730 h of the run&#39;s 2h0m0s traffic shape"} {
		if !strings.Contains(svg, w) {
			t.Errorf("chart lacks %q", w)
		}
	}
	for _, w := range []string{"break-even ≈", "constant average rate"} {
		if strings.Contains(svg, w) {
			t.Errorf("chart has %q", w)
		}
	}
}

// A jump whose label lists many moved services keeps its first part by
// the mark and goes whole into a footnote: drawn whole, it ran off the
// chart's left edge over the panel's title (walkfix's chart of a
// four-service move).
func TestBreakEvenLongJumpLabelIsFootnoted(t *testing.T) {
	cs := costFixtures(9)
	long := "Hybrid jumps $580 → $861 (orders to Lambda, images to Lambda, export to Lambda and webhooks to Lambda)"
	svg := string(render(t, BreakEvenWith(testHeader, cs, BreakEvenOptions{
		Crossings: []CrossingMark{{A: Kubernetes, B: Lambda, RatePerSecond: 350, MonthlyUSD: 700, Jump: long}},
	}), "svg"))
	for _, w := range []string{"Hybrid jumps $580 → $861 at ≈ 350 req/s: no break-even",
		"Hybrid jumps $580 → $861 at ≈ 350 req/s (orders to Lambda, images to Lambda, export to Lambda and webhooks to Lambda)."} {
		if !strings.Contains(svg, w) {
			t.Errorf("chart lacks %q", w)
		}
	}
	if strings.Contains(svg, long+" at") {
		t.Errorf("chart draws the whole long label by its mark")
	}
}

// A point where no request arrived is not judged: it is not drawn hollow
// (it did not miss the SLO), and a crossing next to one is no break-even,
// labelled so.
func TestBreakEvenNotJudged(t *testing.T) {
	cs := costFixtures(9)
	cs[0].MeetsSLO, cs[0].NotJudged = make([]bool, 9), make([]bool, 9)
	for i := range cs[0].MeetsSLO {
		cs[0].MeetsSLO[i] = i > 0
	}
	cs[0].NotJudged[0] = true
	if miss := cs[0].missed(cs[0].MonthlyUSD); len(miss) != 0 {
		t.Errorf("points drawn hollow %v; want none (the one without arrivals is not judged)", miss)
	}
	svg := string(render(t, BreakEvenWith(testHeader, cs, BreakEvenOptions{SLO: "p99 ≤ 1s", Crossings: []CrossingMark{
		{A: Kubernetes, B: Lambda, RatePerSecond: 0.2, MonthlyUSD: 200, NotJudged: true},
	}}), "svg"))
	for _, w := range []string{"costs cross ≈ 0.2 req/s, no request arrived: not judged", "costs cross where no request arrived (not judged)"} {
		if !strings.Contains(svg, w) {
			t.Errorf("chart lacks %q", w)
		}
	}
	for _, w := range []string{"break-even ≈", "hollow: misses"} {
		if strings.Contains(svg, w) {
			t.Errorf("chart has %q", w)
		}
	}
}

// breakEvenInput decodes cost curves and a break-even chart's options.
func breakEvenInput(s *stream) (Header, []CostCurve, BreakEvenOptions, bool) {
	h := s.header()
	curves := make([]CostCurve, s.n(4))
	for i := range curves {
		n := s.n(10)
		curves[i] = CostCurve{Model: s.model(), RatePerSecond: s.column(n), MonthlyUSD: s.column(n),
			PerMillionUSD: s.floats(n), MeetsSLO: s.flags(n), NotJudged: s.flags(n)}
	}
	var o BreakEvenOptions
	for range s.n(3) {
		o.OnlyByMissing = append(o.OnlyByMissing, [2]float64{s.float(), s.float()})
	}
	for range s.n(4) {
		m := CrossingMark{A: s.model(), B: s.model(), RatePerSecond: s.float(), MonthlyUSD: s.float(), NotJudged: s.flag()}
		if s.flag() {
			m.Misses = []string{"AWS Lambda"}
		}
		if s.flag() {
			m.Jump = "the hybrid jumps"
		}
		o.Crossings = append(o.Crossings, m)
	}
	if s.flag() {
		o.SLO, o.Month = "p99 ≤ 1s", "730 h of the run's shape"
	}
	return h, curves, o, s.flag()
}

// FuzzBreakEvenChart: whatever costs and rates the curves hold,
// BreakEvenWith (and BreakEvenPoints) draw a chart.
func FuzzBreakEvenChart(f *testing.F) {
	// 0: warm-up; curves: count, then each curve's point count, model,
	// rates, monthly, per million, meets, not judged; hatches; crossings;
	// SLO and month; with the options
	f.Add(seed(0.0, 2,
		3, 0, []float64{1, 10, 100}, []float64{300, 300, 320}, nil, nil, nil,
		3, 1, []float64{1, 10, 100}, []float64{3, 30, 300}, nil, []bool{true, true, false}, nil,
		1, 50.0, 100.0, 0, true, true))
	// costs of 1e-300 beside 1e12 on a log axis (plotdirs' fuzzing)
	f.Add(seed(0.0, 1, 2, 1, []float64{1e-6, 1e7}, []float64{1e-300, 1e12}, []float64{1e-300, 1e12}, nil, nil, 0, 0, false, false))
	f.Add(seed(0.0, 2,
		3, 0, []float64{-1, 0, 1e308}, []float64{math.NaN(), -5, 1e308}, []float64{math.Inf(1), math.Inf(-1), 0}, []bool{true, false, true}, []bool{true, true, true},
		1, 1, []float64{5}, []float64{5}, nil, nil, nil,
		2, 1e308, -1e308, math.NaN(), 5.0, 2, 0, 1, 1e308, 1e-300, true, true, true, 1, 0, -3.0, math.Inf(1), false, false, false, true, true))
	f.Add(seed(0.0, 2, 2, 0, []float64{1, 2}, []float64{7, 7}, nil, nil, nil, 2, 1, []float64{1, 2}, []float64{7, 7}, nil, nil, nil, 0, 0, false, false))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, curves, o, withOptions := breakEvenInput(&stream{data})
		if !withOptions {
			o = BreakEvenOptions{}
		}
		drawAll(t, func() *Chart {
			for i := range curves {
				for j := i + 1; j < len(curves); j++ {
					BreakEvenPoints(curves[i], curves[j])
				}
			}
			return BreakEvenWith(h, curves, o)
		})
	})
}

// A break-even of three platforms with a legend of three rows and many
// sentences keeps panels of a legible height: the chart grows instead
// (walk14 #3: a fleet's cost panel was about 130 px with two ticks).
func TestBreakEvenPanelsKeepTheirHeight(t *testing.T) {
	cs := costFixtures(9)
	third := cs[1]
	third.Model = Model{Name: "hybrid"}
	cs = append(cs, third)
	long := strings.Repeat("A sentence long enough to wrap over the whole width of the chart, as a fleet's verdicts are. ", 3)
	c := BreakEvenWith(testHeader, cs, BreakEvenOptions{SLO: "each service's own SLO, else p99 ≤ 1s, refused ≤ 0.10 %, judged service by service",
		Notes: []string{long, long, long, long, long}, OnlyByMissing: [][2]float64{{1, 100}}})
	w, h := c.size()
	if got := h - c.fixedHeight(w); got < breakEvenPanels {
		t.Errorf("the panels have %.0f pt of a %.0f pt chart; want at least %.0f", got, h, breakEvenPanels)
	}
}
