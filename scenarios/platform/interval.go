package platform

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/execsim/execsim/internal/format"
)

// Words is the interval in words, for the q-quantile it is of: "95 %
// interval 301.2 ms–352.0 ms from 1,312 completed requests", or open
// above "95 % interval from 281.0 ms, open above: 150 completed requests
// cannot bound a p99 above their slowest, 299.0 ms; that takes 381". It
// is the one wording of a percentile's interval: the verdict's close
// calls (CloseCall.Words) and the placement's (hybrid's marginal) both
// use it, where each had its own and the open case read "cannot bound it
// from above" in one and named the slowest and the requests it takes in
// the other.
func (iv Interval) Words(q float64) string {
	n := format.Count(iv.Completed)
	if !iv.Open {
		return fmt.Sprintf("95 %% interval %s–%s from %s completed %s", millis(iv.Lo), millis(iv.Hi), n, format.Plural(int(iv.Completed), "request", "requests"))
	}
	return fmt.Sprintf("95 %% interval from %s, open above: %s completed %s cannot bound a %s above %s slowest, %s; that takes %s",
		millis(iv.Lo), n, format.Plural(int(iv.Completed), "request", "requests"), SLO{Quantile: q}.Percentile(),
		format.Plural(int(iv.Completed), "its", "their"), millis(iv.Hi), format.Count(BoundedFrom(q)))
}

// OnlyOpen tells whether target lies inside the interval only because it
// is open above: at or above the sample's slowest latency, so that
// nothing in the sample comes near it and only the sample's size makes
// the call close. A target below the slowest (some requests slower than
// it) is a close call on the sample's latencies, open interval or not:
// walk13's catalog-profile-175, p99 834.7 ms over 166 requests against
// 800 ms, missed on Lambda by its tail, was counted with the services
// whose tail lay "however far below the target", unnamed, though the
// most was at stake on it.
func (iv Interval) OnlyOpen(target time.Duration) bool { return iv.Open && target >= iv.Hi }

// millis is a duration in the report's words: "301.2 ms", "1.012 s".
func millis(d time.Duration) string { return format.Millis(float64(d) / 1e6) }

// quantileOf is the quantile a percentile's name stands for ("p99" is
// 0.99, "p99.9" 0.999), ok false for a name that is none.
func quantileOf(percentile string) (float64, bool) {
	p, ok := strings.CutPrefix(percentile, "p")
	if !ok || p == "" {
		return 0, false
	}
	var v float64
	if _, err := fmt.Sscanf(p, "%g", &v); err != nil || v <= 0 || v >= 100 || math.IsNaN(v) {
		return 0, false
	}
	return v / 100, true
}
