package report

import (
	"slices"
	"testing"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/summary"
)

// A run's confidence interval cut at zero reads as the sweep's does,
// "[a, b]*" with its note, not as an interval from 0 (walk13 #11: make
// demo's "latency mean, 95 % CI 0.000 ms – 3.137 s" about 1.451 s); one
// inside its domain, and a refused share of [0, 0] about 0, read as
// before, with no note.
func TestRunTableMarksACutInterval(t *testing.T) {
	entry := func(mean, lo, hi, refused, rlo, rhi float64) *platform.Entry {
		e := &platform.Entry{Outcomes: platform.Outcomes{Completed: 1000}, RefusedFraction: refused, RefusedCI95: &[2]float64{rlo, rhi}}
		e.LatencyMs.Mean, e.LatencyMs.MeanCI95 = mean, &[2]float64{lo, hi}
		return e
	}
	cases := []struct {
		name             string
		entry            *platform.Entry
		latency, refused string
		noted            bool
	}{
		{"the spike's Kubernetes", entry(1451, 0, 3137, 0.314, 0.0881, 0.54), "[0.000 ms, 3.137 s]*", "8.81–54.00 %", true},
		{"within the domain", entry(168.1, 166.3, 170.0, 0, 0, 0), "166.3 ms – 170.0 ms", "0.00–0.00 %", false},
		{"a refused share cut at 0", entry(168.1, 166.3, 170.0, 0.001, 0, 0.003), "166.3 ms – 170.0 ms", "[0.00 %, 0.30 %]*", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := summary.Summary{CI95Batches: 20, Arrivals: 1000, Models: summary.Models{{Name: "kubernetes", Entry: tc.entry}}}
			rows := summaryTable(s)
			cell := func(label string) string {
				i := slices.IndexFunc(rows, func(r []string) bool { return r[0] == label })
				if i < 0 {
					t.Fatalf("no %q row in %q", label, rows)
				}
				return rows[i][1]
			}
			if got := cell("latency mean, 95 % CI"); got != tc.latency {
				t.Errorf("latency mean, 95 %% CI %q; want %q", got, tc.latency)
			}
			if got := cell("refused, 95 % CI"); got != tc.refused {
				t.Errorf("refused, 95 %% CI %q; want %q", got, tc.refused)
			}
			if noted := slices.Contains(tableNotes(s), cutNote); noted != tc.noted {
				t.Errorf("notes %q; want the [a, b]* note %v", tableNotes(s), tc.noted)
			}
		})
	}
}
