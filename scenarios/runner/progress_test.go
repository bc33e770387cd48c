package runner_test

import (
	"context"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
)

// searched is a placement whose search simulates blends (the hybrid's
// search_test.go quiet, judged on every request).
const searched = `name: quiet
seed: 3
duration: 20m
services:
  - {name: busy, arrivals: {ratePerSecond: 5}, work: {io: "exp(mean=20ms)"}}
  - {name: a, arrivals: {ratePerSecond: 0.01}, work: {io: 100ms}}
  - {name: b, arrivals: {ratePerSecond: 0.01}, work: {io: 100ms}}
  - {name: c, arrivals: {ratePerSecond: 0.01}, work: {io: 100ms}}
kubernetes: {}
lambda: {memoryMB: 512}
placement: {slo: {p99: 200ms, refused: 0.5}, minRequests: 1}
`

// Progress only ever rises, through a placement's trials too, and ends
// at 1; the estimates count the search's runs (revplace finding 1: the
// bar went 1.000 -> 0.668 on the trials, and a sweep's 18108 -> 12102).
func TestProgressOnlyRisesThroughASearch(t *testing.T) {
	plan := platformtest.Plan(t, searched)
	// 2 platforms and the hybrid's bound, 3 trials for Lambda: the blend
	// it settles on is one of them or a platform's own run
	if got := plan.Runs(); got != 5 {
		t.Errorf("Runs() = %d; want 5 (kubernetes, lambda and 3 trials)", got)
	}
	big := *plan
	big.MaxArrivals = 1
	if err := big.CheckSize(); err == nil || !strings.Contains(err.Error(), "on 2 platforms and up to 3 placement trials (the blend's own run among them)") {
		t.Errorf("CheckSize = %v; want the platforms' runs and the search's bound counted apart", err)
	}
	one := *plan
	one.Platforms = []scenario.Compiled{plan.Platforms[0]}
	if got, want := plan.EstimatedCPU(), 5*one.EstimatedCPU(); got != want {
		t.Errorf("EstimatedCPU() = %v; want 5 runs' worth, %v", got, want)
	}
	var seen []float64
	res, err := runner.Run(plan, runner.Options{Progress: func(f float64) { seen = append(seen, f) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Plan.Platforms) != 3 || res.Platforms[2].Usage == nil {
		t.Fatalf("ran %d platforms", len(res.Platforms))
	}
	if res.Runs > plan.Runs() || res.Runs < 3 {
		t.Errorf("made %d runs; want the 2 platforms' and at least one trial, at most Runs() = %d", res.Runs, plan.Runs())
	}
	for k := 1; k < len(seen); k++ {
		if seen[k] < seen[k-1] {
			t.Fatalf("progress fell from %.3f to %.3f at report %d", seen[k-1], seen[k], k)
		}
	}
	if last := seen[len(seen)-1]; last != 1 {
		t.Errorf("progress ended at %v", last)
	}
	plans := []*scenario.Plan{plan, platformtest.Plan(t, searched)}
	var prev, tot float64
	_, err = runner.RunAll(context.Background(), plans, 1, func(done, total float64) {
		if done < prev {
			t.Fatalf("RunAll's progress fell from %.0f to %.0f of %.0f", prev, done, total)
		}
		prev, tot = done, total
	}, func(int, *runner.Result) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	if want := 2 * runner.Work(plan.ExpectedArrivals(), 5); tot != want || prev != tot {
		t.Errorf("RunAll ended at %.0f of %.0f; want %.0f of %.0f", prev, tot, want, want)
	}
}
