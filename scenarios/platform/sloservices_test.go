package platform

import (
	"testing"
	"time"

	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// slowFleet is a run of three services, 200 requests each: a and b at
// 10 ms, c (a batch-like endpoint) at 2 s. The pooled p99 is c's 2 s.
func slowFleet(t *testing.T) *metrics.Recorder {
	t.Helper()
	rec := metrics.NewRecorder(time.Second, 3)
	id := int64(0)
	for k := range 200 {
		at := time.Duration(k) * 10 * time.Millisecond
		for svc, lat := range []time.Duration{10 * time.Millisecond, 10 * time.Millisecond, 2 * time.Second} {
			r := &models.Request{ID: id, Arrival: sim.At(at), Service: svc}
			id++
			rec.Arrive(r.Arrival, r)
			rec.Finish(sim.At(at+lat), r, models.Completed, lat)
		}
	}
	rec.Close(sim.At(time.Minute))
	return rec
}

// A fleet is judged pooled while no service has an SLO of its own, and
// service by service once one has: a platform then meets the SLO when
// every service meets its own (walk11 #3: one slow service in 200 made
// every platform miss a pooled p99 that the others all met).
func TestJudgeRunPerService(t *testing.T) {
	rec := slowFleet(t)
	slo := DefaultSLO
	own := func(target time.Duration) *ServiceSLOs {
		c := slo
		c.Target = target
		return &ServiceSLOs{PerService: true, MinRequests: DefaultMinRequests, Services: []ServiceSLO{{"a", slo, false}, {"b", slo, false}, {"c", c, true}}}
	}
	pooled := &ServiceSLOs{MinRequests: DefaultMinRequests, Services: []ServiceSLO{{"a", slo, false}, {"b", slo, false}, {"c", slo, false}}}
	fewer := own(1500 * time.Millisecond)
	fewer.MinRequests = 201 // c's 200 requests are too few for its tail to be judged
	for _, tc := range []struct {
		name      string
		per       *ServiceSLOs
		met       bool
		judgement string
		count     string // Count("Lambda")
		cell      string
	}{
		{"one service", nil, false, "", "", "missed: p99 2.000 s"},
		{"pooled", pooled, false, JudgedPooled, "", "missed: p99 2.000 s"},
		{"c's own met", own(5 * time.Second), true, JudgedPerService, "3 of 3 services meet their SLO on Lambda", "met"},
		{"c's own missed", own(1500 * time.Millisecond), false, JudgedPerService,
			"2 of 3 services meet their SLO on Lambda; c misses p99 2.000 s against 1.500 s", "missed: 1 of 3 services misses its own SLO"},
		{"c too few", fewer, true, JudgedPerService, "3 of 3 services meet their SLO on Lambda", "met"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := slo.JudgeRun(rec, tc.per)
			if r.Met != tc.met || r.Judgement != tc.judgement {
				t.Errorf("met %t, judgement %q; want %t, %q", r.Met, r.Judgement, tc.met, tc.judgement)
			}
			if got := r.Count("Lambda"); got != tc.count {
				t.Errorf("Count: %q\nwant   %q", got, tc.count)
			}
			if got := r.Cell(); got != tc.cell {
				t.Errorf("Cell: %q, want %q", got, tc.cell)
			}
			if r.MeasuredMs != 2000 {
				t.Errorf("measured %v ms, want the pooled 2000", r.MeasuredMs)
			}
		})
	}
}

// A service with too few requests for its tail to be judged misses its
// SLO on its refusals, or on none of its requests completing, only: what
// it missed by says so, without requests left in flight past the target,
// which judged nothing (the placement leaves them out too: Option.
// Unfinished).
func TestJudgeRunTooFewSaysWhatJudgedIt(t *testing.T) {
	rec := metrics.NewRecorder(time.Second, 2)
	id := int64(0)
	add := func(svc int, at time.Duration, o models.Outcome, lat time.Duration, done bool) {
		r := &models.Request{ID: id, Arrival: sim.At(at), Service: svc}
		id++
		rec.Arrive(r.Arrival, r)
		if done {
			rec.Finish(sim.At(at+lat), r, o, lat)
		}
	}
	for k := range 200 {
		add(0, time.Duration(k)*100*time.Millisecond, models.Completed, 10*time.Millisecond, true)
	}
	// b: 40 requests, 4 failed and 4 still in flight since its first
	// seconds, 32 completed
	for k := range 40 {
		at := time.Duration(k) * 500 * time.Millisecond
		switch {
		case k < 4:
			add(1, at, models.Completed, 0, false)
		case k < 8:
			add(1, at, models.Failed, 3*time.Second, true)
		default:
			add(1, at, models.Completed, 20*time.Millisecond, true)
		}
	}
	rec.Close(sim.At(time.Minute))
	slo := DefaultSLO
	per := &ServiceSLOs{PerService: true, MinRequests: DefaultMinRequests, Services: []ServiceSLO{{"a", slo, false}, {"b", slo, true}}}
	r := slo.JudgeRun(rec, per)
	if r.Met || len(r.Services.Missed) != 1 {
		t.Fatalf("met %t, missed %+v; want b missed", r.Met, r.Services)
	}
	if got, want := r.Services.Missed[0].Words(), "b misses 10.00 % refused against 0.10 %"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}

