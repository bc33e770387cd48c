package cost

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim/simtest"
	"github.com/google/go-cmp/cmp"
)

func TestKubernetesCost(t *testing.T) {
	node := func(typ string, c models.Capacity, life time.Duration) NodeUsage {
		return NodeUsage{InstanceType: typ, Capacity: c, Lifetime: life}
	}
	tests := []struct {
		name   string
		p      Prices
		u      KubernetesUsage
		total  int64 // micro-dollars
		detail map[string]int64
	}{
		{"3 nodes at $0.10/h for 720 h", prices(t, "ec2.test.large.hourUSD", 0.10),
			KubernetesUsage{Nodes: []NodeUsage{{InstanceType: "test.large", Nodes: 3, Lifetime: 720 * time.Hour}}},
			216_000_000, map[string]int64{"node test.large on-demand": 216_000_000}},
		{"a node living 10 s costs 60 s", prices(t), KubernetesUsage{Nodes: []NodeUsage{node("m6i.large", models.OnDemand, 10*time.Second)}},
			1_600, nil}, // 0.096 × 60 / 3600
		{"a node living 61 s costs 61 s", prices(t), KubernetesUsage{Nodes: []NodeUsage{node("m6i.large", models.OnDemand, 61*time.Second)}},
			1_627, nil}, // 0.096 × 61 / 3600 = 0.00162666…
		{"a started second is billed whole", prices(t), KubernetesUsage{Nodes: []NodeUsage{node("m6i.large", models.OnDemand, 61200*time.Millisecond)}},
			1_653, nil}, // 62 s
		{"a node that never came up still costs the minimum", prices(t), KubernetesUsage{Nodes: []NodeUsage{node("m6i.large", models.OnDemand, 0)}},
			1_600, nil},
		{"billed seconds are taken as given", prices(t), KubernetesUsage{Nodes: []NodeUsage{{InstanceType: "m6i.large", BilledSeconds: 30}}},
			800, nil},
		{"minimum overridden", prices(t, "ec2.minimumSeconds", 0), KubernetesUsage{Nodes: []NodeUsage{node("m6i.large", models.OnDemand, 10*time.Second)}},
			267, nil},
		{"spot at the default 65% discount", prices(t), KubernetesUsage{Nodes: []NodeUsage{node("m6i.large", models.Spot, Month)}},
			24_528_000, nil}, // 0.096 × 0.35 × 730
		{"spot discount overridden", prices(t, "ec2.spotDiscount", 0.5), KubernetesUsage{Nodes: []NodeUsage{node("m6i.large", models.Spot, Month)}},
			35_040_000, nil},
		{"explicit spot price", prices(t, "ec2.m6i.large.spotHourUSD", 0.03), KubernetesUsage{Nodes: []NodeUsage{node("m6i.large", models.Spot, Month)}},
			21_900_000, nil},
		{"arm64 node", prices(t), KubernetesUsage{Nodes: []NodeUsage{node("m7g.large", models.OnDemand, Month)}},
			59_568_000, nil},
		{"EKS control plane 730 h", prices(t), KubernetesUsage{ControlPlaneHours: 730},
			73_000_000, map[string]int64{"eks control plane": 73_000_000}},
		{"EKS extended support", prices(t), KubernetesUsage{ControlPlaneHours: 730, ExtendedSupport: true},
			438_000_000, nil},
		{"cross-AZ 100 GB crossing", prices(t), KubernetesUsage{CrossAZGB: 100},
			2_000_000, map[string]int64{"cross-az transfer": 2_000_000}},
		{"ALB with EC2 targets, 1 LCU by bytes", prices(t), KubernetesUsage{ALB: ALBUsage{Hours: 730, ProcessedGB: 730}},
			22_265_000, map[string]int64{"alb hours": 16_425_000, "alb lcu-hours": 5_840_000}},
		{"minimal multi-AZ EKS floor (ref §5.2: ≈ $305.5/mo)", prices(t), KubernetesUsage{
			Nodes:             []NodeUsage{{InstanceType: "m6i.large", Nodes: 3, Lifetime: Month}},
			ControlPlaneHours: 730,
			ALB:               ALBUsage{Hours: 730, NewConnections: 25 * 3600 * 730},
		}, 305_505_000, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := tc.p.KubernetesCost(tc.u)
			checkBill(t, "KubernetesCost", b, err, tc.total, tc.detail)
		})
	}
}

