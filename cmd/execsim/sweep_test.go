package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platforms"
	"github.com/execsim/execsim/scenarios/scenario"
)

// sweep checks every point before it runs any: all bad points at once,
// each line naming its point (walk-report 11: it stopped at the first one
// a worker met and called its value "--set").
func TestSweepListsEveryBadPointFirst(t *testing.T) {
	f := writeScenario(t, good+"sweep: {lambda.memoryMB: [256, 64, 20000, abc]}\n")
	_, errOut, code := execsim(t, "sweep", f, "--no-progress", "--out", t.TempDir())
	if code != exitInput {
		t.Fatalf("exit %d; want %d\n%s", code, exitInput, errOut)
	}
	for _, want := range []string{
		"sweep point p001-memoryMB=64: lambda.memoryMB: must be between 128 and 10240 (got 64)",
		"sweep point p002-memoryMB=20000: lambda.memoryMB: must be between 128 and 10240 (got 20000)",
		`sweep point p003-memoryMB=abc: sweep.lambda.memoryMB value abc: "abc" is not an integer`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("sweep's message lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(errOut, "--set") {
		t.Errorf("sweep calls a point's value --set:\n%s", errOut)
	}
}

// sweep.json says how a fleet's points were judged: service by service
// when a service has an SLO of its own in the scenario or by an axis on
// its slo:, pooled otherwise; nothing for one service.
func TestManifestJudgement(t *testing.T) {
	const fleet = "name: f\nduration: 1m\nslo: {p99: 1s}\nservices:\n" +
		"  - {name: a, arrivals: {ratePerSecond: 1}, work: {io: 10ms}}\n" +
		"  - {name: b, arrivals: {ratePerSecond: 1}, work: {io: 10ms}OWN}\nlambda: {}\n"
	for _, tc := range []struct {
		name, src, want string
	}{
		{"one service", "name: o\nduration: 1m\nworkload: {arrivals: {ratePerSecond: 1}, work: {io: 10ms}}\nlambda: {}\nsweep: {slo.p99: [1s, 2s]}\n", ""},
		{"pooled", strings.Replace(fleet, "OWN", "", 1) + "sweep: {slo.p99: [1s, 2s]}\n", "pooled"},
		{"a service's own", strings.Replace(fleet, "OWN", ", slo: {p99: 3s}", 1) + "sweep: {lambda.memoryMB: [256, 512]}\n", "per_service"},
		{"a service's swept", strings.Replace(fleet, "OWN", "", 1) + "sweep: {\"services[1].slo.p99\": [1s, 2s]}\n", "per_service"},
		{"the placement's swept", strings.Replace(fleet, "OWN", "", 1) + "sweep: {placement.slo.p99: [1s, 2s]}\nkubernetes: {}\nplacement: {}\n", "pooled"},
	} {
		plan, err := scenario.Parse([]byte(tc.src), nil, platforms.Default())
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := manifestSLOOf(plan).Judgement; got != tc.want {
			t.Errorf("%s: judgement %q, want %q", tc.name, got, tc.want)
		}
	}
}

// The tune chart draws the p99 target beside each value's pooled p99
// only when that target judged it: not for a fleet judged service by
// service, whose caption then says so.
func TestTuneP99Target(t *testing.T) {
	const fleet = "name: f\nduration: 1m\nslo: {SLO}\nservices:\n" +
		"  - {name: a, arrivals: {ratePerSecond: 1}, work: {io: 10ms}}\n" +
		"  - {name: b, arrivals: {ratePerSecond: 1}, work: {io: 10ms}OWN}\nlambda: {}\n"
	for _, tc := range []struct {
		name, slo, own string
		want           float64
		words          string
	}{
		{"pooled", "p99: 300ms", "", 300, "p99 ≤ 300ms, refused ≤ 0.10 %"},
		{"another percentile", "p95: 300ms", "", 0, "p95 ≤ 300ms, refused ≤ 0.10 %"},
		{"per service", "p99: 300ms", ", slo: {p99: 2s}", 0, "each service's own, else p99 ≤ 300ms, refused ≤ 0.10 %"},
	} {
		src := strings.NewReplacer("SLO", tc.slo, "OWN", tc.own).Replace(fleet)
		plan, err := scenario.Parse([]byte(src), nil, platforms.Default())
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := tuneP99Target(plan); got != tc.want {
			t.Errorf("%s: target %v, want %v", tc.name, got, tc.want)
		}
		if got := plan.SLOWords(); got != tc.words {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.words)
		}
	}
}

