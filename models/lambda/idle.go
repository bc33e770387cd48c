package lambda

import "math/bits"

// idleSet holds a function's idle on-demand environments, ordered for warm
// selection.
//
// Under Newest and Oldest (byAge) the set numbers every on-demand
// environment of its function, idle or not, in creation order: its label,
// kept in env.idlePos from creation (enter) to retirement (forget), with
// ids mapping labels back to environments. Idle environments are marked
// in a 64-ary tree of bit words (marks), whose leaves hold a bit per label
// and whose inner words a bit per child word with any mark, so that the
// newest (oldest) idle environment is the highest (lowest) marked label,
// found by one leading (trailing) zero count per level: a release marks a
// label, a take or an expiry clears one, each O(levels) with no store
// outside its words, and a level covers 64 times the labels of the one
// below (one level up to 64 labels, two up to 4,096). Labels follow
// creation order within the function, as the creation sequence (env.seq)
// does, so the environment chosen is the one the sequence-keyed heap
// chose: the same warm selection, only found differently.
//
// Why not a heap (issue 13): on break-even's busiest day (~750 busy
// environments) concurrency moves by ±27 around its mean, so a released
// environment is one of the hundreds of newest and the next take wants the
// newest idle; the heap sifted each release up and each take down its
// height, a slab store per level (lam3's buffer of its 16 best kept only a
// steady run's handful out of it). BENCHMARKS.md, idle13.
//
// Labels are handed out upwards; when they reach the capacity of ids the
// set compacts (relabel): the live environments take labels 0, 1, ... in
// the same order, in arrays sized to twice their number (at least
// smallLabels), so each compaction, O(capacity), comes after at least half
// a capacity of creations, and the arrays stay within four times the
// environments alive at the last compaction.
//
// Random warm selection picks a uniform position in a heap on creation
// sequence (heap), whose exact layout the draws depend on: its set keeps
// the classic heap, and idlePos is the heap position (−1 when not idle).
type idleSet struct {
	// byAge: marks is the tree, leaves from marks[leafOff]: word j > 0's
	// parent is word (j−1)/64, at bit (j−1)%64, so word j's children are
	// 64j+1 … 64j+64. ids[l] is the environment labelled l, −1 once
	// retired; labels [top, len(ids)) are not handed out yet.
	marks   []uint64
	ids     []int32
	n       int32 // idle environments (either mode)
	top     int32 // the next label
	live    int32 // labels of environments alive
	leafOff int32
	newest  bool
	byAge   bool // Newest or Oldest; else Random, on heap
	// smallMarks and smallIDs are marks and ids while one word of marks
	// and smallLabels labels are enough: a fleet's function with a few
	// environments then finds its idle set in its own fnState's lines, as
	// it found lam3's buffer. marks and ids point into the set itself,
	// which is why an fnState is never copied (Region.fns is allocated
	// once).
	smallMarks [1]uint64
	smallIDs   [smallLabels]int32

	heap []idleEntry
}

// smallLabels is the smallest capacity of ids, held in the set itself.
const smallLabels = 8

// idleEntry is an environment with its ordering key beside it, so sifting
// compares keys in the heap's own array instead of looking each
// environment up in the slab (two lookups per comparison, on the path of
// every warm request). key is the creation sequence for Oldest and its
// complement for Newest: the heap is a min-heap on key either way, with
// exactly the order, and so the layout, of comparing sequences. Only
// Random warm selection uses the heap now.
type idleEntry struct {
	key uint64
	e   int32
}

func (s *idleSet) len() int { return int(s.n) }

// enter labels environment e (en), just created on demand, as the newest
// of its function. Only a byAge set numbers its environments.
func (s *idleSet) enter(r *Region, e int32, en *env) {
	if !s.byAge {
		return
	}
	if int(s.top) == len(s.ids) {
		s.relabel(r)
	}
	s.ids[s.top] = e
	en.idlePos = s.top
	s.top++
	s.live++
}

// forget drops the label of environment en, being retired (not idle).
func (s *idleSet) forget(en *env) {
	if !s.byAge {
		return
	}
	s.ids[en.idlePos] = -1
	en.idlePos = -1
	s.live--
}

// relabel compacts the labels (see idleSet): the live environments keep
// their order and take labels 0, 1, ..., in arrays of twice their number
// plus one, rounded up to a power of two, and the idle ones are marked
// again. An environment is idle here exactly when its state says so: a
// byAge set marks an on-demand environment when it becomes idle and clears
// the mark when it stops being idle.
func (s *idleSet) relabel(r *Region) {
	c := smallLabels
	for c < 2*(int(s.live)+1) {
		c *= 2
	}
	ids := s.ids
	switch {
	case c == len(ids): // in place
	case c == smallLabels:
		ids = s.smallIDs[:]
	default:
		ids = make([]int32, c)
	}
	j := 0
	for _, e := range s.ids[:s.top] { // in place when ids is s.ids: j ≤ i
		if e >= 0 {
			ids[j] = e
			j++
		}
	}
	s.ids, s.top = ids, int32(j)
	off := 0
	for span := 64; span < c; span *= 64 {
		off = off*64 + 1
	}
	s.leafOff = int32(off)
	switch n := off + (c+63)/64; {
	case n == 1:
		s.marks = s.smallMarks[:]
	case n != len(s.marks):
		s.marks = make([]uint64, n)
	}
	clear(s.marks)
	for l, e := range ids[:j] {
		en := r.envs.At(e)
		en.idlePos = int32(l)
		if en.state == envIdle {
			s.mark(l)
		}
	}
}

// mark marks label l idle, and its words' ancestors as holding a mark.
func (s *idleSet) mark(l int) {
	m := s.marks // a local header: no reload after each store
	j := int(s.leafOff) + l>>6
	w := m[j]
	m[j] = w | 1<<(l&63)
	for w == 0 && j > 0 { // the word had no mark: its parent learns of one
		j--
		p := j >> 6
		w = m[p]
		m[p] = w | 1<<(j&63)
		j = p
	}
}

// unmark clears bit b of word j, and its ancestors' bits for words left
// without a mark.
func unmark(m []uint64, j int, b uint) {
	w := m[j] &^ (1 << (b & 63))
	m[j] = w
	for w == 0 && j > 0 {
		j--
		p := j >> 6
		w = m[p] &^ (1 << (j & 63))
		m[p] = w
		j = p
	}
}

// pushEnv adds environment e (en), just made idle, to the set.
func (s *idleSet) pushEnv(r *Region, e int32, en *env) {
	s.n++
	if s.byAge {
		s.mark(int(en.idlePos))
		return
	}
	key := en.seq
	if s.newest {
		key = ^key
	}
	s.heap = append(s.heap, idleEntry{})
	s.up(r, len(s.heap)-1, idleEntry{key: key, e: e})
}

// take takes the best idle environment (a byAge set's; the set is not
// empty) out of the set: the newest (oldest) marked label.
func (s *idleSet) take(r *Region) (int32, *env) {
	m, off := s.marks, int(s.leafOff)
	j := 0
	var b uint
	if s.newest {
		for j < off { // child 64j+1+(Len64−1)
			j = j<<6 + bits.Len64(m[j])
		}
		b = uint(bits.Len64(m[j])) - 1
	} else {
		for j < off {
			j = j<<6 + 1 + bits.TrailingZeros64(m[j])
		}
		b = uint(bits.TrailingZeros64(m[j]))
	}
	unmark(m, j, b)
	s.n--
	e := s.ids[(j-off)<<6+int(b)]
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
	l := int(en.idlePos)
	unmark(s.marks, int(s.leafOff)+l>>6, uint(l&63))
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
