package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/execsim/execsim/internal/outdir"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/internal/report"
	"github.com/execsim/execsim/plots"
	"github.com/execsim/execsim/scenarios/breakeven"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/urfave/cli/v2"
)

type breakevenOptions struct {
	maxArrivals float64
	ref         string
	overrides   []scenario.Override
	from, to    float64
	points      int
	workers     int
	out         string
	tol         float64
	progress    progressMode
	exhaustive  bool
	// fullLength turns off representative days; minDay is the fewest
	// requests a day must hold to be shortened (breakeven.Days).
	fullLength bool
	minDay     float64
}

func breakevenCommand(reg platform.Registry) *cli.Command {
	flags := []cli.Flag{
		&cli.Float64Flag{Name: "from", Value: 0.1, Usage: "lowest average rate, req/s"},
		&cli.Float64Flag{Name: "to", Value: 1000, Usage: "highest average rate, req/s"},
		&cli.IntFlag{Name: "points", Value: 30, Usage: "log-spaced rates between --from and --to"},
		&cli.Float64Flag{Name: "tolerance", Value: breakeven.DefaultTolerance, Usage: "refine each crossing until its bracket is this narrow (relative, hi/lo − 1; 1e-06 to 0.1)"},
		&cli.BoolFlag{Name: "exhaustive", Usage: "simulate every one of the --points rates over the whole run and bisect each crossing (the reference method; slower) instead of every 4th rate (down from --to) first, then the rates where the curve changes, secant steps at crossings, and representative days where the run allows them"},
		&cli.BoolFlag{Name: "full-length", Usage: "simulate every point over the scenario's whole duration, never as one active and one idle day composed into it"},
		&cli.Float64Flag{Name: "min-day-requests", Value: breakeven.DefaultMinDayRequests, Usage: "shorten a point to representative days only when an active day holds at least this many requests (expected)"},
		workersFlag(),
		outFlag("write breakeven.csv, crossings.csv, ranges.csv and the chart into `DIR` (default out/<scenario>-breakeven)"),
		maxRequestsFlag(),
		noProgressFlag(),
	}
	// the tuning flags break-even once had (--lambda-memory) moved to
	// execsim tune: kept hidden, so that a script using one learns where
	retired := retiredTuningFlags(reg)
	for _, r := range retired {
		flags = append(flags, &cli.StringFlag{Name: r.flag, Hidden: true})
	}
	var nouns []string
	for _, p := range reg {
		nouns = append(nouns, p.Look().Noun)
	}
	return scenarioCommand("breakeven", "find, for each pair of "+format.And(nouns)+", the request rate where the two cost the same per month, among rates where both of the pair meet the SLO", flags,
		func(c *cli.Context, ref string, overrides []scenario.Override) error {
			for _, r := range retired {
				if c.IsSet(r.flag) {
					return usagef("--%s is no longer a breakeven flag: run execsim tune %s --%s %s (cost against latency per %s, with the cheapest, fastest and balanced choices)",
						r.flag, format.ShellQuote(ref), r.tuning.Flag, c.String(r.flag), r.tuning.Setting)
				}
			}
			o := breakevenOptions{ref: ref, overrides: overrides, from: c.Float64("from"), to: c.Float64("to"), points: c.Int("points"),
				out: c.String("out"), tol: c.Float64("tolerance"), progress: progressFor(c), maxArrivals: maxRequestsOf(c),
				exhaustive: c.Bool("exhaustive"), fullLength: c.Bool("full-length"), minDay: c.Float64("min-day-requests")}
			var err error
			if o.workers, err = workersOf(c); err != nil {
				return err
			}
			switch {
			case !(o.from >= breakeven.MinRate) || !(o.to > o.from) || !(o.to <= breakeven.MaxRate):
				return usagef("--from %g --to %g: want %g ≤ from < to ≤ %g req/s", o.from, o.to, breakeven.MinRate, breakeven.MaxRate)
			case o.points < 2 || o.points > 1000:
				return usagef("--points %d: want 2 to 1000", o.points)
			case !(o.tol >= minTolerance && o.tol <= maxTolerance):
				return usagef("--tolerance %g: must be between %g and %g (the widest a crossing's final bracket may be, relative: hi/lo − 1)", o.tol, minTolerance, maxTolerance)
			case !(o.minDay >= 0) || math.IsInf(o.minDay, 1):
				return usagef("--min-day-requests %g: must be a number, 0 or more (expected requests in an active day)", o.minDay)
			}
			return runBreakeven(c.Context, c.App.Writer, c.App.ErrWriter, reg, o)
		})
}

