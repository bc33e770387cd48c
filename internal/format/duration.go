package format

import (
	"fmt"
	"math"
	"strconv"
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

// RunLength prints a length of run given in seconds: whole hours as "1 h",
// whole minutes as "30 min", anything else in seconds ("90.5 s").
func RunLength(sec float64) string {
	switch {
	case sec >= 3600 && int64(sec)%3600 == 0:
		return fmt.Sprintf("%d h", int64(sec)/3600)
	case sec >= 60 && int64(sec)%60 == 0:
		return fmt.Sprintf("%d min", int64(sec)/60)
	}
	return fmt.Sprintf("%g s", sec)
}
