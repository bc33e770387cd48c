package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/execsim/execsim/internal/golden"
	"github.com/execsim/execsim/scenarios"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/execsim/execsim/scenarios/summary"
	"github.com/urfave/cli/v2"
)

// exitDiffers is the status of `execsim golden` when the outputs moved.
const exitDiffers = 3

// differsError reports that a run no longer matches its golden file.
type differsError struct{ msg string }

func (e differsError) Error() string { return e.msg }

func goldenCommand(reg platform.Registry) *cli.Command {
	cmd := scenarioCommand("golden", "pin a scenario's exact results in a golden file, or check a run against it",
		[]cli.Flag{
			&cli.StringFlag{Name: "golden", Usage: "the golden file (default: FILE with .golden instead of .yaml, or NAME.golden)"},
			&cli.BoolFlag{Name: "update", Usage: "write the golden file from this run"},
			seedFlag(),
		},
		func(c *cli.Context, ref string, overrides []scenario.Override) error {
			path := c.String("golden")
			if path == "" {
				path = strings.TrimSuffix(strings.TrimPrefix(ref, scenarios.BuiltinPrefix), ".yaml") + ".golden"
			}
			return checkGolden(c.App.Writer, reg, ref, overrides, seedOf(c), path, c.Bool("update"))
		})
	cmd.Description = "Runs the scenario and compares its exact results (counts, percentiles, costs in micro-dollars,\n" +
		"fingerprint) with the golden file. Exit status 0: identical; 3: a number moved (the diff says which);\n" +
		"2: bad input. --update writes the file instead."
	return cmd
}

func checkGolden(w io.Writer, reg platform.Registry, ref string, overrides []scenario.Override, seed *uint64, path string, update bool) error {
	plan, err := scenarios.Load(ref, overrides, reg)
	if err != nil {
		return err
	}
	if seed != nil {
		plan.Seed = *seed
	}
	res, err := runner.Run(plan, runner.Options{})
	if err != nil {
		return err
	}
	got := summary.Golden(res)
	if update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			return scenario.InputError(fmt.Errorf("--golden %s: %w", path, err))
		}
		fmt.Fprintf(w, "wrote %s (scenario %s, seed %d, fingerprint %s)\n", path, plan.Name, plan.Seed, res.Fingerprint())
		return nil
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return scenario.InputError(fmt.Errorf("golden file %s does not exist (create it with --update)", path))
	} else if err != nil {
		return scenario.InputError(err)
	}
	if string(want) == got {
		fmt.Fprintf(w, "ok: %s matches %s\n", ref, path)
		return nil
	}
	return differsError{fmt.Sprintf("%s no longer matches %s (- golden, + now):\n%s", ref, path,
		golden.LineDiff(string(want), got, 1))}
}