// The p99 chart draws the SLO's target when the SLO is on p99 and the
// sweep does not change it.
func TestManifestP99Target(t *testing.T) {
	slo := func(p string) *manifestSLO { return &manifestSLO{Percentile: p, TargetMs: 500, Refused: 0.001} }
	for _, tc := range []struct {
		name string
		m    manifest
		want float64
	}{
		{"p99", manifest{SLO: slo("p99"), Axes: []scenario.Axis{{Path: "lambda.memoryMB"}}}, 500},
		{"no SLO recorded", manifest{}, 0},
		{"another percentile", manifest{SLO: slo("p95")}, 0},
		{"the SLO swept", manifest{SLO: slo("p99"), Axes: []scenario.Axis{{Path: "lambda.memoryMB"}, {Path: "slo.p99"}}}, 0},
		{"the placement's SLO swept", manifest{SLO: slo("p99"), Axes: []scenario.Axis{{Path: "placement.slo.p99"}}}, 0},
		// each service judged by its own SLO: the chart's p99 is pooled
		// over the fleet, and no target judged it
		{"judged per service", manifest{SLO: &manifestSLO{Percentile: "p99", TargetMs: 500, Judgement: "per_service"}}, 0},
		{"judged pooled", manifest{SLO: &manifestSLO{Percentile: "p99", TargetMs: 500, Judgement: "pooled"}}, 500},
		{"a service's SLO swept", manifest{SLO: slo("p99"), Axes: []scenario.Axis{{Path: "services[1].slo.p99"}}}, 0},
	} {
		if got := tc.m.p99Target(); got != tc.want {
			t.Errorf("%s: p99Target() = %v; want %v", tc.name, got, tc.want)
		}
	}
	// through the command: sweep.json records the SLO, the chart draws it
	f := writeScenario(t, good+"slo: {p99: 300ms}\nsweep: {lambda.memoryMB: [256, 512]}\n")
	dir := t.TempDir()
	if _, errOut, code := execsim(t, "sweep", f, "--no-progress", "--out", dir); code != 0 {
		t.Fatalf("sweep: exit %d %s", code, errOut)
	}
	if m := readFile(t, filepath.Join(dir, "sweep.json")); !strings.Contains(m, `"percentile": "p99",`) || !strings.Contains(m, `"target_ms": 300,`) {
		t.Errorf("sweep.json lacks the SLO:\n%s", m)
	}
	if svg := readFile(t, filepath.Join(dir, "sweep-latency-p99.svg")); !strings.Contains(svg, "SLO: p99 ≤ 300 ms") {
		t.Error("the p99 chart lacks the SLO line")
	}
}

