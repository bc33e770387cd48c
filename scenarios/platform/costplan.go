package platform

import (
	"time"

	"github.com/execsim/execsim/internal/metrics"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/sim"
)

// CostPlan is the compiled cost: section: the prices every platform's usage
// is billed at, and the billing options.
type CostPlan struct {
	Prices  cost.Prices
	Options cost.Options // Run is set per run
	// FrontDoor is the kind of front door shared by every platform
	// (cost.frontDoor); FrontDoors is each FrontDoorer platform's own,
	// resolved (cost.frontDoors overrides it). Use FrontDoorOf.
	FrontDoor  cost.FrontDoor
	FrontDoors map[string]cost.FrontDoor
	// ControlPlane bills a cluster's control plane; ExtendedSupport at
	// the extended-support rate.
	ControlPlane    bool
	ExtendedSupport bool
	// PriceOverrides are the scenario's cost.prices that applied, by path.
	PriceOverrides map[string]float64
	// Warnings are what every output says about the comparison's
	// fairness (front doors that differ between platforms).
	Warnings []string
	// Assumptions are what the plan's models assume that their providers
	// do not document (Assumer), in the plan's platform order: the price
	// basis states them, as the bills rest on them.
	Assumptions []string
}

// FrontDoorOf is the kind of front door the named platform bills.
func (c *CostPlan) FrontDoorOf(name string) cost.FrontDoor {
	if fd, ok := c.FrontDoors[name]; ok {
		return fd
	}
	return c.FrontDoor
}

// FrontDoorer is implemented by a Config whose platform bills a front
// door: the kinds of cost.FrontDoor it can price. The scenario's front
// door (cost.frontDoor, or cost.frontDoors.<name>) must be one of them.
type FrontDoorer interface {
	FrontDoors() []cost.FrontDoor
}

// PayloadLimiter is implemented by a Config whose platform refuses a
// request body larger than a limit that depends on its front door: the
// limit in KB (of 1,024 bytes, as payloadKB) and the rule that sets it,
// with its source, for the error that names it.
type PayloadLimiter interface {
	MaxPayloadKB(fd cost.FrontDoor) (kb float64, rule string)
}

// ALBUsage estimates an ALB's LCU inputs over the whole run, warm-up
// included as cost always is. Clients are assumed to reuse connections (no
// new connection per request); active connections follow the gauge of
// requests in service; processed bytes are the requests' payloads.
func ALBUsage(r Run, busy models.Gauge) cost.ALBUsage {
	hours := r.Duration.Hours()
	return cost.ALBUsage{
		Hours:                 hours,
		ActiveConnectionHours: r.Rec.RunGaugeMean(busy, sim.At(r.Duration)) * hours,
		ProcessedGB:           cost.GB(float64(r.Rec.AllArrivals()) * PayloadKB(r.Services, r.Duration) * 1024),
	}
}

// PayloadKB is the arrival-weighted mean payload of the services.
func PayloadKB(services []workload.Service, d time.Duration) float64 {
	var sum, n float64
	for _, s := range services {
		r := s.Arrivals.Expected(0, d)
		sum += s.PayloadKB * r
		n += r
	}
	if n == 0 {
		return 0
	}
	return sum / n
}

// WindowWeights are the weights by which a run's exact total is spread
// over its series windows: usd(w) is what window w would cost at list
// prices (in dollars; truncated to micro-dollars).
func WindowWeights(rec *metrics.Recorder, usd func(w *metrics.Window) float64) []cost.Money {
	windows := rec.Windows()
	weights := make([]cost.Money, 0, len(windows))
	for i := range windows {
		weights = append(weights, cost.Money(usd(&windows[i])*1e6))
	}
	return weights
}
