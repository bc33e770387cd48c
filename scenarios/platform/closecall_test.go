package platform

import (
	"testing"
	"time"

	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// spreadFleet is a run of two services, 150 requests each: a at 10 ms,
// c at 10, 20, … 1,500 ms, so that c's p99 is its 149th-slowest of 150
// (1.49 s) and the 95 % interval of that rank reaches from about its
// 147th to its slowest.
func spreadFleet(t *testing.T) *metrics.Recorder {
	t.Helper()
	rec := metrics.NewRecorder(time.Second, 2)
	id := int64(0)
	for k := range 150 {
		at := time.Duration(k) * 10 * time.Millisecond
		for svc, lat := range []time.Duration{10 * time.Millisecond, time.Duration(k+1) * 10 * time.Millisecond} {
			r := &models.Request{ID: id, Arrival: sim.At(at), Service: svc}
			id++
			rec.Arrive(r.Arrival, r)
			rec.Finish(sim.At(at+lat), r, models.Completed, lat)
		}
	}
	rec.Close(sim.At(time.Minute))
	return rec
}

// A run judged service by service lists the services whose call is
// close, met or missed, with the interval (walk13 #1: the verdict rested
// on one service's p99 over 166 requests, 834.7 ms against 800 ms, and
// nothing in summary.json said it was a close call); a call outside the
// interval, or a service with too few requests to judge its tail, is
// not one.
func TestJudgeRunCloseCalls(t *testing.T) {
	rec := spreadFleet(t)
	slo := DefaultSLO
	per := func(target time.Duration, minRequests int) *ServiceSLOs {
		c := slo
		c.Target = target
		return &ServiceSLOs{PerService: true, MinRequests: minRequests, Services: []ServiceSLO{{"a", slo, false}, {"c", c, true}}}
	}
	for _, tc := range []struct {
		name                string
		per                 *ServiceSLOs
		met, close, closeOK bool // the run met; c's call is close; and met
		onlyClose           bool
	}{
		{"missed within the interval", per(1480*time.Millisecond, 100), false, true, false, true},
		{"met within the interval", per(1495*time.Millisecond, 100), true, true, true, false},
		{"missed outside it", per(1300*time.Millisecond, 100), false, false, false, false},
		{"met outside it", per(3*time.Second, 100), true, false, false, false},
		{"too few to judge its tail", per(1480*time.Millisecond, 151), true, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := slo.JudgeRun(rec, tc.per)
			if r.Met != tc.met {
				t.Fatalf("met %t, want %t", r.Met, tc.met)
			}
			cs := r.Services.Close
			if !tc.close {
				if len(cs) != 0 {
					t.Errorf("close calls %+v, want none", cs)
				}
			} else if len(cs) != 1 || cs[0].Service != "c" || cs[0].Met != tc.closeOK || !(cs[0].LowMs <= cs[0].TargetMs && cs[0].TargetMs < cs[0].HighMs) || cs[0].Completed != 150 {
				t.Errorf("close calls %+v, want c's, met %t, its target inside [low, high), of 150 requests", cs, tc.closeOK)
			}
			if got := r.OnlyCloseMisses(); got != tc.onlyClose {
				t.Errorf("OnlyCloseMisses = %t, want %t", got, tc.onlyClose)
			}
		})
	}
	// a pooled judgement lists none
	if r := slo.JudgeRun(rec, &ServiceSLOs{MinRequests: 100, Services: []ServiceSLO{{"a", slo, false}, {"c", slo, false}}}); r.Services != nil {
		t.Errorf("pooled: per-service %+v, want none", r.Services)
	}
}
