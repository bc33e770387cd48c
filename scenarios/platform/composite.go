package platform

import (
	"time"

	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/cost"
)

// Subsetter is implemented by a Config that can run only some of the
// scenario's services (a blend places each service on one platform). The
// services left out get no capacity of their own (no Deployment's pods, no
// function's provisioned environments) and receive no requests.
type Subsetter interface {
	// Subset returns a copy of the config serving only the services whose
	// keep entry is true (keep has one entry per service).
	Subset(keep []bool) Config
}

// Composite is implemented by a Config that is built from other platforms'
// results: the runner runs its peers first, then calls Compose with their
// results and runs the config it returns.
type Composite interface {
	// Peers names the platforms whose results it needs, in registry order.
	Peers() []string
	// Compose returns the config to run, given the peers' results.
	Compose(done []Done) (Config, error)
}

// Pinner is implemented by a Composite that can keep a service off some of
// its peers, which can never run it (requests over a platform's payload
// limit): PinOff pins service i to the first of its peers not in off, with
// reason as where the placement says why it is there, and returns that
// peer. A service the user pinned keeps its pin when it is not in off; an
// error says when the user's pin is in off, or every peer is.
type Pinner interface {
	Composite
	PinOff(i int, off []string, reason string) (to string, err error)
}

// Done is a finished platform's result, as a Composite sees it.
type Done struct {
	Name      string
	Rec       *metrics.Recorder
	Usage     Usage
	Breakdown cost.Breakdown
	// Services splits Breakdown by service, or is nil when the platform
	// is no Allocator.
	Services *cost.Allocation
}

// Peer is a platform compiled before the one compiling, with its config.
type Peer struct {
	Platform Platform
	Config   Config
}

// SectionKeyer is implemented by a platform whose scenario section is
// named other than the platform (the hybrid blend is written placement:).
type SectionKeyer interface {
	SectionKey() string
}

// SectionKey is the key of p's section in a scenario file.
func SectionKey(p Platform) string {
	if k, ok := p.(SectionKeyer); ok {
		return k.SectionKey()
	}
	return p.Name()
}

// Blender is implemented by a platform that blends others (the hybrid): it
// is not a platform of its own a scenario can run alone.
type Blender interface {
	Blends()
}

// Blends tells whether p blends other platforms.
func Blends(p Platform) bool {
	_, ok := p.(Blender)
	return ok
}

// WarmupOf is the warm-up a recorder leaves out of its totals (see
// metrics.Recorder.SetSpan), or 0 for a recorder that has none.
func WarmupOf(rec models.Recorder) time.Duration {
	if w, ok := rec.(interface{ Warmup() time.Duration }); ok {
		return w.Warmup()
	}
	return 0
}

// Trier is a Composite that settles on its config by simulating candidate
// configs first (the hybrid blend compares blends it cannot price without
// running them: opening a platform for a few services costs that
// platform's fixed costs, which no per-service number shows). The runner
// calls ComposeTrying instead of Compose.
type Trier interface {
	// ComposeTrying returns one of the candidates it ran through try, or
	// a Reuser of a peer's run: the runner then runs nothing more for it
	// (any other config is run once more, beyond TrialBound).
	ComposeTrying(done []Done, try Try) (Config, error)
	// TrialBound is the most candidates ComposeTrying may run, whatever
	// the results: the runner weighs progress and estimates by it.
	TrialBound() int
}

// Cut is implemented by the config a Trier returns: SearchCut is true when
// the search was interrupted (Ctrl-C) and the config is only the best it
// had kept so far. The runner then reports the run as partial, even when
// that config is a candidate it ran to the end.
type Cut interface {
	SearchCut() bool
}

// Reuser is implemented by a config that reproduces one of its peers'
// runs exactly, as a blend with every service on one platform does (the
// same events in the same order, the same recorder to the last bit: its
// part's model is the platform's own, and the gauges it sums over one part
// are counts, exact in a float64). The runner builds its result from that
// peer's rather than simulating the run again.
type Reuser interface {
	// Reuses names the peer whose run this config reproduces ("": none,
	// the config must run).
	Reuses() string
	// Reuse returns the config's model as that run would have left it,
	// built on the peer's finished run: its Finish wraps the peer's usage
	// (which it must not change) as the config's own Finish would.
	Reuse(peer Usage, peerRec *metrics.Recorder) Model
}

// Runs is the most whole runs a config's platform costs: 1, or its
// search's bound for a Trier (whose config is a candidate it ran or a
// peer's run reused), at least 1.
func Runs(c Config) int {
	if t, ok := c.(Trier); ok {
		return max(t.TrialBound(), 1)
	}
	return 1
}

// Try runs a candidate config over the whole run, as the runner runs a
// platform, and returns its result; ok is false when the run was
// interrupted before its end (the candidate is then unknown, and the
// composite should settle on what it has).
type Try func(Config) (d Done, ok bool, err error)
