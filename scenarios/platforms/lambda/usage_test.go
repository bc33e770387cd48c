package lambda_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
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

// The findings clause gives the peak of execution environments as
// environments and the peak of running requests as requests (audit 1: it
// printed peak concurrency as "concurrent environments", below the
// average of environments). With 30 environments provisioned and a rate
// that keeps a handful busy, the two peaks are far apart.
func TestFindingsPeakEnvironments(t *testing.T) {
	const text = `name: p
seed: 5
duration: 10m
workload:
  arrivals: {ratePerSecond: 20}
  work: {io: "exp(mean=150ms)"}
lambda: {provisionedConcurrency: 30}
`
	res := platformtest.Run(t, text)
	e := summary.Of(res, false).Models.Get("lambda")
	x := e.Extra.(*lambda.Extra)
	if x.PeakEnvironments == nil {
		t.Fatal("no peak of environments")
	}
	peak := *x.PeakEnvironments
	if peak < x.PeakConcurrency || float64(peak) < x.MeanEnvironments {
		t.Fatalf("peak environments %d, peak concurrency %d, mean environments %.2f: the peak of environments must be at least either",
			peak, x.PeakConcurrency, x.MeanEnvironments)
	}
	if peak == x.PeakConcurrency {
		t.Fatalf("peak environments = peak concurrency = %d: the scenario no longer tells them apart", x.PeakConcurrency)
	}
	_, clause := lambda.Platform{}.Findings(e, res.Arrivals())
	want := fmt.Sprintf("Lambda peaked at %d execution environments and %d concurrent requests", peak, x.PeakConcurrency)
	if !strings.HasPrefix(clause, want) {
		t.Errorf("clause %q; want it to start %q", clause, want)
	}
}

// A summary.json written before peak_environments was has none: execsim
// plot read it as 0, printed "Lambda peaked at 0 execution environments
// … (18.9 environments on average)" and wrote the 0 back (review9b M1).
// The absent peak stays absent: out of the clause, the table and the
// summary.json written again.
func TestOlderSummaryHasNoPeakEnvironments(t *testing.T) {
	const text = `name: old
seed: 3
duration: 5m
workload:
  arrivals: {ratePerSecond: 15}
  work: {io: "exp(mean=100ms)"}
lambda: {}
`
	res := platformtest.Run(t, text)
	data, err := json.Marshal(summary.Of(res, false))
	if err != nil {
		t.Fatal(err)
	}
	older := regexp.MustCompile(`"peak_environments":[0-9]+,`).ReplaceAll(data, nil)
	if bytes.Equal(older, data) {
		t.Fatalf("no peak_environments to take out of %s", data)
	}
	s, err := summary.Decode(older, platformtest.Registry())
	if err != nil {
		t.Fatal(err)
	}
	e := s.Models.Get("lambda")
	_, clause := lambda.Platform{}.Findings(e, res.Arrivals())
	if strings.Contains(clause, "execution environments") || !strings.HasPrefix(clause, "Lambda peaked at ") || !strings.Contains(clause, "environments on average") {
		t.Errorf("clause %q; want the peak of requests and the mean of environments, no peak of environments", clause)
	}
	if rows := e.Extra.(*lambda.Extra).Rows(); slices.ContainsFunc(rows, func(r [2]string) bool { return r[0] == "peak environments" }) {
		t.Errorf("Rows() = %v; want no peak environments row", rows)
	}
	again, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(again, []byte("peak_environments")) {
		t.Errorf("written again with a peak_environments: %s", again)
	}
}
