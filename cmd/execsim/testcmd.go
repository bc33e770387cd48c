package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/execsim/execsim/internal/format"

	"github.com/execsim/execsim/internal/version"
	"github.com/execsim/execsim/scenarios/checks"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/urfave/cli/v2"
	"go.yaml.in/yaml/v3"
)

type testOptions struct {
	dir       string
	recursive bool // also every folder below dir that has a golden file
	update    bool
	junit     string // "" for none
	workers   int
	version   string // written into goldens and named in drift reports
}

func testCommand(reg platform.Registry) *cli.Command {
	cmd := command("test", "check every scenario in a folder against its golden file (the CI workflow)", "DIR",
		[]cli.Flag{
			&cli.BoolFlag{Name: "update", Usage: "write every golden file from this run instead of comparing"},
			&cli.BoolFlag{Name: "recursive", Aliases: []string{"r"}, Usage: "also check every folder below DIR that has a golden file"},
			&cli.StringFlag{Name: "junit", Usage: "also write the results as JUnit XML to `FILE`, for CI systems"},
			workersFlag(),
		},
		func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("test takes one folder of scenarios (got %d arguments)", c.NArg())
			}
			o := testOptions{dir: c.Args().First(), recursive: c.Bool("recursive"), update: c.Bool("update"),
				junit: c.String("junit"), version: version.String()}
			var err error
			if o.workers, err = workersOf(c); err != nil {
				return err
			}
			return runTests(c.Context, c.App.Writer, c.App.ErrWriter, reg, o)
		})
	cmd.Description = "Runs every scenario DIR/NAME.yaml (or .yml) and checks it against DIR/NAME.golden (written\n" +
		"by --update, in the format of execsim golden): every summary field exactly, unless the scenario\n" +
		"gives it a tolerance, and the scenario's assertions. Both are optional top-level keys:\n" +
		"  golden: {tolerance: {kubernetes.latency_ms.p99: 2%, lambda.cost.total_usd: $0.01}}\n" +
		"  expect: {lambda.throttled: 0, kubernetes.latency_ms.p99: \"<= 800ms\", lambda.failed: \"< 0.1%\"}\n" +
		"Fields are named as in run --json, joined by dots, without models. (lambda.latency_ms.p99);\n" +
		"* matches any run of characters. A tolerance is a percentage of the golden value or an amount\n" +
		"in the field's unit (5ms, 1s, $0.01, 3). An assertion compares with ==, <=, >=, < or >; a\n" +
		"percentage on an outcome count is a share of arrivals. With tolerances, fingerprint and events\n" +
		"are not compared. A scenario with a sweep: section is pinned whole (see execsim golden --help).\n" +
		"A NAME.golden without a scenario is an error: delete it, or restore its scenario. Verdicts\n" +
		"are printed in name order, whatever --workers. A .yaml file without a golden file that is a\n" +
		"Kubernetes manifest, a SAM or CloudFormation template or a Serverless Framework file (a\n" +
		"scenario's input beside it) is skipped, said so, and listed as skipped in --junit.\n" +
		"--recursive also checks every folder below DIR that has a golden file, by the same rules,\n" +
		"its scenarios named by path (team-a/api). A folder without one is passed over (and named, if\n" +
		"it has .yaml files, and listed as skipped in --junit): a folder of Kubernetes manifests or SAM templates holds .yaml files that\n" +
		"are a scenario's inputs, not scenarios. Start a new folder with execsim test DIR/NEW --update.\n" +
		"Exit status 0: every scenario passed; 3: a field drifted or an assertion failed; 2: bad input\n" +
		"(a scenario, its golden file, its golden: or expect: keys)."
	return cmd
}

