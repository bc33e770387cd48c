package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/scenarios/breakeven"
	"github.com/execsim/execsim/scenarios/platform"
)

// Judged service by service (a fleet with an slo: per service), a ✓ or ✗
// is every service's own verdict, while the tail beside it pools every
// service's requests against the scenario's target: the tables, their
// legends and the CSV columns say so, and name the services that missed
// (walk13 #3: breakeven printed Kubernetes "p99 1.042 s ✓" under "✓ meets
// p99 ≤ 600ms", and tune "p99 463.7 ms ✗" under "p99 ≤ 800ms", with no
// word of which service decided it). A pooled judgement keeps its
// outputs as they were.

// perServicePoints tells whether any point was judged service by service.
func perServicePoints(pts []breakeven.ModelPoint) bool {
	return slices.ContainsFunc(pts, func(m breakeven.ModelPoint) bool { return m.PerService })
}

// curvePoints are every platform's points of a curve.
func curvePoints(curve []breakeven.CurvePoint) []breakeven.ModelPoint {
	var out []breakeven.ModelPoint
	for _, c := range curve {
		out = append(out, c.Models...)
	}
	return out
}

// missedCell names the services that missed their own SLO at a point, for
// a CSV cell: "a;b"; empty when none did.
func missedCell(m breakeven.ModelPoint) string { return strings.Join(m.Missed, ";") }

// perServiceLegend is the legend of a ✓/✗ column judged service by
// service: what ✓ means, and that the tail columns judge nothing.
func perServiceLegend(slo, where, tail string) string {
	return fmt.Sprintf("SLO ✓ every service meets its own SLO %s (each service's own slo:, else %s), ✗ at least one misses it (named in the CSV's missed_services); the %s columns pool every service's requests and judge nothing",
		where, slo, tail)
}

// missedRates names, per platform, the services that missed their own
// SLO and at which rates: "✗ kubernetes: web at 300 req/s". Nothing when
// none missed.
func (b *breakevenText) missedRates(curve []breakeven.CurvePoint) {
	for _, m := range curve[0].Models {
		var at []string
		for _, c := range curve {
			if p := c.Model(m.Model); p != nil && len(p.Missed) > 0 {
				at = append(at, fmt.Sprintf("%s at %.4g req/s", format.FirstNames(p.Missed, 3), c.RatePerSecond))
			}
		}
		if len(at) > 0 {
			fmt.Fprintf(b.w, "✗ %s: %s\n", b.noun(m.Model), format.FirstNames(at, 4))
		}
	}
}

// tunePerService tells whether any value was judged service by service.
func tunePerService(pts []breakeven.TunePoint) bool {
	return slices.ContainsFunc(pts, func(p breakeven.TunePoint) bool { return p.PerService })
}

// tuneMissed prints tuneMissedSentence under the table.
func tuneMissed(w io.Writer, t platform.Tuning, pts []breakeven.TunePoint) {
	if s := tuneMissedSentence(t, pts); s != "" {
		fmt.Fprintln(w, s)
	}
}

// tuneMissedSentence names, per value, the services that missed their
// own SLO there: "✗ 256 MB: catalog-profile-175; 1024 MB:
// catalog-profile-175". "" when none missed.
func tuneMissedSentence(t platform.Tuning, pts []breakeven.TunePoint) string {
	var at []string
	for _, p := range pts {
		if len(p.Missed) > 0 {
			at = append(at, fmt.Sprintf("%d %s: %s", p.Value, t.Unit, format.FirstNames(p.Missed, 3)))
		}
	}
	if len(at) == 0 {
		return ""
	}
	return "Services that miss their own SLO: " + strings.Join(at, "; ") + "."
}
