package main

import (
	"os"
	"strings"
	"testing"
)

// A bad --seed names the flag, the value and what a seed may be, and is
// bad input (walk-report 11: it read "invalid value … parse error").
func TestBadSeedSaysWhatIsAllowed(t *testing.T) {
	f := writeScenario(t, good)
	for _, v := range []string{"-1", "abc", "1.5", "18446744073709551616", ""} {
		_, errOut, code := execsim(t, "run", f, "--seed", v)
		want := `invalid value "` + v + `" for flag --seed: a seed is a whole number from 0 to 18446744073709551615`
		if code != exitInput || !strings.Contains(errOut, want) {
			t.Errorf("--seed %q: exit %d %q; want %d with %q", v, code, errOut, exitInput, want)
		}
	}
	for _, v := range []string{"0", "18446744073709551615"} {
		out, errOut, code := execsim(t, "run", f, "--seed", v, "--json")
		if code != 0 || !strings.Contains(out, `"seed": `+v+",") {
			t.Errorf("--seed %s: exit %d %s; want the run at that seed", v, code, errOut)
		}
	}
}

// An empty --out is refused on every command that takes it, naming the
// flag and the value: run wrote nothing without a word, breakeven, sweep
// and tune wrote into their default folder, merge called --out missing.
func TestEmptyOutIsBadInput(t *testing.T) {
	f := writeScenario(t, good)
	sw := writeScenario(t, good+"sweep: {lambda.memoryMB: [128, 256]}\n")
	dir := t.TempDir()
	t.Chdir(dir)
	// named --out, as users type it, not Go's -out (review10)
	want := `invalid value "" for flag --out: the folder to write into, not empty`
	for _, args := range [][]string{
		{"run", f, "--out", ""},
		{"run", f, "--out="},
		{"sweep", sw, "--no-progress", "--out", ""},
		{"breakeven", writeScenario(t, twoSided), "--points", "2", "--no-progress", "--out", ""},
		{"tune", f, "--memory", "128,256", "--no-progress", "--out", ""},
		{"merge", dir, "--out", ""},
		{"plot", dir, "--out", ""},
	} {
		_, errOut, code := execsim(t, args...)
		if code != exitInput || !strings.Contains(errOut, want) {
			t.Errorf("%s: exit %d %q; want %d with %q", strings.Join(args, " "), code, errOut, exitInput, want)
		}
	}
	if entries, err := os.ReadDir(dir); err != nil || len(entries) > 0 {
		t.Errorf("an empty --out wrote into the working folder: %v %v", entries, err)
	}
}
