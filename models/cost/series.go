package cost

import (
	"math/big"
)

// A series reports cumulative cost at the end of each time window. The run
// is billed once, on its whole usage (so the volume tiers, the free tier,
// provisioned-concurrency rounding and LCU averaging see the whole run),
// and that total is spread over the windows in proportion to weights the
// platform computes from each window's usage at list prices. The
// cumulative series never decreases and its last value is the run's total
// to the micro-dollar. (Re-billing the cumulative usage at each window end
// with a prorated free tier would instead let cost fall in idle windows,
// as the allowance accrues.)

// Cumulative spreads total over windows in proportion to weights and
// returns the running sum after each window: out[k] = round(total ×
// W_k / W), W_k the sum of weights[0..k] (negative weights count as 0).
// With no weight at all the total is spread evenly.
func Cumulative(total Money, weights []Money) []Money {
	out := make([]Money, len(weights))
	if len(weights) == 0 {
		return out
	}
	w := make([]int64, len(weights))
	var sum int64
	for i, x := range weights {
		w[i] = max(int64(x), 0)
		sum += w[i]
	}
	if sum == 0 {
		for i := range w {
			w[i] = 1
		}
		sum = int64(len(w))
	}
	t, den := big.NewInt(int64(total)), big.NewInt(sum)
	var cum int64
	for i := range w {
		cum += w[i]
		out[i] = Money(roundHalfAway(new(big.Rat).SetFrac(new(big.Int).Mul(t, big.NewInt(cum)), den)))
	}
	return out
}
