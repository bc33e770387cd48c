package scenario_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/execsim/execsim/scenarios/summary"
)

// requestsOf is the plan's first n requests (or all of them) by service name.
func requestsOf(t *testing.T, src string, n int) map[string][]models.Request {
	t.Helper()
	plan := platformtest.Plan(t, src)
	s := workload.NewStream(plan.Workload, plan.Seed, plan.Duration)
	out := map[string][]models.Request{}
	for range n {
		req, ok := s.Next()
		if !ok {
			break
		}
		name := plan.Workload.Services[req.Service].Name
		req.ID, req.Service = 0, 0 // dense over the whole stream: compare the rest
		out[name] = append(out[name], req)
	}
	return out
}

const single = `name: NAME
seed: 7
duration: 10m
workload:
  arrivals: {process: poisson, ratePerSecond: 20}
  work: {cpu: "exp(mean=20ms)", io: "lognormal(p50=60ms,p99=400ms)"}
lambda: {memoryMB: 512}
`

// A scenario's name is a label: renaming a single-service scenario keeps
// its arrivals and work.
func TestRenamedScenarioKeepsItsArrivals(t *testing.T) {
	a := requestsOf(t, strings.Replace(single, "NAME", "checkout", 1), 5000)["checkout"]
	b := requestsOf(t, strings.Replace(single, "NAME", "checkout-v2", 1), 5000)["checkout-v2"]
	if len(a) == 0 || !slices.Equal(a, b) {
		t.Errorf("renaming the scenario changed its requests (%d and %d)", len(a), len(b))
	}
}

// ... and so every result: the runs differ only in the label.
func TestRenamedScenarioGivesTheSameRun(t *testing.T) {
	var texts []string
	for _, name := range []string{"checkout", "checkout-v2"} {
		src := strings.Replace(single, "NAME", name, 1) + "kubernetes: {}\n"
		res, err := runner.Run(platformtest.Plan(t, src), runner.Options{})
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, strings.ReplaceAll(summary.Golden(res), name, "NAME"))
	}
	if texts[0] != texts[1] {
		t.Errorf("renamed scenario ran differently:\n%s\n---\n%s", texts[0], texts[1])
	}
}

// A fleet's services draw from streams of their own names: adding a
// service, anywhere in the list, changes no other service's requests.
func TestAddedServiceKeepsTheOthersArrivals(t *testing.T) {
	fleet := func(names ...string) string {
		src := "name: fleet\nseed: 7\nduration: 10m\nlambda: {memoryMB: 512}\nservices:\n"
		for _, n := range names {
			src += fmt.Sprintf("  - name: %s\n    arrivals: {process: poisson, ratePerSecond: 5}\n    work: {io: \"exp(mean=50ms)\"}\n", n)
		}
		return src
	}
	before := requestsOf(t, fleet("api", "web"), math.MaxInt)
	after := requestsOf(t, fleet("batch", "api", "web"), math.MaxInt)
	if len(after["batch"]) == 0 {
		t.Fatal("the added service has no requests")
	}
	for _, name := range []string{"api", "web"} {
		if len(before[name]) == 0 || !slices.Equal(before[name], after[name]) {
			t.Errorf("%s: %d requests without batch, %d with it; want the same requests", name, len(before[name]), len(after[name]))
		}
	}
}

// TestServiceNamesAreObjectNames: a written-out service's name becomes a
// Deployment's and a Lambda function's, so it must be a DNS-1123 label
// (a walk-through's "bad name!" was accepted).
func TestServiceNamesAreObjectNames(t *testing.T) {
	const body = "name: n\nduration: 1m\nservices:\n  - {name: %q, arrivals: {process: poisson, ratePerSecond: 1}, work: {cpu: 1ms}}\n  - {name: ok-2, arrivals: {process: poisson, ratePerSecond: 1}, work: {cpu: 1ms}}\nlambda: {}\n"
	for _, tc := range []struct {
		name string
		bad  bool
	}{
		{"checkout-api", false}, {"svc-000", false}, {"9lives", false},
		{"bad name!", true}, {"Checkout", true}, {"under_score", true}, {"-lead", true}, {strings.Repeat("a", 64), true},
	} {
		_, err := platformtest.Parse(fmt.Sprintf(body, tc.name))
		switch {
		case tc.bad && (err == nil || !strings.Contains(err.Error(), "services[0].name: a service name is a Kubernetes object's and a Lambda function's name")):
			t.Errorf("name %q: error %v; want services[0].name refused", tc.name, err)
		case !tc.bad && err != nil:
			t.Errorf("name %q: %v; want it accepted", tc.name, err)
		}
	}
}

// TestPayloadIsAFiniteSize: a payload of .nan passed "< 0" and made the
// Kubernetes model's cross-zone byte count NaN (found in k8s4's review);
// NaN and infinities are refused like a negative size.
func TestPayloadIsAFiniteSize(t *testing.T) {
	for _, v := range []string{".nan", ".inf", "-1"} {
		_, err := platformtest.Parse("name: p\nduration: 1m\nworkload: {arrivals: {process: poisson, ratePerSecond: 1}, work: {cpu: 1ms, payloadKB: " + v + "}}\nlambda: {}\n")
		if err == nil || !strings.Contains(err.Error(), "workload.work.payloadKB: must be a finite number of KB, at least 0") {
			t.Errorf("payloadKB %s: %v; want it refused", v, err)
		}
	}
}

