package breakeven

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/execsim/execsim/scenarios/summary"
)

// MeanRate is the plan's average request rate over its duration (req/s),
// summed over services: the exact integral of the arrival processes.
func MeanRate(p *scenario.Plan) float64 { return p.ExpectedArrivals() / p.Duration.Seconds() }

// MinRate and MaxRate bound the average rates a plan is scaled to: below
// one request a decade nothing happens in any run; above ten million a
// second no run is worth simulating.
const (
	MinRate = 1e-6
	MaxRate = 1e7
)

// AtRate is a copy of the plan whose workload keeps its shape (profile,
// spikes, mix of services) scaled to an average of rate req/s.
func AtRate(p *scenario.Plan, rate float64) (*scenario.Plan, error) {
	base := MeanRate(p)
	if !(base > 0) {
		return nil, scenario.InputError(fmt.Errorf("scenario %s has no arrivals to scale", p.Name))
	}
	if !(rate >= MinRate && rate <= MaxRate) {
		return nil, scenario.InputError(fmt.Errorf("rate %g req/s: must be between %g and %g", rate, MinRate, MaxRate))
	}
	q := *p
	q.Workload.Services = append(q.Workload.Services[:0:0], p.Workload.Services...)
	for i := range q.Workload.Services {
		a := q.Workload.Services[i].Arrivals.Scaled(rate / base)
		// scaling can leave a valid shape invalid (a rate underflowing to
		// zero): check again rather than hand the stream a bad config
		if err := a.Validate(); err != nil {
			return nil, scenario.InputError(fmt.Errorf("rate %g req/s: the scaled workload of %s is invalid: %w", rate, q.Workload.Services[i].Name, err))
		}
		q.Workload.Services[i].Arrivals = a
	}
	return &q, nil
}

// CurvePoint is every platform at one average rate.
type CurvePoint struct {
	RatePerSecond float64
	Models        []ModelPoint // in the plan's platform order
	// Length says how the point was simulated: over the whole run, or as
	// representative days (Days).
	Length Length
}

// ModelPoint is one platform's cost and tail at a rate.
type ModelPoint struct {
	Model         string
	MonthlyUSD    float64
	PerMillionUSD float64
	P99Ms         float64
	Refused       float64 // fraction throttled, rejected or failed
	MeanMs        float64
	Arrivals      int64
	// Completed is the number of completed requests P99Ms and TailMs are
	// percentiles of: under report.FewP99Requests the p99 is the slowest
	// of them.
	Completed int64
	// TailMs is the latency at the SLO's percentile, and MeetsSLO whether
	// the platform met the plan's SLO at this point (that tail within the
	// target and the refused share within the ceiling).
	TailMs   float64
	MeetsSLO bool
	// NotJudged says no request arrived at this point: the SLO is neither
	// met nor missed there (platform.SLO.Judge), and MeetsSLO is false so
	// that nothing counts the point as meeting it.
	NotJudged bool
	// PerService says the point was judged service by service (a fleet
	// with an SLO per service: platform.SLO.JudgeRun), and Missed names
	// the services that missed their own SLO there; TailMs is then the
	// pooled tail, which judged nothing.
	PerService bool     `json:"-"`
	Missed     []string `json:"-"`
	// Misses are those services' verdicts: the SLO that judged each
	// (its own or the scenario's) and what it missed by.
	Misses []platform.ServiceMiss `json:"-"`
	// ControlPlaneUSD is the part of MonthlyUSD that is a cluster's
	// control plane (the bill's "eks control plane" lines): a fixed fee
	// per cluster per hour, whatever the rate, that a service sharing a
	// cluster with others would not pay alone (ShiftedCrossings). 0 for a
	// platform without a cluster, or with cost.controlPlane: false.
	ControlPlaneUSD float64
	// NodesUSD is the part of MonthlyUSD that is nodes (the bill's "node
	// …" lines): what cost.controlPlane: false still bills the workload
	// whole, however many other services a shared cluster would run on
	// them (walk14 #2).
	NodesUSD float64
	// CapsReached names the scenario's configured ceilings this
	// platform's run reached (CapReacher): refusals where one is reached
	// are the scenario's limit, not the platform's.
	CapsReached []string
	// Placed is, for a blend, where each service ran at this point, in
	// the plan's service order (nil for a platform that is no blend): a
	// blend's cost jumps where a service moves between platforms.
	Placed []Placed
}

// Placed is one service of a blend and the platform it was placed on.
type Placed struct{ Service, Platform string }

// LogSpace returns n rates from lo to hi, evenly spaced on a log scale.
func LogSpace(lo, hi float64, n int) []float64 {
	if n == 1 {
		return []float64{lo}
	}
	out := make([]float64, n)
	for i := range out {
		out[i] = lo * math.Pow(hi/lo, float64(i)/float64(n-1))
	}
	return out
}

