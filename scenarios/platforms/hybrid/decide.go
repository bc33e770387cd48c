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
// order on equal costs); else, when none meets it, on the one that comes
// closest: the fewest refused, then the shortest tail.
func decide(service, pin string, slo platform.SLO, opts []Option) Choice {
	c := Choice{Service: service, Options: opts}
	if pin != "" {
		c.Platform, c.Reason = pin, "pinned"
		return c
	}
	best := -1
	for i, o := range opts {
		if o.Meets && (best < 0 || o.MonthlyUSD < opts[best].MonthlyUSD) {
			best = i
		}
	}
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
	for i, o := range opts {
		if best < 0 || o.Refused < opts[best].Refused || (o.Refused == opts[best].Refused && o.Tail < opts[best].Tail) {
			best = i
		}
	}
	o := opts[best]
	c.Platform = o.Platform
	c.Reason = fmt.Sprintf("no platform meets the SLO; closest: %s refused, %s", format.Percent(o.Refused), format.Millis(float64(o.Tail)/1e6))
	return c
}