// A run shorter than EC2's 60-s minimum bill per node is warned about when
// a platform that runs bills nodes: the month projected from it multiplies
// the minimum (a review saw $8.4 M a month for a 1-ms run). The plan's own
// warnings do not hold it: they are about every run of the plan, and a
// run of Lambda alone bills no node.
func TestShortRunWarnsOfTheNodeMinimum(t *testing.T) {
	const body = "name: s\nwindow: 1s\nworkload: {arrivals: {process: poisson, ratePerSecond: 1}, work: {cpu: 1ms}}\n"
	for _, tc := range []struct {
		name, src string
		run       []string // the platforms run; nil for all
		warn      bool
	}{
		{"10 s on Kubernetes", body + "duration: 10s\nkubernetes: {}\n", nil, true},
		{"a minute on Kubernetes", body + "duration: 1m\nkubernetes: {}\n", nil, false},
		{"10 s on Lambda alone", body + "duration: 10s\nlambda: {}\n", nil, false},
		{"10 s of both", body + "duration: 10s\nkubernetes: {}\nlambda: {}\n", nil, true},
		{"10 s of both, Lambda run", body + "duration: 10s\nkubernetes: {}\nlambda: {}\n", []string{"lambda"}, false},
		{"10 s of both, Kubernetes run", body + "duration: 10s\nkubernetes: {}\nlambda: {}\n", []string{"kubernetes"}, true},
	} {
		plan := platformtest.Plan(t, tc.src)
		run, err := runner.Select(plan, tc.run)
		if err != nil {
			t.Fatal(err)
		}
		w := scenario.ShortRunWarning(plan, run)
		if got := strings.Contains(w, "kubernetes: duration 10s is shorter than EC2's minimum bill of 1m0s a node"); got != tc.warn || (w != "") != tc.warn {
			t.Errorf("%s: warning %q; want the minimum-bill warning %v", tc.name, w, tc.warn)
		}
		if slices.ContainsFunc(plan.Warnings, func(w string) bool { return strings.Contains(w, "minimum bill") }) {
			t.Errorf("%s: the plan's warnings %q hold the minimum-bill warning, which depends on the platforms run", tc.name, plan.Warnings)
		}
	}
}

// The estimate of a run's CPU is rounded once, so the note before a run
// (which quotes it to the second) and the refusal of the same run agree
// (walk9 #10: "about 25h0m1s of CPU", then "about 25h0m0s").
func TestCPUEstimateQuotedAlike(t *testing.T) {
	// 1e6 req/s for 7262 s on one platform: 7.262e9 requests of 0.5 µs,
	// 3631 s of CPU (1h0m31s)
	plan := platformtest.Plan(t, "name: d\nduration: 7262s\nworkload: {arrivals: {ratePerSecond: 1000000}, work: {io: 1s}}\nlambda: {}\n")
	plan.MaxArrivals = 1
	cpu := plan.EstimatedCPU()
	if cpu < time.Hour || cpu%time.Minute != 0 {
		t.Errorf("estimate %v; want whole minutes from an hour on", cpu)
	}
	err := plan.CheckSize()
	if note := "about " + cpu.Round(time.Second).String() + " of CPU"; err == nil || !strings.Contains(err.Error(), note) {
		t.Errorf("refusal %v; want it to quote the note's %q", err, note)
	}
}

// A problem with a section's setting is told once, not once for each
// service it is compiled into (a fleet of three said "lambda.arch:
// unknown architecture" three times).
func TestSectionProblemToldOnce(t *testing.T) {
	for _, tc := range []struct{ section, want string }{
		{"lambda: {arch: x86}", `lambda.arch: unknown architecture "x86"`},
		{"lambda: {arch: x86}\nkubernetes: {replicas: 2, arch: x86}", `lambda.arch: unknown architecture "x86"`},
		// inputs13 saw an unknown runtime told once per function, each
		// with the ~40 runtimes: it is one problem naming the functions
		// (platform.ModelPaths groups them), and its list comes once
		{"lambda: {runtime: python9}", `lambda.runtime (3 functions: a, b and c): unknown runtime "python9" (allowed: `},
	} {
		src := "name: d\nservices:\n  - {name: a, arrivals: {ratePerSecond: 1}, work: {io: 1s}}\n  - {name: b, arrivals: {ratePerSecond: 1}, work: {io: 1s}}\n" +
			"  - {name: c, arrivals: {ratePerSecond: 1}, work: {io: 1s}}\n" + tc.section + "\n"
		_, err := platformtest.Parse(src)
		if err == nil || strings.Count(err.Error(), tc.want) != 1 || strings.Count(err.Error(), "unknown runtime") > 1 {
			t.Errorf("%s: error %v; want %q once", tc.section, err, tc.want)
		}
	}
}
