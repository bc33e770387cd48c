package sim

// Kind names what an event means to the Handler receiving it. Each model owns
// its own enumeration of kinds (in its kind.go).
type Kind uint16

// Event is what a model schedules and what its handler receives. It is
// small and copied by value: the queue never allocates per event.
type Event struct {
	At   Time    // when it fires
	ID   int64   // the request, environment or pod it concerns
	To   Handler // who handles it
	Gen  uint32  // generation at scheduling time, for lazy cancellation
	Kind Kind    // what it means, interpreted by To
}

// entry is an Event as the queue holds it: the handler replaced by a
// number (see Kernel.handlerRef) and the insertion sequence added, 32 bytes
// without pointers instead of 48 with one: a sift moves two thirds of the
// bytes, the garbage collector never scans the queue, and every pending
// event (at least one per request in flight) costs 16 bytes less (issue 13).
//
// Four fields, not five: the compiler keeps a struct of at most four
// fields in registers. With Gen and the handler apart, a new entry was
// built on the stack in narrow stores and copied into the queue in wide
// loads, which stalled on store forwarding: a quarter of Schedule's time
// and most of Offer's (perf annotate, issue 13).
type entry struct {
	At Time // when it fires
	// key is the insertion sequence (set by the kernel; ties at equal At run
	// in this order) shifted left 16 bits, with the Kind in the low bits:
	// sequences are unique, so comparing keys compares sequences.
	key uint64
	ID  int64
	// gh is the generation (high 32 bits) and the handler
	// (Kernel.handlerRef, low 32 bits).
	gh uint64
}

// newEntry packs an event's fields.
func newEntry(at Time, key uint64, id int64, gen, h uint32) entry {
	return entry{At: at, key: key, ID: id, gh: uint64(gen)<<32 | uint64(h)}
}

// Gen is the entry's generation.
func (e *entry) Gen() uint32 { return uint32(e.gh >> 32) }

// h is the entry's handler reference.
func (e *entry) h() uint32 { return uint32(e.gh) }

// Handler receives events. Models are state machines with one Handle method
// switching on ev.Kind.
type Handler interface {
	Handle(k *Kernel, ev Event)
}

// less orders events by (At, seq): equal times run in the order they were
// scheduled, as in SimPy and FoundationDB's simulator.
func less(a, b *entry) bool {
	if a.At != b.At {
		return a.At < b.At
	}
	return a.key < b.key
}