// Evaluate runs the plan at each rate on up to workers goroutines; the
// result is in the rates' order whatever the scheduling. progress, when
// set, is told the work done, weighted by each point's expected requests,
// as the runs advance through simulated time (not only as points end: a
// point of the top rates can take minutes). When ctx ends the work early,
// Evaluate returns the points that finished, in order, and an error
// wrapping context.Canceled (runner.RunAll).
func Evaluate(ctx context.Context, plans []*scenario.Plan, rates []float64, workers int, progress runner.Progress) ([]CurvePoint, error) {
	return runner.RunAll(ctx, plans, workers, progress, func(i int, res *runner.Result) CurvePoint {
		return curvePoint(rates[i], res)
	})
}

func curvePoint(rate float64, res *runner.Result) CurvePoint {
	s := summary.Of(res, false)
	cp := CurvePoint{RatePerSecond: rate}
	slo := res.Plan.SLO
	for i, m := range s.Models {
		mp := ModelPoint{Model: m.Name, P99Ms: m.LatencyMs.P99, MeanMs: m.LatencyMs.Mean, Arrivals: s.Arrivals, Completed: m.Completed}
		if c := m.Cost; c != nil {
			mp.MonthlyUSD = c.MonthlyUSD
			if c.PerMillionUSD != nil { // nil: no arrival at this rate
				mp.PerMillionUSD = *c.PerMillionUSD
			}
		}
		if s.Arrivals > 0 {
			mp.Refused = float64(m.Refused()) / float64(s.Arrivals)
		}
		// the SLO is judged on the recorder, as a run's verdict is
		meas := platform.MeasuredOf(res.Platforms[i].Rec)
		mp.TailMs = float64(slo.Tail(meas)) / 1e6
		// a run with no arrivals measured nothing: not judged, as a run's
		// verdict says (a rate far below one request per run); a fleet
		// whose services have SLOs of their own is judged service by
		// service, as its run's verdict is (Plan.Judge)
		v := res.Plan.Judge(res.Platforms[i].Rec)
		mp.MeetsSLO, mp.NotJudged, mp.PerService = v.Met, !v.Judged(), v.PerService()
		if v.PerService() {
			for _, x := range v.Services.Missed {
				mp.Missed = append(mp.Missed, x.Service)
				mp.Misses = append(mp.Misses, x)
			}
		}
		if c := res.Platforms[i].Cost; c != nil {
			mp.ControlPlaneUSD = controlPlaneLines(c.Breakdown).MonthlyOver(res.Plan.Duration).USD()
			mp.NodesUSD = nodeLines(c.Breakdown).MonthlyOver(res.Plan.Duration).USD()
		}
		if cr, ok := res.Platforms[i].Usage.(CapReacher); ok {
			mp.CapsReached = cr.CapsReached()
		}
		if pl, ok := res.Platforms[i].Usage.(platform.Placer); ok {
			if p := pl.Placement(); p != nil {
				for _, ps := range p.Services {
					mp.Placed = append(mp.Placed, Placed{ps.Name, ps.Platform})
				}
			}
		}
		cp.Models = append(cp.Models, mp)
	}
	return cp
}

// CapReacher is implemented by a platform's usage that can say which of
// the scenario's configured ceilings its run reached (a Deployment's
// maxReplicas, the node pools' maxNodes, a function's reserved
// concurrency), each named as the scenario sets it ("maxReplicas 12").
// Break-even keeps them as the rate rises, so past some rate a platform
// refuses requests because the scenario caps it (costrev).
type CapReacher interface {
	CapsReached() []string
}

// ControlPlane is the amount of b's control-plane lines: its items end
// in "eks control plane" (a blend's parts prefix theirs, "kubernetes: eks
// control plane"; models/cost names the line).
func ControlPlane(b cost.Breakdown) cost.Money { return controlPlaneLines(b).Total() }

// controlPlaneLines are b's control-plane lines (ControlPlane), kept as
// lines so that a month projected from them is projected as the bill's
// (Breakdown.MonthlyOver, from the unrounded amounts).
func controlPlaneLines(b cost.Breakdown) cost.Breakdown {
	return linesWhere(b, func(item string) bool { return strings.HasSuffix(item, "eks control plane") })
}

// nodeLines are the bill's node lines ("node m6i.large on-demand").
func nodeLines(b cost.Breakdown) cost.Breakdown {
	return linesWhere(b, func(item string) bool { return strings.HasPrefix(item, "node ") })
}

// linesWhere are b's lines whose item keep accepts, in b's order.
func linesWhere(b cost.Breakdown, keep func(item string) bool) cost.Breakdown {
	var out cost.Breakdown
	for _, l := range b.Lines {
		if keep(l.Item) {
			out.Lines = append(out.Lines, l)
		}
	}
	return out
}

