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
	// SimulatedSPerPoint is the plan's whole duration: the simulated time
	// of every point not shortened to representative days (no point is
	// extrapolated); each point's own is in Points.
	SimulatedSPerPoint float64 `json:"simulated_s_per_point"`
	// Days is how points may be shortened: "representative days" (one
	// active and one idle day composed into the run, each checked to end
	// where it began) for days of at least MinDayRequests, or "off".
	Days string `json:"days"`
	// MinDayRequests is absent when Days is "off" (a threshold of 0 is
	// written: it shortens every point that qualifies).
	MinDayRequests *float64 `json:"min_day_requests,omitempty"`
	// Refine is how crossings were refined: "bisection" or "secant".
	Refine string `json:"refine"`
	// Tolerance is --tolerance: each crossing's bracket is at most this
	// wide, relative to its rate.
	Tolerance float64 `json:"tolerance"`
	// CrossingRuns is the runs that refined crossings, over all of them.
	CrossingRuns int `json:"crossing_runs"`
	// CrossingRunsShortened is how many of those were representative days.
	CrossingRunsShortened int           `json:"crossing_runs_shortened"`
	Points                []methodPoint `json:"points"`
	// Crossings are the crossings found, each with the simulated costs
	// at its final bracket's ends that its common cost is read from.
	Crossings []methodCrossing `json:"crossings"`
	// Chart is what breakeven.{png,svg} draws, for execsim plot to redraw
	// it (absent from the folders of earlier versions).
	Chart *breakevenChart `json:"chart,omitempty"`
}

// methodCrossing is one crossing of two platforms' costs, or a jump of
// one past the other (then monthly_usd is null: the costs never meet).
type methodCrossing struct {
	A             string   `json:"platform_a"`
	B             string   `json:"platform_b"`
	RatePerSecond float64  `json:"rate_per_second"`
	MonthlyUSD    *float64 `json:"monthly_usd"`
	BracketLo     float64  `json:"bracket_lo"`
	BracketHi     float64  `json:"bracket_hi"`
	// AtLo and AtHi are the two platforms' monthly costs (A's, B's) in
	// the simulated runs at the bracket's ends.
	AtLo         [2]float64 `json:"monthly_usd_at_lo"`
	AtHi         [2]float64 `json:"monthly_usd_at_hi"`
	CheaperBelow string     `json:"cheaper_below"`
	CheaperAbove string     `json:"cheaper_above"`
	// Compliant says both platforms met the SLO around the crossing
	// (each judged there); BreakEven that it is a break-even: compliant,
	// and the costs meet rather than one jumping past the other.
	Compliant bool     `json:"compliant"`
	BreakEven bool     `json:"break_even"`
	MissesSLO []string `json:"misses_slo"`
	// NotJudgedSLO names the platforms not judged at some of the
	// crossing's rates (no request arrived): neither met nor missed.
	NotJudgedSLO []string    `json:"not_judged_slo,omitempty"`
	Jump         *methodJump `json:"jump,omitempty"`
	Runs         int         `json:"runs"`
}

type methodJump struct {
	Platform string       `json:"platform"`
	FromUSD  float64      `json:"from_usd"`
	ToUSD    float64      `json:"to_usd"`
	Moved    []methodMove `json:"moved"`
}

type methodMove struct {
	Service string `json:"service"`
	From    string `json:"from"`
	To      string `json:"to"`
}

