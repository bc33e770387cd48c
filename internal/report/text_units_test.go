package report

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
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

// A per-service table cut short names where services.csv lists every
// service: the file written when the run had --out, the flag when it had
// none (audit 5: it asked for --out DIR after writing the file).
func TestCutTableSaysWhereTheFileIs(t *testing.T) {
	var src strings.Builder
	src.WriteString("name: many\nseed: 3\nduration: 1m\nservices:\n")
	for i := range textUnits + 2 {
		fmt.Fprintf(&src, "  - {name: s%02d, arrivals: {ratePerSecond: 1}, work: {io: \"exp(mean=50ms)\"}}\n", i)
	}
	src.WriteString("lambda: {}\n")
	plan, err := scenario.Parse([]byte(src.String()), nil, registry)
	if err != nil {
		t.Fatal(err)
	}
	res, err := runner.Run(plan, runner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ out, want string }{
		{"", "services.csv lists every one (run with --out DIR to write it)."},
		{"o/many", "services.csv lists every one (written to " + filepath.Join("o/many", ServicesFile) + ")."},
	} {
		var text strings.Builder
		if err := TextOut(&text, res, "execsim run many", tc.out); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text.String(), "… and 2 more") || !strings.Contains(text.String(), tc.want) {
			t.Errorf("--out %q: the text has no %q:\n%s", tc.out, tc.want, text.String())
		}
	}
}
