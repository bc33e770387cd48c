package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/internal/outdir"
	"github.com/execsim/execsim/internal/report"
	"github.com/execsim/execsim/plots"
	"github.com/execsim/execsim/scenarios/breakeven"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/execsim/execsim/scenarios/summary"
	"github.com/urfave/cli/v2"
)

// tuneOptions are execsim tune's: the scenario, the setting and the values
// to run it at.
type tuneOptions struct {
	ref         string
	overrides   []scenario.Override
	tuning      platform.Tuning
	values      []int
	rate        float64 // 0: the scenario's own traffic
	weight      float64
	workers     int
	out         string
	maxArrivals float64
	progress    progressMode
}

// tuneCommand is the Power Tuning view: one flag per tunable setting of
// the registry's platforms (--memory), each listing values to compare.
func tuneCommand(reg platform.Registry) *cli.Command {
	var flags []cli.Flag
	var tunings []platform.Tuning
	var whose []string // "Lambda's memory"
	for _, p := range reg {
		t, ok := p.(platform.Tunable)
		if !ok {
			continue
		}
		whose = append(whose, p.Look().Noun+"'s "+t.Tuning().Setting)
		if slices.ContainsFunc(tunings, func(u platform.Tuning) bool { return u.Flag == t.Tuning().Flag }) {
			continue
		}
		tunings = append(tunings, t.Tuning())
		flags = append(flags, &cli.StringFlag{Name: t.Tuning().Flag, Usage: t.Tuning().Usage})
	}
	flags = append(flags,
		&cli.Float64Flag{Name: "rate", Usage: "scale the scenario's traffic, keeping its shape, to this average rate, req/s", DefaultText: "its own"},
		&cli.Float64Flag{Name: "weight", Value: breakeven.DefaultBalancedWeight,
			Usage: "the balanced choice's weight of cost against latency, 0 to 1 (1: the cheapest, 0: the fastest), as Power Tuning's balancedWeight"},
		workersFlag(),
		outFlag("write tune.csv, tune.json and tune.{png,svg} into `DIR` (default out/<scenario>-tune)"),
		maxRequestsFlag(),
		noProgressFlag(),
	)
	var settings []string
	for _, t := range tunings {
		settings = append(settings, t.Setting)
	}
	cmd := scenarioCommand("tune", "compare "+format.And(settings)+" sizes at the scenario's own traffic: monthly cost against latency, the cheapest, fastest and balanced choice", flags,
		func(c *cli.Context, ref string, overrides []scenario.Override) error {
			o := tuneOptions{ref: ref, overrides: overrides, rate: c.Float64("rate"), weight: c.Float64("weight"), out: c.String("out"),
				maxArrivals: maxRequestsOf(c), progress: progressFor(c)}
			var err error
			if o.workers, err = workersOf(c); err != nil {
				return err
			}
			var given []platform.Tuning
			for _, t := range tunings {
				if c.IsSet(t.Flag) {
					given = append(given, t)
				}
			}
			switch {
			case len(tunings) == 0:
				return usagef("tune: no platform has a tunable setting")
			case len(given) == 0:
				return usagef("tune: give the values to compare, e.g. --%s 128,256,512,1024,1769,3008", tunings[0].Flag)
			case len(given) > 1:
				return usagef("tune: one setting at a time (got --%s and --%s)", given[0].Flag, given[1].Flag)
			case c.IsSet("rate") && !(o.rate >= breakeven.MinRate && o.rate <= breakeven.MaxRate):
				return usagef("--rate %g: want %g to %g req/s", o.rate, breakeven.MinRate, breakeven.MaxRate)
			case !(o.weight >= 0 && o.weight <= 1):
				return usagef("--weight %g: want 0 to 1", o.weight)
			}
			o.tuning = given[0]
			if o.values, err = tuneValues(o.tuning, c.String(o.tuning.Flag)); err != nil {
				return err
			}
			return runTune(c.Context, c.App.Writer, c.App.ErrWriter, reg, o)
		})
	cmd.Description = "Runs the scenario once per value with only the platform that has the setting (" + format.And(whose) + ":\n" +
		"the question AWS Lambda Power Tuning answers), and marks the cheapest value that meets the SLO,\n" +
		"the fastest (lowest p99) and a balanced one (Power Tuning's balanced strategy: the lowest\n" +
		"weight × cost ÷ max cost + (1 − weight) × p99 ÷ max p99)."
	return cmd
}

