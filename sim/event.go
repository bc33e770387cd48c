package sim

// Kind names what an event means to the Handler receiving it. Each model owns
// its own enumeration of kinds (in its kind.go).
type Kind uint16

// Event is a value placed in the kernel's queue. It is small and copied by
// value: the queue never allocates per event.
type Event struct {
	At   Time    // when it fires
	seq  uint64  // insertion order, set by the kernel; ties at equal At run in this order
	ID   int64   // the request, environment or pod it concerns
	To   Handler // who handles it
	Gen  uint32  // generation at scheduling time, for lazy cancellation
	Kind Kind    // what it means, interpreted by To
}

// Handler receives events. Models are state machines with one Handle method
// switching on ev.Kind.
type Handler interface {
	Handle(k *Kernel, ev Event)
}

// less orders events by (At, seq): equal times run in the order they were
// scheduled, as in SimPy and FoundationDB's simulator.
func less(a, b *Event) bool {
	if a.At != b.At {
		return a.At < b.At
	}
	return a.seq < b.seq
}
