package summary_test

import (
	"testing"
	"time"

	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/scenarios/summary"
)

func TestRepeats(t *testing.T) {
	h := time.Hour
	for _, tc := range []struct {
		name    string
		a       workload.Arrivals
		pattern summary.Pattern
		period  time.Duration
	}{
		{"poisson", workload.Arrivals{Process: workload.Poisson, RatePerSecond: 5}, summary.Steady, 0},
		{"even", workload.Arrivals{Process: workload.Even, RatePerSecond: 5}, summary.Steady, 0},
		{"poisson in business hours", workload.Arrivals{Process: workload.Poisson, Hours: &workload.Hours{Days: workload.Weekdays, From: 9 * h, To: 17 * h}}, summary.Periodic, 7 * 24 * h},
		{"poisson every day 9-17", workload.Arrivals{Process: workload.Poisson, Hours: &workload.Hours{From: 9 * h, To: 17 * h}}, summary.Periodic, 24 * h},
		{"daily profile", workload.Arrivals{Process: workload.Profile, Repeat: workload.Daily, Points: []workload.Point{{At: 0, RatePerSecond: 1}, {At: 12 * h, RatePerSecond: 2}}}, summary.Periodic, 24 * h},
		{"daily profile on weekdays", workload.Arrivals{Process: workload.Profile, Repeat: workload.Daily, Days: workload.Weekdays}, summary.Periodic, 7 * 24 * h},
		{"weekly profile compressed 7×", workload.Arrivals{Process: workload.Profile, Repeat: workload.Weekly, Compress: 7}, summary.Periodic, 24 * h},
		{"profile without repeat", workload.Arrivals{Process: workload.Profile, Points: []workload.Point{{At: 0, RatePerSecond: 1}, {At: 2 * h, RatePerSecond: 2}}}, summary.OneOff, 2 * h},
		{"diurnal default", workload.Arrivals{Process: workload.Diurnal}, summary.Periodic, 24 * h},
		{"diurnal 6h compressed 2×", workload.Arrivals{Process: workload.Diurnal, Period: 6 * h, Compress: 2}, summary.Periodic, 3 * h},
		{"spike", workload.Arrivals{Process: workload.Spike, At: 10 * time.Minute, For: 5 * time.Minute}, summary.OneOff, 15 * time.Minute},
		{"bursts", workload.Arrivals{Process: workload.Bursts, Every: 10 * time.Minute, For: time.Minute}, summary.Periodic, 10 * time.Minute},
		{"counts", workload.Arrivals{Process: workload.Counts, Bin: time.Minute, Counts: make([]int32, 90)}, summary.OneOff, 90 * time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, d := summary.Repeats(tc.a)
			if p != tc.pattern || d != tc.period {
				t.Errorf("Repeats() = %d, %v; want %d, %v", p, d, tc.pattern, tc.period)
			}
		})
	}
}
