package plots

import (
	"math"
	"slices"
	"strconv"
	"strings"

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
	length := f.length
	if length <= 0 {
		length = 400
	}
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

// numUnit says how tick values are printed.
type numUnit int

const (
	plain   numUnit = iota // 1,500 · 0.25 · 2M
	money                  // $0.50 · $1,500 · $15k · $2.5M
	percent                // a fraction printed as 25%
)

// linTicks labels a linear axis with the finest 1-2-5 step whose labels
// keep apart.
type linTicks struct {
	axisFit
	unit numUnit
}

func (t *linTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil
	}
	// Try steps from fine to coarse. Take the first whose labels keep
	// apart (and, on a vertical axis, are not crowded); but never end with
	// fewer than two labels while a finer step gave two that fit.
	var fallback []plot.Tick
	for step := niceStep(hi-lo, 2*maxTick); ; step = nextStep(step) {
		var vs []float64
		for i := math.Ceil(lo/step - 1e-9); i*step <= hi+step*1e-9; i++ {
			v := i * step
			if v == 0 {
				v = 0 // no "-0"
			}
			vs = append(vs, v)
		}
		labels := formatAll(t.unit, vs, step)
		pos := make([]float64, len(vs))
		for i, v := range vs {
			pos[i] = (v - lo) / (hi - lo)
		}
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

// minGap is the smallest distance between adjacent positions, in points.
func (f axisFit) minGap(pos []float64) vg.Length {
	length := f.length
	if length <= 0 {
		length = 400
	}
	g := vg.Length(math.Inf(1))
	for i := 1; i < len(pos); i++ {
		g = min(g, vg.Length(pos[i]-pos[i-1])*length)
	}
	return g
}

// sparse reports whether vertical labels at pos are at least linGapV apart.
func (f axisFit) sparse(pos []float64) bool {
	length := f.length
	if length <= 0 {
		length = 400
	}
	return len(pos) < 2 || vg.Length(pos[1]-pos[0])*length >= linGapV
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
	unit numUnit
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
	if len(major) < 3 && decades < 1.2 {
		lin := &linTicks{axisFit: t.axisFit, unit: t.unit}
		return lin.Ticks(lo, hi)
	}
	labels := formatAll(t.unit, major, 0)
	if !t.spaced(pos(major), labels) {
		dense, denseLabels := major, labels
		for every := 1; ; every++ {
			major = at([]float64{1}, every)
			labels = formatAll(t.unit, major, 0)
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

func containsClose(vs []float64, v float64) bool {
	for _, w := range vs {
		if math.Abs(w-v) <= 1e-9*math.Abs(v) {
			return true
		}
	}
	return false
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
	if !(hi > lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil
	}
	a, b := lo/t.unit.seconds, hi/t.unit.seconds
	steps := slices.Clone(t.unit.steps)
	for s := steps[len(steps)-1]; s < b-a; {
		s = nextStep(s)
		steps = append(steps, s)
	}
	var vs, secs []float64
	var labels []string
	for _, step := range steps {
		vs, secs = vs[:0], secs[:0]
		for i := math.Ceil(a/step - 1e-9); i*step <= b+step*1e-9; i++ {
			v := i * step
			if v == 0 {
				v = 0
			}
			vs = append(vs, v)
			secs = append(secs, v*t.unit.seconds)
		}
		labels = formatAll(plain, vs, step)
		pos := make([]float64, len(vs))
		for i, v := range vs {
			pos[i] = (v - a) / (b - a)
		}
		if len(vs) <= 2 || t.spaced(pos, labels) {
			break
		}
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

// formatAll prints the tick values of one axis. step > 0 is the spacing of
// linear ticks: all labels share its precision and the suffix of the
// largest value ("$0 $5k $10k"). step = 0 (log ticks) prints each value as
// short as it goes, with its own suffix ("$100 $1,000 $10k").
func formatAll(u numUnit, vs []float64, step float64) []string {
	maxAbs := 0.0
	for _, v := range vs {
		maxAbs = math.Max(maxAbs, math.Abs(v))
	}
	out := make([]string, len(vs))
	for i, v := range vs {
		ref := maxAbs
		if step == 0 {
			ref = math.Abs(v)
		}
		out[i] = formatTick(u, v, step, ref)
	}
	return out
}

// formatTick prints v; ref picks the suffix (k, M).
func formatTick(u numUnit, v, step, ref float64) string {
	scale, suffix := 1.0, ""
	switch u {
	case money:
		switch {
		case ref >= 1e6:
			scale, suffix = 1e6, "M"
		case ref >= 1e4:
			scale, suffix = 1e3, "k"
		}
	case plain:
		if ref >= 1e6 {
			scale, suffix = 1e6, "M"
		}
	case percent:
		scale = 0.01
	}
	if v == 0 {
		suffix = ""
	}
	x := v / scale
	dec := -1 // shortest
	if step > 0 {
		dec = decimalsFor(step / scale)
	}
	if u == money && suffix == "" && v != 0 {
		switch {
		case step > 0 && step < 1:
			dec = max(dec, 2) // "$0.00 $0.50 $1.00", never "$0.5"
		case step == 0 && x != math.Trunc(x):
			dec = max(2, shortestDecimals(x)) // "$0.50", "$0.05"
		}
	}
	if u == money && v == 0 && step > 0 && step < 1 {
		dec = max(dec, 2)
	}
	s := groupThousands(strconv.FormatFloat(x, 'f', dec, 64))
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	switch u {
	case money:
		s = "$" + s
	case percent:
		s += "%"
	}
	if neg {
		s = "−" + s // a real minus sign
	}
	return s + suffix
}

// decimalsFor is the number of decimals that prints multiples of step.
func decimalsFor(step float64) int {
	if step <= 0 {
		return 0
	}
	d := int(math.Ceil(-math.Log10(step) - 1e-9))
	return max(d, 0)
}

func shortestDecimals(x float64) int {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// groupThousands puts commas in the integer part of a formatted number.
func groupThousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	if len(intPart) <= 3 {
		return sign + intPart + frac
	}
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return sign + b.String() + frac
}

// Value formatting for labels inside charts.

// fmtMS prints a latency: "0.42 ms", "4.2 ms", "412 ms", "1.23 s".
func fmtMS(ms float64) string {
	switch {
	case ms >= 1000:
		return sig(ms/1000, 3) + " s"
	case ms >= 100:
		return strconv.FormatFloat(math.Round(ms), 'f', 0, 64) + " ms"
	}
	return sig(ms, 2) + " ms"
}

// fmtUSD prints an amount of money for a label: "$0.042", "$12.34",
// "$1,234", "$12.3k".
func fmtUSD(v float64) string {
	neg := v < 0
	v = math.Abs(v)
	var s string
	switch {
	case v >= 1e6:
		s = "$" + sig(v/1e6, 3) + "M"
	case v >= 1e4:
		s = "$" + sig(v/1e3, 3) + "k"
	case v >= 100:
		s = "$" + groupThousands(strconv.FormatFloat(math.Round(v), 'f', 0, 64))
	case v >= 0.1 || v == 0:
		s = "$" + strconv.FormatFloat(v, 'f', 2, 64)
	default:
		s = "$" + sig(v, 2)
	}
	if neg {
		return "−" + s
	}
	return s
}

// fmtRate prints a request rate to two significant digits: "0.42", "42",
// "4,200".
func fmtRate(r float64) string { return sig(r, 2) }

// sig prints x to n significant digits, without exponent or trailing
// zeros, with thousands grouped.
func sig(x float64, n int) string {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return "0"
	}
	mag := int(math.Floor(math.Log10(math.Abs(x))))
	dec := max(n-1-mag, 0)
	r := math.Round(x*math.Pow(10, float64(dec))) / math.Pow(10, float64(dec))
	if dec == 0 {
		p := math.Pow(10, float64(mag+1-n))
		r = math.Round(x/p) * p
	}
	s := strconv.FormatFloat(r, 'f', dec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return groupThousands(s)
}
