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
func (k *Kernel) Pending() int { return k.q.len() }

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
	if k.q.len() == 0 {
		return Never
	}
	return k.q.peek().At
}

// Step executes the earliest event. It reports false when the queue is empty.
func (k *Kernel) Step() bool {
	if k.q.len() == 0 {
		return false
	}
	ev := k.q.pop()
	k.now = ev.At
	k.events++
	k.fp = fold(k.fp, uint64(ev.At))
	k.fp = fold(k.fp, uint64(ev.Kind))
	k.fp = fold(k.fp, uint64(ev.ID))
	ev.To.Handle(k, ev)
	return true
}

// RunUntil executes every event at or before end, then sets the clock to end.
func (k *Kernel) RunUntil(end Time) {
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

// fold mixes one 64-bit word into h, FNV-1a style on whole words: cheap enough
// to run on every event, and any change in order or content changes the result.
func fold(h, v uint64) uint64 {
	h ^= v
	h *= fnvPrime
	h ^= h >> 29
	return h
}
