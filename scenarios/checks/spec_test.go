package checks

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platforms"
	"github.com/execsim/execsim/scenarios/scenario"
)

const base = `name: small
seed: 5
duration: 2m
workload:
  arrivals: {process: poisson, ratePerSecond: 10}
  work: {cpu: "exp(mean=10ms)", io: "exp(mean=50ms)"}
lambda: {memoryMB: 512, runtime: go}
`

func TestSplit(t *testing.T) {
	cases := []struct {
		name       string
		src        string
		want       string // the scenario text; "" means src unchanged
		tolerances []string
		expect     []string
		wantErr    []string
	}{
		{name: "no keys", src: base},
		{name: "invalid YAML is left to the decoder", src: "name: x\n  bad: [\n"},
		{name: "block sections at the end",
			src:        base + "golden:\n  tolerance:\n    lambda.latency_ms.p99: 2%\n    lambda.cost.total_usd: $0.01\nexpect:\n  lambda.throttled: 0\n  lambda.latency_ms.p99: <= 800ms\n",
			want:       base + "\n\n\n\n\n\n\n",
			tolerances: []string{"lambda.latency_ms.p99 2%", "lambda.cost.total_usd $0.01"},
			expect:     []string{"lambda.throttled == 0", "lambda.latency_ms.p99 <= 800ms"}},
		{name: "flow sections in the middle keep the lines after them",
			src:        "name: small\ngolden: {tolerance: {\"*\": 5%}}\nexpect: {lambda.failed: \"< 1%\"}\nseed: 5\n",
			want:       "name: small\n\n\nseed: 5\n",
			tolerances: []string{"* 5%"},
			expect:     []string{"lambda.failed < 1%"}},
		{name: "a second document is left alone",
			src:  "name: small\nexpect: {lambda.failed: 0}\n---\nname: other\n",
			want: "name: small\n\n---\nname: other\n", expect: []string{"lambda.failed == 0"}},
		{name: "flow mapping at the top is re-encoded",
			src:  "{name: small, expect: {lambda.failed: 0}, seed: 5}\n",
			want: "name: small\nseed: 5\n", expect: []string{"lambda.failed == 0"}},
		{name: "empty sections", src: "name: small\ngolden:\nexpect:\n", want: "name: small\n\n\n"},
		{name: "every problem, each with its line",
			src:  "name: small\ngolden:\n  tolerance: {a: 2 percent, e: , b: -1%}\n  tolerence: {}\nexpect:\n  c: \"<= fast\"\n  d: [1]\n  \"[\": 1\n",
			want: "name: small\n\n\n\n\n\n\n\n",
			wantErr: []string{
				`line 3: golden.tolerance.a: "2 percent" is not a number`,
				"line 3: golden.tolerance.e: no value (write a share of the golden value, 2%, or an amount in the field's unit: 5ms, $0.01, 3)",
				"line 3: golden.tolerance.b: a tolerance cannot be negative (got -1%)",
				`line 4: golden: unknown field "tolerence" (allowed: tolerance)`,
				`line 6: expect.c: "fast" is not a number`,
				"line 7: expect: each entry must be `field: value`",
				`line 8: expect: "[" is not a field name or pattern`,
			}},
		// walk11 #5: true and false are for expectations, with ==
		{name: "a yes/no value where it cannot apply",
			src:  "name: small\ngolden:\n  tolerance: {a.slo.met: true}\nexpect:\n  b.slo.met: \"<= true\"\n",
			want: "name: small\n\n\n\n\n",
			wantErr: []string{
				"line 3: golden.tolerance.a.slo.met: a tolerance is an amount, not true",
				"line 5: expect.b.slo.met: <= true compares a yes/no value; write true alone",
			}},
		// hostile #6: kept as YAML, these mappings let the last
		// expectation (or the first tolerance) win without a word
		{name: "a key twice",
			src:        "name: small\ngolden:\n  tolerance: {a: 2%, a: 5%}\n  tolerance: {}\nexpect:\n  lambda.throttled: 0\n  lambda.throttled: 5\n",
			want:       "name: small\n\n\n\n\n\n\n",
			tolerances: []string{"a 2%"}, expect: []string{"lambda.throttled == 0"},
			wantErr: []string{
				`line 3: golden.tolerance: mapping key "a" already defined at line 3`,
				`line 4: golden: mapping key "tolerance" already defined at line 3`,
				`line 7: expect: mapping key "lambda.throttled" already defined at line 6`,
			}},
		{name: "golden must be a mapping", src: "name: x\ngolden: 5%\n", want: "name: x\n\n",
			wantErr: []string{"line 2: golden: must be a mapping"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			text, spec, err := Split([]byte(tc.src))
			want := tc.want
			if want == "" {
				want = tc.src
			}
			if string(text) != want {
				t.Errorf("Split text = %q; want %q", text, want)
			}
			var tols, exps []string
			for _, x := range spec.Tolerances {
				tols = append(tols, x.Field+" "+x.Amount.Text)
			}
			for _, x := range spec.Expect {
				exps = append(exps, x.String())
			}
			if strings.Join(tols, "; ") != strings.Join(tc.tolerances, "; ") || strings.Join(exps, "; ") != strings.Join(tc.expect, "; ") {
				t.Errorf("Split tolerances %q, expect %q; want %q, %q", tols, exps, tc.tolerances, tc.expect)
			}
			if len(tc.wantErr) == 0 {
				if err != nil {
					t.Errorf("Split error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Split error = nil; want %q", tc.wantErr)
			}
			if got := strings.Split(err.Error(), "\n"); len(got) != len(tc.wantErr) {
				t.Errorf("Split gave %d problems; want %d:\n%v", len(got), len(tc.wantErr), err)
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Split error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

// The decoder's line numbers still point into the file after Split.
func TestSplitKeepsLineNumbers(t *testing.T) {
	src := "golden:\n  tolerance: {lambda.latency_ms.p99: 2%}\n" + strings.Replace(base, "memoryMB: 512", "memoryMb: 512", 1)
	text, _, err := Split([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	_, err = scenario.Parse(text, nil, platforms.Default())
	if err == nil || !strings.Contains(err.Error(), `line 9: lambda: unknown field "memoryMb"`) {
		t.Errorf("Parse after Split: %v; want the misspelt key on line 9", err)
	}
}
