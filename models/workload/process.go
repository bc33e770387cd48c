package workload

import (
	"fmt"
	"strings"
	"time"

	"github.com/execsim/execsim/models"
)

// Process is the shape of an arrival rate over time.
type Process uint8

const (
	// Poisson: constant RatePerSecond, exponential inter-arrival times.
	Poisson Process = iota
	// Even: constant RatePerSecond, arrivals exactly 1/RatePerSecond apart
	// from time zero.
	Even
	// Profile: a piecewise rate through Points (Interp, Repeat, Days).
	Profile
	// Diurnal: MeanRatePerSecond×(1 + Amplitude×cos(2π(t−PeakAt)/Period)).
	Diurnal
	// Spike: RatePerSecond, plus SpikeRatePerSecond (or times Multiplier)
	// during [At, At+For).
	Spike
)

var processNames = []string{"poisson", "even", "profile", "diurnal", "spike"}

// ParseProcess maps a lower-case name to a Process.
func ParseProcess(s string) (Process, error) {
	i, err := parseEnum("process", processNames, s)
	return Process(i), err
}

func (p Process) String() string { return enumString("Process", processNames, int(p)) }

// MarshalText implements encoding.TextMarshaler.
func (p Process) MarshalText() ([]byte, error) { return marshalEnum("process", processNames, int(p)) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (p *Process) UnmarshalText(b []byte) error {
	v, err := ParseProcess(string(b))
	if err == nil {
		*p = v
	}
	return err
}

// Interp is how a Profile's rate goes from one point to the next.
type Interp uint8

const (
	// Step holds a point's rate until the next point.
	Step Interp = iota
	// Linear interpolates linearly between consecutive points.
	Linear
)

var interpNames = []string{"step", "linear"}

// ParseInterp maps a lower-case name to an Interp.
func ParseInterp(s string) (Interp, error) {
	i, err := parseEnum("interp", interpNames, s)
	return Interp(i), err
}

func (i Interp) String() string { return enumString("Interp", interpNames, int(i)) }

// MarshalText implements encoding.TextMarshaler.
func (i Interp) MarshalText() ([]byte, error) { return marshalEnum("interp", interpNames, int(i)) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (i *Interp) UnmarshalText(b []byte) error {
	v, err := ParseInterp(string(b))
	if err == nil {
		*i = v
	}
	return err
}

// Repeat is whether a Profile's points repeat.
type Repeat uint8

const (
	// NoRepeat ("none"): the points span the whole run; the first point's
	// rate holds before it and the last point's rate after it.
	NoRepeat Repeat = iota
	// Daily: the points lie in [0, 24h) and repeat every day, on the days
	// in Days.
	Daily
	// Weekly: the points lie in [0, 168h), from Monday 00:00, and repeat
	// every week.
	Weekly
)

var repeatNames = []string{"none", "daily", "weekly"}

// ParseRepeat maps a lower-case name to a Repeat.
func ParseRepeat(s string) (Repeat, error) {
	i, err := parseEnum("repeat", repeatNames, s)
	return Repeat(i), err
}

func (r Repeat) String() string { return enumString("Repeat", repeatNames, int(r)) }

// MarshalText implements encoding.TextMarshaler.
func (r Repeat) MarshalText() ([]byte, error) { return marshalEnum("repeat", repeatNames, int(r)) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (r *Repeat) UnmarshalText(b []byte) error {
	v, err := ParseRepeat(string(b))
	if err == nil {
		*r = v
	}
	return err
}

// period is the length of one repetition, or 0 without repetition.
func (r Repeat) period() time.Duration {
	switch r {
	case Daily:
		return day
	case Weekly:
		return week
	}
	return 0
}

const (
	day  = 24 * time.Hour
	week = 7 * day
)

// Spacing is how arrivals are placed for a given rate.
type Spacing uint8

const (
	// Random: a (non-homogeneous) Poisson process; the default.
	Random Spacing = iota
	// Regular: deterministic; the n-th arrival (n = 0, 1, …) is the first
	// instant at which the expected count exceeds n, so the count in any
	// window is within one of its expectation. Process Even is Poisson with
	// Regular spacing.
	Regular
)

var spacingNames = []string{"random", "regular"}

// ParseSpacing maps a lower-case name to a Spacing.
func ParseSpacing(s string) (Spacing, error) {
	i, err := parseEnum("spacing", spacingNames, s)
	return Spacing(i), err
}

func (s Spacing) String() string { return enumString("Spacing", spacingNames, int(s)) }

// MarshalText implements encoding.TextMarshaler.
func (s Spacing) MarshalText() ([]byte, error) { return marshalEnum("spacing", spacingNames, int(s)) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Spacing) UnmarshalText(b []byte) error {
	v, err := ParseSpacing(string(b))
	if err == nil {
		*s = v
	}
	return err
}

// Point is one corner of a Profile: from At on, the rate is RatePerSecond
// (held until the next point with Step, interpolated towards it with Linear).
type Point struct {
	At            time.Duration // since the start of the run, or of the day/week when repeating
	RatePerSecond float64
}

// Arrivals describes one service's arrival process. Only the fields of the
// chosen Process are used; Validate reports fields set for another process.
type Arrivals struct {
	Process Process
	// Spacing is Random (Poisson arrivals, default) or Regular.
	Spacing Spacing

	// RatePerSecond is the Poisson or Even rate, or the Spike base rate.
	RatePerSecond float64

	// Profile: Points sorted by At (equal At allowed: with Linear, a jump).
	Points []Point
	Interp Interp
	Repeat Repeat
	// Days, with Repeat Daily, are the active days; on other days the rate
	// is 0. Day 0 of the run is a Monday. Zero means every day.
	Days Days

	// Diurnal: the rate swings by ±Amplitude×MeanRatePerSecond around the
	// mean, peaking at PeakAt (an offset in [0, Period)) every Period
	// (default 24h).
	MeanRatePerSecond float64
	Amplitude         float64
	Period            time.Duration
	PeakAt            time.Duration

	// Spike: during [At, At+For) the rate is RatePerSecond+SpikeRatePerSecond,
	// or RatePerSecond×Multiplier when Multiplier is set (exactly one of the
	// two is).
	SpikeRatePerSecond float64
	Multiplier         float64
	At                 time.Duration
	For                time.Duration
}

// Rate is the instantaneous arrival intensity at t since the start of the run,
// in requests per second; 0 before time zero.
func (a Arrivals) Rate(t time.Duration) float64 {
	if t < 0 {
		return 0
	}
	switch a.Process {
	case Poisson, Even:
		return a.RatePerSecond
	case Profile:
		return a.profileRate(t)
	case Diurnal:
		return a.sinusoid().rate(t)
	case Spike:
		if t >= a.At && t-a.At < a.For {
			return a.burstRate()
		}
		return a.RatePerSecond
	}
	return 0
}

// Expected is the expected number of arrivals in [from, to): the exact
// integral of Rate. It is 0 when to ≤ from; times before zero count as zero
// rate.
func (a Arrivals) Expected(from, to time.Duration) float64 {
	from, to = max(from, 0), max(to, 0)
	if to <= from {
		return 0
	}
	switch a.Process {
	case Poisson, Even:
		return a.RatePerSecond * (to - from).Seconds()
	case Profile:
		return a.profileCumulative(to) - a.profileCumulative(from)
	case Diurnal:
		return a.sinusoid().integral(from, to)
	case Spike:
		burst := min(to, a.At+a.For) - max(from, a.At)
		n := a.RatePerSecond * (to - from).Seconds()
		if burst > 0 {
			n += (a.burstRate() - a.RatePerSecond) * burst.Seconds()
		}
		return n
	}
	return 0
}

// Scaled returns a copy with every rate multiplied by f (f ≥ 0), for sweeps
// over the load level: Expected scales by f exactly. A Spike's Multiplier is a
// ratio and stays; Points are copied.
func (a Arrivals) Scaled(f float64) Arrivals {
	a.RatePerSecond *= f
	a.MeanRatePerSecond *= f
	a.SpikeRatePerSecond *= f
	if a.Points != nil {
		pts := make([]Point, len(a.Points))
		for i, p := range a.Points {
			pts[i] = Point{At: p.At, RatePerSecond: p.RatePerSecond * f}
		}
		a.Points = pts
	}
	return a
}

// burstRate is a Spike's total rate during the burst.
func (a Arrivals) burstRate() float64 {
	if a.Multiplier != 0 {
		return a.RatePerSecond * a.Multiplier
	}
	return a.RatePerSecond + a.SpikeRatePerSecond
}

// segments returns the piecewise-linear form of a Poisson, Even or Spike
// process on [0, ∞); the last segment is open-ended.
func (a Arrivals) segments() []segment {
	if a.Process != Spike {
		return []segment{{start: 0, end: forever, rate0: a.RatePerSecond}}
	}
	segs := make([]segment, 0, 3)
	if a.At > 0 {
		segs = append(segs, segment{start: 0, end: a.At, rate0: a.RatePerSecond})
	}
	end := forever
	if a.For < forever-a.At {
		end = a.At + a.For
	}
	segs = append(segs, segment{start: a.At, end: end, rate0: a.burstRate()})
	if end != forever {
		segs = append(segs, segment{start: end, end: forever, rate0: a.RatePerSecond})
	}
	return segs
}

// Days is a set of weekdays, Monday first; day 0 of a run is a Monday. The
// zero value means every day.
type Days uint8

// The days of the week, and the usual sets of them.
const (
	Mon Days = 1 << iota
	Tue
	Wed
	Thu
	Fri
	Sat
	Sun

	Weekdays = Mon | Tue | Wed | Thu | Fri
	Weekend  = Sat | Sun
	EveryDay = Weekdays | Weekend
)

var dayNames = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// ParseDays parses a comma-separated list of day names and ranges, such as
// "mon-fri", "sat,sun" or "mon,wed-fri"; also "weekdays", "weekend" and
// "everyday".
func ParseDays(s string) (Days, error) {
	switch s {
	case "weekdays":
		return Weekdays, nil
	case "weekend":
		return Weekend, nil
	case "everyday":
		return EveryDay, nil
	}
	bad := func() (Days, error) {
		return 0, models.Fieldf("days", fmt.Sprintf("%q", s), models.ErrInvalid,
			"must be a list of days or ranges such as mon-fri or sat,sun (days: %s)", join(dayNames))
	}
	if s == "" {
		return bad()
	}
	var d Days
	for part := range strings.SplitSeq(s, ",") {
		lo, hi, isRange := strings.Cut(strings.TrimSpace(part), "-")
		i, j := dayIndex(lo), dayIndex(hi)
		if !isRange {
			j = i
		}
		if i < 0 || j < i {
			return bad()
		}
		for k := i; k <= j; k++ {
			d |= 1 << k
		}
	}
	return d, nil
}

func dayIndex(s string) int {
	for i, n := range dayNames {
		if s == n {
			return i
		}
	}
	return -1
}

// Has reports whether day n of the run (0 is a Monday) is in the set.
func (d Days) Has(n int64) bool {
	return d == 0 || d&(1<<(n%7)) != 0
}

// count is the number of days in the set among days [0, n) of the run.
func (d Days) count(n int64) int64 {
	if d == 0 {
		return n
	}
	per := int64(popcount(d & EveryDay))
	return n/7*per + int64(popcount(d&(1<<(n%7)-1)))
}

func popcount(d Days) int {
	n := 0
	for ; d != 0; d &= d - 1 {
		n++
	}
	return n
}

// String prints the set canonically, with ranges: "mon-fri", "mon,wed,sat-sun".
// The zero value prints as "mon-sun".
func (d Days) String() string {
	if d == 0 {
		d = EveryDay
	}
	var parts []string
	for i := 0; i < 7; {
		if d&(1<<i) == 0 {
			i++
			continue
		}
		j := i
		for j+1 < 7 && d&(1<<(j+1)) != 0 {
			j++
		}
		if j == i {
			parts = append(parts, dayNames[i])
		} else {
			parts = append(parts, dayNames[i]+"-"+dayNames[j])
		}
		i = j + 1
	}
	if d&^EveryDay != 0 {
		parts = append(parts, fmt.Sprintf("Days(%#x)", uint8(d&^EveryDay)))
	}
	return strings.Join(parts, ",")
}

// MarshalText implements encoding.TextMarshaler.
func (d Days) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Days) UnmarshalText(b []byte) error {
	v, err := ParseDays(string(b))
	if err == nil {
		*d = v
	}
	return err
}

// parseEnum finds s among names. The error is a FieldError at path field so
// a caller can Merge it under its own prefix.
func parseEnum(field string, names []string, s string) (int, error) {
	for i, n := range names {
		if s == n {
			return i, nil
		}
	}
	return 0, models.Fieldf(field, fmt.Sprintf("%q", s), models.ErrUnknown,
		"must be one of %s", join(names))
}

func enumString(typ string, names []string, i int) string {
	if i < len(names) {
		return names[i]
	}
	return fmt.Sprintf("%s(%d)", typ, i)
}

func marshalEnum(field string, names []string, i int) ([]byte, error) {
	if i < len(names) {
		return []byte(names[i]), nil
	}
	return nil, models.Fieldf(field, i, models.ErrUnknown, "must be one of %s", join(names))
}
