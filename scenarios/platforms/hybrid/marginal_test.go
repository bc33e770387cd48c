package hybrid_test

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
)

// A placement decided by a tail whose 95 % interval, from the service's
// sample size, holds the target is flagged marginal, naming the
// platform, the tail, the target and the interval; one decided by a tail
// far from it, or a pinned service, is not (walk11 #4: a $35 a month
// placement flipped with the seed, and nothing said it was a close call).
func TestMarginalPlacement(t *testing.T) {
	const src = `name: marginal
seed: 5
duration: 20m
slo: {p99: TARGET}
services:
  - {name: near, arrivals: {ratePerSecond: 1}, work: {io: "lognormal(p50=100ms,p99=300ms)"}}
  - {name: pinned, platform: kubernetes, arrivals: {ratePerSecond: 1}, work: {io: "lognormal(p50=100ms,p99=300ms)"}}
kubernetes: {}
lambda: {memoryMB: 512}
placement: {}
`
	for _, tc := range []struct {
		target string
		want   string // in near's marginal; "" for none
	}{
		{"300ms", "p99"},
		{"5s", ""},
	} {
		res := platformtest.Run(t, strings.Replace(src, "TARGET", tc.target, 1))
		pl := res.Platform("hybrid").Usage.(platform.Placer).Placement()
		near, pinned := pl.Services[0], pl.Services[1]
		if pinned.Marginal != "" {
			t.Errorf("target %s: the pinned service is marginal: %q", tc.target, pinned.Marginal)
		}
		if tc.want == "" {
			if near.Marginal != "" {
				t.Errorf("target %s: near is marginal: %q", tc.target, near.Marginal)
			}
			continue
		}
		if !strings.Contains(near.Marginal, tc.want) || !strings.Contains(near.Marginal, "against 300.0 ms (95 % interval ") || !strings.Contains(near.Marginal, " completed requests)") {
			t.Errorf("target %s: near's marginal %q (options %+v)", tc.target, near.Marginal, near.Options)
		}
	}
}
