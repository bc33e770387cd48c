package summary_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/summary"
)

// A cold start waits for the whole init, so with a constant init and
// constant work its latency is the warm latency plus the init.
func TestColdStartLatency(t *testing.T) {
	res := platformtest.Run(t, `name: cold
seed: 3
duration: 2m
workload:
  arrivals: {ratePerSecond: 20}
  work: {io: "20ms"}
lambda: {init: "250ms", platformOverhead: "0s"}
`)
	e := summary.Of(res, false).Models.Get("lambda")
	if e == nil || e.ColdStarts == 0 || e.ColdStartLatencyMs == nil {
		t.Fatalf("lambda entry %+v; want cold starts and their latency", e)
	}
	cold, all := e.ColdStartLatencyMs, e.LatencyMs
	if d := cold.P50 - all.P50; math.Abs(d-250) > 3 {
		t.Errorf("cold_start_latency_ms.p50 %v − latency_ms.p50 %v = %v; want 250 (the init) ± 1%%", cold.P50, all.P50, d)
	}
	if cold.Mean != 270 || cold.Max != 270 {
		t.Errorf("cold_start_latency_ms mean %v max %v; want 270 and 270", cold.Mean, cold.Max)
	}
	var n int64
	for _, m := range res.Platforms {
		if m.Name == "lambda" {
			n = m.Rec.ColdLatency().Count()
		}
	}
	if n != e.ColdStarts || e.InFlight != 0 || e.Refused() != 0 {
		t.Errorf("cold latencies %d, cold starts %d (in flight %d, refused %d); want every cold start completed and counted",
			n, e.ColdStarts, e.InFlight, e.Refused())
	}
	data, err := json.Marshal(summary.Of(res, false).Models)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	l, c, k := strings.Index(text, `"latency_ms"`), strings.Index(text, `"cold_start_latency_ms"`), strings.Index(text, `"cost"`)
	if !(0 < l && l < c && c < k) {
		t.Errorf("cold_start_latency_ms not between latency_ms and cost:\n%s", text)
	}
}

// Without cold starts the field is left out, so summaries of such runs
// read as before.
func TestNoColdStartNoField(t *testing.T) {
	res := platformtest.Run(t, `name: warm
seed: 3
duration: 1m
workload:
  arrivals: {ratePerSecond: 2}
  work: {io: "20ms"}
lambda: {provisionedConcurrency: 10}
kubernetes: {}
`)
	s := summary.Of(res, false)
	for _, m := range s.Models {
		if m.ColdStarts != 0 {
			t.Fatalf("%s: %d cold starts; the test wants none", m.Name, m.ColdStarts)
		}
	}
	data, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "cold_start_latency_ms") {
		t.Errorf("summary without cold starts has cold_start_latency_ms:\n%s", data)
	}
}
