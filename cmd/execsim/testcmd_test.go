package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/execsim/execsim/internal/golden"
	"github.com/execsim/execsim/scenarios/checks"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platforms"
	"github.com/urfave/cli/v2"
)

// withNew adds what this change brings to an app (test, completion,
// version, the examples) the way app.go wires it, unless it is there
// already.
func withNew(app *cli.App, reg platform.Registry) *cli.App {
	have := map[string]bool{}
	for _, c := range app.Commands {
		have[c.Name] = true
	}
	for _, c := range []*cli.Command{testCommand(reg), completionCommand()} {
		if !have[c.Name] {
			app.Commands = append(app.Commands, c)
		}
	}
	setVersion(app)
	addExamples(app.Commands)
	for _, c := range app.Commands {
		c.OnUsageError = app.OnUsageError
	}
	return app
}

// execsimNew is execsim with withNew's additions.
func execsimNew(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	app := withNew(newApp(&out, &errOut), platforms.Default())
	code := exitCode(app.Run(interspersed(app, append([]string{"execsim"}, args...))), &errOut)
	return out.String(), errOut.String(), code
}

// ciFolder writes name → text into a new folder and returns it; a name
// may have folders (traces/r.csv, sub/a.yaml).
func ciFolder(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// ciEditField sets one field's value in a golden file, as a model change
// that moves only that number would; the file is resealed (its digest
// rewritten), as execsim would have written it.
func ciEditField(t *testing.T, path, field, value string) {
	t.Helper()
	ciHandEditField(t, path, field, value)
	ciReseal(t, path)
}

// ciReseal rewrites a golden file's digest to match its lines, so that an
// edit made to stand for another run does not read as a hand edit.
func ciReseal(t *testing.T, path string) {
	t.Helper()
	f, err := checks.Parse([]byte(readFile(t, path)))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, f.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// ciHandEditField sets one field's value in a golden file by hand, leaving
// its digest as it was.
func ciHandEditField(t *testing.T, path, field, value string) {
	t.Helper()
	data := readFile(t, path)
	var lines []string
	found := false
	for _, l := range strings.Split(data, "\n") {
		if strings.HasPrefix(l, field+" ") {
			l, found = field+" "+value, true
		}
		lines = append(lines, l)
	}
	if !found {
		t.Fatalf("%s has no field %s:\n%s", path, field, data)
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}

// ciFieldValue reads one numeric field of a golden file.
func ciFieldValue(t *testing.T, path, field string) float64 {
	t.Helper()
	for _, l := range strings.Split(readFile(t, path), "\n") {
		if v, ok := strings.CutPrefix(l, field+" "); ok {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatal(err)
			}
			return x
		}
	}
	t.Fatalf("%s has no field %s", path, field)
	return 0
}

// ciScaleField multiplies one field of a golden file by f.
func ciScaleField(t *testing.T, path, field string, f float64) {
	t.Helper()
	ciEditField(t, path, field, strconv.FormatFloat(ciFieldValue(t, path, field)*f, 'g', 6, 64))
}

// ciScale multiplies one field of DIR/a.golden by f.
func ciScale(field string, f float64) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) { ciScaleField(t, filepath.Join(dir, "a.golden"), field, f) }
}

const p99Tolerance = "golden: {tolerance: {lambda.latency_ms.p99: 2%}}\n"

