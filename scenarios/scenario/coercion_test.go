package scenario_test

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/scenario"
)

// Nothing the user wrote is changed or dropped without a word (issue 11):
// each of these used to be coerced or ignored.
func TestNoSilentCoercions(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		set       []scenario.Override
		want      string
	}{
		{"an explicit zero duration", "name: d\nduration: 0s\n" + body, nil, "duration: must be between 1ns and 8784h0m0s (got 0s)"},
		{"an explicit zero window", "name: d\nwindow: 0s\n" + body, nil, "window: must be positive and at most the duration (1h0m0s) (got 0s)"},
		{"too many windows", "name: d\nwindow: 1ms\n" + body, nil, "window: at most 100000 windows per run (1h0m0s / 1ms is 3600000): give a longer window (got 1ms)"},
		{"a duration past the clock", "name: d\nduration: 3000000h\n" + body, nil, `line 2: duration: "3000000h" is not a duration: longer than the longest duration execsim can hold`},
		{"an exponent", "name: d\nduration: 1e6s\n" + body, nil, `line 2: duration: "1e6s" is not a duration: exponents are not accepted; write 277h46m40s`},
		{"a fraction of a replica", "name: d\n" + body + "kubernetes: {replicas: 2.5}\n", nil, `line 4: kubernetes.replicas: "2.5" is not an integer`},
		{"a seed past 2^64", "name: d\nseed: 18446744073709551616\n" + body, nil, "line 2: seed: 18446744073709551616 is too large (at most 18446744073709551615)"},
		{"a second document", "name: d\n" + body + "---\nname: e\n", nil, "line 4: a scenario file holds one YAML document"},
		{"an empty --set", "name: d\n" + body, []scenario.Override{{Path: "lambda.memoryMB", Value: ""}}, "--set lambda.memoryMB=: the value is empty"},
		{"an unknown region", "name: d\n" + strings.Replace(body, "lambda: {}", "lambda: {region: us-east-7}", 1), nil, `lambda.region: not an AWS region with Lambda (did you mean us-east-1?) (got us-east-7)`},
		{"a spike after the end", "name: d\nduration: 10m\nworkload: {arrivals: {process: spike, ratePerSecond: 1, multiplier: 5, at: 20m, for: 1m}, work: {io: 1s}}\nlambda: {}\n", nil,
			"workload.arrivals.at: the spike starts after the run ends (10m0s) (got 20m0s)"},
		{"replications past the cap without a sweep", "name: d\nreplications: 100000000\n" + body, nil, "replications: at most 100000 runs (points × replications) (got 100000000)"},
		{"an integer past its field", "name: d\n" + body + "kubernetes: {replicas: 9223372036854775808}\n", nil, "line 4: kubernetes.replicas: 9223372036854775808 is too large (at most 9223372036854775807)"},
		{"a negative seed", "name: d\nseed: -1\n" + body, nil, "line 2: seed: -1 is negative (this field is a count from 0)"},
		{"a malformed second document", "name: d\n" + body + "---\n: [\n", nil, "a scenario file holds one YAML document; after it comes more, and it is not valid YAML"},
		{"a control character in the name", "name: \"d\\x1b[2J\"\n" + body, nil, `name: must not contain control characters`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := scenario.Parse([]byte(tc.src), tc.set, platformtest.Registry())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v\nwant %q", err, tc.want)
			}
		})
	}
}

const body = "workload: {arrivals: {ratePerSecond: 1}, work: {io: 1s}}\nlambda: {}\n"

