package metrics

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"testing"
	"time"
)

// Every quantile of a sketch is within SketchAccuracy of the exact
// nearest-rank value ⌈q·n⌉, for small and large counts and for narrow and
// wide distributions; count, mean, min and max are exact.
func TestSketchNearestRankWithinAccuracy(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	shapes := []struct {
		name string
		draw func() time.Duration
	}{
		{"lognormal", func() time.Duration {
			return time.Duration(math.Exp(r.NormFloat64()*1.5) * float64(50*time.Millisecond))
		}},
		{"uniform", func() time.Duration { return time.Duration(r.Int64N(int64(2 * time.Second))) }},
		{"two modes", func() time.Duration {
			if r.IntN(10) == 0 {
				return 3*time.Second + time.Duration(r.Int64N(int64(time.Second)))
			}
			return time.Duration(r.Int64N(int64(10 * time.Millisecond)))
		}},
		{"with zeros", func() time.Duration {
			if r.IntN(4) == 0 {
				return 0
			}
			return time.Duration(r.Int64N(int64(time.Second)))
		}},
	}
	for _, sh := range shapes {
		for _, n := range []int{1, 2, 7, 100, 1001, 50_000} {
			t.Run(fmt.Sprintf("%s/n=%d", sh.name, n), func(t *testing.T) {
				var s Sketch
				xs := make([]time.Duration, n)
				var sum float64
				for i := range xs {
					xs[i] = sh.draw()
					s.Record(xs[i])
					sum += float64(xs[i])
				}
				slices.Sort(xs)
				for _, q := range []float64{0.001, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999} {
					exact := xs[int(math.Ceil(q*float64(n)))-1]
					got := s.Quantile(q)
					if math.Abs(float64(got-exact)) > SketchAccuracy*float64(exact)+1 {
						t.Errorf("Quantile(%v) = %v; exact nearest rank %v (want within SketchAccuracy)", q, got, exact)
					}
					if got < xs[0] || got > xs[n-1] {
						t.Errorf("Quantile(%v) = %v outside [min, max] = [%v, %v]", q, got, xs[0], xs[n-1])
					}
				}
				if s.Quantile(1) != xs[n-1] || s.Max() != xs[n-1] || s.Min() != xs[0] {
					t.Errorf("Quantile(1), Max, Min = %v, %v, %v; want %v, %v, %v", s.Quantile(1), s.Max(), s.Min(), xs[n-1], xs[n-1], xs[0])
				}
				if s.Count() != int64(n) {
					t.Errorf("Count = %d; want %d", s.Count(), n)
				}
				if want := time.Duration(math.Round(sum / float64(n))); s.Mean() != want {
					t.Errorf("Mean = %v; want %v", s.Mean(), want)
				}
			})
		}
	}
}

