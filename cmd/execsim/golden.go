package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/execsim/execsim/internal/version"
	"github.com/execsim/execsim/scenarios"
	"github.com/execsim/execsim/scenarios/checks"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/urfave/cli/v2"
)

// exitDiffers is the status of `execsim golden` and `execsim test` when the
// outputs moved or an expectation failed.
const exitDiffers = 3

// differsError reports that a run no longer matches its golden file.
type differsError struct{ msg string }

func (e differsError) Error() string { return e.msg }

func goldenCommand(reg platform.Registry) *cli.Command {
	cmd := scenarioCommand("golden", "pin a scenario's exact results in a golden file, or check a run against it",
		[]cli.Flag{
			&cli.StringFlag{Name: "golden", Usage: "the golden `FILE` (default: FILE with .golden instead of .yaml, or NAME.golden)"},
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
	cmd.Description = "Runs the scenario and compares its results with the golden file: the exact text (counts,\n" +
		"percentiles, costs in micro-dollars, fingerprint) and each summary field, within the tolerances the\n" +
		"scenario sets under golden: {tolerance: …}; its expect: assertions must hold too. The golden file\n" +
		"records the execsim version that wrote it. Exit status 0: identical; 3: a number moved or an\n" +
		"expectation failed (the report says which); 2: bad input. --update writes the file instead.\n" +
		"execsim test DIR does the same for every scenario in a folder."
	return cmd
}

// checkGolden runs one scenario against its golden file (or writes it).
func checkGolden(w io.Writer, reg platform.Registry, ref string, overrides []scenario.Override, seed *uint64, path string, update bool) error {
	o := checks.Run(checks.Job{Ref: ref, Golden: path, Overrides: overrides, Seed: seed, Update: update,
		Version: version.String()}, reg)
	switch {
	case o.Err != nil:
		return o.Err
	case update:
		fmt.Fprintf(w, "wrote %s (scenario %s, seed %d, fingerprint %s)\n", path, o.Scenario, o.Seed, o.Fingerprint)
		if len(o.Failed) > 0 {
			return differsError{fmt.Sprintf("%s fails its expectations:\n%s", ref, o.Report("  ", false))}
		}
		return nil
	case o.Passed():
		fmt.Fprintf(w, "ok: %s matches %s\n", ref, path)
		return nil
	}
	return differsError{goldenReport(ref, path, o)}
}

// goldenReport is the drift report of one scenario: the field table and
// the expectations, indented, then the golden text's line diff at the margin.
func goldenReport(ref, path string, o checks.Outcome) string {
	diff := o.TextDiff
	o.TextDiff = ""
	var b strings.Builder
	drifted := len(o.Drift) > 0 || o.TextDiffers
	if drifted {
		fmt.Fprintf(&b, "%s no longer matches %s:\n", ref, path)
	} else {
		fmt.Fprintf(&b, "%s fails its expectations:\n", ref)
	}
	b.WriteString(o.Report("  ", false))
	if diff != "" && drifted {
		b.WriteString("golden text (- golden, + now):\n" + diff)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
