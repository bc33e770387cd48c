package platform

import (
	"testing"
	"time"

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
