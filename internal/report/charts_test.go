package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/execsim/execsim/plots"
	"github.com/execsim/execsim/scenarios/platform"
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

// A placement among three platforms: each service drawn by its cost where
// placed minus on its cheapest other platform, compared with that platform
// by name, never by one fixed pair. Here prod-users went to Knative, the
// cheapest; Lambda, cheaper than Kubernetes, misses the SLO. The two-way
// chart drew it at Kubernetes − Lambda = +$11.36, "cheaper on Lambda".
func TestFleetChartOfThreePlatforms(t *testing.T) {
	b := fleetBundle(nil, 500, 700, 400)
	pl := b.Summary.Placement
	pl.Counts = map[string]int{"kubernetes": 1, "lambda": 1, "knative": 1}
	opt := func(p string, usd float64, meets bool) platform.PlacedOption {
		return platform.PlacedOption{Platform: p, MonthlyUSD: usd, MeetsSLO: meets}
	}
	pl.Services = []platform.PlacedService{
		{Name: "prod-users", RatePerSecond: 50, Platform: "knative",
			Options: []platform.PlacedOption{opt("kubernetes", 111.10, true), opt("lambda", 99.74, false), opt("knative", 63.80, true)}},
		{Name: "orders", RatePerSecond: 120, Platform: "kubernetes",
			Options: []platform.PlacedOption{opt("kubernetes", 331.02, true), opt("lambda", 576.51, true), opt("knative", 255.17, false)}},
		{Name: "billing", RatePerSecond: 1.3, Platform: "lambda",
			Options: []platform.PlacedOption{opt("kubernetes", 37.64, true), opt("lambda", 22.22, true), opt("knative", 63.79, true)}},
	}
	f := fleetOf(b.Summary, b.Registry)
	if len(f.parts) != 3 {
		t.Fatalf("parts %v; want three", f.parts)
	}
	c := fleetChartOf(f, plots.Header{Scenario: "fleet", Seed: 9})
	if got, want := c.Panels()[0].Y.Label.Text, "where placed − cheapest other platform (direct $/month)"; got != want {
		t.Errorf("y label %q; want %q", got, want)
	}
	var svg bytes.Buffer
	if err := c.Render(&svg, "svg"); err != nil {
		t.Fatal(err)
	}
	out := svg.String()
	for _, want := range []string{"prod-users (vs AWS Lambda)", "orders (vs Knative: misses SLO)", "billing (vs Kubernetes)",
		"Below 0: placed on its cheapest platform"} {
		if !strings.Contains(out, want) {
			t.Errorf("the chart does not say %q", want)
		}
	}
	if strings.Contains(out, "cheaper on AWS Lambda") {
		t.Errorf("the three-way chart still reads as Kubernetes against Lambda")
	}
	notes := strings.Join(c.Notes, "\n")
	for _, want := range []string{"Compared with: Knative for 1 service, Kubernetes for 1 service and AWS Lambda for 1 service.",
		"1 service costs more where placed because its cheaper alternative misses the SLO."} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes\n%s\nwant %q", notes, want)
		}
	}
	// two platforms: the chart of the pair, as before
	if c := fleetChartOf(fleetOf(fleetFixture().Summary, registry), plots.Header{}); !strings.Contains(c.Panels()[0].Y.Label.Text, "Kubernetes − AWS Lambda") {
		t.Errorf("two-way y label %q", c.Panels()[0].Y.Label.Text)
	}
}
