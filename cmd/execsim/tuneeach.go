package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/internal/report"
	"github.com/execsim/execsim/scenarios/breakeven"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/scenario"
	"go.yaml.in/yaml/v3"
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
	// single is the point of the cheapest single value at which every
	// service meets its own SLO (breakeven.SingleForEach), and
	// singleMeets whether there is one (else it is the cheapest of all).
	single      breakeven.TunePoint
	singleMeets bool
	// chosen are the choices' points, one per service: each service's
	// results at its own value, run alone.
	chosen []breakeven.ServicePoint
	// minRequests is the fewest requests on which a service's tail is
	// judged; perService whether the tuning's runs are judged service by
	// service (else on the pooled p99).
	minRequests int
	perService  bool
	// table is the table's cheapest choice when it is another value
	// than single: judged on the pooled p99, it meets the SLO where some
	// service misses its own (nil otherwise).
	table *breakeven.TunePoint
	// run is the execsim run that reproduces the run together, or ""
	// and noRun why none does (togetherRun).
	run, noRun string
}

// tuneEach chooses a value per service from pts and runs them together;
// nil (and no error) when the tuning has no values per service to choose
// from: one service, a platform without a setting per service, or values
// that did not all finish.
func tuneEach(ctx context.Context, errOut io.Writer, o tuneOptions, reg platform.Registry, plan *scenario.Plan, name string, pts []breakeven.TunePoint, ch breakeven.Choices) (*perFunction, error) {
	if len(pts) != len(o.values) || !breakeven.EachTunable(plan, name) {
		return nil, nil
	}
	choices := breakeven.ChooseEach(pts)
	single, singleMeets := breakeven.SingleForEach(pts)
	if choices == nil || single < 0 {
		return nil, nil
	}
	bar := o.progress.begin(errOut, plan.Name+" "+o.tuning.Setting+" per "+o.tuning.Units)
	together, err := breakeven.TuneEach(ctx, plan, name, choices, o.workers, bar.work)
	bar.end()
	if err != nil {
		return nil, err
	}
	pf := &perFunction{choices: choices, together: together, single: pts[single], singleMeets: singleMeets,
		minRequests: plan.ServiceSLOs.MinRequests, perService: plan.PerService()}
	for i, c := range choices {
		pf.chosen = append(pf.chosen, pts[c.Index].Services[i])
	}
	if ch.AmongCompliant && ch.Cheapest != single {
		pf.table = &pts[ch.Cheapest]
	}
	pf.run, pf.noRun = togetherRun(ctx, o, reg, plan, name, choices)
	return pf, nil
}

// tally is how many services took each value, in the values' order
// (those no service took left out), the services that meet their SLO at
// no value, and those with too few requests for their tail to be judged.
func (pf *perFunction) tally(values []int) (counts []valueCount, none, few []string) {
	count := map[int]int{}
	for i, c := range pf.choices {
		count[c.Value]++
		if !c.Meets {
			none = append(none, c.Service)
		}
		if pf.chosen[i].TooFew {
			few = append(few, c.Service)
		}
	}
	for _, v := range values {
		if count[v] > 0 {
			counts = append(counts, valueCount{v, count[v]})
		}
	}
	return counts, none, few
}