func TestTestCommand(t *testing.T) {
	cases := []struct {
		name     string
		files    map[string]string
		noUpdate bool                           // skip writing the goldens first
		mutate   func(t *testing.T, dir string) // after the goldens are written
		args     []string                       // more arguments
		code     int
		want     []string
	}{
		{name: "unchanged", files: map[string]string{"a.yaml": good, "b.yaml": replace("seed: 5", "seed: 6")},
			code: exitOK, want: []string{"ok    a\nok    b\n2 scenarios: 2 passed, 0 drifted or failed an expectation, 0 could not be checked\n"}},
		{name: "a count moved", files: map[string]string{"a.yaml": good},
			mutate: func(t *testing.T, dir string) {
				ciEditField(t, filepath.Join(dir, "a.golden"), "lambda.completed", "1000")
			},
			code: exitDiffers, want: []string{"FAIL  a\n", "field  ", "lambda.completed  1000  ", "exact"}},
		{name: "within its tolerance", files: map[string]string{"a.yaml": good + p99Tolerance},
			mutate: ciScale("lambda.latency_ms.p99", 1.01), code: exitOK, want: []string{"ok    a\n"}},
		{name: "beyond its tolerance", files: map[string]string{"a.yaml": good + p99Tolerance},
			mutate: ciScale("lambda.latency_ms.p99", 1.05), code: exitDiffers,
			want: []string{"FAIL  a\n", "lambda.latency_ms.p99  ", "-4.76%", "2% (±"}},
		{name: "an expectation fails", files: map[string]string{"a.yaml": good + "expect: {lambda.throttled: 0, lambda.latency_ms.p99: \"<= 1ms\"}\n"},
			code: exitDiffers, want: []string{"FAIL  a\n", "expect lambda.latency_ms.p99 <= 1ms: got 3"}},
		{name: "expectations hold", files: map[string]string{"a.yaml": good + "expect: {lambda.throttled: 0, lambda.failed: \"< 0.1%\", lambda.latency_ms.p99: \"< 2s\"}\n"},
			code: exitOK, want: []string{"ok    a\n"}},
		{name: "bad input in one scenario, the others still checked",
			files: map[string]string{"a.yaml": good, "b.yaml": replace("memoryMB: 512", "memoryMb: 512")},
			code:  exitInput, want: []string{"ok    a\n", "ERROR b\n", `line 7: lambda: unknown field "memoryMb"`,
				"1 could not be checked", "1 of 2 scenarios in"}},
		{name: "an unknown field", files: map[string]string{"a.yaml": good + "expect: {lambda.throtled: 0}\n"},
			code: exitInput, want: []string{"line 8: expect.lambda.throtled: no such field in this run (did you mean lambda.throttled?)"}},
		{name: "a golden file is missing", files: map[string]string{"a.yaml": good}, noUpdate: true,
			code: exitInput, want: []string{"golden file ", "a.golden does not exist (create it with --update)"}},
		{name: "a golden without version or fields", files: map[string]string{"a.yaml": good},
			mutate: func(t *testing.T, dir string) {
				p := filepath.Join(dir, "a.golden")
				text := readFile(t, p)
				text = text[:strings.Index(text, "\n\n[fields]\n")+1]
				for strings.HasPrefix(text, "# ") { // every header line, as before they existed
					text = text[strings.Index(text, "\n")+1:]
				}
				if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}, code: exitOK, want: []string{"ok    a\n"}},
		{name: "another execsim wrote the golden", files: map[string]string{"a.yaml": good},
			mutate: func(t *testing.T, dir string) {
				p := filepath.Join(dir, "a.golden")
				text := readFile(t, p)
				text = "# execsim v9.9.9" + text[strings.Index(text, "\n"):]
				if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				ciEditField(t, p, "lambda.cold_starts", "99")
			}, code: exitDiffers, want: []string{"the golden was written by execsim v9.9.9; this is execsim v"}},
		{name: "the same version is not mentioned", files: map[string]string{"a.yaml": good},
			mutate: ciScale("lambda.latency_ms.p99", 2), code: exitDiffers, want: []string{"FAIL  a\n      field  "}},
		// the walk-through's s7: b.yml was never checked, and "1 passed"
		{name: "a .yml scenario is checked", files: map[string]string{"a.yaml": good, "b.yml": replace("seed: 5", "seed: 6")},
			mutate: func(t *testing.T, dir string) {
				ciEditField(t, filepath.Join(dir, "b.golden"), "lambda.cold_starts", "99")
			},
			code: exitDiffers, want: []string{"ok    a\nFAIL  b\n", "lambda.cold_starts  99", "2 scenarios: 1 passed, 1 drifted",
				"if the drifts are intended, rerun with --update to rewrite the goldens"}},
		{name: "a golden file without a scenario is an error", files: map[string]string{"a.yaml": good},
			mutate: func(t *testing.T, dir string) {
				if err := os.WriteFile(filepath.Join(dir, "gone.golden"), []byte(readFile(t, filepath.Join(dir, "a.golden"))), 0o644); err != nil {
					t.Fatal(err)
				}
			}, code: exitInput, want: []string{"ok    a\nERROR gone.golden\n", "gone.golden has no scenario (gone.yaml or gone.yml): delete it, or restore its scenario",
				"1 scenario and 1 golden file without one: 1 passed, 0 drifted or failed an expectation, 1 could not be checked"}},
		// revcli: "2 of 2 scenarios and 1 golden file without one … could
		// not be checked" when one scenario passed
		{name: "a failing scenario and an orphan are counted apart", files: map[string]string{"a.yaml": good, "b.yaml": replace("seed: 5", "seed: 6")},
			mutate: func(t *testing.T, dir string) {
				for name, text := range map[string]string{"b.yml": replace("seed: 5", "seed: 6"), "gone.golden": readFile(t, filepath.Join(dir, "a.golden"))} {
					if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}, code: exitInput, want: []string{"1 of 2 scenarios and 1 golden file without a scenario in "}},
		{name: "NAME.yaml and NAME.yml", files: map[string]string{"a.yaml": good}, args: nil,
			mutate: func(t *testing.T, dir string) {
				if err := os.WriteFile(filepath.Join(dir, "a.yml"), []byte(good), 0o644); err != nil {
					t.Fatal(err)
				}
			}, code: exitInput, want: []string{"ERROR a\n", "both a.yaml and a.yml exist, and would share the golden file a.golden: keep one"}},
		// the walk-through's s6: a golden written with --set drifted with no hint why
		{name: "the golden was written with --set", files: map[string]string{"a.yaml": good},
			mutate: func(t *testing.T, dir string) {
				if _, errOut, code := execsimNew(t, "golden", filepath.Join(dir, "a.yaml"), "--update", "--set", "lambda.memoryMB=1024"); code != exitOK {
					t.Fatal(errOut)
				}
			}, code: exitDiffers, want: []string{"FAIL  a\n      the golden was written with --set lambda.memoryMB=1024; this run has no --set\n      totals: lambda $51.63 → $40.53 a month (-21.50%)\n      detail:\n      field  "}},
		{name: "the scenario changed", files: map[string]string{"a.yaml": good},
			mutate: func(t *testing.T, dir string) {
				if err := os.WriteFile(filepath.Join(dir, "a.yaml"), []byte(replace("memoryMB: 512", "memoryMB: 1024")), 0o644); err != nil {
					t.Fatal(err)
				}
			}, code: exitDiffers, want: []string{"FAIL  a\n      the scenario a.yaml changed since the golden was written (sha256 "}},
		{name: "a trace changed", files: map[string]string{"a.yaml": traced, "traces/requests.csv": requestsCSV},
			mutate: func(t *testing.T, dir string) {
				writeFileT(t, filepath.Join(dir, "traces", "requests.csv"), requestsCSV+"2024-05-01T09:01:30Z,cron,0.2\n")
			}, code: exitDiffers, want: []string{"FAIL  a\n      traces/requests.csv changed since the golden was written (sha256 "}},
		{name: "a new tolerance is no change of the scenario", files: map[string]string{"a.yaml": good},
			mutate: func(t *testing.T, dir string) {
				ciScaleField(t, filepath.Join(dir, "a.golden"), "lambda.latency_ms.p99", 2)
				if err := os.WriteFile(filepath.Join(dir, "a.yaml"), []byte(good+p99Tolerance), 0o644); err != nil {
					t.Fatal(err)
				}
			}, code: exitDiffers, want: []string{"FAIL  a\n      field  "}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := ciFolder(t, tc.files)
			if !tc.noUpdate {
				out, errOut, _ := execsimNew(t, "test", dir, "--update")
				for name := range tc.files {
					if strings.Contains(name, "/") {
						continue // a scenario's trace
					}
					base := strings.TrimSuffix(strings.TrimSuffix(name, ".yaml"), ".yml")
					if !strings.Contains(out, "wrote "+filepath.Join(dir, base+".golden")) &&
						!strings.Contains(out, "ERROR "+base) {
						t.Fatalf("--update did not write %s.golden:\n%s%s", base, out, errOut)
					}
				}
			}
			if tc.mutate != nil {
				tc.mutate(t, dir)
			}
			out, errOut, code := execsimNew(t, append([]string{"test", dir}, tc.args...)...)
			if code != tc.code {
				t.Errorf("exit %d; want %d\n%s%s", code, tc.code, out, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(out+errOut, w) {
					t.Errorf("output lacks %q:\n%s%s", w, out, errOut)
				}
			}
		})
	}
}

func TestTestCommandBadInput(t *testing.T) {
	empty := t.TempDir()
	dir := ciFolder(t, map[string]string{"a.yaml": good})
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no folder", []string{"test"}, "test takes one folder of scenarios (got 0 arguments)"},
		{"two folders", []string{"test", dir, dir}, "test takes one folder of scenarios (got 2 arguments)"},
		{"a missing folder", []string{"test", filepath.Join(empty, "none")}, "none does not exist"},
		{"no scenarios", []string{"test", empty}, "no scenario files (*.yaml, *.yml) in " + empty},
		{"golden files only", []string{"test", ciFolder(t, map[string]string{"a.golden": "", "b.golden": ""})}, "(2 golden files without one)"},
		{"no workers", []string{"test", dir, "--workers", "0"}, "--workers 0: must be at least 1"},
		{"--junit in a missing folder", []string{"test", dir, "--junit", filepath.Join(empty, "x", "j.xml")}, "does not exist"},
		{"--recursive, a missing folder", []string{"test", "--recursive", filepath.Join(empty, "none")}, "none does not exist"},
		// manifests only: a folder without a golden is no scenario folder
		{"--recursive, no scenarios", []string{"test", "--recursive", ciFolder(t, map[string]string{"k8s/web.yaml": "kind: Deployment\n"})},
			"no scenario files (*.yaml, *.yml) in "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := execsimNew(t, tc.args...)
			if code != exitInput || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d %q; want %d and %q", code, errOut, exitInput, tc.want)
			}
		})
	}
}