// tuneValues parses "128,256,512": integers, no repeats, in increasing
// order for the table and the chart.
func tuneValues(t platform.Tuning, s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return nil, usagef("--%s %q: want %s values in %s separated by commas, e.g. 128,512,1024", t.Flag, s, t.Setting, t.Unit)
		}
		if slices.Contains(out, v) {
			return nil, usagef("--%s %q: %d is given twice", t.Flag, s, v)
		}
		out = append(out, v)
	}
	slices.Sort(out)
	return out, nil
}

func runTune(ctx context.Context, w, errOut io.Writer, reg platform.Registry, o tuneOptions) error {
	plan, err := loadPlan(scenario.Reading{Context: ctx, Progress: errOut}, reg, o.ref, o.overrides, o.maxArrivals)
	if err != nil {
		return err
	}
	names := breakeven.TunedFor(plan, o.tuning.Setting)
	switch {
	case len(names) == 0:
		var has []string
		for _, p := range reg {
			if t, ok := p.(platform.Tunable); ok && t.Tuning().Flag == o.tuning.Flag {
				has = append(has, p.Name()+":")
			}
		}
		return scenario.InputError(fmt.Errorf("scenario %s has no platform whose %s can be tuned: it needs a %s section",
			o.ref, o.tuning.Setting, strings.Join(has, " or ")))
	case len(names) > 1:
		return scenario.InputError(fmt.Errorf("scenario %s has %s, each with a tunable %s: tune compares one platform (remove the others' sections)",
			o.ref, format.And(names), o.tuning.Setting))
	}
	name := names[0]
	if o.rate > 0 {
		if plan, err = breakeven.AtRate(plan, o.rate); err != nil {
			return err
		}
	}
	for _, v := range o.values { // fail on a bad value before the long work
		if _, err := breakeven.Tuned(plan, name, v); err != nil {
			return err
		}
	}
	if o.out == "" {
		o.out = filepath.Join("out", safeName(plan.Name)+"-tune")
	}
	if err := checkOutInputs(o.out, plan, tuneFiles); err != nil {
		return err
	}
	if err := outdir.Prepare(o.out); err != nil {
		return scenario.InputError(fmt.Errorf("--out %s: %w", o.out, err))
	}
	noun := reg.Look(name).Noun
	// a service Lambda refuses for its payload fails at every value
	// (review6: tune named a memory size "fastest" at p99 0 without a word);
	// warned of the tuned platform alone, which each value runs, not of a
	// placement that pins such services elsewhere (breakeven.Tuned)
	tuned := slices.DeleteFunc(slices.Clone(plan.Platforms), func(c scenario.Compiled) bool { return c.Name() != name })
	// what the scenario's files say that execsim cannot use, and a run too
	// short for EC2's minimum bill, as run and break-even warn of them
	// (tune printed only the payload warnings: an slo.refused of 0.6 or a
	// manifest's unread field went unsaid)
	// (the tuned platform's own and the scenario's: not those of the
	// other platforms' sections and files, which no value runs)
	for _, x := range plan.WarningsFor(tuned) {
		fmt.Fprintf(errOut, "execsim: warning: %s\n", x)
	}
	if x := scenario.ShortRunWarning(plan, tuned); x != "" {
		fmt.Fprintf(errOut, "execsim: warning: %s\n", x)
	}
	for _, x := range plan.PayloadWarnings(tuned) {
		fmt.Fprintf(errOut, "execsim: warning: %s\n", x)
	}
	noteSweepIgnored(errOut, o.ref, plan, "tune varies the "+o.tuning.Setting+" of its base point alone")
	bar := o.progress.begin(errOut, plan.Name+" "+o.tuning.Setting+" tuning")
	pts, err := breakeven.Tune(ctx, plan, name, o.values, o.workers, bar.work)
	bar.end()
	interrupted, err := interruption(err)
	if err != nil {
		return err
	}
	if len(pts) == 0 {
		return stoppedf(interrupted, "stopped before any of the %d %s values finished; nothing was written", len(o.values), o.tuning.Setting)
	}
	ch := breakeven.Choose(pts, o.weight)

	fmt.Fprintf(w, "scenario %s · seed %d · %v simulated per %s value · mean rate %.4g req/s\n", plan.Name, plan.Seed, plan.Duration, o.tuning.Setting, breakeven.MeanRate(plan))
	fmt.Fprintf(w, "reproduce: %s\n", tuneCommandLine(o))
	fmt.Fprintln(w, summary.PlanProjection(plan).Statement()) // the $/month's basis (audit 7)
	fmt.Fprintf(w, "%s %s, each value run alone; SLO: %s%s\n\n", noun, o.tuning.Setting, plan.SLO, judgedHow(plan, ", judged "))
	printTune(w, o.tuning, plan.SLO, pts, ch)
	fmt.Fprintln(w)
	if interrupted != nil {
		fmt.Fprintf(w, "interrupted: %d of %d values finished; the choices are among those\n", len(pts), len(o.values))
	}
	sentences := tuneSentences(o, sloJudged(plan), pts, ch)
	if few := report.FewRequestsSentence("p99", 0.99, fewValues(pts, o.tuning.Unit)); few != "" {
		sentences = append(sentences, few)
	}
	if none := noLatencySentence(pts, o.tuning.Unit); none != "" {
		sentences = append(sentences, none)
	}
	if own := overridden(plan, name); len(own) > 0 {
		sentences = append(sentences, fmt.Sprintf("Each value sets every %s's %s, overriding the %s %s of their own (%s); a run of the scenario as written keeps theirs.",
			o.tuning.Units, o.tuning.Setting, o.tuning.Setting, countOf(len(own), o.tuning.Units), format.FirstNames(own, 5)))
	}
	if o.tuning.Every != "" && o.rate == 0 {
		sentences = append(sentences, "A row as a run: "+tuneRowCommand(o, name)+".")
	}
	for _, s := range sentences {
		fmt.Fprintln(w, s)
	}
	// a fleet's functions each at their own size, run together (only
	// once every value has finished: each function chooses among all)
	var pf *perFunction
	if interrupted == nil {
		pf, err = tuneEach(ctx, errOut, o, reg, plan, name, pts, ch)
		if interrupted, err = interruption(err); err != nil {
			return err
		}
		if interrupted != nil {
			fmt.Fprintf(w, "\ninterrupted: the run of every %s at its own %s did not finish; %s.csv is not written\n", o.tuning.Units, o.tuning.Setting, functionsFile)
		}
	}
	if pf != nil {
		fmt.Fprintln(w)
		for _, l := range pf.lines(o) {
			fmt.Fprintln(w, l)
		}
	}

	t := plots.Tuning{Setting: o.tuning.Setting, Units: o.tuning.Units, Cheapest: ch.Cheapest, Fastest: ch.Fastest, Balanced: ch.Balanced,
		SLO: plan.SLOWords(), Notes: sentences, P99TargetMs: tuneP99Target(plan)}
	if tunePerService(pts) {
		// the hollow markers are every service's own verdict, the p99
		// drawn the pooled one's (perservice.go): the notes name who
		// missed; plan.SLOWords already says "each service's own" (a
		// longer legend ran off the chart's edge)
		t.Notes = append(slices.Clone(sentences), tuneMissedSentence(o.tuning, pts))
	}
	for _, p := range pts {
		mean, p99 := p.MeanMs, p.P99Ms
		if p.Completed == 0 {
			// no latency was measured: none (null in tune.json), which
			// the chart leaves out, rather than a point at 0 ms
			mean, p99 = math.NaN(), math.NaN()
		}
		t.Points = append(t.Points, plots.TunePoint{Label: fmt.Sprintf("%d %s", p.Value, o.tuning.Unit), MonthlyUSD: p.MonthlyUSD,
			MeanMs: mean, P99Ms: p99, MeetsSLO: p.MeetsSLO})
	}
	if pf != nil {
		// the run together beside the single values (walk: no marker for
		// it, and the chart pasted alone said nothing of it)
		q := pf.together
		mean, p99 := q.MeanMs, q.P99Ms
		if q.Completed == 0 {
			mean, p99 = math.NaN(), math.NaN()
		}
		t.Each = &plots.TunePoint{Label: "per " + o.tuning.Units, MonthlyUSD: q.MonthlyUSD, MeanMs: mean, P99Ms: p99, MeetsSLO: q.MeetsSLO}
		t.Notes = append(slices.Clone(t.Notes), pf.chartNote(o))
	}
	banner := ""
	if interrupted != nil {
		// on the chart too, which may be pasted alone on a slide
		banner = fmt.Sprintf("PARTIAL: interrupted after %d of %d values; the choices are among those.", len(pts), len(o.values))
	}
	// the chart's data is saved in tune.json, and the chart drawn from
	// it, so that execsim plot redraws it byte for byte
	rec := tuneRecord{Schema: tuneSchema, Scenario: plan.Name, Seed: plan.Seed, Platform: name, Setting: o.tuning.Setting, Unit: o.tuning.Unit,
		Weight: o.weight, Reproduce: tuneCommandLine(o), Chart: savedTuneChart(t, banner)}
	files := map[string][]byte{"tune.csv": tuneCSV(o.tuning, pts, ch)}
	if pf != nil {
		rec.PerFunction = pf.record(o)
		files[functionsFile+".csv"] = pf.csv(o, plan, pts)
	}
	recJSON, err := rec.JSON()
	if err != nil {
		return err
	}
	files["tune.json"] = recJSON
	names2, err := writeFiles(o.out, []string{"tune.csv", "tune.json", functionsFile + ".csv"}, files)
	if err != nil {
		return err
	}
	if _, err := report.SaveChart(o.out, "tune", rec.Chart.draw(reg, plots.Header{Scenario: plan.Name, Seed: plan.Seed}, name, o.tuning.Setting)); err != nil {
		return scenario.InputError(fmt.Errorf("--out %s: %w", o.out, err))
	}
	names2 = append(names2, filepath.Join(o.out, "tune.{png,svg}"))
	fmt.Fprintf(w, "\nwrote %s\n", strings.Join(names2, ", "))
	if interrupted != nil && len(pts) == len(o.values) {
		return stoppedf(interrupted, "stopped during the run of every %s at its own %s; the %d values are written", o.tuning.Units, o.tuning.Setting, len(pts))
	}
	if interrupted != nil {
		return stoppedf(interrupted, "stopped with %d of %d %s values finished; they are written, marked partial, and the choices are among those", len(pts), len(o.values), o.tuning.Setting)
	}
	return nil
}

