package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/execsim/execsim/internal/report"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/urfave/cli/v2"
)

func plotCommand(reg platform.Registry) *cli.Command {
	return command("plot", "re-render the charts, summary.md and report.html of a run folder from its saved files", "DIR",
		[]cli.Flag{&cli.StringFlag{Name: "out", Usage: "write into `DIR` instead of the run folder"}},
		func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("plot takes one run folder (written by execsim run --out DIR)")
			}
			return plot(c.App.Writer, reg, c.Args().First(), c.String("out"))
		})
}

func plot(w io.Writer, reg platform.Registry, dir, out string) error {
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
