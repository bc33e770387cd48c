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
// share in millionths.
func goldenSLO(b *strings.Builder, r *runner.Result, m *runner.PlatformResult) {
	slo := r.Plan.SLO
	meas := platform.MeasuredOf(m.Rec)
	fmt.Fprintf(b, "slo %s %v refused_max %.6f met %t tail %v refused %.6f\n", slo.Percentile(), slo.Target, slo.Refused,
		slo.Meets(meas), slo.Tail(meas).Round(time.Microsecond), meas.RefusedShare())
}