// Cheapest is the name of the platform with the lowest monthly cost at the
// point (the first in order on a tie).
func (c CurvePoint) Cheapest() string {
	best := -1
	for i, m := range c.Models {
		if best < 0 || m.MonthlyUSD < c.Models[best].MonthlyUSD {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return c.Models[best].Model
}

// Model is the named platform's point, or nil.
func (c CurvePoint) Model(name string) *ModelPoint {
	for i := range c.Models {
		if c.Models[i].Model == name {
			return &c.Models[i]
		}
	}
	return nil
}

// meets tells whether the named platform met the SLO at the point.
func (c CurvePoint) meets(name string) bool {
	m := c.Model(name)
	return m != nil && m.MeetsSLO
}

// judged tells whether the named platform's SLO was judged at the point
// (some request arrived).
func (c CurvePoint) judged(name string) bool {
	m := c.Model(name)
	return m != nil && !m.NotJudged
}

// NotJudged tells whether no request arrived at the point, so that no
// platform's SLO was judged there.
func (c CurvePoint) NotJudged() bool {
	for _, m := range c.Models {
		if !m.NotJudged {
			return false
		}
	}
	return len(c.Models) > 0
}

func (c CurvePoint) monthly(name string) float64 {
	for _, m := range c.Models {
		if m.Model == name {
			return m.MonthlyUSD
		}
	}
	return math.NaN()
}

// gap is platform a's monthly cost minus b's at a point.
func gap(c CurvePoint, a, b string) float64 { return c.monthly(a) - c.monthly(b) }

// Crossing is a rate where two platforms' monthly costs are equal, or
// where the cheaper of the two changes because one's cost jumps (Jump).
type Crossing struct {
	// A and B are the two platforms, in the plan's order.
	A, B          string
	RatePerSecond float64
	// MonthlyUSD is the common cost there, read from the two simulated
	// runs at the ends of the final bracket (Below and Above), between
	// which both costs move by at most the bracket's width; never from
	// the coarse curve. It is NaN for a jump: there is no common cost.
	MonthlyUSD float64
	// CheaperBelow and CheaperAbove say which of the two is cheaper on
	// either side of the crossing.
	CheaperBelow, CheaperAbove string
	// Bracket is the final interval the crossing was refined to, and
	// Below and Above the simulated points at its ends (Below a tie when
	// the costs part there after a stretch of equal costs).
	Lo, Hi       float64
	Below, Above CurvePoint
	// Compliant says both platforms met the SLO at both curve points
	// around the crossing (and at any tied points between) and at both
	// ends of the final bracket. Otherwise Misses lists, in the plan's
	// order, the platforms that missed it at any of them, and NotJudged
	// those not judged at any (no request arrived there): a point that
	// is not judged neither meets nor misses the SLO. A crossing is a
	// break-even only where it is compliant and no jump (BreakEven).
	Compliant bool
	Misses    []string
	NotJudged []string
	// Jump, when set, says the sign of the cost gap changed because one
	// platform's cost jumped inside the final bracket (a blend moving a
	// service to another platform, a cluster adding a node), not because
	// the two costs met: the costs are never equal there.
	Jump *Jump
	// Runs is how many runs refined the crossing (each one more
	// simulation of the plan at a rate inside the bracket), and
	// ShortenedRuns how many of them were representative days (Days).
	Runs, ShortenedRuns int
	// RunsBeforeCurve are the runs of Runs the search made before it
	// refined the curve around the crossing (Search.CrossingsFirst): they
	// are among the curve's Located, and were not run again.
	RunsBeforeCurve, ShortenedBeforeCurve int
}

// BreakEven tells whether the crossing is a break-even: the two costs
// meet (no jump) where both platforms meet the SLO.
func (c Crossing) BreakEven() bool { return c.Compliant && c.Jump == nil }

// Jump is a step in one platform's monthly cost between two runs close in
// rate, where the other platform's cost barely moves.
type Jump struct {
	// Model is the platform whose cost jumps, Other the one it crosses.
	Model, Other string
	// FromUSD and ToUSD are its monthly cost at the bracket's low and
	// high ends; OtherFromUSD and OtherToUSD the other platform's.
	FromUSD, ToUSD           float64
	OtherFromUSD, OtherToUSD float64
	// Moved are the services a blend placed on another platform across
	// the bracket (empty for a platform that is no blend).
	Moved []Move
}

// Move is a service a blend placed on platform From at the bracket's low
// end and on To at its high end.
type Move struct{ Service, From, To string }

// JumpFactor is how much more than its smooth share a platform's cost
// must change across a refined bracket to be a jump: a cost that grows
// at most in proportion to the rate (a per-request price, nodes added
// with load) changes across a bracket of relative width w by at most
// about w of itself, and the other platform's change bounds how much the
// gap could close smoothly. Ten times either is no smooth change: at the
// default tolerance of 0.5 %, a step of more than 5 % of the cost.
const JumpFactor = 10

// jumpOf is the jump inside the bracket (lo, hi), or nil when both costs
// change across it no more than smoothly.
func jumpOf(lo, hi CurvePoint, na, nb string) *Jump {
	w := hi.RatePerSecond/lo.RatePerSecond - 1
	if !(w > 0) {
		return nil
	}
	da := math.Abs(hi.monthly(na) - lo.monthly(na))
	db := math.Abs(hi.monthly(nb) - lo.monthly(nb))
	smooth := func(name string, other float64) float64 {
		return JumpFactor * math.Max(other, w*math.Max(math.Abs(lo.monthly(name)), math.Abs(hi.monthly(name))))
	}
	var name, other string
	switch {
	case da > smooth(na, db) && da >= db:
		name, other = na, nb
	case db > smooth(nb, da):
		name, other = nb, na
	default:
		return nil
	}
	j := &Jump{Model: name, Other: other, FromUSD: lo.monthly(name), ToUSD: hi.monthly(name),
		OtherFromUSD: lo.monthly(other), OtherToUSD: hi.monthly(other)}
	if a, b := lo.Model(name), hi.Model(name); a != nil && b != nil && len(a.Placed) == len(b.Placed) {
		for k := range a.Placed {
			if a.Placed[k].Platform != b.Placed[k].Platform {
				j.Moved = append(j.Moved, Move{a.Placed[k].Service, a.Placed[k].Platform, b.Placed[k].Platform})
			}
		}
	}
	return j
}

// Crossings brackets every sign change of the cost gap of every pair of
// platforms on the curve, then refines each by bisection in log-rate (each
// step one more run of the plan) until the bracket is narrower than tol
// (relative) or steps run out. Each crossing says whether it is compliant:
// a break-even only where both platforms meet the SLO at both curve points
// that bracket it (and the costs meet rather than jump); a crossing where
// either misses it, or is not judged, is kept, marked, so that it can be
// reported as what it is.
func Crossings(ctx context.Context, plan *scenario.Plan, curve []CurvePoint, tol float64, steps, workers int) ([]Crossing, error) {
	return Exhaustive.Crossings(ctx, plan, curve, tol, steps, workers, nil)
}

// Crossings is the package's Crossings refined by the search's method:
// bisection, or certified secant steps (each a pair of runs, counted as two
// steps) until one fails to halve its bracket, then bisection, or
// bisection from the start across a blend's move (refine);
// each crossing says how many runs refined it. progress, when set,
// is told the work done over all the crossings against an estimate of
// the whole (refineProgress), so that its fraction only grows.
func (s Search) Crossings(ctx context.Context, plan *scenario.Plan, curve []CurvePoint, tol float64, steps, workers int, progress runner.Progress) ([]Crossing, error) {
	return s.crossings(ctx, plan, curve, nil, tol, steps, workers, progress)
}

// CrossingsOf is Crossings on the curve of a search (Run): a crossing the
// search already narrowed to tol inside a bracket of the curve
// (CrossingsFirst) is judged on the curve from those runs, and not
// refined again; the others are refined as Crossings refines them.
func (s Search) CrossingsOf(ctx context.Context, plan *scenario.Plan, c Curve, tol float64, steps, workers int, progress runner.Progress) ([]Crossing, error) {
	return s.crossings(ctx, plan, c.Points, c.located, tol, steps, workers, progress)
}

func (s Search) crossings(ctx context.Context, plan *scenario.Plan, curve []CurvePoint, located []narrowed, tol float64, steps, workers int, progress runner.Progress) ([]Crossing, error) {
	if len(curve) == 0 {
		return nil, nil
	}
	var out []Crossing
	names := plan.Names()
	var all []bracket
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			all = append(all, brackets(curve, names[i], names[j])...)
		}
	}
	// the brackets a search narrowed already, and those still to refine
	done := make([]*narrowed, len(all))
	var left []bracket
	for k, b := range all {
		if done[k] = locatedIn(curve, b, located, tol); done[k] == nil {
			left = append(left, b)
		}
	}
	rp := &refineProgress{report: progress, s: s, plan: plan, tol: tol, steps: steps, curve: curve}
	for k := range all {
		if n := done[k]; n != nil {
			c := judge(curve, all[k], *n)
			c.RunsBeforeCurve, c.ShortenedBeforeCurve = n.runs, n.shortened
			out = append(out, c)
			continue
		}
		left = left[1:]
		rp.future = left
		// from the narrowest bracket the runs made so far give it: the
		// curve's points and those of a secant pair tried before the
		// curve was refined, which did not close its bracket
		br := all[k]
		a, b, trust, before := start(curve, br, located)
		n, err := s.narrow(ctx, plan, a, b, br.na, br.nb, tol, steps, workers, rp, trust)
		if err != nil {
			return nil, err
		}
		n.runs, n.shortened = n.runs+before.runs, n.shortened+before.shortened
		c := judge(curve, br, n)
		c.RunsBeforeCurve, c.ShortenedBeforeCurve = before.runs, before.shortened
		out = append(out, c)
	}
	if progress != nil && rp.done > 0 {
		// an estimate that proved long (a bisection ending on a tie) must
		// not leave the bar short of its end (a review saw it end at 14 %)
		progress(rp.done, rp.done)
	}
	return out, nil
}

