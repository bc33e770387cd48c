package metrics

import (
	"math"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// Histogram records latencies with bounded relative error. It wraps
// HdrHistogram (a well-kept implementation of Gil Tene's design) in
// microseconds with three significant digits, in a fixed ~270 KiB whatever
// the number of requests; the mean, the minimum and the maximum are kept
// exactly beside it.
//
// Quantile reads percentiles by one rule, the same for every platform and
// every histogram (latency, waiting time, a window's), so that equal
// samples print equal percentiles: see Quantile.
type Histogram struct {
	h *hdr.Histogram
	// pend counts Record's latencies by HdrHistogram's bucket index
	// (bucketIndex) until a read needs them in h (sync), nPend of them;
	// nil until the first Record. hdrhistogram-go's RecordValue costs ~85
	// instructions a value (it finds the bucket, checks ranges, keeps a
	// total and a minimum and maximum of its own) and Record ran once for
	// each of the M/M/10 anchor's ~411,000 waiting customers (the
	// Kubernetes model's waiting times): a count in a plain array is a
	// few, and the buckets reach h once, a RecordValues per bucket in
	// use. h ends with the same counts (TestRecordPendsInHdrBuckets).
	// 4 bytes a bucket, as windowHist's: pendingLimit bounds nPend.
	pend  []uint32
	nPend int64
	n     int64
	sumNs float64
	max   time.Duration
	min   time.Duration
}

// histogramMax is the largest latency recorded exactly; longer ones are
// clamped (30 days is longer than any Lambda async event may live).
const histogramMax = 30 * 24 * time.Hour

// NewHistogram returns an empty histogram.
func NewHistogram() *Histogram {
	return &Histogram{h: hdr.New(1, int64(histogramMax/time.Microsecond), 3), min: math.MaxInt64}
}

// micros is d as the histogram records it: whole microseconds, within its range.
func micros(d time.Duration) int64 {
	return int64(min(max(d, 0), histogramMax) / time.Microsecond)
}

// Record adds one latency.
func (h *Histogram) Record(d time.Duration) {
	d = max(d, 0)
	if h.pend == nil {
		h.pend = make([]uint32, numBuckets)
	}
	h.pend[bucketIndex(micros(d))]++
	h.nPend++
	h.note(d)
	if h.nPend == pendingLimit {
		h.sync()
	}
}

// RecordZeros adds n latencies of 0, as n calls of Record(0) would, in
// one step: the Kubernetes model counts the requests that did not wait
// and records them when its usage is read (about 589,000 on the M/M/10
// anchor, ~50 instructions each through Record). The exact sum is
// unchanged by zeros: it starts at +0 and adds only latencies ≥ 0, so it
// is never −0, and x + 0 is x.
func (h *Histogram) RecordZeros(n int64) {
	if n <= 0 {
		return
	}
	if h.pend == nil {
		h.pend = make([]uint32, numBuckets)
	}
	for n > 0 {
		c := min(n, pendingLimit-h.nPend) // ≥ 1: sync empties pend at the limit
		h.pend[bucketIndex(0)] += uint32(c)
		h.nPend += c
		h.n += c
		h.min = 0 // the least a latency can be
		h.max = max(h.max, 0)
		if h.nPend == pendingLimit {
			h.sync()
		}
		n -= c
	}
}

// sync adds the pending latencies' buckets to h.h. They lie between the
// buckets of the exact minimum and maximum, which note has taken for
// each (and which only widen as the other paths, addBucket and Merge,
// add latencies).
func (h *Histogram) sync() {
	if h.nPend == 0 {
		return
	}
	from, to := bucketIndex(micros(h.min)), bucketIndex(micros(h.max))
	p := h.pend[from : to+1]
	for i, c := range p {
		if c != 0 {
			h.addBucket(from+i, int64(c))
		}
	}
	clear(p)
	h.nPend = 0
}

// note counts d ≥ 0 in the exact figures (count, sum, minimum, maximum)
// but not in the buckets: a Recorder's run histogram takes its buckets
// from its windows' (windowHist.flush), and its figures as requests
// complete, in their order, on which the sum's floating-point result
// depends.
func (h *Histogram) note(d time.Duration) {
	h.n++
	h.sumNs += float64(d)
	if d > h.max {
		h.max = d
	}
	if d < h.min {
		h.min = d
	}
}

// addBucket adds c latencies to bucket i (bucketIndex) of the
// HdrHistogram, and nothing to the exact figures (see note).
func (h *Histogram) addBucket(i int, c int64) {
	lo, _ := bucketRange(i)
	_ = h.h.RecordValues(lo, c) // in range: i came from bucketIndex
}

// Count is the number of recorded latencies.
func (h *Histogram) Count() int64 { return h.n }

// Mean is the exact mean of the recorded latencies.
func (h *Histogram) Mean() time.Duration {
	if h.n == 0 {
		return 0
	}
	return time.Duration(math.Round(h.sumNs / float64(h.n)))
}

// Max is the exact largest recorded latency.
func (h *Histogram) Max() time.Duration { return h.max }

// Min is the exact smallest recorded latency (0 when empty).
func (h *Histogram) Min() time.Duration {
	if h.n == 0 {
		return 0
	}
	return h.min
}

// Quantile returns the q-quantile (0 < q ≤ 1) by one rule:
//
//   - the rank is the nearest rank, k = ⌈q·n⌉ (at least 1) of the n
//     recorded latencies in increasing order;
//   - the value is that of the histogram bucket holding the k-th latency:
//     the exact minimum if the bucket holds the minimum, else the exact
//     maximum if it holds the maximum, else the bucket's midpoint
//     (HdrHistogram's median-equivalent value: the whole microsecond below
//     2.048 ms, where buckets are one microsecond wide). q = 1 is the
//     exact maximum.
//
// The result is within 0.1 % or 1 µs of the exact nearest-rank value (a
// bucket spans at most 1/1024 of its values), depends only on the recorded
// latencies, and is exact for a constant sample and for a sample whose
// quantile falls among its smallest or largest equivalent values: a 200-ms
// service prints 200 ms at every percentile on every platform, whatever
// tail (cold starts) lies above.
//
// HdrHistogram's own ValueAtPercentile differs in both respects: its rank
// is round(q·n), and its value the bucket's upper edge, so that one
// histogram whose maximum lies in the same bucket printed 200.0 ms while
// another, with a cold-start tail, printed 200.1 ms. The walk to rank k is
// still HdrHistogram's (ValueAtPercentile with the percentile 100·k/n, for
// which its rounding gives exactly k), so the cost per call is its cost.
func (h *Histogram) Quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	if q >= 1 {
		return h.max
	}
	k := nearestRank(q, h.n)
	h.sync()
	// the upper edge of the bucket holding the k-th value
	hi := h.h.ValueAtPercentile(100 * float64(k) / float64(h.n))
	switch {
	case h.h.ValuesAreEquivalent(hi, micros(h.min)):
		return h.min
	case h.h.ValuesAreEquivalent(hi, micros(h.max)):
		return h.max
	}
	lo, size := h.bucket(hi)
	v := time.Duration(lo+size/2) * time.Microsecond // HdrHistogram's median-equivalent value
	return min(max(v, h.min), h.max)
}

