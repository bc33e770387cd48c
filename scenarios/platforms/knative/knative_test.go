package knative_test

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/platforms/hybrid"
	"github.com/execsim/execsim/scenarios/platforms/knative"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/summary"
	"github.com/google/go-cmp/cmp"
)

func TestConformance(t *testing.T) { platformtest.Conformance(t, knative.New()) }

const fleet = `name: kn
seed: 7
duration: 20m
services:
  - {name: busy, PIN arrivals: {ratePerSecond: 20}, work: {cpu: "exp(mean=20ms)", io: "exp(mean=30ms)"}}
  - {name: quiet, PIN arrivals: {ratePerSecond: 0.005}, work: {io: "exp(mean=100ms)"}}
kubernetes:
  nodePools: [{name: general, instanceTypes: [m7g.large], nodes: 2, minNodes: 1, maxNodes: 6}]
  nodeAutoscaler: cluster-autoscaler
lambda: {memoryMB: 512}
knative: {containerConcurrency: 20}
`

// Knative runs on the kubernetes: section's cluster: its nodes are the
// section's instance type, and its bill has the same lines.
func TestKnativeRunsOnTheKubernetesCluster(t *testing.T) {
	res := platformtest.Run(t, strings.ReplaceAll(fleet, "PIN", ""))
	for _, name := range []string{"kubernetes", "lambda", "knative"} {
		if err := runner.CheckConservation(name, res.Platform(name).Rec); err != nil {
			t.Fatal(err)
		}
	}
	s := summary.Of(res, false)
	kn, k8s := s.Models.Get("knative"), s.Models.Get("kubernetes")
	if kn == nil || k8s == nil {
		t.Fatalf("models %v", s.Models)
	}
	if _, ok := kn.Cost.Breakdown["node m7g.large on-demand"]; !ok {
		t.Errorf("knative's bill %v has no m7g.large node line", kn.Cost.Breakdown)
	}
	x, _ := kn.Extra.(*knative.Extra)
	if x == nil || x.ControlPlaneUSD <= 0 {
		t.Fatalf("knative extra %+v: want a control-plane share", kn.Extra)
	}
	// the quiet service went to zero and came back
	if x.ScaleToZero == 0 || x.ScaleFromZero == 0 {
		t.Errorf("scaled to zero %d times, from zero %d; want both", x.ScaleToZero, x.ScaleFromZero)
	}
	// per-service cost and the shared lines add up to the bill
	var sum float64
	for _, svc := range kn.Services {
		if svc.CostUSD == nil {
			t.Fatalf("service %s has no cost", svc.Name)
		}
		sum += *svc.CostUSD
	}
	cp := false
	for _, sh := range kn.SharedCost {
		sum += sh.CostUSD
		cp = cp || sh.Item == knative.ControlPlaneItem
	}
	if !cp {
		t.Errorf("shared cost %v has no %q line", kn.SharedCost, knative.ControlPlaneItem)
	}
	if d := sum - kn.Cost.TotalUSD; d > 1e-4 || d < -1e-4 {
		t.Errorf("allocation adds up to %.6f; the bill is %.6f", sum, kn.Cost.TotalUSD)
	}
}

// A blend with every service pinned to knative is knative's own run.
func TestBlendOfKnativeIsKnative(t *testing.T) {
	res := platformtest.Run(t, strings.ReplaceAll(fleet, "PIN", "platform: knative,")+"placement: {}\n")
	s := summary.Of(res, false)
	one, blend := s.Models.Get("knative"), s.Models.Get("hybrid")
	if diff := cmp.Diff(one.Outcomes, blend.Outcomes); diff != "" {
		t.Errorf("outcomes differ (-knative +hybrid):\n%s", diff)
	}
	if diff := cmp.Diff(one.LatencyMs, blend.LatencyMs); diff != "" {
		t.Errorf("latency differs (-knative +hybrid):\n%s", diff)
	}
	if one.Cost.TotalUSD != blend.Cost.TotalUSD {
		t.Errorf("cost %v on knative, %v in the blend", one.Cost.TotalUSD, blend.Cost.TotalUSD)
	}
}

