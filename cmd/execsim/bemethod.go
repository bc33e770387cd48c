package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/execsim/execsim/internal/format"
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
	// CrossingRuns is the runs that refined crossings, over all of them
	// (those narrowed first included).
	CrossingRuns int `json:"crossing_runs"`
	// CrossingsFirst says crossings were narrowed before the curve was
	// refined around them (breakeven.Search.CrossingsFirst); NarrowedFirst
	// are those crossings' final brackets, and NotRefinedBetween the
	// pairs of simulated neighbours whose grid rates were not simulated
	// because those crossings were the only changes between them.
	CrossingsFirst    bool               `json:"crossings_first"`
	NarrowedFirst     []methodNarrowed   `json:"crossings_narrowed_first"`
	NotRefinedBetween []methodNotRefined `json:"not_refined_between"`
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
	// RunsBeforeCurve are the runs of Runs made before the curve was
	// refined around the crossing (those of crossings_narrowed_first).
	RunsBeforeCurve int `json:"runs_before_curve"`
}

// methodNarrowed is a crossing narrowed before the curve was refined
// around it: the pair, its final bracket and the runs it took.
type methodNarrowed struct {
	A         string  `json:"platform_a"`
	B         string  `json:"platform_b"`
	BracketLo float64 `json:"bracket_lo"`
	BracketHi float64 `json:"bracket_hi"`
	Runs      int     `json:"runs"`
}

// methodNotRefined is a pair of simulated neighbours, in req/s, whose
// grid rates between were not simulated: the crossings narrowed first
// there place every change between them.
type methodNotRefined struct {
	From float64 `json:"from"`
	To   float64 `json:"to"`
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
	Refined bool `json:"refined"`
	// Estimated says a refined point was chosen beside where the platform
	// missing the SLO at its higher neighbour would start to, were it
	// capped at the rate it serves there, rather than halfway.
	Estimated bool  `json:"estimated,omitempty"`
	Arrivals  int64 `json:"arrivals"`
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
	m.CrossingsFirst = s.CrossingsFirst && s.Tolerance > 0
	m.NarrowedFirst, m.NotRefinedBetween = []methodNarrowed{}, []methodNotRefined{}
	// the runs of every crossing narrowed first are counted once, here,
	// reported or not (a narrowing the curve's refinement then passed
	// by, between two rates that turned out to agree, still ran)
	for _, l := range c.Located {
		m.CrossingRuns += l.Runs
		m.CrossingRunsShortened += l.Shortened
		m.NarrowedFirst = append(m.NarrowedFirst, methodNarrowed{A: l.A, B: l.B, BracketLo: l.Lo, BracketHi: l.Hi, Runs: l.Runs})
	}
	for _, sp := range c.Spared {
		m.NotRefinedBetween = append(m.NotRefinedBetween, methodNotRefined{sp.From, sp.To})
	}
	m.Crossings = []methodCrossing{}
	for _, x := range cs {
		// the runs before the curve's refinement are counted above; a
		// crossing's shortened runs are counted over all its runs, so
		// those it had before are taken off
		m.CrossingRuns += x.Runs - x.RunsBeforeCurve
		m.CrossingRunsShortened += x.ShortenedRuns - x.ShortenedBeforeCurve
		mc := methodCrossing{A: x.A, B: x.B, RatePerSecond: x.RatePerSecond, BracketLo: x.Lo, BracketHi: x.Hi,
			CheaperBelow: x.CheaperBelow, CheaperAbove: x.CheaperAbove, Compliant: x.Compliant, BreakEven: x.BreakEven(),
			MissesSLO: append([]string{}, x.Misses...), NotJudgedSLO: x.NotJudged, Runs: x.Runs, RunsBeforeCurve: x.RunsBeforeCurve}
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
		mp := methodPoint{RatePerSecond: p.RatePerSecond, GridIndex: c.Index[i], Refined: c.Refined[i], Estimated: c.Estimated[i], Arrivals: n,
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
	var rates, estimated []string
	for _, p := range m.Points {
		if p.Refined {
			refined++
			rates = append(rates, fmt.Sprintf("%.4g", p.RatePerSecond))
		}
		if p.Estimated {
			estimated = append(estimated, fmt.Sprintf("%.4g", p.RatePerSecond))
		}
	}
	if m.Search == "exhaustive" {
		fmt.Fprintf(&b, "method: exhaustive, all %d grid rates simulated", len(m.Points))
	} else {
		fmt.Fprintf(&b, "method: adaptive, %d of the %d grid rates simulated: every %s down from the highest, and the lowest (%d), then ",
			len(m.Points), m.GridPoints, ordinal(m.Stride), len(m.Points)-refined)
		// the neighbours whose grid rates a crossing refined first made
		// unneeded (CrossingsFirst)
		// each stretch said whole ("between 10 and 20 req/s and between
		// 30 and 40 req/s"): joined as "10 and 20 and 30 and 40" its
		// bounds could not be told apart
		var gaps []string
		for _, g := range m.NotRefinedBetween {
			gaps = append(gaps, fmt.Sprintf("between %.4g and %.4g req/s", g.From, g.To))
		}
		between := format.And(gaps)
		only := "the only change is a crossing, placed by its own runs before the curve was refined"
		if len(gaps) > 1 {
			only = "the only change in each is a crossing, placed by its own runs before the curve was refined"
		}
		switch {
		case refined == 0 && len(gaps) > 0:
			b.WriteString("none: " + between + " " + only)
		default:
			fmt.Fprintf(&b, "%d where neighbours differ in the cheaper platform, an SLO verdict or a cost gap's sign", refined)
			if refined > 0 {
				fmt.Fprintf(&b, " (%s req/s)", strings.Join(rates, ", "))
			}
			if len(estimated) > 0 {
				fmt.Fprintf(&b, ", %s chosen not halfway but beside where the platform missing the SLO at the next rate up would begin to miss it if capped at the rate it serves there",
					format.And(estimated))
			}
			if len(gaps) > 0 {
				b.WriteString(", none " + between + ", where " + only)
			}
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
	var notes []string
	switch k := m.CrossingRunsShortened; {
	case k == 0:
	case k == m.CrossingRuns:
		notes = append(notes, "all as representative days")
	default:
		notes = append(notes, fmt.Sprintf("%d as representative days", k))
	}
	first := 0
	for _, n := range m.NarrowedFirst {
		first += n.Runs
	}
	if first > 0 {
		notes = append(notes, fmt.Sprintf("%d of them before the curve was refined around %s", first,
			plural(len(m.NarrowedFirst), "the crossing", "the crossings")))
	}
	if len(notes) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(notes, "; "))
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
