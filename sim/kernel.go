package sim

import (
	"fmt"
	"reflect"
	"time"
	"unsafe"
)

// Kernel owns the clock and the event queue of one run. Step is the only
// function that pops an event and moves the clock.
type Kernel struct {
	now Time
	// q holds the events due within farAfter of when they were scheduled,
	// far the later ones (see farAfter).
	q, far   queue
	farAfter Time // the split: farAfterDefault but in tests
	// lane holds near events scheduled in time order (see lane); noLane
	// sends every event to the heaps, for tests.
	lane   lane
	noLane bool
	seq    uint64
	events uint64
	fp     uint64
	seed   uint64
	// vacant is true while the event being handled still occupies the root
	// of the queue: the handler's first Schedule replaces it in one
	// sift-down (the hold pattern of "handle one, schedule the next").
	// vacantFar tells which queue's root it is.
	vacant, vacantFar bool
	// offer is the one event kept beside the queue (Offer), valid while
	// offered is true: a stream that always has exactly one next event
	// (arrivals) waits here instead of being pushed into and popped out of
	// the heap once per event.
	offer   entry
	offered bool
	// handlers is the table of a run's regular handlers, in order of first
	// use; an entry names one by its index. A model has one or two, and
	// nearly every Schedule repeats the previous one's (last, lastRef).
	handlers []Handler
	last     Handler
	lastRef  uint32
	offerTo  Handler
	offerRef uint32
	// spare holds the handlers of pending events that are not in the
	// table (not a pointer, or past maxTable), one slot per event, freed
	// when it runs; such an entry's h is oneOff|slot.
	spare     []Handler
	spareFree []uint32
}

const (
	// maxTable bounds the handler table, so a model that schedules each
	// event to a new handler value does not make every lookup a long scan.
	maxTable = 64
	oneOff   = 1 << 31
	// maxSeq is the number of events a kernel can schedule: 48 bits of
	// entry.key.
	maxSeq = 1 << 48
	// farAfterDefault splits pending events between two heaps by how far ahead
	// they were scheduled. Events set minutes ahead (keep-alive expiries,
	// one per idle environment; scale-down windows) mostly wait, and in
	// the heap of near events (completions, arrivals' next steps) they
	// only made each push and pop sift through more levels: in a fleet of
	// 500 functions about 750 expiries against 20 completions. Step takes
	// the earlier of the two tops, ordered by (At, sequence) like one
	// heap, so events run in exactly the same order whatever the split;
	// the split only decides which heap pays for an event's sift.
	farAfterDefault = Time(10 * time.Second)
)

// handlerRef is how an entry names h: its index in the table, added on
// first use, or a spare slot for a handler that is not a pointer (a test
// hook holding a func, say) or that comes after the table is full. The
// last handler looked up is answered without a scan; Offer keeps its own
// (the driver's), so the model's Schedules and the driver's Offers do not
// evict each other.
func (k *Kernel) handlerRef(h Handler) uint32 {
	if same(h, k.last) {
		return k.lastRef
	}
	return k.newRef(h)
}

// newRef is handlerRef for a handler other than the last one, apart so that
// the repeat test alone can be written into After, the per-request path,
// without a call (handlerRef itself is over the compiler's inlining
// budget: cost 101 of 80, go build -gcflags=-m=2).
//
//go:noinline
func (k *Kernel) newRef(h Handler) uint32 {
	k.last, k.lastRef = h, k.lookup(h)
	if k.lastRef >= oneOff {
		k.last = nil // a spare slot is single-use
	}
	return k.lastRef
}

// same tells whether a and b hold the same dynamic type and data word:
// for the pointers the handler table holds, whether they are equal. It
// answers handlerRef's and Offer's repeat test in two comparisons; a == b
// on interfaces calls the runtime (runtime.ifaceeq) whenever the types
// match, about twenty instructions on every Schedule and Offer (callgrind,
// issue 13). A false answer only sends h to lookup, which compares with ==.
//
// It reads an interface value as its two words, type (itab) and data, the
// layout the Go runtime gives every non-empty interface (runtime.iface);
// the two array declarations after it stop the build if an interface is
// ever not two words.
func same(a, b Handler) bool {
	x, y := (*[2]unsafe.Pointer)(unsafe.Pointer(&a)), (*[2]unsafe.Pointer)(unsafe.Pointer(&b))
	return x[0] == y[0] && x[1] == y[1]
}

// These fail to compile unless an interface value is two pointers
// wide, the layout same reads.
var _ [unsafe.Sizeof(Handler(nil)) - 2*unsafe.Sizeof(unsafe.Pointer(nil))]struct{}
var _ [2*unsafe.Sizeof(unsafe.Pointer(nil)) - unsafe.Sizeof(Handler(nil))]struct{}

