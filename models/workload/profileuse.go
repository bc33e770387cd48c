package workload

import "time"

// PointsPastEnd lists the Profile points at or after the end of a run of
// length d that the run never uses, and that end on the profile's own
// clock (d times Compress). A run covers [0, d), so a point at d or later
// starts a piece the run does not reach; its rate still counts when a
// piece the run does reach is drawn from it: the first point's rate holds
// before it, with Linear the piece leading up to a point ramps towards
// its rate, and when repeating the last point's rate (or the ramp from
// it) opens every period. Only the points no reached piece depends on
// are listed, so that a warning that one "has no effect" is true.
// It returns nil for any other process or a valid profile without such
// points.
func (a Arrivals) PointsPastEnd(d time.Duration) (idx []int, end time.Duration) {
	if a.Process != Profile || len(a.Points) == 0 || d <= 0 {
		return nil, 0
	}
	end, _ = a.ownTime(d)
	pts := a.Points
	n := len(pts)
	if pts[n-1].At < end {
		return nil, end
	}
	period := a.Repeat.period()
	used := make([]bool, n)
	for i := 0; i <= n; i++ {
		s := a.piece(i)
		if s.end <= s.start || s.start >= end {
			continue
		}
		// the points piece i is drawn from (see piece)
		switch {
		case i == 0 && period > 0:
			used[n-1] = true
			used[0] = used[0] || a.Interp == Linear
		case i == 0:
			used[0] = true
		case i == n:
			used[n-1] = true
			used[0] = used[0] || period > 0 && a.Interp == Linear
		default:
			used[i-1] = true
			used[i] = used[i] || a.Interp == Linear
		}
	}
	for i, pt := range pts {
		if pt.At >= end && !used[i] {
			idx = append(idx, i)
		}
	}
	return idx, end
}
