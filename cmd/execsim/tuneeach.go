package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/internal/report"
	"github.com/execsim/execsim/scenarios/breakeven"
	"github.com/execsim/execsim/scenarios/scenario"
)

// perFunction is a fleet's tuning by function: each service at the value
// that is cheapest for it alone among those that meet its own SLO
// (breakeven.ChooseEach), and the run of those values together. A single
// value for every function sizes the fleet by its most demanding one;
// sizing each is what the user would do with the table (walk11: 200
// functions, one memory size for all).
type perFunction struct {
	choices  []breakeven.FunctionChoice
	together breakeven.TunePoint
	// single is the point of the cheapest single value (Choose's), and
	// singleMeets whether it meets the SLO.
	single      breakeven.TunePoint
	singleMeets bool
}

// tuneEach chooses a value per service from pts and runs them together;
// nil (and no error) when the tuning has no values per service to choose
// from: one service, a platform without a setting per service, or values
// that did not all finish.
func tuneEach(ctx context.Context, errOut io.Writer, o tuneOptions, plan *scenario.Plan, name string, pts []breakeven.TunePoint, ch breakeven.Choices) (*perFunction, error) {
	if len(pts) != len(o.values) || ch.Cheapest < 0 || !breakeven.EachTunable(plan, name) {
		return nil, nil
	}
	choices := breakeven.ChooseEach(pts)
	if choices == nil {
		return nil, nil
	}
	bar := o.progress.begin(errOut, plan.Name+" "+o.tuning.Setting+" per "+o.tuning.Units)
	together, err := breakeven.TuneEach(ctx, plan, name, choices, o.workers, bar.work)
	bar.end()
	if err != nil {
		return nil, err
	}
	return &perFunction{choices: choices, together: together, single: pts[ch.Cheapest], singleMeets: ch.AmongCompliant}, nil
}

// tally is how many services took each value, in the values' order
// (those no service took left out), and the services that meet their SLO
// at no value.
func (pf *perFunction) tally(values []int) (counts []valueCount, none []string) {
	count := map[int]int{}
	for _, c := range pf.choices {
		count[c.Value]++
		if !c.Meets {
			none = append(none, c.Service)
		}
	}
	for _, v := range values {
		if count[v] > 0 {
			counts = append(counts, valueCount{v, count[v]})
		}
	}
	return counts, none
}

// lines are the tuning's paragraph on it.
func (pf *perFunction) lines(o tuneOptions, plan *scenario.Plan) []string {
	unit, units := o.tuning.Unit, o.tuning.Units
	counts, none := pf.tally(o.values)
	var sizes []string
	for _, c := range counts {
		sizes = append(sizes, fmt.Sprintf("%d %s × %d", c.Value, unit, c.Services))
	}
	out := []string{fmt.Sprintf("Per %s: each of the %d %ss at the cheapest %s that meets its SLO (its own slo: or the scenario's, on its own requests), then all run together (%s.csv):",
		units, len(pf.choices), units, o.tuning.Setting, functionsFile)}
	out = append(out, "  "+strings.Join(sizes, ", "))
	if len(none) > 0 {
		out = append(out, fmt.Sprintf("  %d %s %s SLO at no %s and %s at %s fastest: %s",
			len(none), format.Plural(len(none), units+" meets", units+"s meet"), format.Plural(len(none), "its", "their"), o.tuning.Setting,
			format.Plural(len(none), "runs", "run"), format.Plural(len(none), "its", "their"), format.FirstNames(none, 5)))
	}
	t := pf.together
	verdict := "meets the SLO"
	switch {
	case t.NotJudged:
		verdict = "not judged: no request arrived"
	case !t.MeetsSLO && len(t.Missed) > 0:
		verdict = fmt.Sprintf("misses the SLO: %s %s %s own", format.FirstNames(t.Missed, 5), format.Plural(len(t.Missed), "misses", "miss"), format.Plural(len(t.Missed), "its", "their"))
	case !t.MeetsSLO:
		verdict = "misses the SLO"
	}
	lat := "no request completed"
	if t.Completed > 0 {
		lat = "p99 " + format.Millis(t.P99Ms)
	}
	out = append(out, fmt.Sprintf("  together: %s/month, %s, %s", format.USD(t.MonthlyUSD), lat, verdict))
	// what the sizes change against the tuning's single choice, split
	// between the functions that meet their SLO and those at their
	// fastest (a slow function sized up for its tail costs more, which
	// alone would read as "sizing each costs more")
	s := pf.single
	which := "the cheapest single " + o.tuning.Setting + " that meets the SLO"
	if !pf.singleMeets {
		which = "the cheapest single " + o.tuning.Setting + ", which misses the SLO"
	}
	var meetDiff, noneDiff float64
	nMeet := 0
	for i, c := range pf.choices {
		if i >= len(t.Services) || i >= len(s.Services) {
			return out
		}
		d := t.Services[i].MonthlyUSD - s.Services[i].MonthlyUSD
		if c.Meets {
			meetDiff += d
			nMeet++
		} else {
			noneDiff += d
		}
	}
	diff := fmt.Sprintf("%s on the %d %s that meet their SLO", signedUSD(meetDiff), nMeet, format.Plural(nMeet, units, units+"s"))
	if n := len(pf.choices) - nMeet; n > 0 {
		diff += fmt.Sprintf(", %s on the %d at %s fastest", signedUSD(noneDiff), n, format.Plural(n, "its", "their"))
	}
	out = append(out, fmt.Sprintf("  against every %s at %d %s, %s (%s/month): %s",
		units, s.Value, unit, which, format.USD(s.MonthlyUSD), diff))
	return out
}

