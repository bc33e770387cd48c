package lambda

// idleSet holds a function's idle on-demand environments, ordered for warm
// selection: a max-heap on creation sequence for Newest, a min-heap for
// Oldest. Random picks a uniform index. Positions live in env.idlePos so an
// expiring environment leaves in O(log n).
//
// With Newest or Oldest (byAge) the set also keeps up to bufMax of its
// best environments out of the heap, in buf, sorted: in steady traffic a
// completion releases an environment that the next arrival takes again
// (under Newest the busy environments are the newest), and each such round
// trip through the heap sifted it up and back down its whole height, a
// slab lookup per level (issue 13). Concurrency wanders around its mean,
// so the environments that come and go are a handful of the best: they stay
// in buf, where a release appends and an arrival takes the last. Every
// environment in buf is better than the heap's top, so the best is buf's
// last when buf has any, else the top: the same environment the heap alone
// would give, since keys are unique (lam2 kept one such environment, hot;
// a second release in a row sent one through the heap, and the idle set was
// still 12 % of the steady run's per-request time). Random warm selection
// picks a heap position, so its set never keeps one out and its layout is
// the classic heap's.
type idleSet struct {
	heap   []idleEntry
	newest bool
	byAge  bool // Newest or Oldest: buf may be used
	nbuf   int32
	// buf[:nbuf] are better than heap[0], keys decreasing, so the best is
	// last. It is an array inside the set: as a slice of its own it cost
	// BenchmarkFleetCPU's 500 functions 2 % (one more cache line per
	// function touched), inside the set nothing measurable.
	buf [bufMax]idleEntry
}

// bufMax bounds buf, so that a release, an arrival and an expiry each
// cost O(1) there (256 B per function). A steady run's concurrency wanders
// by a few around its mean (√15 at BenchmarkSteadyState's 15):
// BenchmarkSteadyStateCPU measured −1.7 % with 4, −3.4 % with 8 and −6.2 %
// with 16 against one hot environment (BENCHMARKS.md, lam3).
const bufMax = 16

// hotPos is the idlePos of an environment kept in buf.
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

func (s *idleSet) len() int { return len(s.heap) + int(s.nbuf) }

// first is the position of the best environment: hotPos for buf's last,
// or the heap's top.
func (s *idleSet) first() int {
	if s.nbuf > 0 {
		return hotPos
	}
	return 0
}

// pushEnv adds environment e (en), just made idle, to the set.
func (s *idleSet) pushEnv(r *Region, e int32, en *env) {
	key := en.seq
	if s.newest {
		key = ^key
	}
	x := idleEntry{key: key, e: e}
	if s.byAge && (len(s.heap) == 0 || key < s.heap[0].key) {
		if s.nbuf == bufMax {
			if key > s.buf[0].key {
				// worse than all of buf: the heap takes it (it becomes the
				// top, being better than the top)
				s.heap = append(s.heap, idleEntry{})
				s.up(r, len(s.heap)-1, x)
				return
			}
			// buf's worst goes to the heap to make room; it too is
			// better than the top
			w := s.buf[0]
			copy(s.buf[:], s.buf[1:])
			s.nbuf--
			s.heap = append(s.heap, idleEntry{})
			s.up(r, len(s.heap)-1, w)
		}
		// from the best end: a released environment is usually the best.
		// An insertion step moves the better ones up as it passes them,
		// instead of a copy after the search (a call to memmove for the
		// one or two entries it moves).
		i := s.nbuf
		for i > 0 && s.buf[i-1].key < key {
			s.buf[i] = s.buf[i-1]
			i--
		}
		s.buf[i] = x
		s.nbuf++
		en.idlePos = hotPos
		return
	}
	s.heap = append(s.heap, idleEntry{})
	s.up(r, len(s.heap)-1, x)
}

// remove takes the environment at position i (a heap position, or hotPos
// for the best, buf's last) out of the set and returns it with its slot.
// The heap's layout afterwards is that of the classic swap-with-last,
// sift-down then sift-up, which Random warm selection's uniform index
// depends on.
func (s *idleSet) remove(r *Region, i int) (int32, *env) {
	if i == hotPos {
		s.nbuf--
		e := s.buf[s.nbuf].e
		en := r.envs.At(e)
		en.idlePos = -1
		return e, en
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

// drop takes environment e (en), wherever it is in the set, out of it: an
// expiry. In buf it is found by a scan of at most bufMax entries.
func (s *idleSet) drop(r *Region, e int32, en *env) {
	if en.idlePos != hotPos {
		s.remove(r, int(en.idlePos))
		return
	}
	for j := range s.nbuf {
		if s.buf[j].e == e {
			copy(s.buf[j:], s.buf[j+1:s.nbuf])
			s.nbuf--
			en.idlePos = -1
			return
		}
	}
	panic("lambda: idle environment missing from its set")
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
