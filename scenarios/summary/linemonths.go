package summary

import (
	"cmp"
	"slices"
	"time"

	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/scenarios/platform"
)

// lineMonths are the lines of bill b projected to a 730-h month from a
// run of length run, adding up to the bill's own projection,
// b.MonthlyOver(run), to the micro-dollar.
//
// Each line projected on its own (cost.Line.MonthlyOver) and the bill
// (cost.Breakdown.MonthlyOver) are each rounded once, from exact amounts;
// the lines' roundings need not add up to the bill's, so cost.csv's
// monthly lines came to 1 µ$ more than summary.json's monthly total
// (rev11b 9: knative-blend's Kubernetes bill, 169.313825 against
// 169.313824). The bill's projection is kept, since services.csv's
// monthly figures add up to it (platform.MonthlyShares), and the
// micro-dollars between it and the lines' own projections go one each to
// the lines whose own rounding went furthest the other way: largest
// remainder, as the allocation and MonthlyShares round. A line is then
// within a micro-dollar of its exact month, most often its own rounding.
//
// The remainders are estimated from each line's quantity × unit price
// (float64: a remainder is off by about 1e-8 µ$ on a $1M month, which
// only decides between lines that tie to that precision); the sum is
// exact whatever the estimate, since only whole micro-dollars move. Lines
// that services.csv shows whole, as shared amounts that are one line of
// the bill (the ALB's LCU-hours, the control plane: alloc's shared
// amounts MonthlyShares projects as the line's own), take a micro-dollar
// only when no other line can, so that the two files keep showing the
// same month for them.
func lineMonths(b cost.Breakdown, alloc *cost.Allocation, run time.Duration) []cost.Money {
	out := make([]cost.Money, len(b.Lines))
	var sum cost.Money
	for i, l := range b.Lines {
		out[i] = l.MonthlyOver(run)
		sum += out[i]
	}
	left := b.MonthlyOver(run) - sum
	if left == 0 || run <= 0 {
		return out
	}
	whole := map[string]bool{}
	if alloc != nil {
		for _, s := range alloc.ExactShared() {
			if _, ok := platform.WholeLine(b, s); ok {
				whole[s.Item] = true
			}
		}
	}
	step := cost.Money(1)
	if left < 0 {
		step = -1
	}
	perRun := float64(cost.Month) / float64(run) * 1e6
	type cand struct {
		i     int
		whole bool
		// under is how far the line's own rounding fell below its exact
		// month, in µ$ (negative: above), in the direction step moves it
		under float64
	}
	cands := make([]cand, len(b.Lines))
	for i, l := range b.Lines {
		exact := l.Quantity * l.UnitPriceUSD * perRun
		cands[i] = cand{i, whole[l.Item], float64(step) * (exact - float64(out[i]))}
	}
	slices.SortStableFunc(cands, func(x, y cand) int {
		if x.whole != y.whole {
			if x.whole {
				return 1
			}
			return -1
		}
		return cmp.Compare(y.under, x.under)
	})
	for k := 0; left != 0 && len(cands) > 0; k = (k + 1) % len(cands) {
		out[cands[k].i] += step
		left -= step
	}
	return out
}