// The verdicts and the JUnit file are the same for any --workers, in
// file name order; both are pinned in testdata.
func TestTestOutputAndJUnit(t *testing.T) {
	outGolden, _ := filepath.Abs(filepath.Join("testdata", "test-output.golden"))
	junitGolden, _ := filepath.Abs(filepath.Join("testdata", "test-junit.golden"))
	root := t.TempDir()
	t.Chdir(root) // the paths in the output are relative, as in CI
	dir := "cases"
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"a-steady.yaml":  good,
		"b-drift.yaml":   good + p99Tolerance,
		"c-expect.yaml":  good + "expect: {lambda.latency_ms.p99: \"<= 100ms\", lambda.throttled: \"< 1%\"}\n",
		"d-broken.yaml":  replace("memoryMB: 512", "memoryMB: 64"),
		"e-missing.yaml": replace("seed: 5", "seed: 9"),
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const v = "execsim v1.0.0-test"
	reg := platforms.Default()
	var discard bytes.Buffer
	_ = runTests(context.Background(), &discard, io.Discard, reg, testOptions{dir: dir, update: true, workers: 2, version: v})
	if err := os.Remove(filepath.Join(dir, "e-missing.golden")); err != nil {
		t.Fatal(err)
	}
	ciScaleField(t, filepath.Join(dir, "b-drift.golden"), "lambda.latency_ms.p99", 1.1)

	var outs, junits []string
	for _, workers := range []int{1, 4} {
		var out bytes.Buffer
		junit := fmt.Sprintf("junit-%d.xml", workers)
		err := runTests(context.Background(), &out, io.Discard, reg, testOptions{dir: dir, junit: junit, workers: workers, version: v})
		if code := exitCode(err, &discard); code != exitInput {
			t.Errorf("--workers %d: exit %d; want %d (a scenario is bad input)", workers, code, exitInput)
		}
		outs, junits = append(outs, out.String()), append(junits, readFile(t, junit))
	}
	if outs[0] != outs[1] || junits[0] != junits[1] {
		t.Errorf("--workers 1 and 4 differ:\n%s\n---\n%s", outs[0], outs[1])
	}
	golden.Check(t, outGolden, []byte(outs[0]))
	golden.Check(t, junitGolden, []byte(junits[0]))
}

