package kubernetes_test

import (
	"encoding/json"
	"slices"
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
	for _, name := range []string{"utilisation", "mean queued"} {
		if !slices.ContainsFunc(rows, func(r [2]string) bool { return r[0] == name }) {
			t.Errorf("Rows() = %v; want a %q row", rows, name)
		}
	}
}
