package platform

import (
	"fmt"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/benchunit"
	"github.com/execsim/execsim/models/cost"
)

// fleetBill is a bill of n services' parts (1 to 997 µ$ each, spread so
// that their remainders differ), an idle share and a control-plane line:
// the allocation MonthlyShares splits for a fleet.
func fleetBill(n int) (cost.Breakdown, cost.Allocation) {
	a := cost.Allocation{Parts: make([]cost.Money, n)}
	var nodes cost.Money
	for i := range a.Parts {
		a.Parts[i] = cost.Money(1 + i*7919%997)
		nodes += a.Parts[i]
	}
	const idle, eks = 12_345, 100_000
	a.Shared = []cost.Share{{Item: "idle", Amount: idle}, {Item: "eks control plane", Amount: eks}}
	b := cost.Breakdown{Lines: []cost.Line{{Item: "ec2 on-demand", Amount: nodes + idle}, {Item: "eks control plane", Amount: eks}}}
	return b, a
}

// The micro-dollars the floors leave go one each to the largest
// remainders, the earlier entry first on a tie; the shares add up to the
// total. Checked against the rule as first written (a rescan of every
// remainder per micro-dollar), which this one sort replaced (review9b D4).
func TestLargestRemainder(t *testing.T) {
	for _, tc := range []struct {
		name    string
		total   cost.Money
		amounts []cost.Money
		want    []cost.Money
	}{
		{"even", 9, []cost.Money{1, 1, 1}, []cost.Money{3, 3, 3}},
		{"a tie goes to the earlier", 10, []cost.Money{1, 1, 1}, []cost.Money{4, 3, 3}},
		{"two left, ties", 11, []cost.Money{1, 1, 1}, []cost.Money{4, 4, 3}},
		{"largest remainder first", 10, []cost.Money{1, 2, 4}, []cost.Money{1, 3, 6}}, // 1.43, 2.86, 5.71
		{"a credit", 10, []cost.Money{3, -1, 2}, []cost.Money{8, -3, 5}},              // 7.5, −2.5, 5: floors 7, −3, 5
		{"nothing to split", 0, []cost.Money{5, 7}, []cost.Money{0, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, _ := largestRemainder(tc.total, rats(tc.amounts)); !slices.Equal(got, tc.want) {
				t.Errorf("largestRemainder(%d, %v) = %v; want %v", tc.total, tc.amounts, got, tc.want)
			}
		})
	}
	b, a := fleetBill(2000)
	amounts := append(slices.Clone(a.Parts), a.Shared[0].Amount)
	var sum cost.Money
	for _, m := range amounts {
		sum += m
	}
	for _, run := range []time.Duration{307 * time.Second, time.Hour, 7 * time.Minute} {
		total := b.MonthlyOver(run) - b.Lines[1].MonthlyOver(run)
		got, _ := largestRemainder(total, rats(amounts))
		if want := rescanRemainders(total, amounts, sum); !slices.Equal(got, want) {
			t.Errorf("run %v: the sorted split differs from the rescanning one", run)
		}
		var add cost.Money
		for _, m := range got {
			add += m
		}
		if add != total {
			t.Errorf("run %v: the shares add up to %d µ$; want %d", run, add, total)
		}
	}
}

// rats is amounts as exact fractions, largestRemainder's input.
func rats(amounts []cost.Money) []*big.Rat {
	out := make([]*big.Rat, len(amounts))
	for k, m := range amounts {
		out[k] = big.NewRat(int64(m), 1)
	}
	return out
}

// rescanRemainders is largestRemainder's rule as first written: for each
// micro-dollar left, a scan for the largest remainder (strictly larger,
// so the earlier wins a tie). Quadratic; for amounts of positive sum.
func rescanRemainders(total cost.Money, amounts []cost.Money, sum cost.Money) []cost.Money {
	out := make([]cost.Money, len(amounts))
	rem := make([]int64, len(amounts))
	left := total
	for k, m := range amounts {
		out[k], rem[k] = total*m/sum, int64(total*m%sum)
		left -= out[k]
	}
	for ; left > 0; left-- {
		best := 0
		for k := range rem {
			if rem[k] > rem[best] {
				best = k
			}
		}
		out[best]++
		rem[best] = -1
	}
	return out
}

// TestMonthlySharesOfABigFleet apportions a fleet at the size limit: the
// shares add up to the bill's monthly total to the micro-dollar. How long
// that takes is BenchmarkMonthlyShares' question (the quadratic rescan it
// replaced took 9.7 s at 10,000 parts), not a test's.
func TestMonthlySharesOfABigFleet(t *testing.T) {
	b, a := fleetBill(100_000)
	run := 307 * time.Second
	parts, shared := MonthlyShares(b, a, run)
	var sum cost.Money
	for _, m := range append(parts, shared...) {
		sum += m
	}
	if want := b.MonthlyOver(run); sum != want {
		t.Errorf("the shares of %d parts add up to %v, the bill's monthly total is %v", len(parts), sum, want)
	}
}

// lambdaFleetBill is the bill and allocation of n Lambda functions in a
// 30-minute run (memory, requests and durations spread so that their
// exact parts are fractions of many denominators, as a fleet's are; the
// ALB's lines whole and shared): what MonthlyShares splits for a Lambda
// fleet.
func lambdaFleetBill(tb testing.TB, n int) (cost.Breakdown, cost.Allocation) {
	tb.Helper()
	p := cost.Default()
	in := cost.LambdaInput{Functions: make([]cost.LambdaUsage, n)}
	for i := range in.Functions {
		req := int64(1 + i*7919%99_991)
		in.Functions[i] = cost.LambdaUsage{
			Name:             fmt.Sprint("fn-", i),
			Requests:         req,
			BilledDurationMs: req * int64(1+i*31%997),
			BilledInitMs:     int64(i * 13 % 2_003),
			MemoryMB:         128 + 64*(i%47),
			Calls:            req,
		}
	}
	opt := cost.Options{Run: 30 * time.Minute, Scope: cost.MonthlyVolume}
	b, err := p.LambdaCost(in, opt)
	if err != nil {
		tb.Fatal(err)
	}
	a, err := p.LambdaAllocation(b, in, opt)
	if err != nil {
		tb.Fatal(err)
	}
	return b, a
}

// BenchmarkMonthlyShares splits fleets of whole micro-dollar parts (10k,
// 100k) and Lambda fleets' exact fractional parts (lambda-500,
// lambda-10000). cpu-ns/op is the process's CPU time, the garbage
// collector's included: on a shared machine wall time counts other
// processes' turns.
func BenchmarkMonthlyShares(b *testing.B) {
	bench := func(name string, bill cost.Breakdown, a cost.Allocation, run time.Duration) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			c0 := benchunit.ProcessCPU()
			for b.Loop() {
				MonthlyShares(bill, a, run)
			}
			b.ReportMetric(float64(benchunit.ProcessCPU()-c0)/float64(b.N), "cpu-ns/op")
		})
	}
	for _, n := range []int{10_000, 100_000} {
		bill, a := fleetBill(n)
		bench(fmt.Sprint(n), bill, a, 307*time.Second)
	}
	for _, n := range []int{500, 10_000} {
		bill, a := lambdaFleetBill(b, n)
		bench(fmt.Sprint("lambda-", n), bill, a, 30*time.Minute)
	}
}
