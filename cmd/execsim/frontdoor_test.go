package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const twoSided = `name: two
seed: 5
duration: 2m
workload:
  arrivals: {process: poisson, ratePerSecond: 5}
  work: {io: "exp(mean=50ms)"}
kubernetes: {replicas: 2}
lambda: {memoryMB: 512, runtime: go}
`

// validate describes the whole cost: section, every setting with its
// default.
func TestValidatePrintsCostDefaults(t *testing.T) {
	out, errOut, code := execsim(t, "validate", writeScenario(t, twoSided+"cost: {prices: {lambda.requestsPerMillionUSD: 0.3}}\n"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{"\ncost:\n", "region: us-east-1 # default us-east-1; catalogue of ", "freeTier: false # default false",
		"volume: monthly # default monthly", "initBilled: true # default true", "frontDoor: alb # default alb",
		"frontDoors: {kubernetes: alb, lambda: alb}", "controlPlane: true # default true", "extendedSupport: false # default false",
		"prices: {lambda.requestsPerMillionUSD: 0.3}"} {
		if !strings.Contains(out, w) {
			t.Errorf("validate output lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "warning") {
		t.Errorf("validate warns with the same door on both sides:\n%s", out)
	}
}

// A run of one platform bills one front door: it is not told the doors
// differ (review), in its text or its summary; both platforms are.
func TestFrontDoorWarningOfOnePlatform(t *testing.T) {
	f := writeScenario(t, twoSided+"cost: {frontDoors: {lambda: http-api}}\n")
	for _, tc := range []struct {
		model string
		warn  bool
	}{{"kubernetes", false}, {"lambda", false}, {"all", true}} {
		dir := t.TempDir()
		out, errOut, code := execsim(t, "run", f, "--model", tc.model, "--out", dir)
		if code != 0 {
			t.Fatalf("--model %s: exit %d: %s", tc.model, code, errOut)
		}
		if got := strings.Contains(out+errOut, "front doors differ"); got != tc.warn {
			t.Errorf("--model %s warns: %v; want %v:\n%s%s", tc.model, got, tc.warn, out, errOut)
		}
		if got := strings.Contains(readFile(t, filepath.Join(dir, "summary.json")), "front doors differ"); got != tc.warn {
			t.Errorf("--model %s: summary.json warns: %v; want %v", tc.model, got, tc.warn)
		}
	}
}

// Sweep, break-even and validate print the front-door warning exactly when
// the doors differ; a sweep writes its bills as cost.csv.
func TestFrontDoorWarningInCommands(t *testing.T) {
	for _, tc := range []struct {
		cost string
		warn bool
	}{
		{"cost: {frontDoor: none}", false},
		{"cost: {frontDoors: {lambda: http-api}}", true},
	} {
		f := writeScenario(t, twoSided+tc.cost+"\n")
		dir := t.TempDir()
		runs := map[string][]string{
			"validate":  {"validate", f},
			"run":       {"run", f, "--out", filepath.Join(dir, "run")},
			"sweep":     {"sweep", f, "--no-progress", "--out", filepath.Join(dir, "sweep"), "--set", "sweep={lambda.memoryMB: [128, 256]}"},
			"breakeven": {"breakeven", f, "--from", "1", "--to", "10", "--points", "2", "--out", filepath.Join(dir, "be")},
		}
		for name, args := range runs {
			out, errOut, code := execsim(t, args...)
			if code != 0 {
				t.Fatalf("%s: exit %d: %s", name, code, errOut)
			}
			if got := strings.Contains(out, "warning: front doors differ"); got != tc.warn {
				t.Errorf("%s with %s warns: %v; want %v:\n%s", name, tc.cost, got, tc.warn, out)
			}
		}
		c, err := os.ReadFile(filepath.Join(dir, "sweep", "cost.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(c), "unit,point,replication,seed,sweep.lambda.memoryMB,platform,item,quantity,quantity_unit,unit_price_usd,cost_usd,monthly_usd\n") {
			t.Errorf("sweep cost.csv:\n%s", c)
		}
		if got := strings.Contains(readFile(t, filepath.Join(dir, "be", "breakeven.svg")), "front doors differ"); got != tc.warn {
			t.Errorf("the break-even chart with %s warns: %v; want %v", tc.cost, got, tc.warn)
		}
		// the charts of cost: the run's (redrawn the same by plot DIR) and
		// the sweep's
		cum := readFile(t, filepath.Join(dir, "run", "cumulative-cost.svg"))
		if got := strings.Contains(cum, "front doors differ"); got != tc.warn {
			t.Errorf("the run's cumulative-cost chart with %s warns: %v; want %v", tc.cost, got, tc.warn)
		}
		replot := t.TempDir()
		if _, errOut, code := execsim(t, "plot", "--out", replot, filepath.Join(dir, "run")); code != 0 {
			t.Fatalf("plot: exit %d: %s", code, errOut)
		}
		if readFile(t, filepath.Join(replot, "cumulative-cost.svg")) != cum {
			t.Errorf("plot DIR drew another cumulative-cost chart with %s", tc.cost)
		}
		if got := strings.Contains(readFile(t, filepath.Join(dir, "sweep", "sweep-monthly-cost.svg")), "front doors differ"); got != tc.warn {
			t.Errorf("the sweep's monthly-cost chart with %s warns: %v; want %v", tc.cost, got, tc.warn)
		}
		if got := strings.Contains(readFile(t, filepath.Join(dir, "sweep", "sweep.json")), "front doors differ"); got != tc.warn {
			t.Errorf("sweep.json with %s warns: %v; want %v", tc.cost, got, tc.warn)
		}
		res := readFile(t, filepath.Join(dir, "sweep", "results.csv"))
		if strings.Contains(strings.SplitN(res, "\n", 2)[0], "breakdown") {
			t.Errorf("results.csv still has breakdown columns:\n%s", res)
		}
	}
}
