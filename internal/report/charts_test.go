package report

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/execsim/execsim/plots"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
)

// bundleOf runs the scenario src and collects it.
func bundleOf(t *testing.T, src string) *Bundle {
	t.Helper()
	plan, err := scenario.Parse([]byte(src), nil, registry)
	if err != nil {
		t.Fatal(err)
	}
	res, err := runner.Run(plan, runner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return FromResult(res, "")
}

func chartSVG(t *testing.T, src, name string) string {
	t.Helper()
	for _, c := range bundleOf(t, src).Charts() {
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
		"1 service (orders) costs more where placed because its cheaper alternative misses the SLO."} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes\n%s\nwant %q", notes, want)
		}
	}
	// two platforms: the chart of the pair, as before
	if c := fleetChartOf(fleetOf(fleetFixture().Summary, registry), plots.Header{}); !strings.Contains(c.Panels()[0].Y.Label.Text, "Kubernetes − AWS Lambda") {
		t.Errorf("two-way y label %q", c.Panels()[0].Y.Label.Text)
	}
}

// A hybrid that runs a part on Kubernetes has a nodes panel, as
// Kubernetes does; one with every service on Lambda has none, rather than
// a panel of zeros (walk report 3: fleet-500's hybrid ran 4 nodes and the
// capacity chart showed none).
func TestCapacityHybridNodes(t *testing.T) {
	blend := `name: blend
seed: 3
duration: 2m
services:
  - {name: busy, arrivals: {ratePerSecond: 2}, work: {io: "exp(mean=30ms)"}}
  - {name: idle, arrivals: {ratePerSecond: 0.05}, work: {io: "exp(mean=30ms)"}}
kubernetes: {}
lambda: {}
placement: {pin: {busy: PLATFORM, idle: lambda}}
`
	for _, tc := range []struct {
		platform string
		nodes    bool
	}{{"kubernetes", true}, {"lambda", false}} {
		svg := chartSVG(t, strings.Replace(blend, "PLATFORM", tc.platform, 1), "capacity")
		if got := strings.Contains(svg, ">Hybrid: nodes (mean per window; thin: peak)<"); got != tc.nodes {
			t.Errorf("busy on %s: the capacity chart has a hybrid nodes panel = %v; want %v", tc.platform, got, tc.nodes)
		}
		if !strings.Contains(svg, ">Kubernetes: nodes (mean per window; thin: peak)<") {
			t.Errorf("busy on %s: the capacity chart lacks Kubernetes' nodes", tc.platform)
		}
	}
}

