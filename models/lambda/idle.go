package lambda

import "math/bits"

// idleSet holds a function's idle on-demand environments, ordered for warm
// selection.
//
// Under Newest and Oldest (byAge) the set numbers the on-demand
// environments of its function in creation order: a label from a counter
// of the function's creations, kept in env.idlePos from creation (enter)
// to retirement (forget). Labels follow creation order within the
// function, as the creation sequence (env.seq) does, so the newest
// (oldest) idle environment is the idle one with the highest (lowest)
// label: the environment the sequence-keyed heap chose, only found
// differently. The set covers a window of labels, [lo, lo+cap), which
// holds every label alive; a label's position in it is label − lo
// (uint32 arithmetic, so the counter may wrap). Idle positions are marked
// in a 64-ary tree of bit words (marks), whose leaves hold a bit per
// position and whose inner words a bit per child word with any mark, so
// that the best idle environment is found by one leading (trailing) zero
// count per level: a release marks a position, a take or an expiry clears
// one, each O(levels), and a level covers 64 times the positions of the
// one below (one level up to 64, two up to 4,096).
//
// Why not a heap (issue 13): on break-even's busiest day (~750 busy
// environments) concurrency moves by ±27 around its mean, so a released
// environment is one of the hundreds of newest and the next take wants the
// newest idle; the heap sifted each release up and each take down its
// height, a slab store per level (lam3's buffer of its 16 best kept only a
// steady run's handful out of it). BENCHMARKS.md, idle13 and lam14.
//
// Memory (issue 13 item 4, at most 160 B of live heap per request in
// flight): what the set keeps per position is a bit in marks, a bit in
// alive (the labels alive, busy or idle) and a quarter of a page number,
// about half a byte; which environment an idle position holds is kept only
// while it is idle, in pages of 16 environment numbers, one for each
// group of 16 positions with a mark, taken from a pool when the group's
// first mark is set and given back when its last is cleared. A busy
// environment costs the set its bits and nothing else, and the pages in
// use never outnumber the idle environments. (idle13 kept an environment
// number for every label, busy ones too, in arrays of up to four times
// the environments alive: 10.5 B each at 50,000 in flight, which took
// TestMemoryPerInFlightRequest past 160 B.)
//
// When a creation finds the window full (slide), the window moves up past
// the leading groups of 16 positions with nothing alive (labels only grow,
// so nothing will be marked there again) and is resized to twice the span
// left, at least 64: each slide, O(cap/16) word moves, comes after at
// least half a window of creations, and a slide touches no environment,
// because labels do not change. The window spans the labels from the
// oldest environment alive to the newest, so it stays within twice that
// span.
//
// Random warm selection picks a uniform position in a heap on creation
// sequence (heap), whose exact layout the draws depend on: its set keeps
// the classic heap, and idlePos is the heap position (−1 when not idle).
type idleSet struct {
	// byAge: marks is the tree, leaves from marks[leafOff]: word j > 0's
	// parent is word (j−1)/64, at bit (j−1)%64, so word j's children are
	// 64j+1 … 64j+64. alive has a bit per position, set while its label's
	// environment is alive. pages[g] is the offset in pool of the page
	// of group g of positions (16g … 16g+15), −1 for none; while the
	// group has a mark, pool[pages[g]+k] is the idle environment at
	// position 16g+k (see attach). owner[i] is the label at the start of
	// the group that page i (pool[16i:16i+16]) was last given to; free
	// is the offset of the first free page, −1 for none, and a free
	// page's entry 0 is the next's.
	marks    []uint64
	pages    []int32
	pool     []int32
	n        int32  // idle environments (either mode)
	lo       uint32 // the label at position 0, a multiple of pageLen
	leafOff  int32
	attached int32 // pages given to groups
	newest   bool
	byAge    bool   // Newest or Oldest; else Random, on heap
	top      uint32 // the next label
	free     int32
	// smallMarks, smallPages, smallPool's page and smallAlive are the
	// arrays while a window of 64 positions is enough (one word of marks):
	// a fleet's function with a few environments then finds its idle set
	// in its own fnState's lines. The slices point into the set itself,
	// which is why an fnState is never copied (Region.fns is allocated
	// once).
	smallMarks [1]uint64
	smallPages [64 / pageLen]int32
	smallPool  [pageLen]int32
	owner      []uint32
	smallOwner [1]uint32
	alive      []uint64 // read at creations and retirements only
	smallAlive [1]uint64

	heap []idleEntry
}

// pageLen is the positions a page of environment numbers covers: 64
// bytes, a cache line.
const pageLen = 16

// idleEntry is an environment with its ordering key beside it, so sifting
// compares keys in the heap's own array instead of looking each
// environment up in the slab (two lookups per comparison, on the path of
// every warm request). key is the creation sequence for Oldest and its
// complement for Newest: the heap is a min-heap on key either way, with
// exactly the order, and so the layout, of comparing sequences. Only
// Random warm selection uses the heap.
type idleEntry struct {
	key uint64
	e   int32
}

