package lambda_test

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/summary"
)

// gateway is one request a second of 40 s behind a front door, with a
// 60-s function timeout.
const gateway = `name: g
seed: 1
duration: 2m
workload:
  arrivals: {process: even, ratePerSecond: 1}
  work: {io: 40s}
lambda: {runtime: go, timeout: 60s}
`

// Behind API Gateway a request whose function runs longer than the
// integration timeout fails for its client at that point while the
// function runs on, billed (costrev item 7); validate says so when the
// function's timeout is longer; other front doors wait for the function.
func TestIntegrationTimeout(t *testing.T) {
	for _, tc := range []struct {
		name, cost, section string
		failed              bool   // every request that ends fails
		note                string // a plan warning that must be there
	}{
		{"REST, 29 s by default", "cost: {frontDoor: api-gateway-rest}", "", true,
			"lambda: the function's timeout (1m0s) is longer than API Gateway's integration timeout (29s behind api-gateway-rest): a request still running then fails for its client (504) while its function runs on, billed, holding its environment"},
		{"HTTP API, 30 s", "cost: {frontDoor: http-api}", "", true, "(30s behind http-api)"},
		{"REST raised to 45 s", "cost: {frontDoor: api-gateway-rest}", "lambda: {runtime: go, timeout: 60s, integrationTimeout: 45s}", false,
			"lambda.integrationTimeout 45s: above API Gateway's 29s default, which only a Regional or private REST API may exceed"},
		{"ALB waits", "cost: {frontDoor: alb}", "", false, ""},
		{"function URL waits", "cost: {frontDoor: function-url}", "", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := gateway + tc.cost + "\n"
			if tc.section != "" {
				src = strings.Replace(src, "lambda: {runtime: go, timeout: 60s}", tc.section, 1)
			}
			plan := platformtest.Plan(t, src)
			warned := strings.Join(plan.Warnings, "\n")
			if tc.note != "" && !strings.Contains(warned, tc.note) {
				t.Errorf("warnings\n%s\nwant %q", warned, tc.note)
			}
			if tc.note == "" && strings.Contains(warned, "integration timeout") {
				t.Errorf("warnings\n%s\nwant none on the integration timeout", warned)
			}
			s := summary.Of(platformtest.Run(t, src), false)
			e := s.Models.Get("lambda")
			// 120 arrivals; those after 80 s are still running at 2 min
			ended := e.Completed + e.Failed
			if ended == 0 || e.InFlight == 0 || e.Completed+e.Failed+e.InFlight+e.Throttled+e.Rejected != s.Arrivals {
				t.Fatalf("completed %d failed %d in flight %d of %d", e.Completed, e.Failed, e.InFlight, s.Arrivals)
			}
			if tc.failed && (e.Failed == 0 || e.Completed != 0) || !tc.failed && e.Failed != 0 {
				t.Errorf("completed %d, failed %d; want failed %v", e.Completed, e.Failed, tc.failed)
			}
		})
	}
}

// The integration timeout is checked against its front door: an HTTP
// API's cannot exceed 30 s, and other doors have none (exit 2).
func TestIntegrationTimeoutProblems(t *testing.T) {
	for _, tc := range []struct{ name, cost, timeout, want string }{
		{"HTTP API over 30 s", "cost: {frontDoor: http-api}", "31s",
			"lambda.integrationTimeout: must be between 50ms and 30s behind http-api (an HTTP API's integration timeout cannot be raised) (got 31s)"},
		{"REST under 50 ms", "cost: {frontDoor: api-gateway-rest}", "10ms",
			"lambda.integrationTimeout: must be between 50ms and 15m0s behind api-gateway-rest"},
		{"behind an ALB", "cost: {frontDoor: alb}", "10s",
			"lambda.integrationTimeout: is API Gateway's: it applies behind api-gateway-rest or http-api only (lambda is behind alb) (got 10s)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(gateway, "timeout: 60s}", "timeout: 60s, integrationTimeout: "+tc.timeout+"}", 1) + tc.cost + "\n"
			_, err := platformtest.Parse(src)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v; want %q", err, tc.want)
			}
		})
	}
}
