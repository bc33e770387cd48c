package breakeven

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/execsim/execsim/scenarios/platform"
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
	// CrossingsFirst narrows a crossing before the curve is refined
	// around it: between two simulated neighbours that differ in the sign
	// of a pair's cost gap and in no SLO verdict, the crossing is refined
	// from them directly (to Tolerance, in at most Steps runs), and the
	// grid rates between them are simulated only if the crossing's runs
	// leave another change unplaced (spared). A change the exhaustive
	// curve places between two adjacent grid rates is then placed by two
	// runs at most Tolerance apart, which the grid refinement would have
	// needed anyway to refine the crossing: the grid rates it would have
	// added only to bracket it are not simulated.
	CrossingsFirst bool
	Tolerance      float64
	Steps          int
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
var DefaultSearch = Search{Stride: 4, Secant: true, CrossingsFirst: true, Tolerance: DefaultTolerance, Steps: DefaultSteps,
	Days: Days{On: true, MinDayRequests: DefaultMinDayRequests}}

// DefaultTolerance is the relative width a crossing's bracket is refined
// to by default, and DefaultSteps the most runs refining one may take.
const (
	DefaultTolerance = 0.005
	DefaultSteps     = 30
)

// Curve is the simulated points of a search, in rate order, with which of
// them the refinement added (Refined[i] for Points[i]) and their grid
// index.
type Curve struct {
	Points  []CurvePoint
	Refined []bool
	Index   []int
	// Spared are the stretches between two simulated neighbours whose
	// grid rates were not simulated because the crossings narrowed there
	// first were the only changes between them (CrossingsFirst), and
	// Located those crossings (every one the search narrowed, in the
	// order it did).
	Spared  []Spared
	Located []Located
	located []narrowed
	// Estimated[i] says Points[i] was chosen beside where a platform
	// capped at the rate it serves would start to miss the SLO
	// (verdictSplit), rather than halfway.
	Estimated []bool
}

// Spared is a stretch between two simulated neighbours, From and To
// (req/s), whose changes the crossings narrowed first all place.
type Spared struct{ From, To float64 }

