package main

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/execsim/execsim/internal/report"
	"github.com/execsim/execsim/scenarios/breakeven"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platforms"
)

// A blend (placement:) is one more platform in break-even: every pair is
// reported, each sentence with its SLO verdict, and the chart marks the
// crossings the text reports.
func TestBreakevenWithABlend(t *testing.T) {
	f := writeScenario(t, blendScenario)
	dir := t.TempDir()
	out, errOut, code := execsim(t, "breakeven", f, "--from", "1", "--to", "300", "--points", "4", "--no-progress", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{"Kubernetes and Lambda:", "Kubernetes and the hybrid:", "Lambda and the hybrid:", "hybrid $/month", "hyb SLO"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, " is cheaper") && !strings.Contains(line, "SLO") {
			t.Errorf("a sentence calls a platform cheaper without its SLO verdict: %q", line)
		}
		if strings.HasPrefix(line, "the ") {
			t.Errorf("a sentence starts in lower case: %q", line)
		}
	}
	if c := readFile(t, filepath.Join(dir, "breakeven.csv")); !strings.Contains(c, "hybrid.meets_slo") {
		t.Errorf("breakeven.csv has no hybrid.meets_slo column:\n%s", c)
	}
	checkCrossings(t, out, dir)
	if svg := readFile(t, filepath.Join(dir, "breakeven.svg")); !strings.Contains(svg, "Monthly cost: 730 h at a constant average rate") {
		t.Errorf("breakeven.svg of constant rates does not say so")
	}
}

// checkCrossings checks every crossing break-even wrote against the runs
// at its bracket's ends: a common cost lies between the two platforms'
// costs there (no cost the runs did not have), a jump has none and says
// so in the text and breakeven.json.
func checkCrossings(t *testing.T, out, dir string) {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(readFile(t, filepath.Join(dir, "crossings.csv")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	num := func(r []string, k string) float64 {
		v, err := strconv.ParseFloat(r[col[k]], 64)
		if err != nil {
			t.Fatalf("crossings.csv %s %q: %v", k, r[col[k]], err)
		}
		return v
	}
	var m breakevenMethod
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "breakeven.json"))), &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Crossings) != len(rows)-1 {
		t.Fatalf("breakeven.json has %d crossings, crossings.csv %d", len(m.Crossings), len(rows)-1)
	}
	jumps := 0
	for k, r := range rows[1:] {
		at := []float64{num(r, "a_monthly_usd_at_lo"), num(r, "b_monthly_usd_at_lo"), num(r, "a_monthly_usd_at_hi"), num(r, "b_monthly_usd_at_hi")}
		if r[col["jump"]] != "" {
			jumps++
			// a jump is no break-even; compliant is the SLO's verdict there
			if r[col["monthly_usd"]] != "" || m.Crossings[k].MonthlyUSD != nil || m.Crossings[k].Jump == nil || r[col["break_even"]] != "false" || m.Crossings[k].BreakEven ||
				(r[col["compliant"]] == "true") != (r[col["misses_slo"]] == "" && r[col["not_judged_slo"]] == "") {
				t.Errorf("jump %v: has a common cost, is called a break-even, or its SLO verdict disagrees (json %+v)", r, m.Crossings[k])
			}
			continue
		}
		c := num(r, "monthly_usd")
		if lo, hi := slices.Min(at), slices.Max(at); c < lo || c > hi {
			t.Errorf("crossing %v: $%.2f/month, outside the runs' $%.2f–$%.2f at its bracket", r, c, lo, hi)
		}
	}
	if got := strings.Count(out, "the costs are never equal, so it is no break-even"); got != jumps {
		t.Errorf("%d jumps in crossings.csv, %d in the text:\n%s", jumps, got, out)
	}
	// the SLO is named as ruling a break-even out only where it did
	if strings.Count(out, "among rates where both meet the SLO") > strings.Count(out, "the SLO: not a break-even") {
		t.Errorf("a pair is said to have no break-even among rates meeting the SLO, but no crossing missed it:\n%s", out)
	}
	t.Logf("%d crossings, %d jumps", len(rows)-1, jumps)
}

