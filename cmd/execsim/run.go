package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/internal/outdir"

	"github.com/execsim/execsim/internal/report"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/execsim/execsim/scenarios/summary"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"
)

type runOptions struct {
	maxArrivals float64
	ref         string
	seed        *uint64
	json        bool
	out         string
	overrides   []scenario.Override
	models      []string
	timing      bool
	progress    progressMode
}

func runCommand(reg platform.Registry) *cli.Command {
	return scenarioCommand("run", "run a scenario and print its summary",
		[]cli.Flag{
			seedFlag(),
			&cli.BoolFlag{Name: "json", Usage: "print the JSON summary (schema execsim/summary/v1) instead of the table"},
			outFlag("also write summary.json, series.csv, latency.csv, services.csv, placement.csv (with a placement: block), cost.csv, scenario.yaml, summary.md, report.html and the charts (PNG, SVG) into `DIR`"),
			&cli.StringFlag{Name: "model", Value: "all", Usage: "which platform to run: " + reg.List("or") + ", or all: every platform the scenario has a section for (kubernetes:, lambda:, knative:; hybrid with a placement: block)"},
			&cli.BoolFlag{Name: "timing", Usage: "add wall_s (wall-clock seconds, not deterministic) to the JSON summary"},
			maxRequestsFlag(),
			noProgressFlag(),
		},
		func(c *cli.Context, ref string, overrides []scenario.Override) error {
			o := runOptions{ref: ref, json: c.Bool("json"), out: c.String("out"), timing: c.Bool("timing"),
				seed: seedOf(c), overrides: overrides, progress: progressFor(c), maxArrivals: maxRequestsOf(c)}
			switch m := c.String("model"); {
			case m == "all" || m == "both":
			case reg.Lookup(m) != nil:
				o.models = []string{m}
			default:
				// a typo gets a did-you-mean, as a misspelt flag does (walk14 #10)
				var names []string
				for _, p := range reg {
					names = append(names, p.Name())
				}
				if s := platform.Closest(m, append(names, "all")); s != "" {
					return usagef("--model %q: allowed %s, or all (did you mean %s?)", m, reg.List("or"), s)
				}
				return usagef("--model %q: allowed %s, or all", m, reg.List("or"))
			}
			return run(c.Context, c.App.Writer, c.App.ErrWriter, reg, o)
		})
}

func run(ctx context.Context, w, errOut io.Writer, reg platform.Registry, o runOptions) error {
	plan, err := loadPlan(scenario.Reading{Context: ctx, Progress: errOut}, reg, o.ref, o.overrides, o.maxArrivals)
	if err != nil {
		return err
	}
	// the sweep's points are checked as validate and sweep check them,
	// though run runs the base point alone: a price of a type only a
	// point's pools launch is let through the base plan's check and
	// judged here, and run accepted what validate refused (rev11a #5)
	if err := plan.CheckPoints(); err != nil {
		if ctx.Err() != nil {
			first, _, _ := strings.Cut(err.Error(), "\n")
			return stoppedf(ctx.Err(), "%s; nothing ran", first)
		}
		return scenario.InputError(fmt.Errorf("scenario %s: %w", o.ref, err))
	}
	if o.seed != nil {
		plan.Seed = *o.seed
	}
	// what the platforms --model runs will bill: a run of Lambda alone
	// bills no node, whatever other sections the scenario has
	chosen, err := runner.Select(plan, o.models)
	if err != nil {
		return err
	}
	for _, x := range warningsOfRun(plan, chosen) { // the files it names (issue 14)
		fmt.Fprintf(errOut, "execsim: warning: %s\n", x)
	}
	// the front doors that differ among the platforms run, not among all
	// of the scenario's: the summary and its charts print these
	plan.Cost.Warnings = plan.FrontDoorWarnings(chosen)
	if x := scenario.ShortRunWarning(plan, chosen); x != "" {
		fmt.Fprintf(errOut, "execsim: warning: %s\n", x)
	}
	for _, x := range plan.PayloadWarnings(chosen) {
		fmt.Fprintf(errOut, "execsim: warning: %s\n", x)
	}
	noteSweepIgnored(errOut, o.ref, plan, "run runs its base point once")
	if o.out != "" {
		if err := checkOutFolder(o.out, runOutput); err != nil {
			return err
		}
		if err := checkOutInputs(o.out, plan, report.RunFiles()); err != nil {
			return err
		}
		if err := outdir.Prepare(o.out); err != nil { // before the work, not after
			return scenario.InputError(fmt.Errorf("--out %s: %w", o.out, err))
		}
	}
	noteLongWork(errOut, plan.Name, plan.ExpectedArrivals(), plan.EstimatedCPU())
	bar := o.progress.begin(errOut, plan.Name)
	res, err := runner.Run(plan, runner.Options{Platforms: o.models, Context: ctx, Progress: bar.set})
	bar.end()
	if res == nil || !res.Partial {
		if err != nil {
			return err
		}
	}
	// an interrupted run writes what every platform reached, marked
	// partial, and still ends with the interruption (exit status 130)
	interrupted := err
	if res.Arrivals() == 0 && !res.Partial {
		// a run that measured nothing still writes its outputs (idle
		// costs), but no platform is judged or compared
		fmt.Fprintf(errOut, "execsim: warning: no request arrived in %s's %v%s: nothing to compare; no platform is judged against the SLO\n",
			plan.Name, plan.Duration, afterWarmup(plan))
	}
	for _, pr := range res.Platforms { // what the run hid (pods that never started)
		if rw, ok := pr.Usage.(platform.RunWarner); ok {
			for _, x := range rw.RunWarnings() {
				fmt.Fprintf(errOut, "execsim: warning: %s\n", x)
			}
		}
	}
	cmd := reproduce(o, plan)
	var written []string
	if o.out != "" {
		if written, err = writeOutputs(o.out, res, cmd); err != nil {
			return err
		}
	}
	if o.json {
		if err := report.JSON(w, summary.Of(res, o.timing)); err != nil {
			return err
		}
		return interrupted
	}
	if err := report.TextOut(w, res, cmd, o.out); err != nil {
		return err
	}
	if o.out != "" {
		fmt.Fprintf(w, "\nwrote %s\nopen %s for the report\n", strings.Join(written, ", "), filepath.Join(o.out, report.HTMLFile))
	}
	return interrupted
}

