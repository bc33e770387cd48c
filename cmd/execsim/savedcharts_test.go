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
		Notes: []string{"A row as a run: execsim run f.yaml --set lambda.everyFunction.memoryMB=<memory MB>."}, Banner: "PARTIAL: interrupted after 2 of 3 values",
		Each: &savedTunePoint{Label: "per function", MonthlyUSD: 12.5, MeanMs: 150.25, P99Ms: 700.125, MeetsSLO: true}, Units: "function"}
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
	svg := svgOf(t, c.draw(reg, h, "lambda", "memory"))
	if !bytes.Equal(svg, svgOf(t, back.Chart.draw(reg, h, back.Platform, back.Setting))) {
		t.Error("the chart drawn from tune.json differs from the one drawn before it was saved")
	}
	if !bytes.Contains(svg, []byte("each function at its own memory, run together")) {
		t.Error("the chart lacks the run of each function at its own size")
	}
}

// FuzzReadSavedCharts: whatever breakeven.json or tune.json holds, plot
// either draws its chart or refuses it with an error; it never panics.
func FuzzReadSavedCharts(f *testing.F) {
	f.Add([]byte(`{"schema":"execsim/breakeven-method/v1","chart":{"slo":"x","curves":[{"platform":"lambda","rate_per_second":[1,2],"monthly_usd":[3,null],"per_million_usd":[null,1],"meets_slo":[true,false],"not_judged":[false,true]}],"crossings":[{"platform_a":"lambda","platform_b":"zz","rate_per_second":1.5,"monthly_usd":3,"jump":"j","misses_slo":["zz"]}],"notes":["n"],"only_by_missing_slo":[[1,2]]}}`))
	f.Add([]byte(`{"schema":"execsim/tune/v1","platform":"lambda","setting":"memory","chart":{"points":[{"label":"1 MB","monthly_usd":1,"latency_mean_ms":2,"latency_p99_ms":null,"meets_slo":true}],"cheapest":0,"fastest":-1,"balanced":0,"slo":"x","notes":null}}`))
	f.Add([]byte(`{"schema":"execsim/tune/v1","platform":"lambda","setting":"memory","chart":{"points":[{"label":"1 MB","monthly_usd":1,"latency_mean_ms":2,"latency_p99_ms":3,"meets_slo":true}],"cheapest":0,"fastest":-1,"balanced":0,"slo":"x","notes":null,"each":{"label":"per function","monthly_usd":null,"latency_mean_ms":-1,"latency_p99_ms":1e308,"meets_slo":false},"units":"function"}}`))
	f.Add([]byte(`{"schema":"execsim/breakeven-method/v1","chart":{"curves":[{"platform":"lambda","rate_per_second":[1],"monthly_usd":[]}]}}`))
	f.Add([]byte(`{"schema":"execsim/breakeven-method/v1","chart":{"curves":[{"platform":"","rate_per_second":[-1,0,1e308],"monthly_usd":[null,-5,1e308],"per_million_usd":[null,null,null],"meets_slo":[true,true,true],"not_judged":[true,true,true]}],"crossings":[{"rate_per_second":-3,"monthly_usd":null}],"only_by_missing_slo":[[5,-5],[null,1e308]]}}`))
	f.Add([]byte(`{"schema":"execsim/tune/v1","chart":{"points":[{"monthly_usd":null,"latency_mean_ms":-1,"latency_p99_ms":0},{"monthly_usd":0,"latency_mean_ms":1e308,"latency_p99_ms":null}],"cheapest":-1,"fastest":1,"balanced":-1,"p99_target_ms":-4}}`))
	f.Add([]byte(`{"schema":"execsim/tune/v1","chart":{"points":[{"monthly_usd":1e12,"latency_mean_ms":9.2e12,"latency_p99_ms":9.2e12},{"monthly_usd":0,"latency_mean_ms":1e-6,"latency_p99_ms":1e-6}],"cheapest":0,"fastest":1,"balanced":-1,"p99_target_ms":9.2e12}}`))
	f.Add([]byte(`{"schema":"execsim/breakeven-method/v1","chart":{"curves":[{"rate_per_second":[1e-6,1e7],"monthly_usd":[0,1e12],"per_million_usd":[1e-9,1e12],"meets_slo":[false,false],"not_judged":[false,false]}],"crossings":[{"rate_per_second":1e7,"monthly_usd":0}],"only_by_missing_slo":[[1e7,1e-6]]}}`))
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

// Chart data the commands never write is refused, naming the field and
// what it may hold, before it reaches the charts (some of it panicked
// there: FuzzReadSavedCharts).
func TestSavedChartsRefused(t *testing.T) {
	curve := func(rates, monthly, perMillion string) string {
		return `{"schema":"execsim/breakeven-method/v1","chart":{"curves":[{"platform":"lambda","rate_per_second":[` + rates + `],"monthly_usd":[` + monthly +
			`],"per_million_usd":[` + perMillion + `],"meets_slo":[true],"not_judged":[false]}]}}`
	}
	tune := func(point, target string) string {
		return `{"schema":"execsim/tune/v1","chart":{"points":[` + point + `],"cheapest":0,"fastest":0,"balanced":0,"p99_target_ms":` + target + `}}`
	}
	cases := []struct {
		name, data, want string
		tune             bool
	}{
		{"schema", `{"schema":"execsim/summary/v1","chart":{}}`, `schema "execsim/summary/v1": want "execsim/breakeven-method/v1"`, false},
		{"no chart", `{"schema":"execsim/breakeven-method/v1"}`, `has no chart data ("chart")`, false},
		{"no curves", `{"schema":"execsim/breakeven-method/v1","chart":{"curves":[]}}`, "chart.curves is empty", false},
		{"lengths", curve("1,2", "3", "4"), "chart.curves[0] (lambda) has 2 rates, 1 monthly costs", false},
		{"rate 0", curve("0", "3", "4"), "chart.curves[0].rate_per_second[0] 0: want a rate from 1e-06 to 1e+07 req/s", false},
		{"negative cost", curve("1", "-3", "4"), "chart.curves[0].monthly_usd[0] -3: want null or a cost of 0 USD or more", false},
		{"negative tune cost", tune(`{"monthly_usd":-1,"latency_mean_ms":1,"latency_p99_ms":2}`, "0"), "chart.points[0].monthly_usd -1: want null or a cost", true},
		{"not JSON", `{"schema":`, "breakeven.json: unexpected end of JSON input", false},
		{"no points", `{"schema":"execsim/tune/v1","chart":{"points":[]}}`, "chart.points is empty", true},
		{"huge target", tune(`{"monthly_usd":1,"latency_mean_ms":1,"latency_p99_ms":2}`, "1e308"), "chart.p99_target_ms 1e+308: want null, 0 or a duration", true},
		{"negative latency", tune(`{"monthly_usd":1,"latency_mean_ms":-1,"latency_p99_ms":2}`, "0"), "chart.points[0].latency_mean_ms -1", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.tune {
				_, err = decodeTuneRecord("tune.json", "dir", []byte(tc.data))
			} else {
				_, err = decodeBreakevenChart("breakeven.json", "dir", []byte(tc.data))
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v; want %q", err, tc.want)
			}
		})
	}
}

