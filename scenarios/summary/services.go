package summary

import (
	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/runner"
)

// Services is one platform's per-service results: every service of the
// plan, in order, then the costs no one service owes (none for a platform
// that does not split its bill). A run of one service reports the run's
// totals as its service's. The services' cost_usd and the shared costs
// add up to the platform's total exactly, and their monthly figures to
// the bill's monthly total (platform.MonthlyShares).
func Services(r *runner.Result, m *runner.PlatformResult) ([]platform.ServiceResult, []platform.SharedCost) {
	var alloc *cost.Allocation
	var monthly, sharedMonthly []cost.Money
	if m.Cost != nil && m.Cost.Services != nil {
		alloc = m.Cost.Services
		monthly, sharedMonthly = platform.MonthlyShares(m.Cost.Breakdown, *alloc, r.Plan.Duration)
	}
	stats := m.Rec.Services()
	out := make([]platform.ServiceResult, len(r.Plan.Workload.Services))
	for i, s := range r.Plan.Workload.Services {
		res := &out[i]
		res.Name = s.Name
		var lat metrics.Distribution
		if stats == nil {
			res.Arrivals, res.Outcomes, lat = m.Rec.Arrivals(), platform.OutcomesOf(m.Rec), m.Rec.Latency()
		} else {
			res.Arrivals, res.Outcomes, lat = stats[i].Arrivals, platform.ServiceOutcomes(stats[i]), &stats[i].Latency
		}
		res.Refused = res.Outcomes.Refused()
		if lat.Count() > 0 {
			p50, p99 := platform.Ms(lat.Quantile(0.50)), platform.Ms(lat.Quantile(0.99))
			res.P50Ms, res.P99Ms = &p50, &p99
		}
		if alloc != nil {
			usd, month := alloc.Parts[i].USD(), monthly[i].USD()
			res.CostUSD, res.MonthlyUSD = &usd, &month
		}
	}
	var shared []platform.SharedCost
	if alloc != nil {
		for k, s := range alloc.Shared {
			shared = append(shared, platform.SharedCost{Item: s.Item, CostUSD: s.Amount.USD(),
				MonthlyUSD: sharedMonthly[k].USD()})
		}
	}
	return out, shared
}

// isFleet tells whether a run has more than one service.
func isFleet(r *runner.Result) bool { return len(r.Plan.Workload.Services) > 1 }
