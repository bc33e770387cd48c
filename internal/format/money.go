package format

import "math"

// USD prints an amount of dollars for text: cents, or six decimals below one
// cent, with thousands grouped: "$0.00", "$0.006611", "$12.34",
// "$1,234.56", "-$5.00". It rounds once, half away from zero on the digits
// shown (roundAt, as USDShort and Tick), and splits the rounded amount:
// printing the whole dollars and the cents apart, $1,234.999 came out
// "$1,234.00" (review9a). The case follows the amount as rounded, so
// $0.0099999 is "$0.01", not "$0.010000". A negative amount takes the ASCII
// hyphen in front of the dollar sign, unless it prints as zero. Infinities
// print as "∞" and "−∞", NaN as "—" (nonFinite).
func USD(x float64) string {
	if s, ok := nonFinite(x); ok {
		return s
	}
	if x == 0 {
		return "$0.00"
	}
	a := math.Abs(x)
	dec := 2
	if roundAt(a, 6) < 0.01 {
		dec = 6
	}
	r := roundAt(a, dec)
	s := "$" + group(fixed(r, dec))
	if x < 0 && r != 0 {
		return "-" + s
	}
	return s
}

// USDShort prints an amount of money for a chart label, to about three
// significant digits, with the suffixes of the ticks' ladder: "$0.042",
// "$12.34", "$1,234", "$12.3k", "$2.5M", "$4.1B", "$1T". Every rounding is
// half away from zero on the digits shown (roundAt): $9,995 is "$10k", as
// $9,999.4 is. Infinities print as "∞" and "−∞", NaN as "—" (nonFinite).
func USDShort(v float64) string {
	if s, ok := nonFinite(v); ok {
		return s
	}
	neg := v < 0
	v = math.Abs(v)
	var s string
	switch r := roundSig(v, 3); {
	case r >= 1e4:
		// the rung of the value as printed: $999.96M is "$1B", not "$1,000M"
		scale, suffix := rung(r, 1e4)
		// r, not v: v/scale would round again, in binary (9.995 → 9.99)
		s = "$" + Sig(r/scale, 3) + suffix
	// Each case below is chosen by the value as that case would print it:
	// chosen by v, $99.995 was "$100.00" beside "$100" for $100, and
	// $0.09996 "$0.1", without its cents (review9a).
	case roundAt(v, 2) >= 100:
		s = "$" + group(fixed(roundAt(v, 0), 0))
	case roundSig(v, 2) >= 0.1 || v == 0:
		s = "$" + fixed(roundAt(v, 2), 2)
	default:
		s = "$" + Sig(v, 2)
	}
	if neg {
		return minus + s
	}
	return s
}

// nonFinite is the label of a value no number prints: "∞" and "−∞" for
// the infinities, "—" for NaN, the dash the reports print for a value not
// measured. No dollar sign: "$∞" would read as an amount. A label of a
// finite value is never one of these (ok false).
func nonFinite(v float64) (string, bool) {
	switch {
	case math.IsNaN(v):
		return "—", true
	case math.IsInf(v, 1):
		return "∞", true
	case math.IsInf(v, -1):
		return minus + "∞", true
	}
	return "", false
}
