package hybrid_test

import (
	"encoding/json"
	"testing"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platforms"
	"github.com/execsim/execsim/scenarios/platforms/hybrid"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/execsim/execsim/scenarios/summary"
)

// The blend's rejections are put down to its parts' causes, as each
// part's platform says them, not to full queues by default: a Kubernetes
// part with no ready pod says so, as the Kubernetes column does.
func TestRejectionCauseComesFromTheParts(t *testing.T) {
	reg := platforms.Default()
	for _, tc := range []struct {
		name, parts, want string
	}{
		{"a kubernetes part with no pod",
			`[{"platform":"kubernetes","services":1,"cost_usd":1,"rejected":40,"details":{"rejected_no_pod_share":1}},{"platform":"lambda","services":1,"cost_usd":1}]`,
			"no pod was ready to take them"},
		{"a kubernetes part partly without a pod",
			`[{"platform":"kubernetes","services":1,"cost_usd":1,"rejected":40,"details":{"rejected_no_pod_share":0.25}},{"platform":"lambda","services":1,"cost_usd":1}]`,
			"full queues, and no pod ready to take 25.00 % of them"},
		{"full queues",
			`[{"platform":"kubernetes","services":1,"cost_usd":1,"rejected":40,"details":{}},{"platform":"lambda","services":1,"cost_usd":1}]`,
			"full queues"},
		{"two parts rejecting",
			`[{"platform":"kubernetes","services":1,"cost_usd":1,"rejected":30,"details":{"rejected_no_pod_share":1}},{"platform":"knative","services":1,"cost_usd":1,"rejected":10,"details":{}}]`,
			"kubernetes 75.00 %: no pod was ready to take them; knative 25.00 %: full queues"},
		{"a summary written before parts counted their rejections",
			`[{"platform":"kubernetes","services":1,"cost_usd":1,"details":{"rejected_no_pod_share":1}},{"platform":"lambda","services":1,"cost_usd":1,"details":{}}]`,
			"no pod was ready to take them"},
		{"an old summary with two parts that could reject",
			`[{"platform":"kubernetes","services":1,"cost_usd":1,"details":{"rejected_no_pod_share":1}},{"platform":"knative","services":1,"cost_usd":1,"details":{}}]`,
			""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := reg.Lookup("hybrid").NewExtra()
			if err := json.Unmarshal([]byte(`{"parts":`+tc.parts+`}`), x); err != nil {
				t.Fatal(err)
			}
			rc, ok := x.(platform.RejectionCauser)
			if !ok {
				t.Fatal("the hybrid's Extra does not say why it rejected")
			}
			if got := rc.RejectionCause(); got != tc.want {
				t.Errorf("RejectionCause() = %q; want %q", got, tc.want)
			}
		})
	}
}

// In a run, a service pinned to a cluster with no pod (replicas: 0, no
// HPA) makes the blend's rejections "no pod was ready to take them", and
// summary.json counts them on the part.
func TestBlendRejectionsWithNoPod(t *testing.T) {
	reg := platforms.Default()
	plan, err := scenario.Parse([]byte(`name: nopod
seed: 3
duration: 2m
services:
  - {name: a, platform: kubernetes, arrivals: {ratePerSecond: 5}, work: {cpu: "1ms"}}
  - {name: b, platform: lambda, arrivals: {ratePerSecond: 5}, work: {cpu: "1ms"}}
kubernetes: {nodePools: [{name: p, instanceTypes: [m6i.large], nodes: 1, minNodes: 1, maxNodes: 1}], replicas: 0}
lambda: {}
placement: {}
`), nil, reg)
	if err != nil {
		t.Fatal(err)
	}
	res, err := runner.Run(plan, runner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := summary.Of(res, false)
	h := s.Models.Get("hybrid")
	if h == nil || h.Rejected == 0 {
		t.Fatalf("hybrid entry %+v; the test needs rejections", h)
	}
	var parts int64
	for _, p := range h.Extra.(*hybrid.Extra).Parts {
		parts += p.Rejected
	}
	if parts != h.Rejected {
		t.Errorf("the parts rejected %d; the blend %d", parts, h.Rejected)
	}
	js, err := json.Marshal(h.Extra)
	if err != nil {
		t.Fatal(err)
	}
	back := reg.Lookup("hybrid").NewExtra()
	if err := json.Unmarshal(js, back); err != nil {
		t.Fatal(err)
	}
	for name, x := range map[string]platform.Extra{"run": h.Extra, "summary.json read back": back} {
		if got, want := x.(platform.RejectionCauser).RejectionCause(), "no pod was ready to take them"; got != want {
			t.Errorf("%s: RejectionCause() = %q; want %q\n%s", name, got, want, js)
		}
	}
}

// The blend fails requests only through its parts: a Kubernetes part that
// lost a zone says so, named by its platform, as the Kubernetes column
// does; a blend whose parts cannot say leaves the report's general causes.
func TestFailureCauseComesFromTheParts(t *testing.T) {
	reg := platforms.Default()
	for _, tc := range []struct {
		name, parts, want string
	}{
		{"a kubernetes part lost a zone",
			`[{"platform":"kubernetes","services":1,"cost_usd":1,"details":{"zone_failures":[{"zone":"b","at_s":3600}]}},{"platform":"lambda","services":1,"cost_usd":1,"details":{}}]`,
			"kubernetes: lost or timed out with the failure of zone b at 1:00:00"},
		{"no part can say",
			`[{"platform":"kubernetes","services":1,"cost_usd":1,"details":{}},{"platform":"lambda","services":1,"cost_usd":1}]`,
			""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := reg.Lookup("hybrid").NewExtra()
			if err := json.Unmarshal([]byte(`{"parts":`+tc.parts+`}`), x); err != nil {
				t.Fatal(err)
			}
			fc, ok := x.(platform.FailureCauser)
			if !ok {
				t.Fatal("the hybrid's Extra does not say why it failed requests")
			}
			if got := fc.FailureCause(); got != tc.want {
				t.Errorf("FailureCause() = %q; want %q", got, tc.want)
			}
		})
	}
}

// The blend throttles only through its Lambda part: when that part was
// throttled by the account's requests-per-second cap, the blend says so,
// as the Lambda column does; a part that cannot say leaves the report's
// general cause.
func TestThrottleCauseComesFromTheParts(t *testing.T) {
	reg := platforms.Default()
	for _, tc := range []struct {
		name, parts, want string
	}{
		{"the lambda part met the account's cap",
			`[{"platform":"kubernetes","services":1,"cost_usd":1,"details":{}},{"platform":"lambda","services":1,"cost_usd":1,"details":{"throttled_by":"the account's 10,000 requests/s"}}]`,
			"the account's 10,000 requests/s"},
		{"no part can say",
			`[{"platform":"kubernetes","services":1,"cost_usd":1,"details":{}},{"platform":"lambda","services":1,"cost_usd":1}]`,
			""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := reg.Lookup("hybrid").NewExtra()
			if err := json.Unmarshal([]byte(`{"parts":`+tc.parts+`}`), x); err != nil {
				t.Fatal(err)
			}
			c, ok := x.(platform.ThrottleCauser)
			if !ok {
				t.Fatal("the hybrid's Extra does not say why it throttled requests")
			}
			if got := c.ThrottleCause(); got != tc.want {
				t.Errorf("ThrottleCause() = %q; want %q", got, tc.want)
			}
		})
	}
}
