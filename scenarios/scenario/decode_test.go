package scenario_test

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/scenario"
)

const base = `name: d
workload:
  arrivals: {ratePerSecond: 5}
  work: {io: 100ms}
`

// Unknown keys are found at every depth, in platform sections and in the
// services' platform overrides, named by the full path of the mapping they
// sit in, with a hint; mistyped values name their line; all problems come at once, in
// document order.
func TestDecodeReportsEveryProblemWithItsLine(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"top level", base + "lambda: {}\nbogus: 1\n",
			[]string{`line 6: unknown field "bogus" (allowed: name, description, seed, duration, window, warmup, slo, workload, fleet, services, kubernetes, lambda, knative, placement, cost, sweep, replications, golden, expect)`}},
		{"misspelt top level", base + "lambda: {}\nlamda: {}\n",
			[]string{`line 6: unknown field "lamda" (did you mean lambda?)`}},
		{"in a platform section", base + "lambda: {memoryMb: 5}\n",
			[]string{`line 5: lambda: unknown field "memoryMb" (did you mean memoryMB?)`}},
		{"nested in a platform section", base + "lambda:\n  retry: {jiter: full}\n",
			[]string{`line 6: lambda.retry: unknown field "jiter" (did you mean jitter? allowed: attempts, base, max, jitter)`}},
		{"in a list", base + "kubernetes:\n  nodePools: [{nme: a}]\n",
			[]string{`line 6: kubernetes.nodePools[0]: unknown field "nme" (did you mean name? allowed: name, instanceTypes, capacity, zones, nodes, minNodes, maxNodes)`}},
		{"deep", base + "kubernetes:\n  hpa: {behavior: {scaleUp: {polices: []}}}\n",
			[]string{`line 6: kubernetes.hpa.behavior.scaleUp: unknown field "polices" (did you mean policies? allowed: stabilizationWindow, selectPolicy, policies, tolerance)`}},
		{"in the workload", "name: d\nworkload:\n  arrivals: {ratePerSecnd: 5}\n  work: {io: 100ms}\nlambda: {}\n",
			[]string{`line 3: workload.arrivals: unknown field "ratePerSecnd" (did you mean ratePerSecond?)`}},
		{"a profile's points under another name", "name: d\nworkload:\n  arrivals: {process: profile, points: []}\n  work: {io: 100ms}\nlambda: {}\n",
			[]string{`line 3: workload.arrivals: unknown field "points" (did you mean profile?)`}},
		{"in the cost section", base + "lambda: {}\ncost: {frontdor: alb}\n",
			[]string{`line 6: cost: unknown field "frontdor" (did you mean frontDoor?)`}},
		{"in a service's override", "name: d\nservices:\n  - name: a\n    arrivals: {ratePerSecond: 1}\n    work: {io: 1s}\n    lambda: {memryMB: 256}\nlambda: {}\n",
			[]string{`line 6: services[0].lambda: unknown field "memryMB" (did you mean memoryMB?)`}},
		{"a service's unknown key", "name: d\nservices:\n  - name: a\n    arrivals: {ratePerSecond: 1}\n    work: {io: 1s}\n    lamda: {}\nlambda: {}\n",
			[]string{`line 6: services[0]: unknown field "lamda" (did you mean lambda? allowed: name, platform, arrivals, work, slo, kubernetes, lambda, knative)`}},
		{"a short section's keys listed beside the guess", base + "lambda: {}\nslo: {p98: 100ms}\n",
			[]string{`line 6: slo: unknown field "p98" (did you mean p90? allowed: p50, p90, p95, p99, p999, refused)`}},
		{"mistyped values, in order", base + "lambda: {memoryMB: lots}\nkubernetes: {replicas: many}\n",
			[]string{`line 5: lambda.memoryMB: "lots" is not an integer`, `line 6: kubernetes.replicas: "many" is not an integer`}},
		{"a duration without a unit", base + "lambda: {timeout: 600}\n",
			[]string{`line 5: lambda.timeout: "600" is not a duration`}},
		{"several at once, then compile problems", base + "lambda: {memoryMB: 64, foo: 1}\nbar: 2\n",
			[]string{`line 5: lambda: unknown field "foo"`, `line 6: unknown field "bar"`, "lambda.memoryMB: must be between 128 and 10240 (got 64)"}},
		// a list or a mapping where one value goes names its field and
		// what it takes, without the compile error about the zero left
		{"a list for a duration", "name: d\nduration: [1m]\nworkload:\n  arrivals: {ratePerSecond: 5}\n  work: {io: 100ms}\nlambda: {}\n",
			[]string{`line 2: duration: a list is not a duration`}},
		{"a mapping for a number", "name: d\nworkload:\n  arrivals: {ratePerSecond: {a: 1}}\n  work: {io: 100ms}\nlambda: {}\n",
			[]string{`line 3: workload.arrivals.ratePerSecond: a mapping is not a number; write one value`}},
		{"a list for an integer, beside an unknown key", base + "lambda: {memoryMB: [512], foo: 1}\n",
			[]string{`line 5: lambda: unknown field "foo"`, `line 5: lambda.memoryMB: a list is not an integer; write one value`}},
		{"a list for a share", base + "lambda: {}\nslo: {refused: [1]}\n",
			[]string{`line 6: slo.refused: a list is not a share (a fraction, e.g. 0.001, or a percentage, e.g. 0.1%); write one value`}},
		{"no platform", base,
			[]string{"a scenario needs at least one platform section (kubernetes: or lambda: or knative:)"}},
		{"an override without its section", "name: d\nservices:\n  - name: a\n    arrivals: {ratePerSecond: 1}\n    work: {io: 1s}\n    kubernetes: {replicas: 2}\nlambda: {}\n",
			[]string{"services[0].kubernetes: the scenario has no kubernetes: section for service 0 to override"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := platformtest.Parse(tc.src)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if strings.Contains(msg, "cannot unmarshal") || strings.Contains(msg, "(got 0") {
				t.Errorf("the decoder's message, or one about a zero nobody wrote:\n%s", msg)
			}
			at := 0
			for _, w := range tc.want {
				i := strings.Index(msg[at:], w)
				if i < 0 {
					t.Fatalf("error lacks %q (in order):\n%s", w, msg)
				}
				at += i + len(w)
			}
		})
	}
}

