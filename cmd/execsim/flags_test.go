package main

import (
	"strings"
	"testing"
)

// A bad --seed names the flag, the value and what a seed may be, and is
// bad input (walk-report 11: it read "invalid value … parse error").
func TestBadSeedSaysWhatIsAllowed(t *testing.T) {
	f := writeScenario(t, good)
	for _, v := range []string{"-1", "abc", "1.5", "18446744073709551616", ""} {
		_, errOut, code := execsim(t, "run", f, "--seed", v)
		want := `invalid value "` + v + `" for flag -seed: a seed is a whole number from 0 to 18446744073709551615`
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