func (s *idleSet) len() int { return int(s.n) }

// enter labels environment en, just created on demand, as the newest of
// its function. Only a byAge set numbers its environments.
func (s *idleSet) enter(en *env) {
	if !s.byAge {
		return
	}
	p := s.top - s.lo
	if int(p) == len(s.alive)<<6 {
		s.slide(s.firstLive())
		p = s.top - s.lo
	}
	s.alive[p>>6] |= 1 << (p & 63)
	en.idlePos = int32(s.top)
	s.top++
}

// forget drops the label of environment en, being retired (not idle).
func (s *idleSet) forget(en *env) {
	if !s.byAge {
		return
	}
	p := uint32(en.idlePos) - s.lo
	s.alive[p>>6] &^= 1 << (p & 63)
	en.idlePos = -1
}

// firstLive is the first position of the first group of pageLen
// positions with a label alive, or the window's size when none is.
func (s *idleSet) firstLive() int {
	for w, x := range s.alive {
		if x != 0 {
			return (w<<6 + bits.TrailingZeros64(x)) &^ (pageLen - 1)
		}
	}
	return len(s.alive) << 6
}

// slide moves the window up by q positions (a multiple of pageLen, none
// of them alive) and sizes it to twice the positions in use after that,
// at least 64, rounded up to a power of two (see idleSet).
func (s *idleSet) slide(q int) {
	old := len(s.alive) << 6
	used := int(s.top-s.lo) - q
	c := 64
	for c < 2*used {
		c *= 2
	}
	off := 0
	for span := 64; span < c; span *= 64 {
		off = off*64 + 1
	}
	marks, pages, alive := s.marks, s.pages, s.alive
	leaves := marks[min(int(s.leafOff), len(marks)):]
	if c != old {
		if c == 64 {
			marks, pages, alive = s.smallMarks[:], s.smallPages[:], s.smallAlive[:]
		} else {
			marks, pages, alive = make([]uint64, off+c/64), make([]int32, c/pageLen), make([]uint64, c/64)
		}
	}
	if s.pool == nil {
		s.pool, s.owner, s.free = s.smallPool[:0], s.smallOwner[:0], -1
	}
	// the groups leaving the window have no mark (nothing alive), but may
	// still have a page
	for _, pg := range s.pages[:min(q/pageLen, len(s.pages))] {
		if pg >= 0 {
			s.detach(pg)
		}
	}
	// Forward copies: each reads at or after the word it writes, so they
	// are safe in place.
	shiftBits(alive, s.alive, q)
	shiftBits(marks[off:], leaves, q)
	n := copy(pages, s.pages[min(q/pageLen, len(s.pages)):])
	for i := n; i < len(pages); i++ {
		pages[i] = -1
	}
	clear(marks[:off])
	for j := len(marks) - 1; j > 0; j-- { // children before parents
		if marks[j] != 0 {
			marks[(j-1)>>6] |= 1 << ((j - 1) & 63)
		}
	}
	s.marks, s.pages, s.alive, s.leafOff = marks, pages, alive, int32(off)
	s.lo += uint32(q)
}

// shiftBits sets dst to the bits of src from bit q on (zeros past its
// end). dst may be src itself.
func shiftBits(dst, src []uint64, q int) {
	w, b := q>>6, uint(q&63)
	for i := range dst {
		var x uint64
		if k := w + i; k < len(src) {
			x = src[k] >> b
			if b != 0 && k+1 < len(src) {
				x |= src[k+1] << (64 - b)
			}
		}
		dst[i] = x
	}
}

// markUp tells the ancestors of leaf word j, which had no mark and has
// one now, that it has.
func markUp(m []uint64, j uint) {
	for j > 0 {
		j--
		p := j >> 6
		w := m[p]
		m[p] = w | 1<<(j&63)
		if w != 0 {
			return
		}
		j = p
	}
}

// unmark clears bit b of leaf word j, and its ancestors' bits for words
// left without a mark. It returns the leaf word as left.
func unmark(m []uint64, j, b uint) uint64 {
	leaf := m[j] &^ (1 << (b & 63))
	m[j] = leaf
	for w := leaf; w == 0 && j > 0; {
		j--
		p := j >> 6
		w = m[p] &^ (1 << (j & 63))
		m[p] = w
		j = p
	}
	return leaf
}

// group is the bits of position p's group of pageLen in its leaf word w.
func group(w uint64, p uint) uint64 { return w >> (p & 63 &^ (pageLen - 1)) & (1<<pageLen - 1) }

// pushEnv adds environment e (en), just made idle, to the set.
func (s *idleSet) pushEnv(r *Region, e int32, en *env) {
	s.n++
	if s.byAge {
		p := uint(uint32(en.idlePos) - s.lo)
		pg := s.pages[p/pageLen]
		if pg < 0 {
			pg = s.attach(p)
		}
		s.pool[uint(pg)+p%pageLen] = e
		m := s.marks // a local header: no reload after each store
		j := uint(s.leafOff) + p>>6
		w := m[j]
		m[j] = w | 1<<(p&63)
		if w == 0 {
			markUp(m, j)
		}
		return
	}
	key := en.seq
	if s.newest {
		key = ^key
	}
	s.heap = append(s.heap, idleEntry{})
	s.up(r, len(s.heap)-1, idleEntry{key: key, e: e})
}

