package scenario_test

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
)

// A diurnal period of 0s ran as 24h while validate printed 0s (hostile
// #14): written, it is refused; left out, the plan prints the day that
// runs, which reads back.
func TestDiurnalPeriod(t *testing.T) {
	const head = "name: d\nduration: 1h\nlambda: {}\nworkload:\n  work: {io: 10ms}\n  arrivals: {process: diurnal, meanRatePerSecond: 5, amplitude: 0.5"
	for _, tc := range []struct{ name, period, err, describe string }{
		{"written 0", ", period: 0s", "workload.arrivals.period: must be positive (leave it out for a day, 24h) (got 0s)", ""},
		{"left out", "", "", "period: 24h0m0s\n"},
		{"written", ", period: 1h", "", "period: 1h0m0s\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan, err := platformtest.Parse(head + tc.period + "}\n")
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v; want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := plan.Describe()
			if !strings.Contains(got, tc.describe) {
				t.Errorf("plan lacks %q:\n%s", tc.describe, got)
			}
		})
	}
}
