package hybrid

import (
	"fmt"
	"time"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/scenarios/platform"
)

// Option is how one service fared on one platform of the blend, in that
// platform's own run of the whole scenario.
type Option struct {
	Platform string
	// Tail is the SLO's percentile of the service's latency and Refused
	// the share of its requests refused.
	Tail    time.Duration
	Refused float64
	// MonthlyUSD is the service's cost on the platform projected to a
	// month: exact on Lambda, allocated on Kubernetes.
	MonthlyUSD float64
	Meets      bool
}

// Choice is where one service is placed and why.
type Choice struct {
	Service string
	// RatePerSecond is the service's mean arrival rate over the run.
	RatePerSecond float64
	Platform      string
	Reason        string
	Options       []Option // one per platform of the blend, in its order
}

// decide places one service: on the platform it is pinned to; else on the
// cheapest platform that meets the SLO for it (the first in the blend's
// order on equal costs); else, when none meets it, on the cheapest of
// those that come closest: within the refused ceiling if any is (else at
// the fewest refused), and with a tail within closeTail of the shortest
// such tail. A service whose own work is longer than the latency target
// misses it everywhere; its tail then hardly depends on the platform, and
// the cost should decide rather than a few milliseconds of tail.
func decide(service, pin string, slo platform.SLO, opts []Option) Choice {
	c := Choice{Service: service, Options: opts}
	if pin != "" {
		c.Platform, c.Reason = pin, "pinned"
		return c
	}
	best := cheapest(opts, func(o Option) bool { return o.Meets })
	if best >= 0 {
		c.Platform = opts[best].Platform
		var others []string
		for i, o := range opts {
			if i == best {
				continue
			}
			if o.Meets {
				others = append(others, fmt.Sprintf("%s %s", o.Platform, format.USD(o.MonthlyUSD)))
			} else {
				others = append(others, fmt.Sprintf("%s misses the SLO", o.Platform))
			}
		}
		c.Reason = fmt.Sprintf("cheapest that meets the SLO: %s a month (%s)", format.USD(opts[best].MonthlyUSD), format.And(others))
		return c
	}
	// None meets it: first the refused ceiling, then the tail, then cost.
	fewest := opts[0].Refused
	for _, o := range opts {
		fewest = min(fewest, o.Refused)
	}
	refusedOK := func(o Option) bool { return o.Refused <= max(slo.Refused, fewest) }
	shortest := time.Duration(-1)
	for _, o := range opts {
		if refusedOK(o) && (shortest < 0 || o.Tail < shortest) {
			shortest = o.Tail
		}
	}
	close := func(o Option) bool {
		return refusedOK(o) && float64(o.Tail) <= float64(shortest)*(1+closeTail)
	}
	best = cheapest(opts, close)
	o := opts[best]
	c.Platform = o.Platform
	c.Reason = fmt.Sprintf("no platform meets the SLO; cheapest of the closest: %s a month, %s %s, %s refused",
		format.USD(o.MonthlyUSD), slo.Percentile(), format.Millis(float64(o.Tail)/1e6), format.Percent(o.Refused))
	return c
}

// closeTail is how much longer than the shortest a tail may be and still
// count as close, when no platform meets the SLO: 10 %.
const closeTail = 0.10

// cheapest is the index of the cheapest option that ok accepts (the first
// on equal costs), or −1.
func cheapest(opts []Option, ok func(Option) bool) int {
	best := -1
	for i, o := range opts {
		if ok(o) && (best < 0 || o.MonthlyUSD < opts[best].MonthlyUSD) {
			best = i
		}
	}
	return best
}
