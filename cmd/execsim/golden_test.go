package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// execsim golden writes the version line, the exact text and the fields,
// and checks one scenario with the same rules as execsim test.
func TestGoldenFile(t *testing.T) {
	cases := []struct {
		name     string
		scenario string
		mutate   func(t *testing.T, golden string)
		args     []string
		code     int
		want     []string
	}{
		{name: "unchanged", scenario: good, code: exitOK, want: []string{"ok: "}},
		{name: "a field moved", scenario: good,
			mutate: func(t *testing.T, g string) { ciEditField(t, g, "lambda.cold_starts", "99") },
			code:   exitDiffers, want: []string{"no longer matches", "lambda.cold_starts  99"}},
		{name: "within its tolerance", scenario: good + p99Tolerance,
			mutate: func(t *testing.T, g string) { ciScaleField(t, g, "lambda.latency_ms.p99", 1.015) }, code: exitOK, want: []string{"ok: "}},
		{name: "beyond its tolerance", scenario: good + p99Tolerance,
			mutate: func(t *testing.T, g string) { ciScaleField(t, g, "lambda.latency_ms.p99", 0.9) },
			code:   exitDiffers, want: []string{"no longer matches", "lambda.latency_ms.p99", "2% (±"}},
		{name: "another execsim wrote it", scenario: good,
			mutate: func(t *testing.T, g string) {
				text := readFile(t, g)
				if err := os.WriteFile(g, []byte("# execsim v9.9.9"+text[strings.Index(text, "\n"):]), 0o644); err != nil {
					t.Fatal(err)
				}
				ciEditField(t, g, "lambda.cold_starts", "99")
			},
			code: exitDiffers, want: []string{"the golden was written by execsim v9.9.9; this is execsim v"}},
		{name: "the text moved: the line diff follows", scenario: good, args: []string{"--set", "lambda.memoryMB=1024"},
			code: exitDiffers, want: []string{"no longer matches", "\ngolden text (- golden, + now):\n", "\n- latency mean", "\n+ latency mean"}},
		{name: "a broken golden file", scenario: good,
			mutate: func(t *testing.T, g string) {
				if err := os.WriteFile(g, []byte(readFile(t, g)+"x y z\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			},
			code: exitInput, want: []string{`is not a field line: " z" after the value`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := writeScenario(t, tc.scenario)
			g := filepath.Join(t.TempDir(), "s.golden")
			if out, errOut, code := execsimNew(t, "golden", "--golden", g, "--update", f); code != exitOK {
				t.Fatalf("--update: exit %d %s%s", code, out, errOut)
			}
			if tc.mutate != nil {
				tc.mutate(t, g)
			}
			out, errOut, code := execsimNew(t, append([]string{"golden", "--golden", g, f}, tc.args...)...)
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

func TestGoldenFileFormat(t *testing.T) {
	f := writeScenario(t, good)
	g := filepath.Join(t.TempDir(), "s.golden")
	if _, errOut, code := execsimNew(t, "golden", "--golden", g, "--update", f); code != exitOK {
		t.Fatalf("--update: exit %d %s", code, errOut)
	}
	text := readFile(t, g)
	for _, w := range []string{"# execsim v", "\nscenario small\nseed 5\n", "\n\n[fields]\nduration_s ", "\nlambda.latency_ms.p99 ",
		"\n\"lambda.cost.breakdown.lambda requests\" "} {
		if !strings.Contains(text, w) {
			t.Errorf("the golden file lacks %q:\n%s", w, text)
		}
	}
}

// --update writes the file even when an expectation fails, and says so.
func TestGoldenUpdateChecksExpectations(t *testing.T) {
	f := writeScenario(t, good+"expect: {lambda.latency_ms.max: \"< 1ms\"}\n")
	g := filepath.Join(t.TempDir(), "s.golden")
	out, errOut, code := execsimNew(t, "golden", "--golden", g, "--update", f)
	if code != exitDiffers || !strings.Contains(out, "wrote "+g) || !strings.Contains(errOut, "fails its expectations:\n  expect lambda.latency_ms.max < 1ms: got ") {
		t.Errorf("exit %d; want %d, the file written and the expectation:\n%s%s", code, exitDiffers, out, errOut)
	}
}
