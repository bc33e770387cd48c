package trace

import (
	"context"
	"io"
	"math"
	"slices"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/workload"
)

// Format is the layout of a trace's files.
type Format uint8

const (
	// Azure2019: Azure Functions 2019 invocations per function per minute,
	// with optional durations and memory files.
	Azure2019 Format = iota
	// Azure2021: Azure Functions Invocation Trace 2021, one row per
	// invocation with its duration.
	Azure2021
	// LLM2023: Azure LLM inference trace 2023, one row per request with its
	// token counts.
	LLM2023
	// CSV: a user's own log, timestamp[,service][,duration].
	CSV
)

var formats = models.Enum[Format]{What: "format", Names: []string{"azure2019", "azure2021", "llm2023", "csv"}, Unknown: "Format(%d)"}

// ParseFormat maps a name to a Format.
func ParseFormat(s string) (Format, error) { return formats.ParseField(s) }

func (f Format) String() string { return formats.String(f) }

var durationModels = models.Enum[DurationModel]{What: "durationModel", Names: []string{"percentiles", "extremes", "average"}, Unknown: "DurationModel(%d)"}

// ParseDurationModel maps a name to a DurationModel.
func ParseDurationModel(s string) (DurationModel, error) { return durationModels.ParseField(s) }

func (m DurationModel) String() string { return durationModels.String(m) }

// PeakMemory is which percentile of a function's memory is its peak (a
// Lambda memory size, a pod's limit).
type PeakMemory uint8

const (
	// P100: the largest per-minute average of the day; the default, since a
	// function given less would have run out of memory that day.
	P100 PeakMemory = iota
	// P99: the 99th percentile of the per-minute averages.
	P99
)

var peakMemories = models.Enum[PeakMemory]{What: "peakMemory", Names: []string{"p100", "p99"}, Unknown: "PeakMemory(%d)"}

// ParsePeakMemory maps a name to a PeakMemory.
func ParsePeakMemory(s string) (PeakMemory, error) { return peakMemories.ParseField(s) }

func (p PeakMemory) String() string { return peakMemories.String(p) }

// Unmatched is what happens to an Azure 2019 function without a row in the
// durations or memory file.
type Unmatched uint8

const (
	// Refuse: it is an error, naming the first such function; the default.
	Refuse Unmatched = iota
	// Drop: it is left out of the fleet (as the In-Vitro sampler keeps only
	// functions present in all three files).
	Drop
)

var unmatcheds = models.Enum[Unmatched]{What: "unmatched", Names: []string{"error", "drop"}, Unknown: "Unmatched(%d)"}

// ParseUnmatched maps a name to an Unmatched.
func ParseUnmatched(s string) (Unmatched, error) { return unmatcheds.ParseField(s) }

func (u Unmatched) String() string { return unmatcheds.String(u) }

// Tokens maps an LLM request's token counts to its duration:
// Base + PerContextToken·ContextTokens + PerGeneratedToken·GeneratedTokens.
type Tokens struct {
	Base, PerContextToken, PerGeneratedToken time.Duration
}

// Duration is the duration of a request with the given token counts,
// saturating at the longest Duration.
func (t Tokens) Duration(context, generated int64) time.Duration {
	d := float64(t.Base) + float64(t.PerContextToken)*float64(context) + float64(t.PerGeneratedToken)*float64(generated)
	if !(d < math.MaxInt64) {
		return math.MaxInt64
	}
	return time.Duration(d)
}

// Options say which files make a trace and how to replay them.
type Options struct {
	Format Format
	// Invocations names the file of arrivals, for every format; Durations
	// and Memory the other two Azure 2019 files (both optional). Names are
	// paths in the fs.FS given to Load.
	Invocations, Durations, Memory string

	// Placement places an Azure 2019 minute's invocations within it
	// [Uniform]; Timers does for functions with trigger timer [Uniform;
	// a scenario file's timers: defaults to its placement:].
	Placement, Timers workload.Placement
	// From and For are the window of the trace replayed, in the trace's
	// time: From after its start (0 is the start; it must be before the
	// trace's end), For long (0, or past the trace's end: to its end).
	// Azure 2019 windows are whole minutes.
	From, For time.Duration
	// Speed compresses the trace's time: a trace minute lasts 1m/Speed
	// [1]. Durations are not compressed.
	Speed float64
	// Scale multiplies the arrivals (workload.Arrivals.Scale) [1].
	Scale float64

	// CPUFraction is the part of a trace's duration taken as CPU at one
	// vCPU, the rest being IO [0]: see the package documentation.
	CPUFraction float64
	// DurationModel turns Azure 2019 durations rows into distributions
	// [Percentiles].
	DurationModel DurationModel
	// PeakMemory is the Azure 2019 memory percentile taken as the peak
	// [P100].
	PeakMemory PeakMemory
	// Unmatched is what happens to an Azure 2019 function missing from the
	// durations or memory file [Refuse].
	Unmatched Unmatched
	// Tokens, for LLM2023, maps token counts to durations; nil: the work is
	// drawn from CPU and IO.
	Tokens *Tokens
	// CPU and IO are the work of requests the trace gives no duration for
	// (Azure 2019 without a durations file, LLM2023 without Tokens, a CSV
	// row without a duration). PayloadKB is every request's payload.
	CPU, IO   dist.Dist
	PayloadKB float64
	// Name is the service of a single-service trace (LLM2023, a CSV
	// without a service column) ["llm", "trace"].
	Name string
	// DurationUnit is what a plain number in a CSV's duration column
	// counts: time.Second, time.Millisecond or time.Microsecond; 0 lets
	// the column's name say (duration_ms), else seconds, with a warning
	// when they look like milliseconds.
	DurationUnit time.Duration

	// Context stops a long read: Load returns its error once it is done
	// (nil: never stopped).
	Context context.Context
	// Progress, when set, is told about the reading of a large file, a
	// line at a time (nil: silent).
	Progress io.Writer
}

