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
	fmt.Fprintf(b, "slo %s %v refused_max %.6f met %t tail %v refused %.6f\n", slo.Percentile(), slo.Target, slo.Refused,
		j.Met, slo.Tail(meas).Round(time.Microsecond), meas.RefusedShare())
}
