package scenario_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/platforms/kubernetes"
	"github.com/execsim/execsim/scenarios/platforms/lambda"
	"github.com/execsim/execsim/scenarios/scenario"
)

// builtins is where the built-in scenarios' trace files are.
var builtins = os.DirFS("../builtin")

const traceHead = `name: t
seed: 3
duration: 1h
window: 1m
`

func parseTrace(src string, files any) (*scenario.Plan, error) {
	fsys := builtins
	if m, ok := files.(fstest.MapFS); ok {
		fsys = m
	}
	return scenario.ParseFiles([]byte(traceHead+src), fsys, nil, platformtest.Registry())
}

// The Azure 2019 excerpt compiles into 500 services, with their memory as
// needs: each Lambda function sized by its peak, each pod's request by its
// average.
func TestFleetTraceAzure2019(t *testing.T) {
	plan, err := parseTrace(`fleet:
  trace:
    format: azure2019
    invocations: traces/azure2019_d01_500fn_invocations_min480-959.csv
    durations: traces/azure2019_d01_500fn_durations.csv
    memory: traces/azure2019_d01_500fn_memory_per_function.csv
    timers: start
    window: {from: 1h, for: 2h}
    cpuFraction: 0.1
lambda: {}
kubernetes: {}
`, nil)
	if err != nil {
		t.Fatal(err)
	}
	svcs := plan.Workload.Services
	if len(svcs) != 500 {
		t.Fatalf("%d services; want 500", len(svcs))
	}
	fns := plan.Config(lambda.Name).(*lambda.Config).Functions
	deps := plan.Config(kubernetes.Name).(*kubernetes.Config).Deployments
	sized := 0
	for i, s := range svcs {
		a := s.Arrivals
		if a.Process != workload.Counts || len(a.Counts) != 120 || s.CPUFraction != 0.1 || s.Duration == nil {
			t.Fatalf("%s: %v over %d bins, cpuFraction %v", s.Name, a.Process, len(a.Counts), s.CPUFraction)
		}
		if strings.HasPrefix(s.Name, "timer-") != (a.Placement == workload.BinStart) {
			t.Errorf("%s: placement %v", s.Name, a.Placement)
		}
		if fns[i].MemoryMB > 128 {
			sized++
		}
		if deps[i].MemoryRequestMiB == 256 {
			t.Errorf("%s: pod request %d MiB, the default", s.Name, deps[i].MemoryRequestMiB)
		}
	}
	if sized < 100 {
		t.Errorf("only %d functions sized above 128 MB by their memory", sized)
	}
	d := plan.Describe()
	for _, w := range []string{"process: counts", "placement: start", "bin: 1m0s", "bins: 120", "cpuFraction: 0.1", "duration: empirical("} {
		if !strings.Contains(d, w) {
			t.Errorf("Describe lacks %q", w)
		}
	}
}

