package platform

import (
	"fmt"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/benchunit"
	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// A service's placement is judged by the runs' rule for requests in
// flight at the end: ServiceMeasuredOf gives it its requests in flight
// and the run's windows, so that a service whose requests are surely late
// misses the SLO, where without them it met it on the latency of the few
// that completed (review9b). Young requests are still innocent, and the
// other services' young arrivals count as young too, so the bound holds.
func TestServiceMeasuredOfInFlight(t *testing.T) {
	// service 0: 100 requests at 10 ms in the first second, then 10 that
	// never finish (arrived at 1 s, 59 s before the end: late for a p99 ≤
	// 1 s); service 1: 100 at 10 ms, and 5 arrived in the last second still
	// in flight (young). The run's last second has 5 arrivals, so 5 of
	// service 0's 10 are surely late: more than the 1 of 110 a p99 leaves
	// room for.
	rec := metrics.NewRecorder(time.Second, 2)
	id := int64(0)
	arrive := func(at time.Duration, svc int) *models.Request {
		r := &models.Request{ID: id, Arrival: sim.At(at), Service: svc}
		id++
		rec.Arrive(r.Arrival, r)
		return r
	}
	for k := range 100 {
		at := time.Duration(k) * 5 * time.Millisecond
		for svc := range 2 {
			r := arrive(at, svc)
			rec.Finish(sim.At(at+10*time.Millisecond), r, models.Completed, 10*time.Millisecond)
		}
	}
	for range 10 {
		arrive(time.Second, 0)
	}
	for range 5 {
		arrive(59500*time.Millisecond, 1)
	}
	rec.Close(sim.At(time.Minute))
	for _, tc := range []struct {
		svc      int
		inFlight int64
		want     string
	}{
		{0, 10, "5 in flight past 1s at the end"},
		{1, 5, ""},
	} {
		m := ServiceMeasuredOf(rec, tc.svc)
		if m.InFlight != tc.inFlight || m.Completed() != 100 {
			t.Errorf("service %d: %d in flight, %d completed; want %d and 100", tc.svc, m.InFlight, m.Completed(), tc.inFlight)
		}
		if got := DefaultSLO.Unfinished(m); got != tc.want {
			t.Errorf("service %d: Unfinished = %q; want %q", tc.svc, got, tc.want)
		}
		if met := DefaultSLO.Meets(m); met != (tc.want == "") {
			t.Errorf("service %d: Meets = %t; want %t", tc.svc, met, tc.want == "")
		}
	}
}

// ServiceOutcomesOf reads a fleet's service its own outcomes, and a run of
// one service the run's (a recorder that keeps none per service), the
// outcomes ServiceMeasuredOf counts refusals and requests in flight from.
func TestServiceOutcomesOf(t *testing.T) {
	for _, services := range []int{1, 3} {
		rec := metrics.NewRecorder(time.Second, services)
		for k := range 12 {
			r := &models.Request{ID: int64(k), Arrival: sim.At(time.Duration(k) * time.Millisecond), Service: k % services}
			rec.Arrive(r.Arrival, r)
			switch k % 4 {
			case 0:
				rec.Finish(r.Arrival.Add(time.Millisecond), r, models.Completed, time.Millisecond)
			case 1:
				rec.Finish(r.Arrival, r, models.Throttled, 0)
			case 2:
				rec.Finish(r.Arrival.Add(time.Millisecond), r, models.Failed, time.Millisecond)
			}
		}
		rec.Close(sim.At(time.Second))
		for i := range services {
			got := ServiceOutcomesOf(rec, i)
			want := OutcomesOf(rec)
			if svcs := rec.Services(); svcs != nil {
				want = ServiceOutcomes(svcs[i])
			}
			if got != want {
				t.Errorf("%d services, service %d: %+v; want %+v", services, i, got, want)
			}
			if m := ServiceMeasuredOf(rec, i); m.Refused != got.Refused() || m.InFlight != got.InFlight {
				t.Errorf("%d services, service %d: measured %d refused, %d in flight; the outcomes say %d and %d",
					services, i, m.Refused, m.InFlight, got.Refused(), got.InFlight)
			}
		}
		if services == 3 {
			if o := ServiceOutcomesOf(rec, 1); o.Throttled != 1 || o.Failed != 1 || o.InFlight != 1 || o.Completed != 1 {
				t.Errorf("service 1 of 3: %+v; want 1 completed, 1 throttled, 1 failed, 1 in flight", o)
			}
		}
	}
}

// BenchmarkServiceMeasuredOf reads every service of a fleet one by one,
// as the placement judges them (hybrid's blend and search): each read
// asks the recorder for its services, which fills in every service's
// arrivals (metrics.Recorder.Services), so the fleet's reads are
// quadratic in its services.
func BenchmarkServiceMeasuredOf(b *testing.B) {
	for _, n := range []int{500, 10_000} {
		rec := metrics.NewRecorder(time.Second, n)
		for k := range n {
			r := &models.Request{ID: int64(k), Arrival: sim.At(time.Duration(k) * time.Microsecond), Service: k}
			rec.Arrive(r.Arrival, r)
			rec.Finish(r.Arrival.Add(time.Millisecond), r, models.Completed, time.Millisecond)
		}
		rec.Close(sim.At(time.Second))
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			c0 := benchunit.ProcessCPU()
			for b.Loop() {
				for i := range n {
					ServiceMeasuredOf(rec, i)
				}
			}
			b.ReportMetric(float64(benchunit.ProcessCPU()-c0)/float64(b.N), "cpu-ns/op")
		})
	}
}
