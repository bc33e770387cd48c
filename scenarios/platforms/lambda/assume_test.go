package lambda_test

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
)

// The price basis of a plan with Lambda states what its cold starts rest
// on that AWS does not document, with the scenario's settings: the
// keep-alive and the warm selection, per function when they differ; a
// plan without Lambda says nothing of them. Where a function's
// synchronous invocations pass the requests-per-second caps, it states
// what a throttled attempt spends of them, and with provisioned
// concurrency where the requests above its version's cap go, naming the
// functions when not all have it.
func TestPriceBasisStatesLambdaAssumptions(t *testing.T) {
	const base = `name: a
seed: 1
duration: 1m
services:
  - name: a
    arrivals: {ratePerSecond: 1}
    work: {io: 10ms}
  - name: b
    arrivals: {ratePerSecond: 1}
    work: {io: 10ms}
    LAMBDA
`
	for _, tc := range []struct {
		name, section, own string // own: service b's lambda settings
		want, not          []string
	}{
		{"defaults", "lambda: {runtime: go}\n", "",
			[]string{"Lambda's cold starts rest on two assumptions AWS does not document: how long an idle environment lives (keepAlive uniform(5m0s,7m0s)) and which idle environment serves a request (warmSelection newest: the most recently created)."}, nil},
		{"set for all", "lambda: {runtime: go, keepAlive: 30m, warmSelection: random}\n", "",
			[]string{"(keepAlive 30m0s)", "(warmSelection random: any, at random)"}, nil},
		{"set per function", "lambda: {runtime: go}\n", "lambda: {keepAlive: 30m, warmSelection: oldest}",
			[]string{"(keepAlive, set per function)", "(warmSelection, set per function)"}, nil},
		{"no lambda", "kubernetes: {}\n", "", nil, []string{"keepAlive", "AWS does not document", "requests-per-second caps", "provisionedConcurrency"}},
		{"the caps", "lambda: {runtime: go}\n", "",
			[]string{"Lambda's requests-per-second caps (10 × concurrency, on synchronous invocations) are assumed to count an attempt that passes them even when the concurrency quota or the scaling rate then throttles it, and not one they refuse: AWS does not say whether throttled requests count."},
			[]string{"provisionedConcurrency"}},
		{"asynchronous", "lambda: {runtime: go, invocation: async, provisionedConcurrency: 1}\n", "", nil, []string{"requests-per-second caps", "provisionedConcurrency"}},
		{"no caps", "lambda: {runtime: go, rpsLimit: false, provisionedConcurrency: 1}\n", "", nil, []string{"requests-per-second caps", "provisionedConcurrency"}},
		{"one function's caps", "lambda: {runtime: go, invocation: async}\n", "lambda: {invocation: sync}", []string{"requests-per-second caps"}, nil},
		{"provisioned for all", "lambda: {runtime: go, provisionedConcurrency: 1}\n", "",
			[]string{"Requests above a provisioned version's 10 × provisionedConcurrency per second are assumed to run on on-demand environments, with their cold starts and on-demand prices, while provisioned ones may idle: AWS does not say what becomes of them."}, nil},
		{"provisioned for one", "lambda: {runtime: go}\n", "lambda: {provisionedConcurrency: 1}",
			[]string{"Requests above a provisioned version's 10 × provisionedConcurrency per second (b) are assumed"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan := platformtest.Plan(t, strings.Replace(base, "LAMBDA", tc.own, 1)+tc.section)
			got := plan.Cost.PriceBasis()
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("price basis %q; want %q", got, w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(got, w) {
					t.Errorf("price basis %q; want no %q", got, w)
				}
			}
		})
	}
}
