package main

import (
	"strings"
	"testing"
)

// The verdict says why Lambda (or Kubernetes) was not compared: --model
// chose another platform, or the scenario has no section for it. One
// sentence gave both causes, the missing section first, when --model had
// left out a platform the scenario has, and a run of Kubernetes and
// Knative without Lambda said nothing (rev11c #2).
func TestVerdictSaysWhyAPlatformWasNotCompared(t *testing.T) {
	const head = "name: n\nseed: 1\nduration: 1m\nworkload:\n  arrivals: {process: poisson, ratePerSecond: 5}\n  work: {cpu: 10ms}\n" +
		"kubernetes:\n  nodePools: [{name: general, instanceTypes: [m6i.large], nodes: 1}]\n"
	both := writeScenario(t, head+"lambda: {memoryMB: 512}\n")
	knative := writeScenario(t, head+"knative: {}\n")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--model", "kubernetes", both}, "Lambda was not compared: --model kubernetes ran Kubernetes alone (without --model, every platform the scenario has a section for runs)."},
		{[]string{"run", "--model", "lambda", both}, "Kubernetes was not compared: --model lambda ran Lambda alone"},
		{[]string{"run", knative}, "Lambda was not compared: the scenario has no lambda: section."},
	} {
		out, errOut, code := execsim(t, tc.args...)
		if code != exitOK || !strings.Contains(out, tc.want) {
			t.Errorf("execsim %s: exit %d %q\n%s\nwant %q", strings.Join(tc.args[:len(tc.args)-1], " "), code, errOut, out, tc.want)
		}
	}
	if out, _, _ := execsim(t, "run", both); strings.Contains(out, "not compared") {
		t.Errorf("a run of both says one was not compared:\n%s", out)
	}
}