// A three-way blend: each service placed on one of three platforms, the
// requests conserved, the advice's options naming all three.
func TestThreeWayBlend(t *testing.T) {
	src := strings.Replace(strings.Replace(fleet, "PIN", "platform: kubernetes,", 1), "PIN", "platform: knative,", 1) + "placement: {}\n"
	res := platformtest.Run(t, src)
	if err := runner.CheckConservation("hybrid", res.Platform("hybrid").Rec); err != nil {
		t.Fatal(err)
	}
	s := summary.Of(res, false)
	if s.Placement.Counts["kubernetes"] != 1 || s.Placement.Counts["knative"] != 1 {
		t.Errorf("placement counts %v", s.Placement.Counts)
	}
	for _, svc := range s.Placement.Services {
		var names []string
		for _, o := range svc.Options {
			names = append(names, o.Platform)
		}
		if want := []string{"kubernetes", "lambda", "knative"}; !cmp.Equal(names, want) {
			t.Errorf("service %s options %v; want %v", svc.Name, names, want)
		}
	}
	if s.Placement.MonthlyUSD["all_knative"] == 0 {
		t.Errorf("monthly totals %v", s.Placement.MonthlyUSD)
	}
	// The Knative and Kubernetes parts share one cluster: one EKS control
	// plane and one set of nodes in the bill, named after both.
	var planes int
	for item := range s.Models.Get("hybrid").Cost.Breakdown {
		if strings.HasSuffix(item, "eks control plane") {
			planes++
			if item != "kubernetes+knative: eks control plane" {
				t.Errorf("control-plane line %q; want it named after the shared part", item)
			}
		}
	}
	if planes != 1 {
		t.Errorf("%d EKS control planes in the blend's bill; want 1", planes)
	}
	// one cluster for both: less than running each on its own
	if hy, k, kn := s.Models.Get("hybrid").Cost.TotalUSD, s.Models.Get("kubernetes").Cost.TotalUSD, s.Models.Get("knative").Cost.TotalUSD; hy >= k+kn {
		t.Errorf("the blend costs %v; kubernetes %v and knative %v apart", hy, k, kn)
	}
	// Only the quiet service's requests went through Knative: the busy
	// one ran as a Deployment beside it.
	hx, _ := s.Models.Get("hybrid").Extra.(*hybrid.Extra)
	if hx == nil {
		t.Fatalf("hybrid extra %T", s.Models.Get("hybrid").Extra)
	}
	for _, p := range hx.Parts {
		if p.Platform != "knative" {
			continue
		}
		var d struct {
			Activated int64 `json:"activated"`
		}
		if err := json.Unmarshal(p.Details, &d); err != nil {
			t.Fatal(err)
		}
		quiet := res.Platform("hybrid").Rec.Services()[1].Arrivals
		if d.Activated != quiet {
			t.Errorf("%d requests through the activator; want the quiet service's %d", d.Activated, quiet)
		}
	}
}

// Bad knative: input names the field, the value and what is allowed.
func TestKnativeErrors(t *testing.T) {
	base := "name: e\nduration: 1m\nservices:\n  - {name: a, arrivals: {ratePerSecond: 1}, work: {io: 10ms}}\n"
	for _, tc := range []struct{ name, src, want string }{
		{"concurrency", base + "knative: {containerConcurrency: -1}\n", "knative.containerConcurrency: must be between 0 (unlimited) and 1000 (got -1)"},
		{"metric", base + "knative: {metric: cpu}\n", "knative.metric: allowed: concurrency, rps (got cpu)"},
		{"utilisation", base + "knative: {targetUtilizationPercent: 150}\n", "knative.targetUtilizationPercent: must be in (0, 100] (got 150)"},
		{"bounds", base + "knative: {minScale: 3, maxScale: 2}\n", "knative.minScale: must be at most maxScale (2) (got 3)"},
		{"burst", base + "knative: {targetBurstCapacity: -2}\n", "knative.targetBurstCapacity: must be at least 0, or -1"},
		{"control plane", base + "knative: {controlPlane: [{name: activator, replicas: 1, cpuRequestMilli: 0, memoryRequestMiB: 60}]}\n", "knative.controlPlane[0].cpuRequestMilli: must be positive (got 0)"},
		{"unknown key", base + "knative: {minscale: 1}\n", "minScale"},
		// a missing count became ×0 without a word (hostile #14)
		{"control plane without replicas", base + "knative: {controlPlane: [{name: activator, cpuRequestMilli: 300, memoryRequestMiB: 60}]}\n",
			"knative.controlPlane[0].replicas: each control-plane Deployment needs its replicas (Knative's manifests run 1 of each; write 0 for none)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := platformtest.Parse(tc.src)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v; want it to contain %q", err, tc.want)
			}
		})
	}
}

