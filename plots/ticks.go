package plots

import (
	"math"
	"slices"

	"github.com/execsim/execsim/internal/format"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Tickers. gonum/plot's defaults print "0.0e+00"-style labels, pick ticks
// without regard to the axis' length, and label every decade of a log axis
// with a bare power of ten. These tickers pick 1-2-5 steps, print units the
// way a reader says them ($1.5k, 20%, 1,000), and take their density from
// the chart, which knows how long each axis is once it has laid out the
// panels (see fitter).

// fitter is implemented by the tickers below: before drawing, the chart
// tells each axis its length, and the ticker picks the densest 1-2-5 set of
// labels that stay apart: horizontal labels by their measured widths plus a
// gap, vertical ones by a fixed spacing.
type fitter interface {
	fit(length vg.Length, horizontal bool)
}

type axisFit struct {
	length     vg.Length // 0 until fitted: assume a mid-sized axis
	horizontal bool
}

func (f *axisFit) fit(length vg.Length, horizontal bool) { f.length, f.horizontal = length, horizontal }

// axisLength is the fitted length, or a mid-sized axis' before fitting.
func (f axisFit) axisLength() vg.Length {
	if f.length <= 0 {
		return 400
	}
	return f.length
}

// Spacing rules, in points.
const (
	minGapH = vg.Length(16) // between horizontal labels' edges
	minGapV = vg.Length(24) // between vertical labels' centres
	linGapV = vg.Length(50) // between labels of a linear vertical axis (less clutter)
	maxTick = 14            // never more labels than this
)

var tickStyle = textStyle(sansRegular, sizeTick, textBlack)

// spaced reports whether labels at the relative positions pos (0 to 1
// along the axis) keep clear of each other.
func (f axisFit) spaced(pos []float64, labels []string) bool {
	if len(labels) > maxTick {
		return false
	}
	length := f.axisLength()
	for i := 1; i < len(pos); i++ {
		d := vg.Length(pos[i]-pos[i-1]) * length
		need := minGapV
		if f.horizontal {
			need = (tickStyle.Width(labels[i])+tickStyle.Width(labels[i-1]))/2 + minGapH
		}
		if d < need {
			return false
		}
	}
	return true
}

// linTicks labels a linear axis with the finest 1-2-5 step whose labels
// keep apart.
type linTicks struct {
	axisFit
	unit format.Unit
}

func (t *linTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || !resolvable(lo, hi) {
		return nil
	}
	// Try steps from fine to coarse. Take the first whose labels keep
	// apart (and, on a vertical axis, are not crowded); but never end with
	// fewer than two labels while a finer step gave two that fit.
	var fallback []plot.Tick
	for step := niceStep(hi-lo, 2*maxTick); ; step = nextStep(step) {
		vs, pos := multiples(lo, hi, step)
		labels := format.Ticks(t.unit, vs, step)
		switch {
		case len(vs) < 2:
			if fallback != nil {
				return fallback
			}
			return labelled(vs, labels)
		case !t.spaced(pos, labels):
			continue
		case t.horizontal || t.sparse(pos):
			return labelled(vs, labels)
		}
		fallback = labelled(vs, labels)
	}
}

// resolvable tells whether 1-2-5 steps can label [lo, hi]: its span is
// no subnormal-sized sliver (10^k loses its digits below 1e-307, and a step
// that rounds to itself never coarsens: a hang on costs of 1e-323) and is
// at least a billionth of its ends' size (else lo/step passes 2^53, where
// i++ no longer moves i: a hang on [1e15, 1e15 + 0.1]). An axis that is
// not gets no labels; the charts never set one from real data.
func resolvable(lo, hi float64) bool {
	span := hi - lo
	return span >= 1e-250 && span >= 1e-9*math.Max(math.Abs(lo), math.Abs(hi))
}

// maxMultiples bounds the values multiples returns: a step far too fine
// for its axis (half-hours over 1e15 s) would otherwise allocate without
// bound before it was found to crowd.
const maxMultiples = 1000

// multiples returns the multiples of step in [lo, hi] (with a tolerance
// for rounding) and their relative positions along it, 0 to 1; none when
// there would be more than maxMultiples.
func multiples(lo, hi, step float64) (vs, pos []float64) {
	if !(step > 0) || !((hi-lo)/step <= maxMultiples) {
		return nil, nil
	}
	for i := math.Ceil(lo/step - 1e-9); i*step <= hi+step*1e-9; i++ {
		v := i * step
		if v == 0 {
			v = 0 // no "-0"
		}
		vs = append(vs, v)
	}
	pos = make([]float64, len(vs))
	for i, v := range vs {
		pos[i] = (v - lo) / (hi - lo)
	}
	return vs, pos
}

// minGap is the smallest distance between adjacent positions, in points.
func (f axisFit) minGap(pos []float64) vg.Length {
	g := vg.Length(math.Inf(1))
	for i := 1; i < len(pos); i++ {
		g = min(g, vg.Length(pos[i]-pos[i-1])*f.axisLength())
	}
	return g
}

// sparse reports whether vertical labels at pos are at least linGapV apart.
func (f axisFit) sparse(pos []float64) bool {
	return len(pos) < 2 || vg.Length(pos[1]-pos[0])*f.axisLength() >= linGapV
}

// nextStep is the 1-2-5 step after step.
func nextStep(step float64) float64 {
	k := math.Floor(math.Log10(step) + 1e-9)
	m := step / math.Pow(10, k)
	switch {
	case m < 1.5:
		return 2 * math.Pow(10, k)
	case m < 3.5:
		return 5 * math.Pow(10, k)
	}
	return 10 * math.Pow(10, k)
}

// niceStep is the smallest step in {1, 2, 5}×10^k that cuts span into at
// most n-1 intervals (so at most n labels).
func niceStep(span float64, n int) float64 {
	if span <= 0 || n < 2 {
		return 1
	}
	k := math.Floor(math.Log10(span/float64(n))) - 1
	for {
		for _, m := range []float64{1, 2, 5} {
			step := m * math.Pow(10, k)
			if math.Floor(span/step+1e-9)+1 <= float64(n) {
				return step
			}
		}
		k++
	}
}

// logTicks labels a log axis at 1-2-5 multiples of powers of ten, or only at
// powers of ten (every one, every other, …) when those would crowd, with
// unlabelled minor ticks in between. Under about a decade it falls back to
// linear 1-2-5 steps so that a narrow range still gets labels.
type logTicks struct {
	axisFit
	unit format.Unit
}

func (t *logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi > lo) || math.IsInf(hi, 0) {
		return nil
	}
	inRange := func(v float64) bool { return v >= lo*(1-1e-9) && v <= hi*(1+1e-9) }
	kLo, kHi := int(math.Floor(math.Log10(lo))), int(math.Ceil(math.Log10(hi)))
	at := func(mults []float64, every int) []float64 {
		var vs []float64
		for k := kLo; k <= kHi; k++ {
			if every > 1 && k%every != 0 {
				continue
			}
			for _, m := range mults {
				if v := m * math.Pow(10, float64(k)); inRange(v) {
					vs = append(vs, v)
				}
			}
		}
		return vs
	}
	decades := math.Log10(hi / lo)
	pos := func(vs []float64) []float64 {
		out := make([]float64, len(vs))
		for i, v := range vs {
			out[i] = math.Log10(v/lo) / decades
		}
		return out
	}
	major := at([]float64{1, 2, 5}, 1)
	if logLooksLinear(len(major), decades) {
		lin := &linTicks{axisFit: t.axisFit, unit: t.unit}
		return lin.Ticks(lo, hi)
	}
	labels := format.Ticks(t.unit, major, 0)
	if !t.spaced(pos(major), labels) {
		dense, denseLabels := major, labels
		for every := 1; ; every++ {
			major = at([]float64{1}, every)
			labels = format.Ticks(t.unit, major, 0)
			if len(major) <= 2 || t.spaced(pos(major), labels) {
				break
			}
		}
		// Two powers of ten say little; 1-2-5 labels that merely sit
		// close (but do not touch) say more.
		if len(major) < 3 && !t.horizontal && t.minGap(pos(dense)) >= 18 {
			major, labels = dense, denseLabels
		}
	}
	ticks := labelled(major, labels)
	if decades <= 6 {
		for _, v := range at([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9}, 1) {
			if !containsClose(major, v) {
				ticks = append(ticks, plot.Tick{Value: v})
			}
		}
	}
	return ticks
}