// --tolerance is the relative width (hi/lo − 1) down to which each
// crossing's bracket is refined; the crossing's costs are read from the
// runs at its ends, and a cost that changes across it by more than
// breakeven.JumpFactor times the width of itself is a jump, not a
// crossing. Its bounds follow from that:
//   - maxTolerance: at a width of 1/JumpFactor a cost must more than
//     double across the bracket to be a jump, so a wider bracket would
//     take a hybrid moving a service, or a node added, for a break-even
//     (--tolerance 2 asked for a step of 20 times the cost);
//   - minTolerance: the refinement's 30 runs a crossing narrow the widest
//     bracket --from, --to and --points allow (1e-6 to 1e7 req/s, two
//     points) to about 3e-8, and a secant pair spends two of them: below
//     1e-6 the promise that the bracket is at most --tolerance wide could
//     not be kept, and the rates would differ by less than any run's
//     noise.
const (
	minTolerance = 1e-6
	maxTolerance = 1.0 / breakeven.JumpFactor
	// crossingSteps is the most runs refining one crossing may take
	crossingSteps = breakeven.DefaultSteps
)

// retiredTuning is a tuning flag break-even had, "<platform>-<setting>".
type retiredTuning struct {
	flag   string
	tuning platform.Tuning
}

func retiredTuningFlags(reg platform.Registry) []retiredTuning {
	var out []retiredTuning
	for _, p := range reg {
		if t, ok := p.(platform.Tunable); ok {
			out = append(out, retiredTuning{flag: p.Name() + "-" + t.Tuning().Setting, tuning: t.Tuning()})
		}
	}
	return out
}

func runBreakeven(ctx context.Context, w, errOut io.Writer, reg platform.Registry, o breakevenOptions) error {
	plan, err := loadPlan(scenario.Reading{Context: ctx, Progress: errOut}, reg, o.ref, o.overrides, o.maxArrivals)
	if err != nil {
		return err
	}
	if len(plan.Platforms) < 2 {
		return scenario.InputError(fmt.Errorf("scenario %s: break-even needs at least two platform sections (of %s); it has %d",
			o.ref, reg.List("and"), len(plan.Platforms)))
	}
	if o.out == "" {
		o.out = filepath.Join("out", safeName(plan.Name)+"-breakeven")
	}
	if err := checkOutInputs(o.out, plan, append(breakevenOwned(reg), "breakeven.svg", "breakeven.png")); err != nil {
		return err
	}
	if err := outdir.Prepare(o.out); err != nil { // before the work, not after
		return scenario.InputError(fmt.Errorf("--out %s: %w", o.out, err))
	}
	for _, x := range plan.PayloadWarnings(plan.Platforms) {
		fmt.Fprintf(errOut, "execsim: warning: %s\n", x)
	}
	noteSweepIgnored(errOut, o.ref, plan, "breakeven varies the rate of its base point alone")
	rates := breakeven.LogSpace(o.from, o.to, o.points)
	if x := toleranceUnused(rates, o.tol); x != "" {
		fmt.Fprintf(errOut, "execsim: warning: %s\n", x)
	}
	search := breakeven.DefaultSearch
	if o.exhaustive {
		search = breakeven.Exhaustive
	}
	// the exhaustive method is the reference: always the whole run
	search.Days = breakeven.Days{On: !o.exhaustive && !o.fullLength, MinDayRequests: o.minDay}
	search.Tolerance, search.Steps = o.tol, crossingSteps
	bar := o.progress.begin(errOut, plan.Name+" break-even")
	bar.grows = "refinement added rates"
	found, err := search.Run(ctx, plan, rates, o.workers, bar.work)
	bar.end()
	curve := found.Points
	interrupted, err := interruption(err)
	if err != nil {
		return err
	}
	if len(curve) == 0 {
		return stoppedf(interrupted, "stopped before any of the %d rates finished; nothing was written", len(rates))
	}
	var crossings []breakeven.Crossing
	if interrupted == nil {
		bar := o.progress.begin(errOut, plan.Name+" break-even: refining crossings")
		crossings, err = search.CrossingsOf(ctx, plan, found, o.tol, crossingSteps, o.workers, bar.work)
		bar.end()
		if err != nil {
			return err
		}
	}
	b := &breakevenText{w: w, reg: reg, slo: plan.SLO}
	fmt.Fprintf(w, "scenario %s · seed %d · %v simulated per point · its own mean rate %.4g req/s\n", plan.Name, plan.Seed, plan.Duration, breakeven.MeanRate(plan))
	fmt.Fprintf(w, "reproduce: %s\n", breakevenCommandLine(o))
	fmt.Fprintf(w, "SLO: %s, judged at every rate%s; a crossing is a break-even only where both platforms meet it on both sides\n", plan.SLO, judgedHow(plan, ", "))
	writeWarnings(w, plan)
	fmt.Fprintln(w)
	b.curve(curve)
	method := newBreakevenMethod(plan, o, search, found, crossings)
	fmt.Fprintln(w, method.Sentence())
	fmt.Fprintln(w)
	var ranges []pairStretch
	if interrupted != nil {
		// the crossings of a partial curve would mislead: say what ran
		fmt.Fprintf(w, "interrupted: %d rates finished; no crossings are reported\n", len(curve))
	} else {
		ranges = b.verdict(plan, curve, crossings, o)
	}
	// what the verdict assumes (benotes.go)
	for _, s := range append(controlPlaneSentences(plan, curve, crossings, b.noun), capSentences(curve, plan.Names(), b.noun)...) {
		fmt.Fprintln(w, s)
	}
	fmt.Fprintln(w, plan.Cost.PriceBasis())
	fmt.Fprintln(w, breakevenMonthBasis(plan))

	// the chart's data is saved with the method, and the chart drawn
	// from it, so that execsim plot redraws it byte for byte
	method.Chart = newBreakevenChart(plan, b, curve, crossings, ranges, interrupted != nil)
	methodJSON, err := method.JSON()
	if err != nil {
		return err
	}
	files := map[string][]byte{"breakeven.csv": curveCSV(curve), "crossings.csv": crossingsCSV(crossings),
		"ranges.csv": rangesCSV(ranges, plan.SLO, b.noun), "breakeven.json": methodJSON}
	// a memory.csv from a break-even of an earlier version (its tuning
	// table, now execsim tune's) is removed with the other stale files
	names, err := writeFiles(o.out, breakevenOwned(reg), files)
	if err != nil {
		return err
	}
	chart := method.Chart.draw(reg, plots.Header{Scenario: plan.Name, Seed: plan.Seed})
	if _, err := report.SaveChart(o.out, "breakeven", chart); err != nil {
		return scenario.InputError(fmt.Errorf("--out %s: %w", o.out, err))
	}
	names = append(names, filepath.Join(o.out, "breakeven.{png,svg}"))
	fmt.Fprintf(w, "\nwrote %s\n", strings.Join(names, ", "))
	if interrupted != nil {
		return stoppedf(interrupted, "stopped with %d of %d rates finished; they are written, marked partial, without crossings", len(curve), len(rates))
	}
	return nil
}

