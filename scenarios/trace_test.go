package scenarios

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/models/workload/trace"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	k8s "github.com/execsim/execsim/scenarios/platforms/kubernetes"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
)

// columnTotals reads the invocations of every minute of the built-in
// 2019 excerpt (the embedded copy) straight from the file.
func columnTotals(t *testing.T) []int64 {
	t.Helper()
	f, err := Files(BuiltinPrefix + "azure-500").Open("traces/azure2019_d01_500fn_invocations_min480-959.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := trace.NewCountsReader(f, "invocations")
	if err != nil {
		t.Fatal(err)
	}
	totals := make([]int64, r.Minutes())
	for {
		fn, err := r.Next()
		if err == io.EOF {
			return totals
		}
		if err != nil {
			t.Fatal(err)
		}
		for i, n := range fn.Counts {
			totals[i] += int64(n)
		}
	}
}

func azure500(t *testing.T) *scenario.Plan {
	t.Helper()
	plan, err := Load(BuiltinPrefix+"azure-500", nil, platformtest.Registry())
	if err != nil {
		t.Fatal(err)
	}
	if plan.Window != time.Minute || plan.Duration != 8*time.Hour {
		t.Fatalf("window %v, duration %v; want 1m and 8h", plan.Window, plan.Duration)
	}
	return plan
}

// Issue 9 item 7: the default replay of the 2019 excerpt reproduces the
// file's per-minute totals exactly (3,037,902 in all), whatever the seed.
func TestAzure500ReplaysEveryMinute(t *testing.T) {
	want := columnTotals(t)
	plan := azure500(t)
	for _, seed := range []uint64{plan.Seed, 7} {
		got := make([]int64, len(want))
		s := workload.NewStream(plan.Workload, seed, plan.Duration)
		for {
			req, ok := s.Next()
			if !ok {
				break
			}
			got[time.Duration(req.Arrival)/plan.Window]++
		}
		var total int64
		for i := range want {
			total += got[i]
			if got[i] != want[i] {
				t.Fatalf("seed %d, minute %d: %d arrivals; want %d", seed, i, got[i], want[i])
			}
		}
		if total != 3_037_902 {
			t.Errorf("seed %d: %d arrivals; want 3,037,902", seed, total)
		}
	}
}

// The same through the runner: the series' 60-s windows hold the file's
// column totals.
func TestAzure500SeriesEqualsColumnTotals(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 3 M requests; the stream test checks the same in -short")
	}
	want := columnTotals(t)
	res, err := runner.Run(azure500(t), runner.Options{Platforms: []string{"lambda"}})
	if err != nil {
		t.Fatal(err)
	}
	windows := res.Platforms[0].Rec.Windows()
	if len(windows) != len(want) {
		t.Fatalf("%d windows; want %d", len(windows), len(want))
	}
	for i, w := range windows {
		if w.Arrivals != want[i] {
			t.Fatalf("window %d (%v): %d arrivals; want %d", i, w.Start, w.Arrivals, want[i])
		}
	}
}

// A trace streamed from its file is opened by each platform's run, at
// the same time: both replay every row in the window (run with -race).
func TestStreamedTraceOnEveryPlatform(t *testing.T) {
	src := `name: llm
seed: 2
duration: 5m
fleet:
  trace:
    format: llm2023
    invocations: traces/azure_llm_inference_2023_code.csv
    window: {from: 10m, for: 10m}
    speed: 2
    tokens: {base: 30ms, perContextToken: 20us, perGeneratedToken: 5ms}
kubernetes: {replicas: 2, concurrency: 50}
lambda: {memoryMB: 1024}
`
	plan, err := scenario.ParseFiles([]byte(src), Files(BuiltinPrefix+"azure-500"), nil, platformtest.Registry())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := plan.Workload.Services[0].Arrivals.Feed.(*workload.Rows); ok {
		t.Fatal("the LLM trace is in time order: it should be read from its file, not held")
	}
	want := plan.ExpectedArrivals()
	res, err := runner.Run(plan, runner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Platforms {
		if got := p.Rec.Arrivals(); float64(got) != want || got < 1000 {
			t.Errorf("%s: %d arrivals; want %v", p.Name, got, want)
		}
	}
}

// Issue 9 item 1: with kubernetes.deployments=per-app the 2019 excerpt's
// 500 functions run in one Deployment per Azure application (476 of them,
// FORMATS.md §3.1: Azure allocates and warms per application), each named
// after its application and asking for the memory of all its functions
// (the per-function rows are an even split of the application's); Lambda
// keeps one function per trace function.
func TestAzure500PerApp(t *testing.T) {
	plan, err := Load(BuiltinPrefix+"azure-500", []scenario.Override{{Path: "kubernetes.deployments", Value: "per-app"}}, platformtest.Registry())
	if err != nil {
		t.Fatal(err)
	}
	f, err := Files(BuiltinPrefix + "azure-500").Open("traces/azure2019_d01_500fn_invocations_min480-959.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := trace.NewCountsReader(f, "invocations")
	if err != nil {
		t.Fatal(err)
	}
	apps := map[string]bool{}
	for {
		fn, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		apps[fn.Owner+"/"+fn.App] = true
	}
	if len(apps) != 476 {
		t.Fatalf("%d applications in the excerpt; want 476", len(apps))
	}
	var cfg *k8s.Config
	for _, c := range plan.Platforms {
		if k, ok := c.Config.(*k8s.Config); ok {
			cfg = k
		}
	}
	if len(plan.Workload.Services) != 500 || len(cfg.Deployments) != len(apps) || len(cfg.ServiceDeployment) != 500 {
		t.Fatalf("%d services in %d Deployments (map of %d); want 500 in %d", len(plan.Workload.Services), len(cfg.Deployments), len(cfg.ServiceDeployment), len(apps))
	}
	members := make([]int, len(cfg.Deployments))
	for _, di := range cfg.ServiceDeployment {
		members[di]++
	}
	shared := 0
	for di, d := range cfg.Deployments {
		if !strings.HasPrefix(d.Name, "app-") || d.MemoryRequestMiB <= 0 {
			t.Errorf("deployment %d: %q asks for %d MiB; want an application's name and memory", di, d.Name, d.MemoryRequestMiB)
		}
		if members[di] > 1 {
			shared++
		}
	}
	if shared == 0 {
		t.Error("no Deployment serves more than one function")
	}
}
