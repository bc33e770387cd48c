package main

import (
	"fmt"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/scenarios/breakeven"
	"github.com/execsim/execsim/scenarios/scenario"
)

// Break-even's statements of what its verdict assumes (costrev, "Right
// but not stated in the verdicts"): the control plane a single service's
// cluster pays, the scenario's caps that bind as the rate rises, and the
// prices. Each is printed after the verdict, and the first two are notes
// on the chart as well.

// controlPlaneSentences say, for every pair of platforms where one pays a
// cluster's control plane, what it costs a month and where the pair's
// costs cross without it (breakeven.ShiftedCrossings): read from the
// same runs, never simulated anew, so given as the two simulated rates it
// lies between. With cost.controlPlane: false they say the control plane
// is left out.
func controlPlaneSentences(plan *scenario.Plan, curve []breakeven.CurvePoint, cs []breakeven.Crossing, noun breakeven.Noun) []string {
	if !plan.Cost.ControlPlane {
		return []string{"No cost includes a cluster's control plane (cost.controlPlane=false: a cluster shared with other services, which pay for it)."}
	}
	names := plan.Names()
	var out []string
	for _, name := range names {
		if s := controlPlaneSentence(curve, name, noun); s != "" {
			out = append(out, s)
		}
	}
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			na, nb := names[i], names[j]
			sh, ok := breakeven.ShiftedCrossings(curve, cs, na, nb)
			if !ok {
				continue
			}
			lead := "With cost.controlPlane=false (a cluster shared with other services)"
			if len(names) > 2 {
				lead += fmt.Sprintf(", %s and %s", noun(na), noun(nb))
			}
			if len(sh) == 0 {
				if c := breakeven.CheaperThroughout(curve, na, nb); c != "" {
					out = append(out, fmt.Sprintf("%s: %s is cheaper at every simulated rate.", lead, noun(c)))
				}
				continue
			}
			for _, s := range sh {
				line := fmt.Sprintf("%s: the costs cross between the runs at %s and %s req/s (≈ %s on the straight line between them), %s cheaper below, %s above",
					lead, format.Sig(s.Lo, 4), format.Sig(s.Hi, 4), format.Sig(s.Estimate, 3), noun(s.CheaperBelow), noun(s.CheaperAbove))
				if len(s.Misses) > 0 {
					var who []string
					for _, m := range s.Misses {
						who = append(who, noun(m))
					}
					line += fmt.Sprintf("; %s misses the SLO there, so it is no break-even", format.And(who))
				}
				out = append(out, line+"; rerun with --set cost.controlPlane=false to refine it.")
			}
		}
	}
	return out
}

// controlPlaneUSD is the largest monthly control-plane cost of the named
// platform over the curve (the same at every rate: a fee per hour).
func controlPlaneUSD(curve []breakeven.CurvePoint, name string) float64 {
	usd := 0.0
	for _, p := range curve {
		if m := p.Model(name); m != nil {
			usd = max(usd, m.ControlPlaneUSD)
		}
	}
	return usd
}

// capSentences say, per platform, at which rates its refusals coincide
// with a configured cap reached (breakeven.CapReacher), and which cap at
// which rates: break-even scales the rate but keeps the scenario's caps,
// so there the scenario limits the platform, not the platform itself.
func capSentences(curve []breakeven.CurvePoint, names []string, noun breakeven.Noun) []string {
	var out []string
	for _, name := range names {
		var order []string
		rates := map[string][]string{}
		var refusing []string
		for _, p := range curve {
			m := p.Model(name)
			if m == nil || m.Refused <= 0 || len(m.CapsReached) == 0 {
				continue
			}
			r := format.Sig(p.RatePerSecond, 4)
			refusing = append(refusing, r)
			for _, c := range m.CapsReached {
				if _, ok := rates[c]; !ok {
					order = append(order, c)
				}
				rates[c] = append(rates[c], r)
			}
		}
		if len(refusing) == 0 {
			continue
		}
		var caps []string
		for _, c := range order {
			caps = append(caps, fmt.Sprintf("%s at %s req/s", c, format.And(rates[c])))
		}
		out = append(out, fmt.Sprintf("%s's refusals at %s req/s coincide with the scenario's caps reached (%s): break-even keeps them as the rate rises, so there the scenario limits %s, not the platform; raise them with --set to compare capacity.",
			noun(name), format.And(refusing), strings.Join(caps, "; "), noun(name)))
	}
	return out
}

// capsCell is a curve point's caps reached in a CSV cell: "; "-separated.
func capsCell(m breakeven.ModelPoint) string { return strings.Join(m.CapsReached, "; ") }