// start is the narrowest bracket around the sign change of the curve's
// bracket b among its ends and the ends of the brackets located (of the
// same pair) that lie inside it: along them in rate order, the first
// point on the side of b's upper end, and the point before it. trust is
// false when a secant step of a bracket whose end it uses failed to
// halve that bracket (narrow), and before holds the runs of those
// brackets (runs and shortened alone).
func start(curve []CurvePoint, b bracket, located []narrowed) (lo, hi CurvePoint, trust bool, before narrowed) {
	lo, hi, trust = curve[b.from], curve[b.to], true
	type from struct {
		p CurvePoint
		n int // the located bracket it ends, or -1
	}
	pts := []from{{lo, -1}}
	for k, n := range located {
		if n.na != b.na || n.nb != b.nb {
			continue
		}
		for _, p := range []CurvePoint{n.plo, n.phi} {
			if p.RatePerSecond > lo.RatePerSecond && p.RatePerSecond < hi.RatePerSecond {
				pts = append(pts, from{p, k})
			}
		}
	}
	slices.SortStableFunc(pts, func(x, y from) int { return cmp.Compare(x.p.RatePerSecond, y.p.RatePerSecond) })
	pts = append(pts, from{hi, -1})
	side := gap(hi, b.na, b.nb)
	for k := 1; k < len(pts); k++ {
		if gap(pts[k].p, b.na, b.nb)*side > 0 {
			lo, hi = pts[k-1].p, pts[k].p
			for _, e := range pts[k-1 : k+1] {
				if e.n >= 0 {
					n := located[e.n]
					trust = trust && n.secant
					before.runs += n.runs
					before.shortened += n.shortened
				}
			}
			if pts[k-1].n >= 0 && pts[k-1].n == pts[k].n {
				// both ends of one bracket: its runs once
				n := located[pts[k].n]
				before.runs -= n.runs
				before.shortened -= n.shortened
			}
			break
		}
	}
	return lo, hi, trust, before
}