// A platform's section and its overrides are known only when it is
// registered; a platform without per-service settings takes no override.
func TestSectionsFollowTheRegistry(t *testing.T) {
	src := base + "pool: {servers: 3}\n"
	if _, err := platformtest.Parse(src); err == nil || !strings.Contains(err.Error(), `line 5: unknown field "pool"`) {
		t.Errorf("pool without its platform: %v", err)
	}
	withPool := platformtest.Registry(platformtest.Pool{})
	plan, err := scenario.Parse([]byte(src), nil, withPool)
	if err != nil {
		t.Fatal(err)
	}
	if got := plan.Names(); len(got) != 1 || got[0] != "pool" {
		t.Errorf("platforms %v; want [pool]", got)
	}
	if c := plan.Config("pool").(*platformtest.Config); c.Servers != 3 || c.Queue != -1 {
		t.Errorf("pool config %+v; want 3 servers and the default queue", c)
	}
	over := "name: d\nservices:\n  - name: a\n    arrivals: {ratePerSecond: 1}\n    work: {io: 1s}\n    pool: {servers: 1}\npool: {}\n"
	if _, err := scenario.Parse([]byte(over), nil, withPool); err == nil || !strings.Contains(err.Error(), `services[0]: unknown field "pool"`) {
		t.Errorf("an override for a platform without per-service settings: %v", err)
	}
	// --set reaches a registered platform's section by the same rules
	plan, err = scenario.Parse([]byte(src), []scenario.Override{{Path: "pool.servers", Value: "5"}}, withPool)
	if err != nil || plan.Config("pool").(*platformtest.Config).Servers != 5 {
		t.Errorf("--set pool.servers=5: %v", err)
	}
	_, err = scenario.Parse([]byte(src), []scenario.Override{{Path: "pool.servrs", Value: "5"}}, withPool)
	if err == nil || !strings.Contains(err.Error(), `--set pool.servrs: pool: unknown field "servrs" (did you mean servers? allowed: servers, queue, serverHourUSD)`) {
		t.Errorf("--set pool.servrs: %v", err)
	}
}

// The plan lists its platforms in the registry's order, whatever the
// file's order, and Describe prints them so.
func TestPlatformsInRegistryOrder(t *testing.T) {
	plan := platformtest.Plan(t, base+"lambda: {}\nkubernetes: {}\n")
	if got := strings.Join(plan.Names(), ","); got != "kubernetes,lambda" {
		t.Errorf("platforms %s; want kubernetes,lambda", got)
	}
	d := plan.Describe()
	if k, l := strings.Index(d, "\nkubernetes:"), strings.Index(d, "\nlambda:"); k < 0 || l < k {
		t.Errorf("Describe does not list kubernetes then lambda:\n%s", d)
	}
}

// TestCostMessagesSayWhatIsAllowed: the cost section's enumerations and
// region name the field once and list what is allowed in the words the
// other sections use (a walk-through read "cost.region: region: …" and
// "(want none | …)").
func TestCostMessagesSayWhatIsAllowed(t *testing.T) {
	src := "name: c\nduration: 1m\nworkload: {arrivals: {process: poisson, ratePerSecond: 1}, work: {cpu: 1ms}}\nlambda: {}\n" +
		"cost: {region: mars-1, frontDoor: carrier-pigeon}\n"
	_, err := platformtest.Parse(src)
	for _, want := range []string{
		"cost.region: no price catalogue; known: us-east-1 (got mars-1)",
		`cost.frontDoor: unknown front door "carrier-pigeon" (allowed: none, api-gateway-rest, http-api, alb, function-url)`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v; want it to contain %q", err, want)
		}
	}
}

// A tab in the indentation is named on its own line, with what to do
// instead, at the top level (where the YAML reader names the line before)
// and nested (where it says only "cannot start any token") (walk9 #9).
func TestTabIndentationNamed(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"top level", "name: x\nseed: 1\n\tduration: 1h\n", "line 3: YAML indentation must use spaces, not tabs"},
		{"nested", "name: x\nworkload:\n  arrivals: {ratePerSecond: 1}\n  work:\n\tio: 1s\n", "line 5: YAML indentation must use spaces, not tabs"},
		{"after spaces", "name: x\nworkload:\n  arrivals: {ratePerSecond: 1}\n  work:\n  \tio: 1s\n", "line 5: YAML indentation must use spaces, not tabs"},
		// rev11c #5: the @ on line 2 stops the parser; the tab-indented
		// comment after it is not what to fix first
		{"a bad character before a tab", "name: x\ndescription: @foo\n\t# a comment\n", "invalid YAML: line 2: found character that cannot start any token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := platformtest.Parse(tc.src)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v; want %q", err, tc.want)
			}
		})
	}
	// a tab inside a value is not indentation
	if _, err := platformtest.Parse("name: x\ndescription: \"a\tb\"\n" + base[len("name: d\n"):] + "lambda: {}\n"); err != nil {
		t.Errorf("a tab in a quoted value: %v", err)
	}
}
