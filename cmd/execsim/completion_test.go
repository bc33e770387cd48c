package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platforms"
)

func TestCompletionScripts(t *testing.T) {
	var out, errOut strings.Builder
	app := withNew(newApp(&out, &errOut), platforms.Default())
	for _, shell := range []string{"bash", "zsh"} {
		t.Run(shell, func(t *testing.T) {
			script, errText, code := execsimNew(t, "completion", shell)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errText)
			}
			want := []string{"execsim", "--junit", "--seed", "--set", "--update", "--version", "builtin:steady"}
			for _, c := range app.Commands {
				want = append(want, c.Name)
			}
			for _, w := range want {
				if !strings.Contains(script, w) {
					t.Errorf("the %s script does not mention %s", shell, w)
				}
			}
			if path, err := exec.LookPath(shell); err == nil {
				f := filepath.Join(t.TempDir(), "execsim."+shell)
				if err := os.WriteFile(f, []byte(script), 0o644); err != nil {
					t.Fatal(err)
				}
				if b, err := exec.Command(path, "-n", f).CombinedOutput(); err != nil {
					t.Errorf("%s -n: %v\n%s", shell, err, b)
				}
			}
		})
	}
	for _, args := range [][]string{{"completion"}, {"completion", "fish"}, {"completion", "bash", "zsh"}} {
		if _, errText, code := execsimNew(t, args...); code != exitInput || !strings.Contains(errText, "bash or zsh") {
			t.Errorf("%v: exit %d %q; want %d and the shells", args, code, errText, exitInput)
		}
	}
}

// The bash script, run by bash on a command line, offers what it should.
func TestBashCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	script, _, code := execsimNew(t, "completion", "bash")
	if code != exitOK {
		t.Fatal("no script")
	}
	dir := t.TempDir()
	for _, d := range []string{"cases", "out"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"api.yaml", "api.golden", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "execsim.bash"), []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		line string
		want []string // exactly these, sorted
		has  []string // at least these
	}{
		{line: "execsim ", has: []string{"run", "sweep", "test", "completion", "version", "scenarios"}},
		{line: "execsim te", want: []string{"test"}},
		{line: "execsim tu", want: []string{"tune"}},
		{line: "execsim tune --me", want: []string{"--memory", "--memprofile"}}, // the profile flag is a tune flag too
		{line: "execsim tune --mem", want: []string{"--memory", "--memprofile"}},
		{line: "execsim tune --memo", want: []string{"--memory"}},
		{line: "execsim tune builtin:java", want: []string{"java-cold-start"}},
		{line: "execsim breakeven --lam", want: nil}, // --lambda-memory moved to tune: hidden
		{line: "execsim --v", want: []string{"--version"}},
		{line: "execsim run --s", want: []string{"--seed", "--set"}},
		{line: "execsim test --ju", want: []string{"--junit"}},
		{line: "execsim test cases --up", want: []string{"--update"}},
		{line: "execsim run builtin:st", want: []string{"steady"}},
		{line: "execsim run a", want: []string{"api.yaml"}},
		{line: "execsim validate --prices ", has: []string{"api.yaml", "builtin:steady", "cases", "out"}},
		{line: "execsim test ", want: []string{"cases", "out"}},
		{line: "execsim test cases --junit ", want: []string{"api.golden", "api.yaml", "cases", "execsim.bash", "notes.txt", "out"}},
		{line: "execsim run api.yaml --out o", want: []string{"out"}},
		{line: "execsim run api.yaml --out=o", want: []string{"out"}},
		{line: "execsim run api.yaml --seed ", want: nil},
		{line: "execsim completion ", want: []string{"bash", "zsh"}},
		{line: "execsim version ", want: nil},
		{line: "execsim nosuch ", want: nil},
	}
	for _, tc := range cases {
		t.Run(tc.line, func(t *testing.T) {
			// COMP_WORDS as bash splits them at spaces; the script reads
			// the current word from COMP_LINE.
			const probe = `source ./execsim.bash
read -r -a COMP_WORDS <<< "$LINE"
[[ $LINE == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE=$LINE
COMP_POINT=${#LINE}
_execsim
printf '%s\n' "${COMPREPLY[@]}" | sort`
			cmd := exec.Command(bash, "--norc", "-c", probe)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "LINE="+tc.line)
			b, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v\n%s", err, b)
			}
			got := strings.Fields(string(b))
			if tc.has == nil && strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("completing %q = %q; want %q", tc.line, got, tc.want)
			}
			for _, w := range tc.has {
				if !slices.Contains(got, w) {
					t.Errorf("completing %q = %q; want %s among them", tc.line, got, w)
				}
			}
		})
	}
}
