package platform

import (
	"testing"
	"time"

	"github.com/execsim/execsim/internal/metrics"
)

// A run with no arrivals is not judged: not met, not missed, and its cell
// says why; a silent service still meets the SLO for placement (Meets).
func TestJudgeWithoutArrivals(t *testing.T) {
	r := DefaultSLO.Judge(Measured{})
	if r.Met || r.Judged() || r.NotJudged != NoArrivals || r.Misses() != nil {
		t.Errorf("Judge(no arrivals) = %+v; want not met, not judged (%q), no misses", r, NoArrivals)
	}
	if got := r.Cell(); got != "not judged: no request arrived" {
		t.Errorf("Cell() = %q", got)
	}
	if !DefaultSLO.Meets(Measured{}) {
		t.Error("Meets(no arrivals) = false; a silent service meets the SLO for placement")
	}
	if r := DefaultSLO.Judge(Measured{Arrivals: 10, InFlight: 10}); !r.Judged() || r.Met || r.Cell() != "missed: no request completed (10 in flight at the end)" {
		t.Errorf("Judge(10 arrivals, none refused, none completed) = %+v; want missed", r)
	}
}

// Requests left in flight count against the SLO: a run that completes
// nothing cannot meet it (hostile #1: 0 of 286 completed was "met"), and
// requests surely older than the target at the end push the percentile
// over it when there are more of them than the percentile leaves room
// for. A few young requests in flight at the end change nothing.
func TestUnfinished(t *testing.T) {
	fast := func(n int) *metrics.Histogram {
		h := metrics.NewHistogram()
		for range n {
			h.Record(10 * time.Millisecond)
		}
		return h
	}
	// ten 1 s windows; arrivals in the last second are young for a 1 s target
	win := func(last int64) []metrics.Window {
		w := make([]metrics.Window, 10)
		for i := range w {
			w[i] = metrics.Window{Start: time.Duration(i) * time.Second, End: time.Duration(i+1) * time.Second, Arrivals: 100}
		}
		w[9].Arrivals = last
		return w
	}
	for _, tc := range []struct {
		name string
		m    Measured
		want string
	}{
		{"nothing completed, all in flight", Measured{Arrivals: 286, InFlight: 286}, "no request completed (286 in flight at the end)"},
		{"nothing completed, in flight unknown", Measured{Arrivals: 5}, "no request completed"},
		{"all refused is the refused share's miss", Measured{Arrivals: 5, Refused: 5}, ""},
		{"no arrivals", Measured{}, ""},
		{"young in flight only", Measured{Arrivals: 1000, Latency: fast(990), InFlight: 10, windows: win(100)}, ""},
		// 20 in flight, at most 5 arrived in the last second: ≥ 15 late of
		// 1000, more than the 10 a p99 leaves room for
		{"late in flight over the p99's room", Measured{Arrivals: 1000, Latency: fast(980), InFlight: 20, windows: win(5)}, "15 in flight past 1s at the end"},
		// 10 late of 1000: exactly the room the p99 leaves (rank 990)
		{"late in flight within the room", Measured{Arrivals: 1000, Latency: fast(985), InFlight: 15, windows: win(5)}, ""},
		{"no windows: age unknown", Measured{Arrivals: 1000, Latency: fast(980), InFlight: 20}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := DefaultSLO.Unfinished(tc.m); got != tc.want {
				t.Errorf("Unfinished = %q; want %q", got, tc.want)
			}
			met := DefaultSLO.Meets(tc.m)
			if wantMet := tc.want == "" && tc.m.Refused == 0; met != wantMet {
				t.Errorf("Meets = %t; want %t", met, wantMet)
			}
			if tc.want != "" {
				r := DefaultSLO.Judge(tc.m)
				if r.Met || r.Unfinished != tc.want || r.Distance() <= 1 {
					t.Errorf("Judge = %+v (distance %g); want missed because %q, distance > 1", r, r.Distance(), tc.want)
				}
			}
		})
	}
}

// Closer ranks by how far over its targets a result is, then by the share
// refused, then by the tail: the verdict's "the closest" and the
// placement of a service that meets the SLO nowhere.
func TestCloser(t *testing.T) {
	r := func(ms, refused float64) *SLOResult {
		return &SLOResult{Percentile: "p99", TargetMs: 300, MeasuredMs: ms, Refused: refused, RefusedMax: 0.001}
	}
	for _, tc := range []struct {
		name string
		a, b *SLOResult
		want int
	}{
		{"80 % refused is far; a longer tail is not as far", r(3238, 0.8), r(3976, 0), 1},
		{"a shorter tail, none refused", r(1000, 0), r(2000, 0), -1},
		{"equally far: fewer refused", r(600, 0.001), r(600, 0.0005), 1},
		{"equally far, as many refused: the shorter tail", r(500, 0.002), r(600, 0.002), -1},
		{"the same", r(500, 0.002), r(500, 0.002), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Closer(tc.a, tc.b); got != tc.want {
				t.Errorf("Closer = %d; want %d (distances %g and %g)", got, tc.want, tc.a.Distance(), tc.b.Distance())
			}
		})
	}
}
