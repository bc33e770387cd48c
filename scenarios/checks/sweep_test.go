package checks

import (
	"strings"
	"testing"
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
		{"p003*/lambda.throttled", "p003-memoryMB=1024/r1/lambda.throttled", false}, // * stops at a slash
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
