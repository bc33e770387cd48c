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

// A cluster whose starting nodes cannot hold its replicas, and no node
// autoscaler: validate and run warn before the run that pods will wait and
// never start, and run ends saying how many stayed Pending and how long
// (walk11 finding 2: 92.61 % rejected without a word). A cluster with room
// for them says neither.
func TestRunWarnsOfPodsThatNeverStart(t *testing.T) {
	const short = "kubernetes: {replicas: 8, cpuRequestMilli: 500, nodePools: [{name: p, instanceTypes: [m6i.large], nodes: 2}]}\n"
	f := writeScenario(t, good+short)
	_, errOut, code := execsim(t, "run", f)
	if code != 0 {
		t.Fatalf("exit %d; want 0:\n%s", code, errOut)
	}
	for _, want := range []string{
		"execsim: warning: kubernetes: the starting nodes (2) cannot hold the initial replicas' requests: 2 of 8 pods will wait Pending from the start, and with nodeAutoscaler none they never start",
		"execsim: warning: kubernetes: 2 pods were still Pending at the run's end, the oldest for 2 min: no node took them",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr %q; want it to contain %q", errOut, want)
		}
	}
	if out, _, _ := execsim(t, "validate", f); !strings.Contains(out, "# warning: kubernetes: the starting nodes (2) cannot hold the initial replicas' requests: 2 of 8 pods") {
		t.Errorf("validate's output %q; want the start-up warning", out)
	}
	room := writeScenario(t, good+strings.Replace(short, "nodes: 2", "nodes: 3", 1))
	if _, errOut, _ := execsim(t, "run", room); strings.Contains(errOut, "Pending") {
		t.Errorf("a cluster with room for its pods warns: %q", errOut)
	}
}
