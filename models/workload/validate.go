package workload

import (
	"fmt"
	"math"
	"strings"

	"github.com/execsim/execsim/models"
)

// Validate reports every problem of the workload at once, with paths such as
// "services[1].arrivals.ratePerSecond".
func (c Config) Validate() error {
	var p models.Problems
	if len(c.Services) == 0 {
		p.Add("services", nil, models.ErrRequired, "at least one service is required")
	}
	first := make(map[string]int, len(c.Services))
	streams := make(map[string]int, len(c.Services))
	type fed struct {
		feed  Feed
		index int
	}
	feeds := map[fed]int{}
	for i, s := range c.Services {
		path := fmt.Sprintf("services[%d]", i)
		p.Merge(path, s.Validate())
		if a := s.Arrivals; a.Process == Replay && a.Feed != nil {
			k := fed{a.Feed, a.FeedIndex}
			if j, dup := feeds[k]; dup {
				p.Add(path+".arrivals.feedIndex", a.FeedIndex, models.ErrInvalid, "services[%d] replays the same rows of the same feed", j)
			} else {
				feeds[k] = i
			}
		}
		if s.Name == "" {
			continue
		}
		if j, dup := first[s.Name]; dup {
			p.Add(path+".name", fmt.Sprintf("%q", s.Name), models.ErrInvalid, "duplicates services[%d].name", j)
		} else {
			first[s.Name] = i
		}
		if j, dup := streams[s.streams()]; !dup {
			streams[s.streams()] = i
		} else if c.Services[j].Name != s.Name { // a duplicate name is reported above
			p.Add(path+".streams", fmt.Sprintf("%q", s.streams()), models.ErrInvalid, "draws from the same random streams as services[%d]", j)
		}
	}
	return p.Err()
}

// Validate reports every problem of the service, with paths relative to it
// ("name", "arrivals.ratePerSecond").
func (s Service) Validate() error {
	var p models.Problems
	if s.Name == "" {
		p.Add("name", nil, models.ErrRequired, "is required")
	}
	nonNegative(&p, "payloadKB", s.PayloadKB)
	if !(s.CPUFraction >= 0 && s.CPUFraction <= 1) {
		p.Add("cpuFraction", s.CPUFraction, models.ErrRange, "must be between 0 and 1")
	}
	if s.Duration != nil && (s.CPU != nil || s.IO != nil) {
		p.Add("duration", s.Duration, models.ErrInvalid, "give either duration (split by cpuFraction) or cpu and io, not both")
	}
	p.Merge("arrivals", s.Arrivals.Validate())
	return p.Err()
}

// Validate reports every problem of the arrival process, with paths relative
// to it ("ratePerSecond", "points[2].at").
func (a Arrivals) Validate() error {
	var p models.Problems
	if !spacings.Valid(a.Spacing) {
		p.Merge("", unknown(spacings, a.Spacing))
	}
	if !processes.Valid(a.Process) {
		p.Merge("", unknown(processes, a.Process))
		return p.Err()
	}
	a.unused(&p)
	switch a.Process {
	case Poisson, Even:
		positive(&p, "ratePerSecond", a.RatePerSecond)
	case Profile:
		a.validateProfile(&p)
	case Diurnal:
		positive(&p, "meanRatePerSecond", a.MeanRatePerSecond)
		if !(a.Amplitude >= 0 && a.Amplitude <= 1) {
			p.Add("amplitude", a.Amplitude, models.ErrRange, "must be between 0 and 1")
		}
		period := a.Period
		models.NotNegative(&p, "period", period)
		if period <= 0 {
			period = day
		}
		if a.PeakAt < 0 || a.PeakAt >= period {
			p.Add("peakAt", a.PeakAt, models.ErrRange, "must be within [0s, %v)", period)
		}
	case Spike:
		nonNegative(&p, "ratePerSecond", a.RatePerSecond)
		nonNegative(&p, "spikeRatePerSecond", a.SpikeRatePerSecond)
		nonNegative(&p, "multiplier", a.Multiplier)
		switch {
		case a.SpikeRatePerSecond != 0 && a.Multiplier != 0:
			p.Add("multiplier", a.Multiplier, models.ErrInvalid, "set either spikeRatePerSecond or multiplier, not both")
		case a.SpikeRatePerSecond == 0 && a.Multiplier == 0:
			p.Add("spikeRatePerSecond", nil, models.ErrRequired, "spikeRatePerSecond or multiplier is required")
		case a.Multiplier != 0 && a.RatePerSecond == 0:
			p.Add("ratePerSecond", nil, models.ErrRequired, "must be positive when multiplier is set")
		}
		models.NotNegative(&p, "at", a.At)
		models.Positive(&p, "for", a.For)
	case Bursts:
		nonNegative(&p, "ratePerSecond", a.RatePerSecond)
		positive(&p, "burstRatePerSecond", a.BurstRatePerSecond)
		models.Positive(&p, "every", a.Every)
		models.Positive(&p, "for", a.For)
		if a.For > a.Every && a.Every > 0 {
			p.Add("for", a.For, models.ErrRange, "must not exceed every (%v): one burst per interval", a.Every)
		}
	case Counts, Replay:
		a.validateBins(&p)
	}
	a.validateClock(&p)
	return p.Err()
}

