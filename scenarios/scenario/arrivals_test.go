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

// A profile point at or after the run's end that the run never uses is
// warned of, naming its time and the run's end (it was accepted without a
// word); a point past the end that still shapes the rate is not.
func TestProfilePointPastTheEndWarns(t *testing.T) {
	const head = "name: p\nduration: 1h\nworkload:\n  work: {io: 10ms}\n  arrivals: {process: profile, %s}\nlambda: {}\n"
	for _, tc := range []struct{ arrivals, want string }{
		{"profile: [{at: 0s, ratePerSecond: 1}, {at: 2h, ratePerSecond: 5}]",
			"workload.arrivals.profile[1].at: 2h0m0s is at or after the run's end (duration: 1h0m0s): the point has no effect (the run never uses its rate)"},
		{"profile: [{at: 0s, ratePerSecond: 1}, {at: 1h, ratePerSecond: 5}, {at: 2h, ratePerSecond: 6}, {at: 3h, ratePerSecond: 7}]",
			"workload.arrivals.profile[1].at: 1h0m0s is at or after the run's end (duration: 1h0m0s), and so are 2 later points, to profile[3] at 3h0m0s: they have no effect (the run never uses their rates)"},
		{"compress: 12, profile: [{at: 0s, ratePerSecond: 1}, {at: 13h, ratePerSecond: 5}]",
			"workload.arrivals.profile[1].at: 13h0m0s is at or after the run's end (duration: 1h0m0s, which is 12h0m0s on the profile's clock with compress: 12): the point has no effect"},
		// one later point is "so is 1 later point" (review10 style)
		{"profile: [{at: 0s, ratePerSecond: 1}, {at: 2h, ratePerSecond: 5}, {at: 3h, ratePerSecond: 6}]",
			"workload.arrivals.profile[1].at: 2h0m0s is at or after the run's end (duration: 1h0m0s), and so is 1 later point, to profile[2] at 3h0m0s"},
		// the ramp towards the point at 2h runs through the whole hour
		{"interpolation: linear, profile: [{at: 0s, ratePerSecond: 1}, {at: 2h, ratePerSecond: 5}]", ""},
		{"profile: [{at: 0s, ratePerSecond: 1}, {at: 59m, ratePerSecond: 5}]", ""},
	} {
		plan := platformtest.Plan(t, strings.Replace(head, "%s", tc.arrivals, 1))
		got := strings.Join(plan.Warnings, "\n")
		switch {
		case tc.want == "" && strings.Contains(got, "profile["):
			t.Errorf("%s: warnings %q; want none about the profile", tc.arrivals, got)
		case tc.want != "" && !strings.Contains(got, tc.want):
			t.Errorf("%s: warnings %q; want %q", tc.arrivals, got, tc.want)
		}
	}
}

// With a swept duration, a point past the base duration is used by the
// longer runs: only points past the longest swept run are warned of
// (review10 M3: with duration: 1h swept to 4h, the points at 2h and 3h
// were said to have no effect).
func TestProfilePointPastTheEndSwept(t *testing.T) {
	const head = "name: p\nduration: 1h\nworkload:\n  work: {io: 10ms}\n  arrivals: {process: profile, profile: %s}\nlambda: {}\nsweep: {duration: [1h, 4h, 30m]}\n"
	for _, tc := range []struct{ profile, want string }{
		{"[{at: 0s, ratePerSecond: 1}, {at: 2h, ratePerSecond: 5}, {at: 3h, ratePerSecond: 6}]", ""},
		{"[{at: 0s, ratePerSecond: 1}, {at: 2h, ratePerSecond: 5}, {at: 5h, ratePerSecond: 6}]",
			"workload.arrivals.profile[2].at: 5h0m0s is at or after the run's end (duration: 4h0m0s, the longest the sweep runs): the point has no effect"},
	} {
		plan := platformtest.Plan(t, strings.Replace(head, "%s", tc.profile, 1))
		got := strings.Join(plan.Warnings, "\n")
		switch {
		case tc.want == "" && strings.Contains(got, "profile["):
			t.Errorf("%s: warnings %q; want none about the profile", tc.profile, got)
		case tc.want != "" && !strings.Contains(got, tc.want):
			t.Errorf("%s: warnings %q; want %q", tc.profile, got, tc.want)
		}
	}
}

