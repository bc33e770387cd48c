package cost

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCumulative(t *testing.T) {
	for _, tc := range []struct {
		name    string
		total   Money
		weights []Money
		want    []Money
	}{
		{"proportional", 100, []Money{1, 0, 3}, []Money{25, 25, 100}},
		{"rounded, ends at the total", 10, []Money{1, 1, 1}, []Money{3, 7, 10}},
		{"no weight: even", 9, []Money{0, 0, 0}, []Money{3, 6, 9}},
		{"negative weights count as 0", 8, []Money{-5, 2, 2}, []Money{0, 4, 8}},
		{"empty", 8, nil, []Money{}},
		{"large", 5_000_000_000_000, []Money{3_000_000_000_000, 4_000_000_000_000}, []Money{2_142_857_142_857, 5_000_000_000_000}},
	} {
		got := Cumulative(tc.total, tc.weights)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: Cumulative(%d, %v) (-want +got):\n%s", tc.name, tc.total, tc.weights, diff)
		}
	}
}
