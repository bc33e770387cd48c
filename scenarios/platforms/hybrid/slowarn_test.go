package hybrid_test

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platforms"
	"github.com/execsim/execsim/scenarios/scenario"
)

// placement.slo reads refused: 0.1% as slo: does, and warns as slo: does
// of refused: 1, almost certainly meant as 1 % (it lets every request be
// refused and still meet the placement's SLO); walk11 #6 had the warning
// for slo: only.
func TestPlacementSLORefusedWarned(t *testing.T) {
	for _, tc := range []struct {
		refused string
		warn    string
	}{
		{"1", "placement.slo.refused: 100.00 % of requests may be refused and the SLO still met; if 1 % was meant, write 0.01 or 1%"},
		{"0.1%", ""},
		{"0.01", ""},
	} {
		plan, err := scenario.Parse([]byte(`name: slowarn
seed: 3
duration: 2m
services:
  - {name: a, arrivals: {ratePerSecond: 5}, work: {cpu: "1ms"}}
  - {name: b, arrivals: {ratePerSecond: 5}, work: {cpu: "1ms"}}
kubernetes: {}
lambda: {}
placement: {slo: {p99: 1s, refused: `+tc.refused+`}}
`), nil, platforms.Default())
		if err != nil {
			t.Fatalf("refused: %s: %v", tc.refused, err)
		}
		var warned []string
		for _, w := range plan.Warnings {
			if strings.Contains(w, "placement.slo.refused") {
				warned = append(warned, w)
			}
		}
		if got := strings.Join(warned, "\n"); got != tc.warn {
			t.Errorf("refused: %s: warnings %q; want %q", tc.refused, got, tc.warn)
		}
	}
}
