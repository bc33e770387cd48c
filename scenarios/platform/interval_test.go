package platform

import (
	"strings"
	"testing"
	"time"
)

// A percentile's 95 % interval reads the same in the verdict's close
// calls and the placement's (rev14a: the open one read "cannot bound it
// from above" in one and named the slowest request and the requests it
// takes in the other; the bounded one "from 166 requests" in one and
// "from 166 completed requests" in the other).
func TestIntervalWords(t *testing.T) {
	ms := time.Millisecond
	for _, tc := range []struct {
		iv   Interval
		q    float64
		want string
	}{
		{Interval{Lo: 522200 * time.Microsecond, Hi: 1012 * ms, Completed: 1166}, 0.99, "95 % interval 522.2 ms–1.012 s from 1,166 completed requests"},
		{Interval{Lo: 281 * ms, Hi: 299 * ms, Open: true, Completed: 150}, 0.99, "95 % interval from 281.0 ms, open above: 150 completed requests cannot bound a p99 above their slowest, 299.0 ms; that takes 381"},
		{Interval{Lo: 90 * ms, Hi: 120 * ms, Open: true, Completed: 1}, 0.95, "95 % interval from 90.0 ms, open above: 1 completed request cannot bound a p95 above its slowest, 120.0 ms; that takes 73"},
	} {
		if got := tc.iv.Words(tc.q); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.iv, got, tc.want)
		}
		c := CloseCall{Service: "s", Percentile: SLO{Quantile: tc.q}.Percentile(), TargetMs: 300, MeasuredMs: 290,
			LowMs: Ms(tc.iv.Lo), HighMs: Ms(tc.iv.Hi), Open: tc.iv.Open, Completed: tc.iv.Completed}
		if got := c.Words(); !strings.HasSuffix(got, "("+tc.want+")") {
			t.Errorf("the close call's words %q do not end in the interval's (%s)", got, tc.want)
		}
	}
}

// Only a target at or above the slowest request is inside an interval
// only because it is open above.
func TestIntervalOnlyOpen(t *testing.T) {
	ms := time.Millisecond
	open := Interval{Lo: 522 * ms, Hi: 1012 * ms, Open: true, Completed: 166}
	bounded := open
	bounded.Open = false
	for _, tc := range []struct {
		iv     Interval
		target time.Duration
		want   bool
	}{
		{open, 800 * ms, false}, // a tail of 834.7 ms over 800 ms: some requests slower
		{open, 1012 * ms, true},
		{open, 5 * time.Second, true},
		{bounded, 5 * time.Second, false},
	} {
		if got := tc.iv.OnlyOpen(tc.target); got != tc.want {
			t.Errorf("%+v, target %v: %t, want %t", tc.iv, tc.target, got, tc.want)
		}
	}
}
