package slab

// pageShift sets the page size: 256 slots. A slab grows a page at a time,
// so its spare capacity is under one page (≤ 20 KiB for the models' slots)
// instead of the up to 25 % that append's growth leaves (issue 13: live
// heap per request in flight; at 100,000 requests append's rounding left
// 11 B of every 56-B request slot unused). Growing copies nothing, so a
// run's peak is not the old and the new array side by side either.
const (
	pageShift = 8
	pageSize  = 1 << pageShift
	pageMask  = pageSize - 1
)

// Slab is a growing array of slots of T with a free list. The zero value is
// empty and ready to use.
type Slab[T any] struct {
	pages []*[pageSize]T
	n     int32   // slots ever allocated
	free  []int32 // freed slots, reused last-freed first
}

// Alloc returns a slot to fill: the most recently freed one, still holding
// what it held when freed (its generation, buffers to reuse), or else a new
// zero slot at the end.
func (s *Slab[T]) Alloc() (int32, *T) {
	if n := len(s.free); n > 0 {
		i := s.free[n-1]
		s.free = s.free[:n-1]
		return i, s.At(i)
	}
	i := s.n
	if int(i>>pageShift) == len(s.pages) {
		s.pages = append(s.pages, new([pageSize]T))
	}
	s.n++
	return i, s.At(i)
}

// Free returns slot i for reuse. The caller marks it dead first (bumps its
// generation); the slab neither clears nor checks it.
func (s *Slab[T]) Free(i int32) { s.free = append(s.free, i) }

// At is slot i, allocated or free. Slots never move, so the pointer stays
// valid while the slab grows.
func (s *Slab[T]) At(i int32) *T { return &s.pages[i>>pageShift][i&pageMask] }

// Len is the number of slots ever allocated: indices run from 0 to Len()−1.
func (s *Slab[T]) Len() int { return int(s.n) }
