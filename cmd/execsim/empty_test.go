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
