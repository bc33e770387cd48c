package hybrid

import (
	"fmt"
	"strings"
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
	// Completed is how many of its requests completed there: Tail is
	// of those, and means nothing when there are none.
	Completed int64
	// MonthlyUSD is the service's direct cost on the platform projected
	// to a month: its own part of the bill (exact on Lambda, allocated on
	// Kubernetes), without the costs no one service owes. LoadedUSD adds
	// those in proportion (see servicesMonthly); it is shown, never
	// compared: the fixed costs of opening a platform are weighed by
	// simulating the blend (search.go).
	MonthlyUSD float64
	LoadedUSD  float64
	// Meets says the platform meets the SLO for the service; for a
	// service with too few requests (Choice.TooFew) only its refused
	// share and whether any request completed are judged, not its tail.
	Meets bool
	// Why says why it does not meet the SLO ("12 of 12 requests refused
	// (12 failed); its timeout there is 3s"); "" when it does.
	Why string
}

// misses is "lambda misses the SLO", with why when known.
func (o Option) misses() string {
	if o.Why == "" {
		return o.Platform + " misses the SLO"
	}
	return o.Platform + " misses the SLO: " + o.Why
}

// Choice is where one service is placed and why.
type Choice struct {
	Service string
	// RatePerSecond is the service's mean arrival rate over the run.
	RatePerSecond float64
	Platform      string
	Reason        string
	// Pinned says the service is where placement.pin (or its platform:)
	// put it, or PinOff: no search moves it.
	Pinned  bool
	Options []Option // one per platform of the blend, in its order
	// Requests is the service's arrivals; TooFew says they are fewer than
	// placement.minRequests, so its own tail was not judged.
	Requests int64
	TooFew   bool
	// Cheapest is the platform decide chose for the service alone when it
	// meets the SLO there ("" otherwise): where the service goes unless
	// moving it costs the blend more (search.go).
	Cheapest string
}

// decide places one service alone: on the platform it is pinned to; else
// on the cheapest platform by direct cost that meets the SLO for it (the first in the blend's
// order on equal costs); else, when none meets it, on the cheapest of those
// within the refused ceiling (if none is, of those refusing the fewest).
// A latency target no platform meets is out of reach for the service (its
// own work is longer, say): it cannot decide, and a few milliseconds of
// tail are not worth many times the cost.
func decide(service, pin string, slo platform.SLO, opts []Option) Choice {
	c := Choice{Service: service, Options: opts}
	if pin != "" {
		c.Platform, c.Reason, c.Pinned = pin, "pinned", true
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
				others = append(others, o.misses())
			}
		}
		c.Cheapest = c.Platform
		c.Reason = fmt.Sprintf("cheapest that meets the SLO: %s a month direct (%s)", format.USD(opts[best].MonthlyUSD), format.And(others))
		return c
	}
	fewest := opts[0].Refused
	for _, o := range opts {
		fewest = min(fewest, o.Refused)
	}
	best = cheapest(opts, func(o Option) bool { return o.Refused <= max(slo.Refused, fewest) })
	o := opts[best]
	c.Platform = o.Platform
	var tails, whys []string
	refusing := false // some platform misses it for more than its tail
	for _, x := range opts {
		tail := fmt.Sprintf("%s %s", slo.Percentile(), format.Millis(float64(x.Tail)/1e6))
		tails = append(tails, fmt.Sprintf("%s %s", x.Platform, format.Millis(float64(x.Tail)/1e6)))
		if x.Why != "" && (x.Refused > slo.Refused || x.Completed == 0) {
			refusing = true
			tail = x.Why
		}
		whys = append(whys, x.Platform+": "+tail)
	}
	if refusing {
		// a tail of nothing completed, or of the few that were, is no reason
		c.Reason = fmt.Sprintf("no platform meets the SLO (%s); cheapest within the refused ceiling: %s a month direct, %s refused",
			strings.Join(whys, "; "), format.USD(o.MonthlyUSD), format.Percent(o.Refused))
		return c
	}
	c.Reason = fmt.Sprintf("no platform meets the SLO (%s %s); cheapest within the refused ceiling: %s a month direct, %s refused",
		slo.Percentile(), format.And(tails), format.USD(o.MonthlyUSD), format.Percent(o.Refused))
	return c
}

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