// tuneFiles are the files tune writes (functions.csv for a fleet only).
var tuneFiles = []string{"tune.csv", "tune.json", "tune.svg", "tune.png", functionsFile + ".csv"}

// tuneRecord is tune.json: what the tuning was, and the data of its
// chart, for execsim plot to redraw it.
type tuneRecord struct {
	Schema   string `json:"schema"`
	Scenario string `json:"scenario"`
	Seed     uint64 `json:"seed"`
	// Platform is the tuned platform, Setting and Unit what was varied.
	Platform string  `json:"platform"`
	Setting  string  `json:"setting"`
	Unit     string  `json:"unit"`
	Weight   float64 `json:"weight"`
	// Reproduce is the command line that wrote the folder.
	Reproduce string     `json:"reproduce"`
	Chart     *tuneChart `json:"chart"`
	// PerFunction is a fleet's size per function, run together (absent
	// for one service).
	PerFunction *perFunctionRecord `json:"per_function,omitempty"`
}

const tuneSchema = "execsim/tune/v1"

// JSON is tune.json.
func (r tuneRecord) JSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // "<memory MB>" in a sentence, not "\u003c"
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func tuneCommandLine(o tuneOptions) string {
	var b strings.Builder
	var vs []string
	for _, v := range o.values {
		vs = append(vs, strconv.Itoa(v))
	}
	fmt.Fprintf(&b, "execsim tune %s --%s %s", format.ShellQuote(o.ref), o.tuning.Flag, strings.Join(vs, ","))
	if o.rate > 0 {
		fmt.Fprintf(&b, " --rate %g", o.rate)
	}
	if o.weight != breakeven.DefaultBalancedWeight {
		fmt.Fprintf(&b, " --weight %g", o.weight)
	}
	for _, s := range o.overrides {
		fmt.Fprintf(&b, " --set %s", format.ShellQuote(s.Path+"="+s.Value))
	}
	return b.String()
}

