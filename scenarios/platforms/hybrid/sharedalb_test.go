package hybrid_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/platforms/hybrid"
	"github.com/execsim/execsim/scenarios/summary"
)

// A mixed blend behind ALBs pays for one: the hourly fee once, no part's
// own ALB lines, and LCUs from the combined traffic (costrev: every mixed
// blend paid +$16.43 a month for a second ALB). The search's cost of the
// blend it kept is the blend column's, and the blend says which door its
// requests pass. Behind API Gateway for Lambda and an ALB for Kubernetes
// both doors stay, each billed, and the blend says so. Knative's ingress
// gateway behind an ALB shares it with Lambda as the kubernetes part's
// Deployments do (review5: a Knative and Lambda blend paid two).
func TestMixedBlendSharesOneALB(t *testing.T) {
	mixed := strings.Replace(strings.Replace(fleet, "PIN", "platform: kubernetes,", 1), "PIN", "platform: lambda,", 1)
	knative := strings.Replace(strings.Replace(strings.Replace(fleet, "PIN", "platform: knative,", 1), "PIN", "platform: lambda,", 1),
		"kubernetes: {}\n", "knative: {}\n", 1) + "cost: {frontDoors: {knative: alb, lambda: alb}}\n"
	for _, tc := range []struct {
		name, cost string
		lines      []string // items the blend's bill has
		notLines   []string
		door       string
	}{
		{"both alb", "", []string{"kubernetes+lambda: alb hours", "kubernetes+lambda: alb lcu-hours"}, []string{"kubernetes: alb hours", "lambda: alb hours", "alb hours"},
			"one ALB shared by kubernetes and lambda"},
		{"api gateway for lambda", "cost: {frontDoors: {lambda: api-gateway-rest, kubernetes: alb}}\n",
			[]string{"kubernetes: alb hours", "lambda: api gateway rest requests"}, []string{"kubernetes+lambda: alb hours", "alb hours"},
			"kubernetes: alb; lambda: api-gateway-rest (each billed)"},
		{"knative and lambda", "", []string{"lambda+knative: alb hours", "lambda+knative: alb lcu-hours"}, []string{"knative: alb hours", "lambda: alb hours", "alb hours"},
			"one ALB shared by lambda and knative"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := mixed + tc.cost
			if strings.HasPrefix(tc.name, "knative") {
				src = knative
			}
			s := summary.Of(platformtest.Run(t, src), false)
			blend := s.Models.Get("hybrid")
			bill := blend.Cost.Breakdown
			for _, item := range tc.lines {
				if _, ok := bill[item]; !ok {
					t.Errorf("the blend's bill has no %q: %v", item, bill)
				}
			}
			for _, item := range tc.notLines {
				if _, ok := bill[item]; ok {
					t.Errorf("the blend's bill has %q: %v", item, bill)
				}
			}
			for _, l := range blend.Cost.Lines {
				if strings.HasSuffix(l.Item, ": alb hours") && math.Abs(l.Quantity-20.0/60) > 1e-9 {
					t.Errorf("shared alb hours %v; want one ALB's 1/3 h", l.Quantity)
				}
			}
			x := blend.Extra.(*hybrid.Extra)
			// the parts add up to the bill: a shared ALB is apportioned
			// once, not billed again in each part (audit 2)
			var parts, nonzero int64
			for _, p := range x.Parts {
				parts += int64(math.Round(p.CostUSD * 1e6))
				if p.CostUSD > 0 {
					nonzero++
				}
			}
			if total := int64(math.Round(blend.Cost.TotalUSD * 1e6)); parts != total || nonzero != 2 {
				t.Errorf("the parts' cost_usd add up to %d µ$ (%d parts with a cost); the blend's total is %d µ$:\n%s", parts, nonzero, total, partsText(x.Parts))
			}
			if x.FrontDoor != tc.door {
				t.Errorf("front door %q; want %q", x.FrontDoor, tc.door)
			}
			// the search priced the blend it kept as the blend column does
			kept := -1.0
			for _, tr := range s.Placement.Trials {
				if tr.Kept && tr.Simulated {
					kept = tr.MonthlyUSD
				}
			}
			if math.Abs(kept-blend.Cost.MonthlyUSD) > 1e-6 {
				t.Errorf("the search kept a blend at $%v a month; the blend column says $%v", kept, blend.Cost.MonthlyUSD)
			}
		})
	}
}