// logLooksLinear says that a log axis over decades (log10 of hi ÷ lo) with
// n 1-2-5 values in its range is labelled by linTicks instead: too few
// 1-2-5 values to read the axis by. Its labels then look linear though
// the scale is not, so a chart that can must not call it a log scale
// (narrowLog).
func logLooksLinear(n int, decades float64) bool { return n < 3 && decades < 1.2 }

// narrowLog says that a log axis over [lo, hi] (as setRange leaves it)
// would be labelled as a linear one (logLooksLinear).
func narrowLog(lo, hi float64) bool {
	if !(lo > 0) || !(hi > lo) || math.IsInf(hi, 0) {
		return false
	}
	n := 0
	for k := int(math.Floor(math.Log10(lo))); k <= int(math.Ceil(math.Log10(hi))); k++ {
		for _, m := range []float64{1, 2, 5} {
			if v := m * math.Pow(10, float64(k)); v >= lo*(1-1e-9) && v <= hi*(1+1e-9) {
				n++
			}
		}
	}
	return logLooksLinear(n, math.Log10(hi/lo))
}

func containsClose(vs []float64, v float64) bool {
	for _, w := range vs {
		if math.Abs(w-v) <= 1e-9*math.Abs(v) {
			return true
		}
	}
	return false
}

