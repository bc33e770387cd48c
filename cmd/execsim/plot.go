package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/execsim/execsim/internal/report"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/urfave/cli/v2"
)

func plotCommand(reg platform.Registry) *cli.Command {
	return command("plot", "re-render the charts, summary.md and report.html of a run folder (or a sweep folder's charts) from its saved files", "DIR",
		[]cli.Flag{&cli.StringFlag{Name: "out", Usage: "write into `DIR` instead of the run folder"}},
		func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("plot takes one run folder (written by execsim run --out DIR) or sweep folder")
			}
			return plot(c.App.Writer, reg, c.Args().First(), c.String("out"))
		})
}

func plot(w io.Writer, reg platform.Registry, dir, out string) error {
	if _, err := os.Stat(filepath.Join(dir, "sweep.json")); err == nil {
		return plotSweep(w, reg, dir, out)
	}
	b, err := report.Load(dir, reg)
	if err != nil {
		return scenario.InputError(err)
	}
	if out == "" {
		out = dir
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
	paths, err := sweepCharts(out, reg, m, table)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "re-rendered the sweep of %s (%d runs, seed %d)\nwrote %s\n", m.Scenario, m.UnitsTotal, m.Seed, strings.Join(paths, ", "))
	return nil
}
