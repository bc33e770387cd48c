package scenario

import (
	"errors"
	"fmt"
	"time"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/scenarios/platform"
)

// autoWindow picks a round window length giving about windowsPerRun windows.
func autoWindow(d time.Duration) time.Duration {
	steps := []time.Duration{time.Second, 5 * time.Second, 10 * time.Second, 15 * time.Second,
		30 * time.Second, time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute,
		30 * time.Minute, time.Hour, 6 * time.Hour, 24 * time.Hour}
	for _, s := range steps {
		if d/s <= windowsPerRun {
			return s
		}
	}
	return steps[len(steps)-1]
}

// checkCompress refuses a compression that would run the calendar past
// workload.MaxCalendar within the run.
func checkCompress(p *models.Problems, path string, c float64, d time.Duration) {
	if c > 0 && float64(d)*c > float64(workload.MaxCalendar) {
		p.Add(path, c, models.ErrRange, "compress × duration (%v) must be at most %.0f years of calendar", d, workload.MaxCalendar.Hours()/24/365)
	}
}

func compileArrivals(a ArrivalsFile) (workload.Arrivals, error) {
	var p models.Problems
	var out workload.Arrivals
	enum := func(path, s string, parse func(string) error) {
		if s == "" {
			return
		}
		if err := parse(s); err != nil {
			var fe *models.FieldError
			if errors.As(err, &fe) {
				p.Add(path, fe.Value, models.ErrInvalid, "%s", fe.Msg)
			} else {
				p.Add(path, nil, models.ErrInvalid, "%v", err)
			}
		}
	}
	enum("process", a.Process, func(s string) (err error) { out.Process, err = workload.ParseProcess(s); return })
	if out.Process == workload.Counts || out.Process == workload.Replay {
		p.Add("process", a.Process, models.ErrInvalid, "is a trace's: replay a trace with fleet: {trace: {…}} (allowed here: poisson, even, profile, diurnal, spike)")
	}
	enum("spacing", a.Spacing, func(s string) (err error) { out.Spacing, err = workload.ParseSpacing(s); return })
	enum("interpolation", a.Interpolation, func(s string) (err error) { out.Interp, err = workload.ParseInterp(s); return })
	enum("repeat", a.Repeat, func(s string) (err error) { out.Repeat, err = workload.ParseRepeat(s); return })
	enum("days", a.Days, func(s string) (err error) { out.Days, err = workload.ParseDays(s); return })
	if a.Process == "" && len(a.Profile) > 0 {
		out.Process = workload.Profile
	}
	out.RatePerSecond = platform.Deref(a.RatePerSecond)
	out.MeanRatePerSecond = platform.Deref(a.MeanRatePerSecond)
	out.Amplitude = platform.Deref(a.Amplitude)
	out.SpikeRatePerSecond = platform.Deref(a.SpikeRatePerSecond)
	out.Multiplier = platform.Deref(a.Multiplier)
	out.Period = platform.Deref(a.Period)
	out.PeakAt, out.At, out.For = a.PeakAt, a.At, a.For
	if a.Period != nil && *a.Period == 0 {
		// the model reads 0 as unset (a day), so a written 0s ran as 24h
		// while it was printed as 0s (hostile #14): a day is written by
		// leaving the key out
		p.Add("period", *a.Period, models.ErrRange, "must be positive (leave it out for a day, 24h)")
	}
	out.BurstRatePerSecond = platform.Deref(a.BurstRatePerSecond)
	out.Every, out.BurstSeed = a.Every, a.BurstSeed
	out.Compress = platform.Deref(a.Compress)
	if a.Compress != nil && *a.Compress == 0 {
		// 0 would mean unset; Validate reports every other bad value
		p.Add("compress", *a.Compress, models.ErrRange, "must be positive and at most %g", workload.MaxCompress)
	}
	if h := a.Hours; h != nil {
		out.Hours = &workload.Hours{From: h.From, To: h.To}
		enum("hours.days", h.Days, func(s string) (err error) { out.Hours.Days, err = workload.ParseDays(s); return })
	}
	for i, pt := range a.Profile {
		if pt.RatePerSecond == nil {
			p.Add(fmt.Sprintf("profile[%d].ratePerSecond", i), nil, models.ErrRequired, "each point needs a rate (write 0 for none)")
		}
		out.Points = append(out.Points, workload.Point{At: pt.At, RatePerSecond: platform.Deref(pt.RatePerSecond)})
	}
	return out, p.Err()
}

// pointsPastEnd warns of the profile points at or after the run's end
// that the run never uses (workload.Arrivals.PointsPastEnd): a profile
// written for a day and run for an hour was accepted without a word, its
// later points silently dropped. They are not refused: a profile may be
// kept whole while the duration is shortened to try it. One warning per
// service names the first such point and counts the rest. d is the
// longest run of the scenario: with a swept duration, a point past the
// base duration but before the longest swept one is used by that run
// (review10 M3), so swept says d is the sweep's longest.
func pointsPastEnd(path string, a workload.Arrivals, d time.Duration, swept bool) []string {
	idx, end := a.PointsPastEnd(d)
	if len(idx) == 0 {
		return nil
	}
	run := fmt.Sprintf("duration: %v", d)
	if swept {
		run = fmt.Sprintf("duration: %v, the longest the sweep runs", d)
	}
	runEnd := fmt.Sprintf("the run's end (%s)", run)
	if end != d {
		runEnd = fmt.Sprintf("the run's end (%s, which is %v on the profile's clock with compress: %g)", run, end, a.Compress)
	}
	first := idx[0]
	msg := fmt.Sprintf("%s.profile[%d].at: %v is at or after %s: the point has no effect (the run never uses its rate)", path, first, a.Points[first].At, runEnd)
	if more := len(idx) - 1; more > 0 {
		last := idx[len(idx)-1]
		msg = fmt.Sprintf("%s.profile[%d].at: %v is at or after %s, and so %s %d later %s, to profile[%d] at %v: they have no effect (the run never uses their rates)",
			path, first, a.Points[first].At, runEnd, format.Plural(more, "is", "are"), more, format.Plural(more, "point", "points"), last, a.Points[last].At)
	}
	return []string{msg}
}
