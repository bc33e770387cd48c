package workload

import (
	"time"

	"github.com/execsim/execsim/models"
)

// The arrival process's enumerations. Each prints and parses through a
// models.Enum whose What is the field's name: parsing is exact, and a bad
// name is a FieldError at that field (process: must be one of poisson, …).

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
	// Bursts: RatePerSecond, plus BurstRatePerSecond for For once in every
	// Every, at a time drawn by BurstSeed (near idle with rare bursts).
	Bursts
	// Counts: a trace's arrivals per bin (Counts, Bin), each bin's placed
	// within it by Placement and scaled by Scale.
	Counts
	// Replay: a trace's rows replayed as they are read from Feed; Counts
	// and Bin hold their histogram, for Rate and Expected.
	Replay
)

var processes = models.Enum[Process]{What: "process", Names: []string{"poisson", "even", "profile", "diurnal", "spike", "bursts", "counts", "replay"}, Unknown: "Process(%d)"}

// ParseProcess maps a lower-case name to a Process.
func ParseProcess(s string) (Process, error) { return processes.ParseField(s) }

func (p Process) String() string { return processes.String(p) }

// MarshalText implements encoding.TextMarshaler.
func (p Process) MarshalText() ([]byte, error) { return marshal(processes, p) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (p *Process) UnmarshalText(b []byte) error { return unmarshal(processes, p, b) }

// Interp is how a Profile's rate goes from one point to the next.
type Interp uint8

const (
	// Step holds a point's rate until the next point.
	Step Interp = iota
	// Linear interpolates linearly between consecutive points.
	Linear
)

var interps = models.Enum[Interp]{What: "interp", Names: []string{"step", "linear"}, Unknown: "Interp(%d)"}

// ParseInterp maps a lower-case name to an Interp.
func ParseInterp(s string) (Interp, error) { return interps.ParseField(s) }

func (i Interp) String() string { return interps.String(i) }

// MarshalText implements encoding.TextMarshaler.
func (i Interp) MarshalText() ([]byte, error) { return marshal(interps, i) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (i *Interp) UnmarshalText(b []byte) error { return unmarshal(interps, i, b) }

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

var repeats = models.Enum[Repeat]{What: "repeat", Names: []string{"none", "daily", "weekly"}, Unknown: "Repeat(%d)"}

// ParseRepeat maps a lower-case name to a Repeat.
func ParseRepeat(s string) (Repeat, error) { return repeats.ParseField(s) }

func (r Repeat) String() string { return repeats.String(r) }

// MarshalText implements encoding.TextMarshaler.
func (r Repeat) MarshalText() ([]byte, error) { return marshal(repeats, r) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (r *Repeat) UnmarshalText(b []byte) error { return unmarshal(repeats, r, b) }

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

var spacings = models.Enum[Spacing]{What: "spacing", Names: []string{"random", "regular"}, Unknown: "Spacing(%d)"}

// ParseSpacing maps a lower-case name to a Spacing.
func ParseSpacing(s string) (Spacing, error) { return spacings.ParseField(s) }

func (s Spacing) String() string { return spacings.String(s) }

// MarshalText implements encoding.TextMarshaler.
func (s Spacing) MarshalText() ([]byte, error) { return marshal(spacings, s) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Spacing) UnmarshalText(b []byte) error { return unmarshal(spacings, s, b) }

// Placement is where a Counts process puts the n arrivals of a bin.
type Placement uint8

const (
	// Uniform ("poisson"): n independent uniform offsets in the bin, in
	// order: a Poisson process conditioned on n arrivals in the bin, so
	// every bin's count is kept exactly. The default.
	Uniform Placement = iota
	// Equidistant: the i-th of n (i = 0…n−1) at (i+½)·bin/n, the smoothest
	// stream with the same counts.
	Equidistant
	// BinStart ("start"): all n at the start of the bin, as timers that
	// fire on the minute do.
	BinStart
)

var placements = models.Enum[Placement]{What: "placement", Names: []string{"poisson", "equidistant", "start"}, Unknown: "Placement(%d)"}

// ParsePlacement maps a lower-case name to a Placement.
func ParsePlacement(s string) (Placement, error) { return placements.ParseField(s) }

func (p Placement) String() string { return placements.String(p) }

// MarshalText implements encoding.TextMarshaler.
func (p Placement) MarshalText() ([]byte, error) { return marshal(placements, p) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (p *Placement) UnmarshalText(b []byte) error { return unmarshal(placements, p, b) }

// unknown is the problem with a value that has no name: a FieldError at
// the enumeration's field, which Validate and MarshalText both report.
func unknown[T ~uint8](e models.Enum[T], v T) error {
	return models.Fieldf(e.What, int(v), models.ErrUnknown, "must be one of %s", e.Join(", "))
}

func marshal[T ~uint8](e models.Enum[T], v T) ([]byte, error) {
	if !e.Valid(v) {
		return nil, unknown(e, v)
	}
	return []byte(e.String(v)), nil
}

func unmarshal[T ~uint8](e models.Enum[T], dst *T, b []byte) error {
	v, err := e.ParseField(string(b))
	if err == nil {
		*dst = v
	}
	return err
}
