package main

import (
	"fmt"

	"github.com/execsim/execsim/internal/report"
	"github.com/execsim/execsim/scenarios/breakeven"
	"github.com/execsim/execsim/scenarios/platform"
)

// A break-even rate's or a tuned value's SLO percentile drawn from fewer
// requests than report.QuantileRequests is its slowest request: the text
// and the chart's notes say so, with the counts (walk report 3).

// fewTail tells whether m's q-quantile rests on too few completed
// requests. A point with none has no percentile at all (and one where no
// request arrived is not judged): neither is flagged.
func fewTail(m breakeven.ModelPoint, q float64) bool {
	return !m.NotJudged && m.Completed > 0 && m.Completed < report.QuantileRequests(q)
}

// fewRates lists the rates of a break-even curve where a platform's SLO
// percentile rests on too few requests: "0.05 req/s" when every platform
// there has the same few, else one entry per platform, named by name.
func fewRates(curve []breakeven.CurvePoint, slo platform.SLO, name func(string) string) []report.FewRequests {
	var out []report.FewRequests
	for _, c := range curve {
		rate := fmt.Sprintf("%.4g req/s", c.RatePerSecond)
		var few []breakeven.ModelPoint
		for _, m := range c.Models {
			if fewTail(m, slo.Quantile) {
				few = append(few, m)
			}
		}
		same := len(few) == len(c.Models) && len(few) > 0
		for _, m := range few {
			same = same && m.Completed == few[0].Completed
		}
		if same {
			out = append(out, report.FewRequests{Where: rate, N: float64(few[0].Completed)})
			continue
		}
		for _, m := range few {
			out = append(out, report.FewRequests{Where: name(m.Model) + " at " + rate, N: float64(m.Completed)})
		}
	}
	return out
}

// fewValues lists the tuned values whose p99 (the tuning's latency, in
// its table, chart and choices) rests on too few requests ("128 MB").
func fewValues(pts []breakeven.TunePoint, unit string) []report.FewRequests {
	var out []report.FewRequests
	for _, p := range pts {
		if fewTail(p.ModelPoint, 0.99) {
			out = append(out, report.FewRequests{Where: fmt.Sprintf("%d %s", p.Value, unit), N: float64(p.Completed)})
		}
	}
	return out
}