// Costs of any size a bill can be are read back and drawn: the charts
// themselves leave out what they cannot place (beyond ±1e15, said in a
// note) and draw a cost axis linear when it spans more than a log axis
// holds, so the saved data's old bounds (1e-9 to 1e12 USD) are gone.
func TestSavedChartsExtremeCosts(t *testing.T) {
	reg := platforms.Default()
	for _, tc := range []struct {
		name, cost string
		note       string // a note the chart must carry; "" for none
	}{
		{"smallest double", "5e-324", ""},
		{"tiny beside a dollar", "1e-300", "too much for a log axis"},
		{"a trillionth", "1e-12", ""},
		{"ten trillion", "1e13", ""},
		{"beyond the charts", "1e16", "beyond ±1e15"},
		{"largest JSON", "1e308", "beyond ±1e15"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			be := `{"schema":"execsim/breakeven-method/v1","chart":{"slo":"x","curves":[{"platform":"lambda","rate_per_second":[1,2,4],"monthly_usd":[` + tc.cost +
				`,1,2],"per_million_usd":[1,` + tc.cost + `,3],"meets_slo":[true,true,true],"not_judged":[false,false,false]}],"crossings":[{"platform_a":"lambda","platform_b":"kubernetes","rate_per_second":2,"monthly_usd":` + tc.cost + `}]}}`
			m, err := decodeBreakevenChart("breakeven.json", "dir", []byte(be))
			if err != nil {
				t.Fatalf("breakeven.json refused: %v", err)
			}
			svg := string(svgOf(t, m.Chart.draw(reg, plots.Header{Scenario: "s", Seed: 1})))
			tu := `{"schema":"execsim/tune/v1","platform":"lambda","setting":"memory","chart":{"points":[{"label":"128 MB","monthly_usd":` + tc.cost +
				`,"latency_mean_ms":2,"latency_p99_ms":3,"meets_slo":true},{"label":"256 MB","monthly_usd":1,"latency_mean_ms":1,"latency_p99_ms":2,"meets_slo":true}],"cheapest":0,"fastest":1,"balanced":0,"slo":"x"}}`
			r, err := decodeTuneRecord("tune.json", "dir", []byte(tu))
			if err != nil {
				t.Fatalf("tune.json refused: %v", err)
			}
			svg += string(svgOf(t, r.Chart.draw(reg, plots.Header{Scenario: "s", Seed: 1}, r.Platform, r.Setting)))
			if tc.note != "" && !strings.Contains(svg, tc.note) {
				t.Errorf("the charts do not say %q", tc.note)
			}
		})
	}
}
