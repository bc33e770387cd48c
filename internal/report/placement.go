package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/scenarios/platform"
)

// PlacementFile is where every service of a placement: went and why (walk3,
// defect 2: the answer was only in summary.json).
const PlacementFile = "placement.csv"

// PlacementCSV renders placement.csv: one row per service, in the
// scenario's order, with
//
//   - service, requests (its arrivals in the run), rate_per_second;
//   - placed_on, the platform the blend runs it on, and cheapest_alone,
//     the platform cheapest for it alone by direct cost among those that
//     meet the SLO for it (empty when none does): the two differ when
//     moving it would cost the blend more than it saves;
//   - too_few_requests: true when its requests are fewer than
//     placement.minRequests, so its own tail was not judged;
//   - reason, the placement's sentence;
//   - per platform of the blend: <p>_direct_monthly_usd (its own part of
//     that platform's bill in that platform's run of every service, as
//     services.csv's monthly_usd), <p>_loaded_monthly_usd (the direct
//     cost scaled up by that run's bill over the sum of its direct costs,
//     so that it carries its share of idle capacity, control plane and
//     load balancer: a column adds up to the platform's own bill, all on
//     <p>, never to the blend's, loadedSums), <p>_tail_ms (its latency at
//     the SLO's percentile there; empty when too_few_requests or none of
//     its requests completed there) and <p>_meets_slo (true or false;
//     empty when too_few_requests and its refused share is within the
//     SLO, which alone is judged then);
//   - pinned: true when the scenario pinned it where it is. It is last,
//     though it reads best beside too_few_requests: it came after the
//     other columns, and a reader of an older file that takes columns by
//     position (reason is the 7th, the platforms' from the 8th) reads a
//     newer one the same way.
//
// nil without a placement.
func (b *Bundle) PlacementCSV() []byte {
	pl := b.Summary.Placement
	if pl == nil || pl.Legacy != nil {
		return nil
	}
	f := fleetOf(b.Summary, b.Registry)
	header := []string{"service", "requests", "rate_per_second", "placed_on", "cheapest_alone", "too_few_requests", "reason"}
	for _, p := range f.parts {
		header = append(header, p+"_direct_monthly_usd", p+"_loaded_monthly_usd", p+"_tail_ms", p+"_meets_slo")
	}
	header = append(header, "pinned")
	rows := [][]string{header}
	for _, svc := range pl.Services {
		r := []string{svc.Name, strconv.FormatInt(svc.Requests, 10), strconv.FormatFloat(svc.RatePerSecond, 'f', -1, 64),
			svc.Platform, svc.Cheapest, strconv.FormatBool(svc.TooFewRequests), svc.Reason}
		for _, p := range f.parts {
			o := option(svc, p)
			if o == nil {
				r = append(r, "", "", "", "")
				continue
			}
			meets := strconv.FormatBool(o.MeetsSLO)
			if o.NotJudged {
				meets = ""
			}
			tail := strconv.FormatFloat(o.TailMs, 'f', 3, 64)
			if o.NoTail || svc.TooFewRequests {
				tail = ""
			}
			r = append(r, strconv.FormatFloat(o.MonthlyUSD, 'f', 6, 64), strconv.FormatFloat(o.LoadedMonthlyUSD, 'f', 6, 64),
				tail, meets)
		}
		r = append(r, strconv.FormatBool(svc.Pinned))
		rows = append(rows, r)
	}
	return CSVBytes(rows)
}

// placedOn is the platform each service of a placement was placed on, by
// name; nil without a placement.
func placedOn(pl *platform.Placement) map[string]string {
	if pl == nil {
		return nil
	}
	out := make(map[string]string, len(pl.Services))
	for _, svc := range pl.Services {
		out[svc.Name] = svc.Platform
	}
	return out
}

// placedCounts says how many services are where the placement would put
// them alone, and why the others are not: "434 of 500 services are on the
// cheapest platform that meets the SLO for them alone (by direct cost);
// 66 are not: …". "" for a summary written before the search (its
// services name no cheapest platform).
func (f *fleet) placedCounts() string {
	var cheapest, pinned, none, moved int
	known := false
	for _, svc := range f.pl.Services {
		switch {
		case svc.Cheapest != "" || svc.Requests > 0:
			known = true
		}
		switch {
		case svc.Pinned:
			pinned++
		case svc.Cheapest == "":
			none++
		case svc.Cheapest == svc.Platform:
			cheapest++
		default:
			moved++
		}
	}
	if !known {
		return ""
	}
	var parts []string
	parts = append(parts, fmt.Sprintf("%s of %s services are on the cheapest platform that meets the SLO for them alone (by direct cost)",
		format.Count(int64(cheapest)), format.Count(int64(len(f.pl.Services)))))
	if moved > 0 {
		them, they, one := format.Plural(moved, "it", "them"), format.Plural(moved, "it", "they"), format.Plural(moved, "its", "each one's")
		why := "the simulated blend moving " + them + " was not cheaper while meeting the SLO as well, mostly for the fixed costs (nodes, a control plane, a load balancer) of the platform " + they + " would need; " + one + " reason in " + PlacementFile + " gives the numbers"
		if f.pl.Settled != "" {
			why = "every service stays on " + f.reg.Look(f.pl.Settled).Noun + ", since no simulated blend moving " + them + " was both cheaper and as good on the SLO (compared below)"
		}
		parts = append(parts, fmt.Sprintf("%s %s not: %s", format.Count(int64(moved)), format.Plural(moved, "is", "are"), why))
	}
	if none > 0 {
		parts = append(parts, fmt.Sprintf("for %s no platform meets the SLO (placed where it refuses the fewest of its requests beyond the ceiling, then by cost where only a tail out of reach everywhere sets the platforms apart)", format.Count(int64(none))))
	}
	if pinned > 0 {
		parts = append(parts, fmt.Sprintf("%s %s pinned", format.Count(int64(pinned)), format.Plural(pinned, "is", "are")))
	}
	return format.Capitalised(strings.Join(parts, "; ")) + "."
}

