package hybrid

import (
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/scenarios/platform"
)

func TestDecide(t *testing.T) {
	slo := platform.SLO{Quantile: 0.99, Target: time.Second, Refused: 0.001}
	ms := time.Millisecond
	opt := func(name string, tail time.Duration, refused, usd float64) Option {
		m := platform.Measured{Arrivals: 1000, Refused: int64(refused * 1000)}
		o := Option{Platform: name, Tail: tail, Refused: refused, MonthlyUSD: usd}
		o.Meets = tail <= slo.Target && m.RefusedShare() <= slo.Refused
		return o
	}
	for _, tc := range []struct {
		name   string
		pin    string
		opts   []Option
		want   string
		reason string
	}{
		{"both meet: the cheaper", "", []Option{opt("k", 300*ms, 0, 18), opt("l", 400*ms, 0, 2)}, "l", "cheapest that meets the SLO: $2.00 a month direct (k $18.00)"},
		{"equal costs: the first", "", []Option{opt("k", 300*ms, 0, 5), opt("l", 400*ms, 0, 5)}, "k", "cheapest that meets"},
		{"only the dearer meets", "", []Option{opt("k", 900*ms, 0, 18), opt("l", 1200*ms, 0, 2)}, "k", "(l misses the SLO)"},
		{"pinned", "l", []Option{opt("k", 300*ms, 0, 1), opt("l", 400*ms, 0, 2)}, "l", "pinned"},
		// the latency target is out of reach everywhere: cost decides
		{"none meets, close tails", "", []Option{opt("k", 3674*ms, 0, 3.5), opt("l", 3909*ms, 0, 0.005)}, "l", "no platform meets the SLO (p99 k 3.674 s and l 3.909 s); cheapest within the refused ceiling: $0.005000 a month direct"},
		{"none meets, a far longer tail", "", []Option{opt("k", 1500*ms, 0, 3.5), opt("l", 4000*ms, 0, 0.1)}, "l", "cheapest within the refused ceiling"},
		{"none meets, one refuses", "", []Option{opt("k", 2*time.Second, 0.05, 1), opt("l", 2*time.Second, 0, 9)}, "l", "0.00 % refused"},
		{"both refuse: the fewest", "", []Option{opt("k", 200*ms, 0.05, 1), opt("l", 200*ms, 0.02, 9)}, "l", "2.00 % refused"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := decide("svc", tc.pin, slo, tc.opts)
			if c.Platform != tc.want || !strings.Contains(c.Reason, tc.reason) {
				t.Errorf("placed on %s (%s); want %s (%s)", c.Platform, c.Reason, tc.want, tc.reason)
			}
		})
	}
}
