package format

import (
	"math"
	"strconv"
	"strings"
)

// minus is the sign of a negative value in a chart label (U+2212, as wide
// as a plus; the ASCII hyphen is shorter and reads as a dash).
const minus = "−"

// Count prints an integer with thousands grouped: "1,234,567", "-1,000".
func Count(n int64) string { return group(strconv.FormatInt(n, 10)) }

// Percent prints a fraction as a percentage with two decimals, or four
// when two would not show a rare event: "12.34 %", "0.0012 %", "0.00 %".
// The percentage is the fraction's decimal digits moved two places
// (scale10), not 100 × its binary value, and rounds as USD does
// (decimal): Percent(0.00125) is "0.13 %" (it was "0.12 %"), a negative
// share that rounds to zero prints unsigned, and NaN and the infinities
// print as nonFinite says.
func Percent(frac float64) string { return percentage(scale10(frac, 2)) }

// PercentOf prints n as a percentage of of, like Percent; "0 %" when of is
// zero.
func PercentOf(n, of int64) string {
	if of == 0 {
		return "0 %"
	}
	return percentage(100 * float64(n) / float64(of))
}

// percentage prints p percent with two decimals, or four when p is not
// zero and two would print it as zero. The case follows the value as
// rounded, as USD's: 0.009999996 % is "0.01 %", not "0.0100 %".
func percentage(p float64) string {
	if s, ok := nonFinite(p); ok {
		return s
	}
	dec := 2
	if p != 0 && roundAt(math.Abs(p), 4) < 0.01 {
		dec = 4
	}
	return decimal(p, dec) + " %"
}

// Ratio prints how many times one value is another: "3.2×", from ten on
// without decimals ("12×"). The case follows the value as rounded: 9.96 is
// "10×" beside 10's, not "10.0×".
func Ratio(x float64) string {
	if s, ok := nonFinite(x); ok {
		return s
	}
	if roundAt(math.Abs(x), 1) >= 10 {
		return decimal(x, 0) + "×"
	}
	return decimal(x, 1) + "×"
}

// Rate prints a request rate for a chart label, to two significant digits:
// "0.042", "42", "4,200".
func Rate(r float64) string { return Sig(r, 2) }

// Sig prints x to n significant digits, without exponent or trailing
// zeros, with thousands grouped: Sig(1234.5, 3) is "1,230", Sig(0.04567, 2)
// "0.046". Zero, NaN and ±Inf print as "0".
func Sig(x float64, n int) string {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return "0"
	}
	r, dec := sigRound(x, n)
	// fixed, not FormatFloat(r, 'f', dec): beyond 2^53 that printed r's
	// binary digits, and Sig(1e23, 3) was "99,999,999,999,999,991,611,392"
	s := fixed(r, dec)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return group(s)
}

// sigRound is x rounded to n significant digits, half away from zero on
// the digits of x's shortest decimal form (roundAt), and the decimals that
// leaves (0 from the units up). Rounding in binary instead, 9995 came out
// "9.99k" (9.995 is held below itself) while 9999.4 gave "10k" (review7).
func sigRound(x float64, n int) (float64, int) {
	mag := exponent(x)
	dec := n - 1 - mag
	r := roundAt(x, dec)
	if math.IsInf(r, 0) {
		// rounded up past the largest float (1.7976931348623157e308 to
		// four digits): x itself, its digits in full, where Sig printed
		// "+,Inf" and USDShort "$0T"
		r = x
	}
	return r, max(dec, 0)
}

// exponent is the power of ten of x's leading digit, read from its
// decimal form: math.Floor(math.Log10(x)) is one short where Log10 is
// inexact, as for 1e15 (math.Log10(1e15) is 14.999999999999998).
func exponent(x float64) int {
	s := strconv.FormatFloat(x, 'e', -1, 64)
	e, _ := strconv.Atoi(s[strings.IndexByte(s, 'e')+1:])
	return e
}

// roundAt rounds finite x to dec decimals (dec < 0: to tens, hundreds…),
// half away from zero, on the digits of the shortest decimal that reads
// back as x: the digits a reader would see, not the binary value below or
// above them.
func roundAt(x float64, dec int) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	s := strconv.FormatFloat(math.Abs(x), 'e', -1, 64) // "d.ddde±XX"
	i := strings.IndexByte(s, 'e')
	e, _ := strconv.Atoi(s[i+1:])
	digits := strings.Replace(s[:i], ".", "", 1) // value = 0.digits × 10^(e+1)
	keep := e + 1 + dec                          // digits left of the cut
	if keep >= len(digits) {
		return x // already within dec decimals
	}
	var kept uint64 // at most 17 digits: fits
	if keep > 0 {
		kept, _ = strconv.ParseUint(digits[:keep], 10, 64)
	}
	if keep >= 0 && digits[keep] >= '5' {
		kept++
	}
	r, _ := strconv.ParseFloat(strconv.FormatUint(kept, 10)+"e"+strconv.Itoa(-dec), 64)
	return math.Copysign(r, x)
}

