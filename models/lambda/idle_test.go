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
