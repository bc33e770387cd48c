package main

import (
	"strings"
	"testing"
)

// run, breakeven and tune run a scenario's base point and none of its
// sweep: section's points, and say so; breakeven and tune said nothing, so
// a sweep written into the scenario looked applied (fix11's report).
func TestCommandsSayTheySweepNothing(t *testing.T) {
	f := writeScenario(t, good+"kubernetes: {}\nsweep: {workload.arrivals.ratePerSecond: [5, 20]}\n")
	const lead = "execsim: note: " + "%s has a sweep (2 points × 1 replications); "
	for _, tc := range []struct {
		args []string
		what string
	}{
		{[]string{"run", f, "--no-progress", "--set", "duration=1m"}, "run runs its base point once"},
		{[]string{"breakeven", f, "--from", "1", "--to", "10", "--points", "2", "--no-progress", "--set", "duration=1m", "--out", t.TempDir()},
			"breakeven varies the rate of its base point alone"},
		{[]string{"tune", writeScenario(t, good+"sweep: {workload.arrivals.ratePerSecond: [5, 20]}\n"), "--memory", "256,1024", "--no-progress", "--set", "duration=1m", "--out", t.TempDir()},
			"tune varies the memory of its base point alone"},
	} {
		_, errOut, code := execsim(t, tc.args...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.args[0], code, errOut)
		}
		want := strings.Replace(lead, "%s", tc.args[1], 1) + tc.what + " — use execsim sweep for all of them\n"
		if !strings.Contains(errOut, want) {
			t.Errorf("%s: stderr lacks %q:\n%s", tc.args[0], want, errOut)
		}
	}
}