// The nearest rank is ⌈q·n⌉ even where q·n is an integer that floating
// point computes a hair above (0.017 × 3,000 = 51.00000000000001).
func TestSketchRank(t *testing.T) {
	for _, tc := range []struct {
		q    float64
		n    int64
		want int64
	}{
		{0.5, 1, 1}, {0.5, 2, 1}, {0.5, 3, 2}, {0.99, 100, 99}, {0.99, 101, 100}, {0.999, 1000, 999},
		{0.017, 3000, 51}, {0.017, 3001, 52}, {0, 10, 1}, {1e-12, 10, 1}, {0.9999999, 10, 10},
	} {
		if got := sketchRank(tc.q, tc.n); got != tc.want {
			t.Errorf("sketchRank(%v, %d) = %d; want %d", tc.q, tc.n, got, tc.want)
		}
	}
	// Exhaustively: every q of three decimals against every n up to 20,000
	// where q·n is an integer.
	for p := int64(1); p < 1000; p++ {
		for n := int64(1000 / gcd(p, 1000)); n <= 20_000; n += 1000 / gcd(p, 1000) {
			if got := sketchRank(float64(p)/1000, n); got != p*n/1000 {
				t.Fatalf("sketchRank(%v, %d) = %d; want %d", float64(p)/1000, n, got, p*n/1000)
			}
		}
	}
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// A nil or empty sketch reads as empty.
func TestSketchEmpty(t *testing.T) {
	var nilSketch *Sketch
	var zero Sketch
	for _, s := range []*Sketch{nilSketch, &zero} {
		if s.Count() != 0 || s.Mean() != 0 || s.Max() != 0 || s.Min() != 0 || s.Quantile(0.5) != 0 || s.Quantile(1) != 0 {
			t.Errorf("empty sketch %v reads non-zero", s)
		}
	}
	zero.Record(-time.Second) // counts as 0
	if zero.Count() != 1 || zero.Quantile(0.5) != 0 || zero.Max() != 0 {
		t.Errorf("after Record(-1s): count %d, p50 %v, max %v; want 1, 0, 0", zero.Count(), zero.Quantile(0.5), zero.Max())
	}
}

// sketchFleetBytes is the heap a fleet of per-service sketches holds, per
// service, after each recorded perService latencies drawn from a lognormal
// with p50 80 ms (σ = 1: five orders of magnitude between its extremes at
// large counts).
func sketchFleetBytes(services, perService int) float64 {
	r := rand.New(rand.NewPCG(7, 8))
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fleet := make([]ServiceStats, services)
	for i := range fleet {
		for range perService {
			fleet[i].Latency.Record(time.Duration(math.Exp(r.NormFloat64()) * float64(80*time.Millisecond)))
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(fleet)
	return float64(after.HeapAlloc-before.HeapAlloc) / float64(services)
}

// A fleet's per-service statistics stay small: the whole ServiceStats,
// sketch included, of a service that saw a thousand requests fits in 6 KiB
// (a Histogram alone takes ~270 KiB).
func TestSketchFleetMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("measures the heap")
	}
	for _, tc := range []struct {
		perService int
		limit      float64
	}{{0, 128}, {10, 400}, {1000, 6144}} {
		if got := sketchFleetBytes(2000, tc.perService); got > tc.limit {
			t.Errorf("%d latencies a service: %.0f bytes a service; want ≤ %.0f", tc.perService, got, tc.limit)
		}
	}
}

// BenchmarkSketchFleet reports the bytes a service of a fleet holds for its
// statistics (ServiceStats with its sketch) after n requests; BENCHMARKS.md
// quotes it. Compare BenchmarkHistogramBytes.
func BenchmarkSketchFleet(b *testing.B) {
	for _, n := range []int{0, 1, 10, 100, 1000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("requests=%d", n), func(b *testing.B) {
			services := max(10, min(2000, 2_000_000/max(n, 1)))
			var bytes float64
			for b.Loop() {
				bytes = sketchFleetBytes(services, n)
			}
			b.ReportMetric(bytes, "B/service")
		})
	}
}

// BenchmarkHistogramBytes is the heap one Histogram holds, for comparison.
func BenchmarkHistogramBytes(b *testing.B) {
	var bytes float64
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		hs := make([]*Histogram, 20)
		for i := range hs {
			hs[i] = NewHistogram()
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(hs)
		bytes = float64(after.HeapAlloc-before.HeapAlloc) / float64(len(hs))
	}
	b.ReportMetric(bytes, "B/histogram")
}

// Recording into a sketch allocates nothing once its pages exist.
func BenchmarkSketchRecord(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 10))
	xs := make([]time.Duration, 4096)
	for i := range xs {
		xs[i] = time.Duration(math.Exp(r.NormFloat64()) * float64(80*time.Millisecond))
	}
	var s Sketch
	for _, x := range xs {
		s.Record(x)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s.Record(xs[i&4095])
		i++
	}
}

