package platform_test

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
)

// A section's setting that every member of a fleet takes is told once:
// a problem of the section's own value once, and a model's problem that
// several members share once, naming how many and the first few (walk13
// #5: a typo printed one identical line per service, 300 of them).
func TestSectionProblemsToldOnce(t *testing.T) {
	fleet := `name: f
duration: 1m
services:
  - {name: a, arrivals: {ratePerSecond: 1}, work: {io: 10ms}}
  - {name: b, arrivals: {ratePerSecond: 1}, work: {io: 10ms}}
  - {name: c, arrivals: {ratePerSecond: 1}, work: {io: 10ms}}
  - {name: d, arrivals: {ratePerSecond: 1}, work: {io: 10ms}, kubernetes: {cpuRequestMilli: 250}}
  - {name: e, arrivals: {ratePerSecond: 1}, work: {io: 10ms}, kubernetes: {cpuRequestMilli: -7}}
  - {name: f, arrivals: {ratePerSecond: 1}, work: {io: 10ms}}
`
	for _, tc := range []struct {
		name, section string
		want          []string
	}{
		{"lambda's own value", "lambda: {timeout: 901s}\n", []string{"lambda.timeout: must be between 1 and 900 seconds (got 15m1s)"}},
		{"a model's problem of several members, and of one", "kubernetes: {cpuRequestMilli: -5, nodePools: [{instanceTypes: [m6i.large], nodes: 1}]}\n", []string{
			"kubernetes.cpuRequestMilli (4 deployments: a, b, c and f): must be at least 1 (got -5)",
			"kubernetes.cpuRequestMilli (deployment e): must be at least 1 (got -7)",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := platformtest.Parse(fleet + tc.section)
			if err == nil {
				t.Fatal("no error")
			}
			var got []string
			for _, l := range strings.Split(err.Error(), "\n") {
				if l = strings.TrimSpace(l); strings.Contains(l, "timeout") || strings.Contains(l, "cpuRequestMilli") {
					got = append(got, l)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