// signedUSD is an amount with its sign: "+$1.19", "−$3.40", "$0.00".
func signedUSD(x float64) string {
	u := format.USD(math.Abs(x))
	switch {
	case math.Abs(x) < 0.005: // a cent's rounding between two allocations
		return "$0.00"
	case x < 0:
		return "−" + u
	}
	return "+" + u
}

// functionsFile is the per-service table's name, without .csv.
const functionsFile = "functions"

// csv is functions.csv: one row per service, whether it has an SLO of
// its own, its chosen value, then its own cost, tail and verdict at every
// value, then in the run together.
func (pf *perFunction) csv(o tuneOptions, plan *scenario.Plan, pts []breakeven.TunePoint) []byte {
	unit := strings.ToLower(o.tuning.Unit)
	head := []string{"service", "own_slo", strings.ToLower(o.tuning.Setting + "_" + unit), "meets_slo"}
	for _, p := range pts {
		v := strconv.Itoa(p.Value) + unit
		head = append(head, "monthly_usd_"+v, "tail_ms_"+v, "meets_"+v)
	}
	head = append(head, "together_monthly_usd", "together_tail_ms", "together_meets", "requests")
	rows := [][]string{head}
	cell := func(s breakeven.ServicePoint) []string {
		tail := ""
		if s.Completed > 0 {
			tail = report.Num(s.TailMs)
		}
		usd := ""
		if !math.IsNaN(s.MonthlyUSD) {
			usd = report.Num(s.MonthlyUSD)
		}
		return []string{usd, tail, strconv.FormatBool(s.Meets)}
	}
	for i, c := range pf.choices {
		own := plan.ServiceSLOs != nil && i < len(plan.ServiceSLOs.Services) && plan.ServiceSLOs.Services[i].Own
		row := []string{c.Service, strconv.FormatBool(own), strconv.Itoa(c.Value), strconv.FormatBool(c.Meets)}
		for _, p := range pts {
			row = append(row, cell(p.Services[i])...)
		}
		var req int64
		if i < len(pf.together.Services) {
			row = append(row, cell(pf.together.Services[i])...)
			req = pf.together.Services[i].Arrivals
		} else {
			row = append(row, "", "", "")
		}
		rows = append(rows, append(row, strconv.FormatInt(req, 10)))
	}
	return report.CSVBytes(rows)
}

// perFunctionRecord is tune.json's per_function.
type perFunctionRecord struct {
	Units string `json:"units"`
	// Values is how many services each value was chosen for, in the
	// values' order (those chosen for none left out).
	Values []valueCount `json:"values"`
	// MeetAtNoValue are the services that meet their own SLO at no value
	// (each at its fastest).
	MeetAtNoValue []string `json:"meet_at_no_value"`
	Together      struct {
		MonthlyUSD   float64  `json:"monthly_usd"`
		LatencyP99Ms *float64 `json:"latency_p99_ms"`
		MeetsSLO     *bool    `json:"meets_slo"`
		Missed       []string `json:"missed,omitempty"`
	} `json:"together"`
	// Single is the cheapest single value, and SingleMeetsSLO whether it
	// meets the SLO.
	Single           int     `json:"single"`
	SingleMonthlyUSD float64 `json:"single_monthly_usd"`
	SingleMeetsSLO   bool    `json:"single_meets_slo"`
	File             string  `json:"file"`
}

type valueCount struct {
	Value    int `json:"value"`
	Services int `json:"services"`
}

func (pf *perFunction) record(o tuneOptions) *perFunctionRecord {
	r := &perFunctionRecord{Units: o.tuning.Units, File: functionsFile + ".csv",
		Single: pf.single.Value, SingleMonthlyUSD: pf.single.MonthlyUSD, SingleMeetsSLO: pf.singleMeets}
	r.Values, r.MeetAtNoValue = pf.tally(o.values)
	if r.MeetAtNoValue == nil {
		r.MeetAtNoValue = []string{} // [] in tune.json, not null
	}
	t := pf.together
	r.Together.MonthlyUSD, r.Together.Missed = t.MonthlyUSD, t.Missed
	if t.Completed > 0 {
		p99 := t.P99Ms
		r.Together.LatencyP99Ms = &p99
	}
	if !t.NotJudged {
		m := t.MeetsSLO
		r.Together.MeetsSLO = &m
	}
	return r
}
