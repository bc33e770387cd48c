package summary_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/summary"
)

func names(fs []summary.Field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}

// A run's columns do not depend on what happened in it: a run with no
// cold start after its warm-up has the cold-start latency columns of one
// with cold starts, blank; a field JSON omits when zero is written as 0
// (issue 13 item 8: shards of one sweep write one header).
func TestColumnsFollowTheSchemaNotTheRun(t *testing.T) {
	const base = `name: warm
seed: 3
duration: 1m
workload:
  arrivals: {ratePerSecond: 2}
  work: {io: "20ms"}
kubernetes: {}
`
	warm := summary.Of(platformtest.Run(t, base+"lambda: {provisionedConcurrency: 10}\n"), false)
	cold := summary.Of(platformtest.Run(t, base+"lambda: {}\n"), false)
	if warm.Models.Get("lambda").ColdStartLatencyMs != nil || cold.Models.Get("lambda").ColdStartLatencyMs == nil {
		t.Fatal("the test wants cold starts in one run only")
	}
	wc, cc := warm.Columns(), cold.Columns()
	if !slices.Equal(names(wc), names(cc)) {
		t.Fatalf("columns differ:\n%q\n%q", names(wc), names(cc))
	}
	for _, f := range wc {
		switch {
		case strings.HasPrefix(f.Name, "lambda.cold_start_latency_ms."):
			if f.Text != "" {
				t.Errorf("%s = %q in a run without cold starts; want blank", f.Name, f.Text)
			}
		case f.Name == "warmup_s":
			if f.Text != "0" {
				t.Errorf("warmup_s = %q; want 0", f.Text)
			}
		}
	}
}

// The column schema lays out every column a summary has, in the order
// Columns writes them, for a single service, a fleet with a blend and
// placement, and a platform outside the default registry; sorting by it
// changes nothing, and a name it does not know goes last.
func TestColumnSchemaIsColumnsOrder(t *testing.T) {
	cs := summary.ColumnsOf(registry)
	blend, err := os.ReadFile("../testdata/knative-blend.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{"three": three, "blend": string(blend)} {
		t.Run(name, func(t *testing.T) {
			cols := names(summary.Of(platformtest.Run(t, src, platformtest.Pool{}), false).Columns())
			sorted := slices.Clone(cols)
			slices.SortStableFunc(sorted, cs.Compare)
			if !slices.Equal(cols, sorted) {
				t.Errorf("the schema reorders the columns:\n%q\n%q", cols, sorted)
			}
			for _, c := range cols {
				if cs.Compare(c, "zzz.unknown") >= 0 {
					t.Errorf("column %s is not in the schema", c)
				}
			}
			if name == "blend" && !slices.ContainsFunc(cols, func(c string) bool { return strings.HasPrefix(c, "placement.counts.") }) {
				t.Errorf("a blend's columns lack placement.counts.*: %q", cols)
			}
		})
	}
}

// A placement's marks of how its run came to be (a search cut short, an
// older folder's extra run) are no columns: results.csv kept the header it
// had before them. Fields, for golden files, has them when set.
func TestPlacementMarksAreNoColumns(t *testing.T) {
	var s summary.Summary
	s.Placement = &platform.Placement{MinRequests: 1, Interrupted: &platform.PlacementStop{Simulations: 1, Bound: 4}, SettledRanAgain: true}
	for _, f := range s.Columns() {
		if strings.Contains(f.Name, "interrupted") || strings.Contains(f.Name, "settled_ran_again") {
			t.Errorf("column %s", f.Name)
		}
	}
	got := strings.Join(names(s.Fields()), " ")
	for _, want := range []string{"placement.interrupted.simulations", "placement.interrupted.bound", "placement.settled_ran_again"} {
		if !strings.Contains(got, want) {
			t.Errorf("Fields lack %s: %s", want, got)
		}
	}
}
