package lambda_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/summary"
)

// rps is the fidelity review's probe (/tmp/fidprobe/lam/rps2.yaml) scaled
// down tenfold: two 10-ms functions against an account of 100 concurrency,
// so 1,000 requests per second across both (lambda-concurrency.html).
const rps = `name: rps
seed: 1
duration: 1m
warmup: WARMUP
services:
  - name: a
    arrivals: {process: even, ratePerSecond: RATE}
    work: {io: 10ms}
  - name: b
    arrivals: {process: even, ratePerSecond: RATE}
    work: {io: 10ms}
lambda: {runtime: go, accountConcurrency: 100}
cost: {frontDoor: none}
`

// When the account's requests per second throttle, the caps reached and
// the throttles' cause name it, and the verdict's main risk says so;
// below it, neither does. After a warm-up past the first second's cold
// starts (which the concurrency quota throttles) it is the only cause.
func TestAccountRPSNamed(t *testing.T) {
	for _, tc := range []struct {
		name, warmup, rate string
		caps               []string
		cause              string
	}{
		{"below the cap", "10s", "400", nil, ""},
		{"above it", "10s", "800", []string{"the account's 1,000 requests/s"}, "the account's 1,000 requests/s"},
		{"above it, cold starts counted", "0s", "800", []string{"account concurrency quota 100", "the account's 1,000 requests/s"},
			"the account's 1,000 requests/s and a concurrency or scaling limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := platformtest.Run(t, strings.NewReplacer("WARMUP", tc.warmup, "RATE", tc.rate).Replace(rps))
			cr, ok := res.Platform("lambda").Usage.(interface{ CapsReached() []string })
			if !ok {
				t.Fatal("lambda usage names no caps")
			}
			if got := cr.CapsReached(); !slices.Equal(got, tc.caps) {
				t.Errorf("caps reached %q; want %q", got, tc.caps)
			}
			s := summary.Of(res, false)
			e := s.Models.Get("lambda")
			tc2, ok := e.Extra.(platform.ThrottleCauser)
			if !ok {
				t.Fatal("the lambda entry names no throttle cause")
			}
			if got := tc2.ThrottleCause(); got != tc.cause {
				t.Errorf("ThrottleCause() = %q; want %q", got, tc.cause)
			}
			if tc.cause != "" {
				// 1,600 req/s against 1,000: 37.5 % throttled once the
				// first second's tokens are spent
				if share := float64(e.Throttled) / float64(s.Arrivals); share < 0.36 || share > 0.38 {
					t.Errorf("%.4f of requests throttled; want about 0.375", share)
				}
			} else if e.Throttled != 0 {
				t.Errorf("%d throttled below the cap; want none", e.Throttled)
			}
		})
	}
}

// A function's own requests-per-second cap, 10 × its reserved concurrency,
// is a cap the scenario sets: when it throttles, the caps reached name it,
// though the concurrency itself is never reached (200 req/s of 10 ms is 2
// in flight against 10 reserved).
func TestReservedRPSNamed(t *testing.T) {
	const one = `name: own
seed: 1
duration: 1m
warmup: 10s
workload:
  arrivals: {process: even, ratePerSecond: 200}
  work: {io: 10ms}
lambda: {runtime: go, reservedConcurrency: 10}
cost: {frontDoor: none}
`
	res := platformtest.Run(t, one)
	cr := res.Platform("lambda").Usage.(interface{ CapsReached() []string })
	if got, want := cr.CapsReached(), []string{"reservedConcurrency 10's 100 requests/s"}; !slices.Equal(got, want) {
		t.Errorf("caps reached %q; want %q", got, want)
	}
	e := summary.Of(res, false).Models.Get("lambda")
	if e.Throttled == 0 {
		t.Error("nothing throttled at twice the function's own cap")
	}
	// and the throttles' cause names it, not a concurrency limit never
	// reached (review8)
	if got, want := e.Extra.(platform.ThrottleCauser).ThrottleCause(), "a function's own 10 × concurrency requests/s"; got != want {
		t.Errorf("ThrottleCause() = %q; want %q", got, want)
	}
}