// Buckets are contiguous and ordered, and each bucket's value is within
// SketchAccuracy of every latency in it.
func TestSketchBuckets(t *testing.T) {
	prev := 0
	for _, ns := range []int64{1, 2, 63, 64, 127, 128, 129, 255, 256, 1000, 1e6, 123456789, 1 << 40, math.MaxInt64} {
		i := sketchIndex(ns)
		if i < prev {
			t.Errorf("sketchIndex(%d) = %d < the previous %d", ns, i, prev)
		}
		prev = i
		v := sketchValue(i)
		if rel := math.Abs(float64(v)-float64(ns)) / float64(ns); rel > SketchAccuracy {
			t.Errorf("sketchValue(sketchIndex(%d)) = %d: %.3f %% off", ns, v, 100*rel)
		}
	}
	r := rand.New(rand.NewPCG(11, 12))
	for range 100_000 {
		ns := r.Int64N(1<<50) + 1
		i := sketchIndex(ns)
		if sketchIndex(ns-1) > i || sketchIndex(ns+1) < i || (ns > 1 && sketchIndex(ns-1) < i-1) {
			t.Fatalf("buckets around %d not contiguous", ns)
		}
		if v := sketchValue(i); math.Abs(float64(v)-float64(ns)) > SketchAccuracy*float64(ns) || sketchIndex(int64(v)) != i {
			t.Fatalf("sketchValue(sketchIndex(%d)) = %d, outside its bucket or %.3f %% off", ns, v, 100*math.Abs(float64(v)-float64(ns))/float64(ns))
		}
	}
}

// Merging sketches reads like one sketch that recorded everything.
func TestSketchMerge(t *testing.T) {
	var a, b, all, empty Sketch
	for i := range 500 {
		d := time.Duration(i*i) * time.Microsecond
		if i%3 == 0 {
			a.Record(d)
		} else {
			b.Record(d)
		}
		all.Record(d)
	}
	var m Sketch
	m.Merge(&a)
	m.Merge(&empty)
	m.Merge(nil)
	m.Merge(&b)
	if m.Count() != all.Count() || m.Max() != all.Max() || m.Min() != all.Min() {
		t.Fatalf("merged count %d min %v max %v; want %d %v %v", m.Count(), m.Min(), m.Max(), all.Count(), all.Min(), all.Max())
	}
	for _, q := range []float64{0.01, 0.5, 0.9, 0.99, 0.999} {
		if got, want := m.Quantile(q), all.Quantile(q); got != want {
			t.Errorf("merged Quantile(%g) = %v; want %v", q, got, want)
		}
	}
}

// BenchmarkSketchRecordFleet records into the sketches of 500 services in
// random order, as a fleet's recorder does per completion: unlike
// BenchmarkSketchRecord's one hot sketch, each record touches a sketch
// the last few hundred did not (issue 13: a fleet within 1.3× of one
// service per request).
func BenchmarkSketchRecordFleet(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 10))
	const services = 500
	xs := make([]time.Duration, 1<<16)
	svc := make([]int, len(xs))
	for i := range xs {
		xs[i] = time.Duration(math.Exp(r.NormFloat64()) * float64(40*time.Millisecond))
		svc[i] = r.IntN(services)
	}
	fleet := make([]ServiceStats, services)
	for i, x := range xs {
		fleet[svc[i]].Latency.Record(x)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		j := i & (len(xs) - 1)
		fleet[svc[j]].Latency.Record(xs[j])
		i++
	}
}

// The store's bucket of every rank is the bucket of that rank's latency
// in sorted order: while it keeps bare bucket numbers, as it turns them
// into counts, as its array grows at either end, and for counts beyond
// 2^32 (kept apart in wide).
func TestSketchStoreRanks(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	for _, n := range []int{1, 2, sketchFew - 1, sketchFew, sketchFew + 1, 100, 2000} {
		var st sketchStore
		var buckets []int
		for range n {
			// from nanoseconds to hours, so that the array grows both ways
			i := sketchIndex(int64(math.Exp(r.Float64()*30)) + 1)
			st.add(i, 1)
			buckets = append(buckets, i)
		}
		slices.Sort(buckets)
		for k, want := range buckets {
			if got := st.keyAtRank(uint64(k)); got != want {
				t.Fatalf("n=%d: keyAtRank(%d) = %d; want %d", n, k, got, want)
			}
		}
		if got := st.keyAtRank(uint64(n)); got != buckets[n-1] {
			t.Errorf("n=%d: keyAtRank beyond the count = %d; want the last bucket %d", n, got, buckets[n-1])
		}
	}
	var st sketchStore
	a, b := sketchIndex(int64(time.Millisecond)), sketchIndex(int64(time.Second))
	for range sketchFew {
		st.add(b, 1) // fill the bare numbers, so the next adds count
	}
	st.add(a, math.MaxUint32)
	st.add(a, 2)
	st.add(a, 3<<32)
	total := uint64(math.MaxUint32) + 2 + 3<<32
	for _, tc := range []struct {
		k    uint64
		want int
	}{{0, a}, {total - 1, a}, {total, b}, {total + sketchFew - 1, b}} {
		if got := st.keyAtRank(tc.k); got != tc.want {
			t.Errorf("keyAtRank(%d) = %d; want %d", tc.k, got, tc.want)
		}
	}
	var sum uint64
	st.each(func(_ int, c uint64) { sum += c })
	if want := total + sketchFew; sum != want {
		t.Errorf("counts add up to %d; want %d", sum, want)
	}
}

