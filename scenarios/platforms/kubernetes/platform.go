package kubernetes

import (
	"fmt"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/plots"
	"github.com/execsim/execsim/scenarios/platform"
)

// Name is the platform's key: the kubernetes: section, --model kubernetes,
// the "kubernetes" object of summary.json.
const Name = "kubernetes"

// Platform is a Kubernetes cluster behind the platform contract.
type Platform struct{ platform.Basics }

// New returns the Kubernetes platform. Its look is the Kubernetes logo
// blue, solid lines and round markers (blue against Lambda's orange stays
// distinct under every common colour-vision deficiency), text in a darker
// shade (≥ 4.5:1); its gauges are the cluster's (OnCluster).
func New() Platform {
	return Platform{platform.Basics{
		Key: Name,
		Appearance: OnCluster(platform.Look{Label: "Kubernetes", Noun: "Kubernetes", Abbrev: "k8s",
			Line: platform.RGB(0x32, 0x6C, 0xE5), Text: platform.RGB(0x23, 0x4F, 0xB0), Dash: plots.Solid, Glyph: plots.Circle}),
		Section:     func() any { return &Section{} },
		Override:    func() any { return &Deployment{} },
		Extra:       func() platform.Extra { return &Extra{} },
		SweepFields: []string{"latency_ms.p99", "rejected", "failed", "peak_pods", "cost.monthly_usd"},
	}}
}

// Findings implements platform.Platform: no sentence of its own, and its
// peaks as the capacity clause.
func (Platform) Findings(e *platform.Entry, arrivals int64) ([]string, string) {
	x, _ := e.Extra.(*Extra)
	if x == nil {
		return nil, ""
	}
	s := x.PeakClause("Kubernetes")
	if x.PodStarts > 0 {
		s += fmt.Sprintf(" and started %s %s during the run", format.Count(x.PodStarts), format.Plural(int(x.PodStarts), "pod", "pods"))
	}
	return nil, s
}

// OnCluster completes the look of a platform whose pods run on the
// cluster's nodes (Kubernetes, Knative) with the cluster's gauges: its
// capacity is ready pods over nodes, its demand the requests busy in
// pods, its growth told node first (a new node says more than a new pod),
// and its utilisation the pods' worker slots busy.
func OnCluster(l platform.Look) platform.Look {
	pods := platform.Level{Gauge: models.Pods, Name: "ready pods", Main: true}
	nodes := platform.Level{Gauge: models.Nodes, Name: "nodes"}
	l.Capacity = []platform.Level{pods, nodes}
	l.Demand = models.Busy
	l.Growth = []platform.Level{nodes, pods}
	l.Utilisation = platform.Level{Gauge: models.Slots, Name: "worker slots"}
	return l
}

// PeakClause is the capacity clause of a platform whose pods run on the
// cluster (Kubernetes, Knative): its peak and mean ready pods and nodes.
func (x *Extra) PeakClause(noun string) string {
	return fmt.Sprintf("%s peaked at %s ready %s on %s %s (mean %.1f pods, %.1f nodes)",
		noun, format.Count(x.PeakPods), format.Plural(int(x.PeakPods), "pod", "pods"),
		format.Count(x.PeakNodes), format.Plural(int(x.PeakNodes), "node", "nodes"), x.MeanPods, x.MeanNodes)
}
