package runner_test

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

// sharedCases are built-ins and test scenarios of every platform and
// arrival process (a daily profile, a trace replayed from a feed, a fleet,
// a placement whose blend runs after its peers, a three-platform run),
// shortened to keep the test quick.
var sharedCases = []struct{ ref, duration string }{
	{scenarios.BuiltinPrefix + "steady", ""},
	{scenarios.BuiltinPrefix + "spike", ""},
	{scenarios.BuiltinPrefix + "az-outage", ""},
	{scenarios.BuiltinPrefix + "after-idle", ""},
	{scenarios.BuiltinPrefix + "knative-idle", "1h"},
	{scenarios.BuiltinPrefix + "business-hours", "48h"},
	{scenarios.BuiltinPrefix + "azure-500", "20m"},
	{scenarios.BuiltinPrefix + "fleet-500-test", "20m"},
	{"../testdata/trace-csv.yaml", ""},
}

func loadShared(t *testing.T, ref, duration string) *scenario.Plan {
	t.Helper()
	var set []scenario.Override
	if duration != "" {
		set = append(set, scenario.Override{Path: "duration", Value: duration})
	}
	plan, err := scenarios.Load(ref, set, platformtest.Registry())
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

// sameRun fails unless got is want, platform by platform (events,
// fingerprint, end, regeneration check, bill and cost series, runs) and
// as `execsim run --json` writes it.
func sameRun(t *testing.T, got, want *runner.Result) {
	t.Helper()
	if len(got.Platforms) != len(want.Platforms) || got.Runs != want.Runs {
		t.Fatalf("%d platforms, %d runs; want %d, %d", len(got.Platforms), got.Runs, len(want.Platforms), want.Runs)
	}
	for i, w := range want.Platforms {
		g := got.Platforms[i]
		if g.Name != w.Name || g.Events != w.Events || g.Fingerprint != w.Fingerprint || g.End != w.End || g.Unforgotten != w.Unforgotten {
			t.Errorf("%s: events %d, fingerprint %x, end %v, unforgotten %q; want %s %d %x %v %q",
				g.Name, g.Events, g.Fingerprint, g.End, g.Unforgotten, w.Name, w.Events, w.Fingerprint, w.End, w.Unforgotten)
		}
		if g.Rec.Arrivals() != w.Rec.Arrivals() {
			t.Errorf("%s: %d arrivals; want %d", g.Name, g.Rec.Arrivals(), w.Rec.Arrivals())
		}
		if !reflect.DeepEqual(g.Cost, w.Cost) {
			t.Errorf("%s: cost %+v; want %+v", g.Name, g.Cost, w.Cost)
		}
	}
	js := func(r *runner.Result) string {
		b, err := json.Marshal(summary.Of(r, false))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if g, w := js(got), js(want); g != w {
		t.Errorf("summary:\n%s\nwant:\n%s", g, w)
	}
}

// A run's platforms reading one arrival stream (the tee) make the runs
// they make each from a stream of its own, bit for bit: every platform's
// events, fingerprint, arrivals, bill and summary. Run alone (every
// platform computing at once), on one seat of a gate (RunAll with one
// worker: a single simulation computes at a time, so the platforms of a
// run take turns through the ring) and on two.
func TestSharedStreamIsTheSeparateRun(t *testing.T) {
	var plans []*scenario.Plan
	for _, tc := range sharedCases {
		plans = append(plans, loadShared(t, tc.ref, tc.duration))
	}
	want := make([]*runner.Result, len(plans))
	for i, plan := range plans {
		if len(plan.Platforms) < 2 {
			t.Fatalf("%s: %d platform; the test needs several", caseName(i), len(plan.Platforms))
		}
		var opt runner.Options
		runner.Separate(&opt)
		var err error
		if want[i], err = runner.Run(plan, opt); err != nil {
			t.Fatal(err)
		}
	}
	for i, plan := range plans {
		t.Run("run/"+caseName(i), func(t *testing.T) {
			got, err := runner.Run(plan, runner.Options{})
			if err != nil {
				t.Fatal(err)
			}
			sameRun(t, got, want[i])
		})
	}
	workers := []int{1, 2}
	if testing.Short() {
		workers = workers[:1] // one seat: the platforms take turns through the ring
	}
	for _, workers := range workers {
		got, err := runner.RunAll(context.Background(), plans, workers, nil, func(_ int, r *runner.Result) *runner.Result { return r })
		if err != nil {
			t.Fatal(err)
		}
		for i := range plans {
			t.Run(caseName(i), func(t *testing.T) { sameRun(t, got[i], want[i]) })
		}
	}
}

func caseName(i int) string { return sharedCases[i].ref }