// lines are the tuning's paragraph on it.
func (pf *perFunction) lines(o tuneOptions) []string {
	unit, units := o.tuning.Unit, o.tuning.Units
	_, none, few := pf.tally(o.values)
	out := []string{fmt.Sprintf("Per %s: each of the %d %ss at the cheapest %s that meets its SLO (its own slo: or the scenario's, on its own requests), then all run together (%s.csv):",
		units, len(pf.choices), units, o.tuning.Setting, functionsFile)}
	out = append(out, "  "+pf.sizesWords(o))
	if len(few) > 0 {
		// their tail was not judged: a quiet function "meets" its SLO
		// at the smallest value whatever its latency there
		out = append(out, fmt.Sprintf("  %d %s fewer than %d requests, judged on %s refusals alone, not on %s tail: %s",
			len(few), format.Plural(len(few), units+" has", units+"s have"), pf.minRequests, format.Plural(len(few), "its", "their"),
			format.Plural(len(few), "its", "their"), format.FirstNames(few, 5)))
	}
	if len(none) > 0 {
		out = append(out, fmt.Sprintf("  %d %s %s SLO at no %s and %s at the %s nearest to it (fewest refused, then closest tail): %s",
			len(none), format.Plural(len(none), units+" meets", units+"s meet"), format.Plural(len(none), "its", "their"), o.tuning.Setting,
			format.Plural(len(none), "runs", "run"), o.tuning.Setting, format.FirstNames(none, 5)))
	}
	out = append(out, "  together: "+pf.togetherWords(units))
	if d := pf.against(o); d != "" {
		out = append(out, d)
	}
	if tp := pf.table; tp != nil {
		var missed []string
		for _, s := range tp.Services {
			if !s.Meets {
				missed = append(missed, s.Name)
			}
		}
		out = append(out, fmt.Sprintf("  the table's cheapest, %d %s (%s/month), meets the SLO on the pooled p99 only: %s %s %s own SLO there",
			tp.Value, unit, format.USD(tp.MonthlyUSD), format.FirstNames(missed, 5), format.Plural(len(missed), "misses", "miss"), format.Plural(len(missed), "its", "their")))
	}
	switch {
	case pf.noRun != "":
		out = append(out, "  no run reproduces the run together: "+pf.noRun)
	case len(pf.choices) > maxSetsShown:
		out = append(out, fmt.Sprintf("  as a run: execsim run with a --set per %s (%d), in tune.json's per_function.reproduce", units, len(pf.choices)))
	default:
		out = append(out, "  as a run: "+pf.run)
	}
	return out
}

// togetherWords are the run together's cost, p99 and verdict: "$78.49/
// month, p99 478.3 ms, meets the SLO".
func (pf *perFunction) togetherWords(units string) string {
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
	if !pf.perService && !t.NotJudged && len(t.Services) == len(pf.choices) {
		// judged on the pooled p99, as the table; each function was
		// sized by its own SLO on its own requests, and is told so here
		var missed []string
		for _, s := range t.Services {
			if !s.Meets {
				missed = append(missed, s.Name)
			}
		}
		verdict += " on the pooled p99"
		if len(missed) == 0 {
			verdict += fmt.Sprintf("; on its own requests every %s meets its SLO", units)
		} else {
			verdict += fmt.Sprintf("; on their own requests %s %s %s SLO", format.FirstNames(missed, 5), format.Plural(len(missed), "misses", "miss"), format.Plural(len(missed), "its", "their"))
		}
	}
	lat := "no request completed"
	if t.Completed > 0 {
		lat = "p99 " + format.Millis(t.P99Ms)
	}
	return fmt.Sprintf("%s/month, %s, %s", format.USD(t.MonthlyUSD), lat, verdict)
}

// sizesWords is how many services took each value: "128 MB × 2, 1024 MB
// × 1".
func (pf *perFunction) sizesWords(o tuneOptions) string {
	counts, _, _ := pf.tally(o.values)
	var sizes []string
	for _, c := range counts {
		sizes = append(sizes, fmt.Sprintf("%d %s × %d", c.Value, o.tuning.Unit, c.Services))
	}
	return strings.Join(sizes, ", ")
}

// chartNote is the note under tune.png on the run together, which the
// chart draws as squares.
func (pf *perFunction) chartNote(o tuneOptions) string {
	return fmt.Sprintf("The squares: each %s at its own %s (%s), run together: %s (%s.csv).",
		o.tuning.Units, o.tuning.Setting, pf.sizesWords(o), pf.togetherWords(o.tuning.Units), functionsFile)
}

