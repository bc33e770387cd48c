package metrics

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// exactRank is the nearest-rank quantile of sorted xs, q = num/den, in
// integer arithmetic: the ⌈q·n⌉-th smallest.
func exactRank(xs []time.Duration, num, den int64) time.Duration {
	n := int64(len(xs))
	k := max((num*n+den-1)/den, 1)
	return xs[k-1]
}

// Quantile is the nearest rank ⌈q·n⌉ within the histogram's 0.1 % (or 1 µs), on
// samples of many shapes; with the exact minimum and maximum at the ends.
func TestQuantileIsNearestRank(t *testing.T) {
	ms := func(x float64) time.Duration { return time.Duration(x * float64(time.Millisecond)) }
	cases := []struct {
		name string
		n    int
		draw func(r *rand.Rand) time.Duration
	}{
		{"lognormal", 100_000, func(r *rand.Rand) time.Duration { return ms(50 * math.Exp(1.5*r.NormFloat64())) }},
		{"exponential", 20_000, func(r *rand.Rand) time.Duration { return ms(100 * r.ExpFloat64()) }},
		{"uniform 100-300ms", 9_999, func(r *rand.Rand) time.Duration { return ms(100 + 200*r.Float64()) }},
		{"constant", 1_000, func(*rand.Rand) time.Duration { return 123456789 * time.Nanosecond }},
		{"constant with a tail", 5_000, func(r *rand.Rand) time.Duration {
			if r.IntN(100) == 0 {
				return ms(300 + 100*r.Float64())
			}
			return 149900 * time.Microsecond
		}},
		{"two points", 1_001, func(r *rand.Rand) time.Duration { return ms(float64(1 + 999*r.IntN(2))) }},
		{"small, exact buckets", 777, func(r *rand.Rand) time.Duration { return time.Duration(r.IntN(2000)) * time.Microsecond }},
		{"few", 7, func(r *rand.Rand) time.Duration { return ms(1000 * r.Float64()) }},
		{"one", 1, func(*rand.Rand) time.Duration { return ms(42) }},
	}
	quantiles := []struct{ num, den int64 }{
		{1, 1000}, {21, 100}, {1, 4}, {1, 2}, {7, 100}, {57, 100}, {9, 10}, {95, 100}, {99, 100}, {999, 1000}, {9999, 10000},
	}
	for ci, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(ci), 5))
			h := NewHistogram()
			xs := make([]time.Duration, tc.n)
			for i := range xs {
				xs[i] = tc.draw(r)
				h.Record(xs[i])
			}
			slices.Sort(xs)
			for _, q := range quantiles {
				exact := exactRank(xs, q.num, q.den)
				got := h.Quantile(float64(q.num) / float64(q.den))
				if off := math.Abs(float64(got - exact)); off > max(0.001*float64(exact), float64(time.Microsecond)) {
					t.Errorf("Quantile(%d/%d) = %v; nearest rank %v (%.3f%% off, want ≤ 0.1%% or 1µs)", q.num, q.den, got, exact, 100*off/float64(exact))
				}
				// values below 2048 µs have buckets of one microsecond
				if exact < 2048*time.Microsecond && got != exact.Truncate(time.Microsecond) && got != exact {
					t.Errorf("Quantile(%d/%d) = %v; want %v exactly (a one-microsecond bucket)", q.num, q.den, got, exact)
				}
			}
			if got := h.Quantile(1); got != xs[len(xs)-1] {
				t.Errorf("Quantile(1) = %v; want the exact maximum %v", got, xs[len(xs)-1])
			}
			if got := h.Quantile(1e-9); got != xs[0] {
				t.Errorf("Quantile(1e-9) = %v; want the exact minimum %v", got, xs[0])
			}
		})
	}
}

// The rank is ⌈q·n⌉, not HdrHistogram's round(q·n): of ten values in
// one-microsecond buckets, the 0.21-quantile is the third.
func TestQuantileRank(t *testing.T) {
	h := NewHistogram()
	for i := 1; i <= 10; i++ {
		h.Record(time.Duration(100*i) * time.Microsecond)
	}
	for _, tc := range []struct {
		q    float64
		want time.Duration
	}{
		{0.05, 100 * time.Microsecond}, {0.1, 100 * time.Microsecond}, {0.11, 200 * time.Microsecond},
		{0.21, 300 * time.Microsecond}, {0.5, 500 * time.Microsecond}, {0.51, 600 * time.Microsecond},
		{0.7, 700 * time.Microsecond}, {0.99, time.Millisecond}, {1, time.Millisecond},
	} {
		if got := h.Quantile(tc.q); got != tc.want {
			t.Errorf("Quantile(%v) = %v; want %v", tc.q, got, tc.want)
		}
	}
}

// A constant sample prints its value at every quantile, with or without a
// tail above it, wherever the constant lies in its bucket.
func TestQuantileOfAConstantIgnoresTheTail(t *testing.T) {
	for _, c := range []time.Duration{200 * time.Millisecond, 149900 * time.Microsecond, 150010 * time.Microsecond, 1234567891 * time.Nanosecond} {
		alone, tailed := NewHistogram(), NewHistogram()
		for range 1000 {
			alone.Record(c)
			tailed.Record(c)
		}
		for i := range 5 {
			tailed.Record(c + time.Duration(i+1)*100*time.Millisecond)
		}
		for _, q := range []float64{0.001, 0.5, 0.9, 0.99} {
			if a, b := alone.Quantile(q), tailed.Quantile(q); a != c || b != c {
				t.Errorf("%v: Quantile(%v) = %v alone, %v with a tail; want %v for both", c, q, a, b, c)
			}
		}
	}
}