// locatedIn is the bracket of located narrowed to tol inside the curve's
// bracket b, with the gap on each side of it of the sign of b's ends:
// the crossing b brackets, found before the curve was refined around it.
func locatedIn(curve []CurvePoint, b bracket, located []narrowed, tol float64) *narrowed {
	lo, hi := curve[b.from], curve[b.to]
	for k := range located {
		n := &located[k]
		if n.na == b.na && n.nb == b.nb && n.closed(tol) && lo.RatePerSecond <= n.lo && n.hi <= hi.RatePerSecond &&
			n.ghi*gap(hi, b.na, b.nb) > 0 && n.glo*gap(hi, b.na, b.nb) <= 0 && n.glo*gap(lo, b.na, b.nb) >= 0 {
			return n
		}
	}
	return nil
}

// bracket is a sign change of the gap between platforms na and nb from
// curve point from to curve point to.
type bracket struct {
	na, nb   string
	from, to int
}

// brackets are the sign changes of the gap between na and nb along the
// curve. A crossing is a change of the gap's sign between two points with
// non-zero gaps and only ties between them: a run of ties that ends on
// the side it began is a touch, and one at the end of the curve is no
// crossing (a blend placing everything on one platform ties with it).
// Across a run of ties the bracket starts at its last tie: the two costs
// are equal up to there, and the cheaper changes only where they part
// again, which refine finds (walk9 #2: a bracket over the whole run of
// ties ended on a tie inside it, reported as a crossing of zero width
// where nothing changed).
func brackets(curve []CurvePoint, na, nb string) []bracket {
	var out []bracket
	last := -1 // the last point with a non-zero gap
	for i := range curve {
		gi := gap(curve[i], na, nb)
		if gi == 0 || math.IsNaN(gi) {
			continue
		}
		from := last
		last = i
		if from < 0 || gap(curve[from], na, nb)*gi > 0 {
			continue
		}
		if i-from > 1 && gap(curve[i-1], na, nb) == 0 {
			from = i - 1
		}
		out = append(out, bracket{na, nb, from, i})
	}
	return out
}

