package report

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
)

// costRun runs a short two-platform scenario with the given cost: line.
func costRun(t *testing.T, costLine string) *runner.Result {
	t.Helper()
	plan, err := scenario.Parse([]byte(`name: c
seed: 3
duration: 5m
window: 1m
workload:
  arrivals: {process: poisson, ratePerSecond: 5}
  work: {io: "exp(mean=100ms)", payloadKB: 8}
kubernetes: {replicas: 2}
lambda: {runtime: go}
`+costLine+"\n"), nil, registry)
	if err != nil {
		t.Fatal(err)
	}
	res, err := runner.Run(plan, runner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The front-door warning is in every output when the sides' doors differ,
// and in none when they agree: the text summary, summary.json,
// summary.md and report.html (written and read back by execsim plot).
func TestFrontDoorWarningInEveryOutput(t *testing.T) {
	for _, tc := range []struct {
		name, cost string
		warn       bool
	}{
		{"default", "cost: {}", false},
		{"none on both", "cost: {frontDoor: none}", false},
		{"lambda behind an HTTP API", "cost: {frontDoors: {lambda: http-api}}", true},
		{"kubernetes without an ALB", "cost: {frontDoors: {kubernetes: none}}", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := costRun(t, tc.cost)
			var text, js bytes.Buffer
			if err := Text(&text, res, "execsim run c"); err != nil {
				t.Fatal(err)
			}
			b := FromResult(res, "execsim run c")
			if err := JSON(&js, b.Summary); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if _, err := b.Write(dir, nil); err != nil {
				t.Fatal(err)
			}
			loaded, err := Load(dir, registry)
			if err != nil {
				t.Fatal(err)
			}
			outputs := map[string]string{
				"text": text.String(), "summary.json": js.String(),
				"summary.md": b.Markdown(nil), "report.html": b.HTML(nil),
				"summary.md read back": loaded.Markdown(nil), "report.html read back": loaded.HTML(nil),
			}
			for name, out := range outputs {
				if got := strings.Contains(out, "front doors differ"); got != tc.warn {
					t.Errorf("%s warns: %v; want %v", name, got, tc.warn)
				}
			}
			if got := strings.Contains(js.String(), `"warnings"`); got != tc.warn {
				t.Errorf("summary.json has warnings: %v; want %v", got, tc.warn)
			}
		})
	}
}

// The breakdown is in the text summary, summary.md and report.html, with
// every line of both bills; cost.csv has one row per line and its
// cost_usd adds up to each platform's total exactly (in micro-dollars).
func TestCostBreakdownAndCostCSV(t *testing.T) {
	res := costRun(t, "cost: {frontDoors: {lambda: http-api}, freeTier: true}")
	b := FromResult(res, "execsim run c")
	var text bytes.Buffer
	if err := Text(&text, res, "execsim run c"); err != nil {
		t.Fatal(err)
	}
	md, page := b.Markdown(nil), b.HTML(nil)
	for _, m := range b.Summary.Models {
		for _, l := range m.Cost.Lines {
			for name, out := range map[string]string{"text": text.String(), "summary.md": md, "report.html": page} {
				item := l.Item
				if name == "summary.md" {
					item = markdownText(item)
				}
				if !strings.Contains(out, item) {
					t.Errorf("%s lacks %s's line %q", name, m.Name, l.Item)
				}
			}
		}
	}
	for _, want := range []string{"eks control plane", "alb hours", "api gateway http requests", "lambda free tier requests"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text summary lacks %q", want)
		}
	}
	rows, err := csv.NewReader(bytes.NewReader(b.CostCSV())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(CostHeader, ",") {
		t.Fatalf("cost.csv header %q; want %q", rows[0], CostHeader)
	}
	micros := map[string]int64{}
	n := 0
	for _, r := range rows[1:] {
		usd, err := strconv.ParseFloat(r[5], 64)
		if err != nil {
			t.Fatal(err)
		}
		micros[r[0]] += int64(usd*1e6 + map[bool]float64{true: 0.5, false: -0.5}[usd >= 0])
		n++
	}
	lines := 0
	for _, m := range b.Summary.Models {
		lines += len(m.Cost.Lines)
		total := int64(m.Cost.TotalUSD*1e6 + 0.5)
		if micros[m.Name] != total {
			t.Errorf("%s: cost.csv adds up to %d µ$; summary total %d µ$", m.Name, micros[m.Name], total)
		}
	}
	if n != lines || n == 0 {
		t.Errorf("cost.csv has %d rows; the bills %d lines", n, lines)
	}
}

// Counts are written as integers in series.csv; cost.csv is written with
// the run folder and again, byte for byte, by a re-render.
func TestCSVIntegersAndCostFileRoundTrip(t *testing.T) {
	res := costRun(t, "cost: {}")
	b := FromResult(res, "execsim run c")
	rows, err := csv.NewReader(bytes.NewReader(b.SeriesCSV())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	ints := map[string]bool{"warmup": true, "arrivals": true, "completed": true, "throttled": true, "rejected": true,
		"failed": true, "cold_starts": true, "concurrency_max": true, "environments_max": true, "pods_max": true, "nodes_max": true}
	for _, r := range rows[1:] {
		for j, h := range rows[0] {
			if ints[h] && strings.Contains(r[j], ".") {
				t.Errorf("series.csv %s = %q; want an integer", h, r[j])
			}
		}
	}
	for _, h := range append(append(append([]string(nil), SeriesHeader...), LatencyHeader...), append(CostHeader, ServicesHeader...)...) {
		if strings.ContainsAny(h, " .") {
			t.Errorf("column %q has a space or a dot", h)
		}
	}
	dir := t.TempDir()
	if _, err := b.Write(dir, nil); err != nil {
		t.Fatal(err)
	}
	first, err := os.ReadFile(filepath.Join(dir, CostFile))
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(dir, registry)
	if err != nil {
		t.Fatal(err)
	}
	if got := loaded.CostCSV(); !bytes.Equal(got, first) {
		t.Errorf("cost.csv re-rendered from summary.json differs:\n%s\nwant\n%s", got, first)
	}
}

// A bill line prints its quantity to three decimals' precision with every
// integer digit (audit 6: 22,564.416 GB-s printed as "22,560 GB-s", which
// reads as exact), and a run's amount that rounds to no micro-dollar, on a
// line that costs something a month, as below one (audit 6: "$0.00" beside
// "$0.000026").
func TestCostTableQuantitiesAndTinyAmounts(t *testing.T) {
	e := judged(300, 100, 0, nil)
	e.Cost.Lines = []platform.CostLine{
		{Item: "lambda duration x86_64", Quantity: 22564.416, Unit: "GB-s", UnitPriceUSD: 0.0000166667, USD: 0.376075, MonthlyUSD: 274.53},
		{Item: "alb lcu-hours", Quantity: 0.00002719, Unit: "LCU-h", UnitPriceUSD: 0.008, USD: 0, MonthlyUSD: 0.000026},
		{Item: "node m6i.large on-demand", Quantity: 3, Unit: "node-h", UnitPriceUSD: 0.096, USD: 0.288, MonthlyUSD: 210.24},
		{Item: "lambda requests", Quantity: 0.179549, Unit: "1M requests", UnitPriceUSD: 0.2, USD: 0.03591, MonthlyUSD: 26.21},
		{Item: "lambda free tier requests", Quantity: -0.0000001, Unit: "1M requests", UnitPriceUSD: 0.2, USD: 0, MonthlyUSD: -0.000015},
	}
	s := verdictSummary(e, judged(1, 100, 0, nil), "")
	rows := costTables(s)[0].Rows
	for i, want := range [][2]string{
		{"22,564.416 GB-s", "$0.38"},
		{"0.00002719 LCU-h", "< $0.000001"},
		{"3 node-h", "$0.29"},
		{"0.1795 1M requests", "$0.04"},
		{"-0.0000001 1M requests", "> -$0.000001"},
	} {
		if got := [2]string{rows[i+1][1], rows[i+1][3]}; got != want {
			t.Errorf("%s: quantity and run %q; want %q", rows[i+1][0], got, want)
		}
	}
}

// After a warm-up the side-by-side table says what its cost per million
// divides: the whole run's cost by every arrival, the warm-up's too, as
// the row above it says its cost includes the warm-up (audit 8).
func TestPerMillionSaysItsBasis(t *testing.T) {
	for _, tc := range []struct {
		warmup float64
		want   string
	}{
		{0, "cost per million requests"},
		{120, "cost per million requests (all arrivals, warm-up included)"},
	} {
		s := verdictSummary(judged(300, 100, 0, nil), judged(100, 100, 0, nil), "")
		s.WarmupS = tc.warmup
		found := false
		for _, r := range summaryTable(s) {
			if strings.HasPrefix(r[0], "cost per million") {
				found = r[0] == tc.want
				if !found {
					t.Errorf("warm-up %v s: row %q; want %q", tc.warmup, r[0], tc.want)
				}
			}
		}
		if !found {
			t.Errorf("warm-up %v s: no row %q", tc.warmup, tc.want)
		}
	}
}
