package format

import (
	"math"
	"strconv"
	"strings"
)

// Unit says how the tick labels of an axis print their values.
type Unit uint8

const (
	Plain    Unit = iota // 1,500 · 0.25 · 2M · 3B
	Money                // $0.50 · $1,500 · $15k · $2.5M · $1T
	Fraction             // a fraction printed as a percentage: 0.25 is 25%
)

// Ticks prints the tick values of one axis. step > 0 is the spacing of
// linear ticks: every label has its precision and the suffix of the largest
// value ("$0 $5k $10k", "0.0 0.5 1.0"). step = 0 (log ticks) prints each
// value as short as it goes, with its own suffix ("$100 $1,000 $10k").
func Ticks(u Unit, vs []float64, step float64) []string {
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
		out[i] = Tick(u, v, step, ref)
	}
	return out
}

// Tick prints one tick value v of an axis with spacing step (0: none, print
// v as short as it goes); ref, the largest value on the axis, picks the
// suffix of the package's ladder (k, M, B, T): M from a million, B from a
// billion, T from a trillion, and for money k from ten thousand. Money below
// $1 keeps cents ("$0.50", never "$0.5"); a negative value takes a minus
// sign (U+2212) in front of the dollar sign. Infinities and NaN print as
// nonFinite says, whatever the unit (Tick(+Inf) was "$+,InfT").
func Tick(u Unit, v, step, ref float64) string {
	if s, ok := nonFinite(v); ok {
		return s
	}
	scale, suffix := 1.0, ""
	switch u {
	case Money:
		scale, suffix = rung(ref, 1e4)
	case Plain:
		scale, suffix = rung(ref, 1e6)
	case Fraction:
		scale = 0.01
	}
	if v == 0 {
		suffix = ""
	}
	// v's digits with the point moved, not v / scale in binary, which can
	// land beside them (a log tick prints x as short as it goes)
	x := scale10(v, -exponent(scale))
	if s, ok := nonFinite(x); ok {
		return s // a fraction past 1.8e306 is no finite percentage ("+,Inf%")
	}
	dec := -1 // shortest
	if step > 0 {
		dec = decimals(step / scale)
	}
	if u == Money && suffix == "" && v != 0 {
		switch {
		case step > 0 && step < 1:
			dec = max(dec, 2) // "$0.00 $0.50 $1.00", never "$0.5"
		case step == 0 && x != math.Trunc(x):
			dec = max(2, shortestDecimals(x)) // "$0.50", "$0.05"
		}
	}
	if u == Money && v == 0 && step > 0 && step < 1 {
		dec = max(dec, 2)
	}
	var s string
	if dec < 0 {
		s = group(strconv.FormatFloat(x, 'f', -1, 64))
	} else {
		// v rounded on its own digits, half away from zero as USD and
		// USDShort round, then scaled: FormatFloat(x, 'f', dec) rounded
		// the binary x, and $0.125 was "$0.12" on an axis but "$0.13" in
		// a label (review9a). x is v over scale = 10^k: x to dec decimals
		// is v to dec-k ($12,345 in k to one decimal is v to the hundred).
		// A value that rounds to zero prints unsigned, as USD's: "0.0",
		// not "−0.0", for a tick a step's sum left at -1e-17.
		r := roundAt(v, dec-exponent(scale))
		if r == 0 {
			r = 0 // not -0
		}
		s = group(fixed(r/scale, dec))
	}
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	switch u {
	case Money:
		s = "$" + s
	case Fraction:
		s += "%"
	}
	if neg {
		s = minus + s
	}
	return s + suffix
}

// ladder is the suffixes of large numbers, largest first, on the short
// scale a financial page uses ("$2.5B", "$1.2T"): one ladder for every
// label this package prints, ticks and money alike, so that no chart says
// "$1,000,000M" for a trillion (a review saw it on a cost axis).
var ladder = []struct {
	scale  float64
	suffix string
}{{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}}

// rung is the scale and suffix of the ladder for numbers up to ref: the
// largest rung at or below ref, none below from (money takes k from ten
// thousand, "$5,000" reading better than "$5k"; plain numbers take M
// first, keeping "50,000").
func rung(ref, from float64) (float64, string) {
	if !(ref >= from) {
		return 1, ""
	}
	for _, r := range ladder {
		if ref >= r.scale {
			return r.scale, r.suffix
		}
	}
	return 1, ""
}
