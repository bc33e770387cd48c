package metrics

import (
	"math"
	"math/bits"
	"time"
)

// Histogram records latencies with bounded relative error: HdrHistogram's
// layout (Gil Tene's design, as hdrhistogram-go v1.4.0 lays it out for
// New(1, histogramMax in µs, 3)) in microseconds with three significant
// digits, in a fixed ~270 KiB whatever the number of requests; the mean,
// the minimum and the maximum are kept exactly beside it.
//
// The counts are its own, not an hdrhistogram-go Histogram's: a recorder
// writes each completed latency into two histograms (the run's and the
// window's), and with the library each write computed the bucket again,
// checked ranges that micros already guarantees and kept a minimum and a
// maximum of its own that nothing read, about a hundred instructions per
// write (callgrind of the SimFaaS case, issue 13). The layout, and so every
// quantile, is the library's: TestLayoutIsHdrHistogram checks indices,
// buckets and quantiles against it.
//
// Quantile reads percentiles by one rule, the same for every platform and
// every histogram (latency, waiting time, a window's), so that equal
// samples print equal percentiles: see Quantile.
type Histogram struct {
	counts []int64 // countsLen, indexed by countsIndex
	n      int64
	sumNs  float64
	max    time.Duration
	min    time.Duration
}

// histogramMax is the largest latency recorded exactly; longer ones are
// clamped (30 days is longer than any Lambda async event may live).
const histogramMax = 30 * 24 * time.Hour

// HdrHistogram's geometry for three significant digits from 1 µs: unit
// resolution up to 2·10³ needs 2^11 sub-buckets, of which each bucket after
// the first uses the upper half (hdr.go, geometryMagnitudes); bucket b
// holds values of b+11 bits at a resolution of 2^b.
const (
	subHalfBits = 10
	subHalf     = 1 << subHalfBits // 1024
	subMask     = 2*subHalf - 1    // 2047: the values of bucket 0
)

// countsLen is the length of the counts: (buckets + 1) half-sets of
// sub-buckets, with as many buckets as histogramMax's 42 bits need
// (hdr.go, getBucketsNeededToCoverValue): 33 × 1024.
var countsLen = (bucketsToCover(int64(histogramMax/time.Microsecond)) + 1) * subHalf

// bucketsToCover is the number of buckets that reach max.
func bucketsToCover(max int64) int {
	n := 1
	for limit := int64(2 * subHalf); limit <= max; limit <<= 1 {
		n++
	}
	return n
}

// bucketOf is the bucket of a value in [0, histogramMax] µs.
func bucketOf(us int64) int {
	return 64 - bits.LeadingZeros64(uint64(us)|subMask) - (subHalfBits + 1)
}

// countsIndex is where a value in [0, histogramMax] µs is counted: bucket
// b's sub-bucket us>>b lies at (b+1)·1024 + (us>>b) − 1024.
func countsIndex(us int64) int {
	b := bucketOf(us)
	return b<<subHalfBits + int(us>>b)
}

// valueAt is the lowest value counted at index i.
func valueAt(i int) int64 {
	b := i>>subHalfBits - 1
	sub := int64(i&(subHalf-1) + subHalf)
	if b < 0 {
		b, sub = 0, sub-subHalf
	}
	return sub << b
}

// lowestEquivalent is the lowest value counted with us.
func lowestEquivalent(us int64) int64 {
	b := bucketOf(us)
	return us >> b << b
}

// highestEquivalent is the highest value counted with us.
func highestEquivalent(us int64) int64 {
	b := bucketOf(us)
	return us>>b<<b + 1<<b - 1
}

// equivalent tells whether two values are counted together.
func equivalent(a, b int64) bool { return lowestEquivalent(a) == lowestEquivalent(b) }

// NewHistogram returns an empty histogram.
func NewHistogram() *Histogram {
	return &Histogram{counts: make([]int64, countsLen), min: math.MaxInt64}
}

// micros is d as the histogram records it: whole microseconds, within its range.
func micros(d time.Duration) int64 {
	return int64(min(max(d, 0), histogramMax) / time.Microsecond)
}

