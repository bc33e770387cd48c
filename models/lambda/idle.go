package lambda

// idleSet holds a function's idle on-demand environments, ordered for warm
// selection: a max-heap on creation sequence for Newest, a min-heap for
// Oldest. Random picks a uniform index. Positions live in env.idlePos so an
// expiring environment leaves in O(log n).
//
// With Newest or Oldest (byAge) the set also keeps one environment out of
// the heap, hot, whenever the best one is the last released: in steady
// traffic a completion releases an environment that the next arrival takes
// again (under Newest the busy environments are the newest), and each such
// round trip through the heap sifted it up and back down its whole height,
// a slab lookup per level (issue 13: ~15 % of Lambda's per-request time at
// 95 idle environments). The choice is the same: the hot environment is
// better than the heap's top, so the best is hot when there is one, else
// the top. Random warm selection picks a heap position, so its set never
// keeps one out and its layout is the classic heap's.
type idleSet struct {
	heap   []idleEntry
	newest bool
	byAge  bool // Newest or Oldest: hot may be used
	hasHot bool
	hot    idleEntry // better than heap[0], when hasHot
}

// hotPos is the idlePos of the environment kept as hot.
const hotPos = -2

// idleEntry is an environment with its ordering key beside it, so sifting
// compares keys in the heap's own array instead of looking each
// environment up in the slab (two lookups per comparison, on the path of
// every warm request). key is the creation sequence for Oldest and its
// complement for Newest: the heap is a min-heap on key either way, with
// exactly the order, and so the layout, of comparing sequences.
type idleEntry struct {
	key uint64
	e   int32
}

func (s *idleSet) len() int {
	if s.hasHot {
		return len(s.heap) + 1
	}
	return len(s.heap)
}

// first is the position of the best environment: hot's, or the heap's top.
func (s *idleSet) first() int {
	if s.hasHot {
		return hotPos
	}
	return 0
}

func (s *idleSet) push(r *Region, e int32) {
	en := r.envs.At(e)
	key := en.seq
	if s.newest {
		key = ^key
	}
	x := idleEntry{key: key, e: e}
	if s.byAge {
		switch {
		case !s.hasHot && (len(s.heap) == 0 || key < s.heap[0].key):
			s.hot, s.hasHot, en.idlePos = x, true, hotPos
			return
		case s.hasHot && key < s.hot.key:
			x, s.hot, en.idlePos = s.hot, x, hotPos // the previous hot goes to the heap
		}
	}
	s.heap = append(s.heap, idleEntry{})
	s.up(r, len(s.heap)-1, x)
}

// remove takes the environment at position i (a heap position, or hotPos)
// out of the set and returns it with its slot. The heap's layout
// afterwards is that of the classic swap-with-last, sift-down then
// sift-up, which Random warm selection's uniform index depends on.
func (s *idleSet) remove(r *Region, i int) (int32, *env) {
	if i == hotPos {
		s.hasHot = false
		en := r.envs.At(s.hot.e)
		en.idlePos = -1
		return s.hot.e, en
	}
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
