package lambda

import (
	"cmp"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"
)

// refHeap is the textbook swap-based binary heap the idle set replaced;
// Random warm selection picks a uniform position in the heap, so the idle
// set must keep exactly this layout, not just the same top.
type refHeap struct {
	seq    []uint64
	newest bool
}

func (h *refHeap) before(i, j int) bool {
	if h.newest {
		return h.seq[i] > h.seq[j]
	}
	return h.seq[i] < h.seq[j]
}

func (h *refHeap) swap(i, j int) { h.seq[i], h.seq[j] = h.seq[j], h.seq[i] }

func (h *refHeap) up(i int) {
	for i > 0 && h.before(i, (i-1)/2) {
		h.swap(i, (i-1)/2)
		i = (i - 1) / 2
	}
}

func (h *refHeap) down(i int) {
	for {
		c := 2*i + 1
		if c >= len(h.seq) {
			return
		}
		if c+1 < len(h.seq) && h.before(c+1, c) {
			c++
		}
		if !h.before(c, i) {
			return
		}
		h.swap(i, c)
		i = c
	}
}

func (h *refHeap) remove(i int) {
	n := len(h.seq) - 1
	h.swap(i, n)
	h.seq = h.seq[:n]
	if i < n {
		h.down(i)
		h.up(i)
	}
}

func TestIdleSetKeepsTheSwapHeapLayout(t *testing.T) {
	for _, newest := range []bool{false, true} {
		rng := rand.New(rand.NewPCG(5, 6))
		r := &Region{}
		s := idleSet{newest: newest}
		ref := refHeap{newest: newest}
		for step := range 5000 {
			if s.len() == 0 || rng.IntN(3) > 0 {
				e, en := r.envs.Alloc()
				en.seq = uint64(rng.IntN(1 << 20))
				s.push(r, e)
				ref.seq = append(ref.seq, en.seq)
				ref.up(len(ref.seq) - 1)
			} else {
				i := rng.IntN(s.len())
				e, en := s.remove(r, i)
				if en != r.envs.At(e) || en.idlePos != -1 {
					t.Fatalf("step %d: removed environment still has a position", step)
				}
				ref.remove(i)
			}
			got := make([]uint64, s.len())
			for i, x := range s.heap {
				got[i] = r.envs.At(x.e).seq
				if int(r.envs.At(x.e).idlePos) != i {
					t.Fatalf("step %d: environment at %d records position %d", step, i, r.envs.At(x.e).idlePos)
				}
			}
			if !slices.Equal(got, ref.seq) {
				t.Fatalf("newest=%v step %d: layout %v; want %v", newest, step, got, ref.seq)
			}
		}
	}
}

// byAgeOps is a Newest or Oldest idle set as the region drives it:
// TestIdleSetByAgeChoosesAsBruteForce runs the set itself and, to show
// that its checks can fail, deliberately broken variants of it.
type byAgeOps interface {
	enter(en *env)                    // created on demand (newEnv)
	push(r *Region, e int32)          // made idle (releaseIn)
	take(r *Region) (int32, *env)     // a warm start (invokeSlot)
	drop(r *Region, e int32, en *env) // an idle one expires (expire)
	forget(en *env)                   // retired (destroy)
	set() *idleSet
}

type realByAge struct{ s *idleSet }

func (o realByAge) enter(en *env)                    { o.s.enter(en) }
func (o realByAge) push(r *Region, e int32)          { o.s.push(r, e) }
func (o realByAge) take(r *Region) (int32, *env)     { return o.s.take(r) }
func (o realByAge) drop(r *Region, e int32, en *env) { o.s.drop(r, e, en) }
func (o realByAge) forget(en *env)                   { o.s.forget(en) }
func (o realByAge) set() *idleSet                    { return o.s }

// leafOnly marks a released environment's leaf bit but not its ancestors.
type leafOnly struct{ realByAge }

func (o leafOnly) push(r *Region, e int32) {
	s := o.s
	p := uint(uint32(r.envs.At(e).idlePos) - s.lo)
	s.n++
	if s.pages[p/pageLen] < 0 {
		s.attach(p)
	}
	s.pool[uint(s.pages[p/pageLen])+p%pageLen] = e
	s.marks[uint(s.leafOff)+p>>6] |= 1 << (p & 63)
}