// runTests checks every scenario of a folder and prints one verdict per
// scenario, in file name order, as soon as it and those before it are done.
// A golden file with no scenario is an error of its own (see orphanError).
// ctx (Ctrl-C) stops the scenarios under way: the verdicts of those that
// finished are printed, and the others are counted as not checked.
func runTests(ctx context.Context, w, errOut io.Writer, reg platform.Registry, o testOptions) error {
	var entries []testEntry
	var err error
	folders, passedOver := 1, []string(nil)
	if o.recursive {
		entries, folders, passedOver, err = treeFiles(o.dir)
	} else {
		entries, err = scenarioFiles(o.dir)
	}
	if err != nil {
		return err
	}
	// the scenarios' inputs beside them are not run; they are named, and
	// listed as skipped in --junit
	var notScenarios []testEntry
	entries = slices.DeleteFunc(entries, func(e testEntry) bool {
		if e.notScenario != "" {
			notScenarios = append(notScenarios, e)
		}
		return e.notScenario != ""
	})
	for _, e := range notScenarios {
		fmt.Fprintf(w, "skip  %s: %s, not a scenario (it has no golden file)\n", e.name+filepath.Ext(e.scenario), e.notScenario)
	}
	if o.junit != "" {
		if fi, err := os.Stat(filepath.Dir(o.junit)); err != nil || !fi.IsDir() {
			return usagef("--junit %s: the folder %s does not exist", o.junit, filepath.Dir(o.junit))
		}
	}
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.label()
	}
	// the scenarios run side by side; a sweep's runs share what is left
	perJob := max(1, o.workers/max(1, len(entries)))
	outcomes := make([]checks.Outcome, len(entries))
	var mu sync.Mutex
	finished := make([]bool, len(entries))
	printed := 0
	err = runner.ForEach(len(entries), o.workers, func(i int) error {
		e := entries[i]
		var out checks.Outcome
		if e.err != nil {
			out = checks.Outcome{Job: checks.Job{Ref: e.scenario, Golden: e.golden, Update: o.update, Version: o.version}, Err: e.err}
		} else {
			out = checks.Run(checks.Job{Ref: e.scenario, Golden: e.golden, Update: o.update, Version: o.version, Workers: perJob,
				Context: ctx, Progress: errOut}, reg)
		}
		mu.Lock()
		defer mu.Unlock()
		outcomes[i], finished[i] = out, true
		for ; printed < len(entries) && finished[printed]; printed++ {
			if !errors.Is(outcomes[printed].Err, context.Canceled) {
				printVerdict(w, names[printed], outcomes[printed])
			}
		}
		return nil
	}, nil)
	if err != nil {
		return err // a panic: a bug
	}

	var passed, drifted, bad, badOrphans, stopped int
	var internal error
	for i, out := range outcomes {
		switch {
		case errors.Is(out.Err, context.Canceled):
			stopped++
		case out.Err != nil && entries[i].scenario == "":
			bad++
			badOrphans++
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
	what := entriesCount(entries)
	where := ""
	if o.recursive {
		where = fmt.Sprintf(" in %d %s", folders, format.Plural(folders, "folder", "folders"))
		if len(passedOver) > 0 {
			// said, so that a new folder of scenarios is not left out unseen
			fmt.Fprintf(w, "passed over, without a golden file: %s (to check a folder's scenarios, write their goldens: execsim test %s --update)\n",
				strings.Join(passedOver, ", "), filepath.Join(o.dir, "FOLDER"))
		}
	}
	if stopped > 0 {
		// the stopped scenarios are neither passed nor failed: no verdict,
		// and no JUnit file that would call them errors
		var cause error
		for _, out := range outcomes {
			if errors.Is(out.Err, context.Canceled) {
				cause = out.Err
				break
			}
		}
		fmt.Fprintf(w, "interrupted: %d of %s%s checked: %d %s, %d drifted or failed an expectation, %d could not be checked\n",
			len(entries)-stopped, what, where, passed, verb, drifted, bad)
		kept := ""
		if o.junit != "" {
			kept = "; " + o.junit + " was not written"
		}
		return stoppedf(cause, "stopped with %d of %s checked%s", len(entries)-stopped, what, kept)
	}
	fmt.Fprintf(w, "%s%s: %d %s, %d drifted or failed an expectation, %d could not be checked\n",
		what, where, passed, verb, drifted, bad)
	if o.junit != "" {
		// the folders passed over are listed as skipped: a new team's
		// folder without goldens would otherwise be absent from the CI
		// report while it stays green (walk5's suggestion)
		for _, e := range notScenarios {
			names = append(names, e.name+filepath.Ext(e.scenario))
			outcomes = append(outcomes, checks.Outcome{Job: checks.Job{Ref: e.scenario, Golden: e.golden},
				Skipped: e.notScenario + ", not a scenario (it has no golden file)"})
		}
		for _, f := range passedOver {
			names = append(names, f)
			outcomes = append(outcomes, checks.Outcome{Job: checks.Job{Golden: filepath.Join(o.dir, f)},
				Skipped: fmt.Sprintf("no golden file: its .yaml files are not checked (if they are scenarios, write their goldens: execsim test %s --update)", filepath.Join(o.dir, f))})
		}
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
		return scenario.InputError(fmt.Errorf("%s in %s could not be checked (see above)", badCount(entries, bad-badOrphans, badOrphans), o.dir))
	case drifted > 0:
		return differsError{fmt.Sprintf("%d of %s in %s drifted or failed an expectation (see above); if the drifts are intended, rerun with --update to rewrite the goldens (an expectation must still hold)", drifted, what, o.dir)}
	}
	return nil
}

func scenariosCount(n int) string {
	if n == 1 {
		return "1 scenario"
	}
	return fmt.Sprintf("%d scenarios", n)
}

// badCount says which entries could not be checked: scenarios among the
// folder's scenarios, and golden files without one apart, so that "2 of 2
// scenarios and 1 golden file without one" does not read as both
// scenarios failing when one did and the orphan is the other (revcli).
func badCount(entries []testEntry, scenarios, orphans int) string {
	var parts []string
	if scenarios > 0 {
		n := 0
		for _, e := range entries {
			if e.scenario != "" {
				n++
			}
		}
		parts = append(parts, fmt.Sprintf("%d of %s", scenarios, scenariosCount(n)))
	}
	if orphans > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", orphans, format.Plural(orphans, "golden file without a scenario", "golden files without a scenario")))
	}
	return strings.Join(parts, " and ")
}