func TestKubernetesLineOrder(t *testing.T) {
	p := prices(t)
	u := KubernetesUsage{
		Nodes: []NodeUsage{
			{InstanceType: "m7g.large", Capacity: models.Spot, Lifetime: time.Hour},
			{InstanceType: "m6i.large", Capacity: models.Spot, Lifetime: time.Hour},
			{InstanceType: "m6i.large", Lifetime: time.Hour},
			{InstanceType: "m7g.large", Capacity: models.Spot, Lifetime: time.Hour},
		},
		ControlPlaneHours: 1,
		ALB:               ALBUsage{Hours: 1},
		CrossAZGB:         1,
	}
	b, err := p.KubernetesCost(u)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"node m6i.large on-demand", "node m6i.large spot", "node m7g.large spot",
		"eks control plane", "alb hours", "alb lcu-hours", "cross-az transfer"}
	if diff := cmp.Diff(want, items(b)); diff != "" {
		t.Errorf("KubernetesCost lines (-want +got):\n%s", diff)
	}
	if l, _ := b.Line("node m7g.large spot"); l.Quantity != 2 || l.Unit != "node-h" {
		t.Errorf("node m7g.large spot = %v %s; want 2 node-h", l.Quantity, l.Unit)
	}
}

func TestKubernetesCostValidation(t *testing.T) {
	p := prices(t)
	_, err := p.KubernetesCost(KubernetesUsage{
		Nodes: []NodeUsage{
			{InstanceType: "m9z.large", Lifetime: time.Hour},
			{InstanceType: "m6i.large", Lifetime: time.Hour, BilledSeconds: 3600},
		},
		CrossAZGB: -1,
		ALB:       ALBUsage{NewConnections: 5},
	})
	simtest.CheckProblems(t, err,
		"nodes[0].instanceType: no price; priced: m5.large, m5.xlarge",
		"(got m9z.large)",
		"nodes[1].lifetime: give lifetime or billedSeconds, not both",
		"crossAZGB: must be ≥ 0 (got -1)",
		"alb.hours: must be > 0 when the ALB carries traffic")
	if !errors.Is(err, models.ErrUnknown) {
		t.Errorf("KubernetesCost error does not wrap ErrUnknown: %v", err)
	}
}

func TestNodeHourUSD(t *testing.T) {
	explicit := prices(t, "ec2.m6i.large.spotHourUSD", 0.03)
	tests := []struct {
		name string
		p    Prices
		typ  string
		c    models.Capacity
		want float64
		ok   bool
	}{
		{"on-demand from the catalogue", Default(), "m6i.large", models.OnDemand, 0.096, true},
		{"spot at the discount", Default(), "m6i.large", models.Spot, 0.096 * (1 - Default().EC2.SpotDiscount), true},
		{"spot at its own price", explicit, "m6i.large", models.Spot, 0.03, true},
		{"overridden on-demand", prices(t, "ec2.m7g.large.hourUSD", 0.5), "m7g.large", models.OnDemand, 0.5, true},
		{"unpriced", Default(), "x9.huge", models.OnDemand, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.p.NodeHourUSD(tc.typ, tc.c)
			if ok != tc.ok || math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("NodeHourUSD(%s, %v) = %v, %v; want %v, %v", tc.typ, tc.c, got, ok, tc.want, tc.ok)
			}
		})
	}
}
