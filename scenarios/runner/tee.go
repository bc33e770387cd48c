package runner

import (
	"context"
	"math"
	"sync"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/scenarios/scenario"
)

// tee is one arrival stream read by several platforms of a run, each
// through a reader of its own: the stream is generated once instead of
// once per platform (perf10 measured the regeneration at a quarter of a
// default break-even's CPU).
//
// The requests go in chunks of teeChunk through a ring of at most teeDepth
// chunks. No goroutine of its own makes them: a reader that needs a chunk
// nobody has made yet (the leader) draws it from the stream itself, so
// that a run's slower platform, which only ever reads chunks its faster
// peer already drew, spends nothing on arrivals. A leader whose ring is
// full waits for the reader furthest behind (the faster waiting for the
// slower), which keeps memory to the ring's teeDepth × teeChunk requests
// (about 1.8 MB) however long the run; it resumes once the ring is half
// empty, so that a leader and the platforms it shares a core with switch
// every few milliseconds rather than at every chunk. The readers get the
// stream's requests, every one, in its order, whoever draws them: a
// platform's run is the one it would make from a stream of its own, bit
// for bit (TestSharedStreamIsTheSeparateRun).
//
// An interruption lifts the bound (interrupt): the platforms then stop at
// one common slice (stopper), and a leader held back by a reader waiting
// there for it would wait for ever. What a leader draws until it reaches
// that slice is at most a slice's requests.
type tee struct {
	mu   sync.Mutex
	cond *sync.Cond
	src  *workload.Stream
	// live are the chunks from number base on (the oldest any reader still
	// needs) to the last made; made = base + len(live).
	live []*teeChunkBuf
	base int64
	// spare are chunks every reader has passed, kept for reuse.
	spare []*teeChunkBuf
	// need[r] is the number of the chunk reader r reads or waits for;
	// math.MaxInt64 once it has left.
	need   []int64
	making bool // a leader is drawing chunk base+len(live), outside the lock
	ended  bool // the stream is exhausted: no chunk after the last made
	free   bool // interrupted: the ring's bound is lifted
	// chunk and depth are teeChunk and teeDepth (smaller in tests).
	chunk, depth int
}

// teeChunkBuf is one chunk: n requests in order (fewer than the chunk's
// size only for the stream's last).
type teeChunkBuf struct {
	reqs []models.Request
}

const (
	// teeChunk is the requests of a chunk, 224 KiB of them: a reader takes
	// the tee's lock once a chunk.
	teeChunk = 4096
	// teeDepth is the most chunks the ring holds.
	teeDepth = 8
)

// newTee returns a tee of src for readers readers.
func newTee(src *workload.Stream, readers int) *tee {
	t := &tee{src: src, need: make([]int64, readers), chunk: teeChunk, depth: teeDepth}
	t.cond = sync.NewCond(&t.mu)
	return t
}

// interruptOn lifts the ring's bound once ctx is done; stop undoes the
// watch.
func (t *tee) interruptOn(ctx context.Context) (stop func() bool) {
	return context.AfterFunc(ctx, func() {
		t.mu.Lock()
		t.free = true
		t.cond.Broadcast()
		t.mu.Unlock()
	})
}

// reader returns reader r's source; s is the seat its platform computes
// on, given up while it waits for the others.
func (t *tee) reader(r int, s *seat) *teeReader {
	return &teeReader{t: t, id: r, seat: s}
}

// oldest is the number of the oldest chunk any reader needs (the made
// count when every reader has left). Called with the lock held.
func (t *tee) oldest() int64 {
	m := int64(math.MaxInt64)
	for _, n := range t.need {
		m = min(m, n)
	}
	return m
}

// retire moves the chunks every reader has passed to spare. Called with
// the lock held.
func (t *tee) retire() {
	old := t.oldest()
	k := 0
	for k < len(t.live) && t.base+int64(k) < old {
		k++
	}
	if k == 0 {
		return
	}
	t.spare = append(t.spare, t.live[:k]...)
	clear(t.live[:k])
	t.live = append(t.live[:0], t.live[k:]...)
	t.base += int64(k)
}

