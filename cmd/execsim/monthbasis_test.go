package main

import (
	"testing"

	"github.com/execsim/execsim/scenarios/platforms"
	"github.com/execsim/execsim/scenarios/scenario"
)

// tune, sweep and breakeven say on stdout what their $/month are
// projected from, as run does (audit 7: tune's and sweep's printed no
// basis; breakeven's only in its chart and breakeven.json).
func TestMonthBasisLines(t *testing.T) {
	const base = "name: b\nseed: 1\nduration: 10m\nworkload:\n  arrivals: {ratePerSecond: 5}\n  work: {io: 10ms}\nlambda: {}\n"
	plan := func(extra string) *scenario.Plan {
		p, err := scenario.Parse([]byte(base+extra), nil, platforms.Default())
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	steady := "Monthly figures are projected from a 10 min run at a steady rate: the month assumes that rate around the clock for 730 hours, with no daily or weekly swing."
	for _, tc := range []struct{ name, got, want string }{
		{"sweep", sweepMonthBasis(plan("sweep: {lambda.memoryMB: [512, 1024]}\n")), steady},
		{"sweep over durations", sweepMonthBasis(plan("sweep: {duration: [5m, 10m]}\n")),
			"Monthly figures are projected from each point's own run: × 730 h over its duration."},
		{"breakeven at a constant rate", breakevenMonthBasis(plan("")),
			"Monthly figures at each rate: that rate held for 730 h, the run's 10m0s × 4,380."},
	} {
		if tc.got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, tc.got, tc.want)
		}
	}
}
