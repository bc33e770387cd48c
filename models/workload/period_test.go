package workload

import (
	"testing"
	"time"
)

func TestRepeats(t *testing.T) {
	h := time.Hour
	for _, tc := range []struct {
		name    string
		a       Arrivals
		pattern Pattern
		period  time.Duration
	}{
		{"poisson", Arrivals{Process: Poisson, RatePerSecond: 5}, Steady, 0},
		{"even", Arrivals{Process: Even, RatePerSecond: 5}, Steady, 0},
		{"poisson in business hours", Arrivals{Process: Poisson, Hours: &Hours{Days: Weekdays, From: 9 * h, To: 17 * h}}, Periodic, 7 * 24 * h},
		{"poisson every day 9-17", Arrivals{Process: Poisson, Hours: &Hours{From: 9 * h, To: 17 * h}}, Periodic, 24 * h},
		{"daily profile", Arrivals{Process: Profile, Repeat: Daily, Points: []Point{{0, 1}, {12 * h, 2}}}, Periodic, 24 * h},
		{"daily profile on weekdays", Arrivals{Process: Profile, Repeat: Daily, Days: Weekdays}, Periodic, 7 * 24 * h},
		{"weekly profile compressed 7×", Arrivals{Process: Profile, Repeat: Weekly, Compress: 7}, Periodic, 24 * h},
		{"profile without repeat", Arrivals{Process: Profile, Points: []Point{{0, 1}, {2 * h, 2}}}, OneOff, 2 * h},
		{"diurnal default", Arrivals{Process: Diurnal}, Periodic, 24 * h},
		{"diurnal 6h compressed 2×", Arrivals{Process: Diurnal, Period: 6 * h, Compress: 2}, Periodic, 3 * h},
		{"spike", Arrivals{Process: Spike, At: 10 * time.Minute, For: 5 * time.Minute}, OneOff, 15 * time.Minute},
		{"bursts", Arrivals{Process: Bursts, Every: 10 * time.Minute, For: time.Minute}, Periodic, 10 * time.Minute},
		{"counts", Arrivals{Process: Counts, Bin: time.Minute, Counts: make([]int32, 90)}, OneOff, 90 * time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, d := tc.a.Repeats()
			if p != tc.pattern || d != tc.period {
				t.Errorf("Repeats() = %d, %v; want %d, %v", p, d, tc.pattern, tc.period)
			}
		})
	}
}