// Representative days are stated under the table and in breakeven.json:
// which points were shortened and how, and that --full-length (or
// --exhaustive) simulates every point over the whole run.
func TestBreakevenStatesRepresentativeDays(t *testing.T) {
	f := filepath.Join("..", "..", "scenarios", "testdata", "breakeven", "daily.yaml")
	for _, tc := range []struct {
		name     string
		args     []string
		sentence string
		json     []string
		not      string
	}{
		{"days", []string{"--min-day-requests", "1e4"},
			"2 points of at least 1e+04 requests a day (0.5, 1 req/s) simulated as one active day ×2 + one idle day ×1, each checked to end where it began, the others over the whole 72h0m0s, none extrapolated",
			[]string{`"days": "representative days"`, `"min_day_requests": 10000`, `"simulated_s": 172800`, `"days": "one active day ×2 + one idle day ×1, each checked to end where it began"`},
			`"full_because"`},
		{"below the default threshold", nil, "each point simulated over the whole 72h0m0s, none extrapolated",
			[]string{`"days": "representative days"`, `"simulated_s": 259200`, `"full_because": "a day of`}, `"days": "one active`},
		{"full length", []string{"--full-length", "--min-day-requests", "1e4"}, "each point simulated over the whole 72h0m0s, none extrapolated",
			[]string{`"days": "off"`, `"simulated_s": 259200`}, `"full_because"`},
		{"exhaustive", []string{"--exhaustive", "--min-day-requests", "1e4"}, "method: exhaustive, all 2 grid rates simulated; each point simulated over the whole 72h0m0s",
			[]string{`"days": "off"`, `"simulated_s": 259200`}, `"full_because"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			args := append([]string{"breakeven", f, "--from", "0.5", "--to", "1", "--points", "2", "--no-progress", "--out", dir}, tc.args...)
			out, errOut, code := execsim(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if !strings.Contains(out, tc.sentence) {
				t.Errorf("output lacks %q:\n%s", tc.sentence, out)
			}
			// the reproduce line gives the threshold only where it applies
			if want := tc.name == "days"; strings.Contains(out, "--min-day-requests 10000") != want {
				t.Errorf("reproduce line names the threshold: %v, want %v:\n%s", !want, want, out)
			}
			j := readFile(t, filepath.Join(dir, "breakeven.json"))
			for _, w := range tc.json {
				if !strings.Contains(j, w) {
					t.Errorf("breakeven.json lacks %s:\n%s", w, j)
				}
			}
			if strings.Contains(j, tc.not) || strings.Contains(out, tc.not) {
				t.Errorf("output or breakeven.json has %s:\n%s\n%s", tc.not, out, j)
			}
		})
	}
}

// A bad threshold is refused with the flag, the value and what is allowed,
// before any simulation (an infinite one used to run the whole break-even
// and then fail writing breakeven.json).
func TestBreakevenRefusesABadDayThreshold(t *testing.T) {
	for _, v := range []string{"-1", "Inf", "NaN"} {
		_, errOut, code := execsim(t, "breakeven", "builtin:business-hours", "--min-day-requests", v, "--no-progress")
		if code != 2 || !strings.Contains(errOut, "--min-day-requests") || !strings.Contains(errOut, "must be a number, 0 or more") {
			t.Errorf("%s: exit %d, stderr %q; want 2 and the flag named", v, code, errOut)
		}
	}
}

// The runs that refine a crossing are shortened as the points are, and the
// statement says so; a threshold of 0 is written, not dropped.
func TestBreakevenStatesShortenedCrossingRuns(t *testing.T) {
	f := filepath.Join("..", "..", "scenarios", "testdata", "breakeven", "daily.yaml")
	dir := t.TempDir()
	out, errOut, code := execsim(t, "breakeven", f, "--from", "1.5", "--to", "3", "--points", "2", "--min-day-requests", "0", "--no-progress", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "more runs (all as representative days)") {
		t.Errorf("output does not say the crossing runs were representative days:\n%s", out)
	}
	// a daily-shaped run is no constant rate: the chart's footnote says so
	if svg := readFile(t, filepath.Join(dir, "breakeven.svg")); !strings.Contains(svg, "Monthly cost: 730 h of the run&#39;s 72h0m0s traffic shape, repeated and scaled") {
		t.Errorf("breakeven.svg does not say a month is the run's shape repeated")
	}
	j := readFile(t, filepath.Join(dir, "breakeven.json"))
	for _, w := range []string{`"min_day_requests": 0,`, `"crossing_runs_shortened": 2`} {
		if !strings.Contains(j, w) {
			t.Errorf("breakeven.json lacks %s:\n%s", w, j)
		}
	}
}

// The runs at a crossing's bracket simulated every platform, so every
// platform's line gets them: drawn on the pair's lines alone, a third
// platform's line cut straight between its coarse points while another's
// turned at the refined ones (a review saw the hybrid dip below Lambda
// and cross it twice in a chart whose text said they cost the same).
func TestChartCurvesTakeEveryBracketRun(t *testing.T) {
	pt := func(rate, a, b, c float64) breakeven.CurvePoint {
		return breakeven.CurvePoint{RatePerSecond: rate, Models: []breakeven.ModelPoint{
			{Model: "kubernetes", MonthlyUSD: a}, {Model: "lambda", MonthlyUSD: b}, {Model: "hybrid", MonthlyUSD: c}}}
	}
	curve := []breakeven.CurvePoint{pt(1, 100, 10, 10), pt(300, 100, 400, 400)}
	x := breakeven.Crossing{A: "kubernetes", B: "lambda", Below: pt(99, 100, 99, 99), Above: pt(100, 100, 101, 101)}
	curves := chartCurves(platforms.Default(), curve, []breakeven.Crossing{x})
	if len(curves) != 3 {
		t.Fatalf("%d curves; want 3", len(curves))
	}
	for _, c := range curves {
		if !slices.Equal(c.RatePerSecond, []float64{1, 99, 100, 300}) {
			t.Errorf("%v: rates %v; want the coarse points and both bracket runs", c.Model, c.RatePerSecond)
		}
	}
}

// A rate at which no request arrived is not judged: the table marks it
// "–" and says why, the stretch says so rather than "both meeting the
// SLO", breakeven.csv leaves its verdict empty and breakeven.json marks
// the point.
func TestBreakevenSaysNoArrivalsNotJudged(t *testing.T) {
	f := filepath.Join("..", "..", "scenarios", "testdata", "breakeven", "fixed-nodes.yaml")
	dir := t.TempDir()
	out, errOut, code := execsim(t, "breakeven", f, "--from", "0.0001", "--to", "1", "--points", "3", "--no-progress", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{"– not judged: no request arrived at 0.0001 req/s, so the SLO is neither met nor missed there",
		"at 0.0001 req/s, where no request arrived: the SLO is not judged there.", "not judged"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "0.0001 to") {
		t.Errorf("the rate without arrivals shares a stretch with judged ones:\n%s", out)
	}
	rows, err := csv.NewReader(strings.NewReader(readFile(t, filepath.Join(dir, "breakeven.csv")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	k := slices.Index(rows[0], "lambda.meets_slo")
	if k < 0 || rows[1][k] != "" || rows[len(rows)-1][k] != "true" {
		t.Errorf("breakeven.csv lambda.meets_slo: %v; want empty where nothing arrived", rows)
	}
	if j := readFile(t, filepath.Join(dir, "breakeven.json")); strings.Count(j, `"not_judged": true`) != 1 {
		t.Errorf("breakeven.json does not mark the one point without arrivals:\n%s", j)
	}
}

// At a rate whose run completes fewer than 100 requests the SLO's p99 is
// the slowest of them: the text and the chart say so with the count, and
// breakeven.csv keeps the counts (walk report 3).
func TestBreakevenSaysFewRequests(t *testing.T) {
	f := filepath.Join("..", "..", "scenarios", "testdata", "breakeven", "fixed-nodes.yaml")
	dir := t.TempDir()
	out, errOut, code := execsim(t, "breakeven", f, "--from", "0.01", "--to", "10", "--points", "3", "--no-progress", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// 10 minutes at 0.01 req/s: 7 requests, on either platform
	want := "The p99 is from fewer than 100 completed requests at 0.01 req/s (7): there it is the slowest of them"
	if !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	if svg := readFile(t, filepath.Join(dir, "breakeven.svg")); !strings.Contains(svg, "(7): there it is the slowest") {
		t.Error("the chart does not say the p99 at 0.01 req/s is from 7 requests")
	}
	rows, err := csv.NewReader(strings.NewReader(readFile(t, filepath.Join(dir, "breakeven.csv")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	k, l := slices.Index(rows[0], "kubernetes.completed"), slices.Index(rows[0], "lambda.completed")
	if k < 0 || l < 0 || rows[1][k] != "7" || rows[1][l] != "7" || rows[2][k] != "6007" {
		t.Errorf("breakeven.csv completed columns: %v", rows)
	}
}

func TestFewRates(t *testing.T) {
	slo := platform.SLO{Quantile: 0.99}
	mp := func(model string, n int64) breakeven.ModelPoint {
		return breakeven.ModelPoint{Model: model, Completed: n, Arrivals: max(n, 1)}
	}
	curve := []breakeven.CurvePoint{
		{RatePerSecond: 0.001, Models: []breakeven.ModelPoint{{Model: "kubernetes", NotJudged: true}, {Model: "lambda", NotJudged: true}}},
		{RatePerSecond: 0.01, Models: []breakeven.ModelPoint{mp("kubernetes", 7), mp("lambda", 7)}},
		{RatePerSecond: 0.1, Models: []breakeven.ModelPoint{mp("kubernetes", 70), mp("lambda", 12)}},
		{RatePerSecond: 0.2, Models: []breakeven.ModelPoint{mp("kubernetes", 140), mp("lambda", 0)}},
		{RatePerSecond: 1, Models: []breakeven.ModelPoint{mp("kubernetes", 700), mp("lambda", 99)}},
		{RatePerSecond: 10, Models: []breakeven.ModelPoint{mp("kubernetes", 7000), mp("lambda", 100)}},
	}
	got := fewRates(curve, slo, strings.ToUpper)
	want := []report.FewRequests{{Where: "0.01 req/s", N: 7}, {Where: "KUBERNETES at 0.1 req/s", N: 70}, {Where: "LAMBDA at 0.1 req/s", N: 12},
		{Where: "LAMBDA at 1 req/s", N: 99}}
	if !slices.Equal(got, want) {
		t.Errorf("fewRates = %v; want %v (none where nothing arrived or completed, or from 100 on)", got, want)
	}
	// a p99.9 objective needs 1,000
	if got, want := fewRates(curve[5:], platform.SLO{Quantile: 0.999}, strings.ToUpper), []report.FewRequests{{Where: "LAMBDA at 10 req/s", N: 100}}; !slices.Equal(got, want) {
		t.Errorf("fewRates for p99.9 at 10 req/s = %v; want %v", got, want)
	}
	pts := []breakeven.TunePoint{{Value: 128, ModelPoint: mp("lambda", 41)}, {Value: 1024, ModelPoint: mp("lambda", 100)}}
	if got, want := fewValues(pts, "MB"), []report.FewRequests{{Where: "128 MB", N: 41}}; !slices.Equal(got, want) {
		t.Errorf("fewValues = %v; want %v", got, want)
	}
}

// --tolerance is the widest a crossing's final bracket may be (hi/lo − 1):
// a value past 1/JumpFactor (--tolerance 2 was accepted) would call a
// cost that doubles across the bracket smooth, and one below 1e-6 is
// narrower than the refinement's runs can reach. Both ends are refused,
// naming the range; a tolerance no narrower than the grid's spacing is
// run with a warning that it has no effect.
func TestBreakevenToleranceBounds(t *testing.T) {
	f := writeScenario(t, twoSided)
	for _, v := range []string{"2", "0.5", "0.1000001", "0", "-0.01", "9e-7", "NaN", "+Inf"} {
		_, errOut, code := execsim(t, "breakeven", f, "--tolerance", v, "--no-progress", "--out", t.TempDir())
		if code != exitInput || !strings.Contains(errOut, "--tolerance") || !strings.Contains(errOut, "must be between 1e-06 and 0.1") {
			t.Errorf("--tolerance %s: exit %d %q; want %d naming the range", v, code, errOut, exitInput)
		}
	}
	for _, tc := range []struct {
		args []string
		warn bool
	}{
		{[]string{"--tolerance", "0.1", "--from", "1", "--to", "1.05"}, true},
		{[]string{"--tolerance", "0.1", "--from", "1", "--to", "4"}, false},
		{[]string{"--tolerance", "1e-6", "--from", "1", "--to", "4"}, false},
	} {
		args := append([]string{"breakeven", f, "--points", "2", "--no-progress", "--out", t.TempDir()}, tc.args...)
		_, errOut, code := execsim(t, args...)
		if code != 0 {
			t.Errorf("%s: exit %d %s", strings.Join(tc.args, " "), code, errOut)
		}
		if got := strings.Contains(errOut, "warning: --tolerance 0.1 has no effect: the 2 rates are at most 0.05 apart"); got != tc.warn {
			t.Errorf("%s: warned %v, want %v: %s", strings.Join(tc.args, " "), got, tc.warn, errOut)
		}
	}
}
