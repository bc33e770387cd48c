package report

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/execsim/execsim/scenarios/sweep"
)

// Two scenarios whose bills have different lines give results.csv the same
// columns: the lines are rows of the sweep's cost.csv, whose cost_usd add
// up to each run's <platform>.cost.total_usd.
func TestResultsColumnsTheSameForEveryScenario(t *testing.T) {
	const single = `workload:
  arrivals: {process: poisson, ratePerSecond: 4}
  work: {io: "exp(mean=100ms)"}
kubernetes: {replicas: 2}
`
	// a fleet: its services, functions, deployments and shared cost are
	// lists, left to each run's services.csv
	const fleet = `services:
  - name: api
    arrivals: {process: poisson, ratePerSecond: 4}
    work: {io: "exp(mean=100ms)"}
  - name: web-hook
    arrivals: {process: poisson, ratePerSecond: 1}
    work: {io: "exp(mean=50ms)"}
    lambda: {memoryMB: 256}
kubernetes:
  nodePools: [{name: general, instanceTypes: [m6i.large], nodes: 2}]
  replicas: 2
`
	sweepOf := func(workload, costLine string) (*scenario.Plan, []sweep.UnitResult) {
		plan, err := scenario.Parse([]byte(`name: s
seed: 2
duration: 2m
`+workload+`lambda: {runtime: go}
sweep: {lambda.memoryMB: [128, 512]}
replications: 2
`+costLine+"\n"), nil, registry)
		if err != nil {
			t.Fatal(err)
		}
		res, err := sweep.Run(context.Background(), plan, plan.Units(), 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		return plan, res
	}
	pa, ra := sweepOf(single, "cost: {}")
	pb, rb := sweepOf(single, "cost: {frontDoors: {lambda: api-gateway-rest}, freeTier: true, controlPlane: false}")
	pc, rc := sweepOf(fleet, "cost: {}")
	a, b, c := ResultsTable(registry, pa, ra), ResultsTable(registry, pb, rb), ResultsTable(registry, pc, rc)
	if !slices.Equal(a.Header, b.Header) {
		t.Errorf("results.csv columns differ:\n%q\n%q", a.Header, b.Header)
	}
	if !slices.Equal(a.Header, c.Header) {
		t.Errorf("results.csv columns differ for a fleet:\n%q\n%q", a.Header, c.Header)
	}
	for _, h := range a.Header {
		if strings.ContainsAny(h, " ,") || strings.Contains(h, "breakdown") || strings.Contains(h, ".services.") || strings.Contains(h, ".shared_cost.") {
			t.Errorf("results.csv column %q: a space, a comma, a breakdown item or a service", h)
		}
	}
	agg, err := Aggregate(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range agg.Header {
		if strings.ContainsAny(h, " ,") {
			t.Errorf("aggregate.csv column %q has a space or a comma", h)
		}
	}
	// the interval's ends are the mean ∓ the half-width
	m := slices.Index(agg.Header, "lambda.latency_ms.mean.mean")
	if m < 0 || !slices.Equal(agg.Header[m:m+4], []string{"lambda.latency_ms.mean.mean", "lambda.latency_ms.mean.ci95",
		"lambda.latency_ms.mean.ci95_low", "lambda.latency_ms.mean.ci95_high"}) {
		t.Fatalf("aggregate.csv header %q", agg.Header)
	}
	for _, r := range agg.Rows {
		var x [4]float64
		for k := range x {
			x[k], _ = strconv.ParseFloat(r[m+k], 64)
		}
		if x[3]-x[2] <= 0 || math.Abs(x[2]-(x[0]-x[1])) > 1e-6*x[0] || math.Abs(x[3]-(x[0]+x[1])) > 1e-6*x[0] {
			t.Errorf("point %s: mean %v ± %v; interval %v–%v", r[0], x[0], x[1], x[2], x[3])
		}
	}
	for _, r := range a.Rows {
		for j, c := range r {
			if strings.Contains(c, "e+") || strings.Contains(c, "e-") {
				t.Errorf("results.csv %s = %q: an exponent", a.Header[j], c)
			}
		}
	}
	for _, tc := range []struct {
		plan *scenario.Plan
		res  []sweep.UnitResult
		t    Table
	}{{pa, ra, a}, {pb, rb, b}} {
		costs := SweepCostTable(tc.plan, tc.res)
		if !slices.Equal(costs.Header, SweepCostHeader([]string{"lambda.memoryMB"})) {
			t.Fatalf("cost.csv header %q", costs.Header)
		}
		sum := map[[2]string]float64{}
		for _, r := range costs.Rows {
			x, _ := strconv.ParseFloat(r[len(r)-2], 64)
			sum[[2]string{r[0], r[5]}] += x
		}
		for _, row := range tc.t.Rows {
			for _, p := range []string{"kubernetes", "lambda"} {
				total, _ := strconv.ParseFloat(row[slices.Index(tc.t.Header, p+".cost.total_usd")], 64)
				if got := sum[[2]string{row[0], p}]; math.Abs(got-total) > 1e-9 {
					t.Errorf("unit %s %s: cost.csv adds up to %v; results.csv total %v", row[0], p, got, total)
				}
			}
		}
	}
}
