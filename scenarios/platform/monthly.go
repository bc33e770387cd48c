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
// amounts (idle capacity, DaemonSets) in proportion to their run amounts,
// by largest remainder. A service's run amount is itself rounded to a
// micro-dollar by the allocation (models/cost), so a service that owes a
// few micro-dollars still shows a multiple of the month's factor; only the
// sums are exact.
func MonthlyShares(b cost.Breakdown, a cost.Allocation, run time.Duration) (parts, shared []cost.Money) {
	parts, shared = make([]cost.Money, len(a.Parts)), make([]cost.Money, len(a.Shared))
	if run <= 0 {
		return parts, shared
	}
	rest := b.MonthlyOver(run)
	// amounts left to apportion: the parts, then the shared amounts that
	// are no line of the bill
	var amounts []cost.Money
	var into []*cost.Money
	for i := range a.Parts {
		amounts, into = append(amounts, a.Parts[i]), append(into, &parts[i])
	}
	for i, s := range a.Shared {
		if l, ok := b.Line(s.Item); ok && l.Amount == s.Amount {
			shared[i] = l.MonthlyOver(run)
			rest -= shared[i]
			continue
		}
		amounts, into = append(amounts, s.Amount), append(into, &shared[i])
	}
	var sum cost.Money
	for _, m := range amounts {
		sum += m
	}
	if sum == 0 {
		// nothing to weigh by (a bill of credits that cancel): each on its
		// own, as before
		for k, m := range amounts {
			*into[k] = cost.Monthly(m, run)
		}
		return parts, shared
	}
	for k, m := range largestRemainder(rest, amounts, sum) {
		*into[k] = m
	}
	return parts, shared
}

// largestRemainder splits total in proportion to amounts (which add up to
// sum, not 0): each share rounded down, then the micro-dollars left over
// one each to the largest remainders, the earlier entry first on a tie.
func largestRemainder(total cost.Money, amounts []cost.Money, sum cost.Money) []cost.Money {
	out := make([]cost.Money, len(amounts))
	den := big.NewInt(int64(sum))
	if den.Sign() < 0 {
		den.Neg(den)
	}
	rem := make([]*big.Int, len(amounts))
	left := int64(total)
	for k, m := range amounts {
		// total × m / sum, rounded down; with a negative sum, as total ×
		// (−m) / |sum|
		num := new(big.Int).Mul(big.NewInt(int64(total)), big.NewInt(int64(m)))
		if sum < 0 {
			num.Neg(num)
		}
		q, r := new(big.Int).DivMod(num, den, new(big.Int)) // Euclidean: r ≥ 0, q rounded down
		out[k], rem[k] = cost.Money(q.Int64()), r
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
