package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/scenarios/breakeven"
	"github.com/execsim/execsim/scenarios/platform"
)

// execsim tune at the scenario's own traffic: the table with the three
// choices, tune.csv with its columns and one row per size, the chart.
func TestTuneCommand(t *testing.T) {
	f := writeScenario(t, good)
	dir := t.TempDir()
	out, errOut, code := execsim(t, "tune", f, "--memory", "1024,128,512", "--no-progress", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{"reproduce: execsim tune", "--memory 128,512,1024", "SLO: p99 ≤ 1s, refused ≤ 0.10 %",
		"memory MB", "mean latency", "choice", "Cheapest among the values that meet the SLO", "Fastest (lowest p99)",
		"Balanced among", "AWS Lambda Power Tuning's balanced strategy", "tune.csv", "tune.{png,svg}"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	rows, err := csv.NewReader(strings.NewReader(readFile(t, filepath.Join(dir, "tune.csv")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := "memory_mb,monthly_usd,per_million_usd,latency_mean_ms,latency_p99_ms,tail_ms,refused,meets_slo,choice,completed"
	if len(rows) != 4 || strings.Join(rows[0], ",") != want {
		t.Fatalf("tune.csv: %d rows, header %v; want 4, %s", len(rows), rows[0], want)
	}
	chosen := map[string]bool{}
	for i, r := range rows[1:] {
		if r[0] != []string{"128", "512", "1024"}[i] {
			t.Errorf("row %d is %s MB; want the sizes in increasing order", i+1, r[0])
		}
		if r[7] != "true" && r[7] != "false" {
			t.Errorf("meets_slo %q; want true or false", r[7])
		}
		for _, c := range strings.Split(r[8], "+") {
			chosen[c] = true
		}
		if n, err := strconv.Atoi(r[9]); err != nil || n < 1000 {
			t.Errorf("completed %q; want the run's some 1,200 requests", r[9])
		}
	}
	if strings.Contains(out, "fewer than 100") {
		t.Errorf("every value completed some 1,200 requests, yet the output says few:\n%s", out)
	}
	for _, c := range []string{"cheapest", "fastest", "balanced"} {
		if !chosen[c] {
			t.Errorf("no row is the %s choice: %v", c, rows)
		}
	}
	if svg := readFile(t, filepath.Join(dir, "tune.svg")); !strings.Contains(svg, "Memory tuning: monthly cost vs latency") || !strings.Contains(svg, "128 MB") {
		t.Errorf("tune.svg lacks its title or a size label")
	}
}

func TestTuneErrors(t *testing.T) {
	f := writeScenario(t, good)
	k8sOnly := writeScenario(t, strings.Replace(good, "lambda: {memoryMB: 512, runtime: go}\n", `kubernetes: {nodePools: [{instanceTypes: [m6i.large], nodes: 1}]}
`, 1))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"tune", f}, "give the values to compare, e.g. --memory 128,256,512,1024,1769,3008"},
		{[]string{"tune", f, "--memory", "64,512"}, "--memory 64: must be between 128 and 10240 MB"},
		{[]string{"tune", f, "--memory", "128,20000"}, "--memory 20000: must be between 128 and 10240 MB"},
		{[]string{"tune", f, "--memory", "128,big"}, `--memory "128,big": want memory values in MB separated by commas`},
		{[]string{"tune", f, "--memory", "128,128"}, "128 is given twice"},
		{[]string{"tune", f, "--memory", "128", "--weight", "2"}, "--weight 2: want 0 to 1"},
		{[]string{"tune", f, "--rate", "inf", "--memory", "128"}, "--rate +Inf: want 1e-06 to 1e+07 req/s"},
		{[]string{"tune", k8sOnly, "--memory", "128"}, "has no platform whose memory can be tuned: it needs a lambda: section"},
	} {
		t.Run(strings.Join(tc.args[2:], " "), func(t *testing.T) {
			_, errOut, code := execsim(t, append(tc.args, "--out", t.TempDir())...)
			if code != exitInput || !strings.Contains(errOut, tc.want) {
				t.Errorf("execsim %s: exit %d %q; want %d and %q", strings.Join(tc.args, " "), code, errOut, exitInput, tc.want)
			}
		})
	}
}

// Ctrl-C before any size finished: tune stops and exits 130, like
// breakeven.
func TestTuneInterruptedExits130(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	code := exitCode(execute(ctx, newApp(&out, &errOut), []string{"execsim", "tune", writeScenario(t, good), "--memory", "128,512", "--out", t.TempDir()}), &errOut)
	if code != exitInterrupted || !strings.Contains(errOut.String(), "interrupted") {
		t.Errorf("tune: exit %d %q", code, errOut.String())
	}
}

// A fleet whose functions have sizes of their own: tune says its values
// override them, and the run it names reproduces a row's cost; a --set
// lambda.memoryMB, which changes no function there, is warned about.
func TestTuneRowReproducedByRun(t *testing.T) {
	f := writeScenario(t, `name: own
seed: 5
duration: 2m
services:
  - {name: a, arrivals: {ratePerSecond: 4}, work: {cpu: "exp(mean=20ms)", io: 30ms}, lambda: {memoryMB: 1024}}
  - {name: b, arrivals: {ratePerSecond: 2}, work: {cpu: "exp(mean=20ms)", io: 30ms}, lambda: {memoryMB: 2048}}
lambda: {runtime: go}
`)
	dir := t.TempDir()
	out, errOut, code := execsim(t, "tune", f, "--memory", "256", "--no-progress", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{"Each value sets every function's memory, overriding the memory 2 functions have of their own (a and b); a run of the scenario as written keeps theirs.",
		"A row as a run: execsim run " + format.ShellQuote(f) + " --model lambda --set lambda.everyFunction.memoryMB=<memory MB>."} {
		if !strings.Contains(out, w) {
			t.Errorf("tune output lacks %q:\n%s", w, out)
		}
	}
	rows, err := csv.NewReader(strings.NewReader(readFile(t, filepath.Join(dir, "tune.csv")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	run := func(set string) (float64, string) {
		t.Helper()
		out, errOut, code := execsim(t, "run", f, "--model", "lambda", "--json", "--set", set)
		if code != 0 {
			t.Fatalf("run --set %s: exit %d: %s", set, code, errOut)
		}
		var s struct {
			Models map[string]struct {
				Cost struct {
					MonthlyUSD float64 `json:"monthly_usd"`
				} `json:"cost"`
			} `json:"models"`
		}
		if err := json.Unmarshal([]byte(out), &s); err != nil {
			t.Fatal(err)
		}
		return s.Models["lambda"].Cost.MonthlyUSD, errOut
	}
	got, _ := run("lambda.everyFunction.memoryMB=256")
	if want, _ := strconv.ParseFloat(rows[1][1], 64); math.Abs(got-want) > 1e-6 {
		t.Errorf("the run named costs $%.6f a month; the tune row $%.6f", got, want)
	}
	asWritten, _ := run("lambda.everyFunction.memoryMB=1024")
	same, warned := run("lambda.memoryMB=256")
	if same == got || !strings.Contains(warned, "lambda.memoryMB: 256 MB is the size of no function: all 2 have their own") {
		t.Errorf("--set lambda.memoryMB=256: $%.4f (every function at 256 MB: $%.4f, at 1024: $%.4f), warnings %q; want the file's sizes and a warning", same, got, asWritten, warned)
	}
}

// A value at which no request arrived neither meets nor misses the SLO:
// the choices' sentence must not say every value missed it (be3 left
// "No memory value meets the SLO … none of them meets it" for a tuning at
// a rate below one request a run).
func TestTuneSentencesNotJudged(t *testing.T) {
	o := tuneOptions{tuning: platform.Tuning{Setting: "memory", Unit: "MB"}, weight: 0.5}
	slo := judgedBy{"meets the SLO", platform.SLO{Quantile: 0.99, Target: time.Second, Refused: 0.001}.String()}
	ch := breakeven.Choices{}
	for _, tc := range []struct {
		unjudged []bool
		want     string
	}{
		{[]bool{true, true}, "No request arrived at any memory value, so the SLO (p99 ≤ 1s, refused ≤ 0.10 %) judges none of them"},
		{[]bool{true, false}, "the choices below are among all values; 1 of them is not judged, no request having arrived there, and the others miss it."},
		{[]bool{false, false}, "the choices below are among all values, and none of them meets it."},
	} {
		var pts []breakeven.TunePoint
		for i, nj := range tc.unjudged {
			pts = append(pts, breakeven.TunePoint{Value: 128 * (i + 1), ModelPoint: breakeven.ModelPoint{NotJudged: nj}})
		}
		got := tuneSentences(o, slo, pts, ch)
		if len(got) == 0 || !strings.Contains(got[0], tc.want) {
			t.Errorf("%v: %q; want %q", tc.unjudged, got, tc.want)
		}
	}
}

// At a rate where each value's run completes fewer than 100 requests the
// p99 is the slowest of them: the text and the chart's notes say so, with
// the count (walk report 3).
func TestTuneSaysFewRequests(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := execsim(t, "tune", writeScenario(t, good), "--memory", "128,1024", "--rate", "0.5", "--no-progress", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(readFile(t, filepath.Join(dir, "tune.csv")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	n := rows[1][9]
	if c, err := strconv.Atoi(n); err != nil || c >= 100 || c == 0 || rows[2][9] != n {
		t.Fatalf("completed %q and %q; want the same few (2 minutes at 0.5 req/s)", n, rows[2][9])
	}
	want := "The p99 is from fewer than 100 completed requests at 128 MB and 1024 MB (" + n + " each): there it is the slowest of them"
	if !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	if svg := readFile(t, filepath.Join(dir, "tune.svg")); !strings.Contains(svg, "("+n+" each): there it is the slowest") {
		t.Error("the chart does not say from how many requests the p99 is")
	}
}

// A value at which no request completed (every one timed out at 128 MB)
// has no latency: the table shows "—" and a note says why, tune.csv
// leaves the cells empty, tune.json holds null and the chart leaves the
// value out, rather than "p99 0.000 ms" and a point at 0 ms (review).
func TestTuneNoRequestCompleted(t *testing.T) {
	src := strings.NewReplacer(`work: {cpu: "exp(mean=10ms)", io: "exp(mean=50ms)"}`, `work: {cpu: "uniform(min=400ms,max=500ms)", io: "1ms"}`,
		`lambda: {memoryMB: 512, runtime: go}`, `lambda: {memoryMB: 512, runtime: go, timeout: 1s}`).Replace(good)
	dir := t.TempDir()
	out, errOut, code := execsim(t, "tune", writeScenario(t, src), "--memory", "128,1769", "--no-progress", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var row128 string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "128 ") {
			row128 = l
		}
	}
	if f := strings.Fields(row128); len(f) < 6 || f[3] != "—" || f[4] != "—" || strings.Contains(row128, "0.000 ms") {
		t.Errorf("128 MB row %q; want — for its mean and p99", row128)
	}
	const note = "No request completed at 128 MB ("
	if !strings.Contains(out, note) || !strings.Contains(out, "— no request completed at that value") {
		t.Errorf("output does not say why 128 MB has no latency:\n%s", out)
	}
	rows, err := csv.NewReader(strings.NewReader(readFile(t, filepath.Join(dir, "tune.csv")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if r := rows[1]; r[0] != "128" || r[9] != "0" || r[3] != "" || r[4] != "" || r[5] != "" {
		t.Errorf("tune.csv 128 MB row %q; want empty latencies and 0 completed", r)
	}
	if r := rows[2]; r[3] == "" || r[4] == "" {
		t.Errorf("tune.csv 1769 MB row %q; want its latencies", r)
	}
	rec, err := readTuneRecord(dir)
	if err != nil {
		t.Fatal(err)
	}
	if p := rec.Chart.Points[0]; !math.IsNaN(float64(p.MeanMs)) || !math.IsNaN(float64(p.P99Ms)) {
		t.Errorf("tune.json 128 MB point %+v; want null latencies", p)
	}
	svg := readFile(t, filepath.Join(dir, "tune.svg"))
	if strings.Contains(svg, ">128 MB<") || !strings.Contains(svg, "1769 MB") || !strings.Contains(svg, note) {
		t.Error("the chart draws 128 MB, or does not say why it leaves it out")
	}
}

// tune runs the tuned platform alone: it warns of that platform's payload
// refusals, not of a placement that pins the service elsewhere and does
// not run (the placement's warning is for the runs that include it).
func TestTuneWarnsOfTheTunedPlatformsPayloads(t *testing.T) {
	const src = `name: big
seed: 3
duration: 1m
services:
  - {name: upload, arrivals: {ratePerSecond: 2}, work: {io: "exp(mean=100ms)", payloadKB: 7373}}
  - {name: api, arrivals: {ratePerSecond: 5}, work: {io: "exp(mean=50ms)"}}
kubernetes: {nodePools: [{name: general, instanceTypes: [m7g.large], nodes: 2}], replicas: 1}
lambda: {memoryMB: 512}
placement: {slo: {p99: 2s}}
cost: {frontDoor: none, frontDoors: {lambda: http-api}}
`
	_, errOut, code := execsim(t, "tune", writeScenario(t, src), "--memory", "512", "--no-progress", "--out", t.TempDir())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "payloadKB 7,373 (1 service: upload): lambda behind http-api takes at most 6,144 KB") || strings.Contains(errOut, "placement pins") {
		t.Errorf("warnings %q; want Lambda's own payload refusal, not the placement's pin", errOut)
	}
}

// tune said nothing of the scenario's own warnings (note10: plan.Warnings
// unprinted), so an slo.refused that lets most requests fail went unsaid.
func TestTuneWarnsOfTheScenario(t *testing.T) {
	const src = `name: loose
seed: 3
duration: 1m
services:
  - {name: api, arrivals: {ratePerSecond: 5}, work: {io: "exp(mean=50ms)"}}
lambda: {memoryMB: 512}
slo: {p99: 2s, refused: 0.6}
`
	_, errOut, code := execsim(t, "tune", writeScenario(t, src), "--memory", "512", "--no-progress", "--out", t.TempDir())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "execsim: warning: slo.refused: 60.00 % of requests may be refused") {
		t.Errorf("warnings %q; want the scenario's slo.refused warning", errOut)
	}
}

// tune runs the tuned platform alone: it warns of the scenario's files and
// of that platform's section and files, not of the others' (byof's
// Kubernetes manifests were warned of by a tuning of Lambda's memory).
func TestTuneWarnsOnlyOfTheTunedPlatform(t *testing.T) {
	_, errOut, code := execsim(t, "tune", "builtin:byof", "--memory", "512", "--set", "duration=30m", "--no-progress", "--out", t.TempDir())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{"byof/prometheus/requests-2026-11-24.json: its 288 samples", "byof/lambda/template.yaml:document 1: Resources.Search.Properties.MemorySize",
		"lambda.templates (byof/lambda/template.yaml): service admin-portal has no function in the file"} {
		if !strings.Contains(errOut, w) {
			t.Errorf("warnings lack %q:\n%s", w, errOut)
		}
	}
	for _, w := range []string{"byof/k8s/", "kubernetes.manifests"} {
		if strings.Contains(errOut, w) {
			t.Errorf("a tuning of Lambda warns of Kubernetes' files (%q):\n%s", w, errOut)
		}
	}
}

// perFunctionFleet is three functions, one of which needs memory (its CPU
// share) to meet its own SLO: one size for every function is the size it
// needs, and sizing each by itself is cheaper.
const perFunctionFleet = `name: per-function
seed: 3
duration: 20m
window: 5m
services:
  - name: api
    arrivals: {process: poisson, ratePerSecond: 20}
    work: {cpu: 10ms, io: 20ms}
  - name: heavy
    arrivals: {process: poisson, ratePerSecond: 4}
    work: {cpu: "exp(mean=100ms)", io: 10ms}
    slo: {p99: 1s}
  - name: quiet
    arrivals: {process: poisson, ratePerSecond: 0.01}
    work: {io: 50ms}
lambda: {runtime: go}
`

// A fleet's tuning sizes each function by itself (the cheapest size that
// meets its own SLO), runs the sizes together and compares them with the
// single size every function would need.
func TestTunePerFunction(t *testing.T) {
	f := writeScenario(t, perFunctionFleet)
	dir := t.TempDir()
	out, errOut, code := execsim(t, "tune", f, "--memory", "128,1024", "--no-progress", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{"Per function: each of the 3 functions at the cheapest memory that meets its SLO (its own slo: or the scenario's, on its own requests), then all run together (functions.csv):",
		"128 MB × 2, 1024 MB × 1", "meets the SLO\n", "against every function at 1024 MB ($", "/month), the cheapest single memory at which every function meets its SLO: −$",
		"on the 3 functions that meet their SLO\n", "1 function has fewer than 100 requests, judged on its refusals alone, not on its tail: quiet", "functions.csv"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	rows, err := csv.NewReader(strings.NewReader(readFile(t, filepath.Join(dir, "functions.csv")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := "service,own_slo,memory_mb,meets_slo,monthly_usd_128mb,tail_ms_128mb,refused_128mb,meets_128mb,monthly_usd_1024mb,tail_ms_1024mb,refused_1024mb,meets_1024mb,together_monthly_usd,together_tail_ms,together_refused,together_meets,requests"
	if strings.Join(rows[0], ",") != head || len(rows) != 4 {
		t.Fatalf("functions.csv: header %v, %d rows; want %s and 3 rows", rows[0], len(rows), head)
	}
	want := map[string]string{"api": "128", "heavy": "1024", "quiet": "128"}
	for _, r := range rows[1:] {
		if r[2] != want[r[0]] || r[3] != "true" || r[1] != strconv.FormatBool(r[0] == "heavy") {
			t.Errorf("%s (own SLO %s) at %s MB (meets %s); want %s MB, meeting its SLO, and an SLO of its own for heavy alone", r[0], r[1], r[2], r[3], want[r[0]])
		}
	}
	if heavy := rows[2]; heavy[7] != "false" || heavy[11] != "true" {
		t.Errorf("heavy meets its SLO at 128 MB %s, at 1024 MB %s; want false, true (the test's premise)", heavy[7], heavy[11])
	}
	var rec struct {
		PerFunction struct {
			Values   []struct{ Value, Services int }
			Together struct {
				MonthlyUSD float64 `json:"monthly_usd"`
				MeetsSLO   *bool   `json:"meets_slo"`
			}
			Single           int     `json:"single"`
			SingleMonthlyUSD float64 `json:"single_monthly_usd"`
			SingleMeetsSLO   bool    `json:"single_meets_slo"`
		} `json:"per_function"`
	}
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "tune.json"))), &rec); err != nil {
		t.Fatal(err)
	}
	pf := rec.PerFunction
	if pf.Single != 1024 || !pf.SingleMeetsSLO || pf.Together.MeetsSLO == nil || !*pf.Together.MeetsSLO {
		t.Errorf("tune.json per_function %+v; want the single choice 1024 MB meeting the SLO and the sizes together meeting it", pf)
	}
	if !(pf.Together.MonthlyUSD > 0 && pf.Together.MonthlyUSD < pf.SingleMonthlyUSD) {
		t.Errorf("together $%g a month against $%g at 1024 MB: want cheaper", pf.Together.MonthlyUSD, pf.SingleMonthlyUSD)
	}
	if len(pf.Values) != 2 || pf.Values[0].Value != 128 || pf.Values[0].Services != 2 || pf.Values[1].Services != 1 {
		t.Errorf("per_function.values %+v; want 128 MB × 2, 1024 MB × 1", pf.Values)
	}

	if svg := readFile(t, filepath.Join(dir, "tune.svg")); !strings.Contains(svg, "each function at its own memory, run together") || !strings.Contains(svg, "The squares: each function at its own memory (128 MB × 2, 1024 MB × 1), run together: $") {
		t.Errorf("tune.svg lacks the run of each function at its own size, or its note")
	}
	if !strings.Contains(readFile(t, filepath.Join(dir, "tune.json")), `"each": {`) {
		t.Errorf("tune.json's chart lacks each, the run together, for execsim plot to redraw it")
	}

	// one service: no size per function, and an earlier fleet's table goes
	one := writeScenario(t, good)
	out, errOut, code = execsim(t, "tune", one, "--memory", "128,512", "--no-progress", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "functions.csv")); strings.Contains(out, "Per function") || err == nil {
		t.Errorf("a tuning of one service says or writes a size per function:\n%s", out)
	}
}

// A function that meets its SLO at no size runs at the size where it
// comes nearest, as the placement places a service that meets it
// nowhere: at 1024 MB slow's slowest requests time out (1 s), so those
// that complete have the lower p99, but 1.1 % are refused against a
// 0.1 % ceiling; at 2048 MB none is. The lowest p99 alone chose 1024 MB.
func TestTunePerFunctionNearest(t *testing.T) {
	f := writeScenario(t, `name: survivor
seed: 3
duration: 20m
window: 5m
services:
  - name: api
    arrivals: {process: poisson, ratePerSecond: 10}
    work: {cpu: 5ms, io: 20ms}
  - name: slow
    arrivals: {process: poisson, ratePerSecond: 5}
    work: {cpu: 50ms, io: "empirical(p0=10ms,p25=10ms,p50=10ms,p75=10ms,p99=950ms,p100=950ms)"}
    slo: {p99: 500ms, refused: 0.001}
    lambda: {timeout: 1s}
lambda: {runtime: go}
`)
	dir := t.TempDir()
	out, errOut, code := execsim(t, "tune", f, "--memory", "1024,2048", "--no-progress", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(readFile(t, filepath.Join(dir, "functions.csv")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	slow := rows[2]
	col := func(name string) string {
		i := slices.Index(rows[0], name)
		if i < 0 {
			t.Fatalf("functions.csv has no %s: %v", name, rows[0])
		}
		return slow[i]
	}
	tail1, _ := strconv.ParseFloat(col("tail_ms_1024mb"), 64)
	tail2, _ := strconv.ParseFloat(col("tail_ms_2048mb"), 64)
	ref1, _ := strconv.ParseFloat(col("refused_1024mb"), 64)
	if !(tail1 < tail2 && ref1 > 0.001 && col("refused_2048mb") == "0") || col("meets_1024mb") != "false" || col("meets_2048mb") != "false" {
		t.Fatalf("slow: p99 %s ms, %s refused at 1024 MB, p99 %s ms, %s refused at 2048 MB; the premise is the lower p99 with refusals over the ceiling at 1024, missing at both",
			col("tail_ms_1024mb"), col("refused_1024mb"), col("tail_ms_2048mb"), col("refused_2048mb"))
	}
	if slow[0] != "slow" || col("memory_mb") != "2048" {
		t.Errorf("%s at %s MB; want slow at 2048 MB, where none of its requests is refused", slow[0], col("memory_mb"))
	}
	for _, w := range []string{"1 function meets its SLO at no memory and runs at the memory nearest to it (fewest refused, then closest tail): slow",
		// what was judged: every service's own SLO, not the scenario's
		// alone ("No memory value meets the SLO (p99 ≤ 1s, …)")
		"No memory value lets every service meet its own SLO (each service's own slo:, else p99 ≤ 1s, refused ≤ 0.10 %): the choices below are among all values, and none of them meets it."} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

// Judged on the pooled p99 (no service has an slo: of its own), a single
// size can meet the SLO while a function misses its own there: sizing
// each function by its own SLO was compared with that size (byof: "+$0.04"
// against 128 MB, at which search misses its own). It is compared with
// the cheapest single size at which every function meets its own, and
// the table's cheapest is said to meet the SLO on the pooled p99 only.
func TestTunePerFunctionPooledComparedAlike(t *testing.T) {
	f := writeScenario(t, `name: pooled
seed: 3
duration: 20m
window: 5m
services:
  - name: api
    arrivals: {process: poisson, ratePerSecond: 20}
    work: {cpu: 10ms, io: 20ms}
  - name: heavy
    arrivals: {process: poisson, ratePerSecond: 0.15}
    work: {cpu: "exp(mean=100ms)", io: 10ms}
lambda: {runtime: go}
`)
	dir := t.TempDir()
	out, errOut, code := execsim(t, "tune", f, "--memory", "128,2048", "--no-progress", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// the premise: 128 MB meets the SLO on the pooled p99, the table's cheapest
	if rows, err := csv.NewReader(strings.NewReader(readFile(t, filepath.Join(dir, "tune.csv")))).ReadAll(); err != nil || rows[1][0] != "128" || rows[1][7] != "true" || rows[1][8] != "cheapest" {
		t.Fatalf("tune.csv %v (%v); want 128 MB meeting the SLO, the cheapest", rows, err)
	}
	for _, w := range []string{"128 MB × 1, 2048 MB × 1",
		"together: $46.27/month, p99 158.1 ms, meets the SLO on the pooled p99; on its own requests every function meets its SLO",
		"against every function at 2048 MB ($81.85/month), the cheapest single memory at which every function meets its SLO: −$35.59 on the 2 functions that meet their SLO",
		"the table's cheapest, 128 MB ($45.76/month), meets the SLO on the pooled p99 only: heavy misses its own SLO there"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	var rec struct {
		PerFunction struct {
			Single         int  `json:"single"`
			SingleMeetsSLO bool `json:"single_meets_slo"`
		} `json:"per_function"`
	}
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "tune.json"))), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.PerFunction.Single != 2048 || !rec.PerFunction.SingleMeetsSLO {
		t.Errorf("tune.json per_function.single %d (meets %v); want 2048, true", rec.PerFunction.Single, rec.PerFunction.SingleMeetsSLO)
	}
}

// What no function owes alone (the free tier's credit) moves between the
// two runs: the functions' shares fell by $0.98 while the totals were the
// same, and the paragraph said "−$0.98" against a size that cost as much.
// The difference is said whole, its parts adding up to it.
func TestTunePerFunctionSaysWhatNoFunctionOwes(t *testing.T) {
	f := writeScenario(t, strings.NewReplacer("ratePerSecond: 20}", "ratePerSecond: 0.5}", "ratePerSecond: 4}", "ratePerSecond: 0.2}").Replace(perFunctionFleet)+
		"cost: {freeTier: true}\n")
	dir := t.TempDir()
	out, errOut, code := execsim(t, "tune", f, "--memory", "128,2048", "--no-progress", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rec struct {
		PerFunction struct {
			Together struct {
				MonthlyUSD float64 `json:"monthly_usd"`
			} `json:"together"`
			SingleMonthlyUSD float64 `json:"single_monthly_usd"`
		} `json:"per_function"`
	}
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "tune.json"))), &rec); err != nil {
		t.Fatal(err)
	}
	total := signedUSD(rec.PerFunction.Together.MonthlyUSD - rec.PerFunction.SingleMonthlyUSD)
	for _, w := range []string{": " + total + " in all: −$", "on the 3 functions that meet their SLO, +$", "in what no function owes alone (a free tier's credit, shared charges)"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q (together $%.2f, single $%.2f):\n%s", w, rec.PerFunction.Together.MonthlyUSD, rec.PerFunction.SingleMonthlyUSD, out)
		}
	}
}

// The run together as a run: tune names the execsim run that sets each
// function's size (and clears the file's lambda.everyFunction.memoryMB,
// which would size them all over their own), and that run costs what the
// run together did; a fleet: block's functions are not under services:,
// and tune says no run reproduces it rather than name one that would not.
func TestTunePerFunctionReproducedByRun(t *testing.T) {
	f := writeScenario(t, strings.Replace(perFunctionFleet, "lambda: {runtime: go}", "lambda: {runtime: go, everyFunction: {memoryMB: 512}}", 1))
	dir := t.TempDir()
	out, errOut, code := execsim(t, "tune", f, "--memory", "128,1024", "--no-progress", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rec struct {
		PerFunction struct {
			Together struct {
				MonthlyUSD float64 `json:"monthly_usd"`
			} `json:"together"`
			Reproduce string `json:"reproduce"`
		} `json:"per_function"`
	}
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "tune.json"))), &rec); err != nil {
		t.Fatal(err)
	}
	run := rec.PerFunction.Reproduce
	want := "execsim run " + format.ShellQuote(f) + " --model lambda --set 'services[0].lambda.memoryMB=128' --set 'services[1].lambda.memoryMB=1024' --set 'services[2].lambda.memoryMB=128' --set lambda.everyFunction.memoryMB=null"
	if run != want || !strings.Contains(out, "  as a run: "+want+"\n") {
		t.Fatalf("per_function.reproduce %q; want %q, printed:\n%s", run, want, out)
	}
	var args []string
	for _, a := range strings.Fields(strings.TrimPrefix(run, "execsim ")) {
		args = append(args, strings.Trim(a, "'"))
	}
	rout, rerr, code := execsim(t, append(args, "--json")...)
	if code != 0 {
		t.Fatalf("%s: exit %d: %s", run, code, rerr)
	}
	var s struct {
		Models map[string]struct {
			Cost struct {
				MonthlyUSD float64 `json:"monthly_usd"`
			} `json:"cost"`
		} `json:"models"`
	}
	if err := json.Unmarshal([]byte(rout), &s); err != nil {
		t.Fatal(err)
	}
	if got := s.Models["lambda"].Cost.MonthlyUSD; got != rec.PerFunction.Together.MonthlyUSD {
		t.Errorf("%s costs $%.6f a month; the run together $%.6f", run, got, rec.PerFunction.Together.MonthlyUSD)
	}

	fleet := writeScenario(t, `name: generated
seed: 3
duration: 10m
fleet:
  generate:
    count: 2
    rate: "uniform(1,2)"
    shapes: {steady: 1}
    work: {cpu: "exp(mean=5ms)", io: 20ms}
lambda: {runtime: go}
`)
	out, errOut, code = execsim(t, "tune", fleet, "--memory", "128,1024", "--no-progress", "--out", t.TempDir())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "  no run reproduces the run together: its functions are not all written out under services: (a fleet: block's are not)") || strings.Contains(out, "  as a run:") {
		t.Errorf("a generated fleet's tuning names a run, or not why there is none:\n%s", out)
	}
}
