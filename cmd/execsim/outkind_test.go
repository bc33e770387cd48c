package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A folder holding a run's outputs is no place for a sweep's, nor the
// reverse: their cost.csv would replace each other and plot would redraw
// a folder that is neither (walk-report defect 10). Each command writes
// its own folder again as before.
func TestOutFolderOfAnotherCommandIsBadInput(t *testing.T) {
	f := writeScenario(t, good)
	sw := writeScenario(t, good+"sweep: {lambda.memoryMB: [128, 256]}\n")
	dir := t.TempDir()
	runDir, sweepDir := filepath.Join(dir, "run"), filepath.Join(dir, "sweep")
	for _, args := range [][]string{
		{"run", f, "--out", runDir},
		{"run", f, "--out", runDir}, // again: the run's own folder
		{"sweep", sw, "--no-progress", "--out", sweepDir},
		{"sweep", sw, "--no-progress", "--out", sweepDir},
		{"merge", sweepDir, "--out", filepath.Join(dir, "merged")},
		{"plot", runDir},
	} {
		if _, errOut, code := execsim(t, args...); code != 0 {
			t.Fatalf("%s: exit %d %s", strings.Join(args, " "), code, errOut)
		}
	}
	cost := readFile(t, filepath.Join(runDir, "cost.csv"))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sweep", sw, "--no-progress", "--out", runDir}, "holds a run's outputs (summary.json, written by execsim run or plot); a sweep would mix"},
		{[]string{"merge", sweepDir, "--out", runDir}, "holds a run's outputs"},
		{[]string{"run", f, "--out", sweepDir}, "holds a sweep's outputs (sweep.json, written by execsim sweep or merge); a run would mix"},
		{[]string{"plot", runDir, "--out", sweepDir}, "holds a sweep's outputs"},
	} {
		_, errOut, code := execsim(t, tc.args...)
		if code != exitInput || !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, "give another folder") {
			t.Errorf("%s: exit %d %q; want %d with %q", strings.Join(tc.args, " "), code, errOut, exitInput, tc.want)
		}
	}
	if readFile(t, filepath.Join(runDir, "cost.csv")) != cost {
		t.Error("the run's cost.csv was overwritten")
	}
	if _, err := os.Stat(filepath.Join(runDir, "results.csv")); err == nil {
		t.Error("a sweep wrote results.csv into the run's folder")
	}
}

// An --out folder where the command would write one of the run's own
// inputs is refused before any work, and the input is left as it was
// (hostile #3: run --out . rewrote scenario.yaml with the effective
// scenario, and a Prometheus export named series.csv with the run's
// series). An --out beside the inputs that overwrites none is fine.
func TestOutOverwritingAnInputIsBadInput(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	scen := write("scenario.yaml", good)
	write("trace.yaml", "name: own\nduration: 2m\nfleet:\n  prometheus:\n    file: series.csv\n    work: {cpu: \"5ms\"}\nlambda: {memoryMB: 512}\n")
	series := write("series.csv", "timestamp,service,value\n0,cart,2\n60,cart,4\n")
	write("sweep.yaml", good+"sweep: {lambda.memoryMB: [128, 256]}\n")
	for _, tc := range []struct {
		name  string
		args  []string
		input string // the file that must be refused and kept; "" when none is
	}{
		{"run over its scenario file", []string{"run", "scenario.yaml", "--out", ".", "--set", "lambda.memoryMB=1024"}, scen},
		{"run by absolute paths", []string{"run", scen, "--out", dir}, scen},
		{"run over its trace", []string{"run", "trace.yaml", "--out", "."}, series},
		{"sweep beside its inputs", []string{"sweep", "sweep.yaml", "--no-progress", "--out", "."}, ""},
		{"run into a subfolder", []string{"run", "scenario.yaml", "--out", "out"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.input == "" {
				if _, errOut, code := execsim(t, tc.args...); code != 0 {
					t.Errorf("exit %d %s; want 0 (no input is overwritten)", code, errOut)
				}
				return
			}
			before := readFile(t, tc.input)
			_, errOut, code := execsim(t, tc.args...)
			if code != exitInput || !strings.Contains(errOut, "an input of this run") || !strings.Contains(errOut, filepath.Base(tc.input)) {
				t.Errorf("exit %d %q; want %d naming %s as an input", code, errOut, exitInput, filepath.Base(tc.input))
			}
			if readFile(t, tc.input) != before {
				t.Errorf("%s was rewritten", tc.input)
			}
		})
	}
}