// methodPoint is one simulated point of the curve.
type methodPoint struct {
	RatePerSecond float64 `json:"rate_per_second"`
	GridIndex     int     `json:"grid_index"`
	// Refined says the point was added where its coarse neighbours
	// differed, rather than by the coarse pass.
	Refined  bool  `json:"refined"`
	Arrivals int64 `json:"arrivals"`
	// SimulatedS is the point's simulated time over all its runs; Days,
	// for a shortened point, how its days compose the run, and
	// FullBecause, for a point simulated over the whole run while
	// shortening was on, why.
	SimulatedS  float64 `json:"simulated_s"`
	Days        string  `json:"days,omitempty"`
	FullBecause string  `json:"full_because,omitempty"`
	FellBack    bool    `json:"fell_back,omitempty"`
	// NotJudged says no request arrived at the point: no platform's SLO
	// was judged there (neither met nor missed).
	NotJudged bool `json:"not_judged,omitempty"`
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
	m.Days = "off"
	if s.Days.On {
		threshold := s.Days.MinDayRequests
		m.Days, m.MinDayRequests = "representative days", &threshold
	}
	m.Crossings = []methodCrossing{}
	for _, x := range cs {
		m.CrossingRuns += x.Runs
		m.CrossingRunsShortened += x.ShortenedRuns
		mc := methodCrossing{A: x.A, B: x.B, RatePerSecond: x.RatePerSecond, BracketLo: x.Lo, BracketHi: x.Hi,
			CheaperBelow: x.CheaperBelow, CheaperAbove: x.CheaperAbove, Compliant: x.Compliant, BreakEven: x.BreakEven(),
			MissesSLO: append([]string{}, x.Misses...), NotJudgedSLO: x.NotJudged, Runs: x.Runs}
		for k, n := range []string{x.A, x.B} {
			if p := x.Below.Model(n); p != nil {
				mc.AtLo[k] = p.MonthlyUSD
			}
			if p := x.Above.Model(n); p != nil {
				mc.AtHi[k] = p.MonthlyUSD
			}
		}
		if j := x.Jump; j != nil {
			mj := &methodJump{Platform: j.Model, FromUSD: j.FromUSD, ToUSD: j.ToUSD, Moved: []methodMove{}}
			for _, mv := range j.Moved {
				mj.Moved = append(mj.Moved, methodMove{mv.Service, mv.From, mv.To})
			}
			mc.Jump = mj
		} else {
			usd := x.MonthlyUSD
			mc.MonthlyUSD = &usd
		}
		m.Crossings = append(m.Crossings, mc)
	}
	for i, p := range c.Points {
		var n int64
		if len(p.Models) > 0 {
			n = p.Models[0].Arrivals
		}
		l := p.Length
		mp := methodPoint{RatePerSecond: p.RatePerSecond, GridIndex: c.Index[i], Refined: c.Refined[i], Arrivals: n,
			SimulatedS: l.DaysSimulated().Seconds(), FullBecause: l.FullBecause, FellBack: l.FellBack, NotJudged: p.NotJudged()}
		if l.Shortened {
			mp.Days = daysPhrase(l)
		} else {
			// the whole run, after the days of a point that fell back
			mp.SimulatedS += plan.Duration.Seconds()
		}
		m.Points = append(m.Points, mp)
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
	var short, full []string
	days := ""
	for _, p := range m.Points {
		switch {
		case p.Days != "":
			short = append(short, fmt.Sprintf("%.4g", p.RatePerSecond))
			days = p.Days
		case p.FellBack:
			full = append(full, fmt.Sprintf("%.4g req/s: %s", p.RatePerSecond, p.FullBecause))
		}
	}
	if len(short) == 0 {
		fmt.Fprintf(&b, "; each point simulated over the whole %v", durationOf(m.SimulatedSPerPoint))
	} else {
		fmt.Fprintf(&b, "; %d %s of at least %.3g requests a day (%s req/s) simulated as %s, the others over the whole %v",
			len(short), plural(len(short), "point", "points"), *m.MinDayRequests, strings.Join(short, ", "), days, durationOf(m.SimulatedSPerPoint))
	}
	if len(full) > 0 {
		fmt.Fprintf(&b, "; simulated over the whole run after its days did not qualify: %s", strings.Join(full, "; "))
	}
	fmt.Fprintf(&b, ", none extrapolated; crossings refined by %s to %g of their rate in %d more runs",
		m.Refine, m.Tolerance, m.CrossingRuns)
	switch k := m.CrossingRunsShortened; {
	case k == 0:
	case k == m.CrossingRuns:
		b.WriteString(" (all as representative days)")
	default:
		fmt.Fprintf(&b, " (%d as representative days)", k)
	}
	return b.String()
}

// daysPhrase says how a shortened point's days compose its run.
func daysPhrase(l breakeven.Length) string {
	s := fmt.Sprintf("one active day ×%d", l.ActiveDays)
	if l.IdleDays > 0 {
		s += fmt.Sprintf(" + one idle day ×%d", l.IdleDays)
	}
	return s + ", each checked to end where it began"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
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
