package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/execsim/execsim/internal/report"
	"github.com/execsim/execsim/plots"
	"github.com/execsim/execsim/scenarios"
	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"
)

type breakevenOptions struct {
	ref       string
	overrides []scenarios.Override
	from, to  float64
	points    int
	workers   int
	out       string
	memories  []int
	rate      float64
	tol       float64
	progress  bool
}

func breakevenCommand() *cli.Command {
	return &cli.Command{
		Name:      "breakeven",
		Usage:     "find the request rate where Kubernetes and Lambda cost the same per month",
		ArgsUsage: "FILE|builtin:NAME",
		Flags: []cli.Flag{
			&cli.Float64Flag{Name: "from", Value: 0.1, Usage: "lowest average rate, req/s"},
			&cli.Float64Flag{Name: "to", Value: 1000, Usage: "highest average rate, req/s"},
			&cli.IntFlag{Name: "points", Value: 30, Usage: "log-spaced rates between --from and --to"},
			&cli.Float64Flag{Name: "tolerance", Value: 0.005, Usage: "refine each crossing until its bracket is this narrow (relative)"},
			&cli.StringFlag{Name: "lambda-memory", Usage: "also compare Lambda memory sizes at one rate, e.g. `128,256,512,1024`"},
			&cli.Float64Flag{Name: "rate", Usage: "the rate for --lambda-memory, req/s (default: the scenario's own mean)"},
			&cli.IntFlag{Name: "workers", Value: runtime.NumCPU(), Usage: "runs at once (results are identical for any value)"},
			&cli.StringFlag{Name: "out", Usage: "write breakeven.csv and crossings.csv (and memory.csv) into `DIR` (default out/<scenario>-breakeven)"},
			setFlag(),
			&cli.BoolFlag{Name: "no-progress", Usage: "never show the progress bar"},
		},
		Action: func(c *cli.Context) error {
			ref, err := oneArg(c)
			if err != nil {
				return err
			}
			o := breakevenOptions{ref: ref, from: c.Float64("from"), to: c.Float64("to"), points: c.Int("points"),
				workers: c.Int("workers"), out: c.String("out"), rate: c.Float64("rate"), tol: c.Float64("tolerance")}
			switch {
			case !(o.from > 0) || !(o.to > o.from):
				return usagef("--from %g --to %g: want 0 < from < to", o.from, o.to)
			case o.points < 2 || o.points > 1000:
				return usagef("--points %d: want 2 to 1000", o.points)
			case o.workers < 1:
				return usagef("--workers %d: must be at least 1", o.workers)
			case !(o.tol > 0):
				return usagef("--tolerance %g: must be positive", o.tol)
			case c.IsSet("rate") && !(o.rate > 0):
				return usagef("--rate %g: must be positive", o.rate)
			}
			if s := c.String("lambda-memory"); s != "" {
				for _, f := range strings.Split(s, ",") {
					m, err := strconv.Atoi(strings.TrimSpace(f))
					if err != nil {
						return usagef("--lambda-memory %q: want memory sizes in MB separated by commas, e.g. 128,512,1024", s)
					}
					o.memories = append(o.memories, m)
				}
			}
			if o.overrides, err = parseOverrides(c.StringSlice("set")); err != nil {
				return err
			}
			o.progress = isTerminal(c.App.ErrWriter) && !c.Bool("no-progress")
			return breakeven(c.App.Writer, c.App.ErrWriter, o)
		},
	}
}

