package breakeven

import (
	"context"
	"math"

	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
)

// Search is how a curve's rates are chosen and its crossings refined.
//
// The exhaustive method simulates every rate of the grid and bisects each
// crossing. The adaptive one simulates every Stride-th rate of the same
// grid counting down from the highest (and the lowest), then, between two neighbours that differ (in the
// cheaper platform, the cheapest that meets the SLO, any platform's SLO
// verdict or the sign of any pair's cost gap), the grid rate halfway, until
// every such change lies between two adjacent grid rates; every point it
// reports was simulated. The changes it finds are therefore the exhaustive
// curve's, bracketed by the same two grid rates, unless a change and its
// reversal both fall between two coarse neighbours (two crossings or an
// SLO verdict that fails and recovers within Stride grid steps): such a
// pair is invisible to the coarse pass. Crossings are then refined by a
// secant step in log rate certified by a pair of runs tol apart around it,
// which closes a bracket of a near-linear cost gap in one or two pairs of
// runs where bisection needs log2(bracket / tol) runs; a secant step
// that fails to halve its bracket (a cost that jumps) hands it to
// bisection.
type Search struct {
	// Stride is the coarse pass's step in grid rates (1: every rate).
	Stride int
	// Secant refines crossings by certified secant steps while each
	// halves its bracket, then by bisection; otherwise by bisection.
	Secant bool
	// Days shortens the points that allow it to representative days.
	Days Days
	// eval, when set, runs the refinement's batches in place of
	// Days.evaluate, and trace is told the refinement's own estimate of
	// its work (done, whole) before any stretching: a test's recorded
	// runs.
	eval  evaluator
	trace func(done, whole float64)
}

// Exhaustive is the reference method: every grid rate, bisection, every
// point simulated over the whole run.
var Exhaustive = Search{Stride: 1}

// DefaultSearch is break-even's default: every 4th grid rate first, then
// refinement where the curve changes, crossings by certified secant,
// points of at least DefaultMinDayRequests a day shortened to
// representative days where the plan allows it.
var DefaultSearch = Search{Stride: 4, Secant: true, Days: Days{On: true, MinDayRequests: DefaultMinDayRequests}}

// Curve is the simulated points of a search, in rate order, with which of
// them the refinement added (Refined[i] for Points[i]) and their grid
// index.
type Curve struct {
	Points  []CurvePoint
	Refined []bool
	Index   []int
}

// Run simulates the grid's rates as the search chooses them, on up to
// workers goroutines (the choice depends on results only, never on
// scheduling, so the curve is the same for any workers). progress, when
// set, is told the work done against the work chosen so far. When ctx ends the work early, Run
// returns the points that finished and an error wrapping context.Canceled.
func (s Search) Run(ctx context.Context, plan *scenario.Plan, grid []float64, workers int, progress runner.Progress) (Curve, error) {
	n := len(grid)
	pts := make([]*CurvePoint, n)
	refined := make([]bool, n)
	// the progress total is the work chosen so far: the coarse pass's, and
	// each refinement's when it is chosen (the bar steps back a little
	// then, rather than promise an end the skipped rates would never reach)
	var total, doneBefore float64
	plans := make([]*scenario.Plan, n)
	for i, r := range grid {
		q, err := AtRate(plan, r)
		if err != nil {
			return Curve{}, err
		}
		plans[i] = q
	}
	eval := func(idx []int, refine bool) error {
		batch := make([]*scenario.Plan, len(idx))
		rates := make([]float64, len(idx))
		var work float64
		for k, i := range idx {
			batch[k], rates[k] = plans[i], grid[i]
			work += s.Days.work(plans[i])
		}
		total += work
		// a point whose days did not end where they began is run again in
		// full: evaluate's own total then grows past work, and so does ours
		var p runner.Progress
		inner := work
		if progress != nil {
			p = func(done, t float64) {
				inner = max(inner, t)
				progress(doneBefore+done, total+inner-work)
			}
		}
		got, err := s.Days.evaluate(ctx, batch, rates, workers, p)
		place(pts, refined, grid, idx, got, refine)
		total += inner - work
		doneBefore += inner
		return err
	}
	// the coarse pass steps down from the highest rate, so that its
	// costliest points are a stride apart: anchored at the lowest, the
	// highest rate would often have its grid neighbour, the second
	// costliest of all, simulated too
	stride := max(1, s.Stride)
	var coarse []int
	if (n-1)%stride != 0 {
		coarse = append(coarse, 0)
	}
	for i := (n - 1) % stride; i < n; i += stride {
		coarse = append(coarse, i)
	}
	err := eval(coarse, false)
	for err == nil {
		var next []int
		prev := -1
		for i := range n {
			if pts[i] == nil {
				continue
			}
			if prev >= 0 && i-prev > 1 && differ(*pts[prev], *pts[i], plan.Names()) {
				next = append(next, (prev+i)/2)
			}
			prev = i
		}
		if len(next) == 0 {
			break
		}
		err = eval(next, true)
	}
	var c Curve
	for i := range n {
		if pts[i] != nil {
			c.Points = append(c.Points, *pts[i])
			c.Refined = append(c.Refined, refined[i])
			c.Index = append(c.Index, i)
		}
	}
	return c, err
}

// differ tells whether anything a verdict reports changes between two
// points: the cheaper platform, the cheapest meeting the SLO, a
// platform's SLO verdict, or the sign of a pair's cost gap.
func differ(a, b CurvePoint, names []string) bool {
	if a.Cheapest() != b.Cheapest() || a.CheapestMeeting() != b.CheapestMeeting() {
		return true
	}
	for _, n := range names {
		if a.meets(n) != b.meets(n) || a.judged(n) != b.judged(n) {
			return true
		}
	}
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			if sign(gap(a, names[i], names[j])) != sign(gap(b, names[i], names[j])) {
				return true
			}
		}
	}
	return false
}

func sign(x float64) int {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// secantPair is the next pair of rates of a certified secant step inside
// the bracket (lo, hi) with gaps glo and ghi of opposite signs: the root of
// the line through the two ends (in rate: a gap of per-request prices
// against fixed ones is linear in it), and a rate either side of it whose
// ratio is just under 1+tol, so that a sign change between them closes the
// bracket at once. ok is false when the pair does not fit strictly inside
// the bracket (bisect instead).
func secantPair(lo, hi, glo, ghi, tol float64) (a, b float64, ok bool) {
	x := lo + (hi-lo)*glo/(glo-ghi)
	half := math.Pow(1+tol, 0.45)
	a, b = x/half, x*half
	return a, b, a > lo && b < hi && !math.IsNaN(x)
}

// place puts the points got of the grid rates idx into pts (and marks
// them refined or not). got holds the points that finished, in the order
// of idx: when a stop cut the batch short they are a subset, so each is
// placed by its rate, never by its position.
func place(pts []*CurvePoint, refined []bool, grid []float64, idx []int, got []CurvePoint, refine bool) {
	j := 0
	for _, i := range idx {
		if j < len(got) && got[j].RatePerSecond == grid[i] {
			c := got[j]
			pts[i], refined[i] = &c, refine
			j++
		}
	}
}