// Counts carry from the bytes into high and on into wide, by single adds
// (the recorder's) and by merges, while the arrays grow at either end
// after high exists: every bucket's count is what was added to it.
func TestSketchStoreCarries(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 24))
	var st sketchStore
	want := map[int]uint64{}
	add := func(i int, c uint64) {
		st.add(i, c)
		want[i] += c
	}
	mid := sketchIndex(int64(time.Second))
	for range sketchFew {
		add(mid, 1)
	}
	for range 1 << 24 { // one bucket past 2^24 by single adds
		add(mid, 1)
	}
	for range 300_000 { // several past 255, in a few rows around mid
		add(mid-100+r.IntN(200), 1)
	}
	add(sketchIndex(int64(time.Microsecond)), 1) // grow down, then up, with high made
	add(sketchIndex(int64(time.Hour)), 1)
	for range 1000 { // merges: counts of any size, onto any count
		i := mid - 300 + r.IntN(600)
		add(i, r.Uint64N(1<<uint(r.IntN(40)))+1)
		for range r.IntN(600) {
			add(i, 1)
		}
	}
	got := map[int]uint64{}
	prev := -1
	st.each(func(i int, c uint64) {
		if i <= prev {
			t.Fatalf("each: bucket %d after %d", i, prev)
		}
		prev = i
		got[i] = c
	})
	if len(got) != len(want) {
		t.Errorf("%d buckets; want %d", len(got), len(want))
	}
	for i, c := range want {
		if got[i] != c {
			t.Errorf("bucket %d: count %d; want %d", i, got[i], c)
		}
	}
}

// recordPacked, the recorder's flush of one service's run, leaves a sketch
// exactly as Record of each latency in turn would: counts, carries past
// 255 and 65,535, arrays grown down and up, zeros, extremes and the
// floating-point sum, across runs of any length.
func TestSketchRecordPacked(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	const shift = 20
	cases := []struct {
		name string
		draw func(k int) time.Duration
	}{
		{"zeros then latencies", func(k int) time.Duration {
			if k < 50 {
				return 0
			}
			return time.Duration(math.Exp(r.NormFloat64()) * float64(30*time.Millisecond))
		}},
		{"one bucket past 2^16", func(int) time.Duration { return 42 * time.Millisecond }},
		{"growing down and up", func(k int) time.Duration {
			return time.Duration(1+r.Int64N(int64(time.Millisecond))) << uint(k%24)
		}},
		{"few", func(int) time.Duration { return time.Duration(r.Int64N(1000)) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var want, got Sketch
			var run []uint64
			flush := func() {
				got.recordPacked(run, shift)
				run = run[:0]
			}
			for k := range 70_000 {
				d := tc.draw(k)
				want.Record(d)
				run = append(run, uint64(d)<<shift|uint64(k%7))
				if r.IntN(100) == 0 || len(run) > 5000 {
					flush()
				}
			}
			flush()
			if !reflect.DeepEqual(&got, &want) {
				t.Errorf("recordPacked: n %d min %v max %v sum %v zeros %d; Record: n %d min %v max %v sum %v zeros %d",
					got.n, got.min, got.max, got.sumNs, got.zeros, want.n, want.min, want.max, want.sumNs, want.zeros)
			}
		})
	}
}
