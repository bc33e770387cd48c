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
// either side of ⌈n·q⌉: for 1,300 latencies of 1..1,300 ms the p99 is
// rank 1,287 and the interval ranks 1,280 to 1,295 (±7.03).
func TestMarginalFromSampleSize(t *testing.T) {
	h := metrics.NewHistogram()
	for k := 1; k <= 1300; k++ {
		h.Record(time.Duration(k) * time.Millisecond)
	}
	m := Measured{Arrivals: 1300, Latency: h}
	for _, tc := range []struct {
		target time.Duration
		want   bool
	}{
		{1279 * time.Millisecond, false}, // below the interval: surely missed
		{1281 * time.Millisecond, true},  // (the histogram reads rank 1,280 as 1,280.5 ms)
		{1290 * time.Millisecond, true},
		{1294 * time.Millisecond, true},
		{1295 * time.Millisecond, false}, // at its top: surely met
		{1400 * time.Millisecond, false},
	} {
		slo := SLO{Quantile: 0.99, Target: tc.target}
		lo, hi, ok := slo.Marginal(m)
		if ok != tc.want {
			t.Errorf("target %v: marginal %t (interval %v–%v), want %t", tc.target, ok, lo, hi, tc.want)
		}
	}
	// a hundred times the sample narrows the interval: 1290 ms of
	// 130,000 latencies spread as widely is no longer marginal
	big := metrics.NewHistogram()
	for k := 1; k <= 130000; k++ {
		big.Record(time.Duration(k) * 10 * time.Microsecond)
	}
	if _, _, ok := (SLO{Quantile: 0.99, Target: 1270 * time.Millisecond}).Marginal(Measured{Arrivals: 130000, Latency: big}); ok {
		t.Errorf("1270 ms against a p99 of 1287 ms from 130,000 requests called marginal")
	}
}
