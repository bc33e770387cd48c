package metrics

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

func TestHistogramWithinOnePercentOfNearestRank(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	h := NewHistogram()
	var xs []time.Duration
	for range 100_000 {
		d := time.Duration(math.Exp(r.NormFloat64()*1.5) * float64(50*time.Millisecond))
		xs = append(xs, d)
		h.Record(d)
	}
	sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })
	for _, q := range []float64{0.5, 0.9, 0.95, 0.99, 0.999} {
		exact := xs[int(math.Ceil(q*float64(len(xs))))-1]
		got := h.Quantile(q)
		if rel := math.Abs(float64(got-exact)) / float64(exact); rel > 0.01 {
			t.Errorf("Quantile(%v) = %v; exact nearest rank %v (%.2f%% off, want ≤ 1%%)", q, got, exact, 100*rel)
		}
	}
	if h.Quantile(1) != xs[len(xs)-1] {
		t.Errorf("Quantile(1) = %v; want exact max %v", h.Quantile(1), xs[len(xs)-1])
	}
	var sum float64
	for _, x := range xs {
		sum += float64(x)
	}
	if want := time.Duration(math.Round(sum / float64(len(xs)))); h.Mean() != want {
		t.Errorf("Mean = %v; want %v", h.Mean(), want)
	}
}

func TestRecorderWindowsAndGauges(t *testing.T) {
	r := NewRecorder(10*time.Second, 1)
	req := &models.Request{}
	s := func(d time.Duration) sim.Time { return sim.At(d) }
	r.Gauge(s(0), models.Concurrency, 2)
	r.Arrive(s(1*time.Second), req)
	r.Finish(s(2*time.Second), req, models.Completed, 100*time.Millisecond)
	r.Gauge(s(5*time.Second), models.Concurrency, 4)
	r.Arrive(s(12*time.Second), req)
	r.Finish(s(13*time.Second), req, models.Throttled, 0)
	r.Arrive(s(14*time.Second), req) // still in flight at the end
	r.Close(s(15 * time.Second))

	w := r.Windows()
	if len(w) != 2 {
		t.Fatalf("windows = %d; want 2", len(w))
	}
	// window 0: 2 for 5 s, 4 for 5 s → mean 3, max 4
	if w[0].GaugeMean[models.Concurrency] != 3 || w[0].GaugeMax[models.Concurrency] != 4 {
		t.Errorf("window 0 gauge mean %v max %v; want 3 and 4", w[0].GaugeMean[models.Concurrency], w[0].GaugeMax[models.Concurrency])
	}
	if w[1].End != 15*time.Second || w[1].GaugeMean[models.Concurrency] != 4 {
		t.Errorf("window 1 = %+v; want end 15s, mean 4", w[1])
	}
	if w[0].Completed() != 1 || w[1].Outcomes[models.Throttled] != 1 || w[1].Arrivals != 2 {
		t.Errorf("window counts wrong: %+v %+v", w[0], w[1])
	}
	if r.InFlight() != 1 {
		t.Errorf("InFlight = %d; want 1", r.InFlight())
	}
	// run average: (2·5 + 4·10)/15
	if got, want := r.GaugeMean(models.Concurrency, s(15*time.Second)), 50.0/15; math.Abs(got-want) > 1e-12 {
		t.Errorf("GaugeMean = %v; want %v", got, want)
	}
	if r.GaugePeak(models.Concurrency) != 4 {
		t.Errorf("peak = %v; want 4", r.GaugePeak(models.Concurrency))
	}
}

// Completed cold starts have their own latency histogram, made on the
// first one; other outcomes of cold requests are not latencies.
func TestRecorderColdLatency(t *testing.T) {
	r := NewRecorder(time.Minute, 1)
	warm, cold := &models.Request{}, &models.Request{Cold: true}
	r.Finish(sim.At(time.Second), warm, models.Completed, 10*time.Millisecond)
	r.Finish(sim.At(time.Second), cold, models.Failed, 0)
	if r.ColdLatency() != nil {
		t.Fatal("ColdLatency() != nil before any cold start completed")
	}
	r.Finish(sim.At(2*time.Second), cold, models.Completed, 300*time.Millisecond)
	h := r.ColdLatency()
	if h == nil || h.Count() != 1 || h.Max() != 300*time.Millisecond {
		t.Fatalf("ColdLatency() = %v; want one latency of 300ms", h)
	}
	if n := r.Latency().Count(); n != 2 {
		t.Errorf("Latency().Count() = %d; want 2 (cold starts are latencies too)", n)
	}
}