// What the sweep runs is what the checks on the arrivals' clock judge:
// a swept compress moves the run's end on that clock as a swept duration
// does, and a swept profile or point of one is judged as the sweep runs
// it (inputs10 #3).
func TestProfilePointPastTheEndSweptCompressAndProfile(t *testing.T) {
	const head = "name: p\nduration: 1h\nworkload:\n  work: {io: 10ms}\n  arrivals: {process: profile, profile: %s}\nlambda: {}\nsweep:\n  %s\n"
	for _, tc := range []struct{ profile, sweep, want string }{
		{"[{at: 0s, ratePerSecond: 1}, {at: 2h, ratePerSecond: 5}, {at: 3h, ratePerSecond: 6}]", "workload.arrivals.compress: [1, 4]", ""},
		{"[{at: 0s, ratePerSecond: 1}, {at: 2h, ratePerSecond: 5}, {at: 5h, ratePerSecond: 6}]", "workload.arrivals.compress: [1, 4]",
			"workload.arrivals.profile[2].at: 5h0m0s is at or after the run's end (duration: 1h0m0s, which is 4h0m0s on the profile's clock with compress: 4, the largest the sweep runs): the point has no effect"},
		{"[{at: 0s, ratePerSecond: 1}, {at: 7h, ratePerSecond: 6}]", "workload.arrivals.compress: [2, 3]\n  duration: [1h, 2h]",
			"(duration: 2h0m0s, the longest the sweep runs, which is 6h0m0s on the profile's clock with compress: 3, the largest the sweep runs)"},
		{"[{at: 0s, ratePerSecond: 1}, {at: 30m, ratePerSecond: 5}]", "workload.arrivals.profile: [[{at: 0s, ratePerSecond: 1}], [{at: 0s, ratePerSecond: 1}, {at: 2h, ratePerSecond: 2}]]",
			"sweep.workload.arrivals.profile value [{at: 0s, ratePerSecond: 1}, {at: 2h, ratePerSecond: 2}]: workload.arrivals.profile[1].at: 2h0m0s is at or after the run's end (duration: 1h0m0s): the point has no effect"},
		{"[{at: 0s, ratePerSecond: 1}, {at: 30m, ratePerSecond: 5}]", "workload.arrivals.profile[1].at: [30m, 90m]",
			"sweep.workload.arrivals.profile[1].at value 90m: workload.arrivals.profile[1].at: 1h30m0s is at or after the run's end (duration: 1h0m0s)"},
		{"[{at: 0s, ratePerSecond: 1}, {at: 30m, ratePerSecond: 5}]", "workload.arrivals.profile[1].at: [30m, 50m]", ""},
		// a swept rate moves no point
		{"[{at: 0s, ratePerSecond: 1}, {at: 30m, ratePerSecond: 5}]", "workload.arrivals.profile[1].ratePerSecond: [5, 6]", ""},
	} {
		plan := platformtest.Plan(t, fmt.Sprintf(head, tc.profile, tc.sweep))
		got := strings.Join(plan.Warnings, "\n")
		switch {
		case tc.want == "" && strings.Contains(got, "profile["):
			t.Errorf("%s %s: warnings %q; want none about the profile", tc.profile, tc.sweep, got)
		case tc.want != "" && !strings.Contains(got, tc.want):
			t.Errorf("%s %s: warnings %q; want %q", tc.profile, tc.sweep, got, tc.want)
		}
	}
}

