package cost

import (
	"fmt"
	"math/big"
	"slices"
)

// A series reports cumulative cost at the end of each time window. The run
// is billed once, on the sum of the windows' usage (so the volume tiers,
// the free tier, provisioned-concurrency rounding and LCU averaging see the
// whole run), and that total is spread over the windows in proportion to
// each window's list-price cost: its usage billed alone, volume scope run,
// no free tier, provisioned concurrency unrounded. The cumulative series
// never decreases and its last value is the run's total to the
// micro-dollar. (Re-billing the cumulative usage at each window end with a
// prorated free tier would instead let cost fall in idle windows, as the
// allowance accrues.)

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

// LambdaSeries bills the run made of windows (each window's usage
// increment, in order) and returns the cumulative cost after each window
// and the run's breakdown. Records of a function are summed across windows
// (by Name). The front door's kind must be the same in every window (a
// zero FrontDoorUsage counts as none used).
func (p *Prices) LambdaSeries(windows []LambdaInput, o Options) ([]Money, Breakdown, error) {
	total, err := p.lambdaCost(windows, windowPaths(len(windows)), o)
	if err != nil {
		return nil, Breakdown{}, err
	}
	list := p.clone()
	list.Lambda.ProvisionedIncrementSeconds = 0
	weights := make([]Money, len(windows))
	for i := range windows {
		b, err := list.lambdaCost(windows[i:i+1], nil, Options{Scope: RunVolume})
		if err != nil {
			return nil, Breakdown{}, fmt.Errorf("windows[%d]: %w", i, err)
		}
		weights[i] = b.Total()
	}
	return Cumulative(total.Total(), weights), total, nil
}

// KubernetesSeries bills the run made of windows (each window's usage
// increment, in order) and returns the cumulative cost after each window
// and the run's breakdown. A node living across windows belongs in each
// as BilledSeconds (its Lifetime form would be billed the minimum in every
// window). The control plane is billed at the extended-support rate if any
// window says so.
func (p *Prices) KubernetesSeries(windows []KubernetesUsage) ([]Money, Breakdown, error) {
	total, err := p.kubernetesCost(windows, windowPaths(len(windows)))
	if err != nil {
		return nil, Breakdown{}, err
	}
	extended := slices.ContainsFunc(windows, func(w KubernetesUsage) bool { return w.ExtendedSupport })
	weights := make([]Money, len(windows))
	for i := range windows {
		w := windows[i]
		w.ExtendedSupport = extended
		b, err := p.kubernetesCost([]KubernetesUsage{w}, nil)
		if err != nil {
			return nil, Breakdown{}, fmt.Errorf("windows[%d]: %w", i, err)
		}
		weights[i] = b.Total()
	}
	return Cumulative(total.Total(), weights), total, nil
}

// windowPaths are the problem prefixes windows[i]. of n windows.
func windowPaths(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("windows[%d].", i)
	}
	return out
}
