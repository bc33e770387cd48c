package checks

import (
	"bytes"
	"encoding/xml"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/execsim/execsim/internal/golden"
	"github.com/execsim/execsim/scenarios/scenario"
)

// outcomes are one of each verdict.
func outcomes() ([]string, []Outcome) {
	return []string{"pass", "drift", "expect", "bad", "bug", "gone.golden"}, []Outcome{
		{Job: Job{Ref: "scenarios/pass.yaml", Golden: "scenarios/pass.golden"}},
		{Job: Job{Ref: "scenarios/drift.yml", Version: "execsim v2"}, GoldenVersion: "execsim v1", Drift: []Drift{
			{Field: "lambda.latency_ms.p99", Golden: "500", Now: "530", Change: "+6.00%", Tolerance: "2% (±10)"},
			{Field: "lambda.cost.breakdown.a & <b>", Golden: "0.1", Now: "0.2", Change: "+100.00%", Tolerance: "exact"},
		}},
		{Failed: []Failure{{Expect: Expectation{Field: "lambda.throttled", Op: Eq, Amount: Amount{Text: "0"}},
			Field: "lambda.throttled", Got: "12"}}},
		{Err: scenario.InputError(errors.New("scenario bad.yaml: line 3: lambda: unknown field \"memoryMb\"\n  lambda.timeout: must be positive"))},
		{Err: errors.New("scenario bug.yaml: conservation broken")},
		// a golden file without a scenario: the file is the golden
		{Job: Job{Golden: "scenarios/gone.golden"}, Err: scenario.InputError(errors.New("the golden file scenarios/gone.golden has no scenario"))},
	}
}

func TestWriteJUnit(t *testing.T) {
	names, outs := outcomes()
	var b bytes.Buffer
	if err := WriteJUnit(&b, "execsim test scenarios", names, outs); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/junit.golden", b.Bytes())
	var suite junitSuite
	if err := xml.Unmarshal(b.Bytes(), &suite); err != nil {
		t.Fatalf("the JUnit file is not XML: %v", err)
	}
	if suite.Tests != 6 || suite.Failures != 2 || suite.Errors != 3 || len(suite.Cases) != 6 {
		t.Errorf("suite: %d tests, %d failures, %d errors, %d cases; want 6, 2, 3, 6", suite.Tests, suite.Failures, suite.Errors, len(suite.Cases))
	}
	var files []string
	for _, c := range suite.Cases {
		files = append(files, c.File)
	}
	if want := []string{"scenarios/pass.yaml", "scenarios/drift.yml", "", "", "", "scenarios/gone.golden"}; !slices.Equal(files, want) {
		t.Errorf("testcase files = %q; want %q", files, want)
	}
}

func TestReport(t *testing.T) {
	_, outs := outcomes()
	eight := uint64(8)
	cases := []struct {
		name string
		o    Outcome
		want string
	}{
		{name: "pass", o: outs[0], want: ""},
		{name: "drift between versions", o: outs[1], want: "> the golden was written by execsim v1; this is execsim v2\n" +
			"> field                          golden  now  change    tolerance\n" +
			"> lambda.latency_ms.p99          500     530  +6.00%    2% (±10)\n" +
			"> lambda.cost.breakdown.a & <b>  0.1     0.2  +100.00%  exact\n"},
		{name: "another seed", o: Outcome{Job: Job{Seed: &eight}, Seed: 8, GoldenSeed: "42", TextDiffers: true, TextDiff: "- seed 42\n+ seed 8\n"},
			want: "> the golden was written with seed 42; this run used seed 8 (--seed), so every random draw differs\n" +
				"> golden text (- golden, + now):\n> - seed 42\n> + seed 8\n"},
		// the walk-through's "(--seed)" with no --seed given
		{name: "the scenario's seed", o: Outcome{Seed: 7, GoldenSeed: "8", TextDiffers: true},
			want: "> the golden was written with seed 8; this run used seed 7 (the scenario's seed:), so every random draw differs\n"},
		{name: "a seed from --set", o: Outcome{Job: Job{Overrides: []scenario.Override{{Path: "seed", Value: "9"}}}, Seed: 9, GoldenSeed: "8", TextDiffers: true},
			want: "> the golden was written with seed 8; this run used seed 9 (--set seed=9), so every random draw differs\n"},
		{name: "values without an exponent", o: Outcome{Job: Job{Version: "v"}, GoldenVersion: "v", Drift: []Drift{
			{Field: "lambda.cost.breakdown.lambda init x86_64", Golden: "8e-06", Now: "5e-06", Change: "-37.50%", Tolerance: "exact"}}},
			want: "> field                                     golden    now       change   tolerance\n" +
				"> lambda.cost.breakdown.lambda init x86_64  0.000008  0.000005  -37.50%  exact\n"},
		{name: "the same seed says nothing of it", o: Outcome{Seed: 42, GoldenSeed: "42", TextDiffers: true, TextDiff: "- a\n+ b\n"},
			want: "> golden text (- golden, + now):\n> - a\n> + b\n"},
		{name: "expectation", o: outs[2], want: "> expect lambda.throttled == 0: got 12\n"},
		{name: "text only, with its diff", o: Outcome{TextDiffers: true, TextDiff: "- a\n+ b\n"},
			want: "> golden text (- golden, + now):\n> - a\n> + b\n"},
		{name: "error", o: outs[3], want: "> scenario bad.yaml: line 3: lambda: unknown field \"memoryMb\"\n>   lambda.timeout: must be positive\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.o.Report("> ", false); got != tc.want {
				t.Errorf("Report =\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// A passed case whose golden has no digest line carries the warning in
// its system-err, which CI shows beside it; a sealed one carries none
// (review5: deleting the digest line passed without a word).
func TestJUnitWarnsOfAnUnsealedGolden(t *testing.T) {
	outs := []Outcome{
		{Job: Job{Ref: "s/old.yaml", Golden: "s/old.golden"}, Gold: File{bodyLine: 2}},
		{Job: Job{Ref: "s/new.yaml", Golden: "s/new.golden"}, Gold: File{bodyLine: 3, Sealed: true}},
	}
	var b bytes.Buffer
	if err := WriteJUnit(&b, "execsim test s", []string{"old", "new"}, outs); err != nil {
		t.Fatal(err)
	}
	var suite junitSuite
	if err := xml.Unmarshal(b.Bytes(), &suite); err != nil {
		t.Fatalf("the JUnit file is not XML: %v", err)
	}
	if suite.Failures != 0 || suite.Errors != 0 {
		t.Errorf("%d failures, %d errors; want both passed", suite.Failures, suite.Errors)
	}
	if got := suite.Cases[0].SystemErr; !strings.Contains(got, `golden file s/old.golden has no "# digest" line`) {
		t.Errorf("the unsealed case's system-err = %q; want the warning", got)
	}
	if got := suite.Cases[1].SystemErr; got != "" {
		t.Errorf("the sealed case's system-err = %q; want none", got)
	}
}