// refineProgress tells a progress callback the refinement's work done
// against an estimate of its whole that follows the method refining each
// bracket (expected): the batches finished, the one running, and what the
// method will still run on the current bracket and on the brackets to
// come. Told batch by batch instead, the fraction fell back at every
// batch, and the time left that a progress line derives from it grew as
// the work went on. The fraction reported never falls: when an estimate
// proves short (a secant step that meets a jump, whose bracket is then
// bisected), the total is stretched to keep it.
type refineProgress struct {
	report runner.Progress
	s      Search
	plan   *scenario.Plan
	tol    float64
	steps  int
	future []bracket
	curve  []CurvePoint
	done   float64
	last   float64
}

// runWork is the work of one run of the plan at rate r, as the runner
// weighs it.
func (p *refineProgress) runWork(r float64) float64 {
	q, err := AtRate(p.plan, r)
	if err != nil {
		return 0
	}
	return p.s.Days.work(q)
}

// bisections is how many runs bisection in log rate takes to narrow (lo,
// hi) to tol: each halves the bracket's log width.
func bisections(lo, hi, tol float64) int {
	if !(hi/lo-1 > tol) {
		return 0
	}
	return max(1, int(math.Ceil(math.Log2(math.Log(hi/lo)/math.Log1p(tol)))))
}

// expected is the work the method is expected to spend on the bracket
// (lo, hi) with gaps glo and ghi from here. A trusted secant closes a
// near-linear gap in one or two certified pairs (the first often lands
// just beside the root, and the second closes): two pairs at the rates
// secantPair picks, or, where no pair fits, a bisection before them.
// Bisection runs bisections(lo, hi) times, near the bracket's geometric
// mean.
func (p *refineProgress) expected(lo, hi, glo, ghi float64, secant bool) float64 {
	if !(hi/lo-1 > p.tol) {
		return 0
	}
	if secant {
		if a, b, ok := secantPair(lo, hi, glo, ghi, p.tol); ok {
			return 2 * (p.runWork(a) + p.runWork(b))
		}
		return float64(min(5, bisections(lo, hi, p.tol))) * p.runWork(math.Sqrt(lo*hi))
	}
	return float64(min(p.steps, bisections(lo, hi, p.tol))) * p.runWork(math.Sqrt(lo*hi))
}

// afterBisection is the work expected on the bracket (lo, hi) after the
// bisection run at its middle: the bisections left, or, while the secant
// is trusted, two pairs in the half that remains.
func (p *refineProgress) afterBisection(lo, hi float64, secant bool) float64 {
	n := bisections(lo, hi, p.tol) - 1
	if secant {
		n = min(n, 4)
	}
	return float64(max(0, n)) * p.runWork(math.Sqrt(lo*hi))
}

// batch is the progress callback of one batch of runs, after which the
// current bracket is expected to need the work after; finish adds the
// batch's work to what is done.
func (p *refineProgress) batch(after float64) (runner.Progress, func()) {
	var last float64
	future := -1.0 // the brackets to come, set on first call
	cb := func(done, total float64) {
		if p.report == nil {
			return
		}
		if future < 0 {
			future = 0
			for _, b := range p.future {
				lo, hi := p.curve[b.from], p.curve[b.to]
				future += p.expected(lo.RatePerSecond, hi.RatePerSecond, gap(lo, b.na, b.nb), gap(hi, b.na, b.nb), p.s.Secant && !moves(lo, hi, b.na, b.nb))
			}
		}
		last = total
		d, t := p.done+done, p.done+total+after+future
		if p.s.trace != nil {
			p.s.trace(d, t)
		}
		switch {
		case t > 0 && d/t < p.last:
			t = d / p.last
		case t > 0:
			p.last = d / t
		}
		p.report(d, t)
	}
	return cb, func() { p.done += last }
}

// halved tells whether a secant step that left the bracket open halved
// it: its log width (from width to now) or, on the first step, the gap
// at the end it moved (from glo0 to glo, or ghi0 to ghi). A near-linear
// gap whose first pair just misses its root keeps a wide bracket but a
// small gap at the end that moved, and the next step closes it; beside a
// jump the gap at that end stays about the step's size. Only the first
// step may halve by the gap alone: steps that keep moving the same end
// by it are false position stalling on a curved gap (a review saw five
// pairs, each halving the gap, leave most of the bracket to bisect).
func halved(width, now, glo0, glo, ghi0, ghi float64, first bool) bool {
	switch {
	case now <= width/2:
		return true
	case !first:
		return false
	case glo != glo0:
		return math.Abs(glo) <= math.Abs(glo0)/2
	case ghi != ghi0:
		return math.Abs(ghi) <= math.Abs(ghi0)/2
	}
	return false
}