// --recursive checks DIR and every folder below it with a golden file,
// each scenario named by its path; a folder of manifests (no golden) is
// passed over, as are hidden folders. The steps run in order on one tree.
func TestTestCommandRecursive(t *testing.T) {
	dir := ciFolder(t, map[string]string{
		"a.yaml":            good,
		"team/b.yaml":       replace("seed: 5", "seed: 6"),
		"team/k8s/web.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n",
		"notyet/d.yaml":     replace("seed: 5", "seed: 8"),
	})
	steps := []struct {
		name   string
		before func(t *testing.T)
		args   []string
		code   int
		want   []string
		absent []string
	}{
		{name: "--update writes the goldens of the folders that have one", args: []string{"--recursive", "--update"}, code: exitOK,
			want: []string{"ok    a (wrote ", "\npassed over, without a golden file: notyet/, team/, team/k8s/ (to check a folder's scenarios, write their goldens: execsim test ",
				"1 scenario in 1 folder: 1 written"}, absent: []string{"team/b"}},
		{name: "a folder starts with its own --update", args: []string{filepath.Join(dir, "team"), "--update"}, code: exitOK,
			want: []string{"ok    b (wrote "}},
		{name: "then the tree is checked", args: []string{"-r"}, code: exitOK,
			want:   []string{"ok    a\nok    team/b\npassed over, without a golden file: notyet/, team/k8s/ (", "\n2 scenarios in 2 folders: 2 passed, 0 drifted"},
			absent: []string{"web"}},
		{name: "without --recursive, DIR only", code: exitOK, want: []string{"ok    a\n1 scenario: 1 passed"}, absent: []string{"team/b", "passed over"}},
		{name: "a drift below DIR", before: func(t *testing.T) {
			ciEditField(t, filepath.Join(dir, "team", "b.golden"), "lambda.cold_starts", "99")
		}, args: []string{"--recursive"}, code: exitDiffers, want: []string{"ok    a\nFAIL  team/b\n", "lambda.cold_starts  99", "2 scenarios in 2 folders: 1 passed, 1 drifted"}},
		{name: "hidden folders are skipped, a folder of orphans is not", before: func(t *testing.T) {
			for name, text := range map[string]string{".cache/c.yaml": good, ".cache/c.golden": "", "old/gone.golden": readFile(t, filepath.Join(dir, "a.golden"))} {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				writeFileT(t, p, text)
			}
			if _, _, code := execsimNew(t, "test", filepath.Join(dir, "team"), "--update"); code != exitOK {
				t.Fatal("rewriting team/b.golden failed")
			}
		}, args: []string{"--recursive"}, code: exitInput,
			want: []string{"ok    a\nERROR old/gone.golden\n", "old/gone.golden has no scenario", "ok    team/b\n",
				"2 scenarios and 1 golden file without one in 3 folders: 2 passed, 0 drifted or failed an expectation, 1 could not be checked"},
			absent: []string{".cache", " c\n"}},
	}
	for _, st := range steps {
		if st.before != nil {
			st.before(t)
		}
		args := st.args
		if len(args) == 0 || strings.HasPrefix(args[0], "-") {
			args = append([]string{dir}, args...)
		}
		out, errOut, code := execsimNew(t, append([]string{"test"}, args...)...)
		if code != st.code {
			t.Errorf("%s: exit %d; want %d\n%s%s", st.name, code, st.code, out, errOut)
		}
		for _, w := range st.want {
			if !strings.Contains(out+errOut, w) {
				t.Errorf("%s: output lacks %q:\n%s%s", st.name, w, out, errOut)
			}
		}
		for _, w := range st.absent {
			if strings.Contains(out+errOut, w) {
				t.Errorf("%s: output has %q:\n%s%s", st.name, w, out, errOut)
			}
		}
	}
}

