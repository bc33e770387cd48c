package lambda_test

import (
	"math"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/summary"
)

// SnapStart is billed as AWS bills it (costrev item 5): Python and .NET
// pay for the snapshot's cache over the run and per GB restored, Java
// neither; and the part left out, a restore's Billed Restore Duration, is
// said in a note rather than billed as a silent 0.
func TestSnapStartBill(t *testing.T) {
	const src = `name: s
seed: 1
duration: 10m
workload:
  arrivals: {process: poisson, ratePerSecond: 2}
  work: {io: "100ms"}
lambda: {runtime: RUNTIME, memoryMB: 2048, snapStart: true, restore: "300ms", keepAlive: "uniform(20s,40s)"}
cost: {frontDoor: none}
`
	for _, tc := range []struct {
		runtime string
		charged bool
	}{{"python3.12", true}, {"dotnet8", true}, {"java21", false}} {
		t.Run(tc.runtime, func(t *testing.T) {
			s := strings.Replace(src, "RUNTIME", tc.runtime, 1)
			plan := platformtest.Plan(t, s)
			if w := strings.Join(plan.Warnings, "\n"); !strings.Contains(w, "Billed Restore Duration of each restore") {
				t.Errorf("warnings %q; want the note on the Billed Restore Duration", w)
			}
			e := summary.Of(platformtest.Run(t, s), false).Models.Get("lambda")
			lines := map[string]float64{}
			for _, l := range e.Cost.Lines {
				lines[l.Item] = l.Quantity
			}
			cache, hasCache := lines["lambda snapstart cache"]
			restore, hasRestore := lines["lambda snapstart restore"]
			if hasCache != tc.charged || hasRestore != tc.charged {
				t.Fatalf("lines %v; want SnapStart lines %v", lines, tc.charged)
			}
			if !tc.charged {
				return
			}
			// 2 GB cached for 600 s; 2 GB per cold start
			if cache != 1200 || e.ColdStarts == 0 || math.Abs(restore-2*float64(e.ColdStarts)) > 1e-9 {
				t.Errorf("cache %v GB-s, restore %v GB for %d cold starts; want 1200 and 2 per cold start", cache, restore, e.ColdStarts)
			}
		})
	}
}