// Every chart of an interrupted run says so under its title, as the text
// does first, also when execsim plot re-renders the folder; a complete
// run's charts have no banner (walk report 3: fleet-500 cut by SIGTERM
// drew cumulative-cost.png with nothing saying partial).
func TestChartsOfAPartialRunSaySo(t *testing.T) {
	res := cutRun(t)
	b := FromResult(res, "execsim run cut.yaml --seed 2")
	dir := t.TempDir()
	if _, err := b.Write(dir, nil); err != nil {
		t.Fatal(err)
	}
	back, err := Load(dir, registry)
	if err != nil {
		t.Fatal(err)
	}
	banner := "PARTIAL RUN: interrupted after 6 s of the 20 min asked (0.50 % simulated)."
	for what, bundle := range map[string]*Bundle{"run": b, "plot": back} {
		charts := bundle.Charts()
		if len(charts) < 4 {
			t.Fatalf("%s: %d charts", what, len(charts))
		}
		for _, c := range charts {
			var svg bytes.Buffer
			if err := c.Chart.Render(&svg, "svg"); err != nil {
				t.Fatal(err)
			}
			if c.Chart.Banner != banner || !strings.Contains(svg.String(), ">"+banner+"<") {
				t.Errorf("%s: %s chart's banner %q; want %q drawn", what, c.Name, c.Chart.Banner, banner)
			}
			if len(c.Chart.Notes) == 0 || !strings.HasPrefix(c.Chart.Notes[0], "Every figure covers only that part") {
				t.Errorf("%s: %s chart's notes %q do not start with what a partial run's figures are", what, c.Name, c.Chart.Notes)
			}
		}
	}
	done, err := runner.Run(res.Plan, runner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range FromResult(done, "").Charts() {
		if c.Chart.Banner != "" {
			t.Errorf("complete run: %s chart has a banner %q", c.Name, c.Chart.Banner)
		}
	}
}

// A sweep's p99 chart says where a platform's p99 rests on fewer than 100
// completed requests per run, and is silent where every point has enough
// (walk report 3: at 0.05 req/s the p99 of 12 requests was drawn without
// a word).
func TestSweepP99FewRequests(t *testing.T) {
	table := func(lambdaCompleted ...string) Table {
		tb := Table{Header: []string{"point", "sweep.workload.arrivals.ratePerSecond", "replications",
			"kubernetes.latency_ms.p99.mean", "kubernetes.completed.mean", "lambda.latency_ms.p99.mean", "lambda.completed.mean"}}
		for i, rate := range []string{"0.05", "5", "50"} {
			tb.Rows = append(tb.Rows, []string{strconv.Itoa(i), rate, "3", "230", "5000", "400", lambdaCompleted[i]})
		}
		return tb
	}
	note := func(tb Table) string {
		for _, c := range SweepCharts(plots.Header{Scenario: "s", Seed: 1}, tb, 1, registry, nil, nil, 0) {
			if c.Name == "sweep-latency-p99" {
				return strings.Join(c.Chart.Notes, "\n")
			}
		}
		t.Fatal("no p99 chart")
		return ""
	}
	want := "The p99 of AWS Lambda rests on fewer than 100 completed requests per run at 2 of 3 points (as few as 12): there it is about the slowest request, and it varies widely from run to run."
	if got := note(table("11.67", "99", "15000")); !strings.Contains(got, want) {
		t.Errorf("notes %q lack %q", got, want)
	}
	if got := note(table("100", "1200", "15000")); strings.Contains(got, "rests on") {
		t.Errorf("every point has 100 requests or more, yet the notes say %q", got)
	}
}

// The tail chart takes each platform's count of completed requests (its
// lines end at the slowest, 1 in n) and the SLO it was judged by from the
// summary, so `execsim plot` redraws it from summary.json and latency.csv.
func TestTailChartFromSummary(t *testing.T) {
	src := strings.Replace(strings.Replace(queueing, "ratePerSecond: 15", "ratePerSecond: 0.1", 1), "lambda: {}\n", "lambda: {}\nslo: {p99: 400ms}\n", 1)
	b := bundleOf(t, src)
	var tail *plots.Chart
	for _, c := range b.Charts() {
		if c.Name == "latency-tail" {
			tail = c.Chart
		}
	}
	if tail == nil {
		t.Fatal("no latency-tail chart")
	}
	n := b.Summary.Models[0].Completed
	if n == 0 || n >= 100 || b.Summary.Models[1].Completed != n {
		t.Fatalf("completed %d and %d; want the same few for both platforms", n, b.Summary.Models[1].Completed)
	}
	var buf bytes.Buffer
	if err := tail.Render(&buf, "svg"); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	end := "(" + strconv.FormatInt(n, 10) + " requests each)"
	for _, want := range []string{">SLO: p99 ≤ 400 ms (of completed requests)<", end, ">p99<", ">p90<"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the tail chart lacks %q", want)
		}
	}
	// fewer than 100 requests: their p99 is the slowest, not marked
	if strings.Contains(svg, ">p99 ") {
		t.Error("the tail chart marks a p99 its few requests do not resolve")
	}
}

// Where a point's p99 rests on fewer than FewP99Requests completed
// requests per run, the p99 chart draws it hollow (its legend says so)
// and the text marks the cell and says from how many.
func TestSweepP99FewRequestsMarked(t *testing.T) {
	tb := Table{Header: []string{"point", "sweep.workload.arrivals.ratePerSecond", "replications",
		"kubernetes.latency_ms.p99.mean", "kubernetes.latency_ms.p99.ci95", "kubernetes.completed.mean",
		"lambda.latency_ms.p99.mean", "lambda.latency_ms.p99.ci95", "lambda.completed.mean"}}
	for i, r := range [][]string{{"0.05", "11.67"}, {"5", "99"}, {"50", "100"}} {
		tb.Rows = append(tb.Rows, []string{strconv.Itoa(i), r[0], "3", "230", "10", "5000", "400", "20", r[1]})
	}
	legend := "hollow: p99 from fewer than 100 requests per run"
	svg := func(tb Table) string {
		for _, c := range SweepCharts(plots.Header{Scenario: "s", Seed: 1}, tb, 1, registry, nil, nil, 0) {
			if c.Name == "sweep-latency-p99" {
				var buf bytes.Buffer
				if err := c.Chart.Render(&buf, "svg"); err != nil {
					t.Fatal(err)
				}
				return buf.String()
			}
		}
		t.Fatal("no p99 chart")
		return ""
	}
	if !strings.Contains(svg(tb), legend) {
		t.Errorf("the p99 chart lacks %q", legend)
	}
	var text bytes.Buffer
	SweepText(&text, tb, 1, registry)
	for _, want := range []string{"400 ± 20 †", "†: the p99 is from fewer than 100 completed requests per run", "lambda at point 0 (11.67), lambda at point 1 (99)\n"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("the text lacks %q:\n%s", want, text.String())
		}
	}
	if strings.Contains(text.String(), "230 ± 10 †") {
		t.Errorf("Kubernetes' 5,000 requests marked few:\n%s", text.String())
	}
	// enough requests everywhere: no mark, no legend entry
	for i := range tb.Rows {
		tb.Rows[i][8] = "100"
	}
	text.Reset()
	SweepText(&text, tb, 1, registry)
	if strings.Contains(text.String(), "†") || strings.Contains(svg(tb), legend) {
		t.Errorf("every point has 100 requests, yet a few-requests mark:\n%s", text.String())
	}
}