// breakevenOwned are the data files breakeven writes or removes as stale.
func breakevenOwned(reg platform.Registry) []string {
	owned := []string{"breakeven.csv", "crossings.csv", "ranges.csv", "breakeven.json"}
	for _, p := range reg {
		if t, ok := p.(platform.Tunable); ok {
			owned = append(owned, t.Tuning().Setting+".csv")
		}
	}
	return owned
}

func breakevenCommandLine(o breakevenOptions) string {
	var b strings.Builder
	fmt.Fprintf(&b, "execsim breakeven %s --from %g --to %g --points %d", format.ShellQuote(o.ref), o.from, o.to, o.points)
	if o.exhaustive {
		b.WriteString(" --exhaustive")
	}
	if o.fullLength && !o.exhaustive {
		b.WriteString(" --full-length")
	}
	if o.minDay != breakeven.DefaultMinDayRequests && !o.fullLength && !o.exhaustive {
		fmt.Fprintf(&b, " --min-day-requests %g", o.minDay)
	}
	for _, s := range o.overrides {
		fmt.Fprintf(&b, " --set %s", format.ShellQuote(s.Path+"="+s.Value))
	}
	return b.String()
}

// stretchNotes are the chart's sentences of the stretches: with two
// platforms every stretch, and every gap between simulated rates the text
// describes (audit 11), before the stretch above it; with more, only the
// stretches where the cheaper one misses the SLO.
func stretchNotes(ranges []pairStretch, crossings []breakeven.Crossing, slo platform.SLO, noun breakeven.Noun, platforms int) []string {
	var out []string
	for k, r := range ranges {
		if platforms == 2 {
			if p := k - 1; p >= 0 && ranges[p].A == r.A && ranges[p].B == r.B {
				if g := between(ranges[p].Stretch, r.Stretch, noun, pairCrossings(crossings, r.A, r.B)); g != "" {
					out = append(out, g)
				}
			}
		}
		if platforms == 2 || !r.CheaperMeets {
			out = append(out, r.Sentence(slo, noun, platforms > 2))
		}
	}
	return out
}

