package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/execsim/execsim/scenarios/breakeven"
	"github.com/execsim/execsim/scenarios/scenario"
)

// breakevenMethod is how a break-even chose and simulated its points, as
// the text states it and breakeven.json records it: a curve of fewer
// points than asked for says which it simulated and why.
type breakevenMethod struct {
	Schema   string `json:"schema"`
	Scenario string `json:"scenario"`
	Seed     uint64 `json:"seed"`
	// Search is "adaptive" or "exhaustive".
	Search string `json:"search"`
	// GridPoints is --points: the log-spaced grid every point is taken from.
	GridPoints int `json:"grid_points"`
	// Stride is the coarse pass's step in grid points (1: every point).
	Stride int `json:"stride"`
	// SimulatedSPerPoint is the simulated time of every point, the plan's
	// whole duration (no point is shortened or extrapolated).
	SimulatedSPerPoint float64 `json:"simulated_s_per_point"`
	// Refine is how crossings were refined: "bisection" or "secant".
	Refine string `json:"refine"`
	// Tolerance is --tolerance: each crossing's bracket is at most this
	// wide, relative to its rate.
	Tolerance float64 `json:"tolerance"`
	// CrossingRuns is the runs that refined crossings, over all of them.
	CrossingRuns int           `json:"crossing_runs"`
	Points       []methodPoint `json:"points"`
}

// methodPoint is one simulated point of the curve.
type methodPoint struct {
	RatePerSecond float64 `json:"rate_per_second"`
	GridIndex     int     `json:"grid_index"`
	// Refined says the point was added where its coarse neighbours
	// differed, rather than by the coarse pass.
	Refined  bool  `json:"refined"`
	Arrivals int64 `json:"arrivals"`
}

const breakevenMethodSchema = "execsim/breakeven-method/v1"

func newBreakevenMethod(plan *scenario.Plan, o breakevenOptions, s breakeven.Search, c breakeven.Curve, cs []breakeven.Crossing) breakevenMethod {
	m := breakevenMethod{Schema: breakevenMethodSchema, Scenario: plan.Name, Seed: plan.Seed, Search: "adaptive", GridPoints: o.points,
		Stride: max(1, s.Stride), SimulatedSPerPoint: plan.Duration.Seconds(), Refine: "bisection", Tolerance: o.tol, Points: []methodPoint{}}
	if s.Stride <= 1 {
		m.Search = "exhaustive"
	}
	if s.Secant {
		m.Refine = "secant"
	}
	for _, x := range cs {
		m.CrossingRuns += x.Runs
	}
	for i, p := range c.Points {
		var n int64
		if len(p.Models) > 0 {
			n = p.Models[0].Arrivals
		}
		m.Points = append(m.Points, methodPoint{RatePerSecond: p.RatePerSecond, GridIndex: c.Index[i], Refined: c.Refined[i], Arrivals: n})
	}
	return m
}

// Sentence states the method under the curve's table.
func (m breakevenMethod) Sentence() string {
	var b strings.Builder
	refined := 0
	var rates []string
	for _, p := range m.Points {
		if p.Refined {
			refined++
			rates = append(rates, fmt.Sprintf("%.4g", p.RatePerSecond))
		}
	}
	if m.Search == "exhaustive" {
		fmt.Fprintf(&b, "method: exhaustive, all %d grid rates simulated", len(m.Points))
	} else {
		fmt.Fprintf(&b, "method: adaptive, %d of the %d grid rates simulated: every %s down from the highest, and the lowest (%d), then %d where neighbours differ in the cheaper platform, an SLO verdict or a cost gap's sign",
			len(m.Points), m.GridPoints, ordinal(m.Stride), len(m.Points)-refined, refined)
		if refined > 0 {
			fmt.Fprintf(&b, " (%s req/s)", strings.Join(rates, ", "))
		}
	}
	fmt.Fprintf(&b, "; each point simulated over the whole %v, none extrapolated; crossings refined by %s to %g of their rate in %d more runs",
		durationOf(m.SimulatedSPerPoint), m.Refine, m.Tolerance, m.CrossingRuns)
	return b.String()
}

func ordinal(n int) string {
	switch n {
	case 1:
		return "rate"
	case 2:
		return "2nd"
	case 3:
		return "3rd"
	}
	return fmt.Sprintf("%dth", n)
}

// JSON is breakeven.json.
func (m breakevenMethod) JSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// durationOf is a whole number of seconds as a duration.
func durationOf(s float64) time.Duration { return time.Duration(s * 1e9) }