// Each problem is told at a key the scenario syntax has: a setting written
// under services[i].knative at that path, not as knative.<field> (revision
// b); one written in knative: once, with the services it fails for when it
// is not all of them; a control-plane pod at knative.controlPlane[i], not
// knative.cpuRequestMilli (deployment x), and whatever else is wrong.
func TestKnativeErrorsNameTheWrittenField(t *testing.T) {
	base := "name: e\nduration: 1m\nservices:\n  - {name: a, arrivals: {ratePerSecond: 1}, work: {io: 10ms}}\n" +
		"  - {name: b, arrivals: {ratePerSecond: 1}, work: {io: 10ms}, knative: {target: 0.001, maxScale: 2}}\n"
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"a service's own setting", base + "knative: {}\n", []string{"services[1].knative.target: must be at least 0.01 (got 0.001)"}},
		{"the section's, for every service", base + "knative: {containerConcurrency: 5000}\n", []string{
			"knative.containerConcurrency: must be between 0 (unlimited) and 1000 (got 5000)", "services[1].knative.target"}},
		{"the section's, for one service", base + "knative: {minScale: 3}\n", []string{"knative.minScale (service b): must be at most maxScale (2) (got 3)", "services[1].knative.target"}},
		// several services are named as a fleet's members are
		// (platform.Members): how many, then the names
		{"the section's, for two services", base + "  - {name: c, arrivals: {ratePerSecond: 1}, work: {io: 10ms}, knative: {maxScale: 2}}\n" +
			"  - {name: d, arrivals: {ratePerSecond: 1}, work: {io: 10ms}}\nknative: {minScale: 3}\n",
			[]string{"knative.minScale (2 services: b and c): must be at most maxScale (2) (got 3)", "services[1].knative.target"}},
		{"a control-plane pod too large, beside another problem", base + "knative: {controlPlane: [{name: x, replicas: 1, cpuRequestMilli: 100000, memoryRequestMiB: 60}]}\n", []string{
			"knative.controlPlane[0].cpuRequestMilli: the pod fits no node: the largest allocatable CPU of the pools' instance types is 1780m (m6i.large) (got 100000)",
			"services[1].knative.target"}},
		{"a control-plane name that clashes, alone", "name: e\nduration: 1m\nservices:\n  - {name: a, arrivals: {ratePerSecond: 1}, work: {io: 10ms}}\n" +
			"knative: {controlPlane: [{name: a, replicas: 1, cpuRequestMilli: 100, memoryRequestMiB: 60}]}\n", []string{
			"knative.controlPlane[0].name: already the name of a Deployment of the cluster (got a)"}},
		{"control-plane fields each", base + "knative: {controlPlane: [{name: x, replicas: -1, cpuRequestMilli: 0, memoryRequestMiB: 0}]}\n", []string{
			"knative.controlPlane[0].replicas: must not be negative (got -1)",
			"knative.controlPlane[0].cpuRequestMilli: must be positive (got 0)",
			"knative.controlPlane[0].memoryRequestMiB: must be positive (got 0)", "services[1].knative.target"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := platformtest.Parse(tc.src)
			if err == nil {
				t.Fatalf("no error; want %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%v\nwant it to contain %q", err, w)
				}
			}
			lines := strings.Split(err.Error(), "\n")
			for _, l := range lines {
				for _, old := range []string{"(revision ", "(deployment x)", "knative.cpuRequestMilli", "knative.target"} {
					if strings.Contains(l, old) && !strings.HasPrefix(l, "services[1].knative.target") {
						t.Errorf("%q names %q, a key the scenario syntax does not have", l, old)
					}
				}
			}
			if len(lines) != len(tc.want) {
				t.Errorf("%d problems; want %d:\n%v", len(lines), len(tc.want), err)
			}
		})
	}
}