// newBreakevenChart is the data of breakeven.{png,svg}: the curves with
// the crossings the text reports, judged the same way, and as notes with
// two platforms every stretch (who is cheaper where, with the SLO
// verdicts); with more, those where the cheaper one misses the SLO, which
// the crossing labels alone would not say.
func newBreakevenChart(plan *scenario.Plan, b *breakevenText, curve []breakeven.CurvePoint, crossings []breakeven.Crossing, ranges []pairStretch, interrupted bool) *breakevenChart {
	c := &breakevenChart{SLO: plan.SLOWords(), Month: monthPhrase(plan), Curves: savedCurves(chartCurves(b.reg, curve, crossings)),
		Crossings: []savedCrossing{}, Notes: []string{}}
	for _, x := range crossings {
		m := savedCrossing{A: x.A, B: x.B, RatePerSecond: savedFloat(x.RatePerSecond), MonthlyUSD: savedFloat(x.MonthlyUSD),
			MissesSLO: x.Misses, NotJudged: len(x.NotJudged) > 0}
		if j := x.Jump; j != nil {
			// drawn halfway up the step, labelled as a jump
			m.MonthlyUSD, m.Jump = savedFloat((j.FromUSD+j.ToUSD)/2), j.Label(b.noun)
		}
		c.Crossings = append(c.Crossings, m)
	}
	if perServicePoints(curvePoints(curve)) {
		// a hollow point is a service's own miss (perservice.go)
		c.SLO = "each service's own SLO, else " + plan.SLO.String() + ", judged service by service"
		c.Notes = append(c.Notes, "The SLO is judged service by service: a point is solid where every service meets its own SLO and hollow where one misses it (breakeven.csv's missed_services names them).")
	}
	// a comparison across different front doors says so on the chart too
	for _, x := range plan.Cost.Warnings {
		c.Notes = append(c.Notes, "Warning: "+x)
	}
	c.Notes = append(c.Notes, stretchNotes(ranges, crossings, plan.SLO, b.noun, len(plan.Platforms))...)
	for _, r := range ranges {
		if r.OnlyByMissing() {
			h := hatchRange(curve, r.From, r.To)
			c.OnlyByMissing = append(c.OnlyByMissing, [2]savedFloat{savedFloat(h[0]), savedFloat(h[1])})
		}
	}
	// what the verdict assumes, as the text says it (benotes.go)
	c.Notes = append(c.Notes, controlPlaneSentences(plan, curve, crossings, b.noun)...)
	c.Notes = append(c.Notes, capSentences(curve, plan.Names(), b.noun)...)
	// the verdicts at those rates rest on the slowest request
	if few := b.fewSentence(curve); few != "" {
		c.Notes = append(c.Notes, few)
	}
	if interrupted {
		// on the chart too, which may be pasted alone on a slide
		c.Banner = fmt.Sprintf("PARTIAL: interrupted after %d rates; no crossings are reported.", len(curve))
	}
	return c
}

// breakevenText prints break-even's tables and sentences.
type breakevenText struct {
	w   io.Writer
	reg platform.Registry
	slo platform.SLO
}

func (b *breakevenText) noun(name string) string { return b.reg.Look(name).Noun }

// sloMark is a platform's SLO verdict in a table cell.
func sloMark(meets bool) string {
	if meets {
		return "✓"
	}
	return "✗"
}

// sloMarkOf is a curve point's SLO verdict in a table cell: "–" where no
// request arrived (not judged).
func sloMarkOf(m breakeven.ModelPoint) string {
	if m.NotJudged {
		return "–"
	}
	return sloMark(m.MeetsSLO)
}

// dashIf is "—" when none arrived, else s.
func dashIf(none bool, s string) string {
	if none {
		return "—"
	}
	return s
}

// sloBool is a verdict in a CSV cell: "true", "false", or empty where it
// was not judged (no request arrived), neither met nor missed.
func sloBool(meets, notJudged bool) string {
	if notJudged {
		return ""
	}
	return strconv.FormatBool(meets)
}