// Located is a crossing of A's and B's costs the search narrowed before
// refining the curve around it: its final bracket, and the runs that
// narrowed it (Shortened of them representative days).
type Located struct {
	A, B            string
	Lo, Hi          float64
	Runs, Shortened int
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
	evaluate := s.eval
	if evaluate == nil {
		evaluate = s.Days.evaluate
	}
	// runAt runs plans at rates as one batch, telling progress
	runAt := func(batch []*scenario.Plan, rates []float64) ([]CurvePoint, error) {
		var work float64
		for _, q := range batch {
			work += s.Days.work(q)
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
		got, err := evaluate(ctx, batch, rates, workers, p)
		total += inner - work
		doneBefore += inner
		return got, err
	}
	eval := func(idx []int, refine bool) error {
		batch := make([]*scenario.Plan, len(idx))
		rates := make([]float64, len(idx))
		for k, i := range idx {
			batch[k], rates[k] = plans[i], grid[i]
		}
		got, err := runAt(batch, rates)
		place(pts, refined, grid, idx, got, refine)
		return err
	}
	rp := &refineProgress{s: s, plan: plan, tol: s.Tolerance, steps: s.Steps}
	var c Curve
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
	names := plan.Names()
	first := s.CrossingsFirst && s.Secant && s.Tolerance > 0
	// withPairs runs the grid rates idx and the tries' pairs as one
	// batch, then narrows each try's bracket by its pair
	withPairs := func(idx []int, tries []try) error {
		batch := make([]*scenario.Plan, 0, len(idx)+2*len(tries))
		rates := make([]float64, 0, cap(batch))
		for _, i := range idx {
			batch, rates = append(batch, plans[i]), append(rates, grid[i])
		}
		for _, t := range tries {
			for _, r := range []float64{t.ra, t.rb} {
				q, err := AtRate(plan, r)
				if err != nil {
					return err
				}
				batch, rates = append(batch, q), append(rates, r)
			}
		}
		got, err := runAt(batch, rates)
		place(pts, refined, grid, idx, got, true)
		if err != nil {
			return err
		}
		for k, t := range tries {
			pair := got[len(idx)+2*k : len(idx)+2*k+2]
			one := s
			one.eval = func(_ context.Context, _ []*scenario.Plan, rates []float64, _ int, _ runner.Progress) ([]CurvePoint, error) {
				if len(rates) != 2 || rates[0] != pair[0].RatePerSecond || rates[1] != pair[1].RatePerSecond {
					return nil, fmt.Errorf("breakeven: the pair tried at %g and %g req/s is not the pair narrowing asks for (%v)", pair[0].RatePerSecond, pair[1].RatePerSecond, rates)
				}
				return pair, nil
			}
			nr, err := one.narrow(ctx, plan, t.a, t.b, t.na, t.nb, s.Tolerance, 2, workers, rp, true)
			if err != nil {
				return err
			}
			c.located = append(c.located, nr)
			c.Located = append(c.Located, Located{A: t.na, B: t.nb, Lo: nr.lo, Hi: nr.hi, Runs: nr.runs, Shortened: nr.shortened})
		}
		return nil
	}
	// the grid rates chosen by an estimate of where an SLO verdict
	// changes (verdictSplit): the interval between two of them is halved
	estimated := make([]bool, n)
	err := eval(coarse, false)
	for err == nil {
		var next []int
		var tries []try
		var spared []Spared
		prev := -1
		for i := range n {
			if pts[i] == nil {
				continue
			}
			if prev >= 0 && i-prev > 1 {
				a, b := *pts[prev], *pts[i]
				var ts []try
				if first {
					ts = pairsToTry(a, b, names, c.located, s.Tolerance)
					tries = append(tries, ts...)
				}
				switch {
				case !first:
					if differ(a, b, names) {
						next = append(next, (prev+i)/2)
					}
				case len(ts) > 0 && !verdictsDiffer(a, b, names):
					// the pairs may place every change: the grid waits
					// for them
				case !placed(a, b, c.located, s.Tolerance, names):
					at := []int{(prev + i) / 2}
					if !estimated[prev] && !estimated[i] {
						if js, ok := verdictSplit(prev, i, a, b, grid, plan.SLO, names); ok {
							at = js
							for _, j := range js {
								estimated[j] = true
							}
						}
					}
					next = append(next, at...)
				case differ(a, b, names):
					spared = append(spared, Spared{a.RatePerSecond, b.RatePerSecond})
				}
			}
			prev = i
		}
		c.Spared = spared
		if len(next) == 0 && len(tries) == 0 {
			break
		}
		err = withPairs(next, tries)
	}
	for i := range n {
		if pts[i] != nil {
			c.Points = append(c.Points, *pts[i])
			c.Refined = append(c.Refined, refined[i])
			c.Estimated = append(c.Estimated, estimated[i])
			c.Index = append(c.Index, i)
		}
	}
	return c, err
}

// verdictSplit is where to refine the grid between the simulated
// neighbours prev and i (points a and b) when the one change between them
// the crossings tried first cannot place is one platform's SLO verdict,
// met at the lower rate and missed at the higher because it refuses more
// than the SLO allows there: the grid rates either side of where it
// would start to, were it capped at the rate it serves at the higher
// (rate × (1 − refused share)), leaving out prev and i. A platform that
// a capacity caps (a cluster at its maxNodes, a function at its
// concurrency quota) serves about that rate at every rate past the cap,
// so one run beside the estimate usually places the change where halving
// took two. ok is false where more than one verdict changes, a point is
// not judged, the lower meets it and the higher refuses no more than the
// SLO allows (a tail: queueing has no such line), or the estimate is not
// between them (halve instead). The grid rates it returns are marked
// estimated by Run, and an interval with an estimated end is halved: an
// estimate that misses costs at most one halving more.
func verdictSplit(prev, i int, a, b CurvePoint, grid []float64, slo platform.SLO, names []string) ([]int, bool) {
	var name string
	for _, n := range names {
		if a.meets(n) != b.meets(n) || a.judged(n) != b.judged(n) {
			if name != "" || !a.judged(n) || !b.judged(n) {
				return nil, false
			}
			name = n
		}
	}
	if name == "" {
		return nil, false
	}
	ma, mb := a.Model(name), b.Model(name)
	if !ma.MeetsSLO || mb.MeetsSLO || !(mb.Refused > slo.Refused) || !(slo.Refused < 1) {
		return nil, false
	}
	// served the same past the cap: r × (1 − ceiling) = served
	best := b.RatePerSecond * (1 - mb.Refused) / (1 - slo.Refused)
	if !(best > a.RatePerSecond && best < b.RatePerSecond) {
		return nil, false
	}
	j := prev
	for j+1 < i && grid[j+1] <= best {
		j++
	}
	var out []int
	for _, k := range []int{j, j + 1} {
		if k > prev && k < i {
			out = append(out, k)
		}
	}
	return out, len(out) > 0
}

// try is a certified secant pair tried, before the curve is refined
// between the simulated neighbours a and b, on the crossing of na and
// nb between them: at ra and rb.
type try struct {
	a, b   CurvePoint
	na, nb string
	ra, rb float64
}

// pairsToTry are the pairs to try between the simulated neighbours a and
// b: one for each pair of platforms whose gap changes sign between them,
// from one side to the other (a tie at either end is left to the grid:
// the costs part somewhere past it), where no pair was tried before,
// no blend moves a service (its cost jumps) and a pair fits. None where
// a and b are already within tol of each other: narrowing would use
// neither of the pair's runs (with --points dense enough for --tolerance
// two grid steps can be; the pair was run, and counted nowhere). One
// certified pair closes a gap near-linear in rate across the neighbours;
// where it does not, the grid goes on as before, and the crossing's
// refinement starts from the narrower bracket the pair left (start).
// The pairs run in the same batch as the grid rates the round adds,
// whatever the SLO verdicts do between a and b: the crossing is where it
// is either way.
func pairsToTry(a, b CurvePoint, names []string, located []narrowed, tol float64) []try {
	if !(b.RatePerSecond/a.RatePerSecond-1 > tol) {
		return nil
	}
	var out []try
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			na, nb := names[i], names[j]
			ga, gb := gap(a, na, nb), gap(b, na, nb)
			if !(ga*gb < 0) || anyLocated(located, na, nb, a.RatePerSecond, b.RatePerSecond) || moves(a, b, na, nb) {
				continue
			}
			if ra, rb, ok := secantPair(a.RatePerSecond, b.RatePerSecond, ga, gb, tol); ok {
				out = append(out, try{a: a, b: b, na: na, nb: nb, ra: ra, rb: rb})
			}
		}
	}
	return out
}