// staleParents clears a taken environment's leaf bit but leaves its
// ancestors' bits set when its word empties.
type staleParents struct{ realByAge }

func (o staleParents) take(r *Region) (int32, *env) {
	s := o.s
	j, off := 0, int(s.leafOff)
	for j < off {
		j = j<<6 + bits.Len64(s.marks[j])
		if !s.newest {
			panic("staleParents: Newest only")
		}
	}
	b := bits.Len64(s.marks[j]) - 1
	s.marks[j] &^= 1 << b
	s.n--
	p := uint((j-off)<<6 + b)
	e := s.pool[uint(s.pages[p/pageLen])+p%pageLen]
	return e, r.envs.At(e)
}

// otherEnd takes from the wrong end: the oldest under Newest.
type otherEnd struct{ realByAge }

func (o otherEnd) take(r *Region) (int32, *env) {
	o.s.newest = !o.s.newest
	defer func() { o.s.newest = !o.s.newest }()
	return o.s.take(r)
}

// slideTooFar moves a full window one group of positions further than it
// may, past the first group with a label alive, when that group is not
// the last.
type slideTooFar struct{ realByAge }

func (o slideTooFar) enter(en *env) {
	s := o.s
	if int(s.top-s.lo) == len(s.alive)<<6 {
		q := s.firstLive()
		if q+pageLen < int(s.top-s.lo) {
			q += pageLen
		}
		s.slide(q)
	}
	o.s.enter(en)
}

// sweepAll takes back every page given out, marked or not, when a group
// without one needs one.
type sweepAll struct{ realByAge }

func (o sweepAll) push(r *Region, e int32) {
	s := o.s
	if p := uint32(r.envs.At(e).idlePos) - s.lo; s.pages[p/pageLen] < 0 {
		for i := range s.owner {
			if pg := int32(i * pageLen); slices.Contains(s.pages, pg) {
				s.detach(pg)
			}
		}
	}
	o.s.push(r, e)
}

// byAgeStats counts what a run of checkByAge exercised.
type byAgeStats struct {
	takes, slides, grown, shrunk, moved int
	levels                              [4]int // steps with 1, 2, 3 levels of marks
	maxLive, maxPages                   int
}

