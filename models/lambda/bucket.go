package lambda

import "github.com/execsim/execsim/sim"

// bucket is a token bucket refilled continuously. AWS describes the
// per-function scaling limit this way: "Lambda makes a best attempt to refill
// … continuously over time, rather than in one single refill of 1,000 units
// every 10 seconds", and unused rate does not accrue past the capacity
// (scaling-behavior.html). Fixed 10-s windows would let 2,000 environments
// start across a window edge; a bucket never does.
type bucket struct {
	tokens   float64
	capacity float64
	perNs    float64 // refill rate in tokens per nanosecond
	last     sim.Time
}

func newBucket(capacity, perSecond float64) bucket {
	return bucket{tokens: capacity, capacity: capacity, perNs: perSecond / 1e9}
}

// take removes n tokens at now if there are that many, and reports whether it did.
func (b *bucket) take(now sim.Time, n float64) bool {
	if now > b.last {
		b.tokens = min(b.capacity, b.tokens+float64(now-b.last)*b.perNs)
		b.last = now
	}
	// a tiny epsilon absorbs float rounding of refills that should be whole
	if b.tokens+1e-9 >= n {
		b.tokens = max(0, b.tokens-n)
		return true
	}
	return false
}
