package plots

import (
	"math"
	"strings"
	"testing"
)

// The curve is a share of all requests: it ends at the completed share,
// and its end says what share did not complete (issue 10).
func TestCDFEndsAtCompletedShare(t *testing.T) {
	for _, tc := range []struct {
		name              string
		refused, inFlight float64
		end               float64
		label             string
	}{
		{"nothing refused", 0, 0, 1, ""},
		{"39 % refused", 0.39, 0, 0.61, "39 % refused"},
		{"refused and in flight", 0.3912, 0.0207, 0.5881, "39 % refused, 2.1 % in flight at the end"},
		{"in flight only", 0, 0.05, 0.95, "5 % in flight at the end"},
		{"a negligible share", 0.0004, 0.0001, 0.9995, ""},
		{"small but shown", 0.0012, 0, 0.9988, "0.12 % refused"},
		{"nonsense shares", math.NaN(), -0.5, 1, ""},
		{"everything refused", 1, 0, 0, "100 % refused"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := CDF{Model: Lambda, LatencyMS: []float64{10, 20, 40}, Fraction: []float64{0.1, 0.5, 1}, Refused: tc.refused, InFlight: tc.inFlight}
			if got := d.completed(); math.Abs(got-tc.end) > 1e-9 {
				t.Errorf("completed() = %v; want %v", got, tc.end)
			}
			if got := missingLabel(d); got != tc.label {
				t.Errorf("missingLabel = %q; want %q", got, tc.label)
			}
			svg := string(render(t, LatencyCDF(testHeader, []CDF{d}), "svg"))
			if tc.label != "" && !strings.Contains(svg, ">"+tc.label+"<") {
				t.Errorf("the chart does not show %q", tc.label)
			}
			if note := "the rest were refused"; strings.Contains(svg, note) != (tc.label != "") {
				t.Errorf("note %q shown: %v; want %v", note, !(tc.label != ""), tc.label != "")
			}
		})
	}
}

// cdfInput decodes latency distributions (for the CDF and the tail).
func cdfInput(s *stream) (Header, []CDF) {
	h := s.header()
	cdfs := make([]CDF, s.n(4))
	for i := range cdfs {
		n := s.n(16)
		cdfs[i] = CDF{Model: s.model(), LatencyMS: s.column(n), Fraction: s.column(n),
			P50MS: s.float(), P95MS: s.float(), P99MS: s.float(), Refused: s.float(), InFlight: s.float(),
			Completed: int64(s.float())}
	}
	return h, cdfs
}

// cdfSeed is a seed of one distribution of cdfInput's.
func cdfSeed(lat, frac []float64, p50, p95, p99, refused, inFlight, completed float64) []any {
	return []any{len(lat), 0, lat, frac, p50, p95, p99, refused, inFlight, completed}
}

// FuzzCDFChart: whatever the distributions hold, LatencyCDF draws a chart.
func FuzzCDFChart(f *testing.F) {
	for _, sd := range cdfSeeds() {
		f.Add(sd)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		h, cdfs := cdfInput(&stream{data})
		drawAll(t, func() *Chart { return LatencyCDF(h, cdfs) })
	})
}

// cdfSeeds are the seeds of FuzzCDFChart and FuzzTailChart (the tail's
// SLO follows the distributions).
func cdfSeeds() [][]byte {
	one := func(d []any, more ...any) []byte { return seed(append(append([]any{0.0, 1}, d...), more...)...) }
	return [][]byte{
		one(cdfSeed([]float64{10, 20, 50, 200}, []float64{0.2, 0.5, 0.9, 1}, 0, 0, 0, 0.1, 0, 1000), 0.99, 1000.0),
		// the p99 target of 1e308 (plotdirs' fuzzing)
		one(cdfSeed([]float64{10, 20}, []float64{0.5, 1}, 0, 0, 0, 0, 0, 100), 0.99, 1e308),
		// latencies of 1e-300 beside 1e12
		one(cdfSeed([]float64{1e-300, 1e12}, []float64{0.5, 1}, 1e-300, 1e12, 1e308, 0, 0, 1e18), 0.999, 1e-300),
		one(cdfSeed([]float64{math.NaN(), math.Inf(1), -1, 0}, []float64{math.Inf(-1), 2, -1, math.NaN()}, math.NaN(), math.Inf(1), -5, math.Inf(1), math.NaN(), -1), math.NaN(), math.Inf(1)),
		one(cdfSeed([]float64{5, 5, 5}, []float64{1, 1, 1}, 5, 5, 5, 0, 0, 3), 1.0, 5.0),
	}
}
