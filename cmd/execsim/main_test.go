package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platforms"
	"github.com/execsim/execsim/scenarios/summary"
)

// execsim runs the app as main would and returns stdout, stderr and the exit code.
func execsim(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	return execsimWith(t, platforms.Default(), args...)
}

// execsimWith runs the app with the registry's platforms.
func execsimWith(t *testing.T, reg platform.Registry, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	app := newAppWith(&out, &errOut, reg)
	code := exitCode(execute(context.Background(), app, append([]string{"execsim"}, args...)), &errOut)
	return out.String(), errOut.String(), code
}

func writeScenario(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const good = `name: small
seed: 5
duration: 2m
workload:
  arrivals: {process: poisson, ratePerSecond: 10}
  work: {cpu: "exp(mean=10ms)", io: "exp(mean=50ms)"}
lambda: {memoryMB: 512, runtime: go}
`

// replace swaps one line of the good scenario for a bad one.
func replace(old, new string) string {
	if !strings.Contains(good, old) {
		panic("test scenario has no " + old)
	}
	return strings.Replace(good, old, new, 1)
}

func TestBadInputExitsTwoWithAClearMessage(t *testing.T) {
	cases := []struct {
		name string
		file string // scenario text; "" means a file that does not exist
		args []string
		want []string
	}{
		{name: "missing file", want: []string{"does not exist"}},
		{name: "invalid YAML", file: "name: x\n  bad: [\n", want: []string{"invalid YAML: line 2"}},
		{name: "negative rate", file: replace("ratePerSecond: 10", "ratePerSecond: -3"),
			want: []string{"workload.arrivals.ratePerSecond: must be positive (got -3)"}},
		{name: "memory 64", file: replace("memoryMB: 512", "memoryMB: 64"),
			want: []string{"lambda.memoryMB: must be between 128 and 10240 (got 64)"}},
		{name: "unparsable distribution", file: replace(`"exp(mean=50ms)"`, `"expo(mean=50ms)"`),
			want: []string{`workload.work.io: unknown distribution "expo"`}},
		{name: "unknown runtime", file: replace("runtime: go", "runtime: cobol"),
			want: []string{`lambda.runtime: unknown runtime "cobol" (allowed: `, "python3.12"}},
		{name: "misspelt key with line", file: replace("memoryMB: 512", "memoryMb: 512"),
			want: []string{`line 7: lambda: unknown field "memoryMb" (did you mean memoryMB?)`}},
		{name: "bare integer duration", file: replace("duration: 2m", "duration: 120"),
			want: []string{`line 3: duration: "120" is not a duration`}},
		{name: "several problems at once", file: replace("memoryMB: 512, runtime: go", "memoryMB: 64, runtime: cobol, timeout: 1h"),
			want: []string{"lambda.memoryMB", "lambda.runtime", "lambda.timeout: must be between 1 and 900 seconds (got 1h0m0s)"}},
		{name: "unknown process", file: replace("process: poisson", "process: bursty"),
			want: []string{"workload.arrivals.process", `"bursty"`, "poisson"}},
		{name: "bad --set path", file: good, args: []string{"--set", "lambda.memoryMb=1024"},
			want: []string{`--set lambda.memoryMb: lambda: unknown field "memoryMb" (did you mean memoryMB?)`}},
		{name: "bad --set form", file: good, args: []string{"--set", "lambda.memoryMB"},
			want: []string{"want path=value"}},
		{name: "unknown builtin", args: []string{}, file: "builtin", want: []string{`unknown built-in scenario "nope" (available: `}},
		{name: "bad --model", file: good, args: []string{"--model", "ecs"}, want: []string{`--model "ecs": allowed kubernetes, lambda, knative or hybrid, or all`}},
		{name: "no lambda section", file: strings.Replace(good, "lambda: {memoryMB: 512, runtime: go}\n", "", 1),
			want: []string{"a scenario needs at least one platform section (kubernetes: or lambda: or knative:)"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ref := filepath.Join(t.TempDir(), "absent.yaml")
			switch tc.file {
			case "":
			case "builtin":
				ref = "builtin:nope"
			default:
				ref = writeScenario(t, tc.file)
			}
			args := append(append([]string{"run"}, tc.args...), ref)
			out, errOut, code := execsim(t, args...)
			if code != exitInput {
				t.Errorf("exit %d; want %d (stderr %q)", code, exitInput, errOut)
			}
			if out != "" {
				t.Errorf("stdout %q; want nothing on error", out)
			}
			for _, w := range tc.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr %q; want it to contain %q", errOut, w)
				}
			}
		})
	}
}