// choiceOf names the choices value i is: "cheapest+balanced", or "".
func choiceOf(ch breakeven.Choices, i int) string {
	var out []string
	for _, c := range []struct {
		i    int
		name string
	}{{ch.Cheapest, "cheapest"}, {ch.Fastest, "fastest"}, {ch.Balanced, "balanced"}} {
		if c.i == i {
			out = append(out, c.name)
		}
	}
	return strings.Join(out, "+")
}

func printTune(w io.Writer, t platform.Tuning, slo platform.SLO, pts []breakeven.TunePoint, ch breakeven.Choices) {
	header := []string{t.Setting + " " + t.Unit, "$/month", "$ per million", "mean latency", "p99"}
	if slo.Percentile() != "p99" {
		header = append(header, slo.Percentile())
	}
	header = append(header, "refused", "SLO", "choice")
	rows := [][]string{header}
	for i, p := range pts {
		// with no request completed there is no latency: "—", not 0 ms
		none := p.Completed == 0
		row := []string{strconv.Itoa(p.Value), format.USD(p.MonthlyUSD), dashIf(p.Arrivals == 0, format.USD(p.PerMillionUSD)),
			dashIf(none, format.Millis(p.MeanMs)), dashIf(none, format.Millis(p.P99Ms))}
		if slo.Percentile() != "p99" {
			row = append(row, dashIf(none, format.Millis(p.TailMs)))
		}
		row = append(row, format.Percent(p.Refused), sloMarkOf(p.ModelPoint), choiceOf(ch, i))
		rows = append(rows, row)
	}
	writeRows(w, rows)
	if slices.ContainsFunc(pts, func(p breakeven.TunePoint) bool { return p.Completed == 0 }) {
		fmt.Fprintln(w, "— no request completed at that value: there is no latency to show (it is not 0 ms)")
	}
	if tunePerService(pts) {
		fmt.Fprintln(w, perServiceLegend(slo.String(), "at that value", "p99"))
		if slices.ContainsFunc(pts, func(p breakeven.TunePoint) bool { return p.NotJudged }) {
			fmt.Fprintln(w, "– not judged: no request arrived")
		}
		tuneMissed(w, t, pts)
		return
	}
	for _, p := range pts {
		if p.NotJudged {
			// no request arrived: a run's verdict is "not judged" (a
			// tuning at a rate far below one request per run)
			fmt.Fprintf(w, "SLO ✓ meets %s, ✗ misses it, – not judged: no request arrived\n", slo)
			return
		}
	}
	fmt.Fprintf(w, "SLO ✓ meets %s, ✗ misses it\n", slo)
}

