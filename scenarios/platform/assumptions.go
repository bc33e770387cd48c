package platform

import (
	"fmt"
	"strings"
)

// PriceBasis is the one short paragraph every verdict on cost carries
// (report.html and summary.md beside the bills, break-even's text): what
// the prices are and what the bills leave out. Before it only `execsim
// validate` said so, and a cost verdict read as a quote (costrev, "Right
// but not stated in the verdicts").
//
// What it states, and where each comes from:
//   - list prices of the catalogue's region and date, with the number of
//     cost.prices overrides (models/cost catalogue; cost.prices);
//   - EC2 on-demand unless a node pool asks for spot, with no Savings
//     Plans or Reserved Instances (the catalogue has neither);
//   - whether Lambda's free tier is applied (cost.freeTier, off by
//     default);
//   - ALB LCUs assume clients that keep connections alive, and count
//     request bytes (ALBUsage: NewConnections 0, ProcessedGB the payloads);
//   - not billed: EBS root volumes, public IPv4 addresses, NAT gateways,
//     CloudWatch Logs (no model prices them);
//   - what the plan's models assume that their providers do not document
//     (Assumptions: Lambda's keep-alive and warm selection), on which the
//     bills rest.
func (c *CostPlan) PriceBasis() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Prices: %s list prices of the %s catalogue", c.Prices.Region, c.Prices.Date)
	if n := len(c.PriceOverrides); n > 0 {
		fmt.Fprintf(&b, " (%d overridden by cost.prices)", n)
	}
	b.WriteString("; EC2 on-demand unless a node pool asks for spot, no Savings Plans or Reserved Instances")
	if c.Options.FreeTier {
		b.WriteString("; Lambda free tier applied")
	} else {
		b.WriteString("; Lambda free tier off")
	}
	b.WriteString("; ALB LCUs assume clients keep connections alive and count request bytes only. " +
		"Not included: EBS volumes, public IPv4 addresses, NAT gateways, CloudWatch Logs.")
	for _, a := range c.Assumptions {
		b.WriteString(" " + a)
	}
	return b.String()
}