// entriesCount counts scenarios, and golden files without one apart.
func entriesCount(entries []testEntry) string {
	orphans := 0
	for _, e := range entries {
		if e.scenario == "" {
			orphans++
		}
	}
	s := scenariosCount(len(entries) - orphans)
	if orphans > 0 {
		s += fmt.Sprintf(" and %d %s", orphans, format.Plural(orphans, "golden file without one", "golden files without one"))
	}
	return s
}

// scenarioExts are the file name endings of scenario files, in the order
// a NAME with both is reported.
var scenarioExts = []string{".yaml", ".yml"}

// testEntry is one NAME of a test folder: its scenario file and golden file,
// or why it cannot be checked.
type testEntry struct {
	name     string
	scenario string // DIR/NAME.yaml or DIR/NAME.yml; "" for a golden file without one
	golden   string // DIR/NAME.golden
	err      error  // set for an entry that cannot be checked
	// notScenario says what the file is when it is YAML of another kind
	// (a SAM template, a Kubernetes manifest) without a golden file: it is
	// skipped, not run (notScenarioKind)
	notScenario string
}

// label names the entry in verdicts and JUnit: NAME for a scenario (as
// before .yml was read), NAME.golden for a golden file without one; below
// DIR (--recursive), the folder's path from DIR comes first (team-a/api).
func (e testEntry) label() string {
	if e.scenario == "" {
		return e.name + ".golden"
	}
	return e.name
}

// scenarioFiles lists every NAME of DIR with a scenario file NAME.yaml or
// NAME.yml, and every NAME.golden without one, in name order; a folder
// without a scenario is an error.
func scenarioFiles(dir string) ([]testEntry, error) {
	entries, scenarios, goldens, err := folderFiles(dir, "")
	if err != nil {
		return nil, err
	}
	if scenarios == 0 {
		return nil, usagef("test: no scenario files (*.yaml, *.yml) in %s%s", dir, goldensHint(goldens))
	}
	return entries, nil
}

func goldensHint(goldens int) string {
	if goldens == 0 {
		return ""
	}
	return fmt.Sprintf(" (%d golden %s without one)", goldens, format.Plural(goldens, "file", "files"))
}

// treeFiles is scenarioFiles for DIR and every folder below it that has
// a golden file, in path order, each entry named by its path from DIR
// (team-a/api), with the number of folders read and the folders with
// .yaml or .yml files passed over (their paths from DIR, then "/"). A
// folder without a golden file is passed over, not read as scenarios: a
// folder of Kubernetes
// manifests or SAM templates (kubernetes.manifests: [k8s]) holds .yaml
// files that are a scenario's inputs, and reading each as a scenario would
// fail the check; telling the two apart needs a golden, which only a
// scenario has. Folders whose name starts with a dot (.git) are skipped.
// A folder of golden files only is checked: its goldens are orphans.
func treeFiles(root string) ([]testEntry, int, []string, error) {
	if fi, err := os.Stat(root); err != nil || !fi.IsDir() {
		_, err := scenarioFiles(root) // its error names the folder
		return nil, 0, nil, err
	}
	var entries []testEntry
	var passedOver []string
	folders, scenarios, goldens := 0, 0, 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return usagef("test: %v", err)
		}
		if !d.IsDir() {
			return nil
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return usagef("test: %v", err)
		}
		if rel == "." {
			rel = ""
		} else if golden, yaml := folderHas(p); !golden {
			if yaml {
				passedOver = append(passedOver, filepath.ToSlash(rel)+"/")
			}
			return nil
		}
		es, s, g, err := folderFiles(p, filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		entries, folders, scenarios, goldens = append(entries, es...), folders+1, scenarios+s, goldens+g
		return nil
	})
	if err != nil {
		return nil, 0, nil, err
	}
	if scenarios == 0 {
		return nil, 0, nil, usagef("test: no scenario files (*.yaml, *.yml) in %s or a folder below it with a golden file%s", root, goldensHint(goldens))
	}
	slices.SortStableFunc(entries, func(a, b testEntry) int { return strings.Compare(a.label(), b.label()) })
	return entries, folders, passedOver, nil
}