// tuneSentences says the three choices and their rules. slo is what the
// values were judged by (sloJudged).
func tuneSentences(o tuneOptions, slo judgedBy, pts []breakeven.TunePoint, ch breakeven.Choices) []string {
	if ch.Cheapest < 0 {
		return nil
	}
	v := func(i int) string {
		p := pts[i]
		if p.Completed == 0 {
			return fmt.Sprintf("%d %s (%s/month, no request completed)", p.Value, o.tuning.Unit, format.USD(p.MonthlyUSD))
		}
		return fmt.Sprintf("%d %s (%s/month, mean %s, p99 %s)", p.Value, o.tuning.Unit, format.USD(p.MonthlyUSD), format.Millis(p.MeanMs), format.Millis(p.P99Ms))
	}
	among := "among the values that meet the SLO"
	var out []string
	if !ch.AmongCompliant {
		among = "among all values"
		unjudged := 0
		for _, p := range pts {
			if p.NotJudged {
				unjudged++
			}
		}
		// a value at which no request arrived neither meets nor misses
		// the SLO: "none meets it" would say it missed (be3 left this)
		switch {
		case unjudged == len(pts):
			out = append(out, fmt.Sprintf("No request arrived at any %s value, so the SLO (%s) judges none of them: the choices below are among all values, by cost alone where no latency was measured.", o.tuning.Setting, slo.words))
		case unjudged > 0:
			out = append(out, fmt.Sprintf("No %s value %s (%s): the choices below are among all values; %d of them %s not judged, no request having arrived there, and the others miss it.",
				o.tuning.Setting, slo.meets, slo.words, unjudged, format.Plural(unjudged, "is", "are")))
		default:
			out = append(out, fmt.Sprintf("No %s value %s (%s): the choices below are among all values, and none of them meets it.", o.tuning.Setting, slo.meets, slo.words))
		}
	}
	out = append(out,
		fmt.Sprintf("Cheapest %s: %s.", among, v(ch.Cheapest)),
		fastest(among, ch.Fastest, v),
		fmt.Sprintf("Balanced %s: %s, the lowest %g × cost ÷ highest cost + %g × p99 ÷ highest p99 (AWS Lambda Power Tuning's balanced strategy, with the p99 for its mean duration).",
			among, v(ch.Balanced), o.weight, 1-o.weight))
	return out
}

