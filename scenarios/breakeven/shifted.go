package breakeven

import (
	"cmp"
	"math"
	"slices"
)

// Shifted is where two platforms' costs cross once each sheds its
// cluster's control plane (ModelPoint.ControlPlaneUSD), read from runs
// already made: a run of one service pays a whole EKS control plane,
// which a service sharing its cluster with others would not pay alone
// (costrev: steady's break-even moves from 46.2 to 34.0 req/s without
// it).
//
// The control plane is a fee per cluster-hour that no rate changes (EKS
// pricing: $0.10 per cluster per hour), and turning it off changes no
// simulated request, so the cost of a run without it is the run's cost
// minus ControlPlaneUSD, exactly. The crossing is therefore known to lie
// between the two simulated rates Lo and Hi where the shifted gap changes
// sign; between them the costs were not simulated, and Estimate is only
// the straight line between the two runs' shifted gaps. A blend is left
// out: its placement weighs the control plane, so without it the blend
// may place services elsewhere and its runs differ.
type Shifted struct {
	A, B string
	// Lo and Hi are the simulated rates the crossing lies between (a run
	// where the shifted costs tie lies between them too), and Estimate
	// the rate where the straight line between their shifted gaps is
	// zero: not simulated.
	Lo, Hi, Estimate float64
	// CheaperBelow and CheaperAbove say which is cheaper, without the
	// control plane, at Lo and at Hi.
	CheaperBelow, CheaperAbove string
	// Misses lists the platforms (of A and B) that miss the SLO at Lo or
	// Hi: there the crossing is no break-even.
	Misses []string
}

// ShiftedCrossings finds where platforms na and nb cross without their
// control planes (Shifted), over every simulated point: the curve's and
// the crossings' refining runs (Crossing.Below and Above). ok is false
// when it does not apply: neither pays a control plane at any point, or
// either is a blend.
func ShiftedCrossings(curve []CurvePoint, cs []Crossing, na, nb string) (out []Shifted, ok bool) {
	pts := slices.Clone(curve)
	for _, c := range cs {
		pts = append(pts, c.Below, c.Above)
	}
	slices.SortStableFunc(pts, func(p, q CurvePoint) int { return cmp.Compare(p.RatePerSecond, q.RatePerSecond) })
	pts = slices.CompactFunc(pts, func(p, q CurvePoint) bool { return p.RatePerSecond == q.RatePerSecond })
	plane := false
	var rates, gaps []float64
	var at []CurvePoint
	for _, p := range pts {
		a, b := p.Model(na), p.Model(nb)
		if a == nil || b == nil {
			continue
		}
		if a.Placed != nil || b.Placed != nil {
			return nil, false
		}
		plane = plane || a.ControlPlaneUSD > 0 || b.ControlPlaneUSD > 0
		g := (a.MonthlyUSD - a.ControlPlaneUSD) - (b.MonthlyUSD - b.ControlPlaneUSD)
		if math.IsNaN(g) {
			continue
		}
		rates, gaps, at = append(rates, p.RatePerSecond), append(gaps, g), append(at, p)
	}
	if !plane {
		return nil, false
	}
	cheaper := func(g float64) string {
		if g < 0 {
			return na
		}
		return nb
	}
	last := -1 // the last point with a nonzero gap
	for i, g := range gaps {
		if g == 0 {
			continue
		}
		if last >= 0 && (g < 0) != (gaps[last] < 0) {
			s := Shifted{A: na, B: nb, Lo: rates[last], Hi: rates[i], CheaperBelow: cheaper(gaps[last]), CheaperAbove: cheaper(g)}
			s.Estimate = rates[last] + (rates[i]-rates[last])*gaps[last]/(gaps[last]-g)
			for _, name := range []string{na, nb} {
				if !at[last].meets(name) || !at[i].meets(name) {
					s.Misses = append(s.Misses, name)
				}
			}
			out = append(out, s)
		}
		last = i
	}
	return out, true
}

// CheaperThroughout is, when ShiftedCrossings found no crossing, the
// platform cheaper without the control planes at every point ("" when
// the shifted costs tie everywhere or there is no point).
func CheaperThroughout(curve []CurvePoint, na, nb string) string {
	for _, p := range curve {
		a, b := p.Model(na), p.Model(nb)
		if a == nil || b == nil {
			continue
		}
		switch g := (a.MonthlyUSD - a.ControlPlaneUSD) - (b.MonthlyUSD - b.ControlPlaneUSD); {
		case g < 0:
			return na
		case g > 0:
			return nb
		}
	}
	return ""
}
