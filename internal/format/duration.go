package format

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Millis prints a duration given in milliseconds for text: "0.843 ms",
// "84.3 ms", "1.204 s", and from a minute on as a time.Duration rounded to
// the second ("2m5s").
func Millis(ms float64) string {
	switch {
	case ms >= 60_000:
		return (time.Duration(ms * float64(time.Millisecond))).Round(time.Second).String()
	case ms >= 1000:
		return fmt.Sprintf("%.3f s", ms/1000)
	case ms >= 10:
		return fmt.Sprintf("%.1f ms", ms)
	}
	return fmt.Sprintf("%.3f ms", ms)
}

// MillisShort prints a latency given in milliseconds for a chart label:
// "0.42 ms", "4.2 ms", "412 ms", "1.23 s".
func MillisShort(ms float64) string {
	switch {
	case ms >= 1000:
		return Sig(ms/1000, 3) + " s"
	case ms >= 100:
		return strconv.FormatFloat(math.Round(ms), 'f', 0, 64) + " ms"
	}
	return Sig(ms, 2) + " ms"
}

// Clock prints seconds since the start of a run, rounded to the second, as
// h:mm:ss: "0:05:00", "26:00:00".
func Clock(sec float64) string {
	s := int64(math.Round(sec))
	return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
}

// RunLength prints a length of run given in seconds in hours, minutes and
// seconds, leaving out the zero ones: "1 h", "30 min", "11 h 45 min 36 s",
// "1 min 30.5 s", "45 s". A reader should not have to divide 42336 s by
// 3600 to see that a run lasted half a day.
func RunLength(sec float64) string {
	if sec < 60 || math.IsInf(sec, 0) || math.IsNaN(sec) {
		return fmt.Sprintf("%g s", sec)
	}
	// to the millisecond first, so that 119.9996 s is 2 min, not 1 min 60 s
	ms := int64(math.Round(sec * 1000))
	h, m := ms/3_600_000, ms/60_000%60
	s := float64(ms%60_000) / 1000
	var parts []string
	if h > 0 {
		parts = append(parts, fmt.Sprintf("%d h", h))
	}
	if m > 0 {
		parts = append(parts, fmt.Sprintf("%d min", m))
	}
	if s > 0 {
		parts = append(parts, strconv.FormatFloat(s, 'g', -1, 64)+" s")
	}
	return strings.Join(parts, " ")
}