// judgedBy is what a tuning's values were judged by, for its sentences:
// meets is the verb phrase ("meets the SLO"), words the objective.
type judgedBy struct{ meets, words string }

// sloJudged is what the plan's runs are judged by: the SLO, or judged
// service by service every service's own (walk: "No memory value meets
// the SLO (p99 ≤ 1s, …)" named the scenario's SLO alone for a fleet whose
// services each had their own).
func sloJudged(plan *scenario.Plan) judgedBy {
	if plan.PerService() {
		return judgedBy{"lets every service meet its own SLO", "each service's own slo:, else " + plan.SLO.String()}
	}
	return judgedBy{"meets the SLO", plan.SLO.String()}
}

// fastest says the fastest choice, or that there is none: no request
// completed at any value, so no p99 was measured (breakeven.Choose).
func fastest(among string, i int, v func(int) string) string {
	if i < 0 {
		return fmt.Sprintf("Fastest (lowest p99) %s: none, no request having completed at any value.", among)
	}
	return fmt.Sprintf("Fastest (lowest p99) %s: %s.", among, v(i))
}

// noLatencySentence names the values at which no request completed, so
// that no latency was measured there: the table shows "—", tune.csv an
// empty cell and the chart leaves them out (review: "p99 0.000 ms" for a
// memory size at which every request timed out). "" when every value
// completed some.
func noLatencySentence(pts []breakeven.TunePoint, unit string) string {
	var at []string
	for _, p := range pts {
		switch {
		case p.Completed > 0:
		case p.Arrivals == 0:
			at = append(at, fmt.Sprintf("%d %s (no request arrived)", p.Value, unit))
		default:
			at = append(at, fmt.Sprintf("%d %s (%s refused)", p.Value, unit, format.Percent(p.Refused)))
		}
	}
	if len(at) == 0 {
		return ""
	}
	return fmt.Sprintf("No request completed at %s: there is no latency to show there, so the table shows — and the chart leaves %s out.",
		format.And(at), format.Plural(len(at), "it", "them"))
}

