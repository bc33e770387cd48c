package simtest

import (
	"testing"
	"time"

	"github.com/execsim/execsim/models"
)

func TestErlangFormulas(t *testing.T) {
	// the reference values
	for _, tc := range []struct {
		name string
		got  float64
		want float64
		tol  float64
	}{
		{"ErlangB(50, 45)", ErlangB(50, 45), 0.05410, 1e-3},
		{"ErlangB(1000, 2016)", ErlangB(1000, 2016), 0.50445, 1e-3},
		{"ErlangC(10, 8)", ErlangC(10, 8), 0.40918, 1e-4},
	} {
		if RelErr(tc.got, tc.want) > tc.tol {
			t.Errorf("%s = %.5f; want %.5f", tc.name, tc.got, tc.want)
		}
	}
}

func TestListNumbersRequests(t *testing.T) {
	l := At(models.Work{IO: time.Second}, 0, time.Second).Add(2, 3*time.Second, 1, models.Work{})
	var ids []int64
	for req, ok := l.Next(); ok; req, ok = l.Next() {
		ids = append(ids, req.ID)
		if req.ID >= 2 && req.Service != 1 {
			t.Errorf("request %d for service %d; want 1", req.ID, req.Service)
		}
	}
	if len(ids) != 4 || ids[3] != 3 {
		t.Errorf("IDs %v; want 0 to 3", ids)
	}
}

// A rate that drops to zero ends the stream; a step changes the rate.
func TestPoissonSteps(t *testing.T) {
	p := NewPoisson(100, nil, nil, time.Hour, 1).Step(10*time.Second, 1000).Step(20*time.Second, 0)
	var before, during int
	for req, ok := p.Next(); ok; req, ok = p.Next() {
		if req.Arrival < 10e9 {
			before++
		} else {
			during++
		}
	}
	if before < 800 || before > 1200 || during < 9000 || during > 11000 {
		t.Errorf("%d arrivals in the first 10 s, %d in the next 10 s; want about 1,000 and 10,000", before, during)
	}
	if p.Generated() != int64(before+during) {
		t.Errorf("Generated() = %d; want %d", p.Generated(), before+during)
	}
}