// MaxCompress bounds Arrivals.Compress.
const MaxCompress = 1e6

// validateClock checks Hours and Compress.
func (a Arrivals) validateClock(p *models.Problems) {
	if a.Compress != 0 && !(a.Compress > 0 && a.Compress <= MaxCompress) {
		p.Add("compress", a.Compress, models.ErrRange, "must be positive and at most %g", MaxCompress)
	}
	h := a.Hours
	if h == nil {
		return
	}
	if !usedBy(a.Process, []Process{Poisson, Even, Bursts}) {
		p.Add("hours", nil, models.ErrInvalid, "only for processes without a calendar of their own (poisson, even, bursts), not %v", a.Process)
	}
	if h.Days&^EveryDay != 0 {
		p.Add("hours.days", fmt.Sprintf("%#x", uint8(h.Days)), models.ErrInvalid, "must be a set of days Mon..Sun")
	}
	switch {
	case h.From < 0 || h.From >= day:
		p.Add("hours.from", h.From, models.ErrRange, "must be within [0s, 24h)")
	case h.To <= h.From || h.To > day:
		p.Add("hours.to", h.To, models.ErrRange, "must be after hours.from (%v) and at most 24h", h.From)
	}
}

// validateBins checks a Counts or Replay process.
func (a Arrivals) validateBins(p *models.Problems) {
	models.Positive(p, "bin", a.Bin)
	if len(a.Counts) == 0 {
		p.Add("counts", nil, models.ErrRequired, "at least one bin is required")
	}
	for i, c := range a.Counts {
		if c < 0 {
			p.Add(fmt.Sprintf("counts[%d]", i), c, models.ErrRange, "must not be negative")
			break
		}
	}
	positive(p, "scale", a.Scale)
	if !placements.Valid(a.Placement) {
		p.Merge("", unknown(placements, a.Placement))
	}
	if a.Process == Replay {
		if a.Feed == nil {
			p.Add("feed", nil, models.ErrRequired, "a replay needs the feed its rows come from")
		}
		models.NotNegative(p, "feedIndex", a.FeedIndex)
	}
}