// A blend's parts bill the ALB's bytes at their own services' payloads: a
// 1 KB service placed on Lambda beside a 2,000 KB one on Kubernetes adds
// its own kilobytes, at 0.4 GB an LCU-hour, not the fleet's mean payload
// (review5 defect 1, repro pay.yaml: 68.85 LCU-h where 45.98 is right).
func TestBlendALBBytesAreEachPartsOwn(t *testing.T) {
	src := `name: payblend
seed: 7
duration: 20m
services:
  - {name: busy, platform: kubernetes, arrivals: {ratePerSecond: 20}, work: {payloadKB: 2000, cpu: "exp(mean=20ms)", io: "exp(mean=30ms)"}}
  - {name: quiet, platform: lambda, arrivals: {ratePerSecond: 5}, work: {payloadKB: 1, io: "exp(mean=100ms)"}}
kubernetes: {}
lambda: {memoryMB: 512}
placement: {}
`
	res := platformtest.Run(t, src)
	m := res.Platform("hybrid")
	if m == nil {
		t.Fatal("no hybrid result")
	}
	svcs, _ := summary.Services(res, m)
	var want float64 // GB for IP targets' LCU (1 GB), so Lambda's count 1/0.4
	for _, sv := range svcs {
		switch sv.Name {
		case "busy":
			want += float64(sv.Arrivals) * 2000 / (1 << 20)
		case "quiet":
			want += float64(sv.Arrivals) * 1 / (1 << 20) / 0.4
		}
	}
	blend := summary.Of(res, false).Models.Get("hybrid")
	var got float64
	for _, l := range blend.Cost.Lines {
		if l.Item == "kubernetes+lambda: alb lcu-hours" {
			got = l.Quantity
		}
	}
	if want == 0 || math.Abs(got-want) > 1e-6*want {
		t.Errorf("the blend's alb lcu-hours %v; want %v (each service's arrivals × its own payload)", got, want)
	}
}

// A blend pays the SnapStart snapshot cache of the functions it runs on
// Lambda only: a Python function whose service went to Kubernetes
// publishes no version and caches nothing (review5 defect 3, repro
// snap.yaml: both functions' 2 GB × 1,200 s were billed).
func TestBlendCachesOnlyItsOwnSnapshots(t *testing.T) {
	src := strings.Replace(strings.Replace(strings.Replace(fleet, "PIN", "platform: kubernetes,", 1), "PIN", "platform: lambda,", 1),
		"lambda: {memoryMB: 512}", `lambda: {memoryMB: 2048, runtime: python3.12, snapStart: true, restore: "lognormal(p50=300ms, p99=900ms)"}`, 1)
	blend := summary.Of(platformtest.Run(t, src), false).Models.Get("hybrid")
	got := -1.0
	for _, l := range blend.Cost.Lines {
		if l.Item == "lambda: lambda snapstart cache" {
			got = l.Quantity
		}
	}
	if want := 2048.0 / 1024 * 20 * 60; got != want { // one function's 2 GB for the 20-minute run
		t.Errorf("the blend's snapstart cache %v GB-s; want %v (quiet's function alone)", got, want)
	}
}

// Lambda's own run behind an ALB counts the bodies of the requests it
// refused for their payload in the ALB's processed bytes: the ALB reads
// them before it refuses them. Weighting the mean payload by calls alone
// (review5's fix, as merged beside the payload refusal) priced a refused
// 2 MB service's arrivals at the 1 KB service's payload.
func TestLambdaALBBytesCountRefusedBodies(t *testing.T) {
	src := `name: payalb
seed: 7
duration: 10m
services:
  - {name: big, arrivals: {ratePerSecond: 2}, work: {payloadKB: 2048, io: "exp(mean=50ms)"}}
  - {name: small, arrivals: {ratePerSecond: 5}, work: {payloadKB: 1, io: "exp(mean=50ms)"}}
lambda: {memoryMB: 512}
cost: {frontDoor: alb}
`
	res := platformtest.Run(t, src)
	m := res.Platform("lambda")
	if m == nil {
		t.Fatal("no lambda result")
	}
	svcs, _ := summary.Services(res, m)
	var want float64 // LCU-hours' bytes: 0.4 GB per LCU for Lambda targets
	for _, sv := range svcs {
		switch sv.Name {
		case "big":
			if sv.Failed != sv.Arrivals || sv.Arrivals == 0 {
				t.Fatalf("big: %d of %d failed; want every request refused", sv.Failed, sv.Arrivals)
			}
			want += float64(sv.Arrivals) * 2048 / (1 << 20) / 0.4
		case "small":
			want += float64(sv.Arrivals) * 1 / (1 << 20) / 0.4
		}
	}
	var got float64
	for _, l := range summary.Of(res, false).Models.Get("lambda").Cost.Lines {
		if l.Item == "alb lcu-hours" {
			got = l.Quantity
		}
	}
	if want == 0 || math.Abs(got-want) > 1e-6*want {
		t.Errorf("lambda's alb lcu-hours %v; want %v (each service's arrivals × its own payload, refused ones included)", got, want)
	}
}

// partsText prints the parts one a line, their details as the JSON they
// are (%+v printed json.RawMessage as a list of bytes).
func partsText(parts []hybrid.PartSummary) string {
	var b strings.Builder
	for _, p := range parts {
		fmt.Fprintf(&b, "%s: %d services, cost_usd %v, rejected %d, details %s\n", p.Platform, p.Services, p.CostUSD, p.Rejected, p.Details)
	}
	return b.String()
}
