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
  - {name: few, arrivals: {ratePerSecond: 0.125}, work: {io: "lognormal(p50=100ms,p99=300ms)"}}
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
		near, pinned, few := pl.Services[0], pl.Services[1], pl.Services[2]
		// ~150 requests cannot bound a p99 from above (it takes 381):
		// whatever the target, a placement that meets it is a close
		// call, and says why
		if few.TooFewRequests || !few.MarginalOpen || !strings.Contains(few.Marginal, "open above: ") || !strings.Contains(few.Marginal, "cannot bound a p99 above their slowest") {
			t.Errorf("target %s: few (%d requests) marginal %q, open %t", tc.target, few.Requests, few.Marginal, few.MarginalOpen)
		}
		if near.MarginalOpen {
			t.Errorf("target %s: near's interval is open above", tc.target)
		}
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
