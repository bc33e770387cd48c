package slab

// Slab is a growing array of slots of T with a free list. The zero value is
// empty and ready to use.
type Slab[T any] struct {
	slots []T
	free  []int32 // freed slots, reused last-freed first
}

// Alloc returns a slot to fill: the most recently freed one, still holding
// what it held when freed (its generation, buffers to reuse), or else a new
// zero slot at the end.
func (s *Slab[T]) Alloc() (int32, *T) {
	if n := len(s.free); n > 0 {
		i := s.free[n-1]
		s.free = s.free[:n-1]
		return i, &s.slots[i]
	}
	var zero T
	s.slots = append(s.slots, zero)
	i := int32(len(s.slots) - 1)
	return i, &s.slots[i]
}

// Free returns slot i for reuse. The caller marks it dead first (bumps its
// generation); the slab neither clears nor checks it.
func (s *Slab[T]) Free(i int32) { s.free = append(s.free, i) }

// At is slot i, allocated or free. The pointer is valid until the next
// Alloc, which may move the slots.
func (s *Slab[T]) At(i int32) *T { return &s.slots[i] }

// Len is the number of slots ever allocated: indices run from 0 to Len()−1.
func (s *Slab[T]) Len() int { return len(s.slots) }