// A fleet's per-service statistics are the same whether the recorder
// batches outcomes (recordService) or each is recorded at once: arrivals,
// outcomes, counts, extremes, quantiles and the floating-point sum behind
// the mean, whether read mid-run (Service and Services flush) or after
// Close, one service at a time or all at once, with latencies too long
// for the batch among them.
func TestServiceBatchesRecordAsEach(t *testing.T) {
	const services = 37
	r := rand.New(rand.NewPCG(5, 6))
	rec := NewRecorder(time.Minute, services)
	want := make([]Sketch, services)
	var arrivals [services]int64
	var outcomes [services][4]int64
	reads := 0
	check := func(when string) {
		t.Helper()
		// one service at a time (Service) and all at once (Services),
		// taking turns at reading first, which flushes the batch
		one := func() []*ServiceStats {
			got := make([]*ServiceStats, services)
			for i := range got {
				got[i] = rec.Service(i)
			}
			return got
		}
		all := func() []*ServiceStats {
			got, s := make([]*ServiceStats, services), rec.Services()
			for i := range got {
				got[i] = &s[i]
			}
			return got
		}
		reads++
		if reads%2 == 0 {
			one, all = all, one
		}
		checkServices(t, when, one(), want, arrivals[:], outcomes[:])
		checkServices(t, when, all(), want, arrivals[:], outcomes[:])
	}
	now := sim.Time(0)
	for i := range 3*serviceBatch + 77 {
		now += sim.Time(r.IntN(1000))
		req := models.Request{ID: int64(i), Arrival: now, Service: r.IntN(services)}
		lat := time.Duration(math.Exp(r.NormFloat64()) * float64(30*time.Millisecond) * (1 + 0.01*float64(req.Service)))
		switch i % 5000 {
		case 17: // too long for the batch: recorded at once, after it;
			// long enough that the sums pass 2^53 and their rounding
			// depends on the order of the additions
			lat = 1<<52 + time.Duration(r.IntN(1000))
		case 29:
			lat = -time.Millisecond // counts as 0
		}
		rec.Arrive(now, &req)
		arrivals[req.Service]++
		o := models.Completed
		if r.IntN(10) == 0 {
			o = models.Outcome(1 + r.IntN(3)) // throttled, rejected or failed
		}
		rec.Finish(now, &req, o, lat)
		outcomes[req.Service][o]++
		if o == models.Completed {
			want[req.Service].Record(lat)
		}
		if i == serviceBatch+5 {
			check("mid-run")
		}
	}
	rec.Close(now + 1)
	check("after Close")
}

// checkServices fails t unless got are the statistics want, arrivals and
// outcomes describe.
func checkServices(t *testing.T, when string, got []*ServiceStats, want []Sketch, arrivals []int64, outcomes [][4]int64) {
	t.Helper()
	for i := range want {
		if got[i].Arrivals != arrivals[i] || got[i].Outcomes != outcomes[i] {
			t.Fatalf("%s, service %d: %d arrivals, outcomes %v; want %d, %v", when, i, got[i].Arrivals, got[i].Outcomes, arrivals[i], outcomes[i])
		}
		g, w := &got[i].Latency, &want[i]
		if g.Count() != w.Count() || g.sumNs != w.sumNs || g.Min() != w.Min() || g.Max() != w.Max() {
			t.Fatalf("%s, service %d: count %d sum %v min %v max %v; want %d %v %v %v",
				when, i, g.Count(), g.sumNs, g.Min(), g.Max(), w.Count(), w.sumNs, w.Min(), w.Max())
		}
		for _, q := range []float64{0.5, 0.9, 0.99} {
			if g.Quantile(q) != w.Quantile(q) {
				t.Fatalf("%s, service %d: p%g %v; want %v", when, i, 100*q, g.Quantile(q), w.Quantile(q))
			}
		}
	}
}

func TestRaiseIsMax(t *testing.T) {
	nan, inf, negZero := math.NaN(), math.Inf(1), math.Copysign(0, -1)
	vals := []float64{nan, -inf, -3, -1, negZero, 0, 0.5, 1, 3, inf, math.MaxFloat64, math.SmallestNonzeroFloat64}
	for _, p := range vals {
		for _, v := range vals {
			got := p
			raise(&got, v)
			want := max(p, v)
			if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
				t.Errorf("raise(%v, %v) = %v (bits %x); want max's %v (bits %x)", p, v, got, math.Float64bits(got), want, math.Float64bits(want))
			}
		}
	}
}