// fixed prints r, a value roundAt has rounded to dec >= 0 decimals, with
// exactly dec decimals, from the digits of r's shortest decimal form: those
// are the digits roundAt kept, where FormatFloat(r, 'f', dec) would round
// r's binary value again, and print its binary digits beyond 2^53.
func fixed(r float64, dec int) string {
	s := strconv.FormatFloat(r, 'f', -1, 64)
	have := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		have = len(s) - i - 1
	}
	switch {
	case have > dec: // r was not rounded to dec decimals: round it as roundAt would
		return strconv.FormatFloat(roundAt(r, dec), 'f', dec, 64)
	case have == 0 && dec > 0:
		s += "."
	}
	return s + strings.Repeat("0", dec-have)
}

// decimal prints x rounded to dec >= 0 decimals by the one rule of this
// package (roundAt: half away from zero on the digits of x's shortest
// decimal form), ungrouped, with an ASCII hyphen when x is negative and
// does not print as zero (-0.001 to two decimals is "0.00", as USD's
// "$0.00"). The text formatters that print a fixed number of decimals go
// through it, so that Fixed2(1.005) is "1.01" as USD(1.005) is "$1.01";
// FormatFloat(x, 'f', dec) rounded the binary value (1.00499…, "1.00")
// and broke exact ties to even (0.125, "0.12").
func decimal(x float64, dec int) string {
	r := roundAt(math.Abs(x), dec)
	s := fixed(r, dec)
	if x < 0 && r != 0 {
		return "-" + s
	}
	return s
}

// scale10 is x × 10^k on x's decimal digits: the digits of x's shortest
// form with the exponent moved, read back. 100 × 0.00115 in binary is
// 0.11499999999999999, a percentage that would round down to "0.11 %";
// scale10(0.00115, 2) is 0.115, "0.12 %". Zero, NaN and the infinities
// are returned as they are.
func scale10(x float64, k int) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) || k == 0 {
		return x
	}
	s := strconv.FormatFloat(x, 'e', -1, 64)
	i := strings.IndexByte(s, 'e')
	e, _ := strconv.Atoi(s[i+1:])
	r, _ := strconv.ParseFloat(s[:i]+"e"+strconv.Itoa(e+k), 64) // ±Inf or 0 out of range
	return r
}

// roundSig is x rounded to n significant digits (0, NaN and ±Inf as they are).
func roundSig(x float64, n int) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	r, _ := sigRound(x, n)
	return r
}

// group puts commas in the integer part of a formatted number:
// "1234567.5" becomes "1,234,567.5", "-1000" "-1,000".
func group(s string) string {
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

// decimals is the number of decimals that prints every multiple of step.
func decimals(step float64) int {
	if step <= 0 {
		return 0
	}
	d := int(math.Ceil(-math.Log10(step) - 1e-9))
	return max(d, 0)
}

// shortestDecimals is the number of decimals of x printed as short as it
// goes.
func shortestDecimals(x float64) int {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// And joins words for a sentence: "a", "a and b", "a, b and c".
func And(parts []string) string {
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// Or joins alternatives for a sentence: "a", "a or b", "a, b or c".
func Or(parts []string) string {
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// Plural is one when n is 1 and many otherwise: Plural(n, "service",
// "services"), Plural(n, "it gets", "they get").
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// FirstNames names the first k of names and says how many more there
// are, the count grouped: FirstNames([a b c d e f], 3) is "a, b, c and 3
// more", and a list that fits is joined as And joins it ("a, b and c"). It
// never says "and 1 more": one name more is named, since the count would
// hide it for no shorter a sentence. A warning naming every one of 500
// services would be unreadable, and the note under tune.png with 197
// names took half the image (walk11 #7). It is the one helper that
// shortens a list of names: warnings, errors, the report and the CLI say
// the same thing the same way (three twins had "a, b, c" against "a, b
// and c", "and 1 more", and "and 1200 more" against "and 1,200 more").
func FirstNames(names []string, k int) string {
	if len(names) <= k+1 {
		return And(names)
	}
	return strings.Join(names[:k], ", ") + " and " + Count(int64(len(names)-k)) + " more"
}

// Fixed2 prints a level or an amount (mean pods, nodes, environments,
// queued requests; node hours) to two decimals, grouped as Count groups
// the peak beside it: "1,004.98" next to "1,005", not "1004.98". It rounds
// as USD does (decimal): 1.005 is "1.01", 0.125 "0.13". NaN and the
// infinities print as nonFinite says.
func Fixed2(x float64) string {
	if s, ok := nonFinite(x); ok {
		return s
	}
	return group(decimal(x, 2))
}

// MegabytesApart writes a size and a limit given in KB as MB, each with as
// many significant digits as it takes to tell them apart (6145 KB against
// 6144 is "6.001 MB" and "6 MB", not "6 MB" twice), for messages that say
// a payload is over its limit.
func MegabytesApart(kb, limitKB float64) (string, string) {
	n := 2
	for n < 8 && Sig(kb/1024, n) == Sig(limitKB/1024, n) {
		n++
	}
	return Sig(kb/1024, n) + " MB", Sig(limitKB/1024, n) + " MB"
}
