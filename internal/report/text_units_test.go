package report

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platforms/knative"
	"github.com/execsim/execsim/scenarios/platforms/kubernetes"
	"github.com/execsim/execsim/scenarios/platforms/lambda"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
)

// A fleet's per-service tables in the text summary show the busiest
// services, not the first 500 by name (walk3: two 500-row tables in a
// 1,104-line summary); a small fleet's table is left as it is. The ranking
// is by the counts the platform gives, not by its printed cells: a cell
// that prints something other than a plain count ("12.3k", "—") must not
// rank its row as idle.
func TestBusiestUnits(t *testing.T) {
	rows := [][]string{{"", "completed", "p99"}}
	var completed []int64
	for i := range 25 {
		// svc-07 busiest, then svc-12 and svc-03 alike, the rest idle
		n := int64(0)
		switch i {
		case 7:
			n = 12345
		case 12, 3:
			n = 40
		}
		cell := format.Count(n)
		if i == 7 {
			cell = "12.3k" // printed short: parsing it back gave 0
		}
		rows = append(rows, []string{fmt.Sprintf("svc-%02d", i), cell, "—"})
		completed = append(completed, n)
	}
	shown, more := busiestUnits(rows, completed, 20)
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
	if got, more := busiestUnits(small, completed[:10], 20); more != 0 || !slices.EqualFunc(got, small, slices.Equal[[]string]) {
		t.Error("a table of 10 services was changed")
	}
	// without the platform's counts the table is left whole, in its order
	if got, more := busiestUnits(rows, nil, 20); more != 0 || !slices.EqualFunc(got, rows, slices.Equal[[]string]) {
		t.Error("a table without counts was ranked")
	}
}

// Every platform with a per-service table gives its rows' counts, in the
// rows' order.
func TestUnitsCompleted(t *testing.T) {
	k8s := &kubernetes.Extra{Deployments: []kubernetes.DeploymentSummary{{Name: "a"}, {Name: "b"}}}
	k8s.Deployments[0].Completed, k8s.Deployments[1].Completed = 3, 1234567
	fn := &lambda.Extra{Functions: []lambda.FunctionSummary{{Name: "a"}, {Name: "b"}}}
	fn.Functions[0].Completed, fn.Functions[1].Completed = 3, 1234567
	for _, x := range []platform.Extra{k8s, fn, &knative.Extra{Extra: *k8s}} {
		_, rows := x.Units()
		c, ok := x.(unitCompleter)
		if !ok {
			t.Errorf("%T gives no counts of its rows", x)
			continue
		}
		got := c.UnitsCompleted()
		if len(got) != len(rows)-1 {
			t.Fatalf("%T: %d counts for %d rows", x, len(got), len(rows)-1)
		}
		for i, n := range got {
			if rows[i+1][1] != format.Count(n) {
				t.Errorf("%T row %d: completed cell %q, count %d", x, i, rows[i+1][1], n)
			}
		}
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
