package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
)

func chartSVG(t *testing.T, src, name string) string {
	t.Helper()
	plan, err := scenario.Parse([]byte(src), nil, registry)
	if err != nil {
		t.Fatal(err)
	}
	res, err := runner.Run(plan, runner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range FromResult(res, "").Charts() {
		if c.Name == name {
			var buf bytes.Buffer
			if err := c.Chart.Render(&buf, "svg"); err != nil {
				t.Fatal(err)
			}
			return buf.String()
		}
	}
	t.Fatalf("no %s chart", name)
	return ""
}

// The capacity chart gives each level its own panel, says it is a mean per
// window with its peak, and draws the demand under the level that serves
// one request at a time (the platform's Look.Utilisation), or in a panel
// of its own.
func TestCapacityPanelsFromLooks(t *testing.T) {
	svg := chartSVG(t, queueing, "capacity")
	for _, want := range []string{
		">Kubernetes: requests in flight (mean per window)<",
		">Kubernetes: ready pods (mean per window; thin: peak)<",
		">Kubernetes: nodes (mean per window; thin: peak)<",
		">AWS Lambda: environments (mean per window; thin: peak) vs requests in flight<",
		">peak in the window<", ">requests in flight (demand)<",
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("capacity chart lacks %q", want)
		}
	}
}

// The CDF ends at the completed share and labels the refused share: Lambda
// held to one environment refuses most requests (issue 10).
func TestCDFShowsRefusedShare(t *testing.T) {
	if svg := chartSVG(t, queueing, "latency-cdf"); strings.Contains(svg, "% refused") {
		t.Errorf("nothing refused, yet the CDF labels a refused share")
	}
	svg := chartSVG(t, strings.Replace(queueing, "lambda: {}\n", "lambda: {reservedConcurrency: 1}\n", 1), "latency-cdf")
	if !strings.Contains(svg, "% refused<") || !strings.Contains(svg, ">share of requests (%)<") {
		t.Errorf("the CDF of a throttled run lacks the refused label or the axis label")
	}
}
