package knative

import (
	"fmt"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/plots"
	"github.com/execsim/execsim/scenarios/platform"
	k8sp "github.com/execsim/execsim/scenarios/platforms/kubernetes"
)

// Name is the platform's key: the knative: section, --model knative, the
// "knative" object of summary.json.
const Name = "knative"

// Platform is Knative Serving on a Kubernetes cluster behind the platform
// contract.
type Platform struct{ platform.Basics }

// New returns the Knative platform. Its look is a teal (ColorBrewer Dark2's
// first colour, 3.3:1 on white for lines, text in a darker shade ≥ 4.5:1),
// apart from Kubernetes' blue and Lambda's orange, with dotted lines and
// pyramid markers as its cues in grey; its gauges are the cluster's
// (kubernetes.OnCluster).
func New() Platform {
	return Platform{platform.Basics{
		Key: Name,
		Appearance: k8sp.OnCluster(platform.Look{Label: "Knative", Noun: "Knative", Abbrev: "kn",
			Line: platform.RGB(0x1B, 0x9E, 0x77), Text: platform.RGB(0x11, 0x6B, 0x50), Dash: plots.Dotted, Glyph: plots.Pyramid}),
		Section:     func() any { return &Section{} },
		Override:    func() any { return &Revision{} },
		Extra:       func() platform.Extra { return &Extra{} },
		SweepFields: []string{"latency_ms.p99", "failed", "cold_starts", "scale_to_zero", "cost.monthly_usd"},
	}}
}

// Findings implements platform.Platform: its scales to zero and the
// activator's waits, and its peaks as the capacity clause.
func (Platform) Findings(e *platform.Entry, arrivals int64) ([]string, string) {
	x, _ := e.Extra.(*Extra)
	if x == nil {
		return nil, ""
	}
	var out []string
	if x.ScaleToZero > 0 || x.ScaleFromZero > 0 {
		s := fmt.Sprintf("Knative scaled to zero %s times and back %s times", format.Count(x.ScaleToZero), format.Count(x.ScaleFromZero))
		if e.ColdStarts > 0 {
			s += fmt.Sprintf("; %s requests (%s) waited for a pod, the slowest %s", format.Count(e.ColdStarts), format.PercentOf(e.ColdStarts, arrivals), format.Millis(e.LatencyMs.Max))
		}
		out = append(out, s+".")
	}
	if x.ActivatorTimedOut+x.ActivatorRejected > 0 {
		out = append(out, fmt.Sprintf("Knative's activator failed %s requests it held too long and refused %s it could not queue.",
			format.Count(x.ActivatorTimedOut), format.Count(x.ActivatorRejected)))
	}
	return out, x.PeakClause("Knative")
}