// curve prints one row per rate: every platform's monthly cost and SLO
// verdict, the cheapest (marked when it misses the SLO), the cheapest of
// those that meet it, every platform's SLO tail and refused share.
func (b *breakevenText) curve(curve []breakeven.CurvePoint) {
	header := []string{"req/s"}
	for _, m := range curve[0].Models {
		header = append(header, m.Model+" $/month", b.reg.Look(m.Model).Abbrev+" SLO")
	}
	header = append(header, "cheaper", "cheaper meeting SLO")
	per := perServicePoints(curvePoints(curve))
	for _, m := range curve[0].Models {
		if per {
			header = append(header, m.Model+" "+b.slo.Percentile()+" pooled")
			continue
		}
		header = append(header, m.Model+" "+b.slo.Percentile())
	}
	for _, m := range curve[0].Models {
		header = append(header, b.reg.Look(m.Model).Abbrev+" refused")
	}
	rows := [][]string{header}
	var unjudged []string
	for _, c := range curve {
		row := []string{fmt.Sprintf("%.4g", c.RatePerSecond)}
		for _, m := range c.Models {
			row = append(row, format.USD(m.MonthlyUSD), sloMarkOf(m))
		}
		cheapest := c.Cheapest()
		if m := c.Model(cheapest); m != nil && !m.MeetsSLO && !m.NotJudged {
			cheapest += " (misses SLO)"
		}
		compliant := c.CheapestMeeting()
		switch {
		case c.NotJudged():
			compliant = "not judged"
			unjudged = append(unjudged, fmt.Sprintf("%.4g", c.RatePerSecond))
		case compliant == "":
			compliant = "none meets it"
		}
		row = append(row, cheapest, compliant)
		// nothing arrived: no latency and no share to show, not zeros; and
		// nothing completed: no latency either (left noticed it)
		for _, m := range c.Models {
			row = append(row, dashIf(m.NotJudged || m.Completed == 0, format.Millis(m.TailMs)))
		}
		for _, m := range c.Models {
			row = append(row, dashIf(m.NotJudged, format.Percent(m.Refused)))
		}
		rows = append(rows, row)
	}
	writeRows(b.w, rows)
	switch {
	case per:
		fmt.Fprintln(b.w, perServiceLegend(b.slo.String(), "at that rate", "pooled "+b.slo.Percentile()))
		if len(unjudged) > 0 {
			fmt.Fprintf(b.w, "– not judged: no request arrived at %s req/s, so the SLO is neither met nor missed there\n", format.And(unjudged))
		}
		b.missedRates(curve)
	case len(unjudged) == 0:
		fmt.Fprintf(b.w, "SLO ✓ meets %s at that rate, ✗ misses it\n", b.slo)
	default:
		fmt.Fprintf(b.w, "SLO ✓ meets %s at that rate, ✗ misses it, – not judged: no request arrived at %s req/s, so the SLO is neither met nor missed there\n",
			b.slo, format.And(unjudged))
	}
	if few := b.fewSentence(curve); few != "" {
		fmt.Fprintln(b.w, few)
	}
}

// fewSentence says at which rates a platform's SLO percentile rests on
// too few requests to mean much ("" for none): in the text and the chart.
func (b *breakevenText) fewSentence(curve []breakeven.CurvePoint) string {
	return report.FewRequestsSentence(b.slo.Percentile(), b.slo.Quantile, fewRates(curve, b.slo, b.noun))
}

// pairCrossings are the crossings of the pair a, b (in the plan's order).
func pairCrossings(cs []breakeven.Crossing, a, b string) []breakeven.Crossing {
	var out []breakeven.Crossing
	for _, c := range cs {
		if c.A == a && c.B == b {
			out = append(out, c)
		}
	}
	return out
}

// pairStretch is a stretch of the curve for one pair of platforms.
type pairStretch struct {
	breakeven.Stretch
	A, B string
}

// verdict prints, for every pair of platforms, its crossings (break-even
// only where both meet the SLO) and who is cheaper where, each sentence
// saying whether the cheaper one meets the SLO; it returns the stretches.
func (b *breakevenText) verdict(plan *scenario.Plan, curve []breakeven.CurvePoint, cs []breakeven.Crossing, o breakevenOptions) []pairStretch {
	names := plan.Names()
	var out []pairStretch
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			na, nb := names[i], names[j]
			if len(names) > 2 {
				fmt.Fprintf(b.w, "%s and %s:\n", b.noun(na), b.noun(nb))
			}
			var pair []breakeven.Crossing
			for _, c := range cs {
				if c.A == na && c.B == nb {
					fmt.Fprintln(b.w, c.Sentence(b.noun))
					pair = append(pair, c)
				}
			}
			if s := noBreakEven(pair, o.from, o.to); s != "" {
				fmt.Fprintln(b.w, s)
			}
			ss := breakeven.Reach(breakeven.Stretches(curve, na, nb), pair)
			for k, s := range ss {
				if k > 0 {
					// a gap between simulated rates is said too (audit 11)
					if g := between(ss[k-1], s, b.noun, pair); g != "" {
						fmt.Fprintln(b.w, g)
					}
				}
				fmt.Fprintln(b.w, s.Sentence(b.slo, b.noun, len(names) > 2))
				out = append(out, pairStretch{s, na, nb})
			}
		}
	}
	return out
}

