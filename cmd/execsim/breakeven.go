package main

import (
	"context"
	"fmt"
	"io"
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
	tunings     []tuningValues // one per tuning flag given, in the registry's order
	rate        float64
	tol         float64
	progress    progressMode
}

// tuningValues are the values given to one platform's tuning flag.
type tuningValues struct {
	platform string
	tuning   platform.Tuning
	values   []int
}

func breakevenCommand(reg platform.Registry) *cli.Command {
	flags := []cli.Flag{
		&cli.Float64Flag{Name: "from", Value: 0.1, Usage: "lowest average rate, req/s"},
		&cli.Float64Flag{Name: "to", Value: 1000, Usage: "highest average rate, req/s"},
		&cli.IntFlag{Name: "points", Value: 30, Usage: "log-spaced rates between --from and --to"},
		&cli.Float64Flag{Name: "tolerance", Value: 0.005, Usage: "refine each crossing until its bracket is this narrow (relative)"},
	}
	var tunable, tables []string
	for _, p := range reg {
		if t, ok := p.(platform.Tunable); ok {
			flags = append(flags, &cli.StringFlag{Name: t.Tuning().Flag, Usage: t.Tuning().Usage})
			tunable = append(tunable, "--"+t.Tuning().Flag)
			tables = append(tables, t.Tuning().Setting+".csv")
		}
	}
	rateUsage := "the rate for " + strings.Join(tunable, " and ") + ", req/s (default: the scenario's own mean)"
	flags = append(flags,
		&cli.Float64Flag{Name: "rate", Usage: rateUsage},
		workersFlag(),
		&cli.StringFlag{Name: "out", Usage: "write breakeven.csv and crossings.csv (and " + strings.Join(tables, ", ") + ") into `DIR` (default out/<scenario>-breakeven)"},
		maxRequestsFlag(),
		noProgressFlag(),
	)
	var nouns []string
	for _, p := range reg {
		nouns = append(nouns, p.Look().Noun)
	}
	return scenarioCommand("breakeven", "find the request rate where "+format.And(nouns)+" cost the same per month", flags,
		func(c *cli.Context, ref string, overrides []scenario.Override) error {
			o := breakevenOptions{ref: ref, overrides: overrides, from: c.Float64("from"), to: c.Float64("to"), points: c.Int("points"),
				out: c.String("out"), rate: c.Float64("rate"), tol: c.Float64("tolerance"), progress: progressFor(c), maxArrivals: c.Float64("max-requests")}
			var err error
			if o.workers, err = workersOf(c); err != nil {
				return err
			}
			switch {
			case !(o.from >= breakeven.MinRate) || !(o.to > o.from) || !(o.to <= breakeven.MaxRate):
				return usagef("--from %g --to %g: want %g ≤ from < to ≤ %g req/s", o.from, o.to, breakeven.MinRate, breakeven.MaxRate)
			case o.points < 2 || o.points > 1000:
				return usagef("--points %d: want 2 to 1000", o.points)
			case !(o.tol > 0):
				return usagef("--tolerance %g: must be positive", o.tol)
			case c.IsSet("rate") && !(o.rate >= breakeven.MinRate && o.rate <= breakeven.MaxRate):
				return usagef("--rate %g: want %g to %g req/s", o.rate, breakeven.MinRate, breakeven.MaxRate)
			}
			for _, p := range reg {
				t, ok := p.(platform.Tunable)
				if !ok {
					continue
				}
				tn := t.Tuning()
				s := c.String(tn.Flag)
				if s == "" {
					continue
				}
				tv := tuningValues{platform: p.Name(), tuning: tn}
				for _, f := range strings.Split(s, ",") {
					v, err := strconv.Atoi(strings.TrimSpace(f))
					if err != nil {
						return usagef("--%s %q: want %s values in %s separated by commas, e.g. 128,512,1024", tn.Flag, s, tn.Setting, tn.Unit)
					}
					tv.values = append(tv.values, v)
				}
				o.tunings = append(o.tunings, tv)
			}
			return runBreakeven(c.Context, c.App.Writer, c.App.ErrWriter, reg, o)
		})
}

