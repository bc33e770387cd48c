package summary_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/summary"
)

// Each platform's entry has the batch-means intervals of its mean latency
// and its refused fraction, around the run's own figures, and the summary
// says how many batches they come from.
func TestSummaryConfidenceIntervals(t *testing.T) {
	res := platformtest.Run(t, `name: ci
seed: 4
duration: 20m
warmup: 1m
workload:
  arrivals: {ratePerSecond: 12}
  work: {io: "exp(mean=100ms)"}
kubernetes: {replicas: 1, concurrency: 1, queue: 3}
lambda: {reservedConcurrency: 1}
pool: {servers: 1, queue: 2}
`, platformtest.Pool{})
	s := summary.Of(res, false)
	if s.CI95Batches != metrics.Batches {
		t.Errorf("ci95_batches %d; want %d", s.CI95Batches, metrics.Batches)
	}
	for _, m := range s.Models {
		ci, rci := m.LatencyMs.MeanCI95, m.RefusedCI95
		if ci == nil || rci == nil {
			t.Fatalf("%s: intervals %v %v; want both", m.Name, ci, rci)
		}
		if !(ci[0] < m.LatencyMs.Mean && m.LatencyMs.Mean < ci[1]) {
			t.Errorf("%s: latency mean %v outside its interval %v", m.Name, m.LatencyMs.Mean, *ci)
		}
		var arrivals int64
		for _, p := range res.Platforms {
			if p.Name == m.Name {
				arrivals = p.Rec.Arrivals()
			}
		}
		f := float64(m.Refused()) / float64(arrivals)
		if m.Refused() == 0 || platform.Round(f, 6) != m.RefusedFraction || !(rci[0] < f && f < rci[1]) {
			t.Errorf("%s: refused %d of %d, refused_fraction %v, interval %v; want the fraction inside it", m.Name, m.Refused(), arrivals, m.RefusedFraction, *rci)
		}
		if m.ColdStartLatencyMs != nil && m.ColdStartLatencyMs.MeanCI95 != nil {
			t.Errorf("%s: cold_start_latency_ms has an interval", m.Name)
		}
	}
	data, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"ci95_batches":20`, `"mean_ci95":[`, `"refused_ci95":[`, `"refused_fraction":`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("summary.json lacks %s:\n%s", want, data)
		}
	}
	back, err := summary.Decode(data, registry)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := json.Marshal(back); string(again) != string(data) {
		t.Errorf("intervals changed through Decode:\n%s\n%s", data, again)
	}
}
