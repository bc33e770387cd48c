package workload

import (
	"fmt"
	"testing"
	"time"
)

// PointsPastEnd lists exactly the points past the run's end whose rates
// no piece the run reaches is drawn from; the rest, though past the end,
// shape the rate the run sees. Each unlisted point is checked by changing
// its rate: the run's expected count must move, and must not for a
// listed one.
func TestPointsPastEnd(t *testing.T) {

	pts := func(at ...time.Duration) []Point {
		out := make([]Point, len(at))
		for i, a := range at {
			out[i] = Point{At: a, RatePerSecond: float64(i + 1)}
		}
		return out
	}
	for _, tc := range []struct {
		name    string
		a       Arrivals
		d       time.Duration
		want    []int
		wantEnd time.Duration
	}{
		{"step: past the end", Arrivals{Points: pts(0, 30*time.Minute, 2*h, 3*h)}, h, []int{2, 3}, h},
		{"step: at the end", Arrivals{Points: pts(0, h)}, h, []int{1}, h},
		{"step: all before", Arrivals{Points: pts(0, 30*time.Minute)}, h, nil, h},
		{"step: the first point holds before it", Arrivals{Points: pts(2*h, 3*h)}, h, []int{1}, h},
		{"linear: the next point past the end sets the ramp", Arrivals{Interp: Linear, Points: pts(0, 2*h, 3*h)}, h, []int{2}, h},
		{"linear: the first point past the end alone", Arrivals{Interp: Linear, Points: pts(2*h, 3*h)}, h, []int{1}, h},
		{"daily step: the last point opens the day", Arrivals{Repeat: Daily, Points: pts(h, 2*h, 3*h, 20*h)}, 90 * time.Minute, []int{1, 2}, 90 * time.Minute},
		{"daily step: from midnight, the last point is not used", Arrivals{Repeat: Daily, Points: pts(0, 2*h, 20*h)}, h, []int{1, 2}, h},
		{"daily linear: ramps from the last and to the next", Arrivals{Repeat: Daily, Interp: Linear, Points: pts(30*time.Minute, 2*h, 5*h, 20*h)}, h, []int{2}, h},
		{"daily: a run of a day or more uses them all", Arrivals{Repeat: Daily, Points: pts(0, 2*h, 20*h)}, 24 * h, nil, 24 * h},
		{"compress: the end on the profile's clock", Arrivals{Compress: 24, Points: pts(0, 12*h, 30*h)}, h, []int{2}, 24 * h},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.a.Process = Profile
			if err := tc.a.Validate(); err != nil {
				t.Fatal(err)
			}
			got, end := tc.a.PointsPastEnd(tc.d)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) || end != tc.wantEnd {
				t.Fatalf("PointsPastEnd(%v) = %v, %v; want %v, %v", tc.d, got, end, tc.want, tc.wantEnd)
			}
			listed := map[int]bool{}
			for _, i := range got {
				listed[i] = true
			}
			base := tc.a.Expected(0, tc.d)
			for i := range tc.a.Points {
				if tc.a.Points[i].At < end {
					continue
				}
				b := tc.a
				b.Points = append([]Point(nil), tc.a.Points...)
				b.Points[i].RatePerSecond += 7
				moved := b.Expected(0, tc.d) != base
				if moved == listed[i] {
					t.Errorf("point %d: the expected count moves %v with its rate, listed %v", i, moved, listed[i])
				}
			}
		})
	}
	if got, _ := (Arrivals{Process: Poisson, RatePerSecond: 1}).PointsPastEnd(time.Hour); got != nil {
		t.Errorf("poisson: %v", got)
	}
}
