package platform

import (
	"cmp"
	"math/big"
	"slices"
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
// amounts (cost.Allocation.ExactParts: the allocation rounds last), by
// largest remainder. A service that owes 0.6 µ$ a run is projected from
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
	var amounts []*big.Rat
	var into []*cost.Money
	for i, x := range a.ExactParts() {
		amounts, into = append(amounts, x), append(into, &parts[i])
	}
	for i, s := range a.ExactShared() {
		if l, ok := b.Line(s.Item); ok && s.Amount.Cmp(new(big.Rat).SetInt64(l.Amount.Micros())) == 0 {
			shared[i] = l.MonthlyOver(run)
			rest -= shared[i]
			continue
		}
		amounts, into = append(amounts, s.Amount), append(into, &shared[i])
	}
	sum := new(big.Rat)
	for _, x := range amounts {
		sum.Add(sum, x)
	}
	if sum.Sign() == 0 {
		// nothing to weigh by (a bill of credits that cancel): each on its
		// own, as before
		for k, x := range amounts {
			*into[k] = cost.Monthly(roundMicros(x), run)
		}
		return parts, shared
	}
	for k, m := range largestRemainder(rest, amounts, sum) {
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

// largestRemainder splits total in proportion to amounts (which add up to
// sum, not 0): each share rounded down, then the micro-dollars left over
// one each to the largest remainders, the earlier entry first on a tie.
func largestRemainder(total cost.Money, amounts []*big.Rat, sum *big.Rat) []cost.Money {
	out := make([]cost.Money, len(amounts))
	rem := make([]*big.Rat, len(amounts))
	left := int64(total)
	for k, x := range amounts {
		// total × x / sum, rounded down (Euclidean division: the floor)
		v := new(big.Rat).Mul(new(big.Rat).SetInt64(int64(total)), x)
		v.Quo(v, sum)
		q := new(big.Int).Div(v.Num(), v.Denom())
		out[k], rem[k] = cost.Money(q.Int64()), v.Sub(v, new(big.Rat).SetInt(q))
		left -= q.Int64()
	}
	// The floors fall short of total by less than one micro-dollar per
	// amount, so left < len(amounts): one each to the first left entries
	// by remainder, largest first, the earlier entry first on a tie. One
	// sort: rescanning every remainder for each micro-dollar left was
	// quadratic, 9.7 s for 10,000 services (review9b D4).
	order := make([]int, len(amounts))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(i, j int) int {
		return cmp.Or(rem[j].Cmp(rem[i]), cmp.Compare(i, j))
	})
	for _, k := range order {
		if left <= 0 {
			break
		}
		out[k]++
		left--
	}
	return out
}