func (a Arrivals) validateProfile(p *models.Problems) {
	if !interps.Valid(a.Interp) {
		p.Merge("", unknown(interps, a.Interp))
	}
	if !repeats.Valid(a.Repeat) {
		p.Merge("", unknown(repeats, a.Repeat))
	}
	if a.Days&^EveryDay != 0 {
		p.Add("days", fmt.Sprintf("%#x", uint8(a.Days)), models.ErrInvalid, "must be a set of days Mon..Sun")
	} else if a.Days != 0 && a.Repeat != Daily {
		p.Add("days", a.Days, models.ErrInvalid, "only used with repeat daily (repeat is %v)", a.Repeat)
	}
	if len(a.Points) == 0 {
		p.Add("points", nil, models.ErrRequired, "at least one point is required")
	}
	period := a.Repeat.period()
	for i, pt := range a.Points {
		path := fmt.Sprintf("points[%d]", i)
		switch {
		case pt.At < 0:
			p.Add(path+".at", pt.At, models.ErrRange, "must not be negative")
		case period > 0 && pt.At >= period:
			p.Add(path+".at", pt.At, models.ErrRange, "must be less than %v with repeat %v", period, a.Repeat)
		case i > 0 && pt.At < a.Points[i-1].At:
			p.Add(path+".at", pt.At, models.ErrInvalid, "must not be before points[%d].at (%v): points are sorted by at", i-1, a.Points[i-1].At)
		}
		nonNegative(p, path+".ratePerSecond", pt.RatePerSecond)
	}
}

// unused reports fields set that the chosen process ignores: most likely a
// mistake in the scenario.
func (a Arrivals) unused(p *models.Problems) {
	fields := []struct {
		path string
		set  bool
		by   []Process
	}{
		{"ratePerSecond", a.RatePerSecond != 0, []Process{Poisson, Even, Spike, Bursts}},
		{"points", len(a.Points) > 0, []Process{Profile}},
		{"interp", a.Interp != Step, []Process{Profile}},
		{"repeat", a.Repeat != NoRepeat, []Process{Profile}},
		{"days", a.Days != 0, []Process{Profile}},
		{"meanRatePerSecond", a.MeanRatePerSecond != 0, []Process{Diurnal}},
		{"amplitude", a.Amplitude != 0, []Process{Diurnal}},
		{"period", a.Period != 0, []Process{Diurnal}},
		{"peakAt", a.PeakAt != 0, []Process{Diurnal}},
		{"spikeRatePerSecond", a.SpikeRatePerSecond != 0, []Process{Spike}},
		{"multiplier", a.Multiplier != 0, []Process{Spike}},
		{"at", a.At != 0, []Process{Spike}},
		{"for", a.For != 0, []Process{Spike, Bursts}},
		{"burstRatePerSecond", a.BurstRatePerSecond != 0, []Process{Bursts}},
		{"every", a.Every != 0, []Process{Bursts}},
		{"burstSeed", a.BurstSeed != 0, []Process{Bursts}},
		{"bin", a.Bin != 0, []Process{Counts, Replay}},
		{"counts", len(a.Counts) > 0, []Process{Counts, Replay}},
		{"placement", a.Placement != Uniform, []Process{Counts}},
		{"scale", a.Scale != 0, []Process{Counts, Replay}},
		{"feed", a.Feed != nil, []Process{Replay}},
		{"feedIndex", a.FeedIndex != 0, []Process{Replay}},
	}
	for _, f := range fields {
		if !f.set || usedBy(a.Process, f.by) {
			continue
		}
		names := make([]string, len(f.by))
		for i, q := range f.by {
			names[i] = q.String()
		}
		p.Add(f.path, nil, models.ErrInvalid, "not used by process %v (only by %s)", a.Process, join(names))
	}
}

func usedBy(p Process, by []Process) bool {
	for _, q := range by {
		if p == q {
			return true
		}
	}
	return false
}

// positive checks a rate that must be a finite number > 0.
func positive(p *models.Problems, path string, v float64) {
	switch {
	case !finite(v):
		p.Add(path, v, models.ErrRange, "must be a finite number")
	case v <= 0:
		p.Add(path, v, models.ErrRange, "must be positive")
	}
}

// nonNegative checks a quantity that must be a finite number ≥ 0.
func nonNegative(p *models.Problems, path string, v float64) {
	switch {
	case !finite(v):
		p.Add(path, v, models.ErrRange, "must be a finite number")
	case v < 0:
		p.Add(path, v, models.ErrRange, "must not be negative")
	}
}

// finite reports whether x is neither NaN nor infinite.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func join(names []string) string { return strings.Join(names, ", ") }
