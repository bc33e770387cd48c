package slab

import "testing"

type slot struct {
	gen  uint32
	live bool
}

func TestAllocReusesLastFreed(t *testing.T) {
	var s Slab[slot]
	for want := range int32(3) {
		if i, _ := s.Alloc(); i != want {
			t.Fatalf("Alloc() = %d; want %d (a new slot at the end)", i, want)
		}
	}
	s.At(0).gen = 7
	s.Free(0)
	s.Free(2)
	if i, _ := s.Alloc(); i != 2 {
		t.Errorf("Alloc() = %d; want 2, the last freed", i)
	}
	i, p := s.Alloc()
	if i != 0 || p.gen != 7 {
		t.Errorf("Alloc() = %d with gen %d; want slot 0 still holding gen 7", i, p.gen)
	}
	if i, _ := s.Alloc(); i != 3 || s.Len() != 4 {
		t.Errorf("Alloc() = %d, Len() = %d; want 3 and 4 once the free list is empty", i, s.Len())
	}
}

func TestAllocDoesNotAllocateOnceGrown(t *testing.T) {
	var s Slab[slot]
	for range 64 {
		s.Alloc()
	}
	for i := range int32(64) {
		s.Free(i)
	}
	allocs := testing.AllocsPerRun(100, func() {
		i, p := s.Alloc()
		p.gen++
		s.Free(i)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per Alloc/Free; want 0", allocs)
	}
}

// TestSlotsDoNotMove checks that a pointer from At stays the slot's across
// growth (pages are never copied) and that slots past the first page are
// distinct and zero when new.
func TestSlotsDoNotMove(t *testing.T) {
	var s Slab[slot]
	_, first := s.Alloc()
	first.gen = 42
	for i := int32(1); i < 3*pageSize+1; i++ {
		j, p := s.Alloc()
		if j != i || p.gen != 0 {
			t.Fatalf("Alloc() = %d with gen %d; want %d, zero", j, p.gen, i)
		}
		p.gen = uint32(i) + 100
	}
	if first != s.At(0) || first.gen != 42 {
		t.Errorf("slot 0 moved or changed after growth: gen %d", s.At(0).gen)
	}
	for i := int32(1); i < 3*pageSize+1; i++ {
		if g := s.At(i).gen; g != uint32(i)+100 {
			t.Fatalf("At(%d).gen = %d; want %d", i, g, i+100)
		}
	}
}
