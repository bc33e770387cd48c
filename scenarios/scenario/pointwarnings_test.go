package scenario

import "testing"

// A sweep's warning names its points by the swept values they share when
// they are every combination of them, else by their numbers.
func TestPointWarningWhere(t *testing.T) {
	axes := []Axis{{Path: "lambda.memoryMB", Values: []string{"512", "1024", "2048"}},
		{Path: "workload.arrivals.ratePerSecond", Values: []string{"10", "40", "80"}}}
	for _, tc := range []struct {
		points []int
		want   string
	}{
		{nil, ""},
		{[]int{0, 1, 2}, "points 0–2 (lambda.memoryMB=512)"},
		{[]int{1, 2, 4, 5, 7, 8}, "points 1, 2, 4, 5, 7, 8 (workload.arrivals.ratePerSecond=40 or 80)"},
		{[]int{4}, "point 4 (lambda.memoryMB=1024, workload.arrivals.ratePerSecond=40)"},
		{[]int{0, 4}, "points 0, 4"},
		{[]int{0, 1, 2, 3, 4, 5}, "points 0–5 (lambda.memoryMB=512 or 1024)"},
		{[]int{0, 1, 2, 3, 5, 6, 7, 8}, "points 0–3, 5–8"},
	} {
		if got := (PointWarning{Text: "x", Points: tc.points}).Where(axes); got != tc.want {
			t.Errorf("Where(%v) = %q; want %q", tc.points, got, tc.want)
		}
	}
}
