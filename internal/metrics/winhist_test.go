package metrics

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// bucketIndex and bucketRange are HdrHistogram's own bucket geometry for
// NewHistogram's histogram: every bucket, from 0 µs to histogramMax, is
// the one the library counts its lowest value in, the library holds its
// whole range as equivalent values and no value beyond it.
func TestBucketGeometryIsHdrHistograms(t *testing.T) {
	h := NewHistogram().h
	next := int64(0) // the lowest value of the next bucket
	for i := range numBuckets {
		lo, size := bucketRange(i)
		if lo != next {
			t.Fatalf("bucket %d starts at %d; want %d (the end of the one before)", i, lo, next)
		}
		next = lo + size
		if bucketIndex(lo) != i || bucketIndex(lo+size-1) != i {
			t.Fatalf("bucket %d = [%d, %d]; bucketIndex gives %d and %d", i, lo, lo+size-1, bucketIndex(lo), bucketIndex(lo+size-1))
		}
		if !h.ValuesAreEquivalent(lo, lo+size-1) || h.ValuesAreEquivalent(lo+size-1, lo+size) ||
			lo > 0 && h.ValuesAreEquivalent(lo-1, lo) {
			t.Fatalf("bucket %d = [%d, %d] is not one of HdrHistogram's equivalence ranges", i, lo, lo+size-1)
		}
		// a distinct count per bucket, read back by index below
		if err := h.RecordValues(lo, int64(i)+1); err != nil {
			t.Fatalf("bucket %d: RecordValues(%d): %v", i, lo, err)
		}
	}
	if top := micros(histogramMax); next <= top {
		t.Fatalf("buckets end at %d µs; histogramMax is %d µs", next, top)
	}
	counts := h.Export().Counts
	if len(counts) < numBuckets {
		t.Fatalf("HdrHistogram has %d buckets; want at least %d", len(counts), numBuckets)
	}
	for i, c := range counts {
		want := int64(i) + 1
		if i >= numBuckets {
			want = 0
		}
		if c != want {
			t.Fatalf("HdrHistogram's bucket %d holds %d; want %d: the indexes differ", i, c, want)
		}
	}
}

// latencyStreams are shapes of latency sample for the window tests: wide,
// narrow, constant, at the ends of the range, and with negatives.
var latencyStreams = []struct {
	name string
	draw func(r *rand.Rand) time.Duration
}{
	{"lognormal", func(r *rand.Rand) time.Duration {
		return time.Duration(50 * math.Exp(1.5*r.NormFloat64()) * float64(time.Millisecond))
	}},
	{"exponential 1s", func(r *rand.Rand) time.Duration { return time.Duration(r.ExpFloat64() * float64(time.Second)) }},
	{"constant", func(*rand.Rand) time.Duration { return 200 * time.Millisecond }},
	{"constant with a cold tail", func(r *rand.Rand) time.Duration {
		if r.IntN(50) == 0 {
			return time.Duration(300+r.IntN(900)) * time.Millisecond
		}
		return 149900 * time.Microsecond
	}},
	{"sub-ms, negatives", func(r *rand.Rand) time.Duration { return time.Duration(r.IntN(3000)-100) * time.Microsecond }},
	{"two points", func(r *rand.Rand) time.Duration { return time.Duration(1+999*r.IntN(2)) * time.Millisecond }},
	{"beyond histogramMax", func(r *rand.Rand) time.Duration {
		return histogramMax - time.Hour + time.Duration(r.IntN(3))*time.Hour
	}},
	{"any int64", func(r *rand.Rand) time.Duration { return time.Duration(r.Int64() >> r.IntN(64)) }},
}

// A window's figures are those Histogram gives the same latencies, and
// the run's histogram, fed bucket by bucket as windows close, is the one
// Histogram.Record builds of the counted latencies: the old recorder
// (a Histogram per window, Record into both) and windowHist agree on
// random streams, counted or not, with flushes amid windows.
func TestWindowHistMatchesHistogram(t *testing.T) {
	qs := []float64{0.5, 0.95, 0.99}
	for _, s := range latencyStreams {
		for _, countedPct := range []int{100, 0, 50, 99} {
			r := rand.New(rand.NewPCG(uint64(countedPct), 7))
			run, want := NewHistogram(), NewHistogram()
			w := newWindowHist(run)
			for win := range 12 {
				ref := NewHistogram()
				n := []int{0, 1, 2, 3, 10, 99, 1000, 20000}[win%8]
				for j := range n {
					d := s.draw(r)
					counted := r.IntN(100) < countedPct
					w.record(d, counted)
					ref.Record(d)
					if counted {
						run.note(max(d, 0))
						want.Record(d)
					}
					if j == n/2 && win%3 == 1 {
						w.flush() // as Recorder.Latency mid-run
						sameHistogram(t, s.name+" mid-window", run, want)
					}
				}
				got := make([]time.Duration, len(qs))
				w.quantiles(qs, got)
				for k, q := range qs {
					if got[k] != ref.Quantile(q) {
						t.Errorf("%s, %d%% counted, window %d (%d values): q%v = %v; Histogram says %v",
							s.name, countedPct, win, n, q, got[k], ref.Quantile(q))
					}
				}
				if w.mean() != ref.Mean() {
					t.Errorf("%s, window %d: mean %v; Histogram says %v", s.name, win, w.mean(), ref.Mean())
				}
				w.close()
				if w.n != 0 || slices.ContainsFunc(w.pending, func(c uint32) bool { return c != 0 }) ||
					w.other != nil && slices.ContainsFunc(w.other, func(c int64) bool { return c != 0 }) {
					t.Fatalf("%s, window %d: reset left counts behind", s.name, win)
				}
			}
			w.flush()
			sameHistogram(t, s.name, run, want)
		}
	}
}

