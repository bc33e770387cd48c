package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/execsim/execsim/internal/version"
	"github.com/execsim/execsim/scenarios/checks"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/urfave/cli/v2"
)

type testOptions struct {
	dir     string
	update  bool
	junit   string // "" for none
	workers int
	version string // written into goldens and named in drift reports
}

func testCommand(reg platform.Registry) *cli.Command {
	cmd := command("test", "check every scenario in a folder against its golden file (the CI workflow)", "DIR",
		[]cli.Flag{
			&cli.BoolFlag{Name: "update", Usage: "write every golden file from this run instead of comparing"},
			&cli.StringFlag{Name: "junit", Usage: "also write the results as JUnit XML to `FILE`, for CI systems"},
			workersFlag(),
		},
		func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("test takes one folder of scenarios (got %d arguments)", c.NArg())
			}
			o := testOptions{dir: c.Args().First(), update: c.Bool("update"), junit: c.String("junit"),
				version: version.String()}
			var err error
			if o.workers, err = workersOf(c); err != nil {
				return err
			}
			return runTests(c.App.Writer, reg, o)
		})
	cmd.Description = "Runs every scenario DIR/NAME.yaml and checks it against DIR/NAME.golden (written by\n" +
		"--update, in the format of execsim golden): every summary field exactly, unless the scenario\n" +
		"gives it a tolerance, and the scenario's assertions. Both are optional top-level keys:\n" +
		"  golden: {tolerance: {kubernetes.latency_ms.p99: 2%, lambda.cost.total_usd: $0.01}}\n" +
		"  expect: {lambda.throttled: 0, kubernetes.latency_ms.p99: \"<= 800ms\", lambda.failed: \"< 0.1%\"}\n" +
		"Fields are named as in run --json, joined by dots, without models. (lambda.latency_ms.p99);\n" +
		"* matches any run of characters. A tolerance is a percentage of the golden value or an amount\n" +
		"in the field's unit (5ms, 1s, $0.01, 3). An assertion compares with ==, <=, >=, < or >; a\n" +
		"percentage on an outcome count is a share of arrivals. With tolerances, fingerprint and events\n" +
		"are not compared. Verdicts are printed in file name order, whatever --workers.\n" +
		"Exit status 0: every scenario passed; 3: a field drifted or an assertion failed; 2: bad input\n" +
		"(a scenario, its golden file, its golden: or expect: keys)."
	return cmd
}

// runTests checks every scenario of a folder and prints one verdict per
// scenario, in file name order, as soon as it and those before it are done.
func runTests(w io.Writer, reg platform.Registry, o testOptions) error {
	names, err := scenarioFiles(o.dir)
	if err != nil {
		return err
	}
	if o.junit != "" {
		if fi, err := os.Stat(filepath.Dir(o.junit)); err != nil || !fi.IsDir() {
			return usagef("--junit %s: the folder %s does not exist", o.junit, filepath.Dir(o.junit))
		}
	}
	outcomes := make([]checks.Outcome, len(names))
	var mu sync.Mutex
	finished := make([]bool, len(names))
	printed := 0
	err = runner.ForEach(len(names), o.workers, func(i int) error {
		base := filepath.Join(o.dir, names[i])
		out := checks.Run(checks.Job{Ref: base + ".yaml", Golden: base + ".golden", Update: o.update, Version: o.version}, reg)
		mu.Lock()
		defer mu.Unlock()
		outcomes[i], finished[i] = out, true
		for ; printed < len(names) && finished[printed]; printed++ {
			printVerdict(w, names[printed], outcomes[printed])
		}
		return nil
	}, nil)
	if err != nil {
		return err // a panic: a bug
	}

	var passed, drifted, bad int
	var internal error
	for _, out := range outcomes {
		switch {
		case out.Err != nil && errors.Is(out.Err, scenario.ErrInput):
			bad++
		case out.Err != nil:
			bad++
			internal = cmp.Or(internal, out.Err)
		case out.Passed():
			passed++
		default:
			drifted++
		}
	}
	verb := "passed"
	if o.update {
		verb = "written"
	}
	fmt.Fprintf(w, "%s: %d %s, %d drifted or failed an expectation, %d could not be checked\n",
		scenariosCount(len(names)), passed, verb, drifted, bad)
	if o.junit != "" {
		var buf bytes.Buffer
		if err := checks.WriteJUnit(&buf, "execsim test "+o.dir, names, outcomes); err != nil {
			return err
		}
		if err := checks.WriteFile(o.junit, buf.Bytes()); err != nil {
			return scenario.InputError(fmt.Errorf("--junit %s: %w", o.junit, err))
		}
	}
	switch {
	case internal != nil:
		return internal
	case bad > 0:
		return scenario.InputError(fmt.Errorf("%d of %s in %s could not be checked (see above)", bad, scenariosCount(len(names)), o.dir))
	case drifted > 0:
		return differsError{fmt.Sprintf("%d of %s in %s drifted or failed an expectation (see above)", drifted, scenariosCount(len(names)), o.dir)}
	}
	return nil
}

func scenariosCount(n int) string {
	if n == 1 {
		return "1 scenario"
	}
	return fmt.Sprintf("%d scenarios", n)
}

// scenarioFiles lists the NAME of every DIR/NAME.yaml, in name order.
func scenarioFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, usagef("test: folder %s does not exist", dir)
		}
		return nil, usagef("test: %v", err)
	}
	var names []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".yaml"); ok && !e.IsDir() && name != "" {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil, usagef("test: no scenario files (*.yaml) in %s", dir)
	}
	return names, nil
}

// printVerdict writes one scenario's line, and what failed below it.
func printVerdict(w io.Writer, name string, o checks.Outcome) {
	wrote := ""
	if o.Update && o.Err == nil {
		wrote = " (wrote " + o.Golden + ")"
	}
	switch {
	case o.Err != nil:
		fmt.Fprintf(w, "ERROR %s\n%s", name, o.Report("      ", false))
	case !o.Passed():
		fmt.Fprintf(w, "FAIL  %s%s\n%s", name, wrote, o.Report("      ", false))
	default:
		fmt.Fprintf(w, "ok    %s%s\n", name, wrote)
	}
}
