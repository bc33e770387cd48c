package kubernetes

import "math"

// outTree keeps, for least-outstanding routing, the outstanding requests
// (queued or in service) of each pod of a deployment's serving list, by
// position, in a segment tree of minima. The choice routing makes, the
// first pod at or after the round-robin cursor (cyclically) with the
// fewest outstanding requests, is then two descents of O(log n) instead of
// a scan of every serving pod per request; the pod chosen is the one the
// scan chose, ties included.
//
// A pod's count changes by one per arrival, start and end (set), a pod
// joins at the end of the list (push) and one that leaves shifts those
// after it down, which rebuilds the tree (rebuild, once per pod leaving,
// like the renumbering of the serving list itself).
type outTree struct {
	n    int     // positions in use
	size int     // leaves: a power of two ≥ n
	min  []int32 // min[1] is the root; leaves at size+i; unused leaves hold empty
}

const outEmpty = math.MaxInt32

// grow makes room for at least n positions, keeping the values.
func (t *outTree) grow(n int) {
	if n <= t.size {
		return
	}
	size := max(t.size, 4)
	for size < n {
		size *= 2
	}
	old, oldSize := t.min, t.size
	t.size = size
	t.min = make([]int32, 2*size)
	for i := range size {
		v := int32(outEmpty)
		if i < t.n {
			v = old[oldSize+i]
		}
		t.min[size+i] = v
	}
	for i := size - 1; i >= 1; i-- {
		t.min[i] = min(t.min[2*i], t.min[2*i+1])
	}
}

// set gives position i the value v.
func (t *outTree) set(i int, v int32) {
	j := t.size + i
	if t.min[j] == v {
		return
	}
	t.min[j] = v
	for j /= 2; j >= 1; j /= 2 {
		m := min(t.min[2*j], t.min[2*j+1])
		if t.min[j] == m {
			break // the minima above do not change either
		}
		t.min[j] = m
	}
}

// push appends a position with value v.
func (t *outTree) push(v int32) {
	t.grow(t.n + 1)
	t.n++
	t.set(t.n-1, v)
}

// rebuild sets the positions to vals (len(vals) of them).
func (t *outTree) rebuild(vals func(i int) int32, n int) {
	t.grow(n)
	t.n = n
	for i := range t.size {
		v := int32(outEmpty)
		if i < n {
			v = vals(i)
		}
		t.min[t.size+i] = v
	}
	for i := t.size - 1; i >= 1; i-- {
		t.min[i] = min(t.min[2*i], t.min[2*i+1])
	}
}

// least is the first position at or after start, wrapping round, whose
// value is the smallest; −1 when there is no position.
func (t *outTree) least(start int) int {
	if t.n == 0 {
		return -1
	}
	m := t.min[1]
	if i := t.first(1, 0, t.size, start, m); i >= 0 {
		return i
	}
	return t.first(1, 0, t.size, 0, m)
}

// first is the first position ≥ lo within node j (covering [l, r)) whose
// value is at most m, or −1.
func (t *outTree) first(j, l, r, lo int, m int32) int {
	if r <= lo || t.min[j] > m {
		return -1
	}
	for r-l > 1 {
		mid := (l + r) / 2
		if mid > lo && t.min[2*j] <= m {
			// the left half may hold it; if it does not, the right does
			if i := t.first(2*j, l, mid, lo, m); i >= 0 {
				return i
			}
		}
		j, l = 2*j+1, mid
		if t.min[j] > m {
			return -1
		}
	}
	return l
}
