package main

import (
	"strings"
	"testing"
)

// cost.controlPlane=false takes off the control plane only: the output
// says the nodes are still all the workload's, and that no setting bills
// a share of them, pointing to a fleet's placement (walk14 #2: "a cluster
// shared with other services" read as if the nodes were shared too, and
// the break-even contradicted the fleet's placement of the same service).
func TestBreakevenSaysTheNodesAreStillBilled(t *testing.T) {
	f := "../../scenarios/testdata/breakeven/fixed-nodes.yaml"
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"the hint", []string{"--set", "cost.controlPlane=true"}, "That rerun would leave out the control plane only: Kubernetes still bills every node to this workload ("},
		{"the rerun", []string{"--set", "cost.controlPlane=false"}, "cost.controlPlane=false leaves out the control plane only: Kubernetes still bills every node to this workload ("},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"breakeven", "--set", "duration=5m", "--from", "20", "--to", "2000", "--points", "5", "--out", t.TempDir()}, tc.args...)
			out, errOut, code := execsim(t, append(args, f)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, w := range []string{tc.want, "/month at 20 req/s, the lowest rate run)", "No setting bills a share of a node", "placement.csv gives each service's direct cost"} {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

// run --model lambda says nothing of a Kubernetes section it does not
// run (walk14 #11: it warned that Kubernetes pods would wait Pending);
// --model kubernetes still says it.
func TestRunWarnsOfTheModelsItRuns(t *testing.T) {
	f := writeScenario(t, "name: pend\nduration: 2m\nworkload: {arrivals: {ratePerSecond: 5}, work: {io: 10ms}}\n"+
		"kubernetes: {replicas: 40, cpuRequestMilli: 1000, nodePools: [{name: p, instanceTypes: [m6i.large], nodes: 1, minNodes: 1, maxNodes: 3}], nodeAutoscaler: cluster-autoscaler}\nlambda: {}\n")
	const pending = "pods will wait Pending"
	for _, tc := range []struct {
		model string
		warns bool
	}{{"lambda", false}, {"kubernetes", true}, {"all", true}} {
		_, errOut, code := execsim(t, "run", "--model", tc.model, f)
		if code != 0 || strings.Contains(errOut, pending) != tc.warns {
			t.Errorf("run --model %s (exit %d): warns of Pending pods %v; want %v:\n%s", tc.model, code, !tc.warns, tc.warns, errOut)
		}
	}
}

// A number flag that does not parse says what it takes, and a misspelt
// --model gets a did-you-mean (walk14 #10: "parse error", and a list).
func TestFlagValuesSayWhatIsAllowed(t *testing.T) {
	f := writeScenario(t, good)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"breakeven", "--tolerance", "5%", f}, `invalid value "5%" for flag --tolerance: want a fraction, e.g. 0.05 for 5 % (no %)`},
		{[]string{"breakeven", "--from", "1k", f}, `invalid value "1k" for flag --from: want a plain number, e.g. 20 or 2.5e3`},
		{[]string{"breakeven", "--points", "3.5", f}, `invalid value "3.5" for flag --points: want a whole number`},
		{[]string{"run", "--model", "lamda", f}, "(did you mean lambda?)"},
	} {
		_, errOut, code := execsim(t, tc.args...)
		if code != exitInput || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", tc.args, code, errOut, exitInput, tc.want)
		}
	}
}
