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
			TailMs: float64(slo.Tail(meas)) / 1e6, Meets: slo.MeetsFew(meas, few), TooFew: few, MonthlyUSD: math.NaN()}
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
	// it at no value, and Value is then its fastest (the lowest tail at
	// its SLO's percentile among the values where any of its requests
	// completed; the smallest value when none did at any).
	Meets bool
}

// ChooseEach sizes each service by its own results: the value at which
// it costs least among those at which it meets its own SLO, the lower
// tail on a tie, then the smaller value. A service's share of a Lambda
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
			for j, p := range pts {
				s := p.Services[i]
				if s.Completed == 0 {
					continue
				}
				if best < 0 || s.TailMs < pts[best].Services[i].TailMs {
					best = j
				}
			}
		}
		if best < 0 {
			best = 0
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
