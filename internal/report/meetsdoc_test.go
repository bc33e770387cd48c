package report

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
)

// A service with too few requests, none refused and none completed (all
// still in flight at the end) gets false in placement.csv's
// <p>_meets_slo, not the empty cell of one judged by its refused share
// alone, and the README says so: its rule ("empty when too few requests
// and no more refused than the SLO allows") left that case out (rev11c
// #6).
func TestMeetsSLOOfServiceAllInFlightAsREADMESays(t *testing.T) {
	plan, err := scenario.Parse([]byte(`name: inflight
seed: 3
duration: 2m
services:
  - {name: busy, arrivals: {ratePerSecond: 2}, work: {io: "exp(mean=30ms)"}}
  - {name: slow, arrivals: {process: even, ratePerSecond: 0.05}, work: {io: "10m"}}
kubernetes: {timeout: 15m}
lambda: {memoryMB: 512, timeout: 15m}
placement: {}
`), nil, registry)
	if err != nil {
		t.Fatal(err)
	}
	res, err := runner.Run(plan, runner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(FromResult(res, "").PlacementCSV())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) int {
		for i, c := range rows[0] {
			if c == name {
				return i
			}
		}
		t.Fatalf("placement.csv has no %s: %v", name, rows[0])
		return -1
	}
	found := false
	for _, r := range rows[1:] {
		if r[0] != "slow" {
			continue
		}
		found = true
		if r[col("too_few_requests")] != "true" {
			t.Fatalf("slow: too_few_requests %s; want true", r[col("too_few_requests")])
		}
		for _, p := range []string{"kubernetes", "lambda"} {
			if got := r[col(p+"_meets_slo")]; got != "false" {
				t.Errorf("slow, all in flight on %s: meets_slo %q; want false", p, got)
			}
		}
	}
	if !found {
		t.Fatalf("placement.csv has no row for slow:\n%v", rows)
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rule, _ := strings.Cut(string(readme), "`<p>_meets_slo`\n")
	rule, _, _ = strings.Cut(rule, "`pinned`")
	if !strings.Contains(strings.Join(strings.Fields(rule), " "), "none completed because all were still in flight at the end of the run") {
		t.Errorf("the README's rule for <p>_meets_slo leaves out a service all in flight at the end:\n%s", rule)
	}
}
