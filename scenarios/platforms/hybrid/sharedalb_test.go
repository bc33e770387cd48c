package hybrid_test

import (
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
// both doors stay, each billed, and the blend says so.
func TestMixedBlendSharesOneALB(t *testing.T) {
	mixed := strings.Replace(strings.Replace(fleet, "PIN", "platform: kubernetes,", 1), "PIN", "platform: lambda,", 1)
	for _, tc := range []struct {
		name, cost string
		lines      []string // items the blend's bill has
		notLines   []string
		door       string
	}{
		{"both alb", "", []string{"alb hours", "alb lcu-hours"}, []string{"kubernetes: alb hours", "lambda: alb hours", "lambda alb hours"},
			"one ALB shared by kubernetes and lambda"},
		{"api gateway for lambda", "cost: {frontDoors: {lambda: api-gateway-rest, kubernetes: alb}}\n",
			[]string{"kubernetes: alb hours", "lambda: api gateway rest requests"}, []string{"alb hours"},
			"kubernetes: alb; lambda: api-gateway-rest (each billed)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := summary.Of(platformtest.Run(t, mixed+tc.cost), false)
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
				if l.Item == "alb hours" && math.Abs(l.Quantity-20.0/60) > 1e-9 {
					t.Errorf("shared alb hours %v; want one ALB's 1/3 h", l.Quantity)
				}
			}
			x := blend.Extra.(*hybrid.Extra)
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