// tooFew names the services with too few requests to judge their own
// tail: "3 services had too few requests (< 100) to judge their own p99
// (a, b and c): placed by cost among the platforms that refuse no more of
// their requests than the SLO allows; the SLO judges their tail only
// within each whole run." At most ten names; placement.csv has them all.
// "" when none.
func (f *fleet) tooFew() string {
	var names []string
	for _, svc := range f.pl.Services {
		if svc.TooFewRequests {
			names = append(names, svc.Name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	n := len(names)
	shown := names[:min(n, 10)]
	list := format.And(shown)
	if n > len(shown) {
		list = strings.Join(shown, ", ") + fmt.Sprintf(" and %s more, all in %s", format.Count(int64(n-len(shown))), PlacementFile)
	}
	return fmt.Sprintf("%s %s too few requests (< %s) to judge %s own %s (%s): placed by cost among the platforms that refuse no more of %s requests than the SLO allows; the SLO judges %s tail only within each whole run.",
		format.Count(int64(n)), format.Plural(n, "service had", "services had"), format.Count(int64(f.pl.MinRequests)),
		format.Plural(n, "its", "their"), f.pl.SLO.Percentile, list, format.Plural(n, "its", "their"), format.Plural(n, "its", "their"))
}

// compared says what the placement compared and what it settled on: each
// platform's own run of every service, then each blend it simulated
// (extra runs), and how the blend's bill relates to its services' direct
// costs. "" for a summary written before the search.
func (f *fleet) compared() string {
	if len(f.pl.Trials) == 0 {
		return ""
	}
	// a platform's own run is "all on <platform>", exactly; a move that
	// puts every service on one platform ends ": all on <platform>" and
	// is no own run, though it costs no simulation either
	own := func(t platform.PlacementTrial) bool {
		p, ok := strings.CutPrefix(t.What, "all on ")
		_, isRun := f.pl.MonthlyUSD["all_"+p]
		return ok && isRun && !t.Simulated
	}
	trial := func(t platform.PlacementTrial) string {
		s := fmt.Sprintf("%s: %s a month, %s", t.What, format.USD(t.MonthlyUSD), t.Standing())
		if !own(t) && !t.Simulated {
			s += " (that platform's own run, no simulation)"
		}
		if !own(t) && !t.Kept {
			s += ", not kept"
		}
		return s
	}
	var alone, sims []string
	simulated, free := 0, 0
	for _, t := range f.pl.Trials {
		switch {
		case own(t):
			alone = append(alone, trial(t))
		default:
			sims = append(sims, trial(t))
			if t.Simulated {
				simulated++
			} else {
				free++
			}
		}
	}
	s := "The placement compared each platform's own run of every service (" + strings.Join(alone, "; ") + ")"
	switch len(sims) {
	case 0:
		s += " and simulated no blend (no group of services was cheaper elsewhere or needed another platform for the SLO)"
	default:
		verb := "it simulated"
		if free > 0 {
			verb = "it tried"
		}
		s += fmt.Sprintf(" with %s %s (%s)", format.Plural(len(sims), "one blend", format.Count(int64(len(sims)))+" blends"), verb, strings.Join(sims, "; "))
	}
	switch {
	case f.pl.Settled != "" && f.pl.SettledRanAgain:
		// written before the reuse: that run simulated the blend again
		simulated++
		s += fmt.Sprintf(". No blend was cheaper while meeting the SLO as well: it recommends all on %s, and the hybrid column is that platform run once more as the blend", f.reg.Look(f.pl.Settled).Noun)
	case f.pl.Settled != "":
		// the blend of every service on one platform is that platform's
		// run, which the hybrid column reuses (platform.Reuser)
		s += fmt.Sprintf(". No blend was cheaper while meeting the SLO as well: it recommends all on %s, and the hybrid column is that platform's own run", f.reg.Look(f.pl.Settled).Noun)
	}
	s += fmt.Sprintf(". The search cost %s %s beyond the platforms' own runs.", format.Count(int64(simulated)), format.Plural(simulated, "simulation", "simulations"))
	if st := f.pl.Interrupted; st != nil {
		s += " Interrupted: " + searchCut(st)
	}
	return s
}

// reconcile explains the blend's bill against the sum of its services'
// direct costs: the difference is what no one service owes. "" without
// the blend's total.
func (f *fleet) reconcile() string {
	blend, ok := f.monthly(f.blend)
	if !ok || len(f.pl.Trials) == 0 {
		return ""
	}
	var sum float64
	for _, svc := range f.pl.Services {
		if o := option(svc, svc.Platform); o != nil {
			sum += o.MonthlyUSD
		}
	}
	return fmt.Sprintf("The per-service costs are direct: each service's own part of a platform's bill in that platform's run of every service (as services.csv shows them). On the platforms chosen they add up to %s a month; the blend's bill is %s, the difference (%s) being the costs no one service owes (idle capacity, control planes, load balancers) and what its services use differently beside fewer others.%s",
		format.USD(sum), format.USD(blend), signedUSD(blend-sum), f.loadedSums(blend))
}

// loadedSums says what placement.csv's loaded costs add up to, so that no
// one adds them up to the blend's bill (outputs9: "its loaded cost too
// (direct scaled up by the bill's total …)", right after the blend's
// bill, read as if the loaded costs on the platforms chosen made it up).
// A service's loaded cost on a platform is its share of that platform's
// own run of every service: each platform's loaded costs add up to that
// run's bill. Mixed from several runs, the loaded costs on the platforms
// chosen add up to no bill, for the blend's comes from its own run, where
// its services share other nodes and fixed costs. The sums are of the
// loaded costs themselves; " placement.csv …" or "" when no service has
// one (a summary written before them).
func (f *fleet) loadedSums(blend float64) string {
	sums := map[string]float64{}
	var chosen float64
	have := false
	for _, svc := range f.pl.Services {
		for _, o := range svc.Options {
			sums[o.Platform] += o.LoadedMonthlyUSD
			have = have || o.LoadedMonthlyUSD != 0
			if o.Platform == svc.Platform {
				chosen += o.LoadedMonthlyUSD
			}
		}
	}
	if !have {
		return ""
	}
	var each []string
	for _, p := range f.parts {
		if _, ok := sums[p]; ok {
			each = append(each, fmt.Sprintf("all on %s %s", f.reg.Look(p).Noun, format.USD(sums[p])))
		}
	}
	return fmt.Sprintf(" placement.csv lists every service with its loaded cost on each platform too: its direct cost scaled up by that platform's bill over the sum of the direct costs in the same run. Each platform's loaded costs add up to that run's bill (%s), not to the blend's: on the platforms chosen they come to %s, against the blend's %s from its own run.",
		format.And(each), format.USD(chosen), format.USD(blend))
}

func signedUSD(v float64) string {
	if v < 0 {
		return "−" + format.USD(-v)
	}
	return format.USD(v)
}

// placementNotes are the fleet section's sentences after the placed one,
// in order; empty ones left out.
func (f *fleet) placementNotes() []string {
	return slices.DeleteFunc([]string{f.placedCounts(), f.tooFew(), f.compared(), f.reconcile()}, func(s string) bool { return s == "" })
}

// keptFor says why a placement that searched kept a blend dearer than all
// on p, which meets the SLO for the whole run: fewer services miss it on
// their own in the blend, or services pinned elsewhere rule all on p out
// (search.go's pinsAllow). "" for a summary written before the search,
// or when neither is so.
func (f *fleet) keptFor(p string) string {
	if len(f.pl.Trials) == 0 {
		return ""
	}
	alone, blend := -1, -1
	for _, t := range f.pl.Trials {
		if t.What == "all on "+p {
			alone = t.Missing
		}
		if t.Kept {
			blend = t.Missing
		}
	}
	if alone >= 0 && blend >= 0 && alone > blend {
		return fmt.Sprintf("The placement keeps the blend for the SLO of single services: all on %s, %s %s, against %s in the blend.",
			f.reg.Look(p).Noun, format.Count(int64(alone)), format.Plural(alone, "service misses it on its own", "services miss it on their own"), format.Count(int64(blend)))
	}
	var pinned []string
	for _, svc := range f.pl.Services {
		if svc.Pinned && svc.Platform != p {
			pinned = append(pinned, svc.Name)
		}
	}
	if len(pinned) == 0 {
		return ""
	}
	n := len(pinned)
	return fmt.Sprintf("The placement keeps the blend for its pins: %s %s pinned to other platforms (%s), so it may not put every service on %s.",
		format.Count(int64(n)), format.Plural(n, "service is", "services are"), format.And(pinned), f.reg.Look(p).Noun)
}
