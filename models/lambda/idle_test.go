package lambda

import (
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

// With Newest or Oldest the set may keep its best environments out of the
// heap (buf): it still yields the newest (oldest) idle environment every
// time, counts every idle one, and lets any one leave by its position, on
// pushes in every order, takes of the best and expiries of any.
func TestIdleSetByAgeChoosesAsTheHeap(t *testing.T) {
	for _, newest := range []bool{false, true} {
		rng := rand.New(rand.NewPCG(7, 8))
		r := &Region{}
		s := idleSet{newest: newest, byAge: true}
		var idle []int32              // the idle environments, in no order
		used := map[uint64]bool{}     // sequences handed out: they are unique
		best := func() (int, int32) { // index in idle, environment
			b := -1
			for i, e := range idle {
				if q, bq := r.envs.At(e).seq, uint64(0); b >= 0 {
					bq = r.envs.At(idle[b]).seq
					if newest && q > bq || !newest && q < bq {
						b = i
					}
				} else {
					b = i
				}
			}
			return b, idle[b]
		}
		drop := func(i int) {
			idle[i] = idle[len(idle)-1]
			idle = idle[:len(idle)-1]
		}
		hot, full := 0, 0
		for step := range 20000 {
			pushes := 4 // of 10 operations
			if step/500%2 == 1 {
				pushes = 6 // phases of growth, to fill buf and spill from it
			}
			switch op := rng.IntN(10); {
			case s.len() == 0 || op < pushes:
				e, en := r.envs.Alloc()
				// mostly better than anything idle (newer under Newest, older
				// under Oldest), as released environments are
				q := uint64(step)<<8 | uint64(rng.IntN(256))
				if !newest {
					q = uint64(1<<20-step)<<8 | uint64(rng.IntN(256))
				}
				for rng.IntN(4) == 0 || used[q] {
					q = uint64(rng.IntN(step+1)) << 8
				}
				used[q], en.seq = true, q
				s.push(r, e)
				idle = append(idle, e)
			case op < 8:
				i, want := best()
				e, en := s.remove(r, s.first())
				if e != want || en.idlePos != -1 {
					t.Fatalf("newest=%v step %d: took %d (position %d); want %d", newest, step, e, en.idlePos, want)
				}
				drop(i)
				r.envs.Free(e)
			default: // an expiry: any idle environment leaves by its position
				i := rng.IntN(len(idle))
				want := idle[i]
				en := r.envs.At(want)
				s.drop(r, want, en)
				if en.idlePos != -1 || slices.ContainsFunc(s.kept(), func(x idleEntry) bool { return x.e == want }) {
					t.Fatalf("newest=%v step %d: %d still in the set after its expiry", newest, step, want)
				}
				drop(i)
				r.envs.Free(want)
			}
			if s.len() != len(idle) {
				t.Fatalf("newest=%v step %d: len %d; want %d", newest, step, s.len(), len(idle))
			}
			if s.nbuf > 0 {
				hot++
			}
			if s.nbuf == bufMax {
				full++
			}
			for j, x := range s.kept() {
				if j > 0 && s.buf[j-1].key <= x.key {
					t.Fatalf("newest=%v step %d: buf out of order at %d", newest, step, j)
				}
				if len(s.heap) > 0 && s.heap[0].key <= x.key {
					t.Fatalf("newest=%v step %d: buf[%d] is not better than the heap's top", newest, step, j)
				}
				if r.envs.At(x.e).idlePos != hotPos {
					t.Fatalf("newest=%v step %d: buf[%d] records position %d", newest, step, j, r.envs.At(x.e).idlePos)
				}
			}
			for j, x := range s.heap {
				if int(r.envs.At(x.e).idlePos) != j {
					t.Fatalf("newest=%v step %d: heap[%d] records position %d", newest, step, j, r.envs.At(x.e).idlePos)
				}
			}
		}
		if hot < 1000 || full < 100 {
			t.Errorf("newest=%v: buf used on %d steps, full on %d; the test should exercise both", newest, hot, full)
		}
	}
}

// push is pushEnv with e's slot looked up, for tests that hold only e.
func (s *idleSet) push(r *Region, e int32) { s.pushEnv(r, e, r.envs.At(e)) }

// kept is buf's entries in use.
func (s *idleSet) kept() []idleEntry { return s.buf[:s.nbuf] }
