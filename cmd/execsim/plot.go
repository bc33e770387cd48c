package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/execsim/execsim/internal/outdir"
	"github.com/execsim/execsim/internal/report"
	"github.com/execsim/execsim/plots"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/urfave/cli/v2"
)

// plotUsage names the folders plot redraws, by the file that marks each.
const plotUsage = "re-render the charts of a run, sweep, break-even or tune folder from its saved files (a run's summary.md and report.html too)"

func plotCommand(reg platform.Registry) *cli.Command {
	cmd := command("plot", plotUsage, "DIR",
		[]cli.Flag{outFlag("write into `DIR` instead of the folder read")},
		func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("plot takes one folder written by execsim run, sweep, merge, breakeven or tune with --out DIR")
			}
			return plot(c.App.Writer, reg, c.Args().First(), c.String("out"))
		})
	cmd.Description = "Redraws, byte for byte, what the command that wrote DIR drew, from the files it saved:\n" +
		"  run --out DIR        summary.json, series.csv, latency.csv, services.csv → the charts, summary.md,\n" +
		"                       report.html (and cost.csv again)\n" +
		"  sweep/merge --out    sweep.json, results.csv → the sweep charts (a shard of several is refused: merge them)\n" +
		"  breakeven --out DIR  breakeven.json → breakeven.{png,svg}\n" +
		"  tune --out DIR       tune.json → tune.{png,svg}\n" +
		"A folder may hold a run's, a break-even's and a tuning's files at once: each is redrawn."
	return cmd
}

// has tells whether dir holds the file name.
func has(dir, name string) bool {
	_, err := os.Stat(filepath.Join(dir, name))
	return err == nil
}

func plot(w io.Writer, reg platform.Registry, dir, out string) error {
	if has(dir, "sweep.json") {
		return plotSweep(w, reg, dir, out)
	}
	// a break-even or tune folder without its JSON (a file removed, or a
	// tuning of a version that did not write tune.json) says what it lacks
	for _, k := range []struct{ data, marker, what, by, since string }{
		{"breakeven.csv", "breakeven.json", "break-even", "breakeven", ""},
		{"tune.csv", "tune.json", "tuning", "tune", " (tune writes it since plot redraws tunings; an earlier version did not)"},
	} {
		if has(dir, k.data) && !has(dir, k.marker) {
			return scenario.InputError(fmt.Errorf("%s holds %s but not %s, which plot redraws the %s chart from%s: run execsim %s again with --out %s",
				dir, k.data, k.marker, k.what, k.since, k.by, dir))
		}
	}
	run, be, tune := has(dir, report.SummaryFile), has(dir, "breakeven.json"), has(dir, "tune.json")
	if !run && !be && !tune {
		return scenario.InputError(fmt.Errorf("%s is not an execsim run folder, nor a sweep's, a break-even's or a tuning's: plot reads a folder holding %s (execsim run --out), sweep.json (execsim sweep or merge), breakeven.json (execsim breakeven) or tune.json (execsim tune)",
			dir, report.SummaryFile))
	}
	if out == "" {
		out = dir
	}
	if run {
		if err := plotRun(w, reg, dir, out); err != nil {
			return err
		}
	}
	if be {
		if err := plotBreakeven(w, reg, dir, out); err != nil {
			return err
		}
	}
	if tune {
		return plotTune(w, reg, dir, out)
	}
	return nil
}

func plotRun(w io.Writer, reg platform.Registry, dir, out string) error {
	b, err := report.Load(dir, reg)
	if err != nil {
		return scenario.InputError(err)
	}
	if err := checkOutFolder(out, runOutput); err != nil {
		return err
	}
	charts, err := b.RenderCharts()
	if err != nil {
		return scenario.InputError(fmt.Errorf("--out %s: %w", out, err))
	}
	paths, err := b.Write(out, charts)
	if err != nil {
		return scenario.InputError(fmt.Errorf("--out %s: %w", out, err))
	}
	fmt.Fprintf(w, "re-rendered %s (seed %d)\nwrote %s\n", b.Summary.Scenario, b.Summary.Seed, strings.Join(paths, ", "))
	return nil
}

// plotBreakeven redraws a break-even's chart from breakeven.json, which
// holds the chart's data as the command drew it (the CSV files hold
// rounded values, and not every point of its lines); the data files are
// left as they are.
func plotBreakeven(w io.Writer, reg platform.Registry, dir, out string) error {
	m, err := readBreakevenChart(dir)
	if err != nil {
		return scenario.InputError(err)
	}
	if err := saveChart(out, "breakeven", m.Chart.draw(reg, plots.Header{Scenario: m.Scenario, Seed: m.Seed})); err != nil {
		return err
	}
	fmt.Fprintf(w, "re-rendered the break-even of %s (seed %d)\nwrote %s\n", m.Scenario, m.Seed, filepath.Join(out, "breakeven.{png,svg}"))
	return nil
}

// plotTune redraws a tuning's chart from tune.json.
func plotTune(w io.Writer, reg platform.Registry, dir, out string) error {
	r, err := readTuneRecord(dir)
	if err != nil {
		return scenario.InputError(err)
	}
	chart := r.Chart.draw(reg, plots.Header{Scenario: r.Scenario, Seed: r.Seed}, r.Platform, r.Setting)
	if err := saveChart(out, "tune", chart); err != nil {
		return err
	}
	fmt.Fprintf(w, "re-rendered the %s tuning of %s (seed %d)\nwrote %s\n", r.Setting, r.Scenario, r.Seed, filepath.Join(out, "tune.{png,svg}"))
	return nil
}

// saveChart writes name.{png,svg} into out, made if need be.
func saveChart(out, name string, c *plots.Chart) error {
	if err := outdir.Prepare(out); err != nil {
		return scenario.InputError(fmt.Errorf("--out %s: %w", out, err))
	}
	if _, err := report.SaveChart(out, name, c); err != nil {
		return scenario.InputError(fmt.Errorf("--out %s: %w", out, err))
	}
	return nil
}

// plotSweep re-renders a whole sweep's charts from its results.csv (walk3:
// plot said "not an execsim run folder" of a sweep, and merge was the only
// way to redraw one). The folder is read and checked as merge reads a
// whole sweep, so a shard of several is refused, naming the shards it
// lacks (merge joins them), and its data files are left as they are.
func plotSweep(w io.Writer, reg platform.Registry, dir, out string) error {
	m, table, _, err := joinShards(reg, []string{dir})
	if err != nil {
		return scenario.InputError(fmt.Errorf("%s: %w", dir, err))
	}
	if out == "" {
		out = dir
	}
	if err := checkOutFolder(out, sweepOutput); err != nil {
		return err
	}
	// --out may name a folder that does not exist yet, as for a run's,
	// a break-even's or a tuning's redraw (rev11b 4: it failed, exit 2,
	// on the first chart's temporary file)
	if err := outdir.Prepare(out); err != nil {
		return scenario.InputError(fmt.Errorf("--out %s: %w", out, err))
	}
	paths, err := sweepCharts(out, reg, m, table)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "re-rendered the sweep of %s (%d runs, seed %d)\nwrote %s\n", m.Scenario, m.UnitsTotal, m.Seed, strings.Join(paths, ", "))
	return nil
}
