package breakeven

import (
	"context"
	"fmt"
	"math"

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
	// TailMs is the latency at the SLO's percentile, and MeetsSLO whether
	// the platform met the plan's SLO at this point (that tail within the
	// target and the refused share within the ceiling).
	TailMs   float64
	MeetsSLO bool
}

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
		mp := ModelPoint{Model: m.Name, P99Ms: m.LatencyMs.P99, MeanMs: m.LatencyMs.Mean, Arrivals: s.Arrivals}
		if c := m.Cost; c != nil {
			mp.MonthlyUSD, mp.PerMillionUSD = c.MonthlyUSD, c.PerMillionUSD
		}
		if s.Arrivals > 0 {
			mp.Refused = float64(m.Refused()) / float64(s.Arrivals)
		}
		// the SLO is judged on the recorder, as a run's verdict is
		meas := platform.MeasuredOf(res.Platforms[i].Rec)
		mp.TailMs = float64(slo.Tail(meas)) / 1e6
		mp.MeetsSLO = slo.Meets(meas)
		cp.Models = append(cp.Models, mp)
	}
	return cp
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

// Crossing is a rate where two platforms' monthly costs are equal.
type Crossing struct {
	// A and B are the two platforms, in the plan's order.
	A, B          string
	RatePerSecond float64
	MonthlyUSD    float64 // the common cost there
	// CheaperBelow and CheaperAbove say which of the two is cheaper on
	// either side of the crossing.
	CheaperBelow, CheaperAbove string
	// Bracket is the final interval the crossing was refined to.
	Lo, Hi float64
	// Compliant says both platforms met the SLO at both curve points
	// around the crossing (and at any tied points between): only then is
	// it a break-even. Otherwise Misses lists, in the plan's order, the
	// platforms that missed it at any of them.
	Compliant bool
	Misses    []string
	// Runs is how many runs refined the crossing (each one more
	// simulation of the plan at a rate inside the bracket), and
	// ShortenedRuns how many of them were representative days (Days).
	Runs, ShortenedRuns int
}

// Crossings brackets every sign change of the cost gap of every pair of
// platforms on the curve, then refines each by bisection in log-rate (each
// step one more run of the plan) until the bracket is narrower than tol
// (relative) or steps run out. Each crossing says whether it is compliant:
// a break-even only where both platforms meet the SLO at both curve points
// that bracket it; a crossing where either misses it is kept, marked, so
// that it can be reported as what it is.
func Crossings(ctx context.Context, plan *scenario.Plan, curve []CurvePoint, tol float64, steps, workers int) ([]Crossing, error) {
	return Exhaustive.Crossings(ctx, plan, curve, tol, steps, workers, nil)
}

// Crossings is the package's Crossings refined by the search's method:
// bisection, or certified secant steps (each a pair of runs, counted as two
// steps); each crossing says how many runs refined it. progress, when set,
// is told the progress of each batch of runs (one or two), batch by batch.
func (s Search) Crossings(ctx context.Context, plan *scenario.Plan, curve []CurvePoint, tol float64, steps, workers int, progress runner.Progress) ([]Crossing, error) {
	if len(curve) == 0 {
		return nil, nil
	}
	var out []Crossing
	names := plan.Names()
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			cs, err := s.crossings(ctx, plan, curve, names[i], names[j], tol, steps, workers, progress)
			if err != nil {
				return nil, err
			}
			out = append(out, cs...)
		}
	}
	return out, nil
}

func (s Search) crossings(ctx context.Context, plan *scenario.Plan, curve []CurvePoint, na, nb string, tol float64, steps, workers int, progress runner.Progress) ([]Crossing, error) {
	var out []Crossing
	// a crossing is a change of the gap's sign between two points with
	// non-zero gaps and only ties between them: a run of ties that ends on
	// the side it began is a touch, and one at the end of the curve is no
	// crossing (a blend placing everything on one platform ties with it)
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
		a, b := curve[from], curve[i]
		ga, gb := gap(a, na, nb), gi
		lo, hi, glo, ghi := a.RatePerSecond, b.RatePerSecond, ga, gb
		runs, shortened := 0, 0
		at := func(rates ...float64) ([]float64, error) {
			plans := make([]*scenario.Plan, len(rates))
			for k, r := range rates {
				q, err := AtRate(plan, r)
				if err != nil {
					return nil, err
				}
				plans[k] = q
			}
			pts, err := s.Days.evaluate(ctx, plans, rates, workers, progress)
			if err != nil {
				return nil, err
			}
			runs += len(rates)
			gs := make([]float64, len(pts))
			for k := range pts {
				gs[k] = gap(pts[k], na, nb)
				if pts[k].Length.Shortened {
					shortened++
				}
			}
			return gs, nil
		}
		for step := 0; step < steps && hi/lo-1 > tol; step++ {
			if s.Secant {
				if ra, rb, ok := secantPair(lo, hi, glo, ghi, tol); ok {
					step++
					gs, err := at(ra, rb)
					if err != nil {
						return nil, err
					}
					// the first sign change (or exact tie) along lo < ra < rb < hi
					rs, all := []float64{lo, ra, rb, hi}, []float64{glo, gs[0], gs[1], ghi}
					for k := 1; k < len(rs); k++ {
						if all[k] == 0 {
							lo, hi, glo, ghi = rs[k], rs[k], 0, 0
							break
						}
						if all[k]*all[k-1] < 0 {
							lo, hi, glo, ghi = rs[k-1], rs[k], all[k-1], all[k]
							break
						}
					}
					continue
				}
			}
			mid := math.Sqrt(lo * hi)
			gs, err := at(mid)
			if err != nil {
				return nil, err
			}
			switch g := gs[0]; {
			case g == 0: // costs are whole micro-dollars: an exact tie is the crossing
				lo, hi, glo, ghi = mid, mid, 0, 0
			case g*glo > 0:
				lo, glo = mid, g
			default:
				hi, ghi = mid, g
			}
		}
		// linear interpolation of the gap inside the final bracket
		r := lo
		if glo != ghi {
			r = lo + (hi-lo)*glo/(glo-ghi)
		}
		// which platform wins above comes from the bracketing curve points,
		// not from a refined point that may tie
		c := Crossing{A: na, B: nb, RatePerSecond: r, Lo: lo, Hi: hi, CheaperBelow: na, CheaperAbove: nb, Compliant: true, Runs: runs, ShortenedRuns: shortened}
		for _, n := range []string{na, nb} {
			for _, p := range curve[from : i+1] { // both ends, and any ties between
				if !p.meets(n) {
					c.Compliant = false
					c.Misses = append(c.Misses, n)
					break
				}
			}
		}
		if gb < 0 {
			c.CheaperBelow, c.CheaperAbove = nb, na
		}
		// the common cost, interpolated from the bracket's end points
		c.MonthlyUSD = interpolateCost(curve, na, r)
		out = append(out, c)
	}
	return out, nil
}

func interpolateCost(curve []CurvePoint, name string, r float64) float64 {
	for i := 1; i < len(curve); i++ {
		a, b := curve[i-1], curve[i]
		if r >= a.RatePerSecond && r <= b.RatePerSecond {
			t := (r - a.RatePerSecond) / (b.RatePerSecond - a.RatePerSecond)
			ka, kb := a.monthly(name), b.monthly(name)
			return ka + t*(kb-ka)
		}
	}
	return math.NaN()
}

// CheapestMeeting is the name of the cheapest platform that meets the SLO
// at the point (the first in order on a tie), or "" when none does.
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
