package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/execsim/execsim/internal/format"
)

// FewP99Requests is the fewest completed requests whose p99 is more than
// their slowest request: the threshold under which a run's, a sweep
// point's, a tuning value's or a break-even rate's p99 is flagged (walk
// report 3: a sweep at 0.05 req/s drew a p99 from 12 requests, with a
// 45–550 ms band). It is QuantileRequests(0.99).
//
// Why 100, from the order statistics: the p99 of n latencies is taken at
// nearest rank, the ⌈0.99·n⌉-th smallest, which is the largest of all while
// 0.99·n > n − 1, that is for n < 100. The largest of n draws lies below
// the true p99 with probability 0.99ⁿ (89 % for 12 draws, 37 % for 100)
// and sits on average at the n/(n+1) quantile (p92 for 12): below 100
// requests a "p99" is the slowest request, says little about the p99, and
// moves with that one request from run to run. From 100 on at least one
// request lies beyond it; the estimate is still loose (a distribution-free
// 95 % interval for a p99, from the binomial law of the ranks, has an upper
// end only from 367 requests, where 0.99ⁿ ≤ 2.5 %), which the sweep's
// confidence bands over replications show. So 100 is a floor for a p99 to
// mean anything, not a guarantee.
const FewP99Requests = 100

// QuantileRequests is the same floor for any quantile q in (0, 1): the
// fewest requests whose nearest-rank q-quantile is not their largest,
// ⌈1/(1 − q)⌉ (100 for p99, 1,000 for p99.9, 20 for p95). plots' tail
// chart marks a percentile on a line by the same rule.
func QuantileRequests(q float64) int64 {
	if !(q > 0) || q >= 1 {
		return 1
	}
	n := 1 / (1 - q)
	if r := math.Round(n); math.Abs(n-r) < 1e-6*r {
		return int64(r) // 1/(1 − 0.99) is 100.00000000000009 in floating point
	}
	return int64(math.Ceil(n))
}

// FewRequests is a percentile drawn from too few requests: where (a
// sweep point, a tuned value, a rate) and from how many.
type FewRequests struct {
	Where string
	N     float64 // completed requests
}

// FewRequestsSentence says which percentiles rest on fewer requests than
// QuantileRequests(q), e.g. "The p99 is from fewer than 100 completed
// requests at 0.05 req/s (12), 0.5 req/s (61): there it is the slowest of
// them, and moves with that one request from run to run.", or "… at
// 128 MB, 512 MB and 1024 MB (41 each): …". "" for none.
func FewRequestsSentence(percentile string, q float64, few []FewRequests) string {
	if len(few) == 0 {
		return ""
	}
	var at, where []string
	same := true
	for _, f := range few {
		at = append(at, f.Where+" ("+format.Sig(f.N, 3)+")")
		where = append(where, f.Where)
		same = same && f.N == few[0].N
	}
	list := strings.Join(at, ", ")
	if same && len(few) > 1 {
		list = format.And(where) + " (" + format.Sig(few[0].N, 3) + " each)"
	}
	return fmt.Sprintf("The %s is from fewer than %s completed requests at %s: there it is the slowest of them, and moves with that one request from run to run.",
		percentile, format.Count(QuantileRequests(q)), list)
}
