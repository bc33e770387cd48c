package kubernetes

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platforms/hybrid"
	"github.com/execsim/execsim/scenarios/platforms/lambda"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
)

// withNeeds is the Kubernetes platform with the services' needs set by
// name before it compiles them: the test hook that stands for a trace's
// applications and memory file.
type withNeeds struct {
	Platform
	needs map[string]platform.Needs
}

func (w withNeeds) Compile(in platform.CompileInput) platform.Config {
	for i := range in.Services {
		if n, ok := w.needs[in.Services[i].Name]; ok {
			in.Services[i].Needs = n
		}
	}
	return w.Platform.Compile(in)
}

// Four services of two applications; a1 is the busiest of app-a, b2 the
// busiest of app-b (its requests take longest).
const grouped = `name: grouped
seed: 3
duration: 10m
window: 1m
services:
  - name: a1
    arrivals: {process: poisson, ratePerSecond: 20}
    work: {cpu: "exp(mean=10ms)", io: "50ms"}
  - name: b1
    arrivals: {process: poisson, ratePerSecond: 5}
    work: {cpu: "exp(mean=10ms)", io: "50ms"}
  - name: a2
    arrivals: {process: poisson, ratePerSecond: 2}
    work: {io: "20ms"}
  - name: b2
    arrivals: {process: poisson, ratePerSecond: 5}
    work: {io: "200ms"}
lambda: {memoryMB: 512}
kubernetes:
  replicas: 2
`

var groupNeeds = map[string]platform.Needs{
	"a1": {MemoryMB: 100, Group: "app-a"}, "a2": {MemoryMB: 50.5, Group: "app-a"},
	"b1": {Group: "app-b"}, "b2": {MemoryMB: 300, Group: "app-b"},
}

