package report

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios"
	"github.com/execsim/execsim/scenarios/platforms/kubernetes"
	"github.com/execsim/execsim/scenarios/platforms/lambda"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/execsim/execsim/scenarios/summary"
)

// queueing is one pod of two slots loaded enough to queue, beside Lambda.
const queueing = `name: q
seed: 3
duration: 10m
window: 1m
workload:
  arrivals: {ratePerSecond: 15}
  work: {io: "exp(mean=100ms)"}
kubernetes: {replicas: 1, concurrency: 2}
lambda: {}
`

// The per-window columns add up to the summary's figures: the mean
// latency weighted by completions is the mean latency, and queued_mean
// and utilisation averaged over the windows (by time; utilisation by the
// serving capacity) are mean_queued and utilisation.
func TestSeriesPerWindowQuantities(t *testing.T) {
	plan, err := scenario.Parse([]byte(queueing), nil, registry)
	if err != nil {
		t.Fatal(err)
	}
	res, err := runner.Run(plan, runner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := FromResult(res, "")
	s := summary.Of(res, false)
	for _, tc := range []struct {
		model    string
		capacity func(r SeriesRow) float64
		util     float64
		queued   float64
	}{
		{"kubernetes", nil, s.Models.Get("kubernetes").Extra.(*kubernetes.Extra).Utilisation, s.Models.Get("kubernetes").Extra.(*kubernetes.Extra).MeanQueued},
		{"lambda", func(r SeriesRow) float64 { return r.EnvMean }, s.Models.Get("lambda").Extra.(*lambda.Extra).Utilisation, 0},
	} {
		t.Run(tc.model, func(t *testing.T) {
			var done, latSum, span, queued, busy, util float64
			for _, r := range b.rows(tc.model) {
				d := r.End - r.Start
				done += r.Completed
				latSum += r.Mean * r.Completed
				span += d
				queued += r.QueuedMean * d
				busy += r.BusyMean * d
				if r.Utilisation > 0 {
					util += r.BusyMean / r.Utilisation * d // the window's capacity × its length
				}
			}
			e := s.Models.Get(tc.model)
			if got := latSum / done; math.Abs(got-e.LatencyMs.Mean) > 0.001 {
				t.Errorf("latency_mean_ms weighted by completed %.4f; the summary's mean %.4f", got, e.LatencyMs.Mean)
			}
			if got := queued / span; math.Abs(got-tc.queued) > 0.002 {
				t.Errorf("queued_mean over time %.4f; mean_queued %.4f", got, tc.queued)
			}
			if got := busy / util; math.Abs(got-tc.util) > 1e-4 || !(got > 0 && got < 1) {
				t.Errorf("utilisation over the windows %.6f; the summary's %.6f", got, tc.util)
			}
			if tc.capacity != nil {
				for _, r := range b.rows(tc.model) {
					if c := tc.capacity(r); c > 0 && math.Abs(r.Utilisation-r.BusyMean/c) > 1e-3 {
						t.Errorf("window at %v s: utilisation %v; busy %v over environments %v", r.Start, r.Utilisation, r.BusyMean, c)
					}
				}
			}
		})
	}
}

// A warm-up is marked in series.csv, said in every report, kept out of the
// findings, and said of cost; the reports show the confidence intervals.
func TestWarmupInReports(t *testing.T) {
	plan, err := scenarios.Load(scenarios.BuiltinPrefix+"burst-quota", []scenario.Override{{Path: "warmup", Value: "7m"}}, registry)
	if err != nil {
		t.Fatal(err)
	}
	res, err := runner.Run(plan, runner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := FromResult(res, "execsim run builtin:burst-quota --set warmup=7m")
	var marked, unmarked int
	for _, r := range b.Series {
		switch {
		case r.Warmup == 1 && r.Start < 420:
			marked++
		case r.Warmup == 0 && r.Start >= 420:
			unmarked++
		default:
			t.Errorf("%s window at %v s: warmup %v", r.Model, r.Start, r.Warmup)
		}
	}
	if marked != 2*42 || unmarked != 2*18 {
		t.Errorf("%d warm-up and %d other windows; want 84 and 36 (10-s windows, two platforms)", marked, unmarked)
	}
	findings := strings.Join(b.Findings(), "\n")
	for _, no := range []string{"throttled", "rejected", "between 0:03:00"} {
		if strings.Contains(findings, no) {
			t.Errorf("findings speak of the surge in the warm-up (%q):\n%s", no, findings)
		}
	}
	for _, want := range []string{"after the 7 min warm-up", "730-hour projections of this run, warm-up included"} {
		if !strings.Contains(findings, want) {
			t.Errorf("findings lack %q:\n%s", want, findings)
		}
	}
	var text bytes.Buffer
	if err := Text(&text, res, b.Command); err != nil {
		t.Fatal(err)
	}
	md, page := b.Markdown(nil), b.HTML(nil)
	for what, doc := range map[string]string{"text": text.String(), "summary.md": md, "report.html": page} {
		for _, want := range []string{"after the warm-up", "first 7 min is left out of every figure but cost", "cost of the run (warm-up included)",
			"latency mean, 95 % CI", "refused, 95 % CI"} {
			if !strings.Contains(doc, want) {
				t.Errorf("%s lacks %q", what, want)
			}
		}
	}
	dir := t.TempDir()
	if _, err := b.Write(dir, nil); err != nil {
		t.Fatal(err)
	}
	back, err := Load(dir, registry)
	if err != nil {
		t.Fatal(err)
	}
	if string(back.SeriesCSV()) != string(b.SeriesCSV()) || back.Markdown(nil) != md || strings.Join(back.Findings(), "\n") != findings {
		t.Error("the warm-up did not survive series.csv and summary.json")
	}
}

// A gauge a platform never reports (Lambda's pods and nodes, Kubernetes'
// environments) is an empty cell of series.csv, not 0, and reads back as
// such, so the file is written again byte for byte.
func TestSeriesBlankGauges(t *testing.T) {
	for j, g := range seriesGauges {
		if h := SeriesHeader[j+1]; !strings.HasPrefix(h, g.String()+"_") {
			t.Errorf("series.csv column %s is not gauge %s", h, g)
		}
	}
	plan, err := scenario.Parse([]byte(queueing), nil, registry)
	if err != nil {
		t.Fatal(err)
	}
	res, err := runner.Run(plan, runner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	data := FromResult(res, "").SeriesCSV()
	lines := strings.Split(string(data), "\n")
	header := strings.Split(lines[0], ",")
	for _, line := range lines[1:] {
		if line == "" {
			continue
		}
		cells := strings.Split(line, ",")
		for j, h := range header {
			blank := map[string][]string{"lambda": {"pods_mean", "pods_max", "nodes_mean", "nodes_max"},
				"kubernetes": {"environments_mean", "environments_max"}}[cells[0]]
			filled := map[string][]string{"lambda": {"environments_mean", "concurrency_max", "busy_mean"},
				"kubernetes": {"pods_mean", "nodes_max", "busy_mean", "queued_mean"}}[cells[0]]
			if slices.Contains(blank, h) && cells[j] != "" || slices.Contains(filled, h) && cells[j] == "" {
				t.Errorf("%s %s = %q; want empty: %v", cells[0], h, cells[j], slices.Contains(blank, h))
			}
		}
	}
	rows, err := readSeries(data, registry)
	if err != nil {
		t.Fatal(err)
	}
	again := (&Bundle{Series: rows}).SeriesCSV()
	if !bytes.Equal(again, data) {
		t.Errorf("series.csv read and written again differs:\n%s\nwant\n%s", again, data)
	}
}

// A sparse service's demand survives series.csv: one 300-ms request in a
// 10-minute window is busy 0.0005 on average, not 0.000.
func TestSeriesKeepsSparseDemand(t *testing.T) {
	for _, tc := range []struct {
		column string
		want   int
	}{
		{"busy_mean", 6}, {"concurrency_mean", 6}, {"queued_mean", 6}, {"utilisation", 6},
		{"latency_mean_ms", 3}, {"pods_mean", 3}, {"arrivals", 0},
	} {
		j := slices.Index(SeriesHeader, tc.column)
		if j < 1 {
			t.Fatalf("no column %s", tc.column)
		}
		if got := seriesDigits(j - 1); got != tc.want {
			t.Errorf("%s keeps %d decimals; want %d", tc.column, got, tc.want)
		}
	}
}