// teeReader is one platform's view of a tee: a models.IntoSource.
type teeReader struct {
	t    *tee
	id   int
	seat *seat
	cur  []models.Request // the chunk being read
	i    int              // the next request of cur
	next int64            // the number of the chunk after cur
	left bool
}

// Next implements models.Source.
func (r *teeReader) Next() (models.Request, bool) {
	var req models.Request
	ok := r.NextInto(&req)
	return req, ok
}

// NextInto implements models.IntoSource.
func (r *teeReader) NextInto(req *models.Request) bool {
	if r.i == len(r.cur) && !r.advance() {
		return false
	}
	*req = r.cur[r.i]
	r.i++
	return true
}

// advance moves the reader to its next chunk, drawing it when nobody has;
// false at the end of the stream.
func (r *teeReader) advance() bool {
	if r.left {
		return false
	}
	// A chunk's end is where the platform lets a more urgent run have its
	// core (seat.yield), before it takes the lock.
	r.seat.yield()
	t := r.t
	t.mu.Lock()
	defer t.mu.Unlock()
	t.need[r.id] = r.next
	r.cur, r.i = nil, 0
	t.retire()
	t.cond.Broadcast() // a leader may wait for this reader to move on
	for {
		made := t.base + int64(len(t.live))
		switch {
		case r.next < made:
			r.cur = t.live[r.next-t.base].reqs
			r.next++
			return true
		case t.ended:
			return false
		case t.making:
			// another leader is drawing it: a chunk's worth of the stream
			t.cond.Wait()
		case made-t.oldest() >= int64(t.depth) && !t.free:
			// the ring is full: wait, off the seat, until the slowest reader
			// has emptied half of it (or, the ring holding one chunk, drawn
			// the next itself)
			t.mu.Unlock()
			r.seat.drop()
			t.mu.Lock()
			for {
				made := t.base + int64(len(t.live))
				if t.free || r.next < made || made-t.oldest() <= int64(t.depth/2) {
					break
				}
				t.cond.Wait()
			}
			t.mu.Unlock()
			r.seat.take()
			t.mu.Lock()
		default:
			t.making = true
			var c *teeChunkBuf
			if n := len(t.spare); n > 0 {
				c, t.spare = t.spare[n-1], t.spare[:n-1]
			} else {
				c = &teeChunkBuf{reqs: make([]models.Request, t.chunk)}
			}
			t.mu.Unlock()
			n := t.draw(c)
			t.mu.Lock()
			t.making = false
			if n > 0 {
				t.live = append(t.live, c)
			} else {
				t.spare = append(t.spare, c)
			}
			t.ended = n < t.chunk
			t.cond.Broadcast()
		}
	}
}

// draw fills c with the stream's next requests, as many as a chunk holds
// or as are left, and returns how many. Should the stream panic (a trace
// that cannot be read on), the tee ends where it is, so that no reader
// waits for the chunk, and the panic goes on to the leader's platform,
// whose run reports it.
func (t *tee) draw(c *teeChunkBuf) (n int) {
	defer func() {
		if r := recover(); r != nil {
			// locked again for advance's deferred unlock
			t.mu.Lock()
			t.making, t.ended = false, true
			t.cond.Broadcast()
			panic(r)
		}
	}()
	reqs := c.reqs[:cap(c.reqs)]
	for n < len(reqs) && t.src.NextInto(&reqs[n]) {
		n++
	}
	c.reqs = reqs[:n]
	return n
}

// leave tells the tee the reader reads no more: nobody waits for it. A
// platform leaves when its run ends, however it ends.
func (r *teeReader) leave() {
	if r.left {
		return
	}
	r.left = true
	t := r.t
	t.mu.Lock()
	t.need[r.id] = math.MaxInt64
	r.cur, r.i = nil, 0
	t.retire()
	t.cond.Broadcast()
	t.mu.Unlock()
}

// newPlanTee is a tee of the plan's arrival stream for readers platforms.
// A stream that cannot start (a trace changed since the plan was checked)
// is an internal error, as it is in a platform's goroutine.
func newPlanTee(plan *scenario.Plan, readers int) (t *tee, err error) {
	defer recoverInto(&err, "the arrival stream")
	return newTee(workload.NewStream(plan.Workload, plan.Seed, plan.Duration), readers), nil
}
