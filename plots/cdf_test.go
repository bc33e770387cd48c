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