// bucket reads HdrHistogram's buckets as its Distribution lists them.
func TestBucketMatchesDistribution(t *testing.T) {
	h := NewHistogram()
	for _, us := range []int64{0, 1, 2047, 2048, 2049, 4095, 4096, 199999, 200000, 200063, 200064, 1 << 30, 123456789} {
		h.h.Reset()
		_ = h.h.RecordValue(us)
		var found bool
		for _, b := range h.h.Distribution() {
			if b.Count == 0 {
				continue
			}
			found = true
			lo, size := h.bucket(b.To)
			if lo != b.From || lo+size-1 != b.To || us < lo || us > b.To {
				t.Errorf("value %d: bucket(%d) = [%d, %d]; Distribution says [%d, %d]", us, b.To, lo, lo+size-1, b.From, b.To)
			}
		}
		if !found {
			t.Errorf("value %d: no bar in Distribution", us)
		}
	}
}

// Quantile costs what HdrHistogram's walk costs: it runs per window.
func BenchmarkQuantile(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	h := NewHistogram()
	for range 100_000 {
		h.Record(time.Duration(50 * math.Exp(1.5*r.NormFloat64()) * float64(time.Millisecond)))
	}
	b.Run("p50+p99", func(b *testing.B) {
		for b.Loop() {
			_ = h.Quantile(0.5)
			_ = h.Quantile(0.99)
		}
	})
	b.Run("hdr p50+p99", func(b *testing.B) {
		for b.Loop() {
			_ = h.h.ValueAtPercentile(50)
			_ = h.h.ValueAtPercentile(99)
		}
	})
}

// Record counts a latency in its bucket apart from the HdrHistogram, which
// takes the buckets at the first read: the counts it then holds are those
// of hdrhistogram-go's own RecordValue of each latency, whatever the reads
// (Quantile, Merge, Reset) between the records and the pending limit.
func TestRecordPendsInHdrBuckets(t *testing.T) {
	defer func(n int64) { pendingLimit = n }(pendingLimit)
	for _, limit := range []int64{math.MaxUint32, 7} {
		pendingLimit = limit
		r := rand.New(rand.NewPCG(3, uint64(limit)))
		h, other := NewHistogram(), NewHistogram()
		ref := hdr.New(1, int64(histogramMax/time.Microsecond), 3)
		record := func(h *Histogram, d time.Duration) {
			h.Record(d)
			_ = ref.RecordValue(micros(d))
		}
		for i := range 20_000 {
			var d time.Duration
			switch i % 5 {
			case 0:
				d = time.Duration(r.IntN(3000)) * time.Microsecond // unit buckets
			case 1:
				d = time.Duration(50 * math.Exp(2*r.NormFloat64()) * float64(time.Millisecond))
			case 2:
				d = time.Duration(r.Int64N(int64(2 * histogramMax))) // some beyond the range
			case 3:
				d = -time.Duration(r.IntN(1000)) // counted as 0
			default:
				d = time.Duration(r.IntN(5000)) // below a microsecond
			}
			if i%3 == 0 {
				record(other, d)
			} else {
				record(h, d)
			}
			if limit == math.MaxUint32 && i == 999 && h.h.TotalCount() != 0 {
				t.Fatalf("HdrHistogram holds %d latencies before any read; want them pending", h.h.TotalCount())
			}
			if i%4999 == 0 {
				_ = h.Quantile(0.5)
			}
		}
		h.Merge(other)
		_ = h.Quantile(0.99)
		if h.h.TotalCount() != ref.TotalCount() || !slices.Equal(h.h.Export().Counts, ref.Export().Counts) {
			t.Errorf("pending limit %d: HdrHistogram's counts differ from RecordValue's of the same latencies", limit)
		}
		if h.n != ref.TotalCount() {
			t.Errorf("pending limit %d: count %d, want %d", limit, h.n, ref.TotalCount())
		}
		// a Reset leaves nothing pending to reach the emptied histogram
		h.Record(time.Second)
		h.Reset()
		h.Record(2 * time.Second)
		if got := h.Quantile(0.5); got != 2*time.Second || h.h.TotalCount() != 1 {
			t.Errorf("pending limit %d: after Reset, Quantile(0.5) = %v with %d counted; want 2s with 1", limit, got, h.h.TotalCount())
		}
	}
}

// RecordZeros(n) leaves a histogram as n Records of 0 do, bit for bit,
// amid other latencies, across the pending limit and when it is empty.
func TestRecordZerosIsRecordOfZero(t *testing.T) {
	defer func(n int64) { pendingLimit = n }(pendingLimit)
	for _, limit := range []int64{math.MaxUint32, 7} {
		pendingLimit = limit
		for _, n := range []int64{0, 1, 6, 7, 8, 1000} {
			for _, before := range [][]time.Duration{nil, {3 * time.Millisecond, 250 * time.Microsecond}, {time.Nanosecond}} {
				got, want := NewHistogram(), NewHistogram()
				for _, d := range before {
					got.Record(d)
					want.Record(d)
				}
				got.RecordZeros(n)
				for range n {
					want.Record(0)
				}
				got.Record(time.Second)
				want.Record(time.Second)
				got.sync()
				want.sync()
				if got.n != want.n || math.Float64bits(got.sumNs) != math.Float64bits(want.sumNs) || got.min != want.min || got.max != want.max ||
					!slices.Equal(got.h.Export().Counts, want.h.Export().Counts) {
					t.Errorf("limit %d, %d zeros after %v: n=%d sum=%v min=%v max=%v; Record(0) gives n=%d sum=%v min=%v max=%v (or the buckets differ)",
						limit, n, before, got.n, got.sumNs, got.min, got.max, want.n, want.sumNs, want.min, want.max)
				}
			}
		}
	}
}
