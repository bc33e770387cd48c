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
