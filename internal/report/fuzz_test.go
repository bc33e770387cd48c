package report

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
)

// renderCharts makes FuzzLoad render the charts of every folder Load
// accepts, as execsim plot does: thorough, and 100 times slower.
var renderCharts = flag.Bool("fuzz.render", false, "FuzzLoad: render the charts of accepted folders")

// FuzzLoad: no contents of a run folder's files make Load panic, and a
// folder Load accepts gives its charts and reports (what execsim plot
// does; with -fuzz.render, the charts are rendered too).
func FuzzLoad(f *testing.F) {
	b := fuzzSeedBundle(f)
	var js bytes.Buffer
	if err := JSON(&js, b.Summary); err != nil {
		f.Fatal(err)
	}
	sum, series, latency := js.String(), string(b.SeriesCSV()), string(b.LatencyCSV())
	scen := "# execsim run f.yaml\n" + string(b.Scenario)
	f.Add(sum, series, latency, scen)
	f.Add(sum, series, "model\nlambda\n", scen)
	f.Add(sum, series, "model,fraction,latency_ms\nlambda,0.5,NaN\nlambda,2,1e308\n", "description: <b>x</b>\n")
	f.Add(sum, strings.Replace(series, "30.000,", "1e300,", 1), latency, "")
	f.Add(sum, "", "", "")
	f.Add("[]", series, latency, scen)
	f.Add(strings.Replace(sum, `"models": {`, `"models": [{`, 1), series, latency, scen)
	f.Add(`{"schema": "execsim/summary/v1", "models": {"lambda": {}}}`, SeriesHeader[0], "model,fraction,latency_ms\n", "")
	var fl bytes.Buffer
	if err := JSON(&fl, fleetFixture().Summary); err != nil {
		f.Fatal(err)
	}
	f.Add(fl.String(), series, latency, scen)
	f.Add(strings.Replace(fl.String(), `"rate_per_second": 420`, `"rate_per_second": -1e308`, 1), series, latency, scen)
	f.Add(strings.Replace(fl.String(), `"monthly_usd": 2900`, `"monthly_usd": 1e308`, 1), series, latency, scen)
	f.Add(strings.Replace(fl.String(), `"options": [`, `"options": [], "x": [`, 1), series, latency, scen)
	f.Fuzz(func(t *testing.T, summaryJSON, series, latency, scenarioYAML string) {
		dir := t.TempDir()
		for name, data := range map[string]string{SummaryFile: summaryJSON, SeriesFile: series, LatencyFile: latency, ScenarioFile: scenarioYAML} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		b, err := Load(dir, registry)
		if err != nil {
			if !strings.Contains(err.Error(), dir) {
				t.Fatalf("error does not name the folder: %v", err)
			}
			return
		}
		charts := b.Charts()
		if *renderCharts {
			for _, c := range charts {
				if err := c.Chart.Render(io.Discard, "svg"); err != nil {
					t.Fatalf("chart %s: %v", c.Name, err)
				}
			}
		}
		_ = b.Markdown(nil)
		_ = b.HTML(nil)
	})
}

// fuzzSeedBundle is the bundle of a short run with both platforms.
func fuzzSeedBundle(tb testing.TB) *Bundle {
	plan, err := scenario.Parse([]byte(`name: f
seed: 3
duration: 2m
window: 30s
workload:
  arrivals: {process: poisson, ratePerSecond: 5}
  work: {io: "exp(mean=100ms)"}
kubernetes: {replicas: 1}
lambda: {runtime: go}
`), nil, registry)
	if err != nil {
		tb.Fatal(err)
	}
	res, err := runner.Run(plan, runner.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return FromResult(res, "execsim run f.yaml")
}