// Every problem is reported at once: the options' at their fields, a
// file's at its line.
func TestFleetTraceProblems(t *testing.T) {
	files := fstest.MapFS{
		"bad.csv": {Data: []byte("HashOwner,HashApp,HashFunction,Trigger,1,2\no,a,f,http,1,x\n")},
		"ok.csv":  {Data: []byte("timestamp,service\n1,a\n2,b\n")},
	}
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"options", `fleet: {trace: {invocations: x.csv, placement: random, timers: late, durationModel: median, speed: 0, window: {from: -1m}}}
lambda: {}
`, []string{
			"fleet.trace.format: name the trace's format: azure2019, azure2021, llm2023 or csv",
			`fleet.trace.placement: must be one of poisson, equidistant, start (got "random")`,
			`fleet.trace.timers: must be one of poisson, equidistant, start (got "late")`,
			`fleet.trace.durationModel: must be one of percentiles, extremes, average (got "median")`,
			"fleet.trace.window.from: must not be negative (got -1m0s)",
			"fleet.trace.speed: must be a positive number (got 0)",
		}},
		// 0s replayed the whole trace without a word (hostile #14)
		{"a window of 0s", "fleet: {trace: {format: csv, invocations: ok.csv, work: {io: 1ms}, window: {for: 0s}}}\nlambda: {}\n",
			[]string{"fleet.trace.window.for: must be positive (leave it out to replay to the trace's end) (got 0s)"}},
		{"unknown format", "fleet: {trace: {format: azure2020, invocations: x.csv}}\nlambda: {}\n",
			[]string{`fleet.trace.format: must be one of azure2019, azure2021, llm2023, csv (got "azure2020")`}},
		{"a file's line", "fleet: {trace: {format: azure2019, invocations: bad.csv, work: {io: 1ms}}}\nlambda: {}\n",
			[]string{`bad.csv:2: the count of minute 2 must be a whole number from 0 to 2147483647 (got "x")`}},
		{"missing file", "fleet: {trace: {format: csv, invocations: nope.csv, work: {io: 1ms}}}\nlambda: {}\n",
			[]string{"fleet.trace.invocations: no such file beside the scenario (got nope.csv)"}},
		{"bad work", "fleet: {trace: {format: csv, invocations: ok.csv, work: {io: \"exp(1ms)\"}}}\nlambda: {}\n",
			[]string{`fleet.trace.work.io: exp: unnamed argument "1ms" (write it like exp(mean=250ms))`}},
		{"format-only fields", "fleet: {trace: {format: csv, invocations: ok.csv, memory: m.csv, tokens: {base: 1s}, work: {io: 1ms}}}\nlambda: {}\n",
			[]string{"fleet.trace.memory: only for format azure2019 (format is csv)", "fleet.trace.tokens: only for format llm2023 (format is csv)"}},
		{"names clash with services", "fleet: {trace: {format: csv, invocations: ok.csv, work: {io: 1ms}}}\nservices: [{name: a, arrivals: {ratePerSecond: 1}, work: {io: 1ms}}]\nlambda: {}\n",
			[]string{"services[0].name: duplicate service name (got a)"}},
		{"a trace process by hand", "workload: {arrivals: {process: counts}, work: {io: 1ms}}\nlambda: {}\n",
			[]string{`workload.arrivals.process: is a trace's: replay a trace with fleet: {trace: {…}} (allowed here: poisson, even, profile, diurnal, spike) (got counts)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseTrace(tc.src, files)
			if err == nil {
				t.Fatalf("no error; want %v", tc.want)
			}
			got := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("error lacks %q:\n%s", w, got)
				}
			}
		})
	}
}

// Without a scenario file, a scenario cannot name trace files.
func TestFleetTraceNeedsFiles(t *testing.T) {
	_, err := scenario.Parse([]byte(traceHead+"fleet: {trace: {format: csv, invocations: x.csv, work: {io: 1ms}}}\nlambda: {}\n"), nil, platformtest.Registry())
	if err == nil || !strings.Contains(err.Error(), "fleet.trace.invocations: the scenario was not read from a file, so it cannot name trace files (got x.csv)") {
		t.Errorf("error = %v", err)
	}
}

// LLM requests through a token mapping, and a generic CSV with services,
// as fleets.
func TestFleetTracePerRequest(t *testing.T) {
	plan, err := parseTrace(`fleet:
  trace:
    format: llm2023
    invocations: traces/azure_llm_inference_2023_conv.csv
    tokens: {base: 20ms, perContextToken: 50us, perGeneratedToken: 15ms}
    scale: 0.5
    name: conv
lambda: {}
`, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := plan.Workload.Services[0]
	if s.Name != "conv" || s.Arrivals.Process != workload.Replay || s.Arrivals.Scale != 0.5 {
		t.Errorf("service %s: %v scale %v", s.Name, s.Arrivals.Process, s.Arrivals.Scale)
	}
	if n := plan.ExpectedArrivals(); n != 19366*0.5 {
		t.Errorf("ExpectedArrivals %v; want %v", n, 19366*0.5)
	}
	files := fstest.MapFS{"log.csv": {Data: []byte("timestamp,service,duration\n2024-05-01T09:00:00Z,api,0.1\n2024-05-01T09:00:30Z,db,\n")}}
	plan, err = parseTrace("fleet: {trace: {format: csv, invocations: log.csv, work: {io: 5ms}, window: {for: 1h}}}\nlambda: {}\n", files)
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{plan.Workload.Services[0].Name, plan.Workload.Services[1].Name}; got[0] != "api" || got[1] != "db" {
		t.Errorf("services %v", got)
	}
	st := workload.NewStream(plan.Workload, plan.Seed, plan.Duration)
	a, _ := st.Next()
	b, _ := st.Next()
	if a.Work.IO != 100*time.Millisecond || time.Duration(b.Arrival) != 30*time.Second || b.Work.IO != 5*time.Millisecond {
		t.Errorf("requests %+v %+v", a, b)
	}
}

// What the trace's reader passes over or reads otherwise than written (a
// column of its own, a blank line, a time without a zone) is among the
// plan's warnings, and every bad row of a trace is among the problems.
func TestFleetTraceReaderWarningsAndEveryBadRow(t *testing.T) {
	files := fstest.MapFS{
		"log.csv": {Data: []byte("Timestamp,service,requestId\n2024-05-01 09:00:00,api,r1\n\n2024-05-01 09:00:30,api,r2\n")},
		"bad.csv": {Data: []byte("timestamp,service\n1,api\nnoon,api\n3,\n")},
	}
	plan, err := parseTrace("fleet: {trace: {format: csv, invocations: log.csv, work: {io: 5ms}}}\nlambda: {}\n", files)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		`log.csv: column 3 "requestId" ignored (the columns read: timestamp, service, duration, duration_s, duration_ms, duration_us)`,
		"log.csv: timestamps without a time zone are read as UTC",
		"log.csv: 1 blank line between rows skipped (the first is line 3)",
	} {
		if !slices.Contains(plan.Warnings, w) {
			t.Errorf("warnings %q; want %q", plan.Warnings, w)
		}
	}
	_, err = parseTrace("fleet: {trace: {format: csv, invocations: bad.csv, work: {io: 5ms}}}\nlambda: {}\n", files)
	for _, w := range []string{`bad.csv:3: timestamp must be a number of seconds`, `bad.csv:4: service must be a name`} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("error %v; want %q", err, w)
		}
	}
}

// A trace's service names become Kubernetes objects' and Lambda functions'
// names: those that are not DNS-1123 labels are mapped to one and told,
// and two names mapped to one are refused, naming both.
func TestFleetTraceServiceNames(t *testing.T) {
	files := fstest.MapFS{
		"ok.csv":    {Data: []byte("timestamp,service,duration_ms\n1,Checkout Service,100\n2,a_b,100\n3,Pay Me!,100\n")},
		"same.csv":  {Data: []byte("timestamp,service,duration\n1,Checkout Service,0.1\n2,a,0.1\n3,checkout-service,0.1\n")},
		"loose.csv": {Data: []byte("timestamp,service,duration\n1,checkout-service,0.1\n2,checkoutservice,0.1\n")},
	}
	plan, err := parseTrace("fleet: {trace: {format: csv, invocations: ok.csv}}\nlambda: {}\n", files)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range plan.Workload.Services {
		names = append(names, s.Name)
	}
	if want := []string{"checkout-service", "a-b", "pay-me"}; !slices.Equal(names, want) {
		t.Errorf("names %v; want %v", names, want)
	}
	w := `ok.csv: 3 service names are not DNS-1123 labels (the names of Kubernetes objects and Lambda functions), so they run as: "Checkout Service" → checkout-service, "a_b" → a-b and "Pay Me!" → pay-me`
	if !slices.Contains(plan.Warnings, w) {
		t.Errorf("warnings %q; want %q", plan.Warnings, w)
	}
	want := `fleet.trace.invocations: services "Checkout Service" and "checkout-service" of same.csv would both be checkout-service; rename one in the file`
	if _, err := parseTrace("fleet: {trace: {format: csv, invocations: same.csv}}\nlambda: {}\n", files); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("same.csv: %v; want %q", err, want)
	}
	// names that differ only by case, - or _ are two valid names, as
	// under services: (review4: refused in a Kubernetes-only scenario)
	plan, err = parseTrace("fleet: {trace: {format: csv, invocations: loose.csv}}\nkubernetes: {}\n", files)
	if err != nil || len(plan.Workload.Services) != 2 {
		t.Errorf("loose.csv: %v; want checkout-service and checkoutservice", err)
	}
}

// durationUnit: says what a csv's plain durations count; a bad one is
// refused with the values allowed.
func TestFleetTraceDurationUnit(t *testing.T) {
	files := fstest.MapFS{"log.csv": {Data: []byte("timestamp,service,duration\n1,api,150\n2,api,20\n3,api,300\n")}}
	plan, err := parseTrace("fleet: {trace: {format: csv, invocations: log.csv, durationUnit: ms}}\nlambda: {}\n", files)
	if err != nil {
		t.Fatal(err)
	}
	st := workload.NewStream(plan.Workload, plan.Seed, plan.Duration)
	if a, _ := st.Next(); a.Work.IO != 150*time.Millisecond {
		t.Errorf("first request's work %+v; want 150ms", a.Work)
	}
	for _, w := range plan.Warnings {
		if strings.Contains(w, "plain numbers") {
			t.Errorf("warning %q with durationUnit: ms", w)
		}
	}
	plan, err = parseTrace("fleet: {trace: {format: csv, invocations: log.csv}}\nlambda: {}\n", files)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(plan.Warnings, func(w string) bool {
		return strings.HasPrefix(w, "log.csv: the durations are plain numbers read as seconds, and their median is 2m30s")
	}) {
		t.Errorf("warnings %q; want the median told", plan.Warnings)
	}
	_, err = parseTrace("fleet: {trace: {format: csv, invocations: log.csv, durationUnit: min}}\nlambda: {}\n", files)
	if err == nil || !strings.Contains(err.Error(), "fleet.trace.durationUnit: must be s, ms or us") {
		t.Errorf("error %v", err)
	}
}

// The unit warning names the timeouts the scenario has, not the
// platforms' defaults (inp4's said "Lambda's default timeout is 3s, the
// Kubernetes model's 60s" whatever the scenario set), and warns when the
// median reaches one of them.
func TestFleetTraceUnitWarningNamesTheScenarioTimeouts(t *testing.T) {
	files := fstest.MapFS{"log.csv": {Data: []byte("timestamp,service,duration\n1,api,150\n2,api,20\n3,web,300\n")}}
	for _, tc := range []struct{ name, sections, want string }{
		{"lambda's default", "lambda: {}\n", "median is 2m30s, so half of the requests or more would time out under lambda.timeout (3s): if"},
		{"the scenario's own", "kubernetes: {timeout: 30s}\nlambda: {timeout: 15m}\n", "would time out under kubernetes.timeout (30s): if"},
		{"within every timeout", "kubernetes: {timeout: 0s}\nlambda: {timeout: 15m}\n",
			"median is 2m30s, longer than a request usually runs (the scenario's timeouts: kubernetes.timeout none, lambda.timeout 15m0s): if"},
		// Knative's revisions run in pods under their Deployment's timeout
		// (a review: the warning left Knative's out)
		{"knative alone", "knative: {}\n", "would time out under kubernetes.timeout for knative's pods (1m0s): if"},
		{"knative on the scenario's cluster", "kubernetes: {timeout: 2m}\nknative: {}\n", "would time out under kubernetes.timeout (2m0s) and kubernetes.timeout for knative's pods (2m0s): if"},
		{"knative within its timeout", "kubernetes: {timeout: 5m}\nknative: {}\n",
			"(the scenario's timeouts: kubernetes.timeout 5m0s, kubernetes.timeout for knative's pods 5m0s): if"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan, err := parseTrace("fleet: {trace: {format: csv, invocations: log.csv}}\n"+tc.sections, files)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range plan.Warnings {
				if strings.Contains(w, "plain numbers") {
					got = append(got, w)
				}
			}
			if len(got) != 1 || !strings.Contains(got[0], tc.want) || strings.Contains(got[0], "default") {
				t.Errorf("warnings %q; want one with %q", got, tc.want)
			}
		})
	}
}

// A log of one service after another, each in time order, run for less
// than a block: every service of the file is in the fleet with the
// requests of the run's span (review4: a load that stopped at the first
// row past the run's end lost beta, whose first request is at 0).
func TestFleetTraceShorterRunKeepsEveryService(t *testing.T) {
	var b strings.Builder
	b.WriteString("timestamp,service,duration\n")
	for _, svc := range []string{"alpha", "beta"} {
		for i := range 7200 {
			fmt.Fprintf(&b, "%d,%s,0.01\n", 2*i, svc) // 2 h of 0.5 req/s each
		}
	}
	files := fstest.MapFS{"log.csv": {Data: []byte(b.String())}}
	plan, err := parseTrace("fleet: {trace: {format: csv, invocations: log.csv}}\nlambda: {}\n", files) // duration: 1h
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range plan.Workload.Services {
		names = append(names, s.Name)
	}
	if !slices.Equal(names, []string{"alpha", "beta"}) {
		t.Errorf("services %v; want alpha and beta", names)
	}
	if n := plan.ExpectedArrivals(); n != 3600 {
		t.Errorf("ExpectedArrivals %v; want 3,600 (1,800 each in the run's hour)", n)
	}
}
