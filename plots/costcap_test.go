package plots

import (
	"slices"
	"strings"
	"testing"
)

// walk5's defect 7: the cumulative-cost lines ended in "$0.11" and
// "$0.073", two precisions side by side; they share one, enough for the
// smaller to keep two significant digits.
func TestCumulativeCostEndLabelsShareAPrecision(t *testing.T) {
	for _, tc := range []struct {
		a, b []float64
		want []string
	}{
		{[]float64{0.05, 0.06}, []float64{0.03, 0.043}, []string{"$0.110", "$0.073"}},
		{[]float64{500, 10.21}, []float64{70, 4.43}, []string{"$510", "$74"}},
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
