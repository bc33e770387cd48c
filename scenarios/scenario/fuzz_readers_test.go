package scenario_test

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/scenario"
)

// fuzzBase is a valid scenario the readers' fuzz targets change.
const fuzzBase = `name: fuzz
seed: 3
duration: 10m
window: 1m
workload:
  arrivals: {process: poisson, ratePerSecond: 5}
  work: {cpu: "exp(mean=10ms)", io: "lognormal(p50=50ms,p99=400ms)"}
lambda: {memoryMB: 512}
sweep: {lambda.memoryMB: [256, 1024]}
`

// FuzzOverride: no --set text makes ParseOverride or its application by
// Parse panic; an override that applies gives a plan.
func FuzzOverride(f *testing.F) {
	for _, s := range []string{
		"lambda.memoryMB=1024", "duration=1h", "workload.arrivals.ratePerSecond=50", "seed=18446744073709551615",
		"lambda.memoryMB=", "=5", "a..b=1", "sweep.lambda.memoryMB=[1,2]", "workload.profile[99999999999999999999].at=1s",
		"workload=[1, {a: b}]", "lambda={memoryMB: 64}", "name=&a [*a, *a]", "lambda.memoryMB=!!binary aGVsbG8=",
		"services[0].name=x", "workload.work.cpu=exp(mean=1ns)", "replications=1e9", "lambda.x.y.z=1", "  =x",
		"sweep={a: [1],\n a: [2]}", "sweep=~", "sweep.=[1]", "sweep.seed=[1]", "workload.arrivals=[1]", "workload.work=5", "lambda.memoryMB=1.5GB",
	} {
		f.Add(s)
	}
	reg := platformtest.Registry()
	f.Fuzz(func(t *testing.T, set string) {
		o, err := scenario.ParseOverride(set)
		if err != nil {
			return
		}
		plan, err := scenario.Parse([]byte(fuzzBase), []scenario.Override{o}, reg)
		if err == nil && plan == nil {
			t.Fatal("no plan and no error")
		}
	})
}

// FuzzDuration: no value of a scenario's duration: makes Parse panic; an
// accepted duration is positive.
func FuzzDuration(f *testing.F) {
	for _, s := range []string{
		"10m", "1h", `"250ms"`, "0s", "-5s", "1e6s", "3000000h", "9223372036854775807ns", "2562047h47m16.854775807s",
		"600", "1.5", "1ns", "0.5ns", ".", "'1m'", "[1m]", "{a: 1}", "~", "1m # comment", "\"\\u0031m\"", "1d",
	} {
		f.Add(s)
	}
	reg := platformtest.Registry()
	f.Fuzz(func(t *testing.T, value string) {
		if strings.ContainsAny(value, "\n\r") {
			return // one line of YAML: a newline would start another key
		}
		src := strings.Replace(fuzzBase, "duration: 10m", "duration: "+value, 1)
		plan, err := scenario.Parse([]byte(src), nil, reg)
		if err != nil {
			return
		}
		if plan.Duration <= 0 {
			t.Fatalf("duration: %s gives a plan of %v", value, plan.Duration)
		}
	})
}
