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
	"github.com/execsim/execsim/scenarios/summary"
)

// ServicePoint is one service's result in a tuning run.
type ServicePoint struct {
	Name      string
	Arrivals  int64
	Completed int64
	// MonthlyUSD is the service's own share of the monthly bill, as
	// summary.json's services[].monthly_usd (costs no service owes, such
	// as a free tier's credit, are left out: sizing one function does
	// not move them); NaN when the platform does not split its bill.
	MonthlyUSD float64
	// TailMs is its latency at its SLO's percentile (0: none completed).
	TailMs float64
	// Meets says it met its own SLO (the scenario's when it has none),
	// as a run judged service by service judges it (platform.SLO.MeetsFew);
	// TooFew that it had fewer requests than that judgement takes a
	// tail from, so that only its refusals and whether any completed
	// were judged.
	Meets, TooFew bool
	// Judged is its own SLO's judgement as a run judged service by
	// service makes it (platform.SLO.JudgeRun): with too few requests, its
	// tail counts for nothing. ChooseEach ranks the values at which it
	// misses by it (platform.Nearest).
	Judged platform.SLOResult
	// Refused is the share of its arrivals refused (0 with none).
	Refused float64
}

// servicePoints are a tuning run's services (nil for one service): the
// tuned platform is the run's only one.
func servicePoints(res *runner.Result) []ServicePoint {
	per := res.Plan.ServiceSLOs
	if per == nil || len(res.Plan.Workload.Services) < 2 || len(res.Platforms) != 1 {
		return nil
	}
	m := res.Platforms[0]
	svcs, _ := summary.Services(res, m)
	out := make([]ServicePoint, len(svcs))
	for i, s := range svcs {
		meas := platform.ServiceMeasuredOf(m.Rec, i)
		slo := per.Services[i].SLO
		few := meas.Arrivals < int64(per.MinRequests)
		sp := ServicePoint{Name: s.Name, Arrivals: meas.Arrivals, Completed: meas.Completed(),
			TailMs: float64(slo.Tail(meas)) / 1e6, Meets: slo.MeetsFew(meas, few), TooFew: few, MonthlyUSD: math.NaN(),
			Judged: *slo.Judge(meas), Refused: platform.Round(meas.RefusedShare(), 6)}
		if few {
			// as JudgeRun judges a service with too few requests: not on
			// its tail, nor on requests in flight unless none completed
			sp.Judged.MeasuredMs = 0
			if sp.Completed > 0 {
				sp.Judged.Unfinished = ""
			}
		}
		sp.Judged.Met = sp.Meets
		if s.MonthlyUSD != nil {
			sp.MonthlyUSD = *s.MonthlyUSD
		}
		out[i] = sp
	}
	return out
}

// FunctionChoice is the size chosen for one service.
type FunctionChoice struct {
	Service string
	// Index is the chosen point's, into the tuning's points.
	Index int
	Value int
	// Meets says the service met its own SLO at Value; false when it met
	// it at no value, and Value is then the one at which it comes nearest
	// to it (ChooseEach).
	Meets bool
}

// ChooseEach sizes each service by its own results: the value at which
// it costs least among those at which it meets its own SLO, the lower
// tail on a tie, then the smaller value. A service that meets it at no
// value takes the one at which it comes nearest, by platform.Nearest on
// its own judgement (the fewest of its requests refused beyond the SLO's
// ceiling, then one where some completed, then platform.Closer), the
// cheaper on a tie, then the smaller value: the rule by which the
// placement places a service that meets the SLO on no platform
// (hybrid's closest). The lowest tail alone, which this took before,
// chose a value whose timeouts refused the slow requests, leaving a
// lower tail of those that completed, over one that refused none.
// A service's share of a Lambda
// bill is its own invocations' (GB-seconds and requests), so sizing each
// function by itself is the cheapest assignment, apart from what the
// functions do to each other through the account's concurrency quota,
// which the run of every size together measures (TuneEach). nil when the
// points have no services (one service) or some point is missing one.
func ChooseEach(pts []TunePoint) []FunctionChoice {
	if len(pts) == 0 || pts[0].Services == nil {
		return nil
	}
	n := len(pts[0].Services)
	for _, p := range pts {
		if len(p.Services) != n {
			return nil
		}
	}
	out := make([]FunctionChoice, n)
	for i := range n {
		best, meets := -1, false
		for j, p := range pts {
			s := p.Services[i]
			if !s.Meets {
				continue
			}
			if best < 0 {
				best, meets = j, true
				continue
			}
			b := pts[best].Services[i]
			if s.MonthlyUSD < b.MonthlyUSD || (s.MonthlyUSD == b.MonthlyUSD && s.TailMs < b.TailMs) {
				best = j
			}
		}
		if best < 0 {
			best = 0
			for j := 1; j < len(pts); j++ {
				a, b := pts[j].Services[i], pts[best].Services[i]
				if cmp.Or(platform.Nearest(&a.Judged, &b.Judged), cmp.Compare(a.MonthlyUSD, b.MonthlyUSD)) < 0 {
					best = j
				}
			}
		}
		out[i] = FunctionChoice{Service: pts[best].Services[i].Name, Index: best, Value: pts[best].Value, Meets: meets}
	}
	return out
}

