package main

import (
	"context"
	"errors"
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
			workersFlag(),
		},
		func(c *cli.Context, ref string, overrides []scenario.Override) error {
			path := c.String("golden")
			if path == "" {
				path = goldenPath(ref)
			}
			workers, err := workersOf(c)
			if err != nil {
				return err
			}
			job := checks.Job{Ref: ref, Golden: path, Overrides: overrides, Seed: seedOf(c), Update: c.Bool("update"),
				Version: version.String(), Workers: workers, Context: c.Context, Progress: c.App.ErrWriter}
			return checkGolden(c.App.Writer, c.App.ErrWriter, reg, job)
		})
	cmd.Description = "Runs the scenario and compares its results with the golden file: the exact text (counts,\n" +
		"percentiles, costs in micro-dollars, fingerprint) and each summary field, within the tolerances the\n" +
		"scenario sets under golden: {tolerance: …}; its expect: assertions must hold too. The golden file\n" +
		"records the execsim version, the scenario file (name and sha256), the --set values that wrote\n" +
		"it and the sha256 of each file the scenario read (traces, manifests, templates, Prometheus\n" +
		"exports); a drift report says when they differ, naming the file. A scenario with a sweep:\n" +
		"section (or replications) is pinned whole: every run execsim sweep makes, its fields named\n" +
		"UNIT/FIELD (p001-memoryMB=512/lambda.latency_ms.p99, with /rN/ for replications). A tolerance\n" +
		"or an expectation without a / applies to every run; p001*/lambda.* names some (every replication of\n" +
		"them: add /r0/ for one). A tolerance on a figure covers the figures derived from it\n" +
		"(slo.measured_ms, cost.monthly_usd, the bill's lines, the placement's copies); the\n" +
		"placement's numbered trials and options may be named by platform (placement.trials.all_lambda.*,\n" +
		"placement.services.*.options.lambda.*). The header's last line is a digest of every line below it: a golden\n" +
		"edited by hand is refused (exit 2), naming the line.\n" +
		"Exit status 0: identical; 3: a number moved or an expectation failed (the report says which);\n" +
		"2: bad input. --update writes the file instead.\n" +
		"execsim test DIR does the same for every scenario in a folder."
	return cmd
}

// goldenPath is the default golden file of a scenario: FILE with .golden
// for .yaml or .yml, or NAME.golden for builtin:NAME.
func goldenPath(ref string) string {
	ref = strings.TrimPrefix(ref, scenarios.BuiltinPrefix)
	for _, ext := range scenarioExts {
		if base, ok := strings.CutSuffix(ref, ext); ok {
			return base + ".golden"
		}
	}
	return ref + ".golden"
}

// checkGolden runs one scenario against its golden file (or writes it),
// telling errOut the warnings execsim run would.
func checkGolden(w, errOut io.Writer, reg platform.Registry, job checks.Job) error {
	o := checks.Run(job, reg)
	for _, x := range o.Warnings {
		fmt.Fprintf(errOut, "execsim: warning: %s\n", x)
	}
	switch {
	case errors.Is(o.Err, context.Canceled):
		kept := "nothing was compared"
		if job.Update {
			kept = job.Golden + " was not written"
		}
		return stoppedf(o.Err, "%v; %s", o.Err, kept)
	case o.Err != nil:
		return o.Err
	case job.Update:
		what := fmt.Sprintf("fingerprint %s", o.Fingerprint)
		if o.Units > 0 {
			what = fmt.Sprintf("every one of its sweep's %d runs", o.Units)
		}
		fmt.Fprintf(w, "wrote %s (scenario %s, seed %d, %s)\n", job.Golden, o.Scenario, o.Seed, what)
		if len(o.Failed) > 0 {
			return differsError{fmt.Sprintf("%s fails its expectations:\n%s", job.Ref, o.Report("  ", false))}
		}
		return nil
	case o.Passed():
		fmt.Fprintf(w, "ok: %s matches %s\n", job.Ref, job.Golden)
		if note := o.SetsNote(); note != "" {
			fmt.Fprintf(w, "note: %s\n", note)
		}
		if warn := o.UnsealedWarning(); warn != "" {
			fmt.Fprintln(w, warn)
		}
		return nil
	}
	if warn := o.UnsealedWarning(); warn != "" {
		fmt.Fprintln(w, warn)
	}
	return differsError{goldenReport(job.Ref, job.Golden, o)}
}

// goldenReport is the drift report of one scenario, as execsim test
// prints it: the notes, the field table and the expectations, indented.
// The golden text's line diff comes only when no field explains the
// difference: with a table it repeated the same numbers in 60 more lines.
func goldenReport(ref, path string, o checks.Outcome) string {
	var b strings.Builder
	if len(o.Drift) > 0 || o.TextDiffers {
		fmt.Fprintf(&b, "%s no longer matches %s:\n", ref, path)
	} else {
		fmt.Fprintf(&b, "%s fails its expectations:\n", ref)
	}
	b.WriteString(o.Report("  ", false))
	if len(o.Drift) > 0 || o.TextDiffers {
		// what a CI log reader does next, said where they look
		b.WriteString("If the change is intended, rerun this command with --update to rewrite the golden.\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}