// CheckPoints finds a bad value inside sweep: without running anything.
// A value the decoder cannot take is reported once, by the decoder: not
// again by compiling, which sees it unset ("duration: must be between 1ns
// and 8784h0m0s (got 0s)"); other compile problems still come.
func TestMistypedValueReportedOnce(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"an exponent", "name: d\nduration: 3.6e3s\n" + body, `line 2: duration: "3.6e3s" is not a duration: exponents are not accepted; write 1h0m0s`},
		{"an exponent beside a bad value", "name: d\nduration: 3.6e3s\n" + strings.Replace(body, "lambda: {}", "lambda: {memoryMB: 64, timeout: 3e1s}", 1),
			`line 2: duration: "3.6e3s" is not a duration: exponents are not accepted; write 1h0m0s` + "\n" +
				`line 4: lambda.timeout: "3e1s" is not a duration: exponents are not accepted; write 30s` + "\n" +
				"lambda.memoryMB: must be between 128 and 10240 (got 64)"},
		// walk9 #8: a typo'd key leaves the field it meant unset, and a
		// value without a unit leaves every function that inherits it at
		// 0s; neither zero is the user's
		{"a misspelt key", "name: d\nservices:\n  - {name: a, arrivals: {ratePerSeconds: 5}, work: {io: 1s}}\nlambda: {}\n",
			`line 3: services[0].arrivals: unknown field "ratePerSeconds" (did you mean ratePerSecond?)`},
		{"a misspelt key beside a zero written", "name: d\nservices:\n  - {name: a, arrivals: {ratePerSecond: 0, bogus: 1}, work: {io: 1s}}\nlambda: {}\n",
			`line 3: services[0].arrivals: unknown field "bogus" (allowed: process, spacing, ratePerSecond, profile, interpolation, repeat, days, meanRatePerSecond, amplitude, period, peakAt, spikeRatePerSecond, multiplier, at, for, burstRatePerSecond, every, burstSeed, hours, compress)` + "\n" +
				"services[0].arrivals.ratePerSecond: must be positive (got 0)"},
		// inputs10 #1: the misspelt key stands in only for the field it
		// was taken for; another field missing beside it is reported in
		// the same run, not on the next
		{"a missing name beside a misspelt key", "durration: 1m\nservices:\n  - {name: a, arrivals: {ratePerSecond: 1}, work: {io: 1s}}\nlambda: {}\n",
			`line 1: unknown field "durration" (did you mean duration?)` + "\n" +
				"name: a scenario needs a name"},
		{"a missing rate beside a misspelt key", "name: d\nservices:\n  - {name: a, arrivals: {ratePerSecond: 1}, work: {io: 1s}}\n  - {name: b, arrivls: {ratePerSecond: 1}, wrk: {io: 1s}}\nlambda: {}\n",
			`line 4: services[1]: unknown field "arrivls" (did you mean arrivals? allowed: name, platform, arrivals, work, slo, kubernetes, lambda, knative)` + "\n" +
				`line 4: services[1]: unknown field "wrk" (did you mean work? allowed: name, platform, arrivals, work, slo, kubernetes, lambda, knative)`},
		// and a misspelt platform section is not also "no platform section"
		{"a misspelt platform section", "name: d\nservices:\n  - {name: a, arrivals: {ratePerSecond: 1}, work: {io: 1s}}\nlambdaa: {}\n",
			`line 4: unknown field "lambdaa" (did you mean lambda?)`},
		{"an unknown key that is no platform section", "name: d\nservices:\n  - {name: a, arrivals: {ratePerSecond: 1}, work: {io: 1s}}\nfunctions: {}\n",
			`line 4: unknown field "functions" (allowed: name, description, seed, duration, window, warmup, slo, workload, fleet, services, kubernetes, lambda, knative, placement, cost, sweep, replications, golden, expect)` + "\n" +
				"a scenario needs at least one platform section (kubernetes: or lambda: or knative:)"},
		{"a section's default every function inherits", "name: d\nservices:\n  - {name: a, arrivals: {ratePerSecond: 1}, work: {io: 1s}}\n  - {name: b, arrivals: {ratePerSecond: 1}, work: {io: 1s}}\nlambda: {timeout: 10000}\n",
			`line 5: lambda.timeout: "10000" is not a duration (write it as a string with a unit, e.g. "600s" or "10m")`},
		{"one service's override", "name: d\nservices:\n  - {name: a, arrivals: {ratePerSecond: 1}, work: {io: 1s}, lambda: {memoryMB: 2GB}}\n  - {name: b, arrivals: {ratePerSecond: 1}, work: {io: 1s}, lambda: {memoryMB: 64}}\nlambda: {}\n",
			`line 3: services[0].lambda.memoryMB: "2GB" is not an integer: memoryMB takes whole megabytes; 2GB is 2048` + "\n" +
				"lambda.memoryMB (function b): must be between 128 and 10240 (got 64)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := scenario.Parse([]byte(tc.src), nil, platformtest.Registry())
			if err == nil || err.Error() != tc.want {
				t.Errorf("error:\n%v\nwant:\n%s", err, tc.want)
			}
		})
	}
}

