package main

import (
	"strings"
	"testing"
)

// `execsim CMD FILE --help` (or -h, anywhere before --) is the command's
// help, exit 0: it was "internal error: No help topic for 'FILE'", exit 1,
// because the positional argument followed the moved flag.
func TestHelpAfterTheArguments(t *testing.T) {
	f := writeScenario(t, good)
	for _, args := range [][]string{
		{"run", f, "--help"},
		{"run", "builtin:steady", "-h"},
		{"run", "--help", f},
		{"sweep", f, "--seed", "3", "--help"},
		{"test", ".", "-h"},
		{"golden", f, "--update", "--help"},
		{"breakeven", f, "--from", "1", "-h"},
		{"merge", "a", "b", "--help"},
	} {
		out, errOut, code := execsim(t, args...)
		if code != exitOK || errOut != "" || !strings.Contains(out, "execsim "+args[0]) || !strings.Contains(out, "OPTIONS") {
			t.Errorf("execsim %s: exit %d, stderr %q, stdout:\n%s\nwant exit 0 and the command's help", strings.Join(args, " "), code, errOut, out)
		}
	}
	// help for a command that does not exist is bad input, not a bug
	_, errOut, code := execsim(t, "help", "runn")
	if code != exitInput || !strings.Contains(errOut, `unknown command "runn" (did you mean run?)`) {
		t.Errorf("execsim help runn: exit %d %q; want 2 and a did-you-mean", code, errOut)
	}
}

// interspersed still moves flags and their values, and leaves what follows
// "--" alone (a "--help" there is an argument).
func TestInterspersedKeepsValuesAndDoubleDash(t *testing.T) {
	app := newApp(nil, nil)
	for _, tc := range []struct{ in, want string }{
		{"execsim run f.yaml --seed 7", "execsim run --seed 7 f.yaml"},
		{"execsim run f.yaml --set -h=1", "execsim run --set -h=1 f.yaml"},
		{"execsim run f.yaml -- --help", "execsim run f.yaml -- --help"},
		{"execsim run f.yaml --json -h", "execsim run --help"},
	} {
		if got := strings.Join(interspersed(app, strings.Fields(tc.in)), " "); got != tc.want {
			t.Errorf("interspersed(%s) = %s; want %s", tc.in, got, tc.want)
		}
	}
}
