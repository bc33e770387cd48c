package report

import (
	"fmt"
	"slices"
	"testing"

	"github.com/execsim/execsim/internal/format"
)

// A fleet's per-service tables in the text summary show the busiest
// services, not the first 500 by name (walk3: two 500-row tables in a
// 1,104-line summary); a small fleet's table is left as it is.
func TestBusiestUnits(t *testing.T) {
	rows := [][]string{{"", "completed", "p99"}}
	for i := range 25 {
		// svc-07 busiest, then svc-12 and svc-03 alike, the rest idle
		n := int64(0)
		switch i {
		case 7:
			n = 12345
		case 12, 3:
			n = 40
		}
		rows = append(rows, []string{fmt.Sprintf("svc-%02d", i), format.Count(n), "—"})
	}
	shown, more := busiestUnits(rows, 20)
	if more != 5 || len(shown) != 21 || !slices.Equal(shown[0], rows[0]) {
		t.Fatalf("%d rows shown, %d more", len(shown)-1, more)
	}
	var names []string
	for _, r := range shown[1:4] {
		names = append(names, r[0])
	}
	if want := []string{"svc-07", "svc-03", "svc-12"}; !slices.Equal(names, want) {
		t.Errorf("busiest first %v, want %v", names, want)
	}
	if shown[4][0] != "svc-00" {
		t.Errorf("after the busy ones %s, want svc-00 (by name)", shown[4][0])
	}
	small := rows[:11]
	if got, more := busiestUnits(small, 20); more != 0 || !slices.EqualFunc(got, small, slices.Equal[[]string]) {
		t.Error("a table of 10 services was changed")
	}
}