// Without a kubernetes platform to run on, Knative's cluster is the
// kubernetes: defaults; their problems are told at the kubernetes keys
// that set the cluster, not renamed into knative: keys that do not exist.
func TestKnativeOwnClusterNamesKubernetesKeys(t *testing.T) {
	var p models.Problems
	knative.New().Compile(platform.CompileInput{Section: &knative.Section{}, Problems: &p,
		Services: []platform.Service{{Name: "a", Path: "services[0]", Needs: platform.Needs{MemoryMB: 20000}}}})
	err := p.Err()
	if err == nil || !strings.Contains(err.Error(), "kubernetes.memoryRequestMiB: the pod fits no node") || strings.Contains(err.Error(), "knative.memoryRequestMiB") {
		t.Errorf("error %v; want the pod's memory told at kubernetes.memoryRequestMiB", err)
	}
}

// Knative bills its own front door (cost.frontDoors.knative), not the
// kubernetes platform's; a blend whose Kubernetes and Knative parts share
// one cluster bills each part's door, one ALB per part as every blend
// does.
func TestKnativeFrontDoor(t *testing.T) {
	albHours := func(res *runner.Result, name string) float64 {
		for _, l := range res.Platform(name).Cost.Breakdown.Lines {
			if strings.HasSuffix(l.Item, "alb hours") {
				return l.Quantity
			}
		}
		return 0
	}
	const hours = 20.0 / 60 // the fleet's duration
	pinned := strings.Replace(strings.Replace(fleet, "PIN", "platform: kubernetes,", 1), "PIN", "platform: knative,", 1) + "placement: {}\n"
	for _, tc := range []struct {
		doors               string
		kubernetes, knative float64 // ALB hours alone
		hybrid              float64 // ALB hours of the shared cluster
	}{
		{doors: "{}", kubernetes: hours, knative: hours, hybrid: 2 * hours},
		{doors: "{knative: none}", kubernetes: hours, knative: 0, hybrid: hours},
		{doors: "{kubernetes: none}", kubernetes: 0, knative: hours, hybrid: hours},
		{doors: "{kubernetes: none, knative: none}", hybrid: 0},
	} {
		t.Run(tc.doors, func(t *testing.T) {
			res := platformtest.Run(t, pinned+"cost: {frontDoors: "+tc.doors+"}\n")
			for name, want := range map[string]float64{"kubernetes": tc.kubernetes, "knative": tc.knative, "hybrid": tc.hybrid} {
				if got := albHours(res, name); math.Abs(got-want) > 1e-9 {
					t.Errorf("%s bills %g ALB hours; want %g", name, got, want)
				}
			}
			// the allocation still adds up to the bill with either door
			s := summary.Of(res, false)
			kn := s.Models.Get("knative")
			sum := 0.0
			for _, svc := range kn.Services {
				sum += *svc.CostUSD
			}
			for _, sh := range kn.SharedCost {
				sum += sh.CostUSD
			}
			if math.Abs(sum-kn.Cost.TotalUSD) > 1e-4 {
				t.Errorf("knative's allocation adds up to %.6f; the bill is %.6f", sum, kn.Cost.TotalUSD)
			}
		})
	}
}

// validate prints the scale-to-zero rule the model follows: with the
// defaults the activator is already in the last pod's path, so the pod
// goes 3 s after the stable window, not after the grace period.
func TestDescribeScaleToZero(t *testing.T) {
	base := "name: d\nduration: 1m\nservices:\n  - {name: a, arrivals: {ratePerSecond: 1}, work: {io: 10ms}}\n"
	for _, tc := range []struct {
		knative string
		want    string
	}{
		{"{}", "scaleToZero: 3s after a stable window (1m0s) without traffic; the activator is already in the path (targetBurstCapacity 211 is above the capacity of one pod, 100), so the pod goes at the next check of the reconciler, not after the 30s grace period"},
		{"{targetBurstCapacity: -1, scaleToZeroPodRetention: 20s}", "scaleToZero: 20s after a stable window (1m0s) without traffic; the activator is already in the path (targetBurstCapacity -1, always), so the pod goes at the next check of the reconciler, or its pod retention 20s if longer, not after the 30s grace period"},
		{"{targetBurstCapacity: 0, scaleToZeroGracePeriod: 45s}", "scaleToZero: 45s after a stable window (1m0s) without traffic; the activator goes into the path then and the pod stays for the 45s grace period"},
		{"{minScale: 1}", "scaleToZero: never"},
	} {
		t.Run(tc.knative, func(t *testing.T) {
			got := platformtest.Plan(t, base+"knative: "+tc.knative+"\n").Describe()
			if !strings.Contains(got, tc.want) {
				t.Errorf("validate prints:\n%s\nwant a line %q", got, tc.want)
			}
		})
	}
}