func TestCheckPointsFindsBadSweepValues(t *testing.T) {
	plan := platformtest.Plan(t, "name: d\n"+body+"sweep: {lambda.memoryMB: [256, 64, 99999]}\n")
	err := plan.CheckPoints()
	if err == nil {
		t.Fatal("no error")
	}
	for _, w := range []string{"sweep point p001-memoryMB=64", "got 64", "sweep point p002-memoryMB=99999", "got 99999"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
	if err := platformtest.Plan(t, "name: d\n"+body+"sweep: {lambda.memoryMB: [256, 512]}\n").CheckPoints(); err != nil {
		t.Errorf("good sweep: %v", err)
	}
}

// One problem, one message: the decoder's own message about a value the
// scalar check already named is left out.
func TestOneMessagePerValue(t *testing.T) {
	_, err := scenario.Parse([]byte("name: d\n"+body+"kubernetes: {replicas: 99999999999999999999}\n"), nil, platformtest.Registry())
	if err == nil || strings.Count(err.Error(), "line 4:") != 1 {
		t.Errorf("error %v; want one message for line 4", err)
	}
}

// Anchors, aliases and merge keys are YAML: accepted where their keys are
// known, and their keys checked where they land.
func TestAliasesAndMergeKeys(t *testing.T) {
	ok := "name: d\nservices:\n  - &a {name: a, arrivals: {ratePerSecond: 1}, work: {io: 1s}}\n  - <<: *a\n    name: b\nlambda: {}\n"
	plan, err := scenario.Parse([]byte(ok), nil, platformtest.Registry())
	if err != nil || len(plan.Workload.Services) != 2 || plan.Workload.Services[1].Name != "b" {
		t.Fatalf("a merged service: %v", err)
	}
	bad := "name: d\nkubernetes: &k {replicas: 2}\nworkload: {arrivals: {ratePerSecond: 1}, work: {io: 1s}}\nlambda: *k\n"
	if _, err := scenario.Parse([]byte(bad), nil, platformtest.Registry()); err == nil || !strings.Contains(err.Error(), `lambda: unknown field "replicas"`) {
		t.Errorf("kubernetes keys under lambda through an alias: %v", err)
	}
}

// With --set, the problems reported are those of the scenario as it would
// run, not of the file before the overrides.
func TestSetIsNotIgnoredWhenTheFileHasProblems(t *testing.T) {
	src := "name: d\nworkload: {arrivals: {ratePerSecond: 1}, work: {io: 1s}}\nlambda: {memoryMB: 64, foo: 1}\n"
	_, err := scenario.Parse([]byte(src), []scenario.Override{{Path: "lambda.memoryMB", Value: "512"}}, platformtest.Registry())
	if err == nil || !strings.Contains(err.Error(), `unknown field "foo"`) || strings.Contains(err.Error(), "got 64") {
		t.Errorf("error %v; want the unknown field and not the overridden memory", err)
	}
}

// --set reaches a price by its path as validate --prices prints it, into
// a file's flat prices: mapping too (walk4).
func TestSetAPriceByItsPath(t *testing.T) {
	src := "name: d\nworkload: {arrivals: {ratePerSecond: 1}, work: {io: 1s}}\nlambda: {}\ncost: {prices: {lambda.gbSecondX86USD: 0.00002}}\n"
	plan, err := scenario.Parse([]byte(src), []scenario.Override{{Path: "cost.prices.lambda.requestsPerMillionUSD", Value: "0.3"}}, platformtest.Registry())
	if err != nil {
		t.Fatal(err)
	}
	if got := plan.Cost.Prices.Lambda.RequestsPerMillionUSD; got != 0.3 {
		t.Errorf("requests per million %g; want 0.3", got)
	}
	if got := plan.Cost.Prices.Lambda.X86_64.GBSecond[0].PriceUSD; got != 0.00002 {
		t.Errorf("the file's GB-second price %g; want 0.00002 kept", got)
	}
}

// An empty price reaches the user with its line from a file, and without
// one from --set, and stops the scenario (exit 2) instead of pricing the
// item at 0; every empty price is named, not only the first.
func TestEmptyPriceIsAnError(t *testing.T) {
	const base = "name: d\nworkload: {arrivals: {ratePerSecond: 1}, work: {io: 1s}}\nlambda: {}\n"
	for _, tc := range []struct {
		name, src string
		set       []scenario.Override
		want      []string
	}{
		{"in the file", base + "cost:\n  prices:\n    lambda.requestsPerMillionUSD:\n    lambda.gbSecondX86USD: ~\n", nil,
			[]string{"line 6: cost.prices.lambda.requestsPerMillionUSD: the price is empty", "line 7: cost.prices.lambda.gbSecondX86USD: the price is empty (got ~)"}},
		{"by --set", base, []scenario.Override{{Path: "cost.prices.lambda.requestsPerMillionUSD", Value: "null"}},
			[]string{"--set cost.prices.lambda.requestsPerMillionUSD: the price is empty (got null)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := scenario.Parse([]byte(tc.src), tc.set, platformtest.Registry())
			if err == nil {
				t.Fatal("no error; want the empty price named")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %v; want %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "invalid YAML") {
				t.Errorf("error %v; want the price named, not the YAML called invalid", err)
			}
		})
	}
}

// With several --set flags each problem is named by the --set that caused
// it, an unknown key's too (walk13 #6: one decoding of them all put every
// --set in front of each problem, and an unknown key lost its --set).
func TestEachSetNamedByItsOwnProblem(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  []scenario.Override
		want string
	}{
		{"a bad value beside a good one", []scenario.Override{{Path: "kubernetes.replicas", Value: "2"}, {Path: "workload.arrivals.ratePerSecond", Value: "abc"}},
			`--set workload.arrivals.ratePerSecond: "abc" is not a number`},
		{"an unknown key beside a bad value", []scenario.Override{{Path: "lambda.memorymb", Value: "2048"}, {Path: "lambda.timeout", Value: "5"}},
			"--set lambda.memorymb: lambda: unknown field \"memorymb\" (did you mean memoryMB?)\n" +
				`--set lambda.timeout: "5" is not a duration (write it as a string with a unit, e.g. "600s" or "10m")`},
		// the first key's line was a line of the re-encoded text (rev14c)
		{"a key twice in a --set's value", []scenario.Override{{Path: "lambda", Value: "{memoryMB: 1024, memoryMB: 2048}"}},
			`--set lambda: mapping key "memoryMB" given twice in its value`},
		{"a price twice in a --set's value", []scenario.Override{{Path: "cost.prices", Value: "{lambda.requestsPerMillionUSD: 1, lambda.requestsPerMillionUSD: 2}"}},
			`--set cost.prices: mapping key "lambda.requestsPerMillionUSD" given twice in its value`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := scenario.Parse([]byte("name: d\n"+body+"kubernetes: {nodePools: [{instanceTypes: [m6i.large], nodes: 1}]}\n"), tc.set, platformtest.Registry())
			if err == nil || err.Error() != tc.want {
				t.Errorf("error %v\nwant %s", err, tc.want)
			}
		})
	}
}