// nearestRank is ⌈q·n⌉ within [1, n]. q·n in floating point can land just
// above a whole number it equals (0.07·100 = 7.000000000000001); a
// relative 1e-12 below it is far beyond that error and far below any
// fraction q·n truly has for quantiles of up to 9 digits and n below 1e12.
func nearestRank(q float64, n int64) int64 {
	x := q * float64(n)
	k := int64(math.Ceil(x - x*1e-12))
	return min(max(k, 1), n)
}

// bucket returns the lowest value and the size of the bucket whose highest
// value is hi, by HdrHistogram's own notion of equivalent values: buckets
// are aligned ranges of a power-of-two size, so the size is the largest
// power of two p for which hi+1−p is still equivalent to hi.
func (h *Histogram) bucket(hi int64) (lo, size int64) {
	size = 1
	for 2*size <= hi+1 && h.h.ValuesAreEquivalent(hi+1-2*size, hi) {
		size *= 2
	}
	return hi + 1 - size, size
}

// Reset empties the histogram, keeping its memory.
func (h *Histogram) Reset() {
	h.sync() // clears pend between the minimum's and maximum's buckets
	h.h.Reset()
	h.n, h.sumNs, h.max, h.min = 0, 0, 0, math.MaxInt64
}

// Merge adds every latency recorded in o.
func (h *Histogram) Merge(o *Histogram) {
	o.sync()
	h.h.Merge(o.h)
	h.n += o.n
	h.sumNs += o.sumNs
	h.max = max(h.max, o.max)
	h.min = min(h.min, o.min)
}
