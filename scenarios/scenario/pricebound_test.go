package scenario_test

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
)

// Prices are bounded at MaxPriceFactor times the catalogue's (divisors
// such as the ALB's LCU units at the catalogue's over it): a price of
// 1e12 per million requests passed validate and then overflowed the
// bill's int64 micro-dollars, a panic and exit 1 in run, sweep, tune and
// breakeven (hostile #4). The boundary itself is accepted.
func TestPriceBounds(t *testing.T) {
	const head = "name: p\nduration: 1m\nworkload:\n  arrivals: {process: poisson, ratePerSecond: 5}\n  work: {cpu: 10ms}\n" +
		"lambda: {memoryMB: 512}\nkubernetes:\n  instanceTypes: [{name: big.custom, vcpu: 4, memoryGiB: 16, priceUSDPerHour: %s}]\n" +
		"  nodePools: [{name: p, instanceTypes: [big.custom], nodes: 1}]\ncost:\n  prices: {%s}\n"
	for _, tc := range []struct {
		name, itype, prices string
		want                string // "" when accepted
	}{
		{"catalogue prices", "0.1", "", ""},
		{"requests at the bound", "0.1", "lambda.requestsPerMillionUSD: 200", ""},
		{"requests past the bound", "0.1", "lambda.requestsPerMillionUSD: 200.001",
			"cost.prices.lambda.requestsPerMillionUSD: must be at most 200 (1000 × the us-east-1 catalogue's lambda.requestsPerMillionUSD 0.2)"},
		{"requests 1e12 (hostile c17, h19, h20)", "0.1", "lambda.requestsPerMillionUSD: 1e12", "must be at most 200"},
		{"alb hour 1e13 (h02)", "0.1", "alb.hourUSD: 1e13", "cost.prices.alb.hourUSD: must be at most 22.5"},
		{"eks 1e12 (h18)", "0.1", "eks.clusterHourUSD: 1e12", "cost.prices.eks.clusterHourUSD: must be at most 100"},
		{"GB-s 1e9 (h17)", "0.1", "lambda.gbSecondX86USD: 1e9", "cost.prices.lambda.gbSecondX86USD: must be at most 0.0166667"},
		{"free is a price", "0.1", "lambda.requestsPerMillionUSD: 0", ""},
		{"catalogue EC2 type", "0.1", "ec2.m6i.large.hourUSD: 96.001", "cost.prices.ec2.m6i.large.hourUSD: must be at most 96 "},
		{"spot against on-demand", "0.1", "ec2.m6i.large.spotHourUSD: 97", "must be at most 96 (1000 × the us-east-1 catalogue's on-demand m6i.large price 0.096)"},
		{"LCU unit at the bound", "0.1", "alb.lcuProcessedGBPerHour: 0.001", ""},
		{"LCU unit past the bound", "0.1", "alb.lcuProcessedGBPerHour: 0.0009", "cost.prices.alb.lcuProcessedGBPerHour: must be at least 0.001"},
		// a custom type is bounded by the catalogue's dearest type
		{"custom type 1e13 (h01)", "1e13", "", "kubernetes.instanceTypes.big.custom.priceUSDPerHour: must be at most 768 (1000 × the us-east-1 catalogue's dearest instance type"},
		{"custom type at the bound", "768", "", ""},
		{"custom type priced under cost.prices", "0.1", "ec2.big.custom.hourUSD: 800", "cost.prices.ec2.big.custom.hourUSD: must be at most 768"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(strings.Replace(head, "%s", tc.itype, 1), "%s", tc.prices, 1)
			_, err := platformtest.Parse(src)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("error %v; want the price accepted", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v; want %q", err, tc.want)
			}
		})
	}
}
