package runner

import (
	"math"
	"slices"
	"sync"
	"sync/atomic"
)

// gate lets at most n simulations compute at once (RunAll's workers: one
// per core), the most urgent first. A run's platforms share one arrival
// stream (tee) and so go at the pace of the slowest: the faster waits
// whole stretches, off its seat, and another run takes the core. Urgency
// is a number, lower first: RunAll gives each plan its index, so that the
// plans it started first (break-even starts its costliest first) have the
// cores whenever they can use them, and a cheaper plan fills in while they
// wait. Without it the costliest run of a batch, the critical path, would
// share its core with every other run's time slices (perf10). Which run
// computes when changes no result.
type gate struct {
	mu      sync.Mutex
	cond    *sync.Cond
	free    int
	waiting []gateWait
	ticket  uint64
	// urgent is the lowest urgency waiting (math.MaxInt64 when none), read
	// without the lock by seat.yield at every chunk.
	urgent atomic.Int64
}

// gateWait is a simulation waiting for a seat: by urgency, then first
// come first served.
type gateWait struct {
	prio   int64
	ticket uint64
}

func newGate(n int) *gate {
	g := &gate{free: max(1, n)}
	g.cond = sync.NewCond(&g.mu)
	g.urgent.Store(math.MaxInt64)
	return g
}

// enter waits for a seat, behind every more urgent simulation and every
// one as urgent that waited first.
func (g *gate) enter(prio int64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	w := gateWait{prio, g.ticket}
	g.ticket++
	g.waiting = append(g.waiting, w)
	g.setUrgent()
	for g.free == 0 || g.first() != w {
		g.cond.Wait()
	}
	g.waiting = slices.DeleteFunc(g.waiting, func(x gateWait) bool { return x == w })
	g.free--
	g.setUrgent()
	if g.free > 0 && len(g.waiting) > 0 {
		g.cond.Broadcast() // the next in line may take a seat too
	}
}

// leave gives a seat back.
func (g *gate) leave() {
	g.mu.Lock()
	g.free++
	g.cond.Broadcast()
	g.mu.Unlock()
}

// first is the waiter next in line. Called with the lock held and someone
// waiting.
func (g *gate) first() gateWait {
	b := g.waiting[0]
	for _, w := range g.waiting[1:] {
		if w.prio < b.prio || (w.prio == b.prio && w.ticket < b.ticket) {
			b = w
		}
	}
	return b
}

func (g *gate) setUrgent() {
	u := int64(math.MaxInt64)
	for _, w := range g.waiting {
		u = min(u, w.prio)
	}
	g.urgent.Store(u)
}

// seat is one simulation's place at a gate, used by its own goroutine
// only. A nil gate seats everyone at once: every method is then a no-op.
type seat struct {
	g    *gate
	prio int64
	held bool
}

// take waits for a seat, when not holding one.
func (s *seat) take() {
	if s == nil || s.g == nil || s.held {
		return
	}
	s.g.enter(s.prio)
	s.held = true
}

// drop gives the seat back, when holding one: before the simulation waits
// for another (tee, stopper) and when it ends.
func (s *seat) drop() {
	if s == nil || s.g == nil || !s.held {
		return
	}
	s.g.leave()
	s.held = false
}

// yield lets a more urgent simulation that waits have the seat, and waits
// for one again. Simulations call it at short intervals (every chunk of
// their stream, every stretch of their run).
func (s *seat) yield() {
	if s == nil || s.g == nil || !s.held || s.g.urgent.Load() >= s.prio {
		return
	}
	s.drop()
	s.take()
}
