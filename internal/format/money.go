package format

import (
	"fmt"
	"math"
	"strconv"
)

// USD prints an amount of dollars for text: cents, or six decimals below one
// cent, with thousands grouped from $1,000: "$0.00", "$0.006611", "$12.34",
// "$1,234.56". Infinities print as "∞" and "−∞", NaN as "—" (nonFinite).
func USD(x float64) string {
	if s, ok := nonFinite(x); ok {
		return s
	}
	switch {
	case x == 0:
		return "$0.00"
	case x < 0.01:
		return fmt.Sprintf("$%.6f", x)
	case x >= 1000:
		return "$" + Count(int64(x)) + fmt.Sprintf("%.2f", x-float64(int64(x)))[1:]
	}
	return fmt.Sprintf("$%.2f", x)
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
	case v >= 100:
		s = "$" + group(strconv.FormatFloat(roundAt(v, 0), 'f', 0, 64))
	case v >= 0.1 || v == 0:
		s = "$" + strconv.FormatFloat(roundAt(v, 2), 'f', 2, 64)
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
