package platform_test

import (
	"math"
	"testing"
	"time"

	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/scenarios/platform"
)

// A service's month is projected from its exact run amount, not from the
// micro-dollar it rounds to (outputs9: a function owing 0.66 µ$ in a
// 30-minute run showed $0.001460 a month, 1 µ$ × 1,460). The parts still
// add up: run amounts to the bill's total, months to the bill's month.
func TestMonthlySharesProjectExactAmounts(t *testing.T) {
	p := cost.Default()
	run := 30 * time.Minute
	in := cost.LambdaInput{Functions: []cost.LambdaUsage{
		{Name: "busy", Requests: 1_000_000, BilledDurationMs: 1_000_000 * 50, MemoryMB: 128},
		{Name: "quiet", Requests: 3, BilledDurationMs: 3 * 10, MemoryMB: 128},
	}}
	opt := cost.Options{Run: run, Scope: cost.MonthlyVolume}
	b, err := p.LambdaCost(in, opt)
	if err != nil {
		t.Fatal(err)
	}
	a, err := p.LambdaAllocation(b, in, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Check(b); err != nil {
		t.Fatal(err)
	}
	parts, shared := platform.MonthlyShares(b, a, run)
	factor := float64(cost.Month) / float64(run)
	// quiet's exact run amount: 3 requests at $0.20 a million and
	// 0.00375 GB-s at $0.0000166667, in micro-dollars
	quiet := 3*0.2 + 3*0.010*0.125*16.6667
	if got, want := float64(parts[1]), quiet*factor; math.Abs(got-want) > 2 {
		t.Errorf("quiet's month %v µ$; want %.1f (its exact %.4f µ$ a run × %.0f), not its rounded run amount %v × %.0f",
			parts[1].Micros(), want, quiet, factor, a.Parts[1].Micros(), factor)
	}
	var sum cost.Money
	for _, m := range append(parts, shared...) {
		sum += m
	}
	if want := b.MonthlyOver(run); sum != want {
		t.Errorf("the months add up to %v; the bill's month is %v", sum, want)
	}
}