// timeUnit is the unit of a time axis: seconds for short runs, minutes up to
// six hours, hours beyond.
type timeUnit struct {
	name    string    // "s", "min", "h"
	seconds float64   // length of one unit
	steps   []float64 // preferred label steps, in units
}

var (
	unitSeconds = timeUnit{"s", 1, []float64{0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 20, 30, 60}}
	unitMinutes = timeUnit{"min", 60, []float64{0.5, 1, 2, 5, 10, 15, 20, 30, 60}}
	unitHours   = timeUnit{"h", 3600, []float64{0.5, 1, 2, 3, 4, 6, 12, 24, 48, 168}}
)

func timeUnitFor(spanS float64) timeUnit {
	switch {
	case spanS <= 180:
		return unitSeconds
	case spanS <= 6*3600:
		return unitMinutes
	}
	return unitHours
}

// timeTicks labels an axis of seconds in the chosen unit, at the unit's
// natural steps (every 5, 10, 15, 30 minutes; every 1, 2, 6, 12 hours).
type timeTicks struct {
	axisFit
	unit timeUnit
}

func (t *timeTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || !resolvable(lo, hi) {
		return nil
	}
	a, b := lo/t.unit.seconds, hi/t.unit.seconds
	steps := slices.Clone(t.unit.steps)
	for s := steps[len(steps)-1]; s < b-a; {
		s = nextStep(s)
		steps = append(steps, s)
	}
	var vs []float64
	var labels []string
	for _, step := range steps {
		if !((b-a)/step <= maxMultiples) {
			continue // far too many: coarser steps follow
		}
		var pos []float64
		vs, pos = multiples(a, b, step)
		labels = format.Ticks(format.Plain, vs, step)
		if len(vs) <= 2 || t.spaced(pos, labels) {
			break
		}
	}
	secs := make([]float64, len(vs))
	for i, v := range vs {
		secs[i] = v * t.unit.seconds
	}
	return labelled(secs, labels)
}

// blankTicks keeps another ticker's marks but drops their labels: the upper
// panels of a stack share the bottom panel's time axis.
type blankTicks struct{ inner plot.Ticker }

func (t blankTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := t.inner.Ticks(lo, hi)
	out := make([]plot.Tick, len(ts))
	for i, tk := range ts {
		out[i] = plot.Tick{Value: tk.Value}
	}
	return out
}

func (t blankTicks) fit(length vg.Length, horizontal bool) {
	if f, ok := t.inner.(fitter); ok {
		f.fit(length, horizontal)
	}
}

// majorTicks returns the labelled positions of an axis (through blankTicks).
func majorTicks(a plot.Axis) []float64 {
	m := a.Tick.Marker
	if b, ok := m.(blankTicks); ok {
		m = b.inner
	}
	var vs []float64
	if !(a.Max > a.Min) {
		return nil
	}
	for _, t := range m.Ticks(a.Min, a.Max) {
		if !t.IsMinor() {
			vs = append(vs, t.Value)
		}
	}
	return vs
}

func labelled(vs []float64, labels []string) []plot.Tick {
	ts := make([]plot.Tick, len(vs))
	for i := range vs {
		ts[i] = plot.Tick{Value: vs[i], Label: labels[i]}
	}
	return ts
}
