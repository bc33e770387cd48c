package breakeven

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/execsim/execsim/scenarios/runner"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/scenario"
)

// Tuned is a copy of the plan that runs only the named platform, with its
// tunable setting at value.
func Tuned(plan *scenario.Plan, name string, value int) (*scenario.Plan, error) {
	q, ok, err := alone(plan, name, func(c scenario.Compiled) (platform.Config, bool, error) {
		t, ok := c.Config.(platform.Tuner)
		tn, ok2 := c.Platform.(platform.Tunable)
		if !ok || !ok2 {
			return nil, false, nil
		}
		cfg, err := t.Tune(value)
		if err != nil {
			return nil, true, scenario.InputError(fmt.Errorf("--%s %d: %w", tn.Tuning().Flag, value, err))
		}
		return cfg, true, nil
	})
	if !ok {
		return nil, scenario.InputError(fmt.Errorf("scenario %s has no %s: section with a tunable setting", plan.Name, name))
	}
	return q, err
}

// alone is a copy of the plan that runs only the named platform, with the
// config vary makes of its own (Tuned, TunedEach). ok is false when the
// plan has no such platform or vary cannot vary it (vary's own ok).
func alone(plan *scenario.Plan, name string, vary func(scenario.Compiled) (cfg platform.Config, ok bool, err error)) (*scenario.Plan, bool, error) {
	for _, c := range plan.Platforms {
		if c.Name() != name {
			continue
		}
		cfg, ok, err := vary(c)
		if !ok || err != nil {
			return nil, ok, err
		}
		q := *plan
		q.Platforms = []scenario.Compiled{{Platform: c.Platform, Config: cfg}}
		return &q, true, nil
	}
	return nil, false, nil
}

// TunedFor is the plan's platforms that are tunable for setting (for
// example "memory"), in the plan's order.
func TunedFor(plan *scenario.Plan, setting string) []string {
	var out []string
	for _, c := range plan.Platforms {
		t, ok := c.Platform.(platform.Tunable)
		if _, ok2 := c.Config.(platform.Tuner); ok && ok2 && t.Tuning().Setting == setting {
			out = append(out, c.Name())
		}
	}
	return out
}

// TunePoint is the tuned platform's result with its setting at Value.
type TunePoint struct {
	Value int
	ModelPoint
	// Services is each service's result at Value, in the plan's order,
	// for a fleet (nil for one service): what a size per function is
	// chosen from (ChooseEach).
	Services []ServicePoint
}

// DefaultBalancedWeight weighs cost and latency equally in the balanced
// choice, as AWS Lambda Power Tuning's balancedWeight defaults to 0.5.
const DefaultBalancedWeight = 0.5

// Choices are the indices into a tuning's points of the cheapest, the
// fastest and the balanced setting (-1 with no points).
type Choices struct {
	Cheapest, Fastest, Balanced int
	// AmongCompliant says the choices were made among the points that
	// meet the SLO; false means none does and they were made among all.
	AmongCompliant bool
}

