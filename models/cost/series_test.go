package cost

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCumulative(t *testing.T) {
	for _, tc := range []struct {
		name    string
		total   Money
		weights []Money
		want    []Money
	}{
		{"proportional", 100, []Money{1, 0, 3}, []Money{25, 25, 100}},
		{"rounded, ends at the total", 10, []Money{1, 1, 1}, []Money{3, 7, 10}},
		{"no weight: even", 9, []Money{0, 0, 0}, []Money{3, 6, 9}},
		{"negative weights count as 0", 8, []Money{-5, 2, 2}, []Money{0, 4, 8}},
		{"empty", 8, nil, []Money{}},
		{"large", 5_000_000_000_000, []Money{3_000_000_000_000, 4_000_000_000_000}, []Money{2_142_857_142_857, 5_000_000_000_000}},
	} {
		got := Cumulative(tc.total, tc.weights)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: Cumulative(%d, %v) (-want +got):\n%s", tc.name, tc.total, tc.weights, diff)
		}
	}
}

func TestLambdaSeries(t *testing.T) {
	p := prices(t)
	// Six 10-s windows of a function with provisioned concurrency 2 and a
	// 1-M-request HTTP API front door; the fourth window is idle.
	var windows []LambdaInput
	for i := range 6 {
		w := LambdaInput{Functions: []LambdaUsage{{Name: "api", MemoryMB: 512, Provisioned: 2, ProvisionedSeconds: 10}}}
		if i != 3 {
			w.Functions[0].Requests = 1_000_000
			w.Functions[0].BilledDurationMs = 50_000_000
			w.Functions[0].ProvisionedDurationMs = 1_000_000
			w.FrontDoor = FrontDoorUsage{Kind: FrontDoorHTTPAPI, Requests: 1_000_000}
		}
		windows = append(windows, w)
	}
	o := Options{Run: time.Minute, FreeTier: true}
	cum, total, err := p.LambdaSeries(windows, o)
	if err != nil {
		t.Fatal(err)
	}
	whole := LambdaInput{
		Functions: []LambdaUsage{{Name: "api", MemoryMB: 512, Provisioned: 2, ProvisionedSeconds: 60,
			Requests: 5_000_000, BilledDurationMs: 250_000_000, ProvisionedDurationMs: 5_000_000}},
		FrontDoor: FrontDoorUsage{Kind: FrontDoorHTTPAPI, Requests: 5_000_000},
	}
	want, err := p.LambdaCost(whole, o)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, total); diff != "" {
		t.Errorf("LambdaSeries breakdown differs from the whole run's (-whole +series):\n%s", diff)
	}
	if l, _ := total.Line("lambda provisioned concurrency x86_64"); l.Quantity != 300 {
		t.Errorf("provisioned GB-s = %v; want 300 (2 × 0.5 GB × 60 s rounded up to 300 s once)", l.Quantity)
	}
	if len(cum) != 6 || cum[5] != total.Total() || !slices.IsSorted(cum) {
		t.Errorf("LambdaSeries cumulative = %v; want 6 non-decreasing values ending at %d", cum, int64(total.Total()))
	}
	if cum[3]-cum[2] >= cum[2]-cum[1] {
		t.Errorf("idle window costs as much as a busy one: %v", cum)
	}
}

func TestLambdaSeriesRejectsMixedFrontDoors(t *testing.T) {
	p := prices(t)
	_, _, err := p.LambdaSeries([]LambdaInput{
		{FrontDoor: FrontDoorUsage{Kind: FrontDoorREST, Requests: 1}},
		{},
		{FrontDoor: FrontDoorUsage{Kind: FrontDoorHTTPAPI, Requests: 1}},
	}, month)
	if err == nil || err.Error() != "windows[2].frontDoor.kind: differs from an earlier window's api-gateway-rest (got http-api)" {
		t.Errorf("LambdaSeries(mixed front doors) = %v", err)
	}
}

func TestKubernetesSeries(t *testing.T) {
	p := prices(t)
	var windows []KubernetesUsage
	for i := range 4 {
		w := KubernetesUsage{
			Nodes:             []NodeUsage{{InstanceType: "m6i.large", BilledSeconds: 900}},
			ControlPlaneHours: 0.25,
			ALB:               ALBUsage{Hours: 0.25, NewConnections: 10_000},
			CrossAZGB:         0.1,
		}
		if i == 2 { // a second node for one window
			w.Nodes = append(w.Nodes, NodeUsage{InstanceType: "m6i.large", Lifetime: 200 * time.Second})
		}
		windows = append(windows, w)
	}
	cum, total, err := p.KubernetesSeries(windows)
	if err != nil {
		t.Fatal(err)
	}
	want, err := p.KubernetesCost(KubernetesUsage{
		Nodes:             []NodeUsage{{InstanceType: "m6i.large", BilledSeconds: 3800}},
		ControlPlaneHours: 1,
		ALB:               ALBUsage{Hours: 1, NewConnections: 40_000},
		CrossAZGB:         0.4,
	})
	if err != nil {
		t.Fatal(err)
	}
	if total.Total() != want.Total() {
		t.Errorf("KubernetesSeries total = %v; want %v\n%s\n%s", total.Total(), want.Total(), total, want)
	}
	if len(cum) != 4 || cum[3] != total.Total() || !slices.IsSorted(cum) || cum[2]-cum[1] <= cum[1]-cum[0] {
		t.Errorf("KubernetesSeries cumulative = %v", cum)
	}
}
