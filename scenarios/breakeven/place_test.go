package breakeven

import "testing"

// A batch cut short by a stop places the points that finished at their
// own rates: refining grid rates 2 and 6 when only 6 finished fills slot
// 6, not slot 2.
func TestPlaceByRate(t *testing.T) {
	grid := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}
	pts := make([]*CurvePoint, len(grid))
	refined := make([]bool, len(grid))
	place(pts, refined, grid, []int{0, 4, 8}, []CurvePoint{{RatePerSecond: 1}, {RatePerSecond: 5}, {RatePerSecond: 9}}, false)
	place(pts, refined, grid, []int{2, 6}, []CurvePoint{{RatePerSecond: 7}}, true)
	for i, p := range pts {
		want := i == 0 || i == 4 || i == 6 || i == 8
		if (p != nil) != want {
			t.Errorf("slot %d (rate %g) filled %v; want %v", i, grid[i], p != nil, want)
		}
		if p != nil && p.RatePerSecond != grid[i] {
			t.Errorf("slot %d holds rate %g; want %g", i, p.RatePerSecond, grid[i])
		}
		if p != nil && refined[i] != (i == 6) {
			t.Errorf("slot %d refined %v", i, refined[i])
		}
	}
}
