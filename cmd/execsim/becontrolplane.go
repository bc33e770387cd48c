package main

import (
	"fmt"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/scenarios/breakeven"
)

// controlPlaneSentence says that platform name's cost includes the EKS
// control plane, and at which rates when not at all of them: a blend
// whose services all run on Lambda at low rates has no cluster there, and
// its monthly cost is Lambda's to the cent (walk13 #9: "The hybrid
// includes the EKS control plane, $73.00/month" was printed for a curve
// whose hybrid.control_plane_monthly_usd was 0 from 1 to 44.8 req/s).
// "" when it includes none at any rate.
func controlPlaneSentence(curve []breakeven.CurvePoint, name string, noun breakeven.Noun) string {
	usd := controlPlaneUSD(curve, name)
	if usd <= 0 {
		return ""
	}
	with := rateRuns(curve, name, func(m *breakeven.ModelPoint) bool { return m.ControlPlaneUSD > 0 })
	without := rateRuns(curve, name, func(m *breakeven.ModelPoint) bool { return m.ControlPlaneUSD <= 0 })
	if len(without) == 0 {
		return format.Capitalised(fmt.Sprintf("%s includes the EKS control plane, %s/month: a cluster of its own for this workload.", noun(name), format.USD(usd)))
	}
	return format.Capitalised(fmt.Sprintf("%s includes the EKS control plane, %s/month, at %s, where it runs services on a cluster of its own for this workload; at %s it runs none on a cluster and pays for no control plane.",
		noun(name), format.USD(usd), format.And(with), format.And(without)))
}

// rateRuns are the runs of consecutive curve points at which platform
// name's point satisfies ok, in words: "1–44.81 req/s", "300 req/s".
// Points without the platform end a run.
func rateRuns(curve []breakeven.CurvePoint, name string, ok func(*breakeven.ModelPoint) bool) []string {
	var out []string
	from, to := -1.0, -1.0
	flush := func() {
		switch {
		case from < 0:
		case from == to:
			out = append(out, fmt.Sprintf("%.4g req/s", from))
		default:
			out = append(out, fmt.Sprintf("%.4g–%.4g req/s", from, to))
		}
		from, to = -1, -1
	}
	for _, p := range curve {
		m := p.Model(name)
		if m == nil || !ok(m) {
			flush()
			continue
		}
		if from < 0 {
			from = p.RatePerSecond
		}
		to = p.RatePerSecond
	}
	flush()
	return out
}
