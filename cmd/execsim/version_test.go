package main

import (
	"strings"
	"testing"
)

func TestVersion(t *testing.T) {
	full, _, code := execsimNew(t, "--version")
	if code != exitOK || !strings.HasPrefix(full, "execsim version v") || strings.Count(full, "\n") != 1 {
		t.Fatalf("--version: exit %d %q; want one line execsim version v…", code, full)
	}
	cases := []struct {
		name string
		args []string
		code int
		want string // "" means the --version line
	}{
		{name: "-v", args: []string{"-v"}},
		{name: "the command", args: []string{"version"}},
		{name: "short", args: []string{"version", "--short"}, want: "v"},
		{name: "an argument", args: []string{"version", "x"}, code: exitInput, want: `version takes no arguments (got "x")`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := execsimNew(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d; want %d (%s%s)", code, tc.code, out, errOut)
			}
			switch {
			case tc.want == "" && out != full:
				t.Errorf("output %q; want %q", out, full)
			case tc.want != "" && !strings.HasPrefix(out+errOut, tc.want) && !strings.Contains(errOut, tc.want):
				t.Errorf("output %q; want %q", out+errOut, tc.want)
			}
			if tc.name == "short" && strings.ContainsAny(strings.TrimSuffix(out, "\n"), " \n") {
				t.Errorf("version --short = %q; want one word", out)
			}
		})
	}
}