// A revision whose autoscaler aims at more requests in flight per pod than
// the pod holds (no containerConcurrency: the Deployment's slots plus its
// queue) is warned about at the target as written, with the numbers and
// what to change; with containerConcurrency, or room enough, it is not.
func TestKnativeTargetAbovePodCapacity(t *testing.T) {
	base := "name: w\nduration: 1m\nservices:\n  - {name: a, arrivals: {ratePerSecond: 1}, work: {io: 10ms}}\n" +
		"  - {name: b, arrivals: {ratePerSecond: 1}, work: {io: 10ms}, knative: {target: 300}}\n"
	for _, tc := range []struct {
		name, sections string
		want           []string
	}{
		{"small pods, the default target", "kubernetes: {concurrency: 10, queue: 50}\nknative: {}\n", []string{
			"knative.target (service a): the autoscaler aims at 70 requests in flight per pod (target 100 × targetUtilizationPercent 70), more than a pod holds: " +
				"the Deployment's concurrency 10 + queue 50 = 60 (kubernetes: concurrency and queue); the pods refuse requests (503) before it adds one: " +
				"set containerConcurrency (the queue-proxy then caps the target at it), or a target of at most 85",
			"services[1].knative.target (service b): the autoscaler aims at 210 requests in flight per pod (target 300 × targetUtilizationPercent 70)",
		}},
		{"default pods, one service's target", "knative: {}\n", []string{
			"services[1].knative.target (service b): the autoscaler aims at 210 requests in flight per pod (target 300 × targetUtilizationPercent 70), more than a pod holds: the Deployment's concurrency 100 + queue 100 = 200",
		}},
		{"containerConcurrency caps the target", "kubernetes: {concurrency: 10, queue: 50}\nknative: {containerConcurrency: 10}\n", nil},
		{"an unbounded queue", "kubernetes: {concurrency: 10, queue: -1}\nknative: {}\n", nil},
		{"the rps metric", "kubernetes: {concurrency: 10, queue: 50}\nknative: {metric: rps}\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan := platformtest.Plan(t, base+tc.sections)
			var got []string
			for _, w := range plan.Warnings {
				if strings.Contains(w, "requests in flight per pod") {
					got = append(got, w)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("warnings %q; want %d like %q", got, len(tc.want), tc.want)
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("warning\n%s\nwant it to start\n%s", got[i], w)
				}
			}
		})
	}
}

// The same capacity warning for several services is told once, naming
// them as a fleet's members are named (platform.Members), not as a list
// of its own ("(services a, c)").
func TestKnativeCapacityWarningNamesTheServices(t *testing.T) {
	var svcs strings.Builder
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		fmt.Fprintf(&svcs, "  - {name: %s, arrivals: {ratePerSecond: 1}, work: {io: 10ms}}\n", n)
	}
	plan := platformtest.Plan(t, "name: w\nduration: 1m\nservices:\n"+svcs.String()+"kubernetes: {concurrency: 10, queue: 50}\nknative: {}\n")
	var got []string
	for _, w := range plan.Warnings {
		if strings.Contains(w, "requests in flight per pod") {
			got = append(got, w)
		}
	}
	want := "knative.target (5 services: a, b, c and 2 more): the autoscaler aims at 70 requests in flight per pod"
	if len(got) != 1 || !strings.HasPrefix(got[0], want) {
		t.Errorf("warnings %q; want one starting %q", got, want)
	}
}