// moves tells whether a blend among the named platforms places a service
// on another platform at q than at p. Its cost can then jump between
// them (a service moved where its old platform starts missing the SLO, a
// cluster started for it), and a jump has no root a secant converges on.
func moves(p, q CurvePoint, names ...string) bool {
	for _, n := range names {
		a, b := p.Model(n), q.Model(n)
		if a == nil || b == nil || len(a.Placed) != len(b.Placed) {
			continue
		}
		for k := range a.Placed {
			if a.Placed[k].Platform != b.Placed[k].Platform {
				return true
			}
		}
	}
	return false
}

// evaluator runs plans at rates as Days.evaluate does; tests replace it.
type evaluator func(ctx context.Context, plans []*scenario.Plan, rates []float64, workers int, progress runner.Progress) ([]CurvePoint, error)

// narrowed is a bracket of one pair's cost gap as refinement left it:
// the rates at its ends, the gaps there, the simulated points the
// crossing's cost and verdicts are read from, and the runs it took.
type narrowed struct {
	na, nb          string
	lo, hi          float64
	glo, ghi        float64
	plo, phi        CurvePoint
	runs, shortened int
	// secant says a secant step is still trusted there (narrow)
	secant bool
}

// closed tells whether the bracket was narrowed to tol.
func (n narrowed) closed(tol float64) bool { return !(n.hi/n.lo-1 > tol) }

// refine narrows one bracket until it is tol wide (or steps run out) and
// judges the crossing in it from the runs at its ends.
func (s Search) refine(ctx context.Context, plan *scenario.Plan, curve []CurvePoint, br bracket, tol float64, steps, workers int, rp *refineProgress) (Crossing, error) {
	n, err := s.narrow(ctx, plan, curve[br.from], curve[br.to], br.na, br.nb, tol, steps, workers, rp, true)
	if err != nil {
		return Crossing{}, err
	}
	return judge(curve, br, n), nil
}

// narrow narrows the bracket between the simulated points a and b, whose
// gaps between na and nb have opposite signs (a's may be a tie), until it
// is tol wide or steps run out; by bisection alone unless trust.
//
// Secant steps are trusted while each at least halves the bracket, in
// log rate as bisection would or in the gap at the end it moved
// (halved): a gap that is near-linear in rate closes in a pair or two. A jump (a blend moving a service, a node added) has no root a
// secant converges on: its step lands anywhere in the bracket and trims
// it by little, and repeated it took about 25 runs where bisection takes
// 8. A bracket across which a blend moves a service (moves) is bisected
// from the start; any other, at the first secant step that fails to halve
// it (a node added inside it): bisection pins a jump in log2(log width /
// tol) runs.
func (s Search) narrow(ctx context.Context, plan *scenario.Plan, a, b CurvePoint, na, nb string, tol float64, steps, workers int, rp *refineProgress, trust bool) (narrowed, error) {
	ga, gb := gap(a, na, nb), gap(b, na, nb)
	lo, hi, glo, ghi := a.RatePerSecond, b.RatePerSecond, ga, gb
	// the simulated points at the bracket's ends, from which the
	// crossing's cost and SLO verdicts are read
	plo, phi := a, b
	runs, shortened := 0, 0
	var got []CurvePoint // the last batch's points
	eval := s.eval
	if eval == nil {
		eval = s.Days.evaluate
	}
	at := func(after float64, rates ...float64) ([]float64, error) {
		plans := make([]*scenario.Plan, len(rates))
		for k, r := range rates {
			q, err := AtRate(plan, r)
			if err != nil {
				return nil, err
			}
			plans[k] = q
		}
		cb, finish := rp.batch(after)
		pts, err := eval(ctx, plans, rates, workers, cb)
		if err != nil {
			return nil, err
		}
		finish()
		runs += len(rates)
		got = pts
		gs := make([]float64, len(pts))
		for k := range pts {
			gs[k] = gap(pts[k], na, nb)
			if pts[k].Length.Shortened {
				shortened++
			}
		}
		return gs, nil
	}
	// a bracket from a tie is bisected: the gap is flat (zero) up to
	// where the costs part, which no secant converges on
	secant := s.Secant && trust && !moves(a, b, na, nb) && ga != 0
	pairs := 0
	for step := 0; step < steps && hi/lo-1 > tol; step++ {
		if secant {
			if ra, rb, ok := secantPair(lo, hi, glo, ghi, tol); ok {
				step++
				width, glo0, ghi0 := math.Log(hi/lo), glo, ghi
				// a second pair is expected after a first (expected)
				after := 0.0
				if pairs++; pairs == 1 {
					after = rp.runWork(ra) + rp.runWork(rb)
				}
				gs, err := at(after, ra, rb)
				if err != nil {
					return narrowed{}, err
				}
				// the first point along lo < ra < rb < hi on the side of
				// hi: the gap changes from the side of lo, or from a tie,
				// before it (a tie is no crossing: the costs part after it)
				rs, all := []float64{lo, ra, rb, hi}, []float64{glo, gs[0], gs[1], ghi}
				ps := []CurvePoint{plo, got[0], got[1], phi}
				for k := 1; k < len(rs); k++ {
					if all[k]*ghi > 0 {
						lo, hi, glo, ghi = rs[k-1], rs[k], all[k-1], all[k]
						plo, phi = ps[k-1], ps[k]
						break
					}
				}
				if glo == 0 || hi/lo-1 > tol && !halved(width, math.Log(hi/lo), glo0, glo, ghi0, ghi, pairs == 1) {
					secant = false
				}
				continue
			}
		}
		mid := math.Sqrt(lo * hi)
		gs, err := at(rp.afterBisection(lo, hi, secant), mid)
		if err != nil {
			return narrowed{}, err
		}
		// hi keeps the side it began on; a tie (costs are whole
		// micro-dollars: an exact tie is the two runs costing the same,
		// a blend placing everything on one platform) goes below it, for
		// the costs part only above the last one
		if g := gs[0]; g*ghi > 0 {
			hi, ghi, phi = mid, g, got[0]
		} else {
			lo, glo, plo = mid, g, got[0]
		}
	}
	return narrowed{na: na, nb: nb, lo: lo, hi: hi, glo: glo, ghi: ghi, plo: plo, phi: phi, runs: runs, shortened: shortened, secant: secant}, nil
}

