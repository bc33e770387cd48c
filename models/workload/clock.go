package workload

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/execsim/execsim/sim"
)

// Hours restricts a process to a window of every active day: the process
// runs on a clock of its own that ticks only inside [From, To) on Days, so
// each window holds what the process would produce in as much time without
// Hours, and nothing falls outside the windows. The long-run mean rate is
// the process's own times the fraction of the week the windows cover.
type Hours struct {
	// Days are the active days (zero: every day); day 0 of the run is a
	// Monday.
	Days Days
	// From and To bound the window within the day: 0 ≤ From < To ≤ 24h.
	From, To time.Duration
}

// window is the length of one day's window.
func (h *Hours) window() time.Duration { return h.To - h.From }

// open reports whether calendar time u ≥ 0 falls inside a window.
func (h *Hours) open(u time.Duration) bool {
	rest := u % day
	return h.Days.Has(int64(u/day)) && rest >= h.From && rest < h.To
}

// own is the time the process's clock has run by calendar time u ≥ 0.
func (h *Hours) own(u time.Duration) time.Duration {
	d := int64(u / day)
	n := time.Duration(h.Days.count(d)) * h.window()
	if h.Days.Has(d) {
		n += min(max(u%day-h.From, 0), h.window())
	}
	return n
}

// calendar is the calendar time at which the process's clock reaches s ≥ 0;
// the end of a window maps to the start of the next one.
func (h *Hours) calendar(s time.Duration) time.Duration {
	w := h.window()
	return time.Duration(h.Days.nth(int64(s/w)))*day + h.From + s%w
}

// nth is the index of the n-th day of the run (from 0) in the set.
func (d Days) nth(n int64) int64 {
	per := int64(popcount(d & EveryDay))
	if d == 0 {
		per = 7
	}
	weeks, rem := n/per, n%per
	for i := int64(0); ; i++ {
		if d.Has(i) {
			if rem == 0 {
				return weeks*7 + i
			}
			rem--
		}
	}
}

// MaxCalendar bounds calendar times (compressed run times) so that they
// stay far from overflowing: about 146 years. A run's duration times its
// services' Compress must not exceed it.
const MaxCalendar = time.Duration(1 << 62)

// clocked reports whether the process runs on a clock of its own.
func (a *Arrivals) clocked() bool { return a.Hours != nil || a.Compress > 0 && a.Compress != 1 }

// compress is the calendar's speed relative to the run's clock (1 unless
// set).
func (a *Arrivals) compress() float64 {
	if a.Compress > 0 {
		return a.Compress
	}
	return 1
}

// ownTime maps run time t ≥ 0 to the process's own clock: the calendar
// time Compress×t, then Hours. ok is false outside the Hours.
func (a *Arrivals) ownTime(t time.Duration) (s time.Duration, ok bool) {
	u := t
	if c := a.compress(); c != 1 {
		u = time.Duration(min(math.Round(float64(t)*c), float64(MaxCalendar)))
	}
	if a.Hours == nil {
		return u, true
	}
	return a.Hours.own(u), a.Hours.open(u)
}

// plain is the process without Hours and Compress, its rates divided by
// Compress: what runs on the own clock.
func (a Arrivals) plain() Arrivals {
	c := a.compress()
	a.Hours, a.Compress = nil, 0
	if c != 1 {
		a = a.Scaled(1 / c)
	}
	return a
}

// clockedRate and clockedExpected are Rate and Expected of a process with
// Hours or Compress: the rate at run time t is the plain process's rate at
// the own-clock time of t, and counts are the plain process's counts over
// the own-clock interval, divided by Compress.
func (a Arrivals) clockedRate(t time.Duration) float64 {
	s, ok := a.ownTime(t)
	if !ok {
		return 0
	}
	a.Hours, a.Compress = nil, 0
	return a.Rate(s)
}

func (a Arrivals) clockedExpected(from, to time.Duration) float64 {
	s1, _ := a.ownTime(from)
	s2, _ := a.ownTime(to)
	return a.plain().Expected(s1, s2)
}

// clock runs a generator of the plain process on the own clock and maps
// its arrivals back to run time: own-clock s → calendar (Hours) → run time
// (divided by Compress). The plain process's rates are those divided by
// Compress, so the run sees the process's rates as they are.
type clock struct {
	inner generator
	a     *Arrivals
	c     float64
}

func newClock(a Arrivals) *clock {
	return &clock{inner: newGenerator(a.plain()), a: &a, c: a.compress()}
}

func (g *clock) next(r *rand.Rand, horizon sim.Time) (sim.Time, bool) {
	h, _ := g.a.ownTime(time.Duration(horizon))
	s, ok := g.inner.next(r, sim.At(h))
	if !ok || s >= sim.At(h) {
		return sim.Never, false
	}
	u := time.Duration(s)
	if g.a.Hours != nil {
		u = g.a.Hours.calendar(u)
	}
	if g.c != 1 {
		u = time.Duration(math.Round(float64(u) / g.c))
	}
	return sim.At(u), true
}