// TunedEach is a copy of the plan that runs only the named platform, with
// service i's tunable setting at values[i].
func TunedEach(plan *scenario.Plan, name string, values []int) (*scenario.Plan, error) {
	q, ok, err := alone(plan, name, func(c scenario.Compiled) (platform.Config, bool, error) {
		t, ok := c.Config.(platform.EachTuner)
		if !ok {
			return nil, false, nil
		}
		cfg, err := t.TuneEach(values)
		return cfg, true, err
	})
	if !ok {
		return nil, fmt.Errorf("scenario %s: %s has no setting of its own per service", plan.Name, name)
	}
	return q, err
}

// EachTunable tells whether the named platform of the plan sizes each
// service by itself and the plan has more than one service: a tuning can
// then choose a size per service (ChooseEach, TuneEach).
func EachTunable(plan *scenario.Plan, name string) bool {
	if len(plan.Workload.Services) < 2 || plan.ServiceSLOs == nil {
		return false
	}
	_, ok := plan.Config(name).(platform.EachTuner)
	return ok
}

// TuneEach runs the named platform once with every service at its own
// chosen value (ChooseEach's): what the sizes cost and meet together.
// The point's Value is 0 (it has none of its own).
func TuneEach(ctx context.Context, plan *scenario.Plan, name string, choices []FunctionChoice, workers int, progress runner.Progress) (TunePoint, error) {
	values := make([]int, len(choices))
	for i, c := range choices {
		values[i] = c.Value
	}
	q, err := TunedEach(plan, name, values)
	if err != nil {
		return TunePoint{}, err
	}
	pts, err := tunePoints(ctx, []*scenario.Plan{q}, []int{0}, MeanRate(plan), workers, progress)
	if len(pts) == 0 {
		return TunePoint{}, err
	}
	return pts[0], err
}

// SingleForEach is the index of the cheapest single value at which every
// service meets its own SLO (the lower p99, then the earlier value, on a
// tie), and true; or, when there is none, of the cheapest of all values
// and false. It is what sizing each service by itself (ChooseEach) is
// compared with: one value for every service, judged on the same basis,
// each service by its own SLO on its own requests. Choose's cheapest is
// the same value when the run is judged service by service; judged on the
// pooled p99 (no service with an slo: of its own) a value can meet the
// SLO while some service misses its own there, and ChooseEach would then
// have been compared with a value that does less for it (byof: one value
// for all twelve functions "met the SLO" at 128 MB, where search misses
// its own and takes 512 MB). -1 with no points or no services.
func SingleForEach(pts []TunePoint) (int, bool) {
	best, meets := -1, false
	for j, p := range pts {
		if p.Services == nil {
			return -1, false
		}
		all := !slices.ContainsFunc(p.Services, func(s ServicePoint) bool { return !s.Meets })
		switch {
		case best < 0, all && !meets:
		case all != meets:
			continue
		case p.MonthlyUSD < pts[best].MonthlyUSD, p.MonthlyUSD == pts[best].MonthlyUSD && p.P99Ms < pts[best].P99Ms:
		default:
			continue
		}
		best, meets = j, all
	}
	return best, meets
}
