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

// A function's month is its own usage at the list price, projected: an
// edit of another function's traffic leaves it within the one micro-dollar
// the largest remainder hands out (walk14 defect 5: projected from its
// part of the rounded lines, auth's month moved 6 µ$, and a big
// function's 100 µ$, when checkout's traffic changed). Its own month,
// from a bill of it alone, is the reference.
func TestMonthlySharesIgnoreOtherFunctions(t *testing.T) {
	p := cost.Default()
	run := 30 * time.Minute
	opt := cost.Options{Run: run, Scope: cost.MonthlyVolume}
	months := func(fns ...cost.LambdaUsage) []cost.Money {
		t.Helper()
		in := cost.LambdaInput{Functions: fns}
		b, err := p.LambdaCost(in, opt)
		if err != nil {
			t.Fatal(err)
		}
		a, err := p.LambdaAllocation(b, in, opt)
		if err != nil {
			t.Fatal(err)
		}
		parts, _ := platform.MonthlyShares(b, a, run)
		return parts
	}
	auth := cost.LambdaUsage{Name: "auth", Requests: 760, BilledDurationMs: 760 * 61, BilledInitMs: 183, MemoryMB: 512}
	cart := cost.LambdaUsage{Name: "cart", Requests: 38_800, BilledDurationMs: 38_800 * 59, BilledInitMs: 366, MemoryMB: 512}
	wantAuth, wantCart := months(auth)[0], months(cart)[0]
	for i := range 12 {
		req := int64(33_974 + 977*i)
		checkout := cost.LambdaUsage{Name: "checkout", Requests: req, BilledDurationMs: req * 69, BilledInitMs: int64(150 + 211*i), MemoryMB: 512}
		got := months(auth, cart, checkout)
		for k, want := range []cost.Money{wantAuth, wantCart} {
			if d := got[k] - want; d < -1 || d > 1 {
				t.Errorf("checkout at %d requests: %s's month is %v; alone it is %v (%+d µ$)",
					req, []string{"auth", "cart"}[k], got[k], want, d.Micros())
			}
		}
	}
}