// The closest of two platforms judged service by service is the one on
// which fewer services miss their SLO, however far the worst of them is.
func TestCloserCountsServicesFirst(t *testing.T) {
	miss := func(ratio float64) ServiceMiss {
		return ServiceMiss{Service: "x", SLOResult: SLOResult{Percentile: "p99", TargetMs: 1000, MeasuredMs: 1000 * ratio}}
	}
	one := &SLOResult{Judgement: JudgedPerService, Services: &ServicesJudged{Services: 3, Met: 2, Missed: []ServiceMiss{miss(4)}}}
	two := &SLOResult{Judgement: JudgedPerService, Services: &ServicesJudged{Services: 3, Met: 1, Missed: []ServiceMiss{miss(1.1), miss(1.2)}}}
	if Closer(one, two) >= 0 || Closer(two, one) <= 0 {
		t.Errorf("one service missing by 4× should be closer than two by 1.2×")
	}
	if d := one.Distance(); d != 4 {
		t.Errorf("distance %v, want the worst service's 4", d)
	}
}

// A tail is marginal when the SLO's target lies inside its 95 % interval,
// the values at the ranks 1.96 standard deviations of the binomial rank
// either side of n·q: for 1,300 latencies of 1..1,300 ms the p99 is
// rank 1,287 and the interval ranks 1,280 to 1,295 (±7.03).
func TestMarginalFromSampleSize(t *testing.T) {
	spread := func(d metrics.Distribution, n int, at func(k int) time.Duration) metrics.Distribution {
		for k := 1; k <= n; k++ {
			switch x := d.(type) {
			case *metrics.Histogram:
				x.Record(at(k))
			case *metrics.Sketch:
				x.Record(at(k))
			}
		}
		return d
	}
	ms := func(k int) time.Duration { return time.Duration(k) * time.Millisecond }
	// 1..1,300 ms: p99 is rank 1,287, the interval ranks 1,280–1,295
	wide := spread(metrics.NewHistogram(), 1300, ms)
	// 150 latencies: the interval's upper rank (150.9) passes the slowest
	few := spread(metrics.NewHistogram(), 150, ms)
	// 1,300 latencies within 10 ms of 1 s: the sketch reads ranks 1,280
	// to 1,295 all as one bucket's value, the maximum (1,010 ms)
	narrow := spread(&metrics.Sketch{}, 1300, func(k int) time.Duration { return time.Second + time.Duration(k)*10*time.Millisecond/1300 })
	one := spread(&metrics.Sketch{}, 1300, func(int) time.Duration { return 299 * time.Millisecond })
	for _, tc := range []struct {
		name   string
		d      metrics.Distribution
		target time.Duration
		want   bool
		open   bool
	}{
		{"below the interval: surely missed", wide, 1279 * time.Millisecond, false, false},
		// the histogram reads rank 1,280 (1,280 ms) as its bucket's
		// midpoint, 1,280.5 ms: a target of 1,280 ms is in that bucket
		{"at its lower end", wide, 1280 * time.Millisecond, true, false},
		{"inside", wide, 1290 * time.Millisecond, true, false},
		{"inside, near the top", wide, 1294 * time.Millisecond, true, false},
		// rank 1,295 reads 1,294.8 ms: 1,295 ms is in its bucket
		{"at its upper end", wide, 1295 * time.Millisecond, true, false},
		{"above its top: surely met", wide, 1297 * time.Millisecond, false, false},
		{"far above", wide, 1400 * time.Millisecond, false, false},
		// 150 requests cannot bound a p99 above their slowest (it takes
		// 381): a target twice the slowest is no clear pass
		{"open above", few, 300 * time.Millisecond, true, true},
		{"open above, under its lower end", few, 140 * time.Millisecond, false, true},
		// the sketch cannot tell 1,009.9 ms from the bucket it reads as
		// 1,010 ms
		{"in a sketch bucket", narrow, 1009*time.Millisecond + 900*time.Microsecond, true, false},
		{"below the bucket's reach", narrow, 990 * time.Millisecond, false, false},
		// one value throughout is exact: 299 ms meets 300 ms surely
		{"a constant sample", one, 300 * time.Millisecond, false, false},
	} {
		slo := SLO{Quantile: 0.99, Target: tc.target}
		iv, ok := slo.Marginal(Measured{Arrivals: tc.d.Count(), Latency: tc.d})
		if ok != tc.want || iv.Open != tc.open {
			t.Errorf("%s: target %v: marginal %t, open %t (interval %v–%v); want %t, %t", tc.name, tc.target, ok, iv.Open, iv.Lo, iv.Hi, tc.want, tc.open)
		}
	}
	// a hundred times the sample narrows the interval: 1290 ms of
	// 130,000 latencies spread as widely is no longer marginal
	big := spread(metrics.NewHistogram(), 130000, func(k int) time.Duration { return time.Duration(k) * 10 * time.Microsecond })
	if _, ok := (SLO{Quantile: 0.99, Target: 1270 * time.Millisecond}).Marginal(Measured{Arrivals: 130000, Latency: big}); ok {
		t.Errorf("1270 ms against a p99 of 1287 ms from 130,000 requests called marginal")
	}
}

// BoundedFrom is where the interval's upper rank stops passing the
// sample: below it Marginal's interval is open above, from it not.
func TestBoundedFrom(t *testing.T) {
	for _, tc := range []struct {
		q    float64
		want int64
	}{{0.5, 4}, {0.95, 73}, {0.99, 381}, {0.999, 3838}} {
		got := BoundedFrom(tc.q)
		if got != tc.want {
			t.Errorf("BoundedFrom(%g) = %d, want %d", tc.q, got, tc.want)
		}
		for _, n := range []int64{got - 1, got} {
			h := metrics.NewHistogram()
			for k := range n {
				h.Record(time.Duration(k+1) * time.Millisecond)
			}
			iv, _ := (SLO{Quantile: tc.q, Target: time.Hour}).Marginal(Measured{Arrivals: n, Latency: h})
			if iv.Open != (n < got) {
				t.Errorf("q %g, n %d: open %t", tc.q, n, iv.Open)
			}
		}
	}
}