// noBreakEven is the sentence for a pair of platforms without a
// break-even among its crossings cs, or "" when it has one or its
// sentences already say there is none (jumps, each saying so). It names
// the SLO only where the SLO ruled a crossing out, and says so of rates
// where no request arrived: a pair whose costs never cross has no
// break-even, SLO or not.
func noBreakEven(cs []breakeven.Crossing, from, to float64) string {
	missed, unjudged, jumps := false, false, 0
	for _, c := range cs {
		switch {
		case c.BreakEven():
			return ""
		case c.Jump != nil:
			jumps++
		default:
			missed = missed || len(c.Misses) > 0
			unjudged = unjudged || len(c.NotJudged) > 0
		}
	}
	where := fmt.Sprintf("no break-even between %g and %g req/s", from, to)
	switch {
	case missed && unjudged:
		return where + " among rates where both meet the SLO (at some no request arrived: not judged)"
	case missed:
		return where + " among rates where both meet the SLO"
	case unjudged:
		return where + " among rates where the SLO is judged (no request arrived at some)"
	case jumps > 0:
		return ""
	}
	return where + ": the two costs never cross"
}

func curveCSV(curve []breakeven.CurvePoint) []byte {
	header := []string{"rate_per_second"}
	for _, m := range curve[0].Models {
		header = append(header, m.Model+".monthly_usd", m.Model+".per_million_usd", m.Model+".latency_p99_ms", m.Model+".refused_fraction",
			m.Model+".tail_ms", m.Model+".meets_slo")
	}
	header = append(header, "cheapest", "cheapest_meeting_slo")
	// the completed requests behind each percentile (under
	// report.FewP99Requests a p99 is the slowest of them), last so that
	// the columns before keep their places
	for _, m := range curve[0].Models {
		header = append(header, m.Model+".completed")
	}
	// the control plane in each monthly cost, and the scenario's caps the
	// run reached (benotes.go), after them for the same reason
	for _, m := range curve[0].Models {
		header = append(header, m.Model+".control_plane_monthly_usd", m.Model+".caps_reached")
	}
	// judged service by service, the services that missed their own SLO
	// (perservice.go), last again
	per := perServicePoints(curvePoints(curve))
	if per {
		for _, m := range curve[0].Models {
			header = append(header, m.Model+".missed_services")
		}
	}
	rows := [][]string{header}
	for _, c := range curve {
		row := []string{report.Num(c.RatePerSecond)}
		for _, m := range c.Models {
			// with no arrivals there is no cost per request: empty, not 0
			pm := report.Num(m.PerMillionUSD)
			if m.Arrivals == 0 {
				pm = ""
			}
			// with no completed request there is no latency: empty, not 0
			// (as tune.csv)
			p99, tail := report.Num(m.P99Ms), report.Num(m.TailMs)
			if m.Completed == 0 {
				p99, tail = "", ""
			}
			row = append(row, report.Num(m.MonthlyUSD), pm, p99, report.Num(m.Refused),
				tail, sloBool(m.MeetsSLO, m.NotJudged))
		}
		row = append(row, c.Cheapest(), c.CheapestMeeting())
		for _, m := range c.Models {
			row = append(row, strconv.FormatInt(m.Completed, 10))
		}
		for _, m := range c.Models {
			row = append(row, report.Num(m.ControlPlaneUSD), capsCell(m))
		}
		if per {
			for _, m := range c.Models {
				row = append(row, missedCell(m))
			}
		}
		rows = append(rows, row)
	}
	return report.CSVBytes(rows)
}

