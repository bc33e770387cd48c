package hybrid

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/scenarios/platform"
)

// Section is the placement: section as written.
type Section struct {
	// SLO is what a platform must meet for a service to be placed on it
	// [the scenario's slo:].
	SLO *platform.SLOFile `yaml:"slo"`
	// Platforms are the platforms to blend [every platform of the scenario
	// that can run a subset of its services].
	Platforms []string `yaml:"platforms"`
	// Pin places services by name on a platform whatever their costs.
	Pin map[string]string `yaml:"pin"`
	// MinRequests is the fewest requests a service needs in the run for
	// its own tail to be judged against the SLO [100]. A p99 of fewer is
	// a handful of requests, often one cold start: such a service is
	// placed by cost, and the SLO judges it only as part of the blend.
	MinRequests *Requests `yaml:"minRequests"`
}

// Requests is a whole number of requests as written. It reads itself so
// that a value that is none (a list, a word, a fraction) gets one message
// naming the field, the value and what is allowed, and is left unset
// (the compile step would otherwise judge the zero it left: "(got 0)").
type Requests struct {
	N int
	// set is false when the value was none: the decoder allocates the
	// field before it reads, so nil alone cannot tell
	set bool
}

// minRequestsAllowed is what placement.minRequests allows.
var minRequestsAllowed = fmt.Sprintf("must be a whole number of requests ≥ 1 (1 judges every service that had a request; default %d)", DefaultMinRequests)

// UnmarshalYAML implements yaml.Unmarshaler. Its complaint is a
// *yaml.TypeError, which the decoder gathers with the others and goes on.
func (r *Requests) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!int" {
		if v, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, strconv.IntSize); err == nil {
			r.N, r.set = int(v), true
			return nil
		}
	}
	got := n.Value
	if n.Kind != yaml.ScalarNode {
		if b, err := yaml.Marshal(n); err == nil {
			got = strings.TrimSpace(string(b))
		}
	} else {
		got = strconv.Quote(got)
	}
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: placement.minRequests: %s (got %s)", n.Line, minRequestsAllowed, got)}}
}

// SectionSLO implements platform.SLOSection: placement.slo, nil when not
// written.
func (s *Section) SectionSLO() *platform.SLOFile { return s.SLO }

// DefaultMinRequests is placement.minRequests when not given: with 100
// requests the p99 is the slowest but one, already a thin estimate.
const DefaultMinRequests = platform.DefaultMinRequests

// Compile implements platform.Platform.
func (Platform) Compile(in platform.CompileInput) platform.Config {
	sec := in.Section.(*Section)
	p := in.Problems
	c := &Config{slo: platform.CompileSLO(p, "placement.slo", sec.SLO, in.SLO), minRequests: DefaultMinRequests}
	// as slo: does (walkfix11b): refused: 1 meant as 1 % lets every
	// request be refused and still meet the placement's SLO
	c.warnings = platform.SLOWarnings("placement.slo", sec.SLO)
	if sec.MinRequests != nil && sec.MinRequests.set {
		if sec.MinRequests.N < 1 {
			p.Add("placement.minRequests", sec.MinRequests.N, models.ErrInvalid, "%s", minRequestsAllowed)
		} else {
			c.minRequests = sec.MinRequests.N
		}
	}
	var able []platform.Peer
	for _, peer := range in.Peers {
		if _, ok := peer.Config.(platform.Subsetter); ok && !platform.Blends(peer.Platform) {
			able = append(able, peer)
		}
	}
	names := func(ps []platform.Peer) []string {
		var out []string
		for _, x := range ps {
			out = append(out, x.Platform.Name())
		}
		return out
	}
	if len(sec.Platforms) == 0 {
		c.peers = able
	} else {
		for i, name := range sec.Platforms {
			at := slices.IndexFunc(able, func(x platform.Peer) bool { return x.Platform.Name() == name })
			switch {
			case at < 0:
				p.Add(fmt.Sprintf("placement.platforms[%d]", i), name, models.ErrInvalid, "not a platform of this scenario that can run part of its services (have: %s)", strings.Join(names(able), ", "))
			case slices.ContainsFunc(c.peers, func(x platform.Peer) bool { return x.Platform.Name() == name }):
				p.Add(fmt.Sprintf("placement.platforms[%d]", i), name, models.ErrInvalid, "listed twice")
			default:
				c.peers = append(c.peers, able[at])
			}
		}
		// registry order, whatever the order written
		slices.SortStableFunc(c.peers, func(a, b platform.Peer) int {
			return slices.Index(names(able), a.Platform.Name()) - slices.Index(names(able), b.Platform.Name())
		})
	}
	if len(c.peers) < 2 && len(sec.Platforms) == 0 {
		p.Add("placement", nil, models.ErrInvalid, "a blend needs at least two platform sections to place services on (have: %s)", orNone(names(able)))
	} else if len(c.peers) < 2 {
		p.Add("placement.platforms", nil, models.ErrInvalid, "list at least two platforms to blend")
	}
	c.pins = make([]string, len(in.Services))
	byName := map[string]int{}
	for i, s := range in.Services {
		byName[s.Name] = i
		if s.Pin != "" {
			c.pins[i] = s.Pin
			if !slices.Contains(names(c.peers), s.Pin) {
				p.Add(s.Path+".platform", s.Pin, models.ErrInvalid, "not a platform of the blend (%s)", strings.Join(names(c.peers), ", "))
			}
		}
	}
	pinned := make([]string, 0, len(sec.Pin))
	for name := range sec.Pin {
		pinned = append(pinned, name)
	}
	slices.Sort(pinned) // report in a stable order
	for _, name := range pinned {
		to := sec.Pin[name]
		i, ok := byName[name]
		switch {
		case !ok:
			p.Add("placement.pin."+name, nil, models.ErrInvalid, "no service is named %q", name)
		case !slices.Contains(names(c.peers), to):
			p.Add("placement.pin."+name, to, models.ErrInvalid, "not a platform of the blend (%s)", strings.Join(names(c.peers), ", "))
		case c.pins[i] != "" && c.pins[i] != to:
			p.Add("placement.pin."+name, to, models.ErrInvalid, "the service is already pinned to %s", c.pins[i])
		default:
			c.pins[i] = to
		}
	}
	c.services = make([]string, len(in.Services))
	c.own = make([]*platform.SLO, len(in.Services))
	for i, s := range in.Services {
		c.services[i], c.own[i] = s.Name, s.SLO
	}
	return c
}

func orNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
