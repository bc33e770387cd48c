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

// The job layer's runs are the plans' own: a batch of built-ins of every
// platform, run costliest first on two workers (runJobs), gives each plan
// the result runner.Run gives it alone: every platform's events,
// fingerprint, bill, cost series and regeneration check, the run's summary
// as `execsim run --json` writes it, and the break-even point made of it.
// The built-ins are shortened to keep the test quick.
func TestJobsAreTheWholeRuns(t *testing.T) {
	var plans []*scenario.Plan
	var refs []string
	for _, tc := range []struct {
		ref      string
		duration string
	}{
		{"steady", ""},
		{"spike", ""},
		{"az-outage", ""},
		{"burst-quota", ""},
		{"after-idle", ""},
		{"java-cold-start", "1h"},
		{"knative-idle", "1h"},
		{"business-hours", "48h"},
		{"fleet-500-test", "20m"}, // a placement: its blend composes its peers' runs
	} {
		var set []scenario.Override
		if tc.duration != "" {
			set = append(set, scenario.Override{Path: "duration", Value: tc.duration})
		}
		plan, err := scenarios.Load(scenarios.BuiltinPrefix+tc.ref, set, platformtest.Registry())
		if err != nil {
			t.Fatal(err)
		}
		plans = append(plans, plan)
		refs = append(refs, tc.ref)
	}
	rs, err := runJobs(context.Background(), plans, 2, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for k, plan := range plans {
		t.Run(refs[k], func(t *testing.T) {
			whole, err := runner.Run(plan, runner.Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := rs[k]
			if got.Plan != plan || len(got.Platforms) != len(whole.Platforms) || got.Runs != whole.Runs {
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

// A batch's plans start costliest first, equals in their order.
func TestJobsCostliestFirst(t *testing.T) {
	plan, err := scenarios.Load(scenarios.BuiltinPrefix+"business-hours", nil, platformtest.Registry())
	if err != nil {
		t.Fatal(err)
	}
	var plans []*scenario.Plan
	for _, r := range []float64{1, 100, 10, 100} {
		q, err := AtRate(plan, r)
		if err != nil {
			t.Fatal(err)
		}
		plans = append(plans, q)
	}
	if got, want := jobsOf(plans), []int{1, 3, 2, 0}; !reflect.DeepEqual(got, want) {
		t.Errorf("jobs %v; want %v", got, want)
	}
}