func runBreakeven(ctx context.Context, w, errOut io.Writer, reg platform.Registry, o breakevenOptions) error {
	plan, err := loadPlan(reg, o.ref, o.overrides, o.maxArrivals)
	if err != nil {
		return err
	}
	if len(plan.Platforms) < 2 {
		return scenario.InputError(fmt.Errorf("scenario %s: break-even needs at least two platform sections (of %s); it has %d",
			o.ref, reg.List("and"), len(plan.Platforms)))
	}
	for _, t := range o.tunings { // fail on a bad value before the long curve runs
		for _, v := range t.values {
			if _, err := breakeven.Tuned(plan, t.platform, v); err != nil {
				return err
			}
		}
	}
	if o.out == "" {
		o.out = filepath.Join("out", safeName(plan.Name)+"-breakeven")
	}
	if err := outdir.Prepare(o.out); err != nil { // before the work, not after
		return scenario.InputError(fmt.Errorf("--out %s: %w", o.out, err))
	}
	rates := breakeven.LogSpace(o.from, o.to, o.points)
	plans := make([]*scenario.Plan, len(rates))
	for i, r := range rates {
		if plans[i], err = breakeven.AtRate(plan, r); err != nil {
			return err
		}
	}
	bar := o.progress.begin(errOut, plan.Name+" break-even")
	curve, err := breakeven.Evaluate(ctx, plans, rates, o.workers, bar.work)
	bar.end()
	interrupted, err := interruption(err)
	if err != nil {
		return err
	}
	if len(curve) == 0 {
		return interrupted
	}
	var crossings []breakeven.Crossing
	if interrupted == nil {
		if crossings, err = breakeven.Crossings(ctx, plan, curve, o.tol, 30, o.workers); err != nil {
			return err
		}
	}
	b := &breakevenText{w: w, reg: reg}
	fmt.Fprintf(w, "scenario %s · seed %d · %v simulated per point · its own mean rate %.4g req/s\n", plan.Name, plan.Seed, plan.Duration, breakeven.MeanRate(plan))
	fmt.Fprintf(w, "reproduce: %s\n", breakevenCommandLine(o))
	writeWarnings(w, plan)
	fmt.Fprintln(w)
	b.curve(curve)
	fmt.Fprintln(w)
	if interrupted != nil {
		// the crossings of a partial curve would mislead: say what ran
		fmt.Fprintf(w, "interrupted: %d of %d rates finished; no crossings are reported\n", len(curve), len(rates))
	} else {
		b.crossings(curve, crossings, o)
	}

	files := map[string][]byte{"breakeven.csv": curveCSV(curve), "crossings.csv": crossingsCSV(crossings)}
	for _, t := range o.tunings {
		if interrupted != nil {
			break
		}
		rate := o.rate
		if rate == 0 {
			rate = breakeven.MeanRate(plan)
		}
		rows, err := tuningTable(plan, t, rate, o.workers)
		if err != nil {
			return err
		}
		noun := b.reg.Look(t.platform).Noun
		fmt.Fprintf(w, "\n%s %s at %.4g req/s (%s)\n", noun, t.tuning.Setting, rate, t.tuning.Note)
		printTuning(w, t.tuning, rows)
		files[t.tuning.Setting+".csv"] = tuningCSV(t.tuning, rows)
	}
	owned := []string{"breakeven.csv", "crossings.csv"}
	for _, p := range reg {
		if t, ok := p.(platform.Tunable); ok {
			owned = append(owned, t.Tuning().Setting+".csv")
		}
	}
	names, err := writeFiles(o.out, owned, files)
	if err != nil {
		return err
	}
	var curves []plots.CostCurve
	for j, m := range curve[0].Models {
		c := plots.CostCurve{Model: b.reg.Look(m.Model).Chart(m.Model)}
		for _, p := range curve {
			c.RatePerSecond = append(c.RatePerSecond, p.RatePerSecond)
			c.MonthlyUSD = append(c.MonthlyUSD, p.Models[j].MonthlyUSD)
			c.PerMillionUSD = append(c.PerMillionUSD, p.Models[j].PerMillionUSD)
		}
		// the refined crossings are points of both curves, so the chart marks
		// the same break-even the text reports, not a coarse interpolation
		for _, x := range crossings {
			if x.A == m.Model || x.B == m.Model {
				c = insertPoint(c, x.RatePerSecond, x.MonthlyUSD)
			}
		}
		curves = append(curves, c)
	}
	if _, err := report.SaveChart(o.out, "breakeven", plots.BreakEven(plots.Header{Scenario: plan.Name, Seed: plan.Seed}, curves)); err != nil {
		return scenario.InputError(fmt.Errorf("--out %s: %w", o.out, err))
	}
	names = append(names, filepath.Join(o.out, "breakeven.{png,svg}"))
	fmt.Fprintf(w, "\nwrote %s\n", strings.Join(names, ", "))
	return interrupted
}