// crossingsCSV is one row per crossing. monthly_usd is empty for a jump
// (the costs are never equal): its jump_ columns say which platform's cost
// stepped from what to what, and which services the blend moved.
// compliant is the SLO's verdict around the crossing (both meet it, and
// were judged), break_even whether it is one (compliant, and no jump);
// not_judged_slo names the platforms not judged at some of its rates (no
// request arrived), which neither meet nor miss the SLO.
func crossingsCSV(cs []breakeven.Crossing) []byte {
	rows := [][]string{{"rate_per_second", "monthly_usd", "cheaper_above", "bracket_lo", "bracket_hi", "cheaper_below", "compliant", "misses_slo",
		"platform_a", "platform_b", "a_monthly_usd_at_lo", "b_monthly_usd_at_lo", "a_monthly_usd_at_hi", "b_monthly_usd_at_hi",
		"jump", "jump_from_usd", "jump_to_usd", "jump_moved", "break_even", "not_judged_slo"}}
	for _, c := range cs {
		monthly := report.Num(c.MonthlyUSD)
		jump := []string{"", "", "", ""}
		if j := c.Jump; j != nil {
			monthly = ""
			var moved []string
			for _, m := range j.Moved {
				moved = append(moved, m.Service+":"+m.From+">"+m.To)
			}
			jump = []string{j.Model, report.Num(j.FromUSD), report.Num(j.ToUSD), strings.Join(moved, " ")}
		}
		at := func(p breakeven.CurvePoint, n string) string {
			if m := p.Model(n); m != nil {
				return report.Num(m.MonthlyUSD)
			}
			return ""
		}
		rows = append(rows, append([]string{report.Num(c.RatePerSecond), monthly, c.CheaperAbove, report.Num(c.Lo), report.Num(c.Hi), c.CheaperBelow,
			strconv.FormatBool(c.Compliant), strings.Join(c.Misses, " "), c.A, c.B,
			at(c.Below, c.A), at(c.Below, c.B), at(c.Above, c.A), at(c.Above, c.B)},
			append(jump, strconv.FormatBool(c.BreakEven()), strings.Join(c.NotJudged, " "))...))
	}
	return report.CSVBytes(rows)
}

// rangesCSV is one row per stretch of every pair: who is cheaper from
// which rate to which, whether each meets the SLO (empty where no request
// arrived: not judged), and the sentence.
func rangesCSV(rs []pairStretch, slo platform.SLO, noun breakeven.Noun) []byte {
	rows := [][]string{{"platform_a", "platform_b", "from_rate_per_second", "to_rate_per_second", "cheaper", "other", "tie",
		"cheaper_meets_slo", "other_meets_slo", "only_by_missing_slo",
		"cheaper_refused_min", "cheaper_refused_max", "cheaper_tail_max_ms", "other_refused_max", "other_tail_max_ms", "sentence"}}
	for _, r := range rs {
		rows = append(rows, []string{r.A, r.B, report.Num(r.From), report.Num(r.To), r.Cheaper, r.Other, strconv.FormatBool(r.Tie),
			sloBool(r.CheaperMeets, r.NotJudged), sloBool(r.OtherMeets, r.NotJudged), strconv.FormatBool(r.OnlyByMissing()),
			report.Num(r.CheaperRange.RefusedMin), report.Num(r.CheaperRange.RefusedMax), report.Num(r.CheaperRange.TailMaxMs),
			report.Num(r.OtherRange.RefusedMax), report.Num(r.OtherRange.TailMaxMs), r.Sentence(slo, noun, false)})
	}
	return report.CSVBytes(rows)
}

func writeRows(w io.Writer, rows [][]string) {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], len([]rune(c)))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			b.WriteString("  " + strings.Repeat(" ", widths[i]-len([]rune(c))) + c)
		}
		fmt.Fprintln(w, b.String())
	}
}

// writeFiles writes name → data into dir, in name order, each atomically,
// and removes the files of owned an earlier run wrote that this one did
// not; it returns the paths.
func writeFiles(dir string, owned []string, files map[string][]byte) ([]string, error) {
	var names []string
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	var out []outdir.File
	for _, name := range names {
		out = append(out, outdir.File{Name: name, Data: files[name]})
	}
	paths, err := outdir.Replace(dir, owned, out)
	if err != nil {
		return nil, scenario.InputError(fmt.Errorf("--out %s: %w", dir, err))
	}
	return paths, nil
}

// hatchRange widens a stretch of curve points halfway (in log rate) to
// the points either side, so that a stretch of one point has a width.
func hatchRange(curve []breakeven.CurvePoint, from, to float64) [2]float64 {
	lo, hi := from, to
	for i, c := range curve {
		if c.RatePerSecond == from && i > 0 {
			lo = math.Sqrt(from * curve[i-1].RatePerSecond)
		}
		if c.RatePerSecond == to && i+1 < len(curve) {
			hi = math.Sqrt(to * curve[i+1].RatePerSecond)
		}
	}
	return [2]float64{lo, hi}
}

