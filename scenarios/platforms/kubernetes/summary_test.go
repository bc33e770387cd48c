package kubernetes_test

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/platforms/kubernetes"
	"github.com/execsim/execsim/scenarios/summary"
)

// One pod of two slots, loaded enough that requests queue.
const queueing = `name: q
seed: 3
duration: 10m
workload:
  arrivals: {ratePerSecond: 15}
  work: {io: "exp(mean=100ms)"}
kubernetes: {replicas: 1, concurrency: 2}
`

// The kubernetes entry of summary.json carries the waiting time, P(wait),
// the utilisation of the slots and the mean number queued, and the
// side-by-side table has their rows.
func TestSummaryHasWaitUtilisationAndQueued(t *testing.T) {
	res := platformtest.Run(t, queueing)
	e := summary.Of(res, false).Models.Get("kubernetes")
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s", b)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	wait, _ := m["wait_ms"].(map[string]any)
	for _, k := range []string{"mean", "p50", "p90", "p95", "p99", "p999", "max"} {
		if _, ok := wait[k]; !ok {
			t.Errorf("wait_ms has no %q: %s", k, b)
		}
	}
	for _, k := range []string{"p_wait", "utilisation", "mean_queued"} {
		if v, ok := m[k].(float64); !ok || !(v > 0) {
			t.Errorf("%s = %v; want a positive number in %s", k, m[k], b)
		}
	}
	if u := m["utilisation"].(float64); u >= 1 {
		t.Errorf("utilisation %v; want below 1", u)
	}
	if p := m["p_wait"].(float64); p >= 1 {
		t.Errorf("p_wait %v; want below 1", p)
	}
	x := e.Extra.(*kubernetes.Extra)
	if wait["max"].(float64) <= 0 || x.WaitMs.P99 > x.WaitMs.Max || x.WaitMs.Mean <= 0 {
		t.Errorf("wait_ms %+v; want positive, ordered", x.WaitMs)
	}
	rows := x.Rows()
	for _, name := range []string{x.SlotsBusyLabel(), "mean queued"} {
		if !slices.ContainsFunc(rows, func(r [2]string) bool { return r[0] == name }) {
			t.Errorf("Rows() = %v; want a %q row", rows, name)
		}
	}
}

// The slots' utilisation is not node CPU use (costrev: steady's 2.83 %
// "utilisation" against about 16.5 % of the nodes' CPU): the summary
// names it for what it is and gives the nodes' CPU share beside it. Three
// fixed m6i.large nodes (2 vCPU each) and 10 req/s of 50 ms of CPU use
// 0.5 of 6 vCPU: 8.33 %.
func TestNodeCPUShareIsNotSlotUtilisation(t *testing.T) {
	res := platformtest.Run(t, `name: cpu
seed: 3
duration: 20m
workload:
  arrivals: {ratePerSecond: 10}
  work: {cpu: "50ms", io: "200ms"}
kubernetes:
  nodePools: [{instanceTypes: [m6i.large], nodes: 3, minNodes: 3, maxNodes: 3}]
  replicas: 3
  concurrency: 50
`)
	x := summary.Of(res, false).Models.Get("kubernetes").Extra.(*kubernetes.Extra)
	want := 10 * 0.050 / 6
	if math.Abs(x.NodeCPUShare-want)/want > 0.03 {
		t.Errorf("node_cpu_share %.4f; want %.4f ± 3 %% (0.5 CPU-s/s over 6 vCPU)", x.NodeCPUShare, want)
	}
	if x.SlotUtilisation != x.Utilisation || x.SlotUtilisation <= 0 {
		t.Errorf("slot_utilisation %v, utilisation %v; want the same positive number", x.SlotUtilisation, x.Utilisation)
	}
	rows := x.Rows()
	for _, name := range []string{x.SlotsBusyLabel(), "node CPU busy"} {
		if !slices.ContainsFunc(rows, func(r [2]string) bool { return r[0] == name }) {
			t.Errorf("Rows() = %v; want a %q row", rows, name)
		}
	}
	slots := slices.IndexFunc(rows, func(r [2]string) bool { return strings.HasPrefix(r[0], kubernetes.SlotsBusyRow+" (") })
	if slots < 0 || slots+1 >= len(rows) || rows[slots+1][0] != "node CPU busy" {
		t.Errorf("Rows() = %v; want node CPU busy right after worker slots busy, so the two shares read together", rows)
	}
	if slices.ContainsFunc(rows, func(r [2]string) bool { return r[0] == "utilisation" }) {
		t.Errorf("Rows() = %v: an unqualified \"utilisation\" row reads as node CPU use", rows)
	}
	// the slots' row says what a slot is: one of a pod's concurrency:
	// requests (walk9 #7: 0.53 % of slots beside 23.77 % of node CPU read
	// as idle pods), as many as the scenario sets (walk13 #8: it read
	// "default 100" whatever the setting)
	if rows[slots][0] != "worker slots busy (concurrency: 50 a pod)" {
		t.Errorf("slots row %q; want it to say a slot is one of a pod's concurrency: 50", rows[slots][0])
	}
}