func breakevenCommandLine(o breakevenOptions) string {
	var b strings.Builder
	fmt.Fprintf(&b, "execsim breakeven %s --from %g --to %g --points %d", shellQuote(o.ref), o.from, o.to, o.points)
	for _, t := range o.tunings {
		var vs []string
		for _, v := range t.values {
			vs = append(vs, strconv.Itoa(v))
		}
		fmt.Fprintf(&b, " --%s %s", t.tuning.Flag, strings.Join(vs, ","))
	}
	if len(o.tunings) > 0 && o.rate > 0 {
		fmt.Fprintf(&b, " --rate %g", o.rate)
	}
	for _, s := range o.overrides {
		fmt.Fprintf(&b, " --set %s", shellQuote(s.Path+"="+s.Value))
	}
	return b.String()
}

// breakevenText prints break-even's tables and sentences.
type breakevenText struct {
	w   io.Writer
	reg platform.Registry
}

// curve prints one row per rate: every platform's monthly cost, the
// cheapest, every platform's p99 and refused fraction.
func (b *breakevenText) curve(curve []breakeven.CurvePoint) {
	header := []string{"req/s"}
	for _, m := range curve[0].Models {
		header = append(header, m.Model+" $/month")
	}
	header = append(header, "cheaper")
	for _, m := range curve[0].Models {
		header = append(header, m.Model+" p99")
	}
	for _, m := range curve[0].Models {
		header = append(header, b.reg.Look(m.Model).Abbrev+" refused")
	}
	rows := [][]string{header}
	for _, c := range curve {
		row := []string{fmt.Sprintf("%.4g", c.RatePerSecond)}
		for _, m := range c.Models {
			row = append(row, format.USD(m.MonthlyUSD))
		}
		row = append(row, c.Cheapest())
		for _, m := range c.Models {
			row = append(row, format.Millis(m.P99Ms))
		}
		for _, m := range c.Models {
			row = append(row, format.Percent(m.Refused))
		}
		rows = append(rows, row)
	}
	writeRows(b.w, rows)
}

func (b *breakevenText) crossings(curve []breakeven.CurvePoint, cs []breakeven.Crossing, o breakevenOptions) {
	if len(cs) == 0 {
		fmt.Fprintf(b.w, "no break-even between %g and %g req/s: %s is cheaper over the whole range\n", o.from, o.to, b.reg.Look(curve[0].Cheapest()).Noun)
		return
	}
	for _, c := range cs {
		fmt.Fprintf(b.w, "break-even ≈ %.4g req/s (%.3g million requests/month): %s is cheaper below, %s above; about %s/month each\n",
			c.RatePerSecond, c.RatePerSecond*730*3600/1e6, b.reg.Look(c.CheaperBelow).Noun, b.reg.Look(c.CheaperAbove).Noun, format.USD(c.MonthlyUSD))
	}
}

type tuningRow struct {
	Value int
	breakeven.ModelPoint
}

