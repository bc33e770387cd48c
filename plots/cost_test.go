package plots

import (
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
