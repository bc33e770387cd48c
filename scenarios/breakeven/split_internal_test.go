package breakeven

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/execsim/execsim/scenarios"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/execsim/execsim/scenarios/summary"
)

// A plan's platforms run as separate jobs (split) make the same run as
// the plan run whole: every platform's events, fingerprint, bill, cost
// series and regeneration check, the run's summary as `execsim run
// --json` writes it, and the break-even point made of it. Built-ins of
// every platform are shortened to keep the test quick; a blend stays
// whole.
func TestSplitRunsAreTheWholeRun(t *testing.T) {
	for _, tc := range []struct {
		ref      string
		duration string
		parts    int
	}{
		{"steady", "", 2},
		{"spike", "", 2},
		{"az-outage", "", 2},
		{"burst-quota", "", 2},
		{"after-idle", "", 2},
		{"java-cold-start", "1h", 2},
		{"knative-idle", "1h", 3},
		{"business-hours", "48h", 2},
		{"fleet-500-test", "20m", 1}, // a placement: its blend composes its peers' runs
	} {
		t.Run(tc.ref, func(t *testing.T) {
			var set []scenario.Override
			if tc.duration != "" {
				set = append(set, scenario.Override{Path: "duration", Value: tc.duration})
			}
			plan, err := scenarios.Load(scenarios.BuiltinPrefix+tc.ref, set, platformtest.Registry())
			if err != nil {
				t.Fatal(err)
			}
			if n := len(split(plan)); n != tc.parts {
				t.Fatalf("%d parts; want %d", n, tc.parts)
			}
			whole, err := runner.Run(plan, runner.Options{})
			if err != nil {
				t.Fatal(err)
			}
			rs, err := runJobs(context.Background(), []*scenario.Plan{plan}, 2, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			got := rs[0]
			if len(got.Platforms) != len(whole.Platforms) || got.Runs != whole.Runs {
				t.Fatalf("%d platforms, %d runs; whole: %d, %d", len(got.Platforms), got.Runs, len(whole.Platforms), whole.Runs)
			}
			for i, w := range whole.Platforms {
				g := got.Platforms[i]
				if g.Name != w.Name || g.Events != w.Events || g.Fingerprint != w.Fingerprint || g.End != w.End || g.Unforgotten != w.Unforgotten {
					t.Errorf("%s: events %d, fingerprint %x, end %v, unforgotten %q; whole: %s %d %x %v %q",
						g.Name, g.Events, g.Fingerprint, g.End, g.Unforgotten, w.Name, w.Events, w.Fingerprint, w.End, w.Unforgotten)
				}
				if !reflect.DeepEqual(g.Cost, w.Cost) {
					t.Errorf("%s: cost %+v; whole %+v", g.Name, g.Cost, w.Cost)
				}
			}
			js := func(r *runner.Result) string {
				b, err := json.Marshal(summary.Of(r, false))
				if err != nil {
					t.Fatal(err)
				}
				return string(b)
			}
			if g, w := js(got), js(whole); g != w {
				t.Errorf("summary:\n%s\nwhole:\n%s", g, w)
			}
			if g, w := curvePoint(1, got), curvePoint(1, whole); !reflect.DeepEqual(g, w) {
				t.Errorf("curve point %+v; whole %+v", g, w)
			}
		})
	}
}

// A batch's jobs are its plans' platforms, costliest first: the top
// rate's platforms take the first two workers, and no plan's platforms
// share one worker's goroutine (TestSplitRunsAreTheWholeRun).
func TestJobsArePlatformsCostliestFirst(t *testing.T) {
	plan, err := scenarios.Load(scenarios.BuiltinPrefix+"business-hours", nil, platformtest.Registry())
	if err != nil {
		t.Fatal(err)
	}
	var plans []*scenario.Plan
	for _, r := range []float64{1, 100, 10} {
		q, err := AtRate(plan, r)
		if err != nil {
			t.Fatal(err)
		}
		plans = append(plans, q)
	}
	type at struct{ of, part int }
	var got []at
	for _, j := range jobsOf(plans) {
		if len(j.plan.Platforms) != 1 || j.plan.Platforms[0].Name() != plan.Platforms[j.part].Name() {
			t.Fatalf("job %+v: platforms %v; want %s alone", j, j.plan.Names(), plan.Platforms[j.part].Name())
		}
		got = append(got, at{j.of, j.part})
	}
	want := []at{{1, 0}, {1, 1}, {2, 0}, {2, 1}, {0, 0}, {0, 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("jobs %v; want %v", got, want)
	}
}
