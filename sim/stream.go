package sim

import (
	"hash/fnv"
	"math/rand/v2"
)

// Stream returns a random source for the named consumer. Streams are derived
// from (seed, name) alone, so adding or removing a stream never shifts the
// numbers another stream produces, and the same name always yields the same
// sequence for the same seed.
func Stream(seed uint64, name string) *rand.Rand {
	return rand.New(rand.NewPCG(seed, StreamID(name)))
}

// StreamID is the FNV-64a hash of a stream name, the second PCG word.
func StreamID(name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return h.Sum64()
}

// Stream returns the kernel's named random stream (see the function Stream).
// Each call returns a fresh source positioned at the start of the sequence:
// call it once per consumer and keep the result.
func (k *Kernel) Stream(name string) *rand.Rand { return Stream(k.seed, name) }
