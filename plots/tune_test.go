package plots

import (
	"bytes"
	"testing"

	"github.com/execsim/execsim/internal/golden"
)

// tuneFixture is a Power-Tuning-like result: cost rises with memory, the
// latency falls and flattens; 128 MB misses a p99 ≤ 1 s SLO.
func tuneFixture() Tuning {
	return Tuning{Model: Lambda, Setting: "memory",
		Points: []TunePoint{
			{"128 MB", 126, 365, 1383, false},
			{"256 MB", 151, 228, 816, true},
			{"512 MB", 200, 159, 595, true},
			{"1024 MB", 300, 125, 534, true},
			{"1769 MB", 444, 110, 518, true},
		},
		Cheapest: 1, Fastest: 4, Balanced: 2,
		SLO: "p99 ≤ 1s, refused ≤ 0.10 %", P99TargetMs: 1000,
		Notes: []string{"Cheapest among the values that meet the SLO: 256 MB."},
	}
}

// `go test ./plots -update` rewrites testdata/tune.svg; look at the PNG
// too.
func TestTuneGolden(t *testing.T) {
	svg := render(t, TuneChart(testHeader, tuneFixture()), "svg")
	golden.Check(t, "testdata/tune.svg", svg)
	for _, w := range []string{"Memory tuning: monthly cost vs latency", "256 MB: cheapest", "1769 MB: fastest", "512 MB: balanced",
		"mean latency", "p99 latency", "hollow: misses the SLO (p99 ≤ 1s, refused ≤ 0.10 %)", "SLO: p99 ≤ 1 s"} {
		if !bytes.Contains(svg, []byte(w)) {
			t.Errorf("chart lacks %q", w)
		}
	}
	if !bytes.Equal(svg, render(t, TuneChart(testHeader, tuneFixture()), "svg")) {
		t.Errorf("building the chart twice gave different bytes")
	}
}

// One value and a choice that is all three, and no values at all, draw.
func TestTuneEdges(t *testing.T) {
	one := Tuning{Model: Lambda, Setting: "memory", Points: []TunePoint{{"512 MB", 200, 159, 595, true}}}
	if svg := render(t, TuneChart(testHeader, one), "svg"); !bytes.Contains(svg, []byte("512 MB: cheapest, fastest, balanced")) {
		t.Errorf("a single value is not named as all three choices")
	}
	render(t, TuneChart(testHeader, Tuning{Model: Lambda, Setting: "memory", Cheapest: -1, Fastest: -1, Balanced: -1}), "svg")
}
