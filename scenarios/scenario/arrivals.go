package scenario

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/scenarios/platform"
	"go.yaml.in/yaml/v3"
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
// service names the first such point and counts the rest. r is the
// furthest any run of the sweep goes on the arrivals' clock: with a swept
// duration or compress, a point past the base run's end but before a
// swept run's is used by that run (review10 M3, inputs10 #3).
func pointsPastEnd(path string, a workload.Arrivals, r reach) []string {
	a.Compress = r.compress
	idx, end := a.PointsPastEnd(r.duration)
	if len(idx) == 0 {
		return nil
	}
	runEnd := fmt.Sprintf("the run's end (%s)", r.describe(end, "the profile's"))
	first := idx[0]
	msg := fmt.Sprintf("%s.profile[%d].at: %v is at or after %s: the point has no effect (the run never uses its rate)", path, first, a.Points[first].At, runEnd)
	if more := len(idx) - 1; more > 0 {
		last := idx[len(idx)-1]
		msg = fmt.Sprintf("%s.profile[%d].at: %v is at or after %s, and so %s %d later %s, to profile[%d] at %v: they have no effect (the run never uses their rates)",
			path, first, a.Points[first].At, runEnd, format.Plural(more, "is", "are"), more, format.Plural(more, "point", "points"), last, a.Points[last].At)
	}
	return []string{msg}
}

// reach is how far the furthest run of a service's arrivals goes: the
// longest duration the scenario runs and the largest compress the
// service's arrivals run with, each its own or a swept value's.
type reach struct {
	duration      time.Duration
	compress      float64 // 0: unset
	durationSwept bool
	compressSwept bool
}

// reachOf is the reach of the arrivals a of the service at path (its
// arrivals' path, "workload.arrivals").
func reachOf(plan *Plan, path string, a workload.Arrivals) reach {
	r := reach{compress: a.Compress}
	r.duration, r.durationSwept = longestDuration(plan)
	for _, v := range sweptValues(plan, path+".compress") {
		var c float64
		if yaml.Unmarshal([]byte(v), &c) == nil && c > 0 && !math.IsInf(c, 0) && pace(c) > pace(r.compress) {
			r.compress, r.compressSwept = c, true
		}
	}
	return r
}

// pace is how fast a compress: runs the arrivals' clock: unset (0) is 1.
// A swept value was taken only above max(the written one, 1), so below a
// written 0.5 a swept 1 was not taken and a spike it reaches refused.
func pace(compress float64) float64 {
	if compress > 0 {
		return compress
	}
	return 1
}

// end is where the run ends on a's own clock (compress:), the clock a
// spike's at: and a profile's points are on (hours: is only for processes
// without a calendar of their own). The model maps run
// time to that clock only inside; PointsPastEnd returns its end, and a
// profile of one point at 0s has no point past it.
func (r reach) end(a workload.Arrivals) time.Duration {
	if r.duration <= 0 {
		return r.duration // refused on its own
	}
	a.Process, a.Points, a.Compress = workload.Profile, []workload.Point{{}}, r.compress
	_, end := a.PointsPastEnd(r.duration)
	return end
}

// spikeEnd says where the run ends for a spike's message: its duration,
// and more when a sweep or the arrivals' clock moves it.
func (r reach) spikeEnd(a workload.Arrivals) string {
	end := r.end(a)
	if end == r.duration && !r.durationSwept {
		return r.duration.String()
	}
	return r.describe(end, "the arrivals'")
}

// describe says where the run ends: "duration: 1h0m0s", with ", the
// longest the sweep runs" when swept, and the end on clock's own clock
// when it differs ("which is 24h0m0s on the profile's clock with
// compress: 24").
func (r reach) describe(end time.Duration, clock string) string {
	s := fmt.Sprintf("duration: %v", r.duration)
	if r.durationSwept {
		s += ", the longest the sweep runs"
	}
	if end == r.duration {
		return s
	}
	s = fmt.Sprintf("%s, which is %v on %s clock with compress: %g", s, end, clock, r.compress)
	if r.compressSwept {
		s += ", the largest the sweep runs"
	}
	return s
}