// chartCurves are the chart's lines: each platform's coarse curve with the
// runs at the ends of every crossing's final bracket inserted.
func chartCurves(reg platform.Registry, curve []breakeven.CurvePoint, crossings []breakeven.Crossing) []plots.CostCurve {
	var curves []plots.CostCurve
	for j, m := range curve[0].Models {
		c := plots.CostCurve{Model: reg.Look(m.Model).Chart(m.Model)}
		for _, p := range curve {
			c.RatePerSecond = append(c.RatePerSecond, p.RatePerSecond)
			c.MonthlyUSD = append(c.MonthlyUSD, p.Models[j].MonthlyUSD)
			c.PerMillionUSD = append(c.PerMillionUSD, perMillion(p.Models[j]))
			c.MeetsSLO = append(c.MeetsSLO, p.Models[j].MeetsSLO)
			c.NotJudged = append(c.NotJudged, p.Models[j].NotJudged)
		}
		// the runs at the ends of each crossing's final bracket are points
		// of every platform's curve (each run simulated them all), so the
		// chart shows the crossing the text reports, and a jump as a step,
		// not a straight line through a cost no run had; drawn on the
		// pair's curves alone, a third platform's line would cut between
		// its coarse points where another's turns on a refined one (a
		// review saw the hybrid dip below Lambda and cross it twice)
		for _, x := range crossings {
			for _, p := range []breakeven.CurvePoint{x.Below, x.Above} {
				if mp := p.Model(m.Model); mp != nil {
					c = insertPoint(c, p.RatePerSecond, *mp)
				}
			}
		}
		curves = append(curves, c)
	}
	return curves
}

// insertPoint adds a simulated point (a platform m at rate) to a
// curve in rate order, with its SLO verdict; a rate the curve already has
// is not added twice.
// perMillion is a point's cost per million requests, NaN (not drawn)
// where none arrived: a bill over no requests has no cost per request,
// and the cost model's 0 there drew the line down to $0.
func perMillion(m breakeven.ModelPoint) float64 {
	if m.Arrivals == 0 {
		return math.NaN()
	}
	return m.PerMillionUSD
}

func insertPoint(c plots.CostCurve, rate float64, m breakeven.ModelPoint) plots.CostCurve {
	i := 0
	for i < len(c.RatePerSecond) && c.RatePerSecond[i] < rate {
		i++
	}
	if i < len(c.RatePerSecond) && c.RatePerSecond[i] == rate {
		return c
	}
	c.RatePerSecond = slices.Insert(c.RatePerSecond, i, rate)
	c.MonthlyUSD = slices.Insert(c.MonthlyUSD, i, m.MonthlyUSD)
	c.PerMillionUSD = slices.Insert(c.PerMillionUSD, i, perMillion(m))
	c.MeetsSLO = slices.Insert(c.MeetsSLO, i, m.MeetsSLO)
	c.NotJudged = slices.Insert(c.NotJudged, i, m.NotJudged)
	return c
}

// monthPhrase is what a month at one of the chart's rates is, for its
// footnote: "" (a constant rate, the chart's default) when every
// service's rate is the same at the start of every window of the run,
// otherwise the run's shape repeated, scaled to the rate (AtRate keeps
// the shape: a daily profile stays one).
func monthPhrase(plan *scenario.Plan) string {
	if plan.Window <= 0 {
		return ""
	}
	for _, s := range plan.Workload.Services {
		r0 := s.Arrivals.Rate(0)
		for t := plan.Window; t < plan.Duration; t += plan.Window {
			if s.Arrivals.Rate(t) != r0 {
				return fmt.Sprintf("%d h of the run's %v traffic shape, repeated and scaled to the average rate on the x-axis", plots.HoursPerMonth, plan.Duration)
			}
		}
	}
	return ""
}

// breakevenMonthBasis says on stdout what the chart's footnote and
// breakeven.json say of a month at each rate (audit 7: stdout did not).
func breakevenMonthBasis(plan *scenario.Plan) string {
	factor := format.Sig(float64(plots.HoursPerMonth)*3600/plan.Duration.Seconds(), 4)
	if m := monthPhrase(plan); m != "" {
		return fmt.Sprintf("Monthly figures at each rate: %s (× %s).", m, factor)
	}
	return fmt.Sprintf("Monthly figures at each rate: that rate held for %d h, the run's %v × %s.", plots.HoursPerMonth, plan.Duration, factor)
}

// toleranceUnused says when --tolerance has no effect: a crossing's
// bracket starts as two adjacent rates of the grid and is refined only
// while it is wider than the tolerance (hi/lo − 1), so a tolerance at
// least the grid's spacing leaves every crossing where the grid put it.
func toleranceUnused(rates []float64, tol float64) string {
	widest := 0.0
	for i := 1; i < len(rates); i++ {
		widest = max(widest, rates[i]/rates[i-1]-1)
	}
	if len(rates) < 2 || widest > tol {
		return ""
	}
	return fmt.Sprintf("--tolerance %g has no effect: the %d rates are at most %.3g apart (relative), so no crossing between two of them is refined; give a smaller --tolerance or fewer --points",
		tol, len(rates), widest)
}