// A number a field refuses is answered with how to write it: the unit a
// field's name ends in and the value in it ("1.5GB is not an integer"
// named neither, rev14c), a number in quotes, an exponent in an integer.
func TestRefusedNumberSaysHowToWriteIt(t *testing.T) {
	fleet := "name: d\nservices:\n  - {name: a, arrivals: {ratePerSecond: 1}, work: {io: 1s}}\n"
	for _, tc := range []struct {
		name, src string
		set       []scenario.Override
		want      string
	}{
		{"gigabytes in megabytes", "name: d\n" + strings.Replace(body, "lambda: {}", "lambda: {memoryMB: 1.5GB}", 1), nil,
			`line 3: lambda.memoryMB: "1.5GB" is not an integer: memoryMB takes whole megabytes; 1.5GB is 1536`},
		{"a fraction of a megabyte", "name: d\n" + strings.Replace(body, "lambda: {}", "lambda: {memoryMB: 1.5}", 1), nil,
			`line 3: lambda.memoryMB: "1.5" is not an integer: memoryMB takes whole megabytes, e.g. 1536 for 1.5 GB`},
		{"a word", "name: d\n" + strings.Replace(body, "lambda: {}", "lambda: {memoryMB: lots}", 1), nil,
			`line 3: lambda.memoryMB: "lots" is not an integer: memoryMB takes whole megabytes, e.g. 1536 for 1.5 GB`},
		{"a number in quotes", "name: d\n" + strings.Replace(body, "lambda: {}", "lambda: {memoryMB: \"1024\"}", 1), nil,
			`line 3: lambda.memoryMB: "1024" is not an integer; a number in quotes is a string: write it without them`},
		{"a rate in quotes", "name: d\nworkload: {arrivals: {ratePerSecond: '2.5'}, work: {io: 1s}}\nlambda: {}\n", nil,
			`line 2: workload.arrivals.ratePerSecond: "2.5" is not a number; a number in quotes is a string: write it without them`},
		{"an exponent in an integer", "name: d\n" + strings.Replace(body, "lambda: {}", "lambda: {memoryMB: 1.5e3}", 1), nil,
			`line 3: lambda.memoryMB: "1.5e3" is not an integer; write 1500`},
		{"cores in millicores", "name: d\n" + body + "kubernetes: {cpuRequestMilli: 0.5}\n", nil,
			`line 4: kubernetes.cpuRequestMilli: "0.5" is not an integer: cpuRequestMilli takes whole millicores; 0.5 is 500`},
		{"a Kubernetes quantity in MiB", fleet + "kubernetes: {memoryRequestMiB: 1.5Gi}\n", nil,
			`line 4: kubernetes.memoryRequestMiB: "1.5Gi" is not an integer: memoryRequestMiB takes whole mebibytes; 1.5Gi is 1536`},
		{"a percent sign", fleet + "kubernetes: {hpa: {targetCPUUtilizationPercent: 60%}}\n", nil,
			`line 4: kubernetes.hpa.targetCPUUtilizationPercent: "60%" is not an integer: targetCPUUtilizationPercent takes a whole percentage; 60% is 60`},
		{"kilobytes with their unit", "name: d\nworkload: {arrivals: {ratePerSecond: 1}, work: {io: 1s, payloadKB: 2KB}}\nlambda: {}\n", nil,
			`line 2: workload.work.payloadKB: "2KB" is not a number: payloadKB takes a number of kilobytes; 2KB is 2`},
		{"a --set", "name: d\n" + body, []scenario.Override{{Path: "lambda.memoryMB", Value: "2GB"}},
			`--set lambda.memoryMB: "2GB" is not an integer: memoryMB takes whole megabytes; 2GB is 2048`},
		{"a field without a unit", "name: d\n" + body + "kubernetes: {replicas: many}\n", nil,
			`line 4: kubernetes.replicas: "many" is not an integer`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := scenario.Parse([]byte(tc.src), tc.set, platformtest.Registry())
			if err == nil || strings.Split(err.Error(), "\n")[0] != tc.want {
				t.Errorf("error:\n%v\nwant first line:\n%s", err, tc.want)
			}
		})
	}
}

