package plots

import (
	"bytes"
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
