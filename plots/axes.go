package plots

import (
	"math"

	"github.com/execsim/execsim/internal/format"
	"gonum.org/v1/plot"
)

// Axis ranges and scales: every chart picks its axes with these, so that
// a log axis, a count axis from zero, or a padded linear axis looks the same
// in every chart.

// logRange puts a on a log scale over [lo, hi] (see setRange), with 1-2-5
// labels printed as u. It reports whether it had to cut the range short
// (see maxLogSpan): the caller notes it with Chart.noteLogCut.
func logRange(a *plot.Axis, lo, hi float64, u format.Unit) bool {
	a.Scale = plot.LogScale{}
	cut := setRange(a, lo, hi, true)
	a.Tick.Marker = &logTicks{unit: u}
	return cut
}

// maxLogSpan is the widest ratio a log axis spans. 1e-300 beside 1e12
// overflows hi/lo and then the padding (plotdirs' fuzzing found it), and
// no reader tells 15 decades apart on one axis anyway: a wider range
// starts at hi ÷ maxLogSpan, and what is smaller falls off the axis.
const maxLogSpan = 1e15

// minLog is the smallest value a log axis reaches down to; see setRange.
const minLog = 1e-300

// noteLogCut says under the chart that a log axis of what (plural:
// "latencies") was cut short at its bottom (see setRange), printing where
// it starts as u.
func (c *Chart) noteLogCut(what string, a plot.Axis, u format.Unit) {
	// %.3g: a tick label of 2e-15 would print fifteen zeros
	c.note("%s reach below what a log axis can show (more than 1e15× under the largest, or under 1e-300): it starts at %s%.3g, and smaller ones are not drawn.",
		capitalize(what), money(u), a.Min)
}

// money is the sign a number of unit u is printed with.
func money(u format.Unit) string {
	if u == format.Money {
		return "$"
	}
	return ""
}

// noteHuge says under the chart how many values it left out for being
// beyond ±maxValue.
func (c *Chart) noteHuge(n int) {
	if n > 0 {
		c.note("%d %s beyond ±1e15 %s left out: no run gives such a number, and the axes cannot hold it.",
			n, format.Plural(n, "value", "values"), format.Plural(n, "is", "are"))
	}
}

// latencyAxis puts a, an axis of latencies in ms, on a log scale over
// [lo, hi]; when nothing was drawn, p says so and the axis spans 1 ms to 1 s.
// A range cut short (see maxLogSpan) is noted on c.
//
// Latencies that differ little (narrowLog: fewer than three 1-2-5 values
// on the axis, under 1.2 decades) get a linear axis, padded 5 %, labelled
// "latency (ms)": on a log one logTicks would label them 200, 250, 300 ms
// as a linear axis is, and "log scale" would mislead. The tune chart did
// this first (review); outputs9 found the CDF of builtin:business-hours
// (200 to 552 ms) labelled 200, 250 … 550 under "latency (ms, log
// scale)", so every latency axis does it.
func latencyAxis(c *Chart, p *plot.Plot, a *plot.Axis, lo, hi float64, drawn bool) {
	if !drawn {
		p.Add(message{"no completed requests"})
		lo, hi = 1, 1000
	}
	a.Label.Text = "latency (ms, log scale)"
	if logRange(a, lo, hi, format.Plain) {
		c.noteLogCut("latencies", *a, format.Plain)
		return
	}
	if narrowLog(a.Min, a.Max) {
		a.Scale = plot.LinearScale{}
		padRange(a, lo, hi, 0.05, format.Plain)
		a.Label.Text = "latency (ms)"
	}
}

// padRange puts a on a linear scale over [lo, hi] (see setRange), widened
// by frac of the span on each side, with 1-2-5 labels printed as u.
func padRange(a *plot.Axis, lo, hi, frac float64, u format.Unit) {
	setRange(a, lo, hi, false)
	pad := (a.Max - a.Min) * frac
	a.Min, a.Max = a.Min-pad, a.Max+pad
	a.Tick.Marker = &linTicks{unit: u}
}

// zeroBased fixes a count, rate or cost axis to [0, the maximum + 6%].
func zeroBased(p *plot.Plot, top float64, unit format.Unit) {
	p.Y.Tick.Marker = &linTicks{unit: unit}
	p.Y.Min, p.Y.Max = 0, 1
	// a top too small to label (1e-323: see resolvable) keeps [0, 1]
	if top > 0 && finite(top) && resolvable(0, top*1.06) {
		p.Y.Max = top * 1.06 // headroom, as matplotlib's margins
	}
}

// setRange fixes an axis range, widening a degenerate one (gonum would
// widen [v, v] to [v-1, v+1], which on a log axis can go below zero) and
// padding a log one a little so that no point sits on the frame. It
// reports whether a log range was cut short at its bottom: raised to
// minLog, or to hi ÷ maxLogSpan.
func setRange(a *plot.Axis, lo, hi float64, log bool) (cut bool) {
	// beyond ±maxValue the padding below overflows: such a range is no
	// data's (the charts leave those values out), so it is treated as none
	if !drawable(lo) || !drawable(hi) {
		lo, hi = 0, 1
		if log {
			lo, hi = 1, 10
		}
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	if log {
		if lo <= 0 {
			lo = hi / 10
		}
		if hi <= 0 {
			lo, hi = 1, 10
		}
		// below minLog, halving and padding underflow to 0 (a rate of
		// 5e-324 gave an axis from 0 to +Inf)
		if lo < minLog {
			lo, hi, cut = minLog, math.Max(hi, minLog), true
		}
		if hi == lo {
			lo, hi = lo/2, hi*2
		}
		if !(hi/lo <= maxLogSpan) {
			lo, cut = hi/maxLogSpan, true
		}
		// Pad by 4% of the span on each side (at least 5%), in log space,
		// and reach on to the next 1-2-5 value when it is near, so that the
		// ends of the axis tend to carry labels.
		f := math.Max(math.Pow(hi/lo, 0.04), 1.05)
		lo, hi = lo/f, hi*f
		nlo, nhi := niceLogRange(lo, hi)
		if lo/nlo < 1.5 {
			lo = nlo
		}
		if nhi/hi < 1.5 {
			hi = nhi
		}
	} else if hi == lo {
		if lo == 0 {
			hi = 1
		} else {
			lo, hi = lo-math.Abs(lo)/2, hi+math.Abs(hi)/2
		}
	}
	a.Min, a.Max = lo, hi
	return cut
}

// niceLogRange widens [lo, hi] (both > 0) to 1-2-5 values, so that a log axis
// starts and ends on a labelled tick.
func niceLogRange(lo, hi float64) (float64, float64) {
	down := func(v float64) float64 {
		k := math.Floor(math.Log10(v))
		p := math.Pow(10, k)
		for _, m := range []float64{5, 2, 1} {
			if m*p <= v*(1+1e-9) {
				return m * p
			}
		}
		return p
	}
	up := func(v float64) float64 {
		k := math.Floor(math.Log10(v))
		p := math.Pow(10, k)
		for _, m := range []float64{1, 2, 5, 10} {
			if m*p >= v*(1-1e-9) {
				return m * p
			}
		}
		return 10 * p
	}
	lo, hi = down(lo), up(hi)
	if hi <= lo {
		hi = up(lo * 1.01)
	}
	return lo, hi
}