// tuningTable runs the platform alone at rate with each value of its
// tuned setting.
func tuningTable(plan *scenario.Plan, t tuningValues, rate float64, workers int) ([]tuningRow, error) {
	at, err := breakeven.AtRate(plan, rate)
	if err != nil {
		return nil, err
	}
	var plans []*scenario.Plan
	var rates []float64
	for _, v := range t.values {
		q, err := breakeven.Tuned(at, t.platform, v)
		if err != nil {
			return nil, err
		}
		plans, rates = append(plans, q), append(rates, rate)
	}
	pts, err := breakeven.Evaluate(context.Background(), plans, rates, workers, nil)
	if err != nil {
		return nil, err
	}
	out := make([]tuningRow, len(pts))
	for i, p := range pts {
		out[i] = tuningRow{Value: t.values[i], ModelPoint: p.Models[0]}
	}
	return out, nil
}

func printTuning(w io.Writer, t platform.Tuning, rows []tuningRow) {
	tbl := [][]string{{t.Setting + " " + t.Unit, "$/month", "$ per million", "mean latency", "p99", "refused"}}
	for _, r := range rows {
		tbl = append(tbl, []string{strconv.Itoa(r.Value), format.USD(r.MonthlyUSD), format.USD(r.PerMillionUSD),
			format.Millis(r.MeanMs), format.Millis(r.P99Ms), format.Percent(r.Refused)})
	}
	writeRows(w, tbl)
}

func curveCSV(curve []breakeven.CurvePoint) []byte {
	header := []string{"rate_per_second"}
	for _, m := range curve[0].Models {
		header = append(header, m.Model+".monthly_usd", m.Model+".per_million_usd", m.Model+".latency_p99_ms", m.Model+".refused_fraction")
	}
	rows := [][]string{header}
	for _, c := range curve {
		row := []string{report.Num(c.RatePerSecond)}
		for _, m := range c.Models {
			row = append(row, report.Num(m.MonthlyUSD), report.Num(m.PerMillionUSD), report.Num(m.P99Ms), report.Num(m.Refused))
		}
		rows = append(rows, row)
	}
	return report.CSVBytes(rows)
}

func crossingsCSV(cs []breakeven.Crossing) []byte {
	rows := [][]string{{"rate_per_second", "monthly_usd", "cheaper_above", "bracket_lo", "bracket_hi", "cheaper_below"}}
	for _, c := range cs {
		rows = append(rows, []string{report.Num(c.RatePerSecond), report.Num(c.MonthlyUSD), c.CheaperAbove, report.Num(c.Lo), report.Num(c.Hi), c.CheaperBelow})
	}
	return report.CSVBytes(rows)
}

func tuningCSV(t platform.Tuning, rs []tuningRow) []byte {
	rows := [][]string{{strings.ToLower(t.Setting + "_" + t.Unit), "monthly_usd", "per_million_usd", "latency_mean_ms", "latency_p99_ms", "refused_fraction"}}
	for _, r := range rs {
		rows = append(rows, []string{strconv.Itoa(r.Value), report.Num(r.MonthlyUSD), report.Num(r.PerMillionUSD), report.Num(r.MeanMs), report.Num(r.P99Ms), report.Num(r.Refused)})
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
// and removes break-even files of an earlier run that this one did not
// write (a memory.csv from a run with --lambda-memory); it returns the
// paths.
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

// insertPoint adds (rate, monthly) to a curve in rate order.
func insertPoint(c plots.CostCurve, rate, monthly float64) plots.CostCurve {
	i := 0
	for i < len(c.RatePerSecond) && c.RatePerSecond[i] < rate {
		i++
	}
	perMillion := monthly / (rate * 3600 * plots.HoursPerMonth) * 1e6
	c.RatePerSecond = slices.Insert(c.RatePerSecond, i, rate)
	c.MonthlyUSD = slices.Insert(c.MonthlyUSD, i, monthly)
	c.PerMillionUSD = slices.Insert(c.PerMillionUSD, i, perMillion)
	return c
}
