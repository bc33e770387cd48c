package breakeven

import (
	"testing"

	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/runner"
)

// nonLinear knows the items models/cost gives non-linear lines, and no
// others: a user's instance type named "frontier" is not a tier.
func TestNonLinearItems(t *testing.T) {
	for _, tc := range []struct {
		item string
		want bool
	}{
		{"lambda duration x86_64 tier 2 discount", true},
		{"api gateway http requests tier 3 discount", true},
		{"lambda free tier requests", true},
		{"lambda free tier duration arm64", true},
		{"node frontier on-demand", false},
		{"node m6i.large on-demand", false},
		{"lambda requests", false},
		{"alb lcu-hours", false}, // only on the idle day's bill
		{"tier 2 discount", false},
		{"x tier two discount", false},
	} {
		b := cost.Breakdown{Lines: []cost.Line{{Item: tc.item, Amount: 1}}}
		if got := nonLinear(b, nil, 0) != ""; got != tc.want {
			t.Errorf("nonLinear(%q) = %v, want %v", tc.item, got, tc.want)
		}
	}
}

// A point's expected work counts every run its plan makes, a placement's
// search included (Plan.Runs), as runner.RunAll weighs the runs it
// reports: counted by platforms, break-even's estimate of a hybrid point
// was a fraction of what RunAll then reported done (fixP left it).
func TestDaysWorkCountsThePlacementSearch(t *testing.T) {
	plan := platformtest.Plan(t, platformtest.ReadFile(t, "../testdata/knative-blend.yaml"))
	if plan.Runs() <= len(plan.Platforms) {
		t.Fatalf("knative-blend: %d runs for %d platforms; want its placement's trials counted", plan.Runs(), len(plan.Platforms))
	}
	if got, want := (Days{}).work(plan), runner.Work(plan.ExpectedArrivals(), plan.Runs()); got != want {
		t.Errorf("work %v; want %v (runs %d)", got, want, plan.Runs())
	}
}
