package format

import (
	"math"
	"strconv"
	"strings"
)

// Millis prints a duration given in milliseconds for text: "0.843 ms",
// "84.3 ms", "1.204 s", and from a minute on in hours, minutes and whole
// seconds as a time.Duration prints them ("2m5s", "1h0m0s"). Each case
// rounds as USD does (decimal), and the case is the one the value takes
// as rounded: 999.96 ms is "1.000 s", not "1000.0 ms", and 59,999.6 ms
// "1m0s", not "60.000 s". NaN and the infinities print as nonFinite says.
func Millis(ms float64) string {
	if s, ok := nonFinite(ms); ok {
		return s
	}
	a := math.Abs(ms)
	switch {
	case roundAt(a, 3) < 10:
		return decimal(ms, 3) + " ms"
	case roundAt(a, 1) < 1000:
		return decimal(ms, 1) + " ms"
	case roundAt(a, 0) < 60_000:
		// whole milliseconds, then the point moved: the seconds' digits
		return decimal(scale10(roundAt(ms, 0), -3), 3) + " s"
	}
	s := hms(roundAt(a, -3)/1000, "h", "m", "s", "")
	if ms < 0 {
		return "-" + s
	}
	return s
}

// MillisShort prints a latency given in milliseconds for a chart label:
// "0.42 ms", "4.2 ms", "412 ms", "1.23 s", chosen, as Millis's cases, by
// the value as rounded (999.6 ms is "1 s", not "1000 ms").
func MillisShort(ms float64) string {
	if s, ok := nonFinite(ms); ok {
		return s // Sig prints them as 0: an infinite latency read "0 s"
	}
	a := math.Abs(ms)
	switch {
	case roundSig(a, 3) >= 1000:
		return Sig(scale10(ms, -3), 3) + " s"
	case roundAt(a, 0) >= 100:
		return decimal(ms, 0) + " ms"
	}
	return Sig(ms, 2) + " ms"
}

// Clock prints seconds since the start of a run, rounded to the second
// (half away from zero, as decimal rounds), as h:mm:ss: "0:05:00",
// "26:00:00". NaN and the infinities print as nonFinite says.
func Clock(sec float64) string {
	if s, ok := nonFinite(sec); ok {
		return s
	}
	r := roundAt(math.Abs(sec), 0)
	h := math.Floor(r / 3600)
	// past 2^53 the remainder can come out below 0 or from 3600 on, even
	// far from it where a float's step is hours, and h*3600 can overflow
	// to +Inf: int64 of it printed "…:0-153722867280912930:0-8" for the
	// largest float. Such a value holds no minutes and seconds to print.
	rest := r - h*3600
	if !(rest >= 0 && rest < 3600) {
		rest = 0
	}
	s := fixed(h, 0) + ":" + pad2(int64(rest)/60) + ":" + pad2(int64(rest)%60)
	if sec < 0 && r != 0 {
		return "-" + s
	}
	return s
}

func pad2(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// RunLength prints a length of run given in seconds in hours, minutes and
// seconds, leaving out the zero ones: "1 h", "30 min", "11 h 45 min 36 s",
// "1 min 30.5 s", "45 s". A reader should not have to divide 42336 s by
// 3600 to see that a run lasted half a day. The seconds are rounded to
// the millisecond as decimal rounds, under a minute as from a minute on:
// a Pending pod's wait printed as "41.26318400000001 s" (its caller
// rounded it itself), 119.9996 s is 2 min, not 1 min 60 s, 59.9996 s is
// 1 min, not 60 s, and 64.0015 s is "1 min 4.002 s" (× 1000 in binary,
// 64001.49999…, lost it). A length under half a millisecond keeps three
// significant digits, never in E notation ("0.0000001 s", not "1e-07 s"
// nor a "0 s" that was not 0).
func RunLength(sec float64) string {
	if s, ok := nonFinite(sec); ok {
		return s
	}
	a := math.Abs(sec)
	switch {
	case a >= 0.0005:
		a = roundAt(a, 3)
	case a > 0:
		a = roundAt(a, 2-int(math.Floor(math.Log10(a))))
	}
	var s string
	if a < 60 {
		s = strconv.FormatFloat(a, 'f', -1, 64) + " s" // -0 printed "-0 s": a is never negative
	} else {
		s = hms(a, " h", " min", " s", " ")
	}
	if sec < 0 {
		return "-" + s
	}
	return s
}

// hms writes sec >= 0, rounded as the caller wants it, in hours, minutes
// and seconds with the given units, joined by sep. With sep "" it is
// time.Duration's form for whole seconds from a minute on ("2m5s",
// "1h0m0s": every unit below the first printed); with a separator it
// leaves out the units that are zero ("1 h 5 s"). The hours are printed
// from their decimal digits, ungrouped as time.Duration prints them, so a
// length past int64's nanoseconds (292 years), where time.Duration wraps,
// still reads.
func hms(sec float64, h, m, s, sep string) string {
	hours := math.Floor(sec / 3600)
	// exact below 2^53 s; above, where a float's step is seconds or more,
	// the remainder can come out below 0 or from 3600 on
	rest := sec - hours*3600
	switch {
	case rest < 0:
		rest = 0
	case rest >= 3600:
		hours, rest = hours+1, rest-3600
	}
	mins := math.Floor(rest / 60)
	// the fraction is sec's binary one (36.1 s is 36.0999…): to the
	// millisecond again, which can reach the next minute
	secs := roundAt(rest-mins*60, 3)
	if secs >= 60 {
		mins, secs = mins+1, 0
	}
	if mins >= 60 {
		hours, mins = hours+1, 0
	}
	var parts []string
	all := sep == ""
	if hours > 0 {
		parts = append(parts, fixed(hours, 0)+h)
	}
	if mins > 0 || (all && hours > 0) {
		parts = append(parts, fixed(mins, 0)+m)
	}
	if secs > 0 || all {
		parts = append(parts, strconv.FormatFloat(secs, 'f', -1, 64)+s)
	}
	return strings.Join(parts, sep)
}
