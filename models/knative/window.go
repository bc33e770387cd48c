package knative

import (
	"math"
	"time"

	"github.com/execsim/execsim/sim"
)

// window is the KPA's windowed average of a metric: values recorded into
// buckets of BucketSize, averaged over the buckets of the last window, in
// the manner of knative/serving pkg/autoscaler/aggregation/bucketing.go
// (TimedFloat64Buckets). Values recorded in the same bucket add up (the
// stats of several pods, or the activator's and the pods', in one second
// are one revision's total). The average divides by the buckets from the
// first write on, not by the whole window, so a revision that started
// 10 s ago is not diluted by 50 s it never lived; after a window with no
// write at all it is 0.
type window struct {
	buckets []float64 // ring, one per BucketSize of the window
	total   float64   // sum of the ring
	first   int64     // bucket index (time / BucketSize) of the first write since the last reset
	last    int64     // bucket index of the last write
	written bool
}

func newWindow(w time.Duration) *window {
	return &window{buckets: make([]float64, max(1, int(w/BucketSize)))}
}

func bucketOf(t sim.Time) int64 { return int64(t) / int64(BucketSize) }

// record adds v to the bucket of now. A write older than the window is
// dropped; a write after a window of silence starts afresh.
func (w *window) record(now sim.Time, v float64) {
	b := bucketOf(now)
	n := int64(len(w.buckets))
	if w.written && b != w.last {
		if b+n <= w.last {
			return // a window or more in the past
		}
		if b > w.last {
			if b-w.last >= n {
				clear(w.buckets)
				w.total = 0
				w.first = b
			} else {
				// clear the buckets skipped since the last write
				for i := w.last + 1; i <= b; i++ {
					w.total -= w.buckets[i%n]
					w.buckets[i%n] = 0
				}
			}
			w.last = b
		}
		w.first = min(w.first, b)
	}
	if !w.written {
		w.written, w.first, w.last = true, b, b
	}
	w.buckets[b%n] += v
	w.total += v
}

// hasData is whether anything was ever recorded (the KPA takes no decision
// before: am.ErrNoData).
func (w *window) hasData() bool { return w.written }

// average is the window's average at now.
func (w *window) average(now sim.Time) float64 {
	if !w.written {
		return 0
	}
	b := bucketOf(now)
	n := int64(len(w.buckets))
	valid := func(drop int64) float64 {
		return float64(min(w.last-w.first+1, n-drop))
	}
	switch d := b - w.last; {
	case d <= 0:
		return round6(w.total / valid(0))
	case d < n:
		// buckets after the last write have aged out of the window
		t := w.total
		for i := w.last + 1; i <= b; i++ {
			t -= w.buckets[i%n]
		}
		return round6(t / valid(d))
	default:
		return 0
	}
}

// round6 rounds to six decimals, as upstream's WindowAverage does
// (roundToNDigits(precision = 6)), so that sums of float seconds that
// should be whole do not straddle a ceiling.
func round6(v float64) float64 {
	const p = 1e6
	return math.Round(v*p) / p
}