// Of several functions, the caps reached name those whose own
// requests-per-second cap (10 × reservedConcurrency) throttled, the first
// three and how many more, not "a function's own": each of five functions
// has reservedConcurrency 10, so 100 req/s of its own; those at 200 req/s
// are throttled by it, the one at 50 req/s is not.
func TestReservedRPSNamedPerFunction(t *testing.T) {
	const fleet = `name: own
seed: 1
duration: 30s
warmup: 10s
services:
SERVICES
lambda: {runtime: go, reservedConcurrency: 10}
cost: {frontDoor: none}
`
	for _, tc := range []struct {
		name  string
		rates []string // of services a, b, c, …
		want  string
	}{
		{"one of them", []string{"50", "200", "50"}, "the own 10 × reservedConcurrency requests/s of function b"},
		{"three", []string{"200", "50", "200", "200"}, "the own 10 × reservedConcurrency requests/s of functions a, c and d"},
		// a fourth is named, not "1 more" (format.FirstNames)
		{"four", []string{"200", "200", "50", "200", "200"}, "the own 10 × reservedConcurrency requests/s of functions a, b, d and e"},
		{"more than four", []string{"200", "200", "50", "200", "200", "200"}, "the own 10 × reservedConcurrency requests/s of functions a, b, d and 2 more"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var svc strings.Builder
			for i, r := range tc.rates {
				fmt.Fprintf(&svc, "  - name: %c\n    arrivals: {process: even, ratePerSecond: %s}\n    work: {io: 10ms}\n", 'a'+i, r)
			}
			res := platformtest.Run(t, strings.Replace(fleet, "SERVICES\n", svc.String(), 1))
			cr := res.Platform("lambda").Usage.(interface{ CapsReached() []string })
			if got := cr.CapsReached(); !slices.Equal(got, []string{tc.want}) {
				t.Errorf("caps reached %q; want %q", got, []string{tc.want})
			}
		})
	}
}

// Two or more functions with exactly periodic arrivals that reach the
// account's requests-per-second cap are warned of: how its throttles
// split between them follows their arrivals' phase (the model's
// TestAccountRPSSplitFollowsPhase), which a reader of the per-function
// table would take for one function being worse. At or below the cap, with one
// periodic function, or with asynchronous invocations, there is nothing
// to split.
func TestEvenPhaseWarned(t *testing.T) {
	for _, tc := range []struct {
		name, rate, processB, lambda string
		warn                         bool
	}{
		{"above the cap", "800", "even", "lambda: {runtime: go, accountConcurrency: 100}", true},
		// 500 + 500 req/s is the cap: the bucket keeps up, nothing is
		// throttled, nothing splits (review10 D3)
		{"at the cap", "500", "even", "lambda: {runtime: go, accountConcurrency: 100}", false},
		{"below it", "400", "even", "lambda: {runtime: go, accountConcurrency: 100}", false},
		{"one of them periodic", "800", "poisson", "lambda: {runtime: go, accountConcurrency: 100}", false},
		{"asynchronous", "800", "even", "lambda: {runtime: go, accountConcurrency: 100, invocation: async}", false},
		{"no caps", "800", "even", "lambda: {runtime: go, accountConcurrency: 100, rpsLimit: false}", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.NewReplacer("WARMUP", "10s", "RATE", tc.rate).Replace(rps)
			src = strings.Replace(src, "  - name: b\n    arrivals: {process: even", "  - name: b\n    arrivals: {process: "+tc.processB, 1)
			src = strings.Replace(src, "lambda: {runtime: go, accountConcurrency: 100}", tc.lambda, 1)
			plan := platformtest.Plan(t, src)
			var got []string
			for _, w := range plan.Warnings {
				if strings.Contains(w, "phase of their arrivals") {
					got = append(got, w)
				}
			}
			want := "lambda: the functions of a and b have exactly periodic arrivals (process: even) and share the account's 1,000 requests/s, which the synchronous rates exceed (1,600 req/s): its throttles are right in total, but how they split between these functions follows the phase of their arrivals, not the functions"
			if tc.warn && (len(got) != 1 || !strings.HasPrefix(got[0], want)) {
				t.Errorf("warnings %q; want one beginning %q", plan.Warnings, want)
			}
			if !tc.warn && len(got) > 0 {
				t.Errorf("warnings %q; want none of the arrivals' phase", got)
			}
		})
	}
}
