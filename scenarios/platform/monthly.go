package platform

import (
	"math/big"
	"time"

	"github.com/execsim/execsim/models/cost"
)

// MonthlyShares projects an allocation of bill b to a 730-h month from a
// run of length run: each service's part (parts, in a.Parts' order) and
// each shared amount (shared, in a.Shared's order), adding up to the
// bill's own projection, b.MonthlyOver(run), to the micro-dollar.
//
// Projecting each amount on its own, as cost.Monthly does, scales an
// amount already rounded to a micro-dollar: × 1,460 for a 30-minute run,
// so a 500-service fleet's monthly parts came to $2,332.19 against the
// bill's $2,332.09 (audit 3). Instead a shared amount that is a whole bill
// line (the ALB's LCU-hours, the control plane) takes that line's own
// projection, from its unrounded amount, and what is left of the bill's
// projection is apportioned among the services and the other shared
// amounts (idle capacity, DaemonSets) in proportion to their exact run
// amounts, by largest remainder. The exact amounts are split from the
// bill's unrounded lines (cost.Allocation.UnroundedParts), so that a
// function's month is its own usage at the list price: split from the
// rounded lines, it carried each line's rounding, which the whole
// account's quantity decides (walk14 defect 5: one service's edited
// traffic moved 40 others' months at the sixth digit). A service that owes 0.6 µ$ a run is projected from
// 0.6 µ$, not from the micro-dollar its run amount shows (outputs9: a
// function showed $0.001460 a month, 1 µ$ × 1,460, for 0.9 µ$ a run).
func MonthlyShares(b cost.Breakdown, a cost.Allocation, run time.Duration) (parts, shared []cost.Money) {
	parts, shared = make([]cost.Money, len(a.Parts)), make([]cost.Money, len(a.Shared))
	if run <= 0 {
		return parts, shared
	}
	rest := b.MonthlyOver(run)
	// amounts left to apportion: the parts, then the shared amounts that
	// are no line of the bill
	amounts := make([]*big.Rat, 0, len(a.Parts)+len(a.Shared))
	into := make([]*cost.Money, 0, cap(amounts))
	for i, x := range a.UnroundedParts() {
		amounts, into = append(amounts, x), append(into, &parts[i])
	}
	unrounded := a.UnroundedShared()
	for i, s := range a.ExactShared() {
		if l, ok := WholeLine(b, s); ok {
			shared[i] = l.MonthlyOver(run)
			rest -= shared[i]
			continue
		}
		amounts, into = append(amounts, unrounded[i].Amount), append(into, &shared[i])
	}
	split, ok := largestRemainder(rest, amounts)
	if !ok {
		// nothing to weigh by (a bill of credits that cancel): each on its
		// own, as before
		for k, x := range amounts {
			*into[k] = cost.Monthly(roundMicros(x), run)
		}
		return parts, shared
	}
	for k, m := range split {
		*into[k] = m
	}
	return parts, shared
}

// roundMicros is x rounded to the nearest micro-dollar, halves away from
// zero.
func roundMicros(x *big.Rat) cost.Money {
	q, r := new(big.Int).QuoRem(x.Num(), x.Denom(), new(big.Int)) // truncated
	if new(big.Int).Abs(new(big.Int).Mul(r, big.NewInt(2))).Cmp(x.Denom()) >= 0 {
		q.Add(q, big.NewInt(int64(x.Sign())))
	}
	return cost.Money(q.Int64())
}

// WholeLine is the line of bill b that shared amount s is the whole of
// (the ALB's LCU-hours, the control plane), ok false when it is none.
// MonthlyShares projects such an amount as that line's own month, so
// services.csv shows it as cost.csv does; the summary's line months
// (summary.lineMonths) keep it so by the same test.
func WholeLine(b cost.Breakdown, s cost.ExactShare) (cost.Line, bool) {
	l, ok := b.Line(s.Item)
	return l, ok && s.Amount.Cmp(new(big.Rat).SetInt64(l.Amount.Micros())) == 0
}
