package cost

import (
	"fmt"
	"math/big"
	"time"

	"github.com/execsim/execsim/models"
)

// Scope says which volume the monthly volume tiers and the monthly free
// tier apply to.
//
// AWS applies them to a calendar month's aggregate (Lambda duration per
// architecture, API Gateway requests). A run is usually much shorter than a
// month. With MonthlyVolume (the default) the run's volume V is projected
// to a 730-h month at the run's average rate, priced there, and the charge
// scaled back to the run. With s = run / 730 h and a schedule of tier
// prices p_i over [a_i, a_i + w_i) and a free allowance F:
//
//	charge(V) = f(V / s) × s,   f(x) = Σ_i p_i × clamp(x − F − a_i, 0, w_i)
//	          = Σ_i p_i × clamp(V − F·s − a_i·s, 0, w_i·s)
//
// that is, the free allowance and every tier boundary prorated by s: a 73-h
// run (s = 0.1) gets 100,000 free requests, and its x86_64 duration leaves
// tier 1 after 600 M GB-s. RunVolume (s = 1) prices the raw run volume as if
// the run were the whole month: the full allowance, unscaled boundaries.
type Scope uint8

const (
	MonthlyVolume Scope = iota // project to a 730-h month, then scale back [default]
	RunVolume                  // the run's raw volume is the month's volume
)

var scopes = models.Enum[Scope]{What: "volume scope", Names: []string{"monthly", "run"}, Unknown: "%d"}

func (s Scope) String() string { return scopes.String(s) }

// ParseScope parses monthly | run.
func ParseScope(s string) (Scope, error) { return parse(scopes, s) }

// Options are how a run's usage is billed.
type Options struct {
	// Run is the run's simulated length; required (> 0) with MonthlyVolume.
	Run time.Duration
	// Scope is what the volume tiers and the free tier apply to.
	Scope Scope
	// FreeTier applies the Lambda free tier (1 M requests and 400,000 GB-s a
	// month, not for functions with provisioned concurrency).
	FreeTier bool
}

// scale is s = run / 730 h for MonthlyVolume, 1 for RunVolume.
func (o Options) scale() (*big.Rat, error) {
	switch o.Scope {
	case MonthlyVolume:
		if o.Run <= 0 {
			return nil, models.Fieldf("run", o.Run, models.ErrRange,
				"must be > 0 to project the run's volume to a month (or use scope run)")
		}
		return big.NewRat(int64(o.Run), int64(Month)), nil
	case RunVolume:
		return ratInt(1), nil
	}
	return nil, models.Fieldf("scope", o.Scope, models.ErrUnknown, "must be monthly or run")
}

// Tier is one step of a monthly volume-tiered price.
type Tier struct {
	// Size is the tier's width in the priced quantity (GB-s, requests);
	// ignored for the last tier, which is unbounded.
	Size float64
	// PriceUSD is the price per unit of the line it feeds (per GB-s, per
	// million requests).
	PriceUSD float64
}

// tierQuantities splits q over tiers whose widths are prorated by s; the
// last tier takes the rest.
func tierQuantities(q *big.Rat, tiers []Tier, s *big.Rat) []*big.Rat {
	out := make([]*big.Rat, len(tiers))
	rest := new(big.Rat).Set(q)
	for i, t := range tiers {
		if i == len(tiers)-1 {
			out[i] = rest
			break
		}
		out[i] = minRat(rest, mul(dec(t.Size), s))
		rest = sub(rest, out[i])
	}
	return out
}

// tierDiscounts writes a credit line for each tier above the first: its
// quantity at its price minus the first tier's. The gross quantity is
// already billed at the first tier's price, so the lines sum to the tiered
// charge. billable is in the tiers' Size unit; per converts it to the
// line's unit (1 for GB-s, 10^6 for requests priced per million).
func (b *Breakdown) tierDiscounts(item string, billable *big.Rat, tiers []Tier, s, per *big.Rat, unit string) {
	qs := tierQuantities(billable, tiers, s)
	p0 := dec(tiers[0].PriceUSD)
	for i := 1; i < len(tiers); i++ {
		if qs[i].Sign() <= 0 {
			continue
		}
		b.add(fmt.Sprintf("%s tier %d discount", item, i+1), quo(qs[i], per), unit, sub(dec(tiers[i].PriceUSD), p0))
	}
}

// parse reads a name of one of this package's enumerations: exactly (the
// cost options have always been case-sensitive), with the names allowed in
// the error in the words every other enumeration's uses (models.Enum.Parse):
// unknown front door "x" (allowed: none, alb).
func parse[T ~uint8](e models.Enum[T], s string) (T, error) {
	if v, ok := e.Lookup(s); ok {
		return v, nil
	}
	return 0, fmt.Errorf("unknown %s %q (allowed: %s)", e.What, s, e.Join(", "))
}
