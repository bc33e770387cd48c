package workload

import "time"

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

	// Bursts: RatePerSecond, plus BurstRatePerSecond during a burst of
	// length For (0 < For ≤ Every) in every interval of length Every, at an
	// offset drawn from BurstSeed (see bursts.go).
	BurstRatePerSecond float64
	Every              time.Duration
	BurstSeed          uint64

	// Hours, when set, runs the process only inside daily windows, on a
	// clock that stops outside them (poisson, even and bursts only).
	Hours *Hours
	// Compress, when above 0, runs the process's calendar Compress times
	// faster than the run's clock, rates unchanged: the rate at run time t
	// is the rate the process has at Compress×t. A day of the process
	// then lasts 24h/Compress of the run; its counts over a run are those
	// of Compress times as long a calendar divided by Compress.
	Compress float64
	// Counts and Replay: Counts[i] arrivals fall in [i·Bin, (i+1)·Bin), and
	// none after the last bin. A Counts process places them by Placement; a
	// Replay process takes its times from Feed, and its Counts are only the
	// rows' histogram, for Rate and Expected. Counts is shared, never
	// written.
	Bin       time.Duration
	Counts    []int32
	Placement Placement
	// Scale multiplies a Counts or Replay process's arrivals (must be
	// positive): a bin of n (a replayed row: n = 1) gives ⌊n·Scale⌋
	// arrivals, and one more with probability frac(n·Scale), drawn from the
	// arrivals stream. At 1 nothing is drawn and every count is kept.
	Scale float64
	// Replay: the rows' source, and the index of this service's rows in it.
	Feed      Feed
	FeedIndex int
}

// Rate is the instantaneous arrival intensity at t since the start of the run,
// in requests per second; 0 before time zero.
func (a Arrivals) Rate(t time.Duration) float64 {
	if t < 0 {
		return 0
	}
	if a.clocked() {
		return a.clockedRate(t)
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
	case Bursts:
		if a.inBurst(t) {
			return a.RatePerSecond + a.BurstRatePerSecond
		}
		return a.RatePerSecond
	case Counts, Replay:
		if a.Bin <= 0 {
			return 0
		}
		if i := t / a.Bin; i < time.Duration(len(a.Counts)) {
			return float64(a.Counts[i]) * a.Scale / a.Bin.Seconds()
		}
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
	if a.clocked() {
		return a.clockedExpected(from, to)
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
	case Bursts:
		return a.burstsExpected(from, to)
	case Counts, Replay:
		return a.binned(to) - a.binned(from)
	}
	return 0
}

// binned is a Counts or Replay process's expected count on [0, t), t ≥ 0:
// whole bins, and the part of the bin t falls in pro rata.
func (a Arrivals) binned(t time.Duration) float64 {
	if a.Bin <= 0 {
		return 0
	}
	whole := min(int(t/a.Bin), len(a.Counts))
	n := 0.0
	for _, c := range a.Counts[:whole] {
		n += float64(c)
	}
	if whole < len(a.Counts) {
		n += float64(a.Counts[whole]) * float64(t%a.Bin) / float64(a.Bin)
	}
	return n * a.Scale
}

// Scaled returns a copy with every rate multiplied by f (f ≥ 0), for sweeps
// over the load level: Expected scales by f exactly. A Spike's Multiplier is a
// ratio and stays; Points are copied; Hours and Compress stay; a trace's
// Counts stay and its Scale is multiplied.
func (a Arrivals) Scaled(f float64) Arrivals {
	if a.Process == Counts || a.Process == Replay {
		a.Scale *= f
		return a
	}
	a.RatePerSecond *= f
	a.MeanRatePerSecond *= f
	a.SpikeRatePerSecond *= f
	a.BurstRatePerSecond *= f
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