// Choose picks, among the points that meet the SLO (among all of them
// when none does):
//   - the cheapest: the lowest monthly cost, the lower p99 on a tie;
//   - the fastest: the lowest p99 latency, the lower cost on a tie, among
//     the points where some request completed (-1 if none did);
//   - the balanced: the lowest weight·cost/maxCost + (1−weight)·p99/maxP99
//     (among the points where some request completed, if any did),
//     the maxima over the candidates — AWS Lambda Power Tuning's balanced
//     strategy (alexcasalboni/aws-lambda-power-tuning, lambda/analyzer.js
//     findBalanced), with the p99 in place of its mean duration because a
//     tail is what the SLO judges and what "fastest" ranks by here.
//
// A remaining tie goes to the earlier point. weight is clamped to [0, 1]
// (1 is the cheapest, 0 the fastest).
func Choose(pts []TunePoint, weight float64) Choices {
	ch := Choices{Cheapest: -1, Fastest: -1, Balanced: -1}
	weight = math.Min(math.Max(weight, 0), 1)
	var cand []int
	for i, p := range pts {
		if p.MeetsSLO {
			cand = append(cand, i)
		}
	}
	ch.AmongCompliant = len(cand) > 0
	if len(cand) == 0 {
		for i := range pts {
			cand = append(cand, i)
		}
	}
	if len(cand) == 0 {
		return ch
	}
	maxCost, maxP99 := 0.0, 0.0
	for _, i := range cand {
		maxCost, maxP99 = math.Max(maxCost, pts[i].MonthlyUSD), math.Max(maxP99, pts[i].P99Ms)
	}
	norm := func(v, m float64) float64 {
		if m > 0 {
			return v / m
		}
		return 0
	}
	value := func(i int) float64 {
		return weight*norm(pts[i].MonthlyUSD, maxCost) + (1-weight)*norm(pts[i].P99Ms, maxP99)
	}
	ch.Cheapest = cand[0]
	for _, i := range cand[1:] {
		p, c := pts[i], pts[ch.Cheapest]
		if p.MonthlyUSD < c.MonthlyUSD || (p.MonthlyUSD == c.MonthlyUSD && p.P99Ms < c.P99Ms) {
			ch.Cheapest = i
		}
	}
	// the fastest and the balanced choice weigh a measured p99 only: a
	// value at which no request completed has a p99 of 0 that measures
	// nothing (review6: every request refused for its payload made a
	// memory size "fastest, p99 0"). With no p99 measured anywhere the
	// balanced choice is by cost alone and there is no fastest (-1).
	measured := slices.ContainsFunc(cand, func(i int) bool { return pts[i].Completed > 0 })
	for _, i := range cand {
		if measured && pts[i].Completed == 0 {
			continue
		}
		if ch.Balanced < 0 || value(i) < value(ch.Balanced) {
			ch.Balanced = i
		}
	}
	for _, i := range cand {
		if pts[i].Completed == 0 {
			continue
		}
		if ch.Fastest < 0 {
			ch.Fastest = i
			continue
		}
		p, f := pts[i], pts[ch.Fastest]
		if p.P99Ms < f.P99Ms || (p.P99Ms == f.P99Ms && p.MonthlyUSD < f.MonthlyUSD) {
			ch.Fastest = i
		}
	}
	return ch
}

// Tune runs the plan's named platform alone with its tunable setting at
// each value, at the plan's own traffic, on up to workers goroutines; the
// points are in the values' order. Like Evaluate, an interrupted tuning
// returns the points that finished and an error wrapping context.Canceled.
func Tune(ctx context.Context, plan *scenario.Plan, name string, values []int, workers int, progress runner.Progress) ([]TunePoint, error) {
	plans := make([]*scenario.Plan, len(values))
	for i, v := range values {
		q, err := Tuned(plan, name, v)
		if err != nil {
			return nil, err
		}
		plans[i] = q
	}
	return tunePoints(ctx, plans, values, MeanRate(plan), workers, progress)
}

// tunePoints runs plans, one per value, each of them the tuned platform
// alone, and keeps each run's point and, for a fleet, its services'.
func tunePoints(ctx context.Context, plans []*scenario.Plan, values []int, rate float64, workers int, progress runner.Progress) ([]TunePoint, error) {
	type kept struct {
		i   int
		pt  CurvePoint
		svc []ServicePoint
	}
	ks, err := runner.RunAll(ctx, plans, workers, progress, func(i int, res *runner.Result) kept {
		return kept{i, curvePoint(rate, res), servicePoints(res)}
	})
	out := make([]TunePoint, 0, len(ks))
	for _, k := range ks {
		out = append(out, TunePoint{Value: values[k.i], ModelPoint: k.pt.Models[0], Services: k.svc})
	}
	return out, err
}
