package checks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/scenario"
)

func TestSplitUnitAndMatch(t *testing.T) {
	cases := []struct {
		name, unit, field string
	}{
		{"lambda.latency_ms.p99", "", "lambda.latency_ms.p99"},
		{"p003-memoryMB=1024/lambda.latency_ms.p99", "p003-memoryMB=1024", "lambda.latency_ms.p99"},
		{"p012-ratePerSecond=0.05-memoryMB=256/r2/arrivals", "p012-ratePerSecond=0.05-memoryMB=256/r2", "arrivals"},
		{"p000/r1/lambda.cost.breakdown.lambda requests", "p000/r1", "lambda.cost.breakdown.lambda requests"},
		{"pods/x", "", "pods/x"}, // not a unit: no p and digits
	}
	for _, tc := range cases {
		if u, f := SplitUnit(tc.name); u != tc.unit || f != tc.field {
			t.Errorf("SplitUnit(%q) = %q, %q; want %q, %q", tc.name, u, f, tc.unit, tc.field)
		}
	}
	for _, tc := range []struct {
		pattern, name string
		want          bool
	}{
		{"lambda.latency_ms.p99", "p003-memoryMB=1024/r0/lambda.latency_ms.p99", true},
		{"lambda.*", "p003-memoryMB=1024/lambda.throttled", true},
		{"*", "p003-memoryMB=1024/lambda.throttled", true},
		{"p003*/lambda.throttled", "p003-memoryMB=1024/lambda.throttled", true},
		{"p003*/lambda.throttled", "p004-memoryMB=2048/lambda.throttled", false},
		// without /rN, every replication of the point (the README's form)
		{"p003*/lambda.throttled", "p003-memoryMB=1024/r1/lambda.throttled", true},
		{"*/lambda.throttled", "p003-memoryMB=1024/r1/lambda.throttled", true},
		{"p003*/r0/lambda.throttled", "p003-memoryMB=1024/r1/lambda.throttled", false},
		{"p003*/r1/lambda.throttled", "p003-memoryMB=1024/r1/lambda.throttled", true},
		{"p003*/lambda.*", "p003-memoryMB=1024/r1/lambda.throttled", true},
		{"p004*/lambda.throttled", "p003-memoryMB=1024/r1/lambda.throttled", false},
		{"p003*", "p003-memoryMB=1024/r1/lambda.throttled", false}, // * stops at a slash
		{"p003*/*/lambda.throttled", "p003-memoryMB=1024/r1/lambda.throttled", true},
		{"kubernetes.*", "p003-memoryMB=1024/lambda.throttled", false},
	} {
		if got := match(tc.pattern, tc.name); got != tc.want {
			t.Errorf("match(%q, %q) = %v; want %v", tc.pattern, tc.name, got, tc.want)
		}
	}
}

// A percentage on an outcome count is a share of the arrivals of the same
// run of a sweep, not of another's.
func TestExpectationShareInASweep(t *testing.T) {
	var pairs []string
	for _, u := range []struct{ unit, throttled, completed string }{{"p000-x=1", "0", "100"}, {"p001-x=2", "50", "50"}} {
		pairs = append(pairs, u.unit+"/lambda.completed "+u.completed, u.unit+"/lambda.throttled "+u.throttled,
			u.unit+"/lambda.rejected 0", u.unit+"/lambda.failed 0", u.unit+"/lambda.in_flight 0", u.unit+"/lambda.latency_ms.p99 12.5")
	}
	now := fileOf("text\n", pairs...)
	spec := specOf(t, "expect: {lambda.throttled: \"< 1%\", lambda.latency_ms.p99: \"< 10ms\"}")
	if err := spec.Validate(now); err != nil {
		t.Fatal(err)
	}
	failed, err := Check(now, spec)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range failed {
		got = append(got, f.String())
	}
	want := []string{
		"expect p001-x=2/lambda.throttled < 1%: got 50% (50 of 100 arrivals)",
		"expect p000-x=1/lambda.latency_ms.p99 < 10ms: got 12.5ms",
		"expect p001-x=2/lambda.latency_ms.p99 < 10ms: got 12.5ms",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Check =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A pattern that names no field of a sweep's run shows the runs' real
// names, so that the reader can spell one (the walk-through's defect 2).
func TestNoSuchFieldNamesTheRuns(t *testing.T) {
	var pairs []string
	for _, u := range []string{"p000-memoryMB=256/r0", "p000-memoryMB=256/r1", "p001-memoryMB=1024/r0", "p001-memoryMB=1024/r1", "p002-memoryMB=2048/r0"} {
		pairs = append(pairs, u+"/lambda.throttled 0", u+"/lambda.latency_ms.p99 12.5")
	}
	now := fileOf("text\n", pairs...)
	err := specOf(t, "expect: {\"q001*/lambda.throttled\": 0}").Validate(now)
	want := "no such field in this run (this sweep's runs are p000-memoryMB=256/r0, p000-memoryMB=256/r1, p001-memoryMB=1024/r0, " +
		"p001-memoryMB=1024/r1, … (5 in all); a field is RUN/FIELD, e.g. p000-memoryMB=256/r0/lambda.throttled"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Validate = %v; want %q", err, want)
	}
	if err := specOf(t, "expect: {\"p001*/lambda.throttled\": 0}").Validate(now); err != nil {
		t.Errorf("p001*/lambda.throttled over replications: %v", err)
	}
}

// A unit's label is built from its point alone: it built every point of
// the sweep once per unit, so a golden of a sweep was quadratic in its
// size (rev12c).
func TestUnitLabelDoesNotBuildEveryPoint(t *testing.T) {
	var mem, rate []string
	for i := range 200 {
		mem = append(mem, fmt.Sprint(128+i))
	}
	for i := range 250 {
		rate = append(rate, fmt.Sprint(1+i))
	}
	plan := platformtest.Plan(t, "name: u\nduration: 1m\nworkload:\n  arrivals: {ratePerSecond: 1}\n  work: {io: 10ms}\nlambda: {}\nreplications: 2\n"+
		"sweep:\n  lambda.memoryMB: ["+strings.Join(mem, ", ")+"]\n  workload.arrivals.ratePerSecond: ["+strings.Join(rate, ", ")+"]\n")
	u := scenario.Unit{Point: 50_000 - 1, Rep: 1}
	if got := unitLabel(plan, u); got != "p49999-memoryMB=327-ratePerSecond=250/r1" {
		t.Errorf("unitLabel = %q", got)
	}
	if allocs := testing.AllocsPerRun(2, func() { unitLabel(plan, u) }); allocs > 100 {
		t.Errorf("unitLabel of one unit of 50,000 points allocates %.0f times: it builds every point", allocs)
	}
}