// folderHas says whether a folder holds a NAME.golden, and a file named
// as a scenario (NAME.yaml or NAME.yml).
func folderHas(dir string) (golden, yaml bool) {
	files, err := os.ReadDir(dir)
	if err != nil {
		return true, false // folderFiles reports the error
	}
	for _, f := range files {
		if f.IsDir() {
			continue
		}
		if name, ok := strings.CutSuffix(f.Name(), ".golden"); ok && name != "" {
			golden = true
		}
		for _, ext := range scenarioExts {
			if name, ok := strings.CutSuffix(f.Name(), ext); ok && name != "" {
				yaml = true
			}
		}
	}
	return golden, yaml
}

// folderFiles lists the entries of one folder (see scenarioFiles), each
// named prefix/NAME when prefix is not empty, with the number of scenario
// and golden files it read.
//
// A golden file without a scenario is an error (exit 2), not a warning: it
// is either litter (the scenario was deleted on purpose: delete the golden
// with it) or a scenario lost by mistake (renamed, or dropped in a merge),
// and a warning in a green CI log is not read, so the check would be lost
// unnoticed. The fix is one file either way. A NAME with both .yaml and
// .yml is an error too: the two would share NAME.golden.
func folderFiles(dir, prefix string) ([]testEntry, int, int, error) {
	files, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, 0, 0, usagef("test: folder %s does not exist", dir)
		}
		return nil, 0, 0, usagef("test: %v", err)
	}
	byName := map[string]*testEntry{}
	var names []string
	entry := func(name string) *testEntry {
		e := byName[name]
		if e == nil {
			e = &testEntry{name: name, golden: filepath.Join(dir, name+".golden")}
			byName[name] = e
			names = append(names, name)
		}
		return e
	}
	scenarios, goldens := 0, 0
	for _, f := range files {
		if f.IsDir() {
			continue
		}
		if name, ok := strings.CutSuffix(f.Name(), ".golden"); ok && name != "" {
			entry(name)
			goldens++
			continue
		}
		for _, ext := range scenarioExts {
			name, ok := strings.CutSuffix(f.Name(), ext)
			if !ok || name == "" {
				continue
			}
			e := entry(name)
			scenarios++
			if e.scenario != "" {
				e.err = scenario.InputError(fmt.Errorf("both %s and %s exist, and would share the golden file %s: keep one",
					filepath.Base(e.scenario), f.Name(), filepath.Base(e.golden)))
				continue
			}
			e.scenario = filepath.Join(dir, f.Name())
		}
	}
	slices.Sort(names)
	out := make([]testEntry, len(names))
	for i, name := range names {
		e := *byName[name]
		if e.scenario != "" && e.err == nil {
			if _, err := os.Stat(e.golden); errors.Is(err, fs.ErrNotExist) {
				if e.notScenario = notScenarioKind(e.scenario); e.notScenario != "" {
					scenarios--
				}
			}
		}
		if e.scenario == "" {
			e.err = scenario.InputError(fmt.Errorf("the golden file %s has no scenario (%s.yaml or %s.yml): delete it, or restore its scenario",
				e.golden, name, name))
		}
		if prefix != "" {
			e.name = prefix + "/" + name
		}
		out[i] = e
	}
	return out, scenarios, goldens, nil
}

// notScenarioKind says what a YAML file beside the scenarios is when it is
// plainly not a scenario, from its top-level keys: a Kubernetes manifest
// (apiVersion and kind), an AWS SAM or CloudFormation template
// (AWSTemplateFormatVersion, Transform or Resources) or a Serverless
// Framework file (service and provider); "" otherwise. No such key is a
// scenario's field, so a scenario is never taken for one. The README's
// own layout (lambda: {templates: [template.yaml]} beside the scenario)
// made execsim test run template.yaml as a scenario and fail (hostile
// #10); only files without a golden file are asked.
func notScenarioKind(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return "" // the run reports it
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return ""
	}
	keys := map[string]string{}
	top := doc.Content[0].Content
	for i := 0; i+1 < len(top); i += 2 {
		keys[top[i].Value] = top[i+1].Value
	}
	has := func(k string) bool { _, ok := keys[k]; return ok }
	switch {
	case has("apiVersion") && has("kind"):
		return "a Kubernetes manifest (kind " + keys["kind"] + ")"
	case has("AWSTemplateFormatVersion") || has("Transform") || has("Resources"):
		return "an AWS SAM or CloudFormation template"
	case has("service") && has("provider"):
		return "a Serverless Framework file"
	}
	return ""
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
	if warn := o.UnsealedWarning(); warn != "" {
		fmt.Fprintf(w, "      %s\n", warn)
	}
}
