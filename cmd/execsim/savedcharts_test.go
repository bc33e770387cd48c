package main

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/execsim/execsim/plots"
	"github.com/execsim/execsim/scenarios/platforms"
)

// svgOf is the chart's SVG.
func svgOf(t testing.TB, c *plots.Chart) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := c.Render(&b, "svg"); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// What a small break-even run may not have: a cost per million where no
// request arrived (NaN, which JSON cannot hold), an interrupted run's
// banner, a jump, a crossing that misses the SLO or is not judged, a
// hatched range. Each survives breakeven.json, so the chart drawn from
// the file is the one the command drew.
func TestSavedBreakevenChartRoundTrip(t *testing.T) {
	reg := platforms.Default()
	c := &breakevenChart{SLO: "p99 ≤ 1s, refused ≤ 0.10 %", Month: "730 h of the run's 2h0m0s traffic shape", Banner: "PARTIAL: interrupted after 3 rates; no crossings are reported.",
		Curves: []savedCurve{
			{Platform: "lambda", RatePerSecond: []savedFloat{0.001, 1, 31.62277660168379}, MonthlyUSD: []savedFloat{0.1, 30.123456789012345, 900},
				PerMillionUSD: []savedFloat{savedFloat(math.NaN()), 11.4, 10.9}, MeetsSLO: []bool{false, true, false}, NotJudged: []bool{true, false, false}},
			{Platform: "kubernetes", RatePerSecond: []savedFloat{0.001, 1, 31.62277660168379}, MonthlyUSD: []savedFloat{299.7, 299.8, 310.2},
				PerMillionUSD: []savedFloat{savedFloat(math.NaN()), 114.4, 3.7}, MeetsSLO: []bool{false, true, true}, NotJudged: []bool{true, false, false}},
		},
		Crossings: []savedCrossing{
			{A: "kubernetes", B: "lambda", RatePerSecond: 10.5, MonthlyUSD: 300.1, MissesSLO: []string{"lambda"}},
			{A: "kubernetes", B: "lambda", RatePerSecond: 20, MonthlyUSD: 305, Jump: "Lambda jumps $300 → $310", NotJudged: true},
		},
		Notes:         []string{"Warning: front doors differ", "Kubernetes is cheaper from 20 to 31.6 req/s only because …"},
		OnlyByMissing: [][2]savedFloat{{17.7, 31.62277660168379}},
	}
	m := breakevenMethod{Schema: breakevenMethodSchema, Scenario: "s", Seed: 3, Chart: c}
	data, err := m.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"per_million_usd": [
          null,`) {
		t.Errorf("a cost per million where none arrived is not null:\n%s", data)
	}
	back, err := decodeBreakevenChart("breakeven.json", "dir", data)
	if err != nil {
		t.Fatal(err)
	}
	h := plots.Header{Scenario: "s", Seed: 3}
	if !bytes.Equal(svgOf(t, c.draw(reg, h)), svgOf(t, back.Chart.draw(reg, h))) {
		t.Error("the chart drawn from breakeven.json differs from the one drawn before it was saved")
	}
}

// The same for tune.json, with a value that misses the SLO, no balanced
// choice and an interrupted tuning's banner.
func TestSavedTuneChartRoundTrip(t *testing.T) {
	reg := platforms.Default()
	c := &tuneChart{Points: []savedTunePoint{{Label: "128 MB", MonthlyUSD: 10.123456789, MeanMs: 300.5, P99Ms: 1400.25, MeetsSLO: false},
		{Label: "512 MB", MonthlyUSD: 20, MeanMs: 100, P99Ms: 500}}, Cheapest: 1, Fastest: 1, Balanced: -1, SLO: "p99 ≤ 1s", P99TargetMs: 1000,
		Notes: []string{"A row as a run: execsim run f.yaml --set lambda.everyFunction.memoryMB=<memory MB>."}, Banner: "PARTIAL: interrupted after 2 of 3 values"}
	r := tuneRecord{Schema: tuneSchema, Scenario: "s", Seed: 3, Platform: "lambda", Setting: "memory", Unit: "MB", Chart: c}
	data, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := decodeTuneRecord("tune.json", "dir", data)
	if err != nil {
		t.Fatal(err)
	}
	h := plots.Header{Scenario: "s", Seed: 3}
	if !bytes.Equal(svgOf(t, c.draw(reg, h, "lambda", "memory")), svgOf(t, back.Chart.draw(reg, h, back.Platform, back.Setting))) {
		t.Error("the chart drawn from tune.json differs from the one drawn before it was saved")
	}
}

// FuzzReadSavedCharts: whatever breakeven.json or tune.json holds, plot
// either draws its chart or refuses it with an error; it never panics.
func FuzzReadSavedCharts(f *testing.F) {
	f.Add([]byte(`{"schema":"execsim/breakeven-method/v1","chart":{"slo":"x","curves":[{"platform":"lambda","rate_per_second":[1,2],"monthly_usd":[3,null],"per_million_usd":[null,1],"meets_slo":[true,false],"not_judged":[false,true]}],"crossings":[{"platform_a":"lambda","platform_b":"zz","rate_per_second":1.5,"monthly_usd":3,"jump":"j","misses_slo":["zz"]}],"notes":["n"],"only_by_missing_slo":[[1,2]]}}`))
	f.Add([]byte(`{"schema":"execsim/tune/v1","platform":"lambda","setting":"memory","chart":{"points":[{"label":"1 MB","monthly_usd":1,"latency_mean_ms":2,"latency_p99_ms":null,"meets_slo":true}],"cheapest":0,"fastest":-1,"balanced":0,"slo":"x","notes":null}}`))
	f.Add([]byte(`{"schema":"execsim/breakeven-method/v1","chart":{"curves":[{"platform":"lambda","rate_per_second":[1],"monthly_usd":[]}]}}`))
	reg := platforms.Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		if m, err := decodeBreakevenChart("breakeven.json", "dir", data); err == nil {
			svgOf(t, m.Chart.draw(reg, plots.Header{Scenario: m.Scenario, Seed: m.Seed}))
		}
		if r, err := decodeTuneRecord("tune.json", "dir", data); err == nil {
			svgOf(t, r.Chart.draw(reg, plots.Header{Scenario: r.Scenario, Seed: r.Seed}, r.Platform, r.Setting))
		}
	})
}