// sweptProfiles warns of the points past the run's end of each profile
// the sweep runs for the service at path (its arrivals' path): a swept
// profile (sweep: {workload.arrivals.profile: [[…], […]]}) or a swept
// point of it (workload.arrivals.profile[2].at: [1h, 5h]). Each value is
// laid on the written profile as the sweep's point lays it; a value that
// gives the written profile again, or that the point's own compile
// refuses, says nothing here.
func sweptProfiles(plan *Plan, path string, written ArrivalsFile, base workload.Arrivals, r reach) []string {
	var out []string
	for _, ax := range plan.Axes {
		rel, ok := strings.CutPrefix(ax.Path, path+".")
		if !ok || rel != "profile" && !strings.HasPrefix(rel, "profile[") {
			continue
		}
		for _, v := range ax.Values {
			pts, err := overProfile(written.Profile, rel, v)
			if err != nil {
				continue
			}
			f := written
			f.Profile = pts
			a, err := compileArrivals(f)
			if err != nil || a.Validate() != nil || slices.Equal(a.Points, base.Points) {
				continue
			}
			out = append(out, pointsPastEnd(fmt.Sprintf("sweep.%s value %s: %s", ax.Path, v, path), a, r)...)
		}
	}
	return out
}

// spikeMissed warns when a spike that the sweep's furthest run reaches
// is after the end of some of its points' runs (a swept duration: or
// compress:): those points ran without it, silently, and their results
// read as the spike's effect when set beside the others'. A warning, not
// an error: sweeping how long a run lasts past a spike is a fair
// question, but the reader must know which points never saw it. The
// warning names the values, how many points run them and the first of
// those points, without building every point (a sweep may have 100,000,
// and each point's plan compiles this again).
func spikeMissed(plan *Plan, path string, a workload.Arrivals) []string {
	durAt, cmpAt := -1, -1
	for i, ax := range plan.Axes {
		switch ax.Path {
		case "duration":
			durAt = i
		case path + ".compress":
			cmpAt = i
		}
	}
	if durAt < 0 && cmpAt < 0 {
		return nil
	}
	total, stride := 1, make([]int, len(plan.Axes))
	for i := len(plan.Axes) - 1; i >= 0; i-- {
		stride[i] = total
		total *= len(plan.Axes[i].Values)
	}
	// the values of an axis the sweep does not run: the written one
	values := func(at int) []string {
		if at < 0 {
			return []string{""}
		}
		return plan.Axes[at].Values
	}
	var missed []string
	points, first := 0, -1
	for i, dv := range values(durAt) {
		r := reach{duration: plan.Duration, compress: a.Compress}
		if dv != "" && (yaml.Unmarshal([]byte(dv), &r.duration) != nil || r.duration <= 0 || r.duration > MaxDuration) {
			continue // the point's own error
		}
		for j, cv := range values(cmpAt) {
			if cv != "" && (yaml.Unmarshal([]byte(cv), &r.compress) != nil || !(r.compress > 0) || math.IsInf(r.compress, 0)) {
				continue
			}
			if a.At < r.end(a) {
				continue
			}
			var which []string
			idx, n := 0, total
			if durAt >= 0 {
				which = append(which, "duration: "+dv)
				idx += i * stride[durAt]
				n /= len(plan.Axes[durAt].Values)
			}
			if cmpAt >= 0 {
				which = append(which, plan.Axes[cmpAt].Path+": "+cv)
				idx += j * stride[cmpAt]
				n /= len(plan.Axes[cmpAt].Values)
			}
			missed = append(missed, strings.Join(which, " with "))
			points += n
			if first < 0 || idx < first {
				first = idx
			}
		}
	}
	if points == 0 {
		return nil
	}
	return []string{fmt.Sprintf("%s.at: the spike at %v starts after the run ends at %d of the sweep's %d %s (%s; the first is %s): %s without it",
		path, a.At, points, total, format.Plural(total, "point", "points"), strings.Join(missed, ", "), plan.PointAt(first).Name(plan.Axes),
		format.Plural(points, "that point runs", "those points run"))}
}

// overProfile lays a sweep's value at rel ("profile", "profile[2].at")
// on the written profile, as --set lays it on the file.
func overProfile(written []PointFile, rel, value string) ([]PointFile, error) {
	type holder struct {
		Profile []PointFile `yaml:"profile"`
	}
	var m yaml.Node
	if err := m.Encode(holder{written}); err != nil {
		return nil, err
	}
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{&m}}
	if err := (Override{Path: rel, Value: value}).apply(doc); err != nil {
		return nil, err
	}
	var h holder
	if err := doc.Content[0].Decode(&h); err != nil {
		return nil, err
	}
	return h.Profile, nil
}