// against is what the sizes change against the single value, split
// between the functions that meet their SLO and those at their nearest
// (a slow function sized up for its tail costs more, which alone would
// read as "sizing each costs more"), and what no function owes (a free
// tier's credit, which the functions' shares leave out: without it the
// parts did not add up to the difference of the two totals).
func (pf *perFunction) against(o tuneOptions) string {
	unit, units := o.tuning.Unit, o.tuning.Units
	t, s := pf.together, pf.single
	if len(t.Services) != len(pf.choices) || len(s.Services) != len(pf.choices) {
		return ""
	}
	which := fmt.Sprintf("the cheapest single %s at which every %s meets its SLO", o.tuning.Setting, units)
	if !pf.singleMeets {
		which = fmt.Sprintf("the cheapest single %s (none lets every %s meet its SLO)", o.tuning.Setting, units)
	}
	var meetDiff, noneDiff float64
	nMeet := 0
	for i, c := range pf.choices {
		d := t.Services[i].MonthlyUSD - s.Services[i].MonthlyUSD
		if c.Meets {
			meetDiff += d
			nMeet++
		} else {
			noneDiff += d
		}
	}
	var parts []string
	if nMeet > 0 {
		parts = append(parts, fmt.Sprintf("%s on the %d %s", signedUSD(meetDiff), nMeet, format.Plural(nMeet, units+" that meets its SLO", units+"s that meet their SLO")))
	}
	if n := len(pf.choices) - nMeet; n > 0 {
		parts = append(parts, fmt.Sprintf("%s on the %d at the %s nearest %s", signedUSD(noneDiff), n, o.tuning.Setting, format.Plural(n, "its SLO", "their SLO")))
	}
	total := t.MonthlyUSD - s.MonthlyUSD
	// a cent at least: the shares are rounded to the micro-dollar, and
	// a front door's load units move by a fraction of a cent
	if rest := total - meetDiff - noneDiff; math.Abs(rest) >= 0.01 {
		parts = append(parts, fmt.Sprintf("%s in what no %s owes alone (a free tier's credit, shared charges)", signedUSD(rest), units))
	}
	diff := strings.Join(parts, ", ")
	if len(parts) > 1 {
		diff = fmt.Sprintf("%s in all: %s", signedUSD(total), diff)
	}
	return fmt.Sprintf("  against every %s at %d %s (%s/month), %s: %s", units, s.Value, unit, format.USD(s.MonthlyUSD), which, diff)
}

// maxSetsShown is the most --sets the paragraph prints of the run
// together: a fleet's is in tune.json.
const maxSetsShown = 8

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
// its own, its chosen value, then its own cost, tail, refused share and verdict at every
// value, then in the run together.
func (pf *perFunction) csv(o tuneOptions, plan *scenario.Plan, pts []breakeven.TunePoint) []byte {
	unit := strings.ToLower(o.tuning.Unit)
	head := []string{"service", "own_slo", strings.ToLower(o.tuning.Setting + "_" + unit), "meets_slo"}
	for _, p := range pts {
		v := strconv.Itoa(p.Value) + unit
		head = append(head, "monthly_usd_"+v, "tail_ms_"+v, "refused_"+v, "meets_"+v)
	}
	head = append(head, "together_monthly_usd", "together_tail_ms", "together_refused", "together_meets", "requests")
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
		return []string{usd, tail, report.Num(s.Refused), strconv.FormatBool(s.Meets)}
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
			row = append(row, "", "", "", "")
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
	// (each at the value nearest it: breakeven.ChooseEach).
	MeetAtNoValue []string `json:"meet_at_no_value"`
	// TooFew are the services with fewer requests than their tail is
	// judged on (placement.minRequests): judged on their refusals alone.
	TooFew   []string `json:"too_few"`
	Together struct {
		MonthlyUSD   float64  `json:"monthly_usd"`
		LatencyP99Ms *float64 `json:"latency_p99_ms"`
		MeetsSLO     *bool    `json:"meets_slo"`
		Missed       []string `json:"missed,omitempty"`
	} `json:"together"`
	// Single is the cheapest single value at which every service meets
	// its own SLO, and SingleMeetsSLO true; false when there is none, and
	// Single is the cheapest of all (breakeven.SingleForEach).
	Single           int     `json:"single"`
	SingleMonthlyUSD float64 `json:"single_monthly_usd"`
	SingleMeetsSLO   bool    `json:"single_meets_slo"`
	File             string  `json:"file"`
	// Reproduce is the execsim run of the run together, checked to set
	// what it ran (togetherRun); NotReproduced says why there is none.
	Reproduce     string `json:"reproduce,omitempty"`
	NotReproduced string `json:"not_reproduced,omitempty"`
}

