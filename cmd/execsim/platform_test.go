package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/platforms"
	"github.com/execsim/execsim/sim"
)

// threePlatforms has a section for each of execsim's platforms and for the
// test platform.
const threePlatforms = `name: three
seed: 4
duration: 10m
window: 1m
workload:
  arrivals: {process: poisson, ratePerSecond: 4}
  work: {io: "exp(mean=200ms)"}
kubernetes: {replicas: 2}
lambda: {memoryMB: 512, runtime: go}
pool: {servers: 3, serverHourUSD: 0.05}
`

// A platform registered in a test runs through every command: the proof
// that the platform contract holds. platformtest.Pool is one package that
// nothing else names.
func TestAThirdPlatformRunsThroughEveryCommand(t *testing.T) {
	reg := platforms.Default().With(platformtest.Pool{})
	x := func(args ...string) (string, string) {
		t.Helper()
		out, errOut, code := execsimWith(t, reg, args...)
		if code != 0 {
			t.Fatalf("execsim %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
		}
		return out, errOut
	}
	has := func(what, text string, wants ...string) {
		t.Helper()
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q:\n%s", what, w, text)
			}
		}
	}
	f := writeScenario(t, threePlatforms)

	// run: its column in the side-by-side table, its rows, its JSON object
	text, _ := x("run", f, "--no-progress")
	has("run", text, "servers", "peak queue")
	// the table follows the header and the verdict, after a blank line
	lines := strings.Split(text, "\n")
	header := ""
	for i, l := range lines[1:] {
		if lines[i] == "" && strings.HasPrefix(l, "  ") {
			header = l
			break
		}
	}
	if strings.Join(strings.Fields(header), " ") != "kubernetes lambda pool" {
		t.Errorf("table header %q; want a column per platform, in order:\n%s", header, text)
	}
	js, _ := x("run", f, "--json")
	var s struct {
		Arrivals int64
		Models   map[string]map[string]any
	}
	if err := json.Unmarshal([]byte(js), &s); err != nil {
		t.Fatal(err)
	}
	pool := s.Models["pool"]
	if pool == nil || pool["servers"] != 3.0 || pool["cost"] == nil {
		t.Fatalf("summary.json pool entry = %v", pool)
	}
	if sum := pool["completed"].(float64) + pool["rejected"].(float64) + pool["in_flight"].(float64); int64(sum) != s.Arrivals {
		t.Errorf("pool: completed + rejected + in flight = %v; arrivals %d", sum, s.Arrivals)
	}
	if !strings.Contains(js, `"lambda": {`) || strings.Index(js, `"lambda"`) > strings.Index(js, `"pool"`) {
		t.Error("platforms are not in the registry's order in summary.json")
	}
	only, _ := x("run", f, "--json", "--model", "pool")
	if strings.Contains(only, `"lambda"`) || !strings.Contains(only, `"pool"`) {
		t.Errorf("--model pool ran other platforms:\n%s", only)
	}

	// --out: the report, the charts and the series carry it; plot redraws them
	dir := filepath.Join(t.TempDir(), "out")
	x("run", f, "--no-progress", "--out", dir)
	has("summary.md", readFile(t, filepath.Join(dir, "summary.md")), "| &nbsp; | kubernetes | lambda | pool |", "Pool kept 3 servers")
	html := readFile(t, filepath.Join(dir, "report.html"))
	has("report.html", html, "th.pool{color:#006b4e}", "Server pool")
	has("capacity.svg", readFile(t, filepath.Join(dir, "capacity.svg")), "Server pool: servers (mean per window")
	for _, c := range []string{"latency-cdf", "latency-tail", "latency-over-time", "outcomes", "cumulative-cost"} {
		has(c+".svg", readFile(t, filepath.Join(dir, c+".svg")), "Server pool")
	}
	has("series.csv", readFile(t, filepath.Join(dir, "series.csv")), "\npool,0.000,60.000,")
	x("plot", dir)
	if readFile(t, filepath.Join(dir, "report.html")) != html {
		t.Error("execsim plot redrew report.html differently")
	}

	// validate shows its compiled section
	plan, _ := x("validate", f)
	has("validate", plan, "pool:\n    servers: 3\n    queue: -1\n    serverHourUSD: 0.05\n")

	// sweep over its own field
	sw := filepath.Join(t.TempDir(), "sweep")
	sweepOut, _ := x("sweep", f, "--no-progress", "--workers", "2", "--out", sw, "--set", "sweep={pool.servers: [1, 4]}")
	has("sweep", sweepOut, "\npool\n  point   servers   n   latency_ms.p99   rejected")
	has("aggregate.csv", readFile(t, filepath.Join(sw, "aggregate.csv")), "pool.cost.monthly_usd.mean", "pool.peak_queue.mean")
	has("sweep-latency-p99.svg", readFile(t, filepath.Join(sw, "sweep-latency-p99.svg")), "Server pool")

	// breakeven: a curve and crossings for every pair
	be := filepath.Join(t.TempDir(), "be")
	beOut, _ := x("breakeven", f, "--no-progress", "--from", "1", "--to", "100", "--points", "3", "--out", be)
	has("breakeven", beOut, "pool $/month", "pool p99", "pool refused")
	has("breakeven.csv", readFile(t, filepath.Join(be, "breakeven.csv")), "pool.monthly_usd")
	has("breakeven.svg", readFile(t, filepath.Join(be, "breakeven.svg")), "Server pool")

	// golden pins its lines, and a changed number is caught
	g := filepath.Join(t.TempDir(), "three.golden")
	x("golden", f, "--golden", g, "--update")
	has("golden file", readFile(t, g), "[pool]", "servers 3 peak_queue ", `cost_line "pool servers" 25000`)
	x("golden", f, "--golden", g)
	if _, _, code := execsimWith(t, reg, "golden", f, "--golden", g, "--set", "pool.servers=2"); code != exitDiffers {
		t.Errorf("golden with 2 servers: exit %d; want %d", code, exitDiffers)
	}

	// bad input in its section is reported like any other
	bad := writeScenario(t, strings.Replace(threePlatforms, "servers: 3", "servrs: 0", 1))
	_, errOut, code := execsimWith(t, reg, "validate", bad)
	if code != exitInput || !strings.Contains(errOut, `line 10: pool: unknown field "servrs" (did you mean servers? allowed: servers, queue, serverHourUSD)`) {
		t.Errorf("misspelt pool key: exit %d %q", code, errOut)
	}
	_, errOut, code = execsimWith(t, reg, "run", f, "--set", "pool.servers=0")
	if code != exitInput || !strings.Contains(errOut, "pool.servers: must be at least 1 (got 0)") {
		t.Errorf("pool.servers=0: exit %d %q", code, errOut)
	}
	// without the test platform registered, its section is an unknown key
	_, errOut, code = execsim(t, "validate", f)
	if code != exitInput || !strings.Contains(errOut, `line 10: unknown field "pool"`) {
		t.Errorf("pool without its platform: exit %d %q", code, errOut)
	}
}

