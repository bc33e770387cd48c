package main

import (
	"strings"
	"testing"
)

// TestValidatePricesListsWhatTheRunUses: --prices lists the EC2 prices of
// the instance types the node pools may launch, not the whole catalogue's
// (a walk-through found every type listed), and all of them for a
// Karpenter pool that may launch any type.
func TestValidatePricesListsWhatTheRunUses(t *testing.T) {
	const body = "name: p\nduration: 1m\nworkload: {arrivals: {process: poisson, ratePerSecond: 1}, work: {cpu: 1ms}}\nlambda: {}\n"
	for _, tc := range []struct {
		name, kube   string
		want, absent []string
	}{
		{"one type", "kubernetes: {nodePools: [{name: a, instanceTypes: [m6i.large]}]}\n",
			[]string{"ec2.m6i.large.hourUSD", "ec2.spotDiscount", "lambda.requestsPerMillionUSD", "the catalogue has more"},
			[]string{"ec2.m5.large.hourUSD", "ec2.m6i.xlarge.hourUSD"}},
		{"two pools", "kubernetes: {nodePools: [{name: a, instanceTypes: [m6i.large]}, {name: b, instanceTypes: [c7g.large, m6i.large]}]}\n",
			[]string{"ec2.m6i.large.hourUSD", "ec2.c7g.large.hourUSD"}, []string{"ec2.m5.large.hourUSD"}},
		{"karpenter, any type", "kubernetes: {nodeAutoscaler: karpenter, nodePools: [{name: a}]}\n",
			[]string{"ec2.m6i.large.hourUSD", "ec2.m5.large.hourUSD", "ec2.c7g.2xlarge.hourUSD"}, []string{"the catalogue has more"}},
		{"no cluster", "", []string{"lambda.requestsPerMillionUSD"}, []string{"ec2.m6i.large.hourUSD"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := execsim(t, "validate", "--prices", writeScenario(t, body+tc.kube))
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			prices := out[strings.Index(out, "# prices"):]
			for _, w := range tc.want {
				if !strings.Contains(prices, w) {
					t.Errorf("the price list lacks %q", w)
				}
			}
			for _, a := range tc.absent {
				if strings.Contains(prices, a) {
					t.Errorf("the price list has %q", a)
				}
			}
		})
	}
}