func breakeven(w, errOut io.Writer, o breakevenOptions) error {
	plan, err := scenarios.Load(o.ref, o.overrides)
	if err != nil {
		return err
	}
	if plan.Kubernetes == nil || plan.Lambda == nil {
		return scenarios.InputError(fmt.Errorf("scenario %s: break-even needs both a kubernetes: and a lambda: section", o.ref))
	}
	for _, m := range o.memories { // fail on a bad size before the long curve runs
		if _, err := plan.WithLambdaMemory(m); err != nil {
			return err
		}
	}
	if o.out == "" {
		o.out = filepath.Join("out", plan.Name+"-breakeven")
	}
	rates := scenarios.LogSpace(o.from, o.to, o.points)
	plans := make([]*scenarios.Plan, len(rates))
	for i, r := range rates {
		if plans[i], err = plan.AtRate(r); err != nil {
			return err
		}
	}
	var progress func(int)
	if o.progress {
		bar := progressbar.NewOptions(len(rates), progressbar.OptionSetWriter(errOut),
			progressbar.OptionSetDescription(plan.Name+" break-even"), progressbar.OptionShowCount(),
			progressbar.OptionClearOnFinish(), progressbar.OptionSetPredictTime(true))
		progress = func(n int) { _ = bar.Set(n) }
		defer func() { _ = bar.Finish() }()
	}
	curve, err := scenarios.Evaluate(plans, rates, o.workers, progress)
	if err != nil {
		return err
	}
	crossings, err := scenarios.Crossings(plan, curve, o.tol, 30, o.workers)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "scenario %s · seed %d · %v simulated per point · its own mean rate %.4g req/s\n", plan.Name, plan.Seed, plan.Duration, plan.MeanRate())
	fmt.Fprintf(w, "reproduce: %s\n\n", breakevenCommandLine(o))
	printCurve(w, curve)
	fmt.Fprintln(w)
	printCrossings(w, curve, crossings, o)

	files := map[string][]byte{"breakeven.csv": curveCSV(curve), "crossings.csv": crossingsCSV(crossings)}
	if len(o.memories) > 0 {
		rate := o.rate
		if rate == 0 {
			rate = plan.MeanRate()
		}
		mem, err := memoryTable(plan, rate, o.memories, o.workers)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\nLambda memory at %.4g req/s (the Power Tuning question)\n", rate)
		printMemory(w, mem)
		files["memory.csv"] = memoryCSV(mem)
	}
	names, err := writeFiles(o.out, files)
	if err != nil {
		return err
	}
	var curves []plots.CostCurve
	for j, m := range curve[0].Models {
		c := plots.CostCurve{Model: plots.Model(m.Model)}
		for _, p := range curve {
			c.RatePerSecond = append(c.RatePerSecond, p.RatePerSecond)
			c.MonthlyUSD = append(c.MonthlyUSD, p.Models[j].MonthlyUSD)
			c.PerMillionUSD = append(c.PerMillionUSD, p.Models[j].PerMillionUSD)
		}
		// the refined crossings are points of both curves, so the chart marks
		// the same break-even the text reports, not a coarse interpolation
		for _, x := range crossings {
			c = insertPoint(c, x.RatePerSecond, x.MonthlyUSD)
		}
		curves = append(curves, c)
	}
	if _, err := report.SaveChart(o.out, "breakeven", plots.BreakEven(plots.Header{Scenario: plan.Name, Seed: plan.Seed}, curves)); err != nil {
		return scenarios.InputError(fmt.Errorf("--out %s: %w", o.out, err))
	}
	names = append(names, filepath.Join(o.out, "breakeven.{png,svg}"))
	fmt.Fprintf(w, "\nwrote %s\n", strings.Join(names, ", "))
	return nil
}

func breakevenCommandLine(o breakevenOptions) string {
	var b strings.Builder
	fmt.Fprintf(&b, "execsim breakeven %s --from %g --to %g --points %d", shellQuote(o.ref), o.from, o.to, o.points)
	if len(o.memories) > 0 {
		var ms []string
		for _, m := range o.memories {
			ms = append(ms, strconv.Itoa(m))
		}
		fmt.Fprintf(&b, " --lambda-memory %s", strings.Join(ms, ","))
		if o.rate > 0 {
			fmt.Fprintf(&b, " --rate %g", o.rate)
		}
	}
	for _, s := range o.overrides {
		fmt.Fprintf(&b, " --set %s", shellQuote(s.Path+"="+s.Value))
	}
	return b.String()
}

func printCurve(w io.Writer, curve []scenarios.CurvePoint) {
	rows := [][]string{{"req/s", "kubernetes $/month", "lambda $/month", "cheaper", "kubernetes p99", "lambda p99", "k8s refused", "λ refused"}}
	for _, c := range curve {
		k, l := c.Models[0], c.Models[1]
		cheaper := "kubernetes"
		if l.MonthlyUSD < k.MonthlyUSD {
			cheaper = "lambda"
		}
		rows = append(rows, []string{fmt.Sprintf("%.4g", c.RatePerSecond), money(k.MonthlyUSD), money(l.MonthlyUSD), cheaper,
			ms(k.P99Ms), ms(l.P99Ms), pct(k.Refused), pct(l.Refused)})
	}
	writeRows(w, rows)
}

