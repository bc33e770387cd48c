package summary_test

import (
	"encoding/json"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/summary"
)

// Every platform's entry carries its SLO judgement from the run's own
// totals, and the summary says what its monthly figures are projected
// from, under the JSON names the README documents.
func TestSLOAndProjectionJSON(t *testing.T) {
	res := platformtest.Run(t, three+"slo: {p95: 50ms, refused: 0.02}\n", platformtest.Pool{})
	data, err := json.Marshal(summary.Of(res, false))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Projection map[string]any `json:"projection"`
		Models     map[string]struct {
			Arrivals        int64          `json:"arrivals"`
			RefusedFraction float64        `json:"refused_fraction"`
			LatencyMs       map[string]any `json:"latency_ms"`
			SLO             map[string]any `json:"slo"`
		} `json:"models"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"kubernetes", "lambda", "pool"} {
		m, ok := got.Models[name]
		if !ok || m.SLO == nil {
			t.Fatalf("models.%s has no slo: %s", name, data)
		}
		slo := m.SLO
		if slo["percentile"] != "p95" || slo["target_ms"] != 50.0 || slo["refused_max"] != 0.02 {
			t.Errorf("%s.slo = %v; want the scenario's p95 ≤ 50 ms, refused ≤ 0.02", name, slo)
		}
		if slo["measured_ms"] != m.LatencyMs["p95"] || slo["refused"] != m.RefusedFraction {
			t.Errorf("%s.slo = %v; want the run's p95 %v and refused %v", name, slo, m.LatencyMs["p95"], m.RefusedFraction)
		}
		met := slo["measured_ms"].(float64) <= 50 && slo["refused"].(float64) <= 0.02
		if slo["met"] != met {
			t.Errorf("%s.slo.met = %v; want %v", name, slo["met"], met)
		}
	}
	p := got.Projection
	if p["basis_s"] != 300.0 || p["month_s"] != 2628000.0 || p["pattern"] != "steady" || p["caveat"] == nil {
		t.Errorf("projection = %v; want a 5-minute steady run with a caveat", p)
	}
}
