package hybrid

import (
	"fmt"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/plots"
	"github.com/execsim/execsim/scenarios/platform"
)

// Name is the blend's key: --model hybrid, the "hybrid" object of
// summary.json. Its section is placement:.
const Name = "hybrid"

// Platform is the blend behind the platform contract.
type Platform struct{ platform.Basics }

// New returns the blend of the given platforms (those it may place
// services on). Its purple (#7B3FA0, 7.0:1 on white) is apart from
// Kubernetes' blue and Lambda's orange; dotted lines tell it apart in
// grey. The peers read each part's own fields back from summary.json, so
// the hybrid column prints them as their platform's column does; a part
// of a platform not given prints its numbers plainly.
func New(peers ...platform.Platform) Platform {
	known := &peerSet{peers} // one for every Extra: equal Extras compare equal
	return Platform{platform.Basics{
		Key: Name,
		Appearance: platform.Look{Label: "Hybrid", Noun: "the hybrid", Abbrev: "hyb",
			Line: platform.RGB(0x7B, 0x3F, 0xA0), Text: platform.RGB(0x5E, 0x2F, 0x7A), Dash: plots.Dotted, Glyph: plots.Pyramid,
			// nodes too, as Kubernetes draws them, when a part runs on a
			// cluster (the capacity chart leaves out a level never reported)
			Capacity: []platform.Level{{Gauge: models.Pods, Name: "ready pods", Main: true}, {Gauge: models.Environments, Name: "environments", Main: true}, {Gauge: models.Nodes, Name: "nodes"}},
			Demand:   models.Busy,
			Growth:   []platform.Level{{Gauge: models.Pods, Name: "ready pods"}, {Gauge: models.Environments, Name: "environments"}}},
		Section:     func() any { return &Section{} },
		Extra:       func() platform.Extra { return &Extra{peers: known} },
		SweepFields: []string{"latency_ms.p99", "cost.monthly_usd"},
	}}
}

// SectionKey implements platform.SectionKeyer: the blend is written
// placement:.
func (Platform) SectionKey() string { return "placement" }

// Blends implements platform.Blender.
func (Platform) Blends() {}

// Findings implements platform.Platform.
func (Platform) Findings(e *platform.Entry, arrivals int64) ([]string, string) {
	x, _ := e.Extra.(*Extra)
	if x == nil {
		return nil, ""
	}
	var parts []string
	for i, p := range x.Parts {
		noun := "" // "0 services on kubernetes and 12 on lambda"
		if i == 0 {
			noun = " " + format.Plural(p.Services, "service", "services")
		}
		parts = append(parts, fmt.Sprintf("%s%s on %s", format.Count(int64(p.Services)), noun, p.Platform))
	}
	return nil, fmt.Sprintf("the hybrid ran %s", format.And(parts))
}

// peerSet is the platforms a blend's parts may be on, to read each part's
// details as its platform does.
type peerSet struct{ peers []platform.Platform }

// extraOf returns a new, empty Extra of the named platform; nil when the
// set does not know it.
func (s *peerSet) extraOf(name string) platform.Extra {
	if s == nil {
		return nil
	}
	for _, p := range s.peers {
		if p.Name() == name {
			return p.NewExtra()
		}
	}
	return nil
}
