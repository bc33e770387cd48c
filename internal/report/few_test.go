package report

import (
	"math"
	"testing"
)

// The floor is where the nearest-rank quantile stops being the largest
// request: ⌈q·n⌉ < n.
func TestQuantileRequests(t *testing.T) {
	for _, tc := range []struct {
		q    float64
		want int64
	}{
		{0.99, 100}, {0.999, 1000}, {0.95, 20}, {0.9, 10}, {0.5, 2}, {0.9999, 10000}, {0.98, 50}, {0.97, 34},
		{0, 1}, {1, 1}, {math.NaN(), 1},
	} {
		if got := QuantileRequests(tc.q); got != tc.want {
			t.Errorf("QuantileRequests(%v) = %d; want %d", tc.q, got, tc.want)
		}
	}
	if FewP99Requests != QuantileRequests(0.99) {
		t.Errorf("FewP99Requests = %d; QuantileRequests(0.99) = %d", FewP99Requests, QuantileRequests(0.99))
	}
	// the definition: at n = QuantileRequests(q) the rank is below n, at
	// one fewer it is n itself
	for _, q := range []float64{0.5, 0.9, 0.95, 0.97, 0.98, 0.99, 0.999} {
		n := QuantileRequests(q)
		rank := func(n int64) int64 { x := q * float64(n); return int64(math.Ceil(x - x*1e-12)) }
		if rank(n) >= n || (n > 1 && rank(n-1) != n-1) {
			t.Errorf("q %v: rank of %d is %d, of %d is %d", q, n, rank(n), n-1, rank(n-1))
		}
	}
}

func TestFewRequestsSentence(t *testing.T) {
	for _, tc := range []struct {
		name string
		few  []FewRequests
		want string
	}{
		{"none", nil, ""},
		{"one", []FewRequests{{"0.02 req/s", 31}},
			"The p99 is from fewer than 100 completed requests at 0.02 req/s (31): there it is the slowest of them, and moves with that one request from run to run."},
		{"different counts", []FewRequests{{"0.05 req/s", 12}, {"Kubernetes at 0.5 req/s", 61}},
			"The p99 is from fewer than 100 completed requests at 0.05 req/s (12), Kubernetes at 0.5 req/s (61): there it is the slowest of them, and moves with that one request from run to run."},
		{"the same count", []FewRequests{{"128 MB", 41}, {"512 MB", 41}, {"1024 MB", 41}},
			"The p99 is from fewer than 100 completed requests at 128 MB, 512 MB and 1024 MB (41 each): there it is the slowest of them, and moves with that one request from run to run."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := FewRequestsSentence("p99", 0.99, tc.few); got != tc.want {
				t.Errorf("FewRequestsSentence = %q; want %q", got, tc.want)
			}
		})
	}
	if got, want := FewRequestsSentence("p99.9", 0.999, []FewRequests{{"1 req/s", 600}}), "The p99.9 is from fewer than 1,000 completed requests at 1 req/s (600): there it is the slowest of them, and moves with that one request from run to run."; got != want {
		t.Errorf("p99.9: %q; want %q", got, want)
	}
}
