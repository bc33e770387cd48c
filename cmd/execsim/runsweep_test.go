package main

import (
	"strings"
	"testing"
)

// run checks the sweep's points as validate does, though it runs the base
// point alone: a price of a type no point launches, beside a sweep of the
// node pools, passed the base plan's check and run took it, where
// validate refused it (rev11a #5). A bad value of a point is refused
// alike.
func TestRunChecksSweepPointsAsValidate(t *testing.T) {
	const cluster = `name: d
duration: 1m
workload:
  arrivals: {process: poisson, ratePerSecond: 5}
  work: {cpu: 10ms}
kubernetes:
  nodePools: [{name: general, instanceTypes: [m6i.large], nodes: 1}]
`
	for _, tc := range []struct{ name, file, want string }{
		{"price of a type no point launches", cluster + "cost: {prices: {ec2.m5.large.hourUSD: 0.05}}\nsweep:\n  kubernetes.nodePools[0].instanceTypes: [[m6i.large], [c7g.large]]\n",
			"cost.prices.ec2.m5.large.hourUSD: no node pool launches m5.large at any point of the sweep"},
		{"price beside a sweep of replicas", cluster + "cost: {prices: {ec2.m5.large.hourUSD: 0.05}}\nsweep: {kubernetes.replicas: [1, 2]}\n",
			"cost.prices.ec2.m5.large.hourUSD: no node pool launches m5.large, so the price would change nothing"},
		{"bad value of a point", good + "sweep: {lambda.memoryMB: [256, 64]}\n", "sweep point p001-memoryMB=64"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := writeScenario(t, tc.file)
			for _, cmd := range []string{"validate", "run"} {
				out, errOut, code := execsim(t, cmd, f)
				if cmd == "validate" {
					out = ""
				}
				if code != exitInput || !strings.Contains(errOut, tc.want) || out != "" {
					t.Errorf("%s: exit %d, stdout %q, stderr %q; want %d and %q", cmd, code, out, errOut, exitInput, tc.want)
				}
			}
		})
	}
	// a point's pools may launch a type the base pools do not: its price
	// is for those points, and run takes it
	f := writeScenario(t, cluster+"cost: {prices: {ec2.c7g.large.hourUSD: 0.05}}\nsweep:\n  kubernetes.nodePools[0].instanceTypes: [[m6i.large], [c7g.large]]\n")
	if _, errOut, code := execsim(t, "run", f); code != exitOK {
		t.Errorf("run: exit %d %q; want the price of a swept type accepted", code, errOut)
	}
}