func printCrossings(w io.Writer, curve []scenarios.CurvePoint, cs []scenarios.Crossing, o breakevenOptions) {
	if len(cs) == 0 {
		first := curve[0]
		cheaper := "Kubernetes"
		if first.Models[1].MonthlyUSD < first.Models[0].MonthlyUSD {
			cheaper = "Lambda"
		}
		fmt.Fprintf(w, "no break-even between %g and %g req/s: %s is cheaper over the whole range\n", o.from, o.to, cheaper)
		return
	}
	for _, c := range cs {
		below := "Kubernetes"
		if c.CheaperAbove == scenarios.ModelKubernetes {
			below = "Lambda"
		}
		above := map[string]string{scenarios.ModelKubernetes: "Kubernetes", scenarios.ModelLambda: "Lambda"}[c.CheaperAbove]
		fmt.Fprintf(w, "break-even ≈ %.4g req/s (%.3g million requests/month): %s is cheaper below, %s above; about %s/month each\n",
			c.RatePerSecond, c.RatePerSecond*730*3600/1e6, below, above, money(c.MonthlyUSD))
	}
}

type memoryRow struct {
	MemoryMB int
	scenarios.ModelPoint
}

func memoryTable(plan *scenarios.Plan, rate float64, memories []int, workers int) ([]memoryRow, error) {
	at, err := plan.AtRate(rate)
	if err != nil {
		return nil, err
	}
	var plans []*scenarios.Plan
	var rates []float64
	for _, m := range memories {
		q, err := at.WithLambdaMemory(m)
		if err != nil {
			return nil, err
		}
		q.Kubernetes = nil // only Lambda varies
		plans, rates = append(plans, q), append(rates, rate)
	}
	pts, err := scenarios.Evaluate(plans, rates, workers, nil)
	if err != nil {
		return nil, err
	}
	out := make([]memoryRow, len(pts))
	for i, p := range pts {
		out[i] = memoryRow{MemoryMB: memories[i], ModelPoint: p.Models[0]}
	}
	return out, nil
}

func printMemory(w io.Writer, rows []memoryRow) {
	t := [][]string{{"memory MB", "$/month", "$ per million", "mean latency", "p99", "refused"}}
	for _, r := range rows {
		t = append(t, []string{strconv.Itoa(r.MemoryMB), money(r.MonthlyUSD), money(r.PerMillionUSD), ms(r.MeanMs), ms(r.P99Ms), pct(r.Refused)})
	}
	writeRows(w, t)
}

func curveCSV(curve []scenarios.CurvePoint) []byte {
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

func crossingsCSV(cs []scenarios.Crossing) []byte {
	rows := [][]string{{"rate_per_second", "monthly_usd", "cheaper_above", "bracket_lo", "bracket_hi"}}
	for _, c := range cs {
		rows = append(rows, []string{report.Num(c.RatePerSecond), report.Num(c.MonthlyUSD), c.CheaperAbove, report.Num(c.Lo), report.Num(c.Hi)})
	}
	return report.CSVBytes(rows)
}

func memoryCSV(rs []memoryRow) []byte {
	rows := [][]string{{"memory_mb", "monthly_usd", "per_million_usd", "latency_mean_ms", "latency_p99_ms", "refused_fraction"}}
	for _, r := range rs {
		rows = append(rows, []string{strconv.Itoa(r.MemoryMB), report.Num(r.MonthlyUSD), report.Num(r.PerMillionUSD), report.Num(r.MeanMs), report.Num(r.P99Ms), report.Num(r.Refused)})
	}
	return report.CSVBytes(rows)
}

func money(x float64) string {
	switch {
	case x >= 100:
		return fmt.Sprintf("$%.0f", x)
	case x >= 1:
		return fmt.Sprintf("$%.2f", x)
	}
	return fmt.Sprintf("$%.4f", x)
}

func ms(x float64) string {
	if x >= 1000 {
		return fmt.Sprintf("%.2f s", x/1000)
	}
	return fmt.Sprintf("%.0f ms", x)
}

func pct(x float64) string {
	if x == 0 {
		return "0"
	}
	return fmt.Sprintf("%.2f%%", 100*x)
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

// writeFiles writes name → data into dir, in name order, and returns the paths.
func writeFiles(dir string, files map[string][]byte) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, scenarios.InputError(fmt.Errorf("--out %s: %w", dir, err))
	}
	var names []string
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	var paths []string
	for _, name := range names {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return nil, scenarios.InputError(fmt.Errorf("--out %s: %w", dir, err))
		}
		paths = append(paths, p)
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
