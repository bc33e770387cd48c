package sim

import (
	"fmt"
	"time"
)

// Kernel owns the clock and the event queue of one run. Step is the only
// function that pops an event and moves the clock.
type Kernel struct {
	now    Time
	q      queue
	seq    uint64
	events uint64
	fp     uint64
	seed   uint64
	// vacant is true while the event being handled still occupies the root
	// of the queue: the handler's first Schedule replaces it in one
	// sift-down (the hold pattern of "handle one, schedule the next").
	vacant bool
}

// New returns a kernel at time zero whose named streams derive from seed.
func New(seed uint64) *Kernel {
	return &Kernel{seed: seed, fp: fnvOffset}
}

// Now is the current virtual time.
func (k *Kernel) Now() Time { return k.now }

// Seed is the run's seed.
func (k *Kernel) Seed() uint64 { return k.seed }

// Events is the number of events executed so far.
func (k *Kernel) Events() uint64 { return k.events }

// Pending is the number of events in the queue, cancelled ones included.
func (k *Kernel) Pending() int {
	k.settle()
	return k.q.len()
}

// settle removes the handled event from the root if no Schedule replaced it.
func (k *Kernel) settle() {
	if k.vacant {
		k.vacant = false
		k.q.removeTop()
	}
}

// Fingerprint is the hash of every executed event's (At, Kind, ID), in order.
// Two runs that executed the same events in the same order share it.
func (k *Kernel) Fingerprint() uint64 { return k.fp }

// Schedule queues ev at ev.At. Scheduling in the past is a bug in a model and
// panics.
func (k *Kernel) Schedule(ev Event) {
	if ev.At < k.now {
		panic(fmt.Sprintf("sim: event at %v is before now %v", ev.At, k.now))
	}
	if ev.To == nil {
		panic("sim: event without a handler")
	}
	ev.seq = k.seq
	k.seq++
	if k.vacant {
		k.vacant = false
		k.q.replaceTop(ev)
		return
	}
	k.q.push(ev)
}

// After queues an event d from now.
func (k *Kernel) After(d time.Duration, to Handler, kind Kind, id int64, gen uint32) {
	if d < 0 {
		panic(fmt.Sprintf("sim: negative delay %v", d))
	}
	k.Schedule(Event{At: k.now.Add(d), Kind: kind, ID: id, Gen: gen, To: to})
}

// Next is the time of the earliest queued event, or Never.
func (k *Kernel) Next() Time {
	k.settle()
	if k.q.len() == 0 {
		return Never
	}
	return k.q.peek().At
}

// Step executes the earliest event. It reports false when the queue is empty.
func (k *Kernel) Step() bool {
	k.settle()
	if k.q.len() == 0 {
		return false
	}
	ev := *k.q.peek()
	k.vacant = true
	k.now = ev.At
	k.events++
	k.fp = fold(k.fp, word(ev.At, ev.Kind, ev.ID))
	ev.To.Handle(k, ev)
	k.settle()
	return true
}

// RunUntil executes every event at or before end, then sets the clock to end.
func (k *Kernel) RunUntil(end Time) {
	k.settle()
	for k.q.len() > 0 && k.q.peek().At <= end {
		k.Step()
	}
	if end > k.now {
		k.now = end
	}
}

// Run executes events until the queue is empty.
func (k *Kernel) Run() {
	for k.Step() {
	}
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// word combines an event's identity into one 64-bit value with odd
// multipliers, so (At, Kind, ID) triples that differ give different words
// except by astronomically unlikely coincidence; one fold per event keeps
// the dependent multiply chain short on the hot path.
func word(at Time, kind Kind, id int64) uint64 {
	return uint64(at) ^ uint64(id)*0x9E3779B97F4A7C15 ^ uint64(kind)*0xC2B2AE3D27D4EB4F
}

// fold mixes one 64-bit word into h, FNV-1a style on whole words: cheap enough
// to run on every event, and any change in order or content changes the result.
func fold(h, v uint64) uint64 {
	h ^= v
	h *= fnvPrime
	h ^= h >> 29
	return h
}