// checkByAge drives a byAge set (o) through creations, releases, takes,
// expiries and retirements of busy environments, with the number alive
// swept between a handful and several thousand (so the window grows,
// slides in place and shrinks, and the marks have one, two and three
// levels), and checks every take against a brute-force best (the highest
// or lowest creation sequence among the idle) and the set's structure
// against the environments' states. The label counter starts at start,
// so that a run can cross its wrap. It returns the first difference.
func checkByAge(newest bool, seed uint64, steps int, start uint32, o byAgeOps) (st byAgeStats, err error) {
	defer func() {
		if p := recover(); p != nil && err == nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	rng := rand.New(rand.NewPCG(seed, 1))
	r := &Region{}
	s := o.set()
	s.lo, s.top = start, start
	var idle, busy []int32 // alive environments, in no order
	var nextSeq uint64
	pick := func(list *[]int32) int32 { // removes a random element
		i := rng.IntN(len(*list))
		e := (*list)[i]
		(*list)[i] = (*list)[len(*list)-1]
		*list = (*list)[:len(*list)-1]
		return e
	}
	targets := []int{6, 70, 3, 400, 5200, 30, 2500, 1, 150}
	const phase = 10000
	for step := range steps {
		target := targets[step/phase%len(targets)]
		alive := len(idle) + len(busy)
		grow := alive < target && rng.IntN(3) == 0
		switch op := rng.IntN(100); {
		case alive == 0 || grow || op < 2:
			e, en := r.envs.Alloc()
			*en = env{state: envInit, idlePos: -1, req: -1, seq: nextSeq}
			nextSeq++
			before, lo := len(s.alive), s.lo
			full := int(s.top-s.lo) == before<<6
			o.enter(en)
			if full {
				st.slides++
				switch {
				case len(s.alive) > before:
					st.grown++
				case len(s.alive) < before:
					st.shrunk++
				case s.lo != lo:
					st.moved++
				}
			}
			busy = append(busy, e)
		case op < 40 && len(busy) > 0:
			e := pick(&busy)
			r.envs.At(e).state = envIdle
			o.push(r, e)
			idle = append(idle, e)
		case op < 75 && len(idle) > 0:
			b := 0
			for i, e := range idle {
				q, bq := r.envs.At(e).seq, r.envs.At(idle[b]).seq
				if newest && q > bq || !newest && q < bq {
					b = i
				}
			}
			want := idle[b]
			e, en := o.take(r)
			if e != want || en != r.envs.At(want) {
				return st, fmt.Errorf("step %d: took %d (seq %d); want %d (seq %d)", step, e, r.envs.At(e).seq, want, r.envs.At(want).seq)
			}
			idle[b] = idle[len(idle)-1]
			idle = idle[:len(idle)-1]
			en.state = envBusy
			busy = append(busy, e)
			st.takes++
		case op < 90 && len(idle) > 0 && alive > target/2: // an expiry
			e := pick(&idle)
			en := r.envs.At(e)
			o.drop(r, e, en)
			o.forget(en)
			en.state = envGone
			r.envs.Free(e)
		case len(busy) > 0 && alive > target/2: // a timeout, or past the maximum lifetime
			e := pick(&busy)
			en := r.envs.At(e)
			o.forget(en)
			en.state = envGone
			r.envs.Free(e)
		}
		if s.len() != len(idle) {
			return st, fmt.Errorf("step %d: len %d; want %d", step, s.len(), len(idle))
		}
		alive = len(idle) + len(busy)
		st.maxLive = max(st.maxLive, alive)
		st.maxPages = max(st.maxPages, len(s.pool)/pageLen)
		lv := 1
		for off := 0; off < int(s.leafOff); off = off*64 + 1 {
			lv++
		}
		st.levels[lv]++
		if alive < 200 || step%53 == 0 {
			if err := checkByAgeStructure(r, s, idle, busy); err != nil {
				return st, fmt.Errorf("step %d: %v", step, err)
			}
		}
	}
	return st, nil
}

// checkByAgeStructure checks that the labels of the environments alive
// follow their creation order inside the window, that alive holds exactly
// their positions, that the marks are exactly the idle ones' positions
// and the inner words exactly the nonempty children, that exactly the
// groups with a mark have a page, holding their idle environments, and
// that every other page of the pool is on the free list, once.
func checkByAgeStructure(r *Region, s *idleSet, idle, busy []int32) error {
	alive := slices.Concat(idle, busy)
	slices.SortFunc(alive, func(a, b int32) int { return cmp.Compare(r.envs.At(a).seq, r.envs.At(b).seq) })
	isIdle := map[int32]bool{}
	for _, e := range idle {
		isIdle[e] = true
	}
	size := len(s.alive) << 6
	if int(s.top-s.lo) > size || len(s.marks) != int(s.leafOff)+size/64 || len(s.pages) != size/pageLen {
		return fmt.Errorf("window [%d, %d) of %d positions: %d marks (leaves from %d), %d pages", s.lo, s.top, size, len(s.marks), s.leafOff, len(s.pages))
	}
	want := make([]uint64, len(s.marks))
	wantAlive := make([]uint64, len(s.alive))
	last := -1
	for _, e := range alive {
		p := int(uint32(r.envs.At(e).idlePos) - s.lo)
		if p <= last || p >= int(s.top-s.lo) {
			return fmt.Errorf("environment %d (seq %d) at position %d after %d, window [%d, %d)", e, r.envs.At(e).seq, p, last, s.lo, s.top)
		}
		last = p
		wantAlive[p>>6] |= 1 << (p & 63)
		if isIdle[e] {
			want[int(s.leafOff)+p>>6] |= 1 << (p & 63)
			if pg := s.pages[p/pageLen]; s.pool[int(pg)+p%pageLen] != e {
				return fmt.Errorf("idle environment %d at position %d: page %d holds %d", e, p, pg, s.pool[int(pg)+p%pageLen])
			}
		}
	}
	if !slices.Equal(s.alive, wantAlive) {
		return fmt.Errorf("alive %#x; want %#x", s.alive, wantAlive)
	}
	for j := len(want) - 1; j > 0; j-- { // children before parents
		if want[j] != 0 {
			want[(j-1)>>6] |= 1 << ((j - 1) & 63)
		}
	}
	for j := range want {
		if s.marks[j] != want[j] {
			return fmt.Errorf("marks[%d] = %#x; want %#x (leaves from %d)", j, s.marks[j], want[j], s.leafOff)
		}
	}
	if len(s.pool)%pageLen != 0 {
		return fmt.Errorf("pool of %d entries, not whole pages", len(s.pool))
	}
	used := make([]bool, len(s.pool)/pageLen)
	use := func(pg int32, what string) error {
		if pg < 0 || int(pg) >= len(s.pool) || pg%pageLen != 0 {
			return fmt.Errorf("%s: page at %d of a pool of %d", what, pg, len(s.pool))
		}
		if used[pg/pageLen] {
			return fmt.Errorf("%s: page at %d is used twice (given to two groups, free and given, or free twice)", what, pg)
		}
		used[pg/pageLen] = true
		return nil
	}
	given := 0
	for g, pg := range s.pages {
		marked := want[int(s.leafOff)+g*pageLen/64]>>uint(g*pageLen%64)&(1<<pageLen-1) != 0
		if marked && pg < 0 {
			return fmt.Errorf("group %d has a mark and no page", g)
		}
		if pg >= 0 {
			if err := use(pg, fmt.Sprintf("group %d", g)); err != nil {
				return err
			}
			if o := s.owner[pg/pageLen]; o != s.lo+uint32(g*pageLen) {
				return fmt.Errorf("group %d's page at %d is owned by label %d; want %d", g, pg, o, s.lo+uint32(g*pageLen))
			}
			given++
		}
	}
	if given != int(s.attached) {
		return fmt.Errorf("%d pages given; attached says %d", given, s.attached)
	}
	for pg := s.free; pg >= 0; pg = s.pool[pg] {
		if err := use(pg, "the free list"); err != nil {
			return err
		}
	}
	if i := slices.Index(used, false); i >= 0 {
		return fmt.Errorf("page at %d is neither given nor free", i*pageLen)
	}
	return nil
}

// With Newest or Oldest the set yields the newest (oldest) idle
// environment every time, as the heap on creation sequence did, through
// growth, slides in place and shrinking of its window, across the label
// counter's wrap and at one to three levels of marks; the same checks fail
// on variants with a plausible bug.
func TestIdleSetByAgeChoosesAsBruteForce(t *testing.T) {
	const steps = 90000 // ten thousand for each target in checkByAge
	for _, newest := range []bool{true, false} {
		for _, start := range []uint32{0, 1<<32 - 40_000} { // the second wraps
			st, err := checkByAge(newest, 11, steps, start, realByAge{&idleSet{newest: newest, byAge: true}})
			if err != nil {
				t.Fatalf("newest=%v start=%d: %v", newest, start, err)
			}
			t.Logf("newest=%v start=%d: %+v", newest, start, st)
			if st.takes < steps/8 || st.grown < 5 || st.shrunk < 2 || st.moved < 5 ||
				st.levels[1] == 0 || st.levels[2] == 0 || st.levels[3] == 0 {
				t.Errorf("newest=%v: %+v: the run should take often, grow, shrink and slide in place, at 1, 2 and 3 levels", newest, st)
			}
		}
	}
	for name, o := range map[string]byAgeOps{
		"leaf only":     leafOnly{realByAge{&idleSet{newest: true, byAge: true}}},
		"stale parents": staleParents{realByAge{&idleSet{newest: true, byAge: true}}},
		"the other end": otherEnd{realByAge{&idleSet{newest: true, byAge: true}}},
		"slide too far": slideTooFar{realByAge{&idleSet{newest: true, byAge: true}}},
		"sweep all":     sweepAll{realByAge{&idleSet{newest: true, byAge: true}}},
	} {
		if _, err := checkByAge(true, 11, steps, 0, o); err == nil {
			t.Errorf("%s: no difference found", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
}

// push is pushEnv with e's slot looked up, for tests that hold only e.
func (s *idleSet) push(r *Region, e int32) { s.pushEnv(r, e, r.envs.At(e)) }
