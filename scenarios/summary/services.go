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
// add up to the platform's total exactly; monthly figures are each
// projected from their own amount.
func Services(r *runner.Result, m *runner.PlatformResult) ([]platform.ServiceResult, []platform.SharedCost) {
	var alloc *cost.Allocation
	if m.Cost != nil {
		alloc = m.Cost.Services
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
			usd, monthly := alloc.Parts[i].USD(), cost.Monthly(alloc.Parts[i], r.Plan.Duration).USD()
			res.CostUSD, res.MonthlyUSD = &usd, &monthly
		}
	}
	var shared []platform.SharedCost
	if alloc != nil {
		for _, s := range alloc.Shared {
			shared = append(shared, platform.SharedCost{Item: s.Item, CostUSD: s.Amount.USD(),
				MonthlyUSD: cost.Monthly(s.Amount, r.Plan.Duration).USD()})
		}
	}
	return out, shared
}

// isFleet tells whether a run has more than one service.
func isFleet(r *runner.Result) bool { return len(r.Plan.Workload.Services) > 1 }