// A spike's at: is on the arrivals' clock and judged by the furthest run
// of the sweep, as a profile's points are (rev11c #3: a spike at 2h with
// duration: 1h swept to 4h was refused; with compress: 24 it fires at
// 5m of the run and was refused too).
func TestSpikeStartJudgedOnTheArrivalsClock(t *testing.T) {
	const head = "name: s\nduration: 1h\nworkload:\n  work: {io: 10ms}\n  arrivals: {process: spike, ratePerSecond: 1, multiplier: 5, for: 10m, %s}\nlambda: {}\n"
	for _, tc := range []struct{ arrivals, sweep, want string }{
		{"at: 2h", "{duration: [1h, 4h]}", ""},
		{"at: 2h, compress: 24", "", ""},
		{"at: 2h", "{workload.arrivals.compress: [1, 24]}", ""},
		{"at: 5h", "{duration: [1h, 4h]}", "workload.arrivals.at: the spike starts after the run ends (duration: 4h0m0s, the longest the sweep runs) (got 5h0m0s)"},
		{"at: 30h, compress: 24", "", "workload.arrivals.at: the spike starts after the run ends (duration: 1h0m0s, which is 24h0m0s on the arrivals' clock with compress: 24) (got 30h0m0s)"},
		{"at: 30h", "{workload.arrivals.compress: [1, 24]}", "workload.arrivals.at: the spike starts after the run ends (duration: 1h0m0s, which is 24h0m0s on the arrivals' clock with compress: 24, the largest the sweep runs) (got 30h0m0s)"},
		{"at: 1h", "", "workload.arrivals.at: the spike starts after the run ends (1h0m0s) (got 1h0m0s)"},
		// a clock slowed down: the point at compress 1 (the default, as
		// unset) reaches 40m, which the base's 0.5 does not (rev12c: a
		// swept compress of 1 or less was never taken)
		{"at: 40m, compress: 0.5", "{workload.arrivals.compress: [0.5, 1]}", ""},
		{"at: 40m, compress: 0.5", "{workload.arrivals.compress: [0.5, 0.75]}", ""},
		{"at: 50m, compress: 0.5", "{workload.arrivals.compress: [0.5, 0.75]}",
			"workload.arrivals.at: the spike starts after the run ends (duration: 1h0m0s, which is 45m0s on the arrivals' clock with compress: 0.75, the largest the sweep runs) (got 50m0s)"},
	} {
		src := fmt.Sprintf(head, tc.arrivals)
		if tc.sweep != "" {
			src += "sweep: " + tc.sweep + "\n"
		}
		plan, err := platformtest.Parse(src)
		if err == nil {
			err = plan.CheckPoints() // each point judges it by the sweep as well
		}
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s %s: error %v; want it accepted", tc.arrivals, tc.sweep, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s %s: error %v; want %q", tc.arrivals, tc.sweep, err, tc.want)
		}
	}
	// accepted when the furthest run reaches it, with a warning naming
	// the points whose runs end before it (they ran without it, silently)
	for _, tc := range []struct{ arrivals, sweep, want string }{
		{"at: 2h", "{duration: [1h, 4h]}",
			"workload.arrivals.at: the spike at 2h0m0s starts after the run ends at 1 of the sweep's 2 points (duration: 1h; the first is p000-duration=1h): that point runs without it"},
		{"at: 2h", "{lambda.memoryMB: [128, 256], duration: [4h, 1h, 90m]}",
			"workload.arrivals.at: the spike at 2h0m0s starts after the run ends at 4 of the sweep's 6 points (duration: 1h, duration: 90m; the first is p001-memoryMB=128-duration=1h): those points run without it"},
		{"at: 2h", "{workload.arrivals.compress: [1, 24]}",
			"workload.arrivals.at: the spike at 2h0m0s starts after the run ends at 1 of the sweep's 2 points (workload.arrivals.compress: 1; the first is p000-compress=1): that point runs without it"},
		{"at: 2h", "{duration: [3h, 4h]}", ""},
		{"at: 30m", "{duration: [1h, 4h]}", ""},
	} {
		plan := platformtest.Plan(t, fmt.Sprintf(head, tc.arrivals)+"sweep: "+tc.sweep+"\n")
		got := ""
		for _, w := range plan.Warnings {
			if strings.Contains(w, "spike") {
				got = w
			}
		}
		if got != tc.want {
			t.Errorf("%s %s: warning %q; want %q", tc.arrivals, tc.sweep, got, tc.want)
		}
	}
	// with compress: 24 the spike at 2h of its clock is 5m into the run
	plan := platformtest.Plan(t, fmt.Sprintf(head, "at: 2h, compress: 24"))
	a := plan.Workload.Services[0].Arrivals
	if before, during := a.Rate(4*time.Minute), a.Rate(5*time.Minute+10*time.Second); during != 5*before {
		t.Errorf("rate %g before the spike, %g during it; want 5 times", before, during)
	}
}