// Record adds one latency.
func (h *Histogram) Record(d time.Duration) {
	if d < 0 {
		d = 0
	}
	h.counts[countsIndex(micros(d))]++
	h.add(d)
}

// add counts d, a latency already in counts, in the exact figures.
func (h *Histogram) add(d time.Duration) {
	h.n++
	h.sumNs += float64(d)
	if d > h.max {
		h.max = d
	}
	if d < h.min {
		h.min = d
	}
}

// recordBoth adds one latency to a and b, which share the layout, finding
// its bucket once: the recorder's run and window histograms.
func recordBoth(a, b *Histogram, d time.Duration) {
	if d < 0 {
		d = 0
	}
	i := countsIndex(micros(d))
	a.counts[i]++
	b.counts[i]++
	a.add(d)
	b.add(d)
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
// HdrHistogram's (its ValueAtPercentile with the percentile 100·k/n, for
// which its rounding gives exactly k, finds the same bucket: rankIndex).
func (h *Histogram) Quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	if q >= 1 {
		return h.max
	}
	k := nearestRank(q, h.n)
	// the upper edge of the bucket holding the k-th value
	hi := highestEquivalent(valueAt(h.rankIndex(k)))
	switch {
	case equivalent(hi, micros(h.min)):
		return h.min
	case equivalent(hi, micros(h.max)):
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
	for 2*size <= hi+1 && equivalent(hi+1-2*size, hi) {
		size *= 2
	}
	return hi + 1 - size, size
}

// rankIndex is the index of the bucket holding the k-th smallest latency,
// 1 ≤ k ≤ n: the first at which the running count reaches k, as
// hdrhistogram-go's getValueFromIdxUpToCount finds it. Every count lies
// between the buckets of the exact minimum and maximum, so the walk
// starts at one of them: from the minimum up for a rank in the lower
// half, from the maximum down for the upper half (the window's p95 and
// p99), where the bucket is the last one going down at which the
// latencies at and above it still number more than n − k. A window
// closes every few thousand requests, and walking the whole array three
// times, and clearing it, was a few per cent of a long run's instructions
// (callgrind, issue 13).
func (h *Histogram) rankIndex(k int64) int {
	lo, hi := countsIndex(micros(h.min)), countsIndex(micros(h.max))
	c := h.counts[lo : hi+1]
	if k <= h.n/2 {
		// Blocks of eight that leave the count short of k are passed in
		// one step, as hdrhistogram-go's getValueFromIdxUpToCount does.
		var seen int64
		i := 0
		for ; i+8 <= len(c); i += 8 {
			b := c[i : i+8 : i+8]
			s := b[0] + b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + b[7]
			if seen+s >= k {
				break
			}
			seen += s
		}
		for ; i < len(c); i++ {
			if seen += c[i]; seen >= k {
				return lo + i
			}
		}
		return hi // k > n: not reached by Quantile
	}
	need := h.n - k // the bucket is the last, going down, with more than need at or above it
	var above int64
	i := len(c)
	for ; i >= 8; i -= 8 {
		b := c[i-8 : i : i]
		s := b[0] + b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + b[7]
		if above+s > need {
			break
		}
		above += s
	}
	for i--; i > 0; i-- {
		if above += c[i]; above > need {
			return lo + i
		}
	}
	return lo
}

// Reset empties the histogram, keeping its memory.
func (h *Histogram) Reset() {
	if h.n > 0 { // the counts lie between the minimum's bucket and the maximum's
		clear(h.counts[countsIndex(micros(h.min)) : countsIndex(micros(h.max))+1])
	}
	h.n, h.sumNs, h.max, h.min = 0, 0, 0, math.MaxInt64
}

// Merge adds every latency recorded in o.
func (h *Histogram) Merge(o *Histogram) {
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.n += o.n
	h.sumNs += o.sumNs
	h.max = max(h.max, o.max)
	h.min = min(h.min, o.min)
}
