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
//     newer one the same way;
//   - own_slo: the service's own SLO (services[].slo:), by which it was
//     placed, empty when the placement's judged it;
//   - marginal: empty, or why the placement is a close call: a latency
//     that decided it (on the platform it is on, or one cheaper for it)
//     has the target inside its 95 % interval, from the rank uncertainty
//     of the percentile over the service's completed requests
//     (platform.SLO.Marginal), so that another seed may place it
//     elsewhere. Both come after pinned, for the same reason.
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
	header = append(header, "pinned", "own_slo", "marginal")
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
		own := ""
		if svc.SLO != nil {
			own = placementSLOWords(*svc.SLO)
		}
		r = append(r, strconv.FormatBool(svc.Pinned), own, svc.Marginal)
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
// tail: "3 services had fewer than 100 requests, too few to judge their
// own p99: a, b and c. They are placed by cost among the platforms that
// refuse no more of their requests than the SLO allows; the SLO judges
// their tail only within each whole run." At most ten names, the rest
// counted ("… and 388 more, all in placement.csv"). It was one sentence
// with the names in parentheses after "(< 100)", and "all in
// placement.csv" in them: parentheses in a row, hard to read (fmt10).
// A pinned one is where it is pinned, and one no platform meets the SLO
// for (every platform refuses too many of its requests, or completed
// none) is placed where it refuses fewest beyond the ceiling, then by
// cost (walk11 #1). Both were said to be placed among the platforms
// that refuse no more than the SLO allows (rev11c #1); they are counted,
// and named, apart. "" when none.
func (f *fleet) tooFew() string {
	var names, pinned, none []string
	for _, svc := range f.pl.Services {
		if !svc.TooFewRequests {
			continue
		}
		names = append(names, svc.Name)
		switch {
		case svc.Pinned:
			pinned = append(pinned, svc.Name)
		case svc.Cheapest == "":
			none = append(none, svc.Name)
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
	their := format.Plural(n, "its", "their")
	byCost := format.Plural(n, "It is", "They are") + " placed by cost among the platforms that refuse no more of " + their + " requests than the SLO allows"
	if len(pinned)+len(none) > 0 {
		// some named apart: each group with its count, and its names
		// unless it is every one of them
		group := func(of []string, what string) string {
			k := len(of)
			if k == n {
				return format.Plural(n, "It is", "They are") + " " + what
			}
			shown := of[:min(k, 3)]
			who := format.And(shown)
			if k > len(shown) {
				who = strings.Join(shown, ", ") + fmt.Sprintf(" and %s more", format.Count(int64(k-len(shown))))
			}
			return fmt.Sprintf("%s (%s) %s %s", format.Count(int64(k)), who, format.Plural(k, "is", "are"), what)
		}
		var parts []string
		if k := n - len(pinned) - len(none); k > 0 {
			parts = append(parts, fmt.Sprintf("%s %s placed by cost among the platforms that refuse no more of their requests than the SLO allows", format.Count(int64(k)), format.Plural(k, "is", "are")))
		}
		if len(pinned) > 0 {
			parts = append(parts, group(pinned, "pinned, so not placed by cost"))
		}
		if len(none) > 0 {
			// hybrid.closest: fewest refused beyond the ceiling first; the
			// tail does not count for a service with too few requests
			it, its := format.Plural(len(none), "it", "them"), format.Plural(len(none), "its", "their")
			parts = append(parts, group(none, "placed where "+format.Plural(len(none), "it refuses", "they refuse")+" the fewest of "+its+" requests beyond the ceiling, then by cost, as no platform meets the SLO for "+it))
		}
		byCost = strings.Join(parts, "; ")
		if len(parts) > 1 {
			byCost = "Of them, " + byCost
		}
	}
	return fmt.Sprintf("%s %s fewer than %s requests, too few to judge %s own %s: %s. %s; the SLO judges %s tail only within each whole run.",
		format.Count(int64(n)), format.Plural(n, "service had", "services had"), format.Count(int64(f.pl.MinRequests)),
		their, f.pl.SLO.Percentile, list, byCost, their)
}

// marginal names the placements that are close calls (PlacedService.
// Marginal): "2 placements are close calls, a latency that decided them
// within its 95 % interval of the target from the service's sample size:
// orders-export (lambda p99 304.1 ms against 300.0 ms (…)) and
// catalog-writer (…); another seed may place them elsewhere." At most
// three named, the rest counted (walk11 #4: three services of 200
// changed platform with the seed, and nothing said a call was marginal).
// They are named by what is at stake, the most first (byStake). Those
// that are close calls only because the service's sample bounds its tail
// from below only, its slowest request under the target (MarginalOpen:
// fewer than 381 requests for a p99), are counted after them, apart: in a fleet of many quiet services they are
// most of the close calls, and named first they hid the calls decided
// near the target. "" when none is.
func (f *fleet) marginal() string {
	var each []string
	n, open := 0, 0
	for _, svc := range f.byStake() {
		switch {
		case svc.MarginalOpen:
			open++
		default:
			if n++; n <= 3 {
				each = append(each, fmt.Sprintf("%s (%s)", svc.Name, svc.Marginal))
			}
		}
	}
	var out []string
	if n > 3 {
		each = append(each, fmt.Sprintf("%s more, all in %s", format.Count(int64(n-3)), PlacementFile))
	}
	if n > 0 {
		out = append(out, fmt.Sprintf("%s %s, a latency that decided %s within its 95 %% interval of the target from the service's sample size: %s; another seed may place %s elsewhere.",
			format.Count(int64(n)), format.Plural(n, "placement is a close call", "placements are close calls"), format.Plural(n, "it", "them"),
			format.And(each), format.Plural(n, "it", "them")))
	}
	if open > 0 {
		more := ""
		if n > 0 {
			more = " more"
		}
		out = append(out, fmt.Sprintf("%s%s %s only because %s too few completed requests to bound %s tail from above, however far below the target it lies (%s's marginal says how many it takes); a longer run would confirm %s.",
			format.Count(int64(open)), more, format.Plural(open, "placement is a close call", "placements are close calls"),
			format.Plural(open, "its service had", "their services had"), format.Plural(open, "its", "each one's"), PlacementFile, format.Plural(open, "it", "them")))
	}
	return strings.Join(out, " ")
}

// compared says what the placement compared and what it settled on: each
// platform's own run of every service, then each blend it simulated
// (extra runs), and how the blend's bill relates to its services' direct
// costs. "" for a summary written before the search.
func (f *fleet) compared() string {
	c := f.comparison()
	if c == nil {
		return ""
	}
	trial := func(t comparedTrial) string {
		s := fmt.Sprintf("%s: %s a month, %s", t.What, format.USD(t.MonthlyUSD), t.Standing())
		if t.noRun {
			s += " (that platform's own run, no simulation)"
		}
		if t.notKept {
			s += ", not kept"
		}
		return s
	}
	var alone, sims []string
	for _, t := range c.trials {
		if t.own {
			alone = append(alone, trial(t))
		} else {
			sims = append(sims, trial(t))
		}
	}
	s := "The placement compared each platform's own run of every service (" + strings.Join(alone, "; ") + ")"
	if len(sims) == 0 {
		s += " " + c.blends
	} else {
		s += " " + c.blends + " (" + strings.Join(sims, "; ") + ")"
	}
	return s + ". " + c.after
}

// comparedText is compared for the text summary: what the placement
// compared as a table, one trial a row, between the sentence that opens
// it and the ones that close it, so that no sentence holds the trials in
// parentheses within parentheses (the run's text printed the whole in one
// line of 435 characters for fleet-500, longer with every blend tried).
// nil for a summary written before the search.
func (f *fleet) comparedText() (intro string, rows [][]string, after string) {
	c := f.comparison()
	if c == nil {
		return "", nil, ""
	}
	rows = [][]string{{"  compared", "per month", "SLO", "services missing it alone"}}
	for _, t := range c.trials {
		what := t.What
		if t.noRun {
			what += ", that platform's own run, no simulation"
		}
		if t.notKept {
			what += ", not kept"
		}
		met := "missed"
		if t.SLOMet {
			met = "met"
		}
		rows = append(rows, []string{"  " + what, format.USD(t.MonthlyUSD), met, format.Count(int64(t.Missing))})
	}
	return "The placement compared each platform's own run of every service " + c.blends + ":", rows, c.after
}

// comparedTrial is one trial of the placement's search, as compared
// words it: own is a platform's own run of every service; noRun a move
// that put every service on one platform, which is that run again and
// cost no simulation; notKept a blend not kept.
type comparedTrial struct {
	platform.PlacementTrial
	own, noRun, notKept bool
}

// comparison is what compared and comparedText say: the trials, each
// platform's own runs first, then the blends in the order tried; the
// words for the blends ("with one blend it simulated", "and simulated no
// blend (…)"); and the sentences after them (what it settled on, what
// the search cost, whether it was interrupted).
type comparison struct {
	trials        []comparedTrial
	blends, after string
}

// comparison is the placement's comparison; nil without trials.
func (f *fleet) comparison() *comparison {
	if len(f.pl.Trials) == 0 {
		return nil
	}
	// a platform's own run is "all on <platform>", exactly; a move that
	// puts every service on one platform ends ": all on <platform>" and
	// is no own run, though it costs no simulation either
	own := func(t platform.PlacementTrial) bool {
		p, ok := strings.CutPrefix(t.What, "all on ")
		_, isRun := f.pl.MonthlyUSD["all_"+p]
		return ok && isRun && !t.Simulated
	}
	var alone, sims []comparedTrial
	simulated, free := 0, 0
	for _, t := range f.pl.Trials {
		switch {
		case own(t):
			alone = append(alone, comparedTrial{PlacementTrial: t, own: true})
		default:
			sims = append(sims, comparedTrial{PlacementTrial: t, noRun: !t.Simulated, notKept: !t.Kept})
			if t.Simulated {
				simulated++
			} else {
				free++
			}
		}
	}
	var blends string
	switch len(sims) {
	case 0:
		blends = "and simulated no blend (no group of services was cheaper elsewhere or needed another platform for the SLO)"
	default:
		verb := "it simulated"
		if free > 0 {
			verb = "it tried"
		}
		blends = fmt.Sprintf("with %s %s", format.Plural(len(sims), "one blend", format.Count(int64(len(sims)))+" blends"), verb)
	}
	var after string
	switch {
	case f.pl.Settled != "" && f.pl.SettledRanAgain:
		// written before the reuse: that run simulated the blend again
		simulated++
		after = fmt.Sprintf("No blend was cheaper while meeting the SLO as well: it recommends all on %s, and the hybrid column is that platform run once more as the blend. ", f.reg.Look(f.pl.Settled).Noun)
	case f.pl.Settled != "":
		// the blend of every service on one platform is that platform's
		// run, which the hybrid column reuses (platform.Reuser)
		after = fmt.Sprintf("No blend was cheaper while meeting the SLO as well: it recommends all on %s, and the hybrid column is that platform's own run. ", f.reg.Look(f.pl.Settled).Noun)
	}
	after += fmt.Sprintf("The search cost %s %s beyond the platforms' own runs.", format.Count(int64(simulated)), format.Plural(simulated, "simulation", "simulations"))
	if st := f.pl.Interrupted; st != nil {
		after += " Interrupted: " + searchCut(st)
	}
	return &comparison{append(alone, sims...), blends, after}
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
// its services share other nodes and fixed costs; with every service on
// one platform the blend is that platform's run, and it says so. The sums
// are of the loaded costs themselves; " placement.csv …" or "" when no
// service has one (a summary written before them).
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
	var each, on []string
	for _, p := range f.parts {
		if _, ok := sums[p]; ok {
			each = append(each, fmt.Sprintf("all on %s %s", f.reg.Look(p).Noun, format.USD(sums[p])))
		}
		if f.pl.Counts[p] > 0 {
			on = append(on, p)
		}
	}
	lead := fmt.Sprintf(" placement.csv lists every service with its loaded cost on each platform too: its direct cost scaled up by that platform's bill over the sum of the direct costs in the same run. Each platform's loaded costs add up to that run's bill (%s)", format.And(each))
	switch {
	case len(on) == 1:
		// every service on one platform: the blend is that platform's
		// run, and "they come to $74.43, against the blend's $74.43"
		// read as a difference that is none (rev11b 5)
		return fmt.Sprintf("%s; with every service on %s the blend is that run, so on the platform chosen they come to its bill, %s.",
			lead, f.reg.Look(on[0]).Noun, format.USD(blend))
	case format.USD(chosen) == format.USD(blend):
		return fmt.Sprintf("%s, not to the blend's: on the platforms chosen they come to %s, which the blend's bill from its own run matches only by chance.",
			lead, format.USD(chosen))
	}
	return fmt.Sprintf("%s, not to the blend's: on the platforms chosen they come to %s, against the blend's %s from its own run.",
		lead, format.USD(chosen), format.USD(blend))
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
	return slices.DeleteFunc([]string{f.placedCounts(), f.tooFew(), f.marginal(), f.compared(), f.reconcile()}, func(s string) bool { return s == "" })
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