func groupedPlan(t *testing.T, src string) *scenario.Plan {
	t.Helper()
	reg := platform.New(withNeeds{New(), groupNeeds}, lambda.New(), hybrid.New())
	plan, err := scenario.Parse([]byte(src), nil, reg)
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

// deployments: per-app runs one Deployment per application, sized by the
// sum of its services' memory and named after it; every request goes to
// its application's pods; outcomes stay per service; each Deployment's
// part of the bill is split among its services by their busy time, and
// the parts add up to the bill.
func TestPerAppDeployments(t *testing.T) {
	plan := groupedPlan(t, grouped+"  deployments: per-app\n")
	cfg := plan.Platforms[0].Config.(*Config)
	if len(cfg.Deployments) != 2 || cfg.Deployments[0].Name != "app-a" || cfg.Deployments[1].Name != "app-b" {
		t.Fatalf("deployments %v; want app-a and app-b", cfg.Deployments)
	}
	if got := cfg.ServiceDeployment; len(got) != 4 || got[0] != 0 || got[1] != 1 || got[2] != 0 || got[3] != 1 {
		t.Errorf("ServiceDeployment %v; want [0 1 0 1]", got)
	}
	if a, b := cfg.Deployments[0].MemoryRequestMiB, cfg.Deployments[1].MemoryRequestMiB; a != 151 || b != 300 {
		t.Errorf("memory requests %d and %d MiB; want 151 (100 + 50.5, rounded up) and 300", a, b)
	}
	if out := plan.Describe(); !strings.Contains(out, "deployments: # per-app: 2 Deployments for 4 services") {
		t.Errorf("Describe() =\n%s\nwant it to say per-app with 2 Deployments", out)
	}
	res, err := runner.Run(plan, runner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pr := res.Platform(Name)
	us := pr.Usage.(*usage)
	svcs := pr.Rec.Services()
	x := us.Extra().(*Extra)
	if len(x.Deployments) != 2 {
		t.Fatalf("%d deployments in the summary; want 2", len(x.Deployments))
	}
	for di, members := range [][]int{{0, 2}, {1, 3}} {
		var arrivals, completed int64
		for _, i := range members {
			arrivals += svcs[i].Arrivals
			completed += svcs[i].Outcomes[models.Completed]
			if svcs[i].Arrivals == 0 || us.u.Services[i].Arrivals < svcs[i].Arrivals {
				t.Errorf("service %d: %d arrivals recorded, %d in the model", i, svcs[i].Arrivals, us.u.Services[i].Arrivals)
			}
		}
		d, st := x.Deployments[di], us.u.Deployments[di]
		if d.Completed != completed || st.Arrivals != arrivals {
			t.Errorf("deployment %s: completed %d arrivals %d; want its services' %d and %d", d.Name, d.Completed, st.Arrivals, completed, arrivals)
		}
	}
	alloc := pr.Cost.Services
	if alloc == nil || len(alloc.Parts) != 4 {
		t.Fatalf("allocation %v; want 4 parts", alloc)
	}
	if alloc.Total() != pr.Cost.Breakdown.Total() {
		t.Errorf("allocation adds up to %v; the bill is %v", alloc.Total(), pr.Cost.Breakdown.Total())
	}
	for _, members := range [][]int{{0, 2}, {1, 3}} {
		i, j := members[0], members[1]
		sum := float64(alloc.Parts[i] + alloc.Parts[j])
		bi, bj := float64(us.u.Services[i].Busy), float64(us.u.Services[j].Busy)
		if want := sum * bi / (bi + bj); float64(alloc.Parts[i]) < want-1 || float64(alloc.Parts[i]) > want+1 {
			t.Errorf("service %d owes %v of its Deployment's %v; want %.1f µ$ (busy %v of %v)",
				i, alloc.Parts[i], sum, want, us.u.Services[i].Busy, us.u.Services[i].Busy+us.u.Services[j].Busy)
		}
	}
	if alloc.Parts[0] <= alloc.Parts[2] || alloc.Parts[3] <= alloc.Parts[1] {
		t.Errorf("parts %v: want a1 > a2 and b2 > b1 (the busier service owes more)", alloc.Parts)
	}
}

// Without deployments: per-app (or with per-service) every service has its
// own Deployment, needs or not.
func TestPerServiceIsTheDefault(t *testing.T) {
	for _, set := range []string{"", "  deployments: per-service\n"} {
		cfg := groupedPlan(t, grouped+set).Platforms[0].Config.(*Config)
		if len(cfg.Deployments) != 4 || cfg.ServiceDeployment != nil || cfg.Mode != PerService {
			t.Errorf("%q: %d deployments, map %v, mode %v; want 4, none, per-service", set, len(cfg.Deployments), cfg.ServiceDeployment, cfg.Mode)
		}
	}
}

// A blend keeps an application's Deployment while any of its services is
// placed on Kubernetes, sized by the kept services' memory; the services
// placed elsewhere owe it nothing.
func TestPerAppInABlend(t *testing.T) {
	plan := groupedPlan(t, grouped+"  deployments: per-app\nplacement: {pin: {a1: kubernetes, a2: lambda, b1: lambda, b2: lambda}}\n")
	cfg := plan.Platforms[0].Config.(*Config)
	sub := cfg.Subset([]bool{true, false, false, false}).(*Config)
	if a := sub.Deployments[0]; a.Replicas != 2 || a.MemoryRequestMiB != 100 {
		t.Errorf("app-a in the blend: replicas %d memory %d MiB; want 2 and 100 (a1's only)", a.Replicas, a.MemoryRequestMiB)
	}
	if b := sub.Deployments[1]; b.Replicas != 0 || b.HPA != nil {
		t.Errorf("app-b in the blend: replicas %d; want none", b.Replicas)
	}
	if cfg.Deployments[0].MemoryRequestMiB != 151 {
		t.Errorf("Subset changed the config it was taken from")
	}
	res, err := runner.Run(plan, runner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := res.Platform("hybrid")
	if h == nil || h.Cost.Services == nil {
		t.Fatal("no hybrid cost by service")
	}
	if h.Cost.Services.Total() != h.Cost.Breakdown.Total() {
		t.Errorf("hybrid allocation adds up to %v; the bill is %v", h.Cost.Services.Total(), h.Cost.Breakdown.Total())
	}
	if svcs := h.Rec.Services(); svcs[0].Outcomes[models.Completed] == 0 || svcs[0].Outcomes[models.Rejected]+svcs[0].Outcomes[models.Failed] > 0 {
		t.Errorf("a1 in the blend: %d arrivals, outcomes %v; want them served", svcs[0].Arrivals, svcs[0].Outcomes)
	}
}

// Services of one application must agree on their kubernetes settings;
// a bad mode names the field, the value and what is allowed.
func TestPerAppProblems(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"bad mode", grouped + "  deployments: per-function\n",
			`kubernetes.deployments: unknown deployments mode "per-function" (allowed: per-service, per-app)`},
		{"conflicting overrides", strings.Replace(grouped, "    work: {io: \"20ms\"}\n", "    work: {io: \"20ms\"}\n    kubernetes: {concurrency: 4}\n", 1) + "  deployments: per-app\n",
			"services[2].kubernetes: differs from services[0].kubernetes, which shares the Deployment of application app-a (deployments: per-app runs one Deployment per application: give its services the same kubernetes settings, or use deployments: per-service)"},
		{"per-service override", "  deployments: per-app\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.src
			if tc.want == "" {
				src = strings.Replace(grouped, "  - name: a2\n", "  - name: a2\n    kubernetes: {deployments: per-app}\n", 1)
				tc.want = `kubernetes: unknown field "deployments"`
			}
			reg := platform.New(withNeeds{New(), groupNeeds}, lambda.New(), hybrid.New())
			_, err := scenario.Parse([]byte(src), nil, reg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse() = %v; want a problem %q", err, tc.want)
			}
		})
	}
}