func TestFlagsAfterTheScenario(t *testing.T) {
	f := writeScenario(t, good)
	a, _, code := execsim(t, "run", f, "--seed", "9", "--json", "--set", "lambda.memoryMB=256")
	b, _, _ := execsim(t, "run", "--seed=9", "--json", "--set", "lambda.memoryMB=256", f)
	if code != 0 || a != b || !strings.Contains(a, `"seed": 9`) {
		t.Errorf("flags after the scenario were not honoured (exit %d)", code)
	}
}

const cluster = `name: k
seed: 2
duration: 3m
workload:
  arrivals: {process: poisson, ratePerSecond: 20}
  work: {cpu: "exp(mean=10ms)", io: "exp(mean=50ms)"}
kubernetes:
  replicas: 2
lambda: {runtime: go}
`

func TestBadKubernetesInput(t *testing.T) {
	for _, tc := range []struct {
		name, extra string
		want        []string
	}{
		{"pod larger than any node", "  cpuRequestMilli: 64000\n",
			[]string{"kubernetes.cpuRequestMilli: the pod fits no node", "(got 64000)"}},
		{"maxReplicas below minReplicas", "  hpa: {minReplicas: 5, maxReplicas: 2}\n",
			[]string{"kubernetes.hpa.maxReplicas: must be ≥ minReplicas (got 2 < 5)"}},
		{"unknown instance type", "  nodePools: [{instanceTypes: [m9.huge]}]\n",
			[]string{"kubernetes.nodePools[0].instanceTypes[0]: unknown instance type (allowed: ", "m6i.large", "(got m9.huge)"}},
		{"zone failure in a zone that does not exist", "  azFailure: {zone: us-east-1z, at: 1m}\n",
			[]string{"kubernetes.azFailure.zone: no such zone in the cluster (zones: us-east-1a, us-east-1b, us-east-1c) (got us-east-1z)"}},
		{"Pods metric without a target", "  hpa: {metric: rps}\n",
			[]string{"kubernetes.hpa.targetAverageValue: must be positive (got 0)"}},
		{"misspelt autoscaler", "  nodeAutoscaler: kerpenter\n",
			[]string{`kubernetes.nodeAutoscaler: unknown node autoscaler "kerpenter" (allowed: none, cluster-autoscaler, karpenter)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.Replace(cluster, "  replicas: 2\n", "  replicas: 2\n"+tc.extra, 1)
			_, errOut, code := execsim(t, "run", writeScenario(t, text))
			if code != exitInput {
				t.Errorf("exit %d; want %d (stderr %q)", code, exitInput, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr %q; want it to contain %q", errOut, w)
				}
			}
		})
	}
}

func TestModelSelection(t *testing.T) {
	f := writeScenario(t, cluster)
	both, _, code := execsim(t, "run", "--json", f)
	if code != 0 || !strings.Contains(both, `"kubernetes"`) || !strings.Contains(both, `"lambda"`) {
		t.Fatalf("both models expected (exit %d):\n%s", code, both)
	}
	for _, m := range []string{"kubernetes", "lambda"} {
		out, _, code := execsim(t, "run", "--json", "--model", m, f)
		other := map[string]string{"kubernetes": `"lambda"`, "lambda": `"kubernetes"`}[m]
		if code != 0 || !strings.Contains(out, `"`+m+`"`) || strings.Contains(out, other) {
			t.Errorf("--model %s: exit %d, output has the wrong models:\n%s", m, code, out)
		}
	}
	text, _, _ := execsim(t, "run", f)
	for _, w := range []string{"kubernetes", "lambda", "peak pods", "peak concurrency"} {
		if !strings.Contains(text, w) {
			t.Errorf("side-by-side text lacks %q:\n%s", w, text)
		}
	}
	var s struct {
		Models struct {
			Kubernetes map[string]any
		}
	}
	_ = json.Unmarshal([]byte(both), &s)
	for _, k := range []string{"completed", "rejected", "failed", "throttled", "cold_starts", "latency_ms", "peak_pods", "peak_nodes"} {
		if _, ok := s.Models.Kubernetes[k]; !ok {
			t.Errorf("models.kubernetes lacks %q", k)
		}
	}
}

func TestUnknownFlagExitsTwo(t *testing.T) {
	_, _, code := execsim(t, "run", "--frobnicate", "builtin:steady")
	if code != exitInput {
		t.Errorf("exit %d; want %d", code, exitInput)
	}
}

func TestRunJSONContract(t *testing.T) {
	out, errOut, code := execsim(t, "run", "--json", writeScenario(t, good))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var s map[string]any
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"schema", "scenario", "seed", "duration_s", "arrivals", "fingerprint", "events", "models"} {
		if _, ok := s[k]; !ok {
			t.Errorf("summary lacks %q", k)
		}
	}
	if s["schema"] != summary.Schema || s["seed"].(float64) != 5 {
		t.Errorf("schema %v seed %v; want %s and 5", s["schema"], s["seed"], summary.Schema)
	}
	if _, ok := s["wall_s"]; ok {
		t.Error("wall_s present without --timing; it would break byte-identical output")
	}
	l := s["models"].(map[string]any)["lambda"].(map[string]any)
	for _, k := range []string{"completed", "throttled", "rejected", "failed", "in_flight", "cold_starts", "latency_ms", "peak_concurrency", "mean_environments"} {
		if _, ok := l[k]; !ok {
			t.Errorf("models.lambda lacks %q", k)
		}
	}
	lat := l["latency_ms"].(map[string]any)
	for _, k := range []string{"mean", "p50", "p90", "p95", "p99", "p999", "max"} {
		if _, ok := lat[k]; !ok {
			t.Errorf("latency_ms lacks %q", k)
		}
	}
	sum := l["completed"].(float64) + l["throttled"].(float64) + l["rejected"].(float64) + l["failed"].(float64) + l["in_flight"].(float64)
	if sum != s["arrivals"].(float64) {
		t.Errorf("conservation: %v ≠ arrivals %v", sum, s["arrivals"])
	}
}

func TestRunIsByteIdenticalAndSeedAndSetApply(t *testing.T) {
	f := writeScenario(t, good)
	a, _, _ := execsim(t, "run", "--json", f)
	b, _, _ := execsim(t, "run", "--json", f)
	if a != b {
		t.Error("two runs printed different JSON")
	}
	c, _, _ := execsim(t, "run", "--json", "--seed", "6", f)
	if c == a || !strings.Contains(c, `"seed": 6`) {
		t.Error("--seed did not change the run")
	}
	d, _, code := execsim(t, "run", "--json", "--set", "lambda.memoryMB=1769", "--set", "workload.arrivals.ratePerSecond=20", f)
	if code != 0 || d == a {
		t.Fatalf("--set run failed or changed nothing (exit %d)", code)
	}
	var s struct{ Arrivals int64 }
	_ = json.Unmarshal([]byte(d), &s)
	if s.Arrivals < 2000 {
		t.Errorf("arrivals %d with rate 20 for 2 min; want about 2400", s.Arrivals)
	}
}

func TestRunTextAndOut(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := execsim(t, "run", "--out", dir, "--set", "lambda.memoryMB=1024", writeScenario(t, good))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{"scenario small · seed 5", "reproduce: execsim run", "--set lambda.memoryMB=1024", "latency p99", "lambda", "wrote "} {
		if !strings.Contains(out, w) {
			t.Errorf("text summary lacks %q:\n%s", w, out)
		}
	}
	for _, f := range []string{"summary.json", "series.csv", "latency.csv", "scenario.yaml", "summary.md", "report.html",
		"latency-cdf.png", "latency-cdf.svg", "latency-tail.png", "latency-tail.svg", "latency-over-time.png", "outcomes.svg", "capacity.png", "cumulative-cost.svg"} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil || len(data) == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	series, _ := os.ReadFile(filepath.Join(dir, "series.csv"))
	if lines := strings.Count(string(series), "\n"); lines < 3 {
		t.Errorf("series.csv has %d lines; want a header and one row per window", lines)
	}
}

func TestValidatePrintsCompiledPlan(t *testing.T) {
	out, errOut, code := execsim(t, "validate", writeScenario(t, good))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{"is valid", "accountConcurrency: 1000", "scalingBurst: 1000", "memoryMB: 512",
		"keepAlive: uniform(5m0s,7m0s)", "timeout: 3s", "init: lognormal(", "measured go (prov.al2023)"} {
		if !strings.Contains(out, w) {
			t.Errorf("validate output lacks %q:\n%s", w, out)
		}
	}
}

func TestScenariosListsBuiltins(t *testing.T) {
	out, _, code := execsim(t, "scenarios")
	if code != 0 {
		t.Fatal("exit", code)
	}
	for _, b := range scenarios.Builtins() {
		if !strings.Contains(out, "builtin:"+b.Name) || b.Description == "" {
			t.Errorf("scenarios output lacks builtin:%s with a description", b.Name)
		}
	}
}

func TestEveryBuiltinRuns(t *testing.T) {
	for _, b := range scenarios.Builtins() {
		t.Run(b.Name, func(t *testing.T) {
			if testing.Short() {
				// The fleets take tens of seconds; scenarios' TestBuiltinGoldens
				// runs every built-in in any mode.
				plan, err := scenarios.Load(scenarios.BuiltinPrefix+b.Name, nil, platforms.Default())
				if err != nil {
					t.Fatal(err)
				}
				if plan.ExpectedArrivals() > 2e6 {
					t.Skipf("%.3g requests: run in the full suite", plan.ExpectedArrivals())
				}
			}
			if _, errOut, code := execsim(t, "run", "--json", "builtin:"+b.Name); code != 0 {
				t.Errorf("exit %d: %s", code, errOut)
			}
		})
	}
}

const sweepScenario = `name: sw
seed: 4
duration: 2m
workload:
  arrivals: {process: poisson, ratePerSecond: 20}
  work: {cpu: "exp(mean=5ms)", io: "exp(mean=50ms)"}
kubernetes: {replicas: 2}
lambda: {runtime: go}
sweep: {lambda.memoryMB: [128, 1024], kubernetes.replicas: [1, 2]}
replications: 3
`

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSweepWorkersShardsAndMerge(t *testing.T) {
	f := writeScenario(t, sweepScenario)
	dir := t.TempDir()
	one, two := filepath.Join(dir, "one"), filepath.Join(dir, "two")
	out, errOut, code := execsim(t, "sweep", "--workers", "1", "--out", one, f)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{"4 points × 3 replications = 12 runs", "\nlambda\n  point   memoryMB   replicas   n   latency_ms.p99", "±", "aggregate.csv"} {
		if !strings.Contains(out, w) {
			t.Errorf("sweep output lacks %q:\n%s", w, out)
		}
	}
	if _, _, code := execsim(t, "sweep", "--workers", "4", "--out", two, f); code != 0 {
		t.Fatal("second sweep failed")
	}
	for _, name := range []string{"results.csv", "aggregate.csv", "cost.csv"} {
		if readFile(t, filepath.Join(one, name)) != readFile(t, filepath.Join(two, name)) {
			t.Errorf("%s differs between --workers 1 and 4", name)
		}
	}
	results := readFile(t, filepath.Join(one, "results.csv"))
	if n := strings.Count(results, "\n"); n != 13 {
		t.Errorf("results.csv has %d lines; want a header and 12 runs", n)
	}
	agg := readFile(t, filepath.Join(one, "aggregate.csv"))
	if n := strings.Count(agg, "\n"); n != 5 || !strings.Contains(agg, "lambda.completed.mean,lambda.completed.ci95") {
		t.Errorf("aggregate.csv: %d lines, header %q; want 4 points with mean and ci95 columns", n, strings.SplitN(agg, "\n", 2)[0])
	}
	// shards and merge
	var shards []string
	for i := 1; i <= 3; i++ {
		d := filepath.Join(dir, fmt.Sprintf("s%d", i))
		if _, errOut, code := execsim(t, "sweep", "--shard", fmt.Sprintf("%d/3", i), "--out", d, f); code != 0 {
			t.Fatalf("shard %d: %s", i, errOut)
		}
		shards = append(shards, d)
	}
	merged := filepath.Join(dir, "merged")
	if _, errOut, code := execsim(t, append([]string{"merge", "--out", merged}, shards...)...); code != 0 {
		t.Fatalf("merge: %s", errOut)
	}
	for _, name := range []string{"results.csv", "aggregate.csv", "cost.csv"} {
		if readFile(t, filepath.Join(one, name)) != readFile(t, filepath.Join(merged, name)) {
			t.Errorf("merged %s differs from the whole sweep's", name)
		}
	}
	// merging an incomplete or duplicated set is refused
	_, errOut, code = execsim(t, "merge", "--out", filepath.Join(dir, "x"), shards[0], shards[1])
	if code != exitInput || !strings.Contains(errOut, "the shards cover 8 of 12 runs; missing shard 3/3 (JOB_COMPLETION_INDEX=2), so missing units 2, 5, 8, 11") {
		t.Errorf("incomplete merge: exit %d %q", code, errOut)
	}
	_, errOut, code = execsim(t, "merge", "--out", filepath.Join(dir, "y"), shards[0], shards[0], shards[1], shards[2])
	if code != exitInput || !strings.Contains(errOut, "the folder "+shards[0]+" is given twice") {
		t.Errorf("duplicate merge: exit %d %q", code, errOut)
	}
	_, errOut, code = execsim(t, "sweep", "--shard", "4/3", f)
	if code != exitInput || !strings.Contains(errOut, "want i/n") {
		t.Errorf("bad shard: exit %d %q", code, errOut)
	}
}

func TestBreakevenCommand(t *testing.T) {
	// the break-even scenario of scenarios/breakeven's tests, run for 5 min a point
	f := "../../scenarios/testdata/breakeven/fixed-nodes.yaml"
	dir := t.TempDir()
	// a memory.csv from an earlier version's --lambda-memory is stale
	if err := os.WriteFile(filepath.Join(dir, "memory.csv"), []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := execsim(t, "breakeven", "--set", "duration=5m", "--from", "20", "--to", "2000", "--points", "5", "--out", dir, f)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{"SLO: p99 ≤ 1s, refused ≤ 0.10 %", "k8s SLO", "λ SLO", "cheaper meeting SLO", "break-even ≈ 20",
		"Lambda is cheaper below, Kubernetes above, both meeting the SLO", "breakeven.csv", "ranges.csv"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	curve := readFile(t, filepath.Join(dir, "breakeven.csv"))
	header := "rate_per_second,kubernetes.monthly_usd,kubernetes.per_million_usd,kubernetes.latency_p99_ms,kubernetes.refused_fraction," +
		"kubernetes.tail_ms,kubernetes.meets_slo,lambda.monthly_usd,lambda.per_million_usd,lambda.latency_p99_ms,lambda.refused_fraction," +
		"lambda.tail_ms,lambda.meets_slo,cheapest,cheapest_meeting_slo,kubernetes.completed,lambda.completed," +
		"kubernetes.control_plane_monthly_usd,kubernetes.caps_reached,lambda.control_plane_monthly_usd,lambda.caps_reached\n"
	// adaptive: 20 and 2,000 first; the only change between them is the
	// cheaper platform, so the crossing is refined first, and its pair of
	// runs places the change: 200 and 632 (which a search without it
	// simulated to bracket the change on the grid) are not simulated
	if n := strings.Count(curve, "\n"); n != 3 || !strings.HasPrefix(curve, header) || strings.Contains(curve, "\n200,") {
		t.Errorf("breakeven.csv: %d lines; want 3 (2 rates) starting %q:\n%s", n, header, curve)
	}
	if !strings.Contains(out, "method: adaptive, 2 of the 5 grid rates simulated: every 4th down from the highest, and the lowest (2), then none: "+
		"between 20 and 2000 req/s the only change is a crossing, placed by its own runs before the curve was refined") ||
		!strings.Contains(out, "each point simulated over the whole 5m0s, none extrapolated") ||
		!strings.Contains(out, "in 2 more runs (2 of them before the curve was refined around the crossing)") {
		t.Errorf("output does not state the method:\n%s", out)
	}
	if j := readFile(t, filepath.Join(dir, "breakeven.json")); !strings.Contains(j, `"search": "adaptive"`) || !strings.Contains(j, `"crossings_first": true`) ||
		!strings.Contains(j, `"not_refined_between": [`+"\n"+`    {`+"\n"+`      "from": 20,`) || !strings.Contains(j, `"runs_before_curve": 2`) ||
		!strings.Contains(j, `"simulated_s_per_point": 300`) || !strings.Contains(j, `"tolerance": 0.005`) {
		t.Errorf("breakeven.json:\n%s", j)
	}
	// --exhaustive simulates every grid rate and bisects
	ex := t.TempDir()
	out, errOut, code = execsim(t, "breakeven", "--set", "duration=5m", "--from", "20", "--to", "2000", "--points", "5", "--out", ex, "--exhaustive", f)
	if code != 0 || !strings.Contains(out, "method: exhaustive, all 5 grid rates simulated") || !strings.Contains(out, "refined by bisection") {
		t.Fatalf("--exhaustive: exit %d %s\n%s", code, errOut, out)
	}
	if n := strings.Count(readFile(t, filepath.Join(ex, "breakeven.csv")), "\n"); n != 6 {
		t.Errorf("--exhaustive breakeven.csv: %d lines; want 6", n)
	}
	if c := readFile(t, filepath.Join(dir, "crossings.csv")); strings.Count(c, "\n") != 2 ||
		!strings.HasPrefix(c, "rate_per_second,monthly_usd,cheaper_above,bracket_lo,bracket_hi,cheaper_below,compliant,misses_slo,"+
			"platform_a,platform_b,a_monthly_usd_at_lo,b_monthly_usd_at_lo,a_monthly_usd_at_hi,b_monthly_usd_at_hi,jump,jump_from_usd,jump_to_usd,jump_moved,break_even,not_judged_slo\n") || !strings.Contains(c, ",kubernetes,") {
		t.Errorf("crossings.csv:\n%s", c)
	}
	if r := readFile(t, filepath.Join(dir, "ranges.csv")); !strings.HasPrefix(r, "platform_a,platform_b,from_rate_per_second,to_rate_per_second,cheaper,other,tie,"+
		"cheaper_meets_slo,other_meets_slo,only_by_missing_slo,") || !strings.Contains(r, "both meeting the SLO") {
		t.Errorf("ranges.csv:\n%s", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "memory.csv")); !os.IsNotExist(err) {
		t.Errorf("the stale memory.csv is still there (%v)", err)
	}
	_, errOut, code = execsim(t, "breakeven", "--from", "5", "--to", "1", f)
	if code != exitInput || !strings.Contains(errOut, "want 1e-06 ≤ from < to ≤ 1e+07 req/s") {
		t.Errorf("bad range: exit %d %q", code, errOut)
	}
	// --lambda-memory moved to execsim tune: a clear error, exit 2
	_, errOut, code = execsim(t, "breakeven", "builtin:java-cold-start", "--lambda-memory", "128,1024")
	if code != exitInput || !strings.Contains(errOut, "--lambda-memory is no longer a breakeven flag: run execsim tune builtin:java-cold-start --memory 128,1024") {
		t.Errorf("--lambda-memory: exit %d %q", code, errOut)
	}
}

// A cluster too small for the higher rates: above them Kubernetes is
// cheaper only because it refuses work, which the text, ranges.csv and the
// chart say, and no break-even is claimed there.
func TestBreakevenNamesCheaperOnlyByRefusing(t *testing.T) {
	f := "../../scenarios/testdata/breakeven/fixed-nodes.yaml"
	dir := t.TempDir()
	out, errOut, code := execsim(t, "breakeven", "--set", "duration=2m", "--set", "kubernetes.concurrency=2", "--set", "kubernetes.queue=1",
		"--from", "5", "--to", "2000", "--points", "6", "--no-progress", "--out", dir, f)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{"Kubernetes is cheaper from", "only because it refuses", "(SLO: p99 ≤ 1s, refused ≤ 0.10 %); Lambda meets it.", "(misses SLO)"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "Kubernetes is cheaper") && !strings.Contains(line, "SLO") {
			t.Errorf("a sentence calls Kubernetes cheaper without its SLO verdict: %q", line)
		}
	}
	if r := readFile(t, filepath.Join(dir, "ranges.csv")); !strings.Contains(r, ",kubernetes,lambda,false,false,true,true,") {
		t.Errorf("ranges.csv has no Kubernetes stretch cheaper only by missing the SLO:\n%s", r)
	}
	if svg := readFile(t, filepath.Join(dir, "breakeven.svg")); !strings.Contains(svg, "cheaper only by missing the SLO") {
		t.Errorf("breakeven.svg has no legend entry for the hatched range")
	}
}

func TestPlotRerendersTheSameBytes(t *testing.T) {
	f := writeScenario(t, cluster)
	dir := t.TempDir()
	if _, errOut, code := execsim(t, "run", "--out", dir, f); code != 0 {
		t.Fatalf("run: %s", errOut)
	}
	again := t.TempDir()
	out, errOut, code := execsim(t, "plot", "--out", again, dir)
	if code != 0 || !strings.Contains(out, "re-rendered k (seed 2)") {
		t.Fatalf("plot: exit %d %s %s", code, out, errOut)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) < 15 {
		t.Fatalf("run wrote %d files; want data, reports and 5 charts in two formats", len(entries))
	}
	for _, e := range entries {
		if readFile(t, filepath.Join(dir, e.Name())) != readFile(t, filepath.Join(again, e.Name())) {
			t.Errorf("%s differs after execsim plot", e.Name())
		}
	}
	_, errOut, code = execsim(t, "plot", t.TempDir())
	if code != exitInput || !strings.Contains(errOut, "is not an execsim run folder") {
		t.Errorf("plot on an empty folder: exit %d %q", code, errOut)
	}
}

func TestGoldenCommand(t *testing.T) {
	f := writeScenario(t, good)
	g := filepath.Join(t.TempDir(), "small.golden")
	if out, errOut, code := execsim(t, "golden", "--golden", g, "--update", f); code != 0 || !strings.Contains(out, "wrote "+g) {
		t.Fatalf("--update: exit %d %s %s", code, out, errOut)
	}
	if out, _, code := execsim(t, "golden", "--golden", g, f); code != 0 || !strings.Contains(out, "ok: ") {
		t.Errorf("unchanged run: exit %d %s", code, out)
	}
	_, errOut, code := execsim(t, "golden", "--golden", g, "--set", "lambda.memoryMB=1024", f)
	if code != exitDiffers || !strings.Contains(errOut, "no longer matches") || !strings.Contains(errOut, "rerun this command with --update") || !strings.Contains(errOut, "\n  lambda.latency_ms.mean ") {
		t.Errorf("changed run: exit %d; want %d and the fields that moved:\n%s", code, exitDiffers, errOut)
	}
	_, errOut, code = execsim(t, "golden", "--golden", filepath.Join(t.TempDir(), "none.golden"), f)
	if code != exitInput || !strings.Contains(errOut, "does not exist (create it with --update)") {
		t.Errorf("missing golden: exit %d %q", code, errOut)
	}
}

// validate compiles every point of the sweep (issue 11).
func TestValidateChecksSweepValues(t *testing.T) {
	f := writeScenario(t, good+"sweep: {lambda.memoryMB: [256, 64]}\n")
	_, errOut, code := execsim(t, "validate", f)
	if code != exitInput || !strings.Contains(errOut, "sweep point p001-memoryMB=64") || !strings.Contains(errOut, "got 64") {
		t.Errorf("exit %d %q", code, errOut)
	}
}

// Commands, flags and rates that used to exit 0 or panic (issue 11).
func TestExitCodes(t *testing.T) {
	f := writeScenario(t, good)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"runn", f}, exitInput, `unknown command "runn" (did you mean run?)`},
		{[]string{"run", f, "--sed", "3"}, exitInput, "flag provided but not defined: --sed (did you mean --seed?)"},
		{[]string{"breakeven", f, "--shard", "1/2"}, exitInput, "flag provided but not defined: --shard (breakeven takes no --shard; sweep does)"},
		{[]string{"run", f, "-q"}, exitInput, "flag provided but not defined: -q\n"},
		{[]string{"breakeven", f, "--from", "1", "--to", "inf"}, exitInput, "want 1e-06 ≤ from < to ≤ 1e+07 req/s"},
		{[]string{"breakeven", f, "--from", "5e-324", "--to", "1e-320"}, exitInput, "want 1e-06 ≤ from < to"},
		{[]string{"breakeven", f, "--to", "1e308"}, exitInput, "to ≤ 1e+07 req/s"},
	} {
		_, errOut, code := execsim(t, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("execsim %s: exit %d %q; want %d and %q", strings.Join(tc.args, " "), code, errOut, tc.code, tc.want)
		}
	}
	out, _, code := execsim(t, "--help")
	if code != 0 {
		t.Errorf("--help: exit %d", code)
	}
	if !strings.Contains(out, "Exit status: 0 success; 1 internal error") || !strings.Contains(out, "130 interrupted") {
		t.Errorf("--help does not document the exit statuses:\n%s", out)
	}
	// with more than two platforms "both" needs saying: break-even is per pair
	out, _, _ = execsim(t, "breakeven", "--help")
	if want := "find, for each pair of Kubernetes, Lambda, Knative and the hybrid, the request rate where the two cost the same per month, among rates where both of the pair meet the SLO"; !strings.Contains(out, want) {
		t.Errorf("breakeven --help:\n%s\nwant %q", out, want)
	}
}

// A run that would not finish is refused before it starts, with the
// estimate and the flag that raises the limit (issue 11).
func TestRunSizeGuard(t *testing.T) {
	huge := writeScenario(t, strings.Replace(good, "ratePerSecond: 10", "ratePerSecond: 1e12", 1))
	for _, args := range [][]string{{"run", huge}, {"sweep", huge, "--set", "replications=2", "--out", t.TempDir()}, {"golden", huge, "--update", "--golden", filepath.Join(t.TempDir(), "g")}} {
		_, errOut, code := execsim(t, args...)
		if code != exitInput || !strings.Contains(errOut, "would simulate about") || !strings.Contains(errOut, "--max-requests") {
			t.Errorf("%s: exit %d %q", args[0], code, errOut)
		}
	}
	f := writeScenario(t, good)
	_, errOut, code := execsim(t, "run", f, "--max-requests", "1000")
	if code != exitInput || !strings.Contains(errOut, "the limit is 1e+03 requests a run") {
		t.Errorf("--max-requests 1000: exit %d %q", code, errOut)
	}
	// a limit that is no limit is bad input, not the default (a
	// walk-through's --max-requests 0 ran the whole scenario)
	for _, v := range []string{"0", "-5", "NaN", "+Inf", "abc"} {
		_, errOut, code := execsim(t, "run", f, "--max-requests", v)
		if code != exitInput || !strings.Contains(errOut, "max-requests: a number of requests, at least 1") {
			t.Errorf("--max-requests %s: exit %d %q", v, code, errOut)
		}
	}
}

// Output folders: checked before any work, kept inside out/, written as a
// set (issue 11).
func TestOutputFolders(t *testing.T) {
	// a bad --out is reported before the run (the size guard would refuse
	// this scenario, so an --out error proves the folder came first)
	huge := writeScenario(t, strings.Replace(good, "ratePerSecond: 10", "ratePerSecond: 1e12", 1))
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"run", "sweep", "breakeven"} {
		_, errOut, code := execsim(t, cmd, huge, "--out", filepath.Join(file, "sub"), "--set", "replications=2", "--set", "kubernetes={}")
		if code != exitInput || !strings.Contains(errOut, "--out "+filepath.Join(file, "sub")) {
			t.Errorf("%s with a bad --out: exit %d %q", cmd, code, errOut)
		}
	}
	// a name cannot climb out of out/
	if got := safeName("../../x"); got != "_.._.._x" {
		t.Errorf("safeName(../../x) = %q", got)
	}
	// a shard written where a whole sweep was leaves no stale aggregate or chart
	src := writeScenario(t, good+"sweep: {lambda.memoryMB: [128, 256]}\n")
	dir := filepath.Join(t.TempDir(), "sw")
	if _, errOut, code := execsim(t, "sweep", src, "--no-progress", "--out", dir); code != 0 {
		t.Fatalf("sweep: %d %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "aggregate.csv")); err != nil {
		t.Fatal("no aggregate.csv after a whole sweep")
	}
	if _, errOut, code := execsim(t, "sweep", src, "--no-progress", "--out", dir, "--shard", "1/2"); code != 0 {
		t.Fatalf("shard: %d %s", code, errOut)
	}
	for _, stale := range []string{"aggregate.csv", "sweep-latency-p99.svg", "sweep-monthly-cost.png"} {
		if _, err := os.Stat(filepath.Join(dir, stale)); err == nil {
			t.Errorf("%s from the whole sweep is still beside the shard's results", stale)
		}
	}
}

// Ctrl-C: run, sweep, breakeven and tune stop, write what finished marked
// partial, and exit with 130 (issue 11). The interruption is a context
// ended before the work starts.
func TestInterruptedCommandsExit130(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	x := func(args ...string) (string, string, int) {
		var out, errOut bytes.Buffer
		app := newApp(&out, &errOut)
		code := exitCode(execute(ctx, app, append([]string{"execsim"}, args...)), &errOut)
		return out.String(), errOut.String(), code
	}
	f := writeScenario(t, good)
	dir := filepath.Join(t.TempDir(), "run")
	_, errOut, code := x("run", f, "--out", dir)
	if code != exitInterrupted || !strings.Contains(errOut, "interrupted") {
		t.Fatalf("run: exit %d %q", code, errOut)
	}
	var s struct {
		Partial   bool    `json:"partial"`
		DurationS float64 `json:"duration_s"`
	}
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "summary.json"))), &s); err != nil || !s.Partial || s.DurationS <= 0 || s.DurationS >= 120 {
		t.Errorf("summary.json of an interrupted run: %+v %v", s, err)
	}
	sw := filepath.Join(t.TempDir(), "sweep")
	out, errOut, code := x("sweep", writeScenario(t, good+"sweep: {lambda.memoryMB: [128, 256]}\n"), "--out", sw)
	if code != exitInterrupted || !strings.Contains(out, "interrupted: 0 of 2 runs finished") || !strings.Contains(readFile(t, filepath.Join(sw, "sweep.json")), `"partial": true`) {
		t.Errorf("sweep: exit %d\n%s", code, out)
	}
	// the last line says how far the work got, once: it was
	// "interrupted: interrupted: context canceled" (walk4)
	if want := "execsim: interrupted: stopped with 0 of 2 runs finished; they are written, marked partial\n"; errOut != want {
		t.Errorf("sweep: stderr %q; want %q", errOut, want)
	}
	_, errOut, code = x("breakeven", f, "--set", "kubernetes={}", "--points", "3", "--out", t.TempDir())
	if want := "execsim: interrupted: stopped before any of the 3 rates finished; nothing was written\n"; code != exitInterrupted || errOut != want {
		t.Errorf("breakeven: exit %d, stderr %q; want %q", code, errOut, want)
	}
	_, errOut, code = x("tune", f, "--memory", "128,512", "--out", t.TempDir())
	if want := "execsim: interrupted: stopped before any of the 2 memory values finished; nothing was written\n"; code != exitInterrupted || errOut != want {
		t.Errorf("tune: exit %d, stderr %q; want %q", code, errOut, want)
	}
}