// warningsOfRun are the plan's warnings less those of the platforms the
// run leaves out (their configs' own, platform.Warner): run --model
// lambda warned that Kubernetes pods would wait Pending (walk14 #11).
func warningsOfRun(plan *scenario.Plan, chosen []scenario.Compiled) []string {
	skip := map[string]bool{}
	for _, c := range plan.Platforms {
		if slices.ContainsFunc(chosen, func(x scenario.Compiled) bool { return x.Name() == c.Name() }) {
			continue
		}
		if w, ok := c.Config.(platform.Warner); ok {
			for _, x := range w.Warnings() {
				skip[x] = true
			}
		}
	}
	// a warning a chosen platform gives too stays
	for _, c := range chosen {
		if w, ok := c.Config.(platform.Warner); ok {
			for _, x := range w.Warnings() {
				delete(skip, x)
			}
		}
	}
	var out []string
	for _, x := range plan.Warnings {
		if !skip[x] {
			out = append(out, x)
		}
	}
	return out
}

// reproduce is the command line that reruns exactly this run.
func reproduce(o runOptions, plan *scenario.Plan) string {
	var b strings.Builder
	fmt.Fprintf(&b, "execsim run %s --seed %d", format.ShellQuote(o.ref), plan.Seed)
	if len(o.models) == 1 {
		fmt.Fprintf(&b, " --model %s", o.models[0])
	}
	for _, s := range o.overrides {
		fmt.Fprintf(&b, " --set %s", format.ShellQuote(s.Path+"="+s.Value))
	}
	return b.String()
}

// writeOutputs writes the run's data files, charts, summary.md and
// report.html into dir, and returns the paths written.
func writeOutputs(dir string, res *runner.Result, cmd string) ([]string, error) {
	b := report.FromResult(res, cmd)
	charts, err := b.RenderCharts()
	if err != nil {
		return nil, scenario.InputError(fmt.Errorf("--out %s: %w", dir, err))
	}
	paths, err := b.Write(dir, charts)
	if err != nil {
		return nil, scenario.InputError(fmt.Errorf("--out %s: %w", dir, err))
	}
	return paths, nil
}

func isTerminalFd(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// afterWarmup qualifies the arrivals of a plan with a warm-up.
func afterWarmup(plan *scenario.Plan) string {
	if plan.Warmup > 0 {
		return " after the warm-up"
	}
	return ""
}

// noteSweepIgnored tells that the command runs the scenario's base point
// and none of its sweep: section's points or replications (what: "run
// runs its base point once"). breakeven and tune said nothing, so a
// sweep written into the scenario looked applied (fix11).
func noteSweepIgnored(errOut io.Writer, ref string, plan *scenario.Plan, what string) {
	if len(plan.Axes) > 0 || plan.Replications > 1 {
		fmt.Fprintf(errOut, "execsim: note: %s has a sweep (%d points × %d replications); %s — use execsim sweep for all of them\n",
			ref, len(plan.Points()), plan.Replications, what)
	}
}
