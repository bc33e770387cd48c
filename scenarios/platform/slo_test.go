package platform

import "testing"

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
	if r := DefaultSLO.Judge(Measured{Arrivals: 10}); !r.Judged() || !r.Met || r.Cell() != "met" {
		t.Errorf("Judge(10 arrivals, none refused) = %+v; want met", r)
	}
}
