package kubernetes

import (
	"fmt"
	"image/color"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/plots"
	"github.com/execsim/execsim/scenarios/platform"
)

// Name is the platform's key: the kubernetes: section, --model kubernetes,
// the "kubernetes" object of summary.json.
const Name = "kubernetes"

// Platform is a Kubernetes cluster behind the platform contract.
type Platform struct{}

// Name implements platform.Platform.
func (Platform) Name() string { return Name }

// Look implements platform.Platform: the Kubernetes logo blue, solid lines
// and round markers (blue against Lambda's orange stays distinct under every
// common colour-vision deficiency); text in a darker shade (≥ 4.5:1).
func (Platform) Look() platform.Look {
	pods := platform.Level{Gauge: models.Pods, Name: "ready pods", Main: true}
	nodes := platform.Level{Gauge: models.Nodes, Name: "nodes"}
	return platform.Look{
		Label: "Kubernetes", Noun: "Kubernetes", Abbrev: "k8s",
		Line: rgb(0x32, 0x6C, 0xE5), Text: rgb(0x23, 0x4F, 0xB0), Dash: plots.Solid, Glyph: plots.Circle,
		Capacity: []platform.Level{pods, nodes},
		Demand:   models.Busy,
		// a new node says more than a new pod
		Growth: []platform.Level{nodes, pods},
	}
}

// NewSection implements platform.Platform.
func (Platform) NewSection() any { return &Section{} }

// NewOverride implements platform.Platform: services[].kubernetes sets one
// Deployment's settings.
func (Platform) NewOverride() any { return &Deployment{} }

// NewExtra implements platform.Platform.
func (Platform) NewExtra() platform.Extra { return &Extra{} }

// Findings implements platform.Platform: no sentence of its own, and its
// peaks as the capacity clause.
func (Platform) Findings(e *platform.Entry, arrivals int64) ([]string, string) {
	x, _ := e.Extra.(*Extra)
	if x == nil {
		return nil, ""
	}
	s := fmt.Sprintf("Kubernetes peaked at %s ready pods on %s nodes (mean %.1f pods, %.1f nodes)",
		format.Count(x.PeakPods), format.Count(x.PeakNodes), x.MeanPods, x.MeanNodes)
	if e.ColdStarts > 0 {
		s += fmt.Sprintf(" and started %s pods during the run", format.Count(e.ColdStarts))
	}
	return nil, s
}

// SweepColumns implements platform.Platform.
func (Platform) SweepColumns() []string {
	return []string{"latency_ms.p99", "rejected", "failed", "peak_pods", "cost.monthly_usd"}
}

func rgb(r, g, b uint8) color.RGBA { return color.RGBA{R: r, G: g, B: b, A: 0xFF} }