// anyLocated tells whether a crossing of na and nb was narrowed to a
// bracket that overlaps the rates lo to hi: a pair tried there before
// (its bracket is the start of the crossing's refinement).
func anyLocated(located []narrowed, na, nb string, lo, hi float64) bool {
	for _, n := range located {
		if n.na == na && n.nb == nb && n.lo < hi && n.hi > lo {
			return true
		}
	}
	return false
}

// placed tells whether every change between the simulated neighbours a
// and b is placed by the runs of the crossings narrowed between them
// (located, each to tol): along a, the crossings' bracket ends in rate
// order, and b, consecutive points differ in nothing a verdict reports,
// except the two ends of one crossing's bracket, which differ only in
// the sign of that crossing's gap (so in the cheaper platform and the
// cheapest meeting the SLO with it, never in an SLO verdict or another
// pair's gap). Then the exhaustive curve holds no change between them
// that the crossings do not report, unless a change and its reversal
// both fall between two of those points (the adaptive search's caveat).
// Neighbours with no change and no crossing narrowed between them are
// placed.
func placed(a, b CurvePoint, located []narrowed, tol float64, names []string) bool {
	var in []narrowed
	for _, n := range located {
		// a bracket left open, or reaching past a or b, places nothing
		// between them
		if n.lo >= a.RatePerSecond && n.hi <= b.RatePerSecond && n.closed(tol) {
			in = append(in, n)
		}
	}
	slices.SortFunc(in, func(x, y narrowed) int { return cmp.Compare(x.lo, y.lo) })
	last := a
	for _, n := range in {
		if n.lo < last.RatePerSecond || differ(last, n.plo, names) || !onlyTheGap(n.plo, n.phi, n.na, n.nb, names) {
			return false
		}
		last = n.phi
	}
	return !differ(last, b, names)
}

// verdictsDiffer tells whether a platform's SLO verdict (met, or
// judged) differs between two points.
func verdictsDiffer(a, b CurvePoint, names []string) bool {
	for _, n := range names {
		if a.meets(n) != b.meets(n) || a.judged(n) != b.judged(n) {
			return true
		}
	}
	return false
}

// onlyTheGap tells whether the points a and b differ in the sign of the
// gap between na and nb, from one side to the other, and in nothing else
// but what follows from it: no SLO verdict, no other pair's sign.
func onlyTheGap(a, b CurvePoint, na, nb string, names []string) bool {
	if !(gap(a, na, nb)*gap(b, na, nb) < 0) || verdictsDiffer(a, b, names) {
		return false
	}
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			if names[i] == na && names[j] == nb {
				continue
			}
			if sign(gap(a, names[i], names[j])) != sign(gap(b, names[i], names[j])) {
				return false
			}
		}
	}
	return true
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