// attach gives position p's group a page (a free one, else a new one at
// the pool's end) and returns its offset. A group keeps its page when its
// marks are cleared, so that a take and a release in the same group, the
// common case, move no page; but when the pages given out pass twice the
// idle environments (and pageLen), those of groups without a mark are
// taken back (sweep), so that the pages in use stay within about twice
// the idle environments, whatever the number busy.
func (s *idleSet) attach(p uint) int32 {
	if int(s.attached) >= 2*int(s.n)+pageLen {
		s.sweep()
	}
	pg := s.free
	if pg >= 0 {
		s.free = s.pool[pg]
	} else {
		pg = int32(len(s.pool))
		s.pool = append(s.pool, make([]int32, pageLen)...)
		s.owner = append(s.owner, 0)
	}
	s.pages[p/pageLen] = pg
	s.owner[pg/pageLen] = s.lo + uint32(p&^(pageLen-1))
	s.attached++
	return pg
}

// detach frees page pg, whose group has no mark.
func (s *idleSet) detach(pg int32) {
	s.pages[(s.owner[pg/pageLen]-s.lo)/pageLen] = -1
	s.pool[pg] = s.free
	s.free = pg
	s.attached--
}

// sweep frees the pages of the groups that have none of their positions
// marked. A page is given to its owner's group exactly when that group is
// in the window and its entry in pages is that page.
func (s *idleSet) sweep() {
	for i, o := range s.owner {
		pg := int32(i * pageLen)
		if g := uint(o-s.lo) / pageLen; g < uint(len(s.pages)) && s.pages[g] == pg &&
			group(s.marks[uint(s.leafOff)+g*pageLen/64], g*pageLen) == 0 {
			s.detach(pg)
		}
	}
}

// take takes the best idle environment (a byAge set's; the set is not
// empty) out of the set: the newest (oldest) marked position.
func (s *idleSet) take(r *Region) (int32, *env) {
	m, off := s.marks, uint(s.leafOff)
	j := uint(0)
	var b uint
	if s.newest {
		for j < off { // child 64j+1+(Len64−1)
			j = j<<6 + uint(bits.Len64(m[j]))
		}
		b = uint(bits.Len64(m[j])) - 1
	} else {
		for j < off {
			j = j<<6 + 1 + uint(bits.TrailingZeros64(m[j]))
		}
		b = uint(bits.TrailingZeros64(m[j]))
	}
	p := (j-off)<<6 + b
	e := s.pool[uint(s.pages[p/pageLen])+p%pageLen]
	unmark(m, j, b)
	s.n--
	return e, r.envs.At(e)
}

// remove takes the environment at heap position i (Random) out of the set
// and returns it with its slot. The heap's layout afterwards is that of
// the classic swap-with-last, sift-down then sift-up, which Random warm
// selection's uniform index depends on.
func (s *idleSet) remove(r *Region, i int) (int32, *env) {
	s.n--
	e := s.heap[i].e
	n := len(s.heap) - 1
	last := s.heap[n]
	s.heap = s.heap[:n]
	if i < n {
		if !s.down(r, i, last) {
			s.up(r, i, last)
		}
	}
	en := r.envs.At(e)
	en.idlePos = -1
	return e, en
}

// drop takes environment e (en), wherever it is in the set, out of it: an
// expiry.
func (s *idleSet) drop(r *Region, e int32, en *env) {
	if !s.byAge {
		s.remove(r, int(en.idlePos))
		return
	}
	p := uint(uint32(en.idlePos) - s.lo)
	unmark(s.marks, uint(s.leafOff)+p>>6, p&63)
	s.n--
}

// put stores x at position i and records the position in its environment.
func (s *idleSet) put(r *Region, i int, x idleEntry) {
	s.heap[i] = x
	r.envs.At(x.e).idlePos = int32(i)
}

// up places x, whose slot is the hole at i, moving earlier-keyed parents
// down into the hole until x's place is found.
func (s *idleSet) up(r *Region, i int, x idleEntry) {
	for i > 0 {
		p := (i - 1) / 2
		if x.key >= s.heap[p].key {
			break
		}
		s.put(r, i, s.heap[p])
		i = p
	}
	s.put(r, i, x)
}

// down places x, whose slot is the hole at i, moving the earlier child up
// while it is before x; it reports whether x moved.
func (s *idleSet) down(r *Region, i int, x idleEntry) bool {
	n := len(s.heap)
	start := i
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && s.heap[c+1].key < s.heap[c].key {
			c++
		}
		if s.heap[c].key >= x.key {
			break
		}
		s.put(r, i, s.heap[c])
		i = c
	}
	s.put(r, i, x)
	return i != start
}