// lookup finds or places h (see handlerRef).
func (k *Kernel) lookup(h Handler) uint32 {
	// The table holds pointers only, and comparing interfaces panics only
	// when both hold the same uncomparable type: these comparisons are
	// safe for any h. (A struct value can claim to be comparable and still
	// panic when compared, if a field of interface type holds a func, so
	// struct values take a spare slot.)
	for i, x := range k.handlers {
		if x == h {
			return uint32(i)
		}
	}
	if len(k.handlers) < maxTable && reflect.TypeOf(h).Kind() == reflect.Pointer {
		k.handlers = append(k.handlers, h)
		return uint32(len(k.handlers) - 1)
	}
	var slot uint32
	if n := len(k.spareFree); n > 0 {
		slot = k.spareFree[n-1]
		k.spareFree = k.spareFree[:n-1]
		k.spare[slot] = h
	} else {
		slot = uint32(len(k.spare))
		k.spare = append(k.spare, h)
	}
	return oneOff | slot
}

// handler is the handler of an entry about to run; a spare slot is freed.
func (k *Kernel) handler(ref uint32) Handler {
	if ref < oneOff {
		return k.handlers[ref]
	}
	slot := ref &^ oneOff
	h := k.spare[slot]
	k.spare[slot] = nil
	k.spareFree = append(k.spareFree, slot)
	return h
}

// check panics on an event no model may schedule.
func (k *Kernel) check(ev *Event) {
	if ev.At < k.now {
		panic(fmt.Sprintf("sim: event at %v is before now %v", ev.At, k.now))
	}
	if ev.To == nil {
		panic("sim: event without a handler")
	}
	if k.seq == maxSeq {
		panic("sim: more than 2^48 events scheduled on one kernel")
	}
}

// New returns a kernel at time zero whose named streams derive from seed.
func New(seed uint64) *Kernel {
	return &Kernel{seed: seed, fp: fnvOffset, farAfter: farAfterDefault}
}

// Now is the current virtual time.
func (k *Kernel) Now() Time { return k.now }

// Seed is the run's seed.
func (k *Kernel) Seed() uint64 { return k.seed }

// Events is the number of events executed so far.
func (k *Kernel) Events() uint64 { return k.events }

// Pending is the number of events in the queue, cancelled ones and the
// offered one included.
func (k *Kernel) Pending() int {
	k.settle()
	n := k.q.len() + k.far.len() + k.lane.len()
	if k.offered {
		n++
	}
	return n
}

// settle removes the handled event from the root if no Schedule replaced it.
func (k *Kernel) settle() {
	if k.vacant {
		k.removeVacant()
	}
}

// removeVacant is settle's work, apart so that settle stays inlined.
func (k *Kernel) removeVacant() {
	k.vacant = false
	if k.vacantFar {
		k.far.removeTop()
	} else {
		k.q.removeTop()
	}
}

// Fingerprint is the hash of every executed event's (At, Kind, ID), in order.
// Two runs that executed the same events in the same order share it.
func (k *Kernel) Fingerprint() uint64 { return k.fp }

// Schedule queues ev at ev.At. Scheduling in the past is a bug in a model and
// panics.
func (k *Kernel) Schedule(ev Event) {
	if ev.At < k.now || ev.To == nil || k.seq == maxSeq {
		k.check(&ev)
	}
	k.enqueue(newEntry(ev.At, k.seq<<16|uint64(ev.Kind), ev.ID, ev.Gen, k.handlerRef(ev.To)))
}

// enqueue places e, an entry with the next sequence number, in the lane or
// one of the heaps (Schedule).
func (k *Kernel) enqueue(e entry) {
	k.seq++
	far := e.At-k.now >= k.farAfter
	if !far && !k.noLane && (k.lane.n == 0 || !less(&e, k.lane.last())) {
		// in order: the lane takes it, and a vacant root stays vacant
		// for a later Schedule into its heap (or settle) to fill
		k.lane.push(e)
		return
	}
	dst := &k.q
	if far {
		dst = &k.far
	}
	if k.vacant {
		if k.vacantFar == far {
			k.vacant = false
			dst.replaceTop(e)
			return
		}
		k.settle()
	}
	dst.push(e)
}

// Offer queues ev like Schedule, but in the kernel's one side slot instead
// of the heap when that slot is free. It is meant for a stream with exactly
// one pending event at a time, whose handler offers the next one (the
// arrival driver): each such event then costs one comparison with the
// heap's top instead of a push and a pop. The offered event takes its
// sequence number from the same counter as Schedule and Step orders it by
// (At, sequence) against the heap's top, so events run in exactly the order,
// and the events count and fingerprint are exactly those, that Schedule
// would have given; a second stream offering while the slot is taken goes
// through the heap, with the same order.
func (k *Kernel) Offer(ev Event) {
	k.OfferAt(ev.At, ev.To, ev.Kind, ev.ID, ev.Gen)
}

