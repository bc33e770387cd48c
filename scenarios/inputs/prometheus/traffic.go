package prometheus

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Traffic is a per-service request rate read from Prometheus: one Series
// per service, every sample on one grid of Step from the file's first
// sample.
type Traffic struct {
	// Start is the wall time of the file's first sample (UTC); the zero
	// time when the file's timestamps are seconds from an arbitrary zero.
	Start time.Time
	// Step is the spacing of the samples, the same for every service.
	Step time.Duration
	// End is the end of the traffic: the file's last sample plus one Step
	// (each sample's rate covers the step that starts at it).
	End time.Duration
	// Services, sorted by name.
	Services []Series
	// Warnings are what the reader did that the user may not expect
	// (missing samples read as rate 0, the server's own warnings), each
	// starting with the file name.
	Warnings []string
}

// Series is one service's samples.
type Series struct {
	Service string
	// Samples in time order, on the grid (At a multiple of Step), At < End.
	// A step without a sample (a gap, or before the service's first sample
	// or after its last) has rate 0.
	Samples []Sample
}

// Sample is one rate of a Series.
type Sample struct {
	At            time.Duration // since the file's first sample
	RatePerSecond float64
}

// Steps is the number of grid steps in [0, End).
func (t *Traffic) Steps() int { return int(t.End / t.Step) }

// Rates returns service i's rate at every step of the grid, 0 where the
// series has no sample.
func (t *Traffic) Rates(i int) []float64 {
	r := make([]float64, t.Steps())
	for _, s := range t.Services[i].Samples {
		r[s.At/t.Step] = s.RatePerSecond
	}
	return r
}

// Limits on a file's grid, so that a typo in a timestamp cannot ask for
// billions of steps.
const (
	// MaxSteps bounds End/Step (Prometheus itself returns at most 11,000
	// points per series).
	MaxSteps = 1_000_000
)

// rawSample is one sample as read, with where it came from.
type rawSample struct {
	ms  int64 // timestamp, milliseconds
	v   float64
	loc loc
	// gap is set when a sample (or a row that may have been one) was
	// dropped for a problem of its own since the series' previous
	// sample: the spacing to it says nothing about the step.
	gap bool
}

// rawSeries is one service's samples as read.
type rawSeries struct {
	service string
	loc     loc // where the series starts (result[i], or the header's column)
	samples []rawSample
	// dropped: a sample of the series was dropped since its last one;
	// rows: the reader's count of dropped rows of no known series then.
	dropped bool
	rows    int
	// given is how many samples the input gives the series, the ones
	// dropped for a problem of their own included.
	given int
}

// add appends x, marked as after a gap when a sample of the series, or
// one of the rows dropped (rows, the reader's count of rows of no known
// series), was dropped since the series' last sample.
func (s *rawSeries) add(x rawSample, rows int) {
	x.gap = s.dropped || s.rows != rows
	s.dropped, s.rows = false, rows
	s.samples = append(s.samples, x)
}

// checkRate reports a rate that is not a finite number ≥ 0.
func checkRate(p *problems, at loc, v float64) bool {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		p.add(at, fmt.Sprint(v), "a rate must be a finite number, at least 0")
		return false
	}
	return true
}

// build checks the series' timestamps (increasing, on one grid) and turns
// them into Traffic; absolute says the timestamps are Unix times. It may be
// called after problems with the series themselves, so that their
// timestamps are checked too: a series whose timestamps do not increase
// is left out of the grid's checks, and the spacing across a dropped
// sample out of finding the step, so that one problem is not told again
// as others. It returns nil after any problem, its own or earlier.
func build(p *problems, series []rawSeries, absolute bool) *Traffic {
	if len(series) == 0 {
		p.add(loc{}, "", "no series: want one per service")
		return nil
	}
	// Timestamps increase within each series.
	first := int64(math.MaxInt64)
	ordered := make([]bool, len(series))
	for i, s := range series {
		// A series given samples, all dropped, has been told; one given
		// none (values: [], an empty column) is told here, whatever else
		// is wrong.
		if len(s.samples) == 0 && s.given == 0 {
			p.add(s.loc, "", "service %q has no samples", s.service)
		}
		ordered[i] = true
		for j, x := range s.samples {
			switch {
			case j == 0:
			case x.ms == s.samples[j-1].ms:
				p.add(x.loc, stamp(x.ms, absolute), "service %q has two samples at one time", s.service)
				ordered[i] = false
			case x.ms < s.samples[j-1].ms:
				p.add(x.loc, fmt.Sprintf("%s after %s", stamp(x.ms, absolute), stamp(s.samples[j-1].ms, absolute)), "timestamps of service %q must increase", s.service)
				ordered[i] = false
			}
			first = min(first, x.ms)
		}
	}
	step := inferStep(series, ordered)
	if step <= 0 {
		if !p.failed() {
			p.add(loc{}, "", "no service has two samples: the step is unknown")
		}
		return nil
	}
	last := first
	for i, s := range series {
		for j, x := range s.samples {
			d := x.ms - first
			switch {
			case !ordered[i]:
			case j == 0 && d%step != 0:
				p.add(x.loc, stamp(x.ms, absolute), "service %q starts off the grid of %v steps from %s", s.service, ms(step), stamp(first, absolute))
			case j > 0 && (x.ms-s.samples[j-1].ms)%step != 0:
				p.add(x.loc, ms(x.ms-s.samples[j-1].ms).String(), "unequal step: service %q's samples must be %v apart, or a multiple of it across a gap", s.service, ms(step))
			}
			last = max(last, x.ms)
		}
	}
	if p.failed() { // its own problems, or the series' before it
		return nil
	}
	span := last - first
	if span/step+1 > MaxSteps || span > int64(math.MaxInt64/int64(time.Millisecond))-step {
		p.add(loc{}, fmt.Sprintf("%d steps", span/step+1), "too long: at most %d steps of %v", MaxSteps, ms(step))
		return nil
	}
	t := &Traffic{Step: ms(step), End: ms(span + step)}
	if absolute {
		t.Start = time.UnixMilli(first).UTC()
	}
	slices.SortFunc(series, func(a, b rawSeries) int { return strings.Compare(a.service, b.service) })
	var zero []string
	for _, s := range series {
		out := Series{Service: s.service, Samples: make([]Sample, len(s.samples))}
		for j, x := range s.samples {
			out.Samples[j] = Sample{At: ms(x.ms - first), RatePerSecond: x.v}
		}
		t.Services = append(t.Services, out)
		if w := gaps(out, t.Step, t.End); w != "" {
			t.Warnings = append(t.Warnings, fmt.Sprintf("%s: service %q: %s", p.file, s.service, w))
		}
		if w := rising(out); w != "" {
			t.Warnings = append(t.Warnings, fmt.Sprintf("%s: service %q: %s", p.file, s.service, w))
		}
		if allZero(out) {
			zero = append(zero, s.service)
		}
	}
	if len(zero) > 0 {
		t.Warnings = append(t.Warnings, zeroWarning(p.file, zero))
	}
	return t
}