// With --recursive, the JUnit testcases are named by path, and file= is
// the scenario's path as the command was given it.
func TestTestCommandRecursiveJUnit(t *testing.T) {
	t.Chdir(t.TempDir())
	for name, text := range map[string]string{"cases/a.yaml": good, "cases/team/b.yaml": replace("seed: 5", "seed: 6")} {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFileT(t, name, text)
	}
	for _, args := range [][]string{{"cases/team", "--update"}, {"cases", "--update"}} {
		if _, errOut, code := execsimNew(t, append([]string{"test"}, args...)...); code != exitOK {
			t.Fatal(errOut)
		}
	}
	// a new team's folder, no golden yet: skipped in JUnit, not absent
	if err := os.MkdirAll("cases/new", 0o755); err != nil {
		t.Fatal(err)
	}
	writeFileT(t, "cases/new/c.yaml", good)
	if _, errOut, code := execsimNew(t, "test", "cases", "--recursive", "--junit", "j.xml"); code != exitOK {
		t.Fatal(errOut)
	}
	junit := readFile(t, "j.xml")
	for _, w := range []string{`<testcase name="a" classname="execsim test cases" file="cases/a.yaml">`,
		`<testcase name="team/b" classname="execsim test cases" file="cases/team/b.yaml">`,
		`tests="3" failures="0" errors="0" skipped="1"`,
		`<testcase name="new/" classname="execsim test cases" file="cases/new">` + "\n" +
			`    <skipped message="no golden file: its .yaml files are not checked (if they are scenarios, write their goldens: execsim test cases/new --update)"></skipped>`} {
		if !strings.Contains(junit, w) {
			t.Errorf("the JUnit file lacks %s:\n%s", w, junit)
		}
	}
}