// OfferAt is Offer with the event's fields as arguments. An Event has five
// fields, one more than the compiler keeps in registers, so passing one
// builds it on the stack and reads it back (see dispatch); the driver
// offers once per arrival.
func (k *Kernel) OfferAt(at Time, to Handler, kind Kind, id int64, gen uint32) {
	if k.offered || at < k.now || to == nil || k.seq == maxSeq {
		k.offerChecked(Event{At: at, Kind: kind, ID: id, Gen: gen, To: to})
		return
	}
	ref := k.offerRef
	if !same(to, k.offerTo) {
		ref = k.offerRefOf(to)
	}
	k.offer = newEntry(at, k.seq<<16|uint64(kind), id, gen, ref)
	k.seq++
	k.offered = true
}

// offerChecked is Offer when the slot is taken (the event goes through the
// heap) or the event is one no model may schedule (check panics).
func (k *Kernel) offerChecked(ev Event) {
	if k.offered {
		k.Schedule(ev)
		return
	}
	k.check(&ev)
}

// offerRefOf is the reference Offer keeps for the handler of its events.
func (k *Kernel) offerRefOf(h Handler) uint32 {
	ref := k.lookup(h)
	k.offerTo, k.offerRef = h, ref
	if ref >= oneOff {
		k.offerTo = nil // a spare slot is single-use
	}
	return ref
}

// After queues an event d from now.
// It is Schedule without an Event: the entry is built from the arguments
// (a model's completions and timers, one or more per request).
func (k *Kernel) After(d time.Duration, to Handler, kind Kind, id int64, gen uint32) {
	at := k.now.Add(d)
	if d < 0 || at < k.now || to == nil || k.seq == maxSeq {
		k.afterChecked(d, to, kind, id, gen)
		return
	}
	ref := k.lastRef // handlerRef, its repeat test written out
	if !same(to, k.last) {
		ref = k.newRef(to)
	}
	k.enqueue(newEntry(at, k.seq<<16|uint64(kind), id, gen, ref))
}

// afterChecked is After through Schedule, with its panics: a negative delay,
// a time past the representable future, no handler, no sequence left.
func (k *Kernel) afterChecked(d time.Duration, to Handler, kind Kind, id int64, gen uint32) {
	if d < 0 {
		panic(fmt.Sprintf("sim: negative delay %v", d))
	}
	k.Schedule(Event{At: k.now.Add(d), Kind: kind, ID: id, Gen: gen, To: to})
}

// Next is the time of the earliest queued event, or Never.
func (k *Kernel) Next() Time {
	k.settle()
	if h, _ := k.top(); h != nil {
		return h.At
	}
	return Never
}

// Step executes the earliest event. It reports false when the queue is empty.
func (k *Kernel) Step() bool {
	k.settle()
	h, src := k.top()
	if h == nil {
		return false
	}
	k.step(src)
	return true
}

// Where the earliest pending event is (top).
const (
	inQ = iota
	inFar
	inLane
	inOffer
)

// top is the earliest event of the two heaps, the lane and the offered
// slot (nil if all are empty) and where it is. The queues are settled.
func (k *Kernel) top() (*entry, uint8) {
	var h *entry
	src := uint8(inQ)
	if k.q.len() > 0 {
		h = k.q.peek()
	}
	if k.lane.n > 0 {
		if l := k.lane.peek(); h == nil || less(l, h) {
			h, src = l, inLane
		}
	}
	if k.far.len() > 0 {
		if f := k.far.peek(); h == nil || less(f, h) {
			h, src = f, inFar
		}
	}
	if k.offered && (h == nil || less(&k.offer, h)) {
		return &k.offer, inOffer
	}
	return h, src
}

// step executes the earliest event, from where top found it. A heap's
// stays at the root until its handler's first Schedule into that heap
// replaces it (or settle removes it); the lane's leaves the lane first;
// the offered slot is free again before its handler runs, so the handler
// can offer its successor.
func (k *Kernel) step(src uint8) {
	switch src {
	case inQ:
		k.vacant, k.vacantFar = true, false
		k.dispatch(k.q.peek())
	case inFar:
		k.vacant, k.vacantFar = true, true
		k.dispatch(k.far.peek())
	case inLane:
		e := k.lane.peek()
		k.lane.pop()
		k.dispatch(e)
		return
	default: // inOffer
		k.offered = false
		k.dispatch(&k.offer)
		return
	}
	k.settle()
}

// dispatch moves the clock to e, counts and fingerprints it and runs its
// handler. e's fields are read first: the handler may overwrite e (a
// Schedule replacing the root, an Offer refilling the slot).
func (k *Kernel) dispatch(e *entry) {
	ev := Event{At: e.At, ID: e.ID, To: k.handler(e.h()), Gen: e.Gen(), Kind: Kind(e.key)}
	k.now = ev.At
	k.events++
	k.fp = fold(k.fp, word(ev.At, ev.Kind, ev.ID))
	ev.To.Handle(k, ev)
}

// RunUntil executes every event at or before end, then sets the clock to end.
func (k *Kernel) RunUntil(end Time) {
	k.settle()
	for {
		h, src := k.top()
		if h == nil || h.At > end {
			break
		}
		k.step(src)
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