type valueCount struct {
	Value    int `json:"value"`
	Services int `json:"services"`
}

func (pf *perFunction) record(o tuneOptions) *perFunctionRecord {
	r := &perFunctionRecord{Units: o.tuning.Units, File: functionsFile + ".csv",
		Single: pf.single.Value, SingleMonthlyUSD: pf.single.MonthlyUSD, SingleMeetsSLO: pf.singleMeets,
		Reproduce: pf.run, NotReproduced: pf.noRun}
	r.Values, r.MeetAtNoValue, r.TooFew = pf.tally(o.values)
	if r.TooFew == nil {
		r.TooFew = []string{}
	}
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

// togetherRun is the run that reproduces the run together, with a --set
// of each service's own setting (services[i].lambda.memoryMB), or "" and
// why no run does. It is checked, not assumed: the scenario is read again
// with the --sets, and the tuned platform's settings (its Describe, every
// setting of every function) must be those of the run together. Where
// the file's lambda.everyFunction.memoryMB sizes every function over its
// own, the --set that clears it is added. A fleet: block's services are
// not under services:, and a template's functions cannot take a
// services[].lambda of their own: no --set reproduces those.
func togetherRun(ctx context.Context, o tuneOptions, reg platform.Registry, plan *scenario.Plan, name string, choices []breakeven.FunctionChoice) (cmd, why string) {
	switch {
	case o.rate > 0:
		return "", "--rate scales the scenario's traffic, which no run does"
	case o.tuning.Each == "":
		return "", fmt.Sprintf("%s has no --set of each %s's own %s", name, o.tuning.Units, o.tuning.Setting)
	}
	values := make([]int, len(choices))
	sets := make([]scenario.Override, len(choices))
	for i, c := range choices {
		values[i] = c.Value
		sets[i] = scenario.Override{Path: fmt.Sprintf("services[%d].%s", i, o.tuning.Each), Value: strconv.Itoa(c.Value)}
	}
	q, err := breakeven.TunedEach(plan, name, values)
	if err != nil {
		return "", err.Error()
	}
	want, err := describeOf(q, name)
	if err != nil {
		return "", err.Error()
	}
	tries := [][]scenario.Override{sets}
	if o.tuning.Every != "" {
		tries = append(tries, append(slices.Clone(sets), scenario.Override{Path: o.tuning.Every, Value: "null"}))
	}
	why = fmt.Sprintf("a --set services[i].%s for each %s does not give them these sizes", o.tuning.Each, o.tuning.Units)
	for _, extra := range tries {
		r, err := loadPlan(scenario.Reading{Context: ctx}, reg, o.ref, append(slices.Clone(o.overrides), extra...), o.maxArrivals)
		if err != nil {
			// the first of its problems: services[3] is not in the file
			// (a fleet: block's), or is a template's function
			msg, _, _ := strings.Cut(err.Error(), "\n")
			why = fmt.Sprintf("its %ss are not all written out under services: (a fleet: block's are not), and a --set services[i].%s for each is refused (%s)",
				o.tuning.Units, o.tuning.Each, msg)
			continue
		}
		if got, err := describeOf(r, name); err == nil && got == want {
			return tuneRunCommand(o, name, extra), ""
		}
	}
	return "", why
}

// describeOf is the named platform's settings in the plan, as validate
// prints them.
func describeOf(plan *scenario.Plan, name string) (string, error) {
	c := plan.Config(name)
	if c == nil {
		return "", fmt.Errorf("scenario %s has no %s", plan.Name, name)
	}
	b, err := yaml.Marshal(c.Describe())
	return string(b), err
}

// tuneRunCommand is execsim run of the tuned platform alone with the
// tuning's --sets and sets.
func tuneRunCommand(o tuneOptions, name string, sets []scenario.Override) string {
	var b strings.Builder
	fmt.Fprintf(&b, "execsim run %s --model %s", format.ShellQuote(o.ref), name)
	for _, s := range append(slices.Clone(o.overrides), sets...) {
		fmt.Fprintf(&b, " --set %s", format.ShellQuote(s.Path+"="+s.Value))
	}
	return b.String()
}