// A list or a single value where a mapping of fields goes names its
// field and the fields it takes, and is told alone: the decoder said
// "cannot unmarshal !!seq into scenario.ArrivalsFile", and compiling the
// zero it left added "workload.arrivals.ratePerSecond: must be positive
// (got 0)"; a list where io: goes added "workload.work: give cpu: and/or
// io:" (rev14c).
func TestShapeProblemToldAlone(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"a list where arrivals go", "name: d\nworkload: {arrivals: [1], work: {io: 1s}}\nlambda: {}\n",
			`line 2: workload.arrivals: a list is not a mapping; write its fields as key: value (allowed: process, `},
		{"a number where work goes", "name: d\nworkload: {arrivals: {ratePerSecond: 1}, work: 5}\nlambda: {}\n",
			`line 2: workload.work: "5" is not a mapping; write its fields as key: value (allowed: cpu, io, payloadKB)`},
		{"a number where retry goes", "name: d\n" + strings.Replace(body, "lambda: {}", "lambda: {retry: 3}", 1),
			`line 3: lambda.retry: "3" is not a mapping; write its fields as key: value (allowed: attempts, base, max, jitter)`},
		{"a list where a section goes", "name: d\nworkload: {arrivals: {ratePerSecond: 1}, work: {io: 1s}}\nlambda: [1]\n",
			`line 3: lambda: a list is not a mapping; write its fields as key: value (allowed: region, `},
		{"a list where io goes", "name: d\nworkload: {arrivals: {ratePerSecond: 1}, work: {io: [1s]}}\nlambda: {}\n",
			`line 2: workload.work.io: a list is not a string; write one value`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := scenario.Parse([]byte(tc.src), nil, platformtest.Registry())
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error:\n%v\nwant one line starting:\n%s", err, tc.want)
			}
		})
	}
}