// A SAM template or a Kubernetes manifest beside the scenarios (the
// README's own layout: lambda: {templates: [template.yaml]}) is skipped,
// said so, and listed as skipped in --junit; it was run as a scenario and
// failed the folder (hostile #10). YAML that is no known kind, or any file
// with a golden file, is still checked as a scenario.
func TestTestSkipsInputsBesideScenarios(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"s.yaml":        good,
		"template.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n  Fn: {Type: AWS::Serverless::Function, Properties: {Handler: a.h, Runtime: python3.12}}\n",
		"deploy.yml":    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, errOut, code := execsim(t, "test", dir, "--update"); code != 0 {
		t.Fatalf("--update: exit %d %s", code, errOut)
	}
	junit := filepath.Join(t.TempDir(), "junit.xml")
	out, errOut, code := execsim(t, "test", dir, "--junit", junit)
	if code != 0 {
		t.Fatalf("exit %d %s%s; want 0 (the template and the manifest are skipped)", code, out, errOut)
	}
	for _, want := range []string{
		"skip  deploy.yml: a Kubernetes manifest (kind Deployment), not a scenario (it has no golden file)\n",
		"skip  template.yaml: an AWS SAM or CloudFormation template, not a scenario (it has no golden file)\n",
		"ok    s\n", "1 scenario: 1 passed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output\n%s\nlacks %q", out, want)
		}
	}
	if x := readFile(t, junit); !strings.Contains(x, `skipped="2"`) || !strings.Contains(x, `name="template.yaml"`) {
		t.Errorf("JUnit\n%s\nwant the template and the manifest skipped", x)
	}
	// an unknown kind of YAML is still a scenario, and fails as one
	if err := os.WriteFile(filepath.Join(dir, "notes.yaml"), []byte("todo: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, code := execsim(t, "test", dir); code != exitInput {
		t.Errorf("with notes.yaml: exit %d; want %d (not a known kind of input: checked as a scenario)", code, exitInput)
	}
}