// judge is the crossing in the bracket br of the curve, narrowed to n
// (inside it): its rate, its cost, and whether both platforms meet the
// SLO at the curve points around it and at n's ends.
func judge(curve []CurvePoint, br bracket, n narrowed) Crossing {
	na, nb, from, i := br.na, br.nb, br.from, br.to
	lo, hi, glo, ghi, plo, phi := n.lo, n.hi, n.glo, n.ghi, n.plo, n.phi
	// linear interpolation of the gap inside the final bracket
	r := lo
	if glo != ghi {
		r = lo + (hi-lo)*glo/(glo-ghi)
	}
	// which platform wins above comes from the bracketing curve points,
	// not from a refined point that may tie
	c := Crossing{A: na, B: nb, RatePerSecond: r, Lo: lo, Hi: hi, Below: plo, Above: phi, CheaperBelow: na, CheaperAbove: nb,
		Compliant: true, Runs: n.runs, ShortenedRuns: n.shortened}
	// both ends, any ties between, and the final bracket's runs
	around := append(slices.Clone(curve[from:i+1]), plo, phi)
	for _, n := range []string{na, nb} {
		missed, unjudged := false, false
		for _, p := range around {
			switch {
			case !p.judged(n):
				unjudged = true
			case !p.meets(n):
				missed = true
			}
		}
		if missed {
			c.Misses = append(c.Misses, n)
		}
		if unjudged {
			c.NotJudged = append(c.NotJudged, n)
		}
		c.Compliant = c.Compliant && !missed && !unjudged
	}
	if gap(curve[i], na, nb) < 0 {
		c.CheaperBelow, c.CheaperAbove = nb, na
	}
	if c.Jump = jumpOf(plo, phi, na, nb); c.Jump != nil {
		c.MonthlyUSD = math.NaN()
	} else {
		c.MonthlyUSD = bracketCost(plo, phi, na, nb, r)
	}
	return c
}

// bracketCost is the two platforms' common cost at rate r inside the
// final bracket, from its two simulated end points: each platform's cost
// on the line between them, at r (where those lines meet, r being the
// root of the gap's line), averaged over the two. The bracket is at most
// the tolerance wide and holds no jump, so this is the runs' cost to
// within their change across it.
func bracketCost(lo, hi CurvePoint, na, nb string, r float64) float64 {
	t := 0.0
	if hi.RatePerSecond > lo.RatePerSecond {
		t = (r - lo.RatePerSecond) / (hi.RatePerSecond - lo.RatePerSecond)
	}
	at := func(n string) float64 { return lo.monthly(n) + t*(hi.monthly(n)-lo.monthly(n)) }
	return (at(na) + at(nb)) / 2
}

// CheapestMeeting is the name of the cheapest platform that meets the SLO
// at the point (the first in order on a tie), or "" when none does (or
// none was judged).
func (c CurvePoint) CheapestMeeting() string {
	best := -1
	for i, m := range c.Models {
		if m.MeetsSLO && (best < 0 || m.MonthlyUSD < c.Models[best].MonthlyUSD) {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return c.Models[best].Model
}
