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

// Judged service by service, a stretch names the SLO each missed service
// was judged by, not the scenario's, and a service that misses its tail
// does not make its platform cheaper: "only because" is for refusals
// (walk14 #3: "Lambda is cheaper … only because 1 service misses its own
// SLO (search) (SLO: p99 ≤ 1s, …)", for search's p95 ≤ 300 ms).
func TestStretchNamesEachServicesOwnSLO(t *testing.T) {
	slo := platform.SLO{Quantile: 0.99, Target: time.Second, Refused: 0.001}
	noun := func(n string) string { return map[string]string{"kubernetes": "Kubernetes", "lambda": "Lambda"}[n] }
	own := "its own SLO (p95 ≤ 300ms, refused ≤ 1.00 %)"
	for _, tc := range []struct {
		name     string
		refusing bool
		want     string
	}{
		{"late", false, "Lambda is cheaper than Kubernetes from 20 to 346 req/s, but search misses " + own + "; Kubernetes meets every service's."},
		{"refusing", true, "Lambda is cheaper than Kubernetes from 20 to 346 req/s only because search misses " + own + "; Kubernetes meets every service's."},
	} {
		s := breakeven.Stretch{From: 20, To: 346, Cheaper: "lambda", Other: "kubernetes", OtherMeets: true,
			CheaperRange: breakeven.Range{TailMaxMs: 380, PerService: true, Missed: []string{"search"}, MissedSLO: []string{own}, MissedRefusing: tc.refusing},
			OtherRange:   breakeven.Range{TailMaxMs: 340, PerService: true}}
		if got := s.Sentence(slo, noun, true); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
	r := breakeven.Range{PerService: true, Missed: []string{"search", "svc-07"}, MissedSLO: []string{own, "the scenario's SLO (p99 ≤ 1s, refused ≤ 0.10 %)"}}
	if got, want := breakeven.Shortfall(r, slo), "2 services miss the SLO each is judged by (search: p95 ≤ 300ms, refused ≤ 1.00 %; svc-07: the scenario's, p99 ≤ 1s, refused ≤ 0.10 %)"; got != want {
		t.Errorf("Shortfall:\n got %q\nwant %q", got, want)
	}
}
