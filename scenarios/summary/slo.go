package summary

import (
	"fmt"
	"strings"
	"time"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/runner"
)

// goldenSLO writes the platform's SLO judgement: the objective, whether it
// was met, the measured tail at microsecond resolution and the refused
// share in millionths. It judges by platform.SLO.Judge, the rule of
// summary.json and the reports: a run in which no request arrived is not
// judged, and its line says so instead of "met true" (there is no tail
// or share to print).
func goldenSLO(b *strings.Builder, r *runner.Result, m *runner.PlatformResult) {
	slo := r.Plan.SLO
	meas := platform.MeasuredOf(m.Rec)
	j := slo.Judge(meas)
	if !j.Judged() {
		fmt.Fprintf(b, "slo %s %v refused_max %.6f not_judged %q\n", slo.Percentile(), slo.Target, slo.Refused, j.NotJudged)
		return
	}
	if per := r.Plan.ServiceSLOs; per != nil && per.PerService {
		// judged service by service: the pooled line stays as it was, and
		// this one says what decides (a fleet without an SLO of its own
		// per service writes none, so its golden stays as it was)
		fmt.Fprintf(b, "slo %s %v refused_max %.6f pooled_met %t tail %v refused %.6f\n", slo.Percentile(), slo.Target, slo.Refused,
			slo.Meets(meas), slo.Tail(meas).Round(time.Microsecond), meas.RefusedShare())
		j = r.Plan.Judge(m.Rec)
		fmt.Fprintf(b, "slo per_service met %t services %d services_met %d\n", j.Met, j.Services.Services, j.Services.Met)
		for _, miss := range j.Services.Missed {
			fmt.Fprintf(b, "slo missed %s %s %v refused_max %.6f tail %v refused %.6f\n", miss.Service, miss.Percentile,
				time.Duration(miss.TargetMs*1e6).Round(time.Microsecond), miss.RefusedMax, time.Duration(miss.MeasuredMs*1e6).Round(time.Microsecond), miss.Refused)
		}
		return
	}
	fmt.Fprintf(b, "slo %s %v refused_max %.6f met %t tail %v refused %.6f\n", slo.Percentile(), slo.Target, slo.Refused,
		j.Met, slo.Tail(meas).Round(time.Microsecond), meas.RefusedShare())
}
