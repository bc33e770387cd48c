package sim

// lane is a ring of entries kept in (At, sequence) order, beside the heaps:
// an event that is not earlier than the lane's last one is appended to it
// in O(1) instead of pushed into a heap, and taken from its head in O(1)
// instead of sifted out. Events scheduled a constant delay after the event
// being handled (a 200-ms I/O phase, a fixed service time) arrive in that
// order, so they never touch a heap: at 750 requests in flight the sift-down
// of their completions was a third of a Lambda run's time (pprof of
// business-hours at 1,000 req/s, issue 13). Events out of order go to the
// heap as before; Step takes the earliest of the heaps' tops, the lane's
// head and the offered event by (At, sequence), so events run in exactly
// the order one heap gives.
type lane struct {
	ev   []entry // a power of two long, or empty
	head int
	n    int
}

func (l *lane) len() int { return l.n }

// peek is the earliest entry; the lane must not be empty.
func (l *lane) peek() *entry { return &l.ev[l.head] }

// last is the latest entry; the lane must not be empty.
func (l *lane) last() *entry { return &l.ev[(l.head+l.n-1)&(len(l.ev)-1)] }

// push appends e, which must not be earlier than last().
func (l *lane) push(e entry) {
	if l.n == len(l.ev) {
		l.resize(max(16, 2*len(l.ev)))
	}
	l.ev[(l.head+l.n)&(len(l.ev)-1)] = e
	l.n++
}

// pop drops the earliest entry. The entry peek returned stays readable
// until the next push: dispatch reads it after pop.
func (l *lane) pop() {
	l.head = (l.head + 1) & (len(l.ev) - 1)
	l.n--
	if c := len(l.ev); c > shrinkFrom && l.n <= c/4 {
		l.resize(c / 2)
	}
}

// resize moves the entries, in order, into a ring of size slots. Halving
// at a quarter full, as the heaps do, keeps a burst's high-water mark from
// staying allocated (memory per request in flight, issue 13).
func (l *lane) resize(size int) {
	ev := make([]entry, size)
	k := copy(ev, l.ev[l.head:min(len(l.ev), l.head+l.n)])
	copy(ev[k:], l.ev[:l.n-k])
	l.ev, l.head = ev, 0
}
