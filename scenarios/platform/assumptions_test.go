package platform_test

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/scenarios/platform"
)

// The price basis names the catalogue it prices from and follows the
// settings that change what it says: the free tier, price overrides.
func TestPriceBasis(t *testing.T) {
	p, err := cost.Catalogue(cost.DefaultRegion)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		plan      platform.CostPlan
		want, not []string
	}{
		{"defaults", platform.CostPlan{Prices: p},
			[]string{"us-east-1 list prices of the " + p.Date + " catalogue;", "Lambda free tier off", "no Savings Plans or Reserved Instances",
				"keep connections alive", "Not included: EBS volumes, public IPv4 addresses, NAT gateways, CloudWatch Logs."},
			[]string{"overridden", "free tier applied"}},
		{"free tier and overrides", platform.CostPlan{Prices: p, Options: cost.Options{FreeTier: true},
			PriceOverrides: map[string]float64{"ec2.m6i.large.hourUSD": 0.05}},
			[]string{"(1 overridden by cost.prices)", "Lambda free tier applied"}, []string{"free tier off"}},
		{"a model's assumptions, after the rest", platform.CostPlan{Prices: p, Assumptions: []string{"A model assumes this.", "And that."}},
			[]string{"CloudWatch Logs. A model assumes this. And that."}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.plan.PriceBasis()
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("PriceBasis() = %q; want it to contain %q", got, w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(got, w) {
					t.Errorf("PriceBasis() = %q; want no %q", got, w)
				}
			}
		})
	}
}
