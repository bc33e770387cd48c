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
func controlPlaneSentences(plan *scenario.Plan, curve []breakeven.CurvePoint, cs []breakeven.Crossing, noun breakeven.Noun) (out []string) {
	names := plan.Names()
	if !plan.Cost.ControlPlane {
		out := []string{"No cost includes a cluster's control plane (cost.controlPlane=false: a cluster shared with other services, which pay for it)."}
		return append(out, stillBilled(curve, names, noun, false)...)
	}
	for _, name := range names {
		if s := controlPlaneSentence(curve, name, noun); s != "" {
			out = append(out, s)
		}
	}
	shifted := false
	defer func() {
		if shifted {
			out = append(out, stillBilled(curve, names, noun, true)...)
		}
	}()
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			na, nb := names[i], names[j]
			sh, ok := breakeven.ShiftedCrossings(curve, cs, na, nb)
			if !ok {
				continue
			}
			shifted = true
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

// stillBilled says, for each platform that bills nodes, that
// cost.controlPlane=false leaves them billed whole to the workload: it
// takes off the control plane only, so "a cluster shared with other
// services" described half the change, and a checkout whose break-even
// said Lambda up to 44.6 req/s "shared" was placed on Kubernetes at 33 req/s
// in a fleet, where its nodes are shared (walk14 #2). hint says the
// sentence follows the rerun's hint (the run itself has the control plane).
func stillBilled(curve []breakeven.CurvePoint, names []string, noun breakeven.Noun, hint bool) []string {
	var out []string
	for _, name := range names {
		lowest, rate := 0.0, 0.0
		for _, p := range curve {
			if m := p.Model(name); m != nil && m.NodesUSD > 0 {
				lowest, rate = m.NodesUSD, p.RatePerSecond
				break
			}
		}
		if lowest <= 0 {
			continue
		}
		what := "cost.controlPlane=false leaves out"
		if hint {
			what = "That rerun would leave out"
		}
		out = append(out, fmt.Sprintf("%s the control plane only: %s still bills every node to this workload (%s/month at %s req/s, the lowest rate run), as if no other service ran on them. "+
			"No setting bills a share of a node: for a cluster shared with other services, run them together as a fleet (services:) with a placement: block, whose placement.csv gives each service's direct cost.",
			what, noun(name), format.USD(lowest), format.Sig(rate, 4)))
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
