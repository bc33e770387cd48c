package plots

import (
	"slices"
	"strings"
	"testing"
)

// Lines drawn on one another are named in a note, in every chart kind
// that draws several models' lines; lines apart are not (walk report 3:
// Kubernetes and Knative identical in a break-even, two Kubernetes sweep
// groups $0.001 apart, each drawn as one line with no note). Only lines
// with the same values "coincide"; two a hair apart "differ by less than
// a line's width" (walk9 #6).
func TestCoincidingLinesNoted(t *testing.T) {
	knative := Model{Name: "knative", Label: "Knative", Line: rgb(0x00, 0x9E, 0x73), Dash: Dotted, Glyph: Pyramid}
	rates := []float64{0.01, 0.08, 0.7, 6, 40, 50}
	flat := func(m Model) CostCurve {
		return CostCurve{Model: m, RatePerSecond: rates, MonthlyUSD: []float64{149, 149, 149, 149, 149, 149}}
	}
	lambda := CostCurve{Model: Lambda, RatePerSecond: rates, MonthlyUSD: []float64{16, 16.5, 18, 36, 149, 181}}
	sweepGroup := func(name string, m Model, ys ...float64) SweepSeries {
		return SweepSeries{Name: name, Model: m, X: []float64{256, 512, 1024}, Mean: ys}
	}
	sweep := []SweepSeries{
		sweepGroup("Kubernetes (arrival rate 0.05 req/s)", Kubernetes, 299.665, 299.665, 299.665),
		sweepGroup("Kubernetes (arrival rate 5 req/s)", Kubernetes, 299.666, 299.666, 299.666),
		sweepGroup("AWS Lambda (arrival rate 0.05 req/s)", Lambda, 16, 16, 16),
		sweepGroup("AWS Lambda (arrival rate 5 req/s)", Lambda, 31, 36, 45),
	}
	same := seriesFixtures(36, 50)
	same[1].CostUSD = same[0].CostUSD
	same[1].LatencyP99MS = same[0].LatencyP99MS
	cdfs := cdfFixtures(40)
	twin := cdfs[0]
	twin.Model = knative
	cases := []struct {
		name  string
		c     *Chart
		want  []string
		clean bool // no coincidence note at all
	}{
		{"break-even", BreakEven(testHeader, []CostCurve{flat(Kubernetes), lambda, flat(knative)}),
			[]string{"Kubernetes and Knative coincide: one line hides the other."}, false},
		{"break-even apart", BreakEven(testHeader, costFixtures(9)), nil, true},
		{"sweep", Sweep(testHeader, SweepAxes{Parameter: "Lambda memory", ParameterUnit: "MB", Field: "monthly cost", FieldUnit: "USD"}, sweep),
			[]string{"Kubernetes (arrival rate 0.05 req/s) and Kubernetes (arrival rate 5 req/s) differ by less than a line's width: one line hides the other."}, false},
		{"sweep apart", Sweep(testHeader, SweepAxes{Parameter: "Lambda reserved concurrency", Field: "latency p99", FieldUnit: "ms", LogY: true}, sweepFixtures()), nil, true},
		{"cumulative cost", CumulativeCost(testHeader, same), []string{"Kubernetes and AWS Lambda coincide: one line hides the other."}, false},
		{"cumulative cost apart", CumulativeCost(testHeader, seriesFixtures(36, 50)), nil, true},
		{"latency over time", LatencyOverTime(testHeader, same), []string{"Kubernetes p99 and AWS Lambda p99 coincide: one line hides the other."}, false},
		{"latency over time apart", LatencyOverTime(testHeader, seriesFixtures(36, 50)), nil, true},
		{"cdf", LatencyCDF(testHeader, append(cdfs, twin)), []string{"Kubernetes and Knative coincide: one line hides the other."}, false},
		{"cdf apart", LatencyCDF(testHeader, cdfs), nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, w := range tc.want {
				if !slices.Contains(tc.c.Notes, w) {
					t.Errorf("notes lack %q:\n%q", w, tc.c.Notes)
				}
			}
			if tc.clean && slices.ContainsFunc(tc.c.Notes, func(n string) bool { return strings.Contains(n, "coincide") || strings.Contains(n, "line's width") }) {
				t.Errorf("lines apart, yet notes say they coincide:\n%q", tc.c.Notes)
			}
		})
	}
}

