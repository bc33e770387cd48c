package main

import (
	"strings"
	"testing"
)

// A run in which no request arrived warns that there is nothing to
// compare, and still exits 0 with its idle costs (walk report 5).
func TestRunWarnsWhenNoRequestArrived(t *testing.T) {
	out, errOut, code := execsim(t, "run", writeScenario(t, replace("ratePerSecond: 10", "ratePerSecond: 1e-300")))
	if code != 0 {
		t.Fatalf("exit %d; want 0:\n%s", code, errOut)
	}
	if want := "execsim: warning: no request arrived in small's 2m0s: nothing to compare; no platform is judged against the SLO\n"; errOut != want {
		t.Errorf("stderr %q; want %q", errOut, want)
	}
	if !strings.Contains(out, "No request arrived, so there is nothing to compare") {
		t.Errorf("the summary does not say so:\n%s", out)
	}
	if _, errOut, _ := execsim(t, "run", writeScenario(t, good)); strings.Contains(errOut, "no request arrived") {
		t.Errorf("a run with requests warns: %q", errOut)
	}
}

// The warning of a run shorter than EC2's minimum bill per node is for
// runs that bill nodes: `--model lambda` of a scenario that also has a
// kubernetes: section runs Lambda alone and is not warned; `--model
// kubernetes` and a run of every platform are.
func TestShortRunWarningFollowsTheModelsRun(t *testing.T) {
	f := writeScenario(t, replace("duration: 2m", "duration: 10s")+"kubernetes: {}\n")
	const warning = "execsim: warning: kubernetes: duration 10s is shorter than EC2's minimum bill of 1m0s a node"
	for _, tc := range []struct {
		model string
		warn  bool
	}{
		{"lambda", false},
		{"kubernetes", true},
		{"all", true},
	} {
		_, errOut, code := execsim(t, "run", f, "--model", tc.model)
		if code != 0 {
			t.Fatalf("--model %s: exit %d:\n%s", tc.model, code, errOut)
		}
		if got := strings.Contains(errOut, warning); got != tc.warn {
			t.Errorf("--model %s: stderr %q; want the minimum-bill warning %v", tc.model, errOut, tc.warn)
		}
	}
	out, _, code := execsim(t, "validate", f)
	if code != 0 || !strings.Contains(out, "# warning: kubernetes: duration 10s is shorter than EC2's minimum bill") {
		t.Errorf("validate (every platform) does not warn: exit %d\n%s", code, out)
	}
}