// A refused value is told once, however many places an alias or a merge
// key lays it in (rev14c: the decoder refused it at each, by its one
// line, and the message came twice).
func TestAliasedMistypedValueToldOnce(t *testing.T) {
	src := "name: d\nservices:\n" +
		"  - {name: a, arrivals: {ratePerSecond: 1}, work: {io: 1s}, lambda: &lam {memoryMB: 1.5GB}}\n" +
		"  - {name: b, arrivals: {ratePerSecond: 1}, work: {io: 1s}, lambda: {<<: *lam, timeout: 10s}}\n" +
		"  - {name: c, arrivals: {ratePerSecond: 1}, work: {io: 1s}, lambda: *lam}\n" +
		"lambda: {}\n"
	want := `line 3: services[0].lambda.memoryMB: "1.5GB" is not an integer`
	_, err := scenario.Parse([]byte(src), nil, platformtest.Registry())
	if err == nil || strings.Count(err.Error(), want) != 1 {
		t.Errorf("error:\n%v\nwant %q once", err, want)
	}
}

// A --set value whose flow mapping has a key with an index in it, unquoted,
// is read by YAML as a list's start; the error says to quote it (and, for
// sweep=, to give the axis alone).
func TestSetValueBracketKey(t *testing.T) {
	for _, tc := range []struct{ set, want string }{
		{`sweep={services[0].lambda.memoryMB: [256, 512]}`,
			`(a key with [ ] must be quoted, {"services[0].lambda.memoryMB": …}, or give the axis alone: --set 'sweep.services[0].lambda.memoryMB=[…]')`},
		{`cost.prices={a: 1, b[1]: 2}`, `(a key with [ ] must be quoted: {"b[1]": …})`},
	} {
		o, err := scenario.ParseOverride(tc.set)
		if err != nil {
			t.Fatal(err)
		}
		_, err = scenario.Parse([]byte("name: d\n"+body), []scenario.Override{o}, platformtest.Registry())
		if err == nil || !strings.HasSuffix(err.Error(), tc.want) {
			t.Errorf("--set %s: error %v\nwant it to end %s", tc.set, err, tc.want)
		}
	}
}
