package breakeven_test

import (
	"testing"
	"time"

	"github.com/execsim/execsim/scenarios/breakeven"
	"github.com/execsim/execsim/scenarios/platform"
)

// Judged service by service, a stretch that misses the SLO says which
// services missed their own, not the pooled tail, which judged nothing
// (walk11 #3: "none meets it" at every rate, for a pooled p99 one slow
// service in 200 set).
func TestShortfallNamesServices(t *testing.T) {
	slo := platform.SLO{Quantile: 0.99, Target: time.Second, Refused: 0.001}
	for _, tc := range []struct {
		name string
		r    breakeven.Range
		want string
	}{
		{"pooled", breakeven.Range{TailMaxMs: 2300}, "p99 up to 2.300 s"},
		{"one service", breakeven.Range{TailMaxMs: 2300, PerService: true, Missed: []string{"batch"}}, "1 service misses its own SLO (batch)"},
		// a fourth is named, not "and 1 more" (format.FirstNames)
		{"four", breakeven.Range{TailMaxMs: 2300, PerService: true, Missed: []string{"a", "b", "c", "d"}}, "4 services miss their own SLO (a, b, c and d)"},
		{"many", breakeven.Range{TailMaxMs: 2300, PerService: true, Missed: []string{"a", "b", "c", "d", "e"}}, "5 services miss their own SLO (a, b, c and 2 more)"},
	} {
		if got := breakeven.Shortfall(tc.r, slo); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