// A window whose pending latencies reach pendingLimit keeps them all, and
// the run gets them all.
func TestWindowHistPendingLimit(t *testing.T) {
	defer func(n int64) { pendingLimit = n }(pendingLimit)
	pendingLimit = 5
	r := rand.New(rand.NewPCG(5, 5))
	run, want := NewHistogram(), NewHistogram()
	w := newWindowHist(run)
	for win := range 4 {
		ref := NewHistogram()
		for range 1 + 9*win {
			d := time.Duration(r.IntN(10)) * time.Millisecond
			counted := r.IntN(4) > 0
			w.record(d, counted)
			ref.Record(d)
			if counted {
				run.note(d)
				want.Record(d)
			}
			if w.nPending >= pendingLimit {
				t.Fatalf("pending holds %d; the limit is %d", w.nPending, pendingLimit)
			}
		}
		checkWindow(t, w, ref)
		w.close()
	}
	w.flush()
	sameHistogram(t, "pending limit", run, want)
}

// sameHistogram fails unless got and want hold the same buckets and the
// same exact figures, bit for bit.
func sameHistogram(t *testing.T, name string, got, want *Histogram) {
	t.Helper()
	got.sync()
	want.sync() // Record's pending buckets, into want's HdrHistogram
	if got.n != want.n || math.Float64bits(got.sumNs) != math.Float64bits(want.sumNs) ||
		got.min != want.min || got.max != want.max {
		t.Errorf("%s: run histogram n=%d sum=%v min=%v max=%v; want n=%d sum=%v min=%v max=%v",
			name, got.n, got.sumNs, got.min, got.max, want.n, want.sumNs, want.min, want.max)
	}
	if !got.h.Equals(want.h) || !slices.Equal(got.h.Export().Counts, want.h.Export().Counts) {
		t.Errorf("%s: run histogram's buckets differ from Record's", name)
	}
}

// FuzzWindowHist: any latencies, each counted or not, give the window the
// figures of a Histogram and the run the buckets of Record.
func FuzzWindowHist(f *testing.F) {
	f.Add([]byte{1, 2, 3, 200, 0, 7, 9, 9, 9, 255, 128, 64})
	f.Add([]byte{255, 255, 255, 255, 255, 255, 255, 255, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		run, want, ref := NewHistogram(), NewHistogram(), NewHistogram()
		w := newWindowHist(run)
		for len(data) >= 3 {
			// two bytes of mantissa, five bits of exponent, one of counted,
			// one to flush, one to close the window
			d := time.Duration(int64(data[0])<<8|int64(data[1])) << (data[2] & 31)
			if data[2]&0x80 != 0 {
				d = -d
			}
			counted := data[2]&0x20 != 0
			w.record(d, counted)
			ref.Record(d)
			if counted {
				run.note(max(d, 0))
				want.Record(d)
			}
			if data[2]&0x40 != 0 {
				w.flush()
			}
			data = data[3:]
			if len(data) > 0 && data[0] == 0 {
				checkWindow(t, w, ref)
				w.close()
				ref = NewHistogram()
			}
		}
		checkWindow(t, w, ref)
		w.close()
		w.flush()
		sameHistogram(t, "fuzz", run, want)
	})
}

func checkWindow(t *testing.T, w *windowHist, ref *Histogram) {
	t.Helper()
	qs := []float64{0.001, 0.5, 0.9, 0.95, 0.99, 0.999}
	got := make([]time.Duration, len(qs))
	w.quantiles(qs, got)
	for k, q := range qs {
		if got[k] != ref.Quantile(q) {
			t.Fatalf("q%v = %v; Histogram says %v", q, got[k], ref.Quantile(q))
		}
	}
	if w.mean() != ref.Mean() {
		t.Fatalf("mean %v; Histogram says %v", w.mean(), ref.Mean())
	}
}

