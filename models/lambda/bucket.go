package lambda

import (
	"time"

	"github.com/execsim/execsim/sim"
)

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

// tokensAt is what the bucket holds at now, refilled since it was last
// taken from (now not before then), never above its capacity.
func (b *bucket) tokensAt(now sim.Time) float64 {
	return min(b.capacity, b.tokens+float64(now-b.last)*b.perNs)
}

// take removes n tokens at now if there are that many, and reports whether it did.
func (b *bucket) take(now sim.Time, n float64) bool {
	b.refill(now)
	if b.holds(n) {
		b.spend(n)
		return true
	}
	return false
}

// refill brings the bucket's tokens up to now (now not before the last
// refill). take is refill, holds and spend; a request that needs a token
// from two buckets (the function's and the account's requests per second)
// refills both, and spends from either only if both hold one.
func (b *bucket) refill(now sim.Time) {
	if now > b.last {
		b.tokens = b.tokensAt(now)
		b.last = now
	}
}

// holds tells whether the bucket, as last refilled, has n tokens; a tiny
// epsilon absorbs float rounding of refills that should be whole.
func (b *bucket) holds(n float64) bool { return b.tokens+1e-9 >= n }

// spend removes n tokens the bucket holds.
func (b *bucket) spend(n float64) { b.tokens = max(0, b.tokens-n) }

// fullAt tells whether the bucket holds its capacity at now (a bucket of
// no capacity is always full; the epsilon is take's).
func (b *bucket) fullAt(now sim.Time) bool {
	t := b.tokens
	if now > b.last {
		t = b.tokensAt(now)
	}
	return t+1e-9 >= b.capacity
}

// window is the scaling rule as talks and blog posts often state it: a
// function may start at most size new environments in each fixed window
// [k·width, (k+1)·width) counted from the start of the run. It is here for
// comparison only. The documented rule is the continuous bucket above: AWS
// words the limit as "1,000 execution environment instances every 10
// seconds" but says Lambda refills it "continuously over time, rather than in
// one single refill of 1,000 units every 10 seconds" (scaling-behavior.html;
// lambda-and-prices.md §1.1).
// Across a window edge a window lets up to 2·size start almost at once,
// which the bucket never does.
type window struct {
	size  int
	width int64 // ns
	index int64 // the window the count belongs to
	used  int   // environments started in that window
}

func newWindow(size int, width time.Duration) window {
	return window{size: size, width: int64(width)}
}

// take counts one new environment at now if the current window has room,
// and reports whether it did.
func (w *window) take(now sim.Time) bool {
	if i := int64(now) / w.width; i != w.index {
		w.index, w.used = i, 0
	}
	if w.used >= w.size {
		return false
	}
	w.used++
	return true
}