// Every key sweep.json writes is snake_case, as summary.json's are: the
// axes were written with Go's field names ("Path", "Values") because
// scenario.Axis had no JSON tags (outputs9). A manifest written before
// the change, with those keys, still reads the same (merge reads shards
// of either).
func TestManifestKeysSnakeCase(t *testing.T) {
	m := manifest{Schema: manifestSchema, Scenario: "s", Seed: 1, Replications: 2, Units: 4, UnitsTotal: 4, Shard: "1/1",
		Command: "execsim sweep s.yaml", Partial: true, Warnings: []string{"w"}, SLO: &manifestSLO{Percentile: "p99", TargetMs: 1},
		Axes:          []scenario.Axis{{Path: "lambda.memoryMB", Values: []string{"128", "256"}}},
		shardIdentity: shardIdentity{ScenarioSHA256: "x", Overrides: []string{"a=b"}},
		shardBuild:    shardBuild{Execsim: "v", Commit: "c", Modified: true}}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	snake := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if !snake.MatchString(k) {
					t.Errorf("sweep.json key %s%s is not snake_case", path, k)
				}
				walk(path+k+".", x)
			}
		case []any:
			for _, x := range v {
				walk(path, x)
			}
		}
	}
	walk("", v)
	if !strings.Contains(string(b), `"axes":[{"path":"lambda.memoryMB","values":["128","256"]}]`) {
		t.Errorf("sweep.json's axes: %s", b)
	}
	var old manifest
	if err := json.Unmarshal([]byte(shardManifest), &old); err != nil {
		t.Fatal(err)
	}
	if want := []scenario.Axis{{Path: "lambda.memoryMB", Values: []string{"128", "1024"}}}; !axesEqual(old.Axes, want) {
		t.Errorf("a manifest with the old keys reads axes %+v; want %+v", old.Axes, want)
	}
}

// A sweep warns of what its points' own values leave unused, once per
// warning, naming the points, and keeps it in sweep.json: it printed the
// base plan's warnings alone, so a swept lambda.memoryMB over functions
// that have their own size ran one size at every point without a word
// (walk14 #1).
func TestSweepWarnsOfItsPointsValues(t *testing.T) {
	src := "name: f\nduration: 1m\nslo: {p99: 1s}\nservices:\n" +
		"  - {name: a, arrivals: {ratePerSecond: 1}, work: {io: 10ms}, lambda: {memoryMB: 1024}}\n" +
		"  - {name: b, arrivals: {ratePerSecond: 1}, work: {io: 10ms}, lambda: {memoryMB: 1024}}\n" +
		"lambda: {}\nsweep: {lambda.memoryMB: [256, 512], \"services[0].arrivals.ratePerSecond\": [1, 2]}\n"
	out := t.TempDir()
	stdout, errOut, code := execsim(t, "sweep", writeScenario(t, src), "--no-progress", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	for _, mb := range []string{"256", "512"} {
		want := "lambda.memoryMB: " + mb + " MB is the size of no function: all 2 have their own"
		if n := strings.Count(stdout, want); n != 1 {
			t.Errorf("the warning of %s MB comes %d times; want once:\n%s", mb, n, stdout)
		}
	}
	for _, want := range []string{
		"warning: points 0, 1 (lambda.memoryMB=256): lambda.memoryMB: 256 MB",
		"warning: points 2, 3 (lambda.memoryMB=512): lambda.memoryMB: 512 MB",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("sweep's output lacks %q:\n%s", want, stdout)
		}
	}
	var m manifest
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(out, "sweep.json"))), &m); err != nil {
		t.Fatal(err)
	}
	if len(m.PointWarnings) != 2 || m.PointWarnings[1].Where != "points 2, 3 (lambda.memoryMB=512)" ||
		!strings.HasPrefix(m.PointWarnings[1].Warning, "lambda.memoryMB: 512 MB") || len(m.PointWarnings[1].Points) != 2 {
		t.Errorf("sweep.json's point_warnings: %+v", m.PointWarnings)
	}
	// the flat lines say why, in the charts merge and plot redraw too
	if svg := readFile(t, filepath.Join(out, "sweep-latency-p99.svg")); !strings.Contains(svg, "The sweep warns why") {
		t.Errorf("the p99 chart does not say why Lambda's lines are flat")
	}
	// validate says it before anything runs
	plan, _, code := execsim(t, "validate", writeScenario(t, src))
	if want := "# warning: sweep, points 2, 3 (lambda.memoryMB=512): lambda.memoryMB: 512 MB"; code != 0 || !strings.Contains(plan, want) {
		t.Errorf("validate (exit %d) lacks %q:\n%s", code, want, plan)
	}
}