// A day in one-minute windows, three models: the outcomes chart with its
// coincidence check (every pair of lines in every panel).
func BenchmarkOutcomesDay(b *testing.B) {
	ss := seriesFixtures(1440, 60)
	third := ss[0]
	third.Model = Model{Name: "hybrid"}
	ss = append(ss, third)
	b.ReportAllocs()
	for b.Loop() {
		Outcomes(testHeader, ss)
	}
}

// In a panel where one model has spikes and the others are 0 throughout,
// the spiky line does not "coincide" with the flat ones (its spikes show),
// and the flat ones are said to be 0 throughout (azure-500's rejected
// panel).
func TestCoincideAtZero(t *testing.T) {
	ss := seriesFixtures(36, 50)
	third := ss[1]
	third.Model = Model{Name: "hybrid", Label: "Hybrid"}
	third.Completed, third.ColdStarts = make([]float64, 36), nil // apart from Lambda elsewhere
	for i, v := range ss[1].Completed {
		third.Completed[i] = v / 2
	}
	z := make([]float64, 36)
	spikes := make([]float64, 36)
	spikes[10], spikes[20] = 300, 150
	ss[0].Rejected, ss[1].Rejected, third.Rejected = spikes, z, z
	c := Outcomes(testHeader, append(ss, third))
	want := "Rejected (req/s): AWS Lambda and Hybrid are 0 throughout: one line hides the other."
	if !slices.Contains(c.Notes, want) {
		t.Errorf("notes %q lack %q", c.Notes, want)
	}
	for _, n := range c.Notes {
		if strings.Contains(n, "Rejected") && strings.Contains(n, "Kubernetes") {
			t.Errorf("note %q: Kubernetes' rejections show", n)
		}
	}
}

// A stretch over which two lines lie on one another is said from its
// first point to its last, as the data has them: from 0, not from the
// float noise of inverting the axis ("from 0.000000000000000052 to 65
// min", walk9 #3), and from 256 to 512 MB, not between rates no point has
// ("from 260 to 510 MB", walk9 #6); equal values "coincide", values a
// hair apart "differ by less than a line's width".
func TestCoincidingStretchEnds(t *testing.T) {
	// two costs the same for the first 30 of 60 minutes, then apart
	ss := seriesFixtures(60, 60)
	ss[1].CostUSD = slices.Clone(ss[0].CostUSD)
	for i := 30; i < len(ss[1].CostUSD); i++ {
		ss[1].CostUSD[i] = ss[0].CostUSD[i] * 3
	}
	group := func(name string, m Model, ys ...float64) SweepSeries {
		return SweepSeries{Name: name, Model: m, X: []float64{256, 512, 768}, Mean: ys}
	}
	sweep := []SweepSeries{
		group("A", Kubernetes, 230.4, 230.41, 300),
		group("B", Lambda, 230.4, 230.4, 100),
	}
	for _, tc := range []struct {
		name string
		c    *Chart
		want string
	}{
		{"cumulative cost", CumulativeCost(testHeader, ss), "Kubernetes and AWS Lambda coincide from 0 to 30 min: one line hides the other there."},
		{"sweep", Sweep(testHeader, SweepAxes{Parameter: "Lambda memory", ParameterUnit: "MB", Field: "monthly cost", FieldUnit: "USD"}, sweep),
			"A and B differ by less than a line's width from 256 to 512 MB: one line hides the other there."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !slices.Contains(tc.c.Notes, tc.want) {
				t.Errorf("notes lack %q:\n%q", tc.want, tc.c.Notes)
			}
		})
	}
}
