package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platforms"
	"github.com/urfave/cli/v2"
)

// Every command's --help ends with examples, and every example uses only
// flags its command has.
func TestEveryCommandHasExamples(t *testing.T) {
	var out, errOut strings.Builder
	app := withNew(newApp(&out, &errOut), platforms.Default())
	names := map[string]bool{}
	for _, c := range app.Commands {
		names[c.Name] = true
		t.Run(c.Name, func(t *testing.T) {
			if !strings.Contains(c.Description, "\n"+examplesHeader) && !strings.HasPrefix(c.Description, examplesHeader) {
				t.Fatalf("execsim %s --help has no examples; add some to examples in examples.go", c.Name)
			}
			for _, ex := range examples[c.Name] {
				checkExample(t, c, ex)
			}
		})
	}
	for name := range examples {
		if !names[name] {
			t.Errorf("examples lists %q, which is not a command", name)
		}
	}
}

// checkExample checks that an `execsim CMD …` line names CMD and uses its flags.
func checkExample(t *testing.T, c *cli.Command, ex string) {
	t.Helper()
	words := strings.Fields(ex)
	i := 0
	for i < len(words) && !strings.HasSuffix(words[i], "execsim") {
		i++
	}
	if i+1 >= len(words) || words[i+1] != c.Name {
		t.Errorf("example %q does not run execsim %s", ex, c.Name)
		return
	}
	for _, w := range words[i+2:] {
		if name, ok := strings.CutPrefix(w, "--"); ok {
			name, _, _ = strings.Cut(name, "=")
			if !takesValue(c, name) && !isBoolFlag(c, name) {
				t.Errorf("example %q: execsim %s has no flag --%s", ex, c.Name, name)
			}
		}
	}
}

func isBoolFlag(c *cli.Command, name string) bool {
	for _, f := range c.Flags {
		if _, ok := f.(*cli.BoolFlag); ok && slices.Contains(f.Names(), name) {
			return true
		}
	}
	return false
}

func TestHelpShowsExamples(t *testing.T) {
	for _, args := range [][]string{{"help", "run"}, {"run", "--help"}, {"test", "--help"}} {
		out, _, code := execsimNew(t, args...)
		if code != exitOK || !strings.Contains(out, "Examples:\n") {
			t.Errorf("execsim %s: exit %d, no examples:\n%s", strings.Join(args, " "), code, out)
		}
	}
}

func TestAddExamples(t *testing.T) {
	cases := []struct {
		name, before, want string
	}{
		{"appended to a description", "Does things.", "Does things.\n\nExamples:\n  execsim scenarios"},
		{"trailing newlines trimmed", "Does things.\n\n", "Does things.\n\nExamples:\n  execsim scenarios"},
		{"no description", "", "Examples:\n  execsim scenarios"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := &cli.Command{Name: "scenarios", Description: tc.before}
			addExamples([]*cli.Command{c})
			addExamples([]*cli.Command{c}) // twice changes nothing
			if c.Description != tc.want {
				t.Errorf("Description = %q; want %q", c.Description, tc.want)
			}
		})
	}
}
