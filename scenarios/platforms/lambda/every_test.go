package lambda_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/platforms/lambda"
)

const fleetOwnSizes = `name: f
duration: 1m
services:
  - {name: a, arrivals: {ratePerSecond: 1}, work: {io: 10ms}, lambda: {memoryMB: 1024}}
  - {name: b, arrivals: {ratePerSecond: 1}, work: {io: 10ms}, lambda: {memoryMB: 2048}}
  - {name: c, arrivals: {ratePerSecond: 1}, work: {io: 10ms}}
`

// lambda.memoryMB is the default of the functions without a size of
// their own: where it reaches none the plan says so, naming how to size
// every function; lambda.everyFunction.memoryMB sets every
// function's, as execsim tune --memory does.
func TestSectionMemoryIsADefault(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		sizes     []int
		warning   string // "" for none
		overrides []string
	}{
		{"a default some functions take", fleetOwnSizes + "lambda: {memoryMB: 256}\n", []int{1024, 2048, 256}, "", []string{"a", "b"}},
		{"none takes it", strings.Replace(fleetOwnSizes, "work: {io: 10ms}}\n", "work: {io: 10ms}, lambda: {memoryMB: 512}}\n", 1) + "lambda: {memoryMB: 256}\n", []int{1024, 2048, 512},
			"lambda.memoryMB: 256 MB is the size of no function: all 3 have their own (services[].lambda.memoryMB); lambda.everyFunction.memoryMB sizes every function, as execsim tune --memory does",
			[]string{"a", "b", "c"}},
		{"no default given: nothing to say", fleetOwnSizes + "lambda: {}\n", []int{1024, 2048, 128}, "", []string{"a", "b"}},
		{"every function", fleetOwnSizes + "lambda: {everyFunction: {memoryMB: 256}}\n", []int{256, 256, 256}, "", nil},
		{"every function beside a default none takes: no advice to do what it does",
			strings.Replace(fleetOwnSizes, "work: {io: 10ms}}\n", "work: {io: 10ms}, lambda: {memoryMB: 512}}\n", 1) + "lambda: {memoryMB: 256, everyFunction: {memoryMB: 1024}}\n",
			[]int{1024, 1024, 1024}, "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan := platformtest.Plan(t, tc.src)
			cfg := plan.Platforms[0].Config.(*lambda.Config)
			var sizes []int
			for _, f := range cfg.Functions {
				sizes = append(sizes, f.MemoryMB)
			}
			if !slices.Equal(sizes, tc.sizes) {
				t.Errorf("sizes %v; want %v", sizes, tc.sizes)
			}
			var warned []string
			for _, w := range plan.Warnings {
				if strings.Contains(w, "memoryMB") {
					warned = append(warned, w)
				}
			}
			if want := []string{tc.warning}; (tc.warning == "" && len(warned) > 0) || (tc.warning != "" && !slices.Equal(warned, want)) {
				t.Errorf("warnings %q; want %q", warned, tc.warning)
			}
			if got := platform.TuneOverrider(cfg).Overridden(); !slices.Equal(got, tc.overrides) {
				t.Errorf("Overridden() = %v; want %v", got, tc.overrides)
			}
		})
	}
	// judged with the section's runtime, not a default one's (a review
	// found SnapStart refused for java21 against python3.12's table)
	if _, err := platformtest.Parse(fleetOwnSizes + "lambda: {runtime: java21, everyFunction: {snapStart: true}}\n"); err != nil {
		t.Errorf("everyFunction.snapStart on java21: %v; want it accepted", err)
	}
	if _, err := platformtest.Parse(fleetOwnSizes + "lambda: {everyFunction: {memoryMB: 64}}\n"); err == nil ||
		!strings.Contains(err.Error(), "lambda.everyFunction.memoryMB: must be between 128 and 10240 (got 64)") {
		t.Errorf("everyFunction.memoryMB 64: %v; want the range at its path", err)
	}
}

// TuneEach sizes each function by itself (execsim tune's size per
// function), leaving the scenario's config as it was; a size out of
// range names its function.
func TestTuneEach(t *testing.T) {
	plan := platformtest.Plan(t, fleetOwnSizes+"lambda: {}\n")
	cfg := plan.Platforms[0].Config.(*lambda.Config)
	got, err := cfg.TuneEach([]int{128, 3008, 512})
	if err != nil {
		t.Fatal(err)
	}
	var sizes, before []int
	for _, f := range got.(*lambda.Config).Functions {
		sizes = append(sizes, f.MemoryMB)
	}
	for _, f := range cfg.Functions {
		before = append(before, f.MemoryMB)
	}
	if !slices.Equal(sizes, []int{128, 3008, 512}) || !slices.Equal(before, []int{1024, 2048, 128}) {
		t.Errorf("tuned sizes %v, the scenario's after %v; want [128 3008 512] and [1024 2048 128]", sizes, before)
	}
	for _, tc := range []struct {
		sizes []int
		want  string
	}{
		{[]int{128, 64, 512}, "b: 64 MB: must be between 128 and 10240 MB"},
		{[]int{128, 512}, "2 sizes for 3 functions"},
	} {
		if _, err := cfg.TuneEach(tc.sizes); err == nil || err.Error() != tc.want {
			t.Errorf("TuneEach(%v): %v; want %q", tc.sizes, err, tc.want)
		}
	}
}
