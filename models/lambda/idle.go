package lambda

// idleSet holds a function's idle on-demand environments, ordered for warm
// selection: a max-heap on creation sequence for Newest, a min-heap for
// Oldest. Random picks a uniform index. Positions live in env.idlePos so an
// expiring environment leaves in O(log n).
type idleSet struct {
	heap   []int32 // environment indices
	newest bool
}

func (s *idleSet) len() int { return len(s.heap) }

func (s *idleSet) before(r *Region, a, b int32) bool {
	if s.newest {
		return r.envs.At(a).seq > r.envs.At(b).seq
	}
	return r.envs.At(a).seq < r.envs.At(b).seq
}

func (s *idleSet) push(r *Region, e int32) {
	s.heap = append(s.heap, e)
	r.envs.At(e).idlePos = int32(len(s.heap) - 1)
	s.up(r, len(s.heap)-1)
}

// remove takes the environment at heap position i out of the set.
func (s *idleSet) remove(r *Region, i int) int32 {
	e := s.heap[i]
	n := len(s.heap) - 1
	if i != n {
		s.swap(r, i, n)
	}
	s.heap = s.heap[:n]
	if i < n {
		s.down(r, i)
		s.up(r, i)
	}
	r.envs.At(e).idlePos = -1
	return e
}

func (s *idleSet) swap(r *Region, i, j int) {
	s.heap[i], s.heap[j] = s.heap[j], s.heap[i]
	r.envs.At(s.heap[i]).idlePos = int32(i)
	r.envs.At(s.heap[j]).idlePos = int32(j)
}

func (s *idleSet) up(r *Region, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !s.before(r, s.heap[i], s.heap[p]) {
			return
		}
		s.swap(r, i, p)
		i = p
	}
}

func (s *idleSet) down(r *Region, i int) {
	n := len(s.heap)
	for {
		c := 2*i + 1
		if c >= n {
			return
		}
		if c+1 < n && s.before(r, s.heap[c+1], s.heap[c]) {
			c++
		}
		if !s.before(r, s.heap[c], s.heap[i]) {
			return
		}
		s.swap(r, i, c)
		i = c
	}
}