// allZero says whether every sample of a series is 0: a service with no
// traffic at all, most often an export of the wrong metric or label, which
// a missing series is warned about and this was not (walk11 #6).
func allZero(s Series) bool {
	for _, x := range s.Samples {
		if x.RatePerSecond != 0 {
			return false
		}
	}
	return len(s.Samples) > 0
}

// zeroWarning names the services whose series are all zeros, the first
// few of a fleet's.
func zeroWarning(file string, services []string) string {
	const shown = 5
	names := make([]string, 0, shown)
	for _, s := range services[:min(len(services), shown)] {
		names = append(names, fmt.Sprintf("%q", s))
	}
	list := strings.Join(names, ", ")
	if more := len(services) - len(names); more > 0 {
		list += fmt.Sprintf(" and %d more", more)
	}
	if len(services) == 1 {
		return fmt.Sprintf("%s: service %s: its rate is 0 at every sample, so it gets no requests; check the query if it has traffic", file, list)
	}
	return fmt.Sprintf("%s: %d services' rates are 0 at every sample (%s), so they get no requests; check the query if they have traffic", file, len(services), list)
}

// inferStep is the most common spacing of consecutive samples of a series
// (the smaller one on a tie), or 0 when no series has two samples. Only
// the ordered series count, and no spacing across a dropped sample.
func inferStep(series []rawSeries, ordered []bool) int64 {
	count := map[int64]int{}
	for i, s := range series {
		for j := 1; j < len(s.samples) && ordered[i]; j++ {
			if !s.samples[j].gap {
				count[s.samples[j].ms-s.samples[j-1].ms]++
			}
		}
	}
	best, n := int64(0), 0
	for d, c := range count {
		if c > n || c == n && d < best {
			best, n = d, c
		}
	}
	return best
}

// gaps describes the steps of [0, end) without a sample inside a series'
// span (before its first sample and after its last, a service is taken
// not to exist yet or any more, also at rate 0); "" when there are none.
func gaps(s Series, step, end time.Duration) string {
	missing, runs := 0, 0
	var at time.Duration
	for j := 1; j < len(s.Samples); j++ {
		if n := int((s.Samples[j].At - s.Samples[j-1].At) / step); n > 1 {
			if runs == 0 {
				at = s.Samples[j-1].At + step
			}
			missing += n - 1
			runs++
		}
	}
	var parts []string
	if missing > 0 {
		parts = append(parts, fmt.Sprintf("%d missing samples in %d gaps (the first at %v) read as rate 0", missing, runs, at))
	}
	if a := s.Samples[0].At; a > 0 {
		parts = append(parts, fmt.Sprintf("no samples before %v (rate 0)", a))
	}
	if z := s.Samples[len(s.Samples)-1].At + step; z < end {
		parts = append(parts, fmt.Sprintf("no samples from %v (rate 0)", z))
	}
	return strings.Join(parts, "; ")
}

// ms is a number of milliseconds as a Duration.
func ms(n int64) time.Duration { return time.Duration(n) * time.Millisecond }

// stamp shows a timestamp in a message: RFC 3339 when absolute, else
// seconds.
func stamp(n int64, absolute bool) string {
	if absolute {
		return time.UnixMilli(n).UTC().Format(time.RFC3339Nano)
	}
	return fmt.Sprintf("%gs", float64(n)/1000)
}
