package scenario_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/scenario"
)

// The bursts process, hours and compress can be written for any service.
func TestArrivalsBurstsHoursCompress(t *testing.T) {
	src := `name: b
duration: 24h
workload:
  arrivals: {process: bursts, ratePerSecond: 0.1, burstRatePerSecond: 5, every: 6h, for: 5m, burstSeed: 3,
             hours: {days: mon-fri, from: 9h, to: 18h}, compress: 12}
  work: {io: 1s}
lambda: {}
`
	plan := platformtest.Plan(t, src)
	want := workload.Arrivals{Process: workload.Bursts, RatePerSecond: 0.1, BurstRatePerSecond: 5, Every: 6 * time.Hour, For: 5 * time.Minute, BurstSeed: 3,
		Hours: &workload.Hours{Days: workload.Weekdays, From: 9 * time.Hour, To: 18 * time.Hour}, Compress: 12}
	got := plan.Workload.Services[0].Arrivals
	if got.Hours == nil || *got.Hours != *want.Hours {
		t.Fatalf("hours %+v; want %+v", got.Hours, want.Hours)
	}
	got.Hours = want.Hours
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("arrivals %+v; want %+v", got, want)
	}
	for _, w := range []string{"process: bursts", "burstRatePerSecond: 5", "every: 6h0m0s", "burstSeed: 3", "hours: {days: mon-fri, from: 9h0m0s, to: 18h0m0s}", "compress: 12"} {
		if d := plan.Describe(); !strings.Contains(d, w) {
			t.Errorf("the plan's description lacks %q:\n%s", w, d)
		}
	}
	for _, tc := range []struct{ from, to, want string }{
		{"days: mon-fri", "days: weekdayz", `workload.arrivals.hours.days: must be a list of days or ranges such as mon-fri or sat,sun (days: mon, tue, wed, thu, fri, sat, sun) (got "weekdayz")`},
		{"compress: 12", "compress: 0", "workload.arrivals.compress: must be positive and at most 1e+06 (got 0)"},
		{"process: bursts", "process: profile", "workload.arrivals.hours: only for processes without a calendar of their own (poisson, even, bursts), not profile"},
		{"for: 5m", "for: 7h", "workload.arrivals.for: must not exceed every (6h0m0s): one burst per interval (got 7h0m0s)"},
	} {
		_, err := scenario.Parse([]byte(strings.Replace(src, tc.from, tc.to, 1)), nil, platformtest.Registry())
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v\nwant %q", tc.to, err, tc.want)
		}
	}
}

// A profile point without ratePerSecond is an error; it was a rate of 0
// without a word (hostile #14). A written 0 is a rate.
func TestProfilePointNeedsARate(t *testing.T) {
	const head = "name: p\nduration: 1m\nworkload:\n  work: {io: 10ms}\n  arrivals: {process: profile, profile: [%s]}\nlambda: {}\n"
	for _, tc := range []struct{ points, want string }{
		{"{at: 0s}, {at: 30s, ratePerSecond: 5}", "workload.arrivals.profile[0].ratePerSecond: each point needs a rate (write 0 for none)"},
		{"{at: 0s, ratePerSecond: 0}, {at: 30s, ratePerSecond: 5}", ""},
	} {
		_, err := platformtest.Parse(strings.Replace(head, "%s", tc.points, 1))
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: error %v; want it accepted", tc.points, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error %v; want %q", tc.points, err, tc.want)
		}
	}
}
