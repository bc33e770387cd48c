package plots

import (
	"slices"
	"strings"
	"testing"
)

// walk5's defect 7: the cumulative-cost lines ended in "$0.11" and
// "$0.073", two precisions side by side; they share one, enough for the
// smaller to keep two significant digits, while two orders of magnitude
// or fewer apart; further apart, each has its own suffix (review7).
func TestCumulativeCostEndLabelsShareAPrecision(t *testing.T) {
	for _, tc := range []struct {
		a, b []float64
		want []string
	}{
		{[]float64{0.05, 0.06}, []float64{0.03, 0.043}, []string{"$0.110", "$0.073"}},
		{[]float64{500, 10.21}, []float64{70, 4.43}, []string{"$510", "$74"}},
		// two orders apart still share: the largest shows four digits
		{[]float64{9000, 5}, []float64{70, 4.43}, []string{"$9,005", "$74"}},
		{[]float64{12000, 5}, []float64{800, 100}, []string{"$12.01k", "$0.90k"}},
		// review7: further apart, a shared suffix gave "$2.0000000B" and
		// "$0.0000050B"; each has its own
		{[]float64{1e9, 1e9}, []float64{2000, 3000}, []string{"$2B", "$5,000"}},
		{[]float64{1e6, 234567}, []float64{0.5, 0.0123}, []string{"$1.23M", "$0.51"}},
	} {
		series := []Series{
			{Model: Kubernetes, WindowStartS: []float64{0, 60}, CostUSD: tc.a},
			{Model: Lambda, WindowStartS: []float64{0, 60}, CostUSD: tc.b},
		}
		svg := string(render(t, CumulativeCost(testHeader, series), "svg"))
		for _, w := range tc.want {
			if !strings.Contains(svg, ">"+w+"<") {
				t.Errorf("the chart lacks the end label %s (want %q)", w, tc.want)
			}
		}
	}
}

// walk5's defect 7: a hybrid that is one platform's own run drew two
// panels copied from that platform's, with nothing saying so; it gets a
// note instead.
func TestCapacityDrawsASameRunOnce(t *testing.T) {
	fx := seriesFixtures(10, 60)
	lambda := fx[1]
	hybrid := lambda
	hybrid.Model = pool
	whole := Capacity(testHeader, fx)
	c := Capacity(testHeader, append(fx, hybrid))
	if len(c.panels) != len(whole.panels) {
		t.Errorf("%d panels with the copy; want %d, as without it", len(c.panels), len(whole.panels))
	}
	want := "Worker pool held the same capacity as AWS Lambda in every window (the same run), so it is drawn once, as AWS Lambda."
	if !slices.Contains(c.Notes, want) {
		t.Errorf("notes %q lack %q", c.Notes, want)
	}
	// one level differing in one window: both drawn
	hybrid.Levels = slices.Clone(hybrid.Levels)
	hybrid.Levels[0].Values = slices.Clone(hybrid.Levels[0].Values)
	hybrid.Levels[0].Values[3]++
	if c := Capacity(testHeader, append(fx, hybrid)); len(c.panels) == len(whole.panels) || len(c.Notes) != len(whole.Notes) {
		t.Errorf("a different hybrid was not drawn: %d panels, notes %q", len(c.panels), c.Notes)
	}
}
