package report

import (
	"bytes"
	"encoding/csv"
	"html"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios"
	"github.com/execsim/execsim/scenarios/platforms"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
)

var registry = platforms.Default()

func TestWritersOnARun(t *testing.T) {
	plan, err := scenario.Parse([]byte(`name: r
seed: 3
duration: 5m
window: 1m
workload:
  arrivals: {process: poisson, ratePerSecond: 5}
  work: {io: "exp(mean=100ms)"}
lambda: {runtime: go}
`), nil, registry)
	if err != nil {
		t.Fatal(err)
	}
	res, err := runner.Run(plan, runner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(FromResult(res, "").SeriesCSV())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+5 { // lambda only
		t.Errorf("series has %d rows; want a header and 5 one-minute windows", len(rows))
	}
	var arrivals int
	for _, r := range rows[1:] {
		if len(r) != len(SeriesHeader) {
			t.Fatalf("row has %d columns; header %d", len(r), len(SeriesHeader))
		}
		n, err := strconv.ParseFloat(r[slices.Index(SeriesHeader, "arrivals")], 64)
		if err != nil {
			t.Fatal(err)
		}
		arrivals += int(n)
	}
	if int64(arrivals) != res.Arrivals() {
		t.Errorf("series arrivals sum to %d; the run had %d", arrivals, res.Arrivals())
	}
	var text bytes.Buffer
	if err := Text(&text, res, "execsim run x --seed 3"); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"scenario r · seed 3", "reproduce: execsim run x --seed 3", "latency p99", "peak concurrency"} {
		if !strings.Contains(text.String(), w) {
			t.Errorf("text lacks %q:\n%s", w, text.String())
		}
	}
	// the cost section of summary.md and report.html says once what the
	// prices assume (costrev: only validate said it)
	b := FromResult(res, "")
	basis := plan.Cost.PriceBasis()
	if b.Summary.PriceBasis != basis || basis == "" {
		t.Fatalf("summary price_basis %q; want %q", b.Summary.PriceBasis, basis)
	}
	md, page := b.Markdown(nil), b.HTML(nil)
	if i, j := strings.Index(md, "### Cost breakdown"), strings.Index(md, markdownText(basis)); i < 0 || j < i {
		t.Errorf("summary.md has no price basis in its cost section:\n%s", md)
	}
	if i, j := strings.Index(page, "<h2>Cost breakdown</h2>"), strings.Index(page, html.EscapeString(basis)); i < 0 || j < i {
		t.Errorf("report.html has no price basis in its cost section")
	}
}

func TestBundleRoundTripAndFindings(t *testing.T) {
	plan, err := scenarios.Load(scenarios.BuiltinPrefix+"burst-quota", nil, registry)
	if err != nil {
		t.Fatal(err)
	}
	res, err := runner.Run(plan, runner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := FromResult(res, "execsim run builtin:burst-quota --seed 42")
	dir := t.TempDir()
	if _, err := b.Write(dir, nil); err != nil {
		t.Fatal(err)
	}
	back, err := Load(dir, registry)
	if err != nil {
		t.Fatal(err)
	}
	if back.Command != b.Command || string(back.Scenario) != string(b.Scenario) || back.Description != b.Description {
		t.Errorf("command/scenario/description did not survive the round trip")
	}
	if string(back.SeriesCSV()) != string(b.SeriesCSV()) || string(back.LatencyCSV()) != string(b.LatencyCSV()) {
		t.Error("series or latency changed through series.csv/latency.csv")
	}
	if back.Markdown(nil) != b.Markdown(nil) || back.HTML(nil) != b.HTML(nil) {
		t.Error("summary.md or report.html differ when rebuilt from the saved files")
	}
	text := strings.Join(b.Findings(), "\n")
	for _, want := range []string{
		"Lambda throttled", "between 0:03:00 and 0:06:00", // the surge runs from 3 to 6 min
		"Kubernetes rejected", "while nodes went from 2 to",
		"At this load Kubernetes would cost", "cheaper but misses the SLO (p99 ", "refused); per million requests",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("findings lack %q:\n%s", want, text)
		}
	}
	md := b.Markdown([]ChartFile{{Name: "latency-cdf", Title: "CDF"}})
	for _, want := range []string{"| &nbsp; | kubernetes | lambda |", "### Findings", "![CDF](latency-cdf.png)", "Reproduce with `execsim run builtin:burst-quota --seed 42`"} {
		if !strings.Contains(md, want) {
			t.Errorf("summary.md lacks %q", want)
		}
	}
	if _, err := Load(t.TempDir(), registry); err == nil || !strings.Contains(err.Error(), "is not an execsim run folder") {
		t.Errorf("Load(empty dir) = %v; want a clear error", err)
	}
}

// Scenario text never becomes markup in summary.md (issue 11).
func TestMarkdownEscapesScenarioText(t *testing.T) {
	b := &Bundle{Registry: registry, Description: `<script>alert(1)</script> *bold* [link](x)`}
	b.Summary.Scenario = "<img src=x onerror=alert(1)>"
	md := b.Markdown(nil)
	for _, bad := range []string{"<script>", "<img", "*bold*", "[link]"} {
		if bareMarkup(md, bad) {
			t.Errorf("summary.md holds %q:\n%s", bad, md)
		}
	}
	if !strings.Contains(md, `\<script>alert(1)\</script>`) {
		t.Errorf("summary.md lost the text:\n%s", md)
	}
}