// BenchmarkWindow is the recorder's latency cost per completion and per
// window: completions recorded in the window's histogram and the run's,
// then the window's end (three quantiles, mean, reset), the old way (two
// Histograms) and windowHist's, whose buckets reach the run's
// HdrHistogram once a run, after the timed windows. ns/op is per window;
// ns/completion is the op's time over its completions.
func BenchmarkWindow(b *testing.B) {
	for _, n := range []int{10, 1_000, 14_000} {
		r := rand.New(rand.NewPCG(1, 2))
		lat := make([]time.Duration, n)
		for i := range lat {
			lat[i] = time.Duration(r.ExpFloat64() * float64(time.Second)) // the M/M/10 anchor's shape
		}
		perCompletion := func(b *testing.B) {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/completion")
		}
		b.Run("impl=hdr/n="+strconv.Itoa(n), func(b *testing.B) {
			run, win := NewHistogram(), NewHistogram()
			var sink time.Duration
			for b.Loop() {
				for _, d := range lat {
					win.Record(d)
					run.Record(d)
				}
				sink += win.Quantile(0.5) + win.Quantile(0.95) + win.Quantile(0.99) + win.Mean()
				win.Reset()
			}
			perCompletion(b)
			_ = sink
		})
		b.Run("impl=window/n="+strconv.Itoa(n), func(b *testing.B) {
			run := NewHistogram()
			win := newWindowHist(run)
			var p [3]time.Duration
			var sink time.Duration
			for b.Loop() {
				for _, d := range lat {
					win.record(d, true)
					run.note(max(d, 0))
				}
				win.quantiles(windowQuantiles[:], p[:])
				sink += p[0] + p[1] + p[2] + win.mean()
				win.close()
			}
			perCompletion(b)
			win.flush() // once a run: not timed
			_ = sink
		})
	}
}

// A Recorder's windows and run histogram are those of the old recorder,
// which recorded every completion in a Histogram per window and each
// counted one in the run's: random streams through Arrive and Finish, with
// a warm-up, refusals, completions at window edges and a Latency read
// amid the run.
func TestRecorderMatchesHistograms(t *testing.T) {
	const window = 10 * time.Second
	for k, s := range latencyStreams {
		r := rand.New(rand.NewPCG(uint64(k), 11))
		type ev struct {
			at     sim.Time
			finish bool
			req    *models.Request
			o      models.Outcome
			lat    time.Duration
		}
		var evs []ev
		at := time.Duration(0)
		for range 30_000 {
			at += time.Duration(r.ExpFloat64() * float64(5*time.Millisecond))
			req := &models.Request{Arrival: sim.At(at)}
			lat, o := max(s.draw(r), 0), models.Completed
			switch r.IntN(20) {
			case 0:
				lat, o = 0, models.Throttled
			case 1:
				lat = window - at%window // completes on a window's edge
			}
			lat = min(lat, 100*time.Second) // within the run
			evs = append(evs, ev{at: sim.At(at), req: req}, ev{at: sim.At(at + lat), finish: true, req: req, o: o, lat: lat})
		}
		slices.SortStableFunc(evs, func(a, b ev) int { return int(a.at - b.at) })
		end := evs[len(evs)-1].at
		warmup := 40 * time.Second

		rec := NewRecorder(window, 1)
		rec.SetSpan(warmup, 0)
		want := NewHistogram()
		var wins []*Histogram
		for i, e := range evs {
			if !e.finish {
				rec.Arrive(e.at, e.req)
				continue
			}
			rec.Finish(e.at, e.req, e.o, e.lat)
			if e.o != models.Completed {
				continue
			}
			w := int(time.Duration(e.at) / window)
			for len(wins) <= w {
				wins = append(wins, NewHistogram())
			}
			wins[w].Record(e.lat)
			if e.req.Arrival >= sim.At(warmup) {
				want.Record(e.lat)
			}
			if i == len(evs)/2 {
				sameHistogram(t, s.name+" amid the run", rec.Latency(), want)
			}
		}
		rec.Close(end)
		sameHistogram(t, s.name, rec.Latency(), want)
		got := rec.Windows()
		if n := len(wins); n > 0 && sim.At(time.Duration(n-1)*window) == end {
			wins = wins[:n-1] // completions at the very end: in no window (Close)
		}
		if len(got) < len(wins) {
			t.Fatalf("%s: %d windows; want %d", s.name, len(got), len(wins))
		}
		for i, w := range got {
			h := NewHistogram()
			if i < len(wins) {
				h = wins[i]
			}
			if w.P50 != h.Quantile(0.5) || w.P95 != h.Quantile(0.95) || w.P99 != h.Quantile(0.99) || w.Mean != h.Mean() {
				t.Errorf("%s: window %d: p50/p95/p99/mean %v %v %v %v; Histogram says %v %v %v %v", s.name, i,
					w.P50, w.P95, w.P99, w.Mean, h.Quantile(0.5), h.Quantile(0.95), h.Quantile(0.99), h.Mean())
			}
		}
	}
}
