package report

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

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
