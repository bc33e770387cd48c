package sim

// queue is a 4-ary min-heap of entries stored by value. A 4-ary heap halves the
// depth of a binary heap and keeps siblings in one or two cache lines, which
// measured faster for the hold model at 1,000 and 100,000 pending events.
type queue struct {
	ev []entry
}

func (q *queue) len() int { return len(q.ev) }

func (q *queue) push(e entry) {
	q.ev = append(q.ev, e)
	i := len(q.ev) - 1
	for i > 0 {
		p := (i - 1) / 4
		if !less(&e, &q.ev[p]) {
			break
		}
		q.ev[i] = q.ev[p]
		i = p
	}
	q.ev[i] = e
}

// peek returns the earliest event without removing it; the queue must not be empty.
func (q *queue) peek() *entry { return &q.ev[0] }

// removeTop drops the earliest event.
func (q *queue) removeTop() {
	n := len(q.ev) - 1
	last := q.ev[n]
	q.ev = q.ev[:n]
	if n > 0 {
		q.down(last)
	}
	if c := cap(q.ev); c > shrinkFrom && n <= c/4 {
		q.shrink()
	}
}

// shrinkFrom is the capacity, in entries, above which a queue a quarter
// full gives half its array back: a burst (cold starts' init events, say)
// must not leave its high-water mark allocated for the rest of the run,
// which counted against memory per request in flight (issue 13, item 4)
// once the kernel kept far events in a heap of their own.
const shrinkFrom = 256

// shrink moves the queue into an array of half the capacity. Shrinking at
// a quarter and halving keeps the copies' cost within a constant per
// event, as growing by doubling does.
func (q *queue) shrink() {
	ev := make([]entry, len(q.ev), cap(q.ev)/2)
	copy(ev, q.ev)
	q.ev = ev
}

// replaceTop drops the earliest event and inserts e in one sift-down: the
// common case of a handler scheduling its successor.
func (q *queue) replaceTop(e entry) { q.down(e) }

// down places e at the root and sifts it down to its place.
func (q *queue) down(e entry) {
	n := len(q.ev)
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		end := c + 4
		if end > n {
			end = n
		}
		for j := c + 1; j < end; j++ {
			if less(&q.ev[j], &q.ev[m]) {
				m = j
			}
		}
		if !less(&q.ev[m], &e) {
			break
		}
		q.ev[i] = q.ev[m]
		i = m
	}
	q.ev[i] = e
}
