package lambda_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/platforms/lambda"
	"github.com/execsim/execsim/scenarios/summary"
)

// The lambda entry of summary.json carries the utilisation of the
// environments, and the side-by-side table has its row.
func TestSummaryHasUtilisation(t *testing.T) {
	const text = `name: u
seed: 3
duration: 10m
workload:
  arrivals: {ratePerSecond: 15}
  work: {io: "exp(mean=100ms)"}
lambda: {}
`
	res := platformtest.Run(t, text)
	e := summary.Of(res, false).Models.Get("lambda")
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if u, ok := m["utilisation"].(float64); !ok || !(u > 0 && u < 1) {
		t.Errorf("utilisation = %v; want a share in (0, 1) in %s", m["utilisation"], b)
	}
	x := e.Extra.(*lambda.Extra)
	if !slices.ContainsFunc(x.Rows(), func(r [2]string) bool { return r[0] == "utilisation" }) {
		t.Errorf("Rows() = %v; want a utilisation row", x.Rows())
	}
}