// ParseDurationUnit maps durationUnit:'s name (s, ms or us) to the unit.
func ParseDurationUnit(s string) (time.Duration, error) {
	switch s {
	case "s":
		return time.Second, nil
	case "ms":
		return time.Millisecond, nil
	case "us":
		return time.Microsecond, nil
	}
	return 0, models.Fieldf("durationUnit", s, models.ErrUnknown, "must be s, ms or us: what a plain number in the duration column counts")
}

// DefaultOptions are the defaults of every option but the files.
func DefaultOptions() Options {
	return Options{Speed: 1, Scale: 1}
}

// Validate reports every problem of the options at once, with paths named
// as the scenario file names them.
func (o Options) Validate() error {
	var p models.Problems
	if !formats.Valid(o.Format) {
		p.Add("format", o.Format, models.ErrUnknown, "must be one of %s", formats.Join(", "))
	}
	if o.Invocations == "" {
		p.Add("invocations", nil, models.ErrRequired, "name the trace's file of arrivals")
	}
	azure2019 := []Format{Azure2019}
	only := func(path string, set bool, by []Format) {
		if set && !slices.Contains(by, o.Format) {
			names := make([]string, len(by))
			for i, f := range by {
				names[i] = f.String()
			}
			p.Add(path, nil, models.ErrInvalid, "only for format %s (format is %v)", joinOr(names), o.Format)
		}
	}
	only("durations", o.Durations != "", azure2019)
	only("memory", o.Memory != "", azure2019)
	only("placement", o.Placement != workload.Uniform, azure2019)
	only("timers", o.Timers != workload.Uniform, azure2019)
	only("durationModel", o.DurationModel != Percentiles, azure2019)
	only("peakMemory", o.PeakMemory != P100, azure2019)
	only("unmatched", o.Unmatched != Refuse, azure2019)
	only("tokens", o.Tokens != nil, []Format{LLM2023})
	only("name", o.Name != "", []Format{LLM2023, CSV})
	only("durationUnit", o.DurationUnit != 0, []Format{CSV})
	switch o.DurationUnit {
	case 0, time.Second, time.Millisecond, time.Microsecond:
	default:
		p.Add("durationUnit", o.DurationUnit, models.ErrInvalid, "must be s, ms or us")
	}
	if o.CPU != nil || o.IO != nil {
		switch {
		case o.Format == Azure2019 && o.Durations != "":
			p.Add("work", nil, models.ErrInvalid, "unused: every function's durations come from durations: (%s)", o.Durations)
		case o.Format == Azure2021:
			p.Add("work", nil, models.ErrInvalid, "unused: format azure2021 gives every invocation's duration")
		case o.Format == LLM2023 && o.Tokens != nil:
			p.Add("work", nil, models.ErrInvalid, "unused: every request's duration comes from tokens:")
		}
	}
	for _, e := range []struct {
		path string
		ok   bool
	}{
		{"placement", placementValid(o.Placement)},
		{"timers", placementValid(o.Timers)},
		{"durationModel", durationModels.Valid(o.DurationModel)},
		{"peakMemory", peakMemories.Valid(o.PeakMemory)},
		{"unmatched", unmatcheds.Valid(o.Unmatched)},
	} {
		if !e.ok {
			p.Add(e.path, nil, models.ErrUnknown, "not a known value")
		}
	}
	models.NotNegative(&p, "window.from", o.From)
	models.NotNegative(&p, "window.for", o.For)
	if o.Format == Azure2019 {
		for _, w := range []struct {
			path string
			d    time.Duration
		}{{"window.from", o.From}, {"window.for", o.For}} {
			if w.d%time.Minute != 0 {
				p.Add(w.path, w.d, models.ErrInvalid, "must be whole minutes: the trace counts invocations per minute")
			}
		}
	}
	positiveFinite(&p, "speed", o.Speed)
	if o.Speed > float64(time.Minute) {
		p.Add("speed", o.Speed, models.ErrRange, "must be at most %d (a trace minute would last less than 1ns)", time.Minute)
	}
	positiveFinite(&p, "scale", o.Scale)
	if !(o.CPUFraction >= 0 && o.CPUFraction <= 1) {
		p.Add("cpuFraction", o.CPUFraction, models.ErrRange, "must be between 0 and 1")
	}
	if t := o.Tokens; t != nil {
		models.NotNegative(&p, "tokens.base", t.Base)
		models.NotNegative(&p, "tokens.perContextToken", t.PerContextToken)
		models.NotNegative(&p, "tokens.perGeneratedToken", t.PerGeneratedToken)
	}
	if !(o.PayloadKB >= 0 && o.PayloadKB < math.Inf(1)) {
		p.Add("work.payloadKB", o.PayloadKB, models.ErrRange, "must be a number, 0 or more")
	}
	return p.Err()
}

func placementValid(p workload.Placement) bool { _, err := p.MarshalText(); return err == nil }

func joinOr(names []string) string {
	switch len(names) {
	case 1:
		return names[0]
	case 2:
		return names[0] + " or " + names[1]
	}
	s := ""
	for i, n := range names {
		switch {
		case i == len(names)-1:
			s += " or " + n
		case i > 0:
			s += ", " + n
		default:
			s += n
		}
	}
	return s
}

func positiveFinite(p *models.Problems, path string, v float64) {
	if !(v > 0 && v < math.Inf(1)) {
		p.Add(path, v, models.ErrRange, "must be a positive number")
	}
}
