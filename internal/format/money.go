package format

import (
	"fmt"
	"math"
	"strconv"
)

// USD prints an amount of dollars for text: cents, or six decimals below one
// cent, with thousands grouped from $1,000: "$0.00", "$0.006611", "$12.34",
// "$1,234.56".
func USD(x float64) string {
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
// "$12.34", "$1,234", "$12.3k", "$2.5M", "$4.1B", "$1T".
func USDShort(v float64) string {
	neg := v < 0
	v = math.Abs(v)
	var s string
	switch r := roundSig(v, 3); {
	case r >= 1e4:
		// the rung of the value as printed: $999.96M is "$1B", not "$1,000M"
		scale, suffix := rung(r, 1e4)
		s = "$" + Sig(v/scale, 3) + suffix
	case v >= 100:
		s = "$" + group(strconv.FormatFloat(math.Round(v), 'f', 0, 64))
	case v >= 0.1 || v == 0:
		s = "$" + strconv.FormatFloat(v, 'f', 2, 64)
	default:
		s = "$" + Sig(v, 2)
	}
	if neg {
		return minus + s
	}
	return s
}