// panicky is the test pool with a model that panics on its first request:
// a bug in a platform is an internal error (exit 1) with a trace, not a
// crash with the status of bad input.
type panicky struct{ platformtest.Pool }

func (panicky) Name() string { return "panicky" }

func (p panicky) Compile(in platform.CompileInput) platform.Config {
	return panickyConfig{p.Pool.Compile(in)}
}

type panickyConfig struct{ platform.Config }

func (c panickyConfig) Build(k *sim.Kernel, rec models.Recorder) (platform.Model, error) {
	m, err := c.Config.Build(k, rec)
	return panickyModel{m}, err
}

type panickyModel struct{ platform.Model }

func (panickyModel) Submit(*sim.Kernel, models.Request) { panic("a bug in a model") }

func TestAPanicIsAnInternalError(t *testing.T) {
	reg := platforms.Default().With(panicky{})
	f := writeScenario(t, "name: p\nduration: 1m\nworkload: {arrivals: {ratePerSecond: 5}, work: {io: 1s}}\npanicky: {}\n")
	_, errOut, code := execsimWith(t, reg, "run", f)
	if code != exitInternal || !strings.Contains(errOut, "internal error (a bug): panicky panicked: a bug in a model") ||
		!strings.Contains(errOut, "Please report it") || !strings.Contains(errOut, "goroutine") {
		t.Errorf("exit %d\n%s", code, errOut)
	}
}