// tuneCSV is one row per value: tune.csv.
func tuneCSV(t platform.Tuning, pts []breakeven.TunePoint, ch breakeven.Choices) []byte {
	rows := [][]string{{strings.ToLower(t.Setting + "_" + t.Unit), "monthly_usd", "per_million_usd", "latency_mean_ms", "latency_p99_ms",
		"tail_ms", "refused", "meets_slo", "choice", "completed"}}
	// judged service by service, the services that missed their own SLO
	// (perservice.go), last
	per := tunePerService(pts)
	if per {
		rows[0] = append(rows[0], "missed_services")
	}
	// a number that was not measured is an empty cell, not 0: latencies
	// where no request completed, the cost per request where none arrived
	num := func(none bool, x float64) string {
		if none {
			return ""
		}
		return report.Num(x)
	}
	for i, p := range pts {
		none := p.Completed == 0
		rows = append(rows, []string{strconv.Itoa(p.Value), report.Num(p.MonthlyUSD), num(p.Arrivals == 0, p.PerMillionUSD), num(none, p.MeanMs),
			num(none, p.P99Ms), num(none, p.TailMs), report.Num(p.Refused), sloBool(p.MeetsSLO, p.NotJudged), choiceOf(ch, i),
			strconv.FormatInt(p.Completed, 10)})
		if per {
			rows[len(rows)-1] = append(rows[len(rows)-1], missedCell(p.ModelPoint))
		}
	}
	return report.CSVBytes(rows)
}

// overridden is the services whose setting the tuning of platform name
// overrides (they have their own: a template's memory size), or nil.
func overridden(plan *scenario.Plan, name string) []string {
	for _, c := range plan.Platforms {
		if t, ok := c.Config.(platform.TuneOverrider); ok && c.Name() == name {
			return t.Overridden()
		}
	}
	return nil
}

// countOf is "4 functions have", "1 function has".
func countOf(n int, unit string) string {
	if n == 1 {
		return "1 " + unit + " has"
	}
	return fmt.Sprintf("%d %ss have", n, unit)
}

// tuneRowCommand is the run that reproduces a row of the tuning: the
// platform alone, with the setting given to every unit over its own.
func tuneRowCommand(o tuneOptions, name string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "execsim run %s --model %s", format.ShellQuote(o.ref), name)
	for _, s := range o.overrides {
		fmt.Fprintf(&b, " --set %s", format.ShellQuote(s.Path+"="+s.Value))
	}
	fmt.Fprintf(&b, " --set %s=<%s %s>", o.tuning.Every, o.tuning.Setting, o.tuning.Unit)
	return b.String()
}

// judgedHow is lead and how a fleet's runs are judged against the SLO
// (scenario.Plan.JudgedHow), "" for one service: break-even and tune
// judge every rate or value as run judges its run, and say so.
func judgedHow(plan *scenario.Plan, lead string) string {
	if h := plan.JudgedHow(); h != "" {
		return lead + h
	}
	return ""
}

// tuneP99Target is the p99 target the tune chart draws beside each
// value's p99: none when the SLO is on another percentile, or when each
// service is judged by its own SLO (the chart's p99 is pooled over the
// fleet, which no target judged).
func tuneP99Target(plan *scenario.Plan) float64 {
	if plan.SLO.Quantile != 0.99 || plan.PerService() {
		return 0
	}
	return float64(plan.SLO.Target) / float64(time.Millisecond)
}
