package summary

import (
	"time"

	"github.com/execsim/execsim/models/workload"
)

// Pattern says how an arrival process repeats, which decides what a
// monthly projection of a short run assumes.
type Pattern uint8

const (
	// Steady: a constant rate; any stretch of the run stands for any other.
	Steady Pattern = iota
	// Periodic: the rate repeats every Period (a day, a week, a burst
	// interval, a diurnal period).
	Periodic
	// OneOff: the rate changes once in the run and does not repeat (a
	// spike, a profile without repeat, a replayed trace).
	OneOff
)

// Repeats is how an arrival process repeats: Steady with 0; Periodic with the
// length of one cycle on the run's clock (a compressed calendar's day is
// shorter); OneOff with the length of the pattern when it has one (a
// trace's span, a profile's last point), else 0.
func Repeats(a workload.Arrivals) (Pattern, time.Duration) {
	compress := func(d time.Duration) time.Duration {
		if a.Compress > 0 {
			return time.Duration(float64(d) / a.Compress)
		}
		return d
	}
	calendar := func(days workload.Days) time.Duration {
		if days != 0 && days&workload.EveryDay != workload.EveryDay {
			return compress(7 * 24 * time.Hour)
		}
		return compress(24 * time.Hour)
	}
	if a.Hours != nil {
		return Periodic, calendar(a.Hours.Days)
	}
	switch a.Process {
	case workload.Poisson, workload.Even:
		return Steady, 0
	case workload.Profile:
		switch a.Repeat {
		case workload.Daily:
			return Periodic, calendar(a.Days)
		case workload.Weekly:
			return Periodic, compress(7 * 24 * time.Hour)
		}
		if n := len(a.Points); n > 0 {
			return OneOff, compress(a.Points[n-1].At)
		}
		return OneOff, 0
	case workload.Diurnal:
		p := a.Period
		if p <= 0 {
			p = 24 * time.Hour
		}
		return Periodic, compress(p)
	case workload.Spike:
		return OneOff, a.At + a.For
	case workload.Bursts:
		return Periodic, a.Every
	case workload.Counts, workload.Replay:
		return OneOff, a.Bin * time.Duration(len(a.Counts))
	}
	return Steady, 0
}