// With deployments: per-app a service without an application keeps a
// Deployment of its own, under its own name and memory.
func TestPerAppUngroupedServiceAlone(t *testing.T) {
	var p models.Problems
	svcs := []platform.Service{
		{Name: "a1", Path: "services[0]", Needs: platform.Needs{MemoryMB: 10, Group: "app-a"}},
		{Name: "solo", Path: "services[1]", Needs: platform.Needs{MemoryMB: 40}},
		{Name: "a2", Path: "services[2]", Needs: platform.Needs{MemoryMB: 20, Group: "app-a"}},
		{Name: "plain", Path: "services[3]"},
	}
	cfg := New().Compile(platform.CompileInput{Section: &Section{Deployments: "per-app"}, Services: svcs, Problems: &p}).(*Config)
	if err := p.Err(); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range cfg.Deployments {
		got = append(got, d.Name+":"+fmt.Sprint(d.MemoryRequestMiB))
	}
	if want := []string{"app-a:30", "solo:40", "plain:256"}; !slices.Equal(got, want) {
		t.Errorf("deployments %v; want %v", got, want)
	}
	if want := []int{0, 1, 0, 2}; !slices.Equal(cfg.ServiceDeployment, want) {
		t.Errorf("ServiceDeployment %v; want %v", cfg.ServiceDeployment, want)
	}
}

// A blend's cluster starts sized for the services it keeps: each pool's
// initial nodes in proportion to the CPU its pods request at time zero,
// never below the pool's minimum; the config it was taken from keeps its
// size.
func TestSubsetSizesTheClusterForItsServices(t *testing.T) {
	src := "name: s\nduration: 1m\nservices:\n" +
		"  - {name: a, arrivals: {ratePerSecond: 1}, work: {io: 10ms}}\n" +
		"  - {name: b, arrivals: {ratePerSecond: 1}, work: {io: 10ms}}\n" +
		"  - {name: c, arrivals: {ratePerSecond: 1}, work: {io: 10ms}}\n" +
		"  - {name: d, arrivals: {ratePerSecond: 1}, work: {io: 10ms}}\n" +
		"kubernetes:\n  nodePools: [{name: p, instanceTypes: [m6i.large], nodes: 10, minNodes: 2, maxNodes: 20}]\n  replicas: 2\n"
	plan, err := scenario.Parse([]byte(src), nil, platform.New(New()))
	if err != nil {
		t.Fatal(err)
	}
	cfg := plan.Platforms[0].Config.(*Config)
	for _, tc := range []struct {
		keep []bool
		want int
	}{
		{[]bool{true, true, true, true}, 10},
		{[]bool{true, false, false, false}, 3}, // ⌈10 × 1/4⌉
		{[]bool{true, true, false, false}, 5},
		{[]bool{false, false, false, true}, 3},
	} {
		sub := cfg.Subset(tc.keep).(*Config)
		if got := sub.NodePools[0].Nodes; got != tc.want {
			t.Errorf("keep %v: %d initial nodes; want %d", tc.keep, got, tc.want)
		}
	}
	small := *cfg
	small.NodePools = append(small.NodePools[:0:0], cfg.NodePools...)
	small.NodePools[0].Nodes = 4
	if got := small.Subset([]bool{true, false, false, false}).(*Config).NodePools[0].Nodes; got != 2 {
		t.Errorf("below the minimum: %d nodes; want the pool's minimum 2", got)
	}
	if cfg.NodePools[0].Nodes != 10 {
		t.Errorf("Subset changed the config it was taken from")
	}
}
