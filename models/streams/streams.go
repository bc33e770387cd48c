package streams

import (
	"math/rand/v2"

	"github.com/execsim/execsim/sim"
)

// State is the start of the stream sim.Stream(seed, name): the same PCG,
// seeded as sim.Stream seeds it, as a value to keep inside its consumer.
func State(seed uint64, name string) rand.PCG {
	return *rand.NewPCG(seed, sim.StreamID(name))
}

// Base is the base name of a consumer's streams ("lambda/checkout", to
// which it adds "/cold-start"): given when its configuration names them
// (a single service keeps its model's names from before consumers had
// streams of their own), else owner/name, so that each consumer of a
// fleet draws from streams of its own name.
func Base(given, owner, name string) string {
	if given != "" {
		return given
	}
	return owner + "/" + name
}

// Rand is one *rand.Rand that draws from whichever State it was last
// pointed at. The zero value is not usable: call New.
type Rand struct {
	cur *rand.PCG
	r   *rand.Rand
}

// New returns a Rand pointed at nothing.
func New() *Rand {
	s := &Rand{}
	s.r = rand.New(source{s})
	return s
}

// From points the Rand at p and returns it: draw from the result before
// pointing it elsewhere. p must stay where it is (an element of a slice
// that is never grown, a field of a heap object).
func (s *Rand) From(p *rand.PCG) *rand.Rand {
	s.cur = p
	return s.r
}

// source is the rand.Source the Rand draws from: the State it points at.
type source struct{ s *Rand }

func (src source) Uint64() uint64 { return src.s.cur.Uint64() }
