package report

import (
	"cmp"
	"fmt"
	"html"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/summary"
)

// The verdict is the answer first (issue 10): which platform is cheaper
// while meeting the SLO and by how much a month, the cost lines that
// decide it, the main risk seen in the run, and, for a run too short to
// stand for a month, the projection's caveat. summary.md and report.html
// open with it; the text summary prints it after its header. It is written
// over the summary's platforms, a blend included, in their order.
//
// The rule every sentence of a report keeps: a platform called cheaper (or
// said to cost less) that misses the SLO is said to miss it in the same
// sentence.

// sloOf is an entry's SLO result, nil for a summary written before it.
func sloOf(e *platform.Entry) *platform.SLOResult {
	if e == nil {
		return nil
	}
	return e.SLO
}

// misses is ", which misses the SLO (p99 2.3 s, 3.1 % refused)" for an
// entry that missed it, else "".
func misses(e *platform.Entry, lead string) string { return missesSLO(sloOf(e), lead) }

// sloWords is the SLO of the summary in words: "p99 ≤ 1s, refused ≤ 0.1 %"; "" without one.
func sloWords(s summary.Summary) string {
	if r := firstSLO(s); r != nil {
		if r.Judgement == platform.JudgedPerService {
			return "each service's own, else " + r.SLO().String()
		}
		return r.SLO().String()
	}
	return ""
}

// judgement says how a fleet's runs were judged, and judged service by
// service, how many services met their SLO on each platform: "Judged
// service by service: …; 196 of 200 services meet their SLO on
// Kubernetes; data-worker misses p99 3.9 s against 1 s." The pooled
// judgement says so, and how to judge by service (walk11 #3: a pooled p99
// made every headline "no platform meets the SLO" for one slow service
// in 200, and nothing said it was pooled). "" for one service, or a
// summary written before either.
func judgement(s summary.Summary, priced []summary.Model, noun func(summary.Model) string) string {
	r := firstSLO(s)
	if r == nil || r.Judgement == "" || !r.Judged() {
		return ""
	}
	if r.Judgement == platform.JudgedPooled {
		return fmt.Sprintf("The SLO is judged on the %s of every service's requests together (pooled: no service has an slo: of its own); give a service its own slo: to judge each service by its own.", r.Percentile)
	}
	// the platforms on which every service met its own SLO in one
	// sentence, then each other with the services that missed
	var all, each []string
	n := 0
	for _, m := range priced {
		r := sloOf(m.Entry)
		switch {
		case !r.PerService():
		case len(r.Services.Missed) == 0:
			all, n = append(all, noun(m)), r.Services.Services
		default:
			each = append(each, format.Capitalised(r.Count(noun(m)))+".")
		}
	}
	out := "The SLO is judged service by service: each service by its own slo: (the scenario's where it has none), and a platform meets it when every service does."
	if len(all) > 0 {
		each = append([]string{fmt.Sprintf("%s of %s %s %s SLO on %s.", format.Count(int64(n)), format.Count(int64(n)),
			format.Plural(n, "service", "services"), format.Plural(n, "meets its", "meet their"), format.And(all))}, each...)
	}
	return strings.Join(append([]string{out}, each...), " ")
}

// Verdict is the verdict's sentences; nil when no platform has a cost.
func (b *Bundle) Verdict() []string {
	return verdictOf(b.Summary, b.Registry, modelOf(b.Command, b.Registry))
}

// modelOf is the platform the run's command chose with --model (the
// command reproduce writes: "execsim run s.yaml --seed 1 --model
// kubernetes"), "" when it ran every platform the scenario has.
func modelOf(command string, reg platform.Registry) string {
	f := strings.Fields(command)
	for i := 0; i+1 < len(f); i++ {
		if f[i] == "--model" && reg.Lookup(f[i+1]) != nil {
			return f[i+1]
		}
	}
	return ""
}

// verdict is the verdict of a run of every platform the scenario has.
func verdict(s summary.Summary, reg platform.Registry) []string { return verdictOf(s, reg, "") }

// verdictOf is the verdict of a run whose --model chose model ("" for
// every platform).
func verdictOf(s summary.Summary, reg platform.Registry, model string) []string {
	var priced []summary.Model
	for _, m := range s.Models {
		if m.Cost != nil {
			priced = append(priced, m)
		}
	}
	if len(priced) == 0 {
		return nil
	}
	noun := func(m summary.Model) string { return reg.Look(m.Name).Noun }
	month := func(m summary.Model) string { return format.USD(m.Cost.MonthlyUSD) + " a month" }
	slo := sloWords(s)
	var out []string
	if s.Arrivals == 0 {
		return noArrivals(s, priced, noun, month)
	}
	met := func(m summary.Model) bool { r := sloOf(m.Entry); return r == nil || r.Met }
	var ok []summary.Model
	for _, m := range priced {
		if met(m) {
			ok = append(ok, m)
		}
	}
	// cheapest is the first of the lowest monthly cost, in the summary's order
	cheapest := func(ms []summary.Model) summary.Model {
		return slices.MinFunc(ms, func(a, b summary.Model) int { return cmp.Compare(a.Cost.MonthlyUSD, b.Cost.MonthlyUSD) })
	}
	var best summary.Model
	switch {
	case slo == "":
		// a summary.json written before runs were judged by their SLO:
		// the costs, and no claim about who is cheaper
		var each []string
		for _, m := range priced {
			each = append(each, noun(m)+" would cost "+month(m))
		}
		out = append(out, format.Capitalised(format.And(each))+"; this summary has no SLO judgement (it predates them), so no platform is called cheaper.")
	case len(priced) == 1:
		best = priced[0]
		if met(best) {
			out = append(out, fmt.Sprintf("%s would cost %s and meets the SLO (%s).", format.Capitalised(noun(best)), month(best), slo))
		} else {
			out = append(out, fmt.Sprintf("%s would cost %s but misses the SLO (%s): %s.", format.Capitalised(noun(best)), month(best), slo, strings.Join(sloOf(best.Entry).Misses(), ", ")))
		}
	case len(ok) == 0:
		// none meets it: the closest (platform.Nearest, as the placement
		// places a service that meets it nowhere), then what each missed
		// by; recommended is the cheapest that misses it as near in all but
		// tails (recommendedOf, as the placement keeps such a service)
		near := slices.MinFunc(priced, func(a, b summary.Model) int {
			return cmp.Or(platform.Nearest(sloOf(a.Entry), sloOf(b.Entry)), cmp.Compare(a.Cost.MonthlyUSD, b.Cost.MonthlyUSD))
		})
		best = recommendedOf(priced, near)
		var each []string
		for _, m := range priced {
			each = append(each, fmt.Sprintf("%s (%s)", noun(m), strings.Join(sloOf(m.Entry).Misses(), ", ")))
		}
		out = append(out, fmt.Sprintf("No platform meets the SLO (%s): %s. %s", slo, format.And(each), closestSentence(near, best, noun, month)))
	default:
		best = cheapest(ok)
		var others []summary.Model
		for _, m := range priced {
			if m.Name != best.Name {
				others = append(others, m)
			}
		}
		next := cheapest(others) // the cheapest alternative, compliant or not
		d := next.Cost.MonthlyUSD - best.Cost.MonthlyUSD
		switch {
		case d < 0:
			out = append(out, fmt.Sprintf("%s is the cheapest platform that meets the SLO (%s), at %s: %s more than %s, which is cheaper but misses the SLO (%s).",
				format.Capitalised(noun(best)), slo, month(best), format.USD(-d), noun(next), strings.Join(sloOf(next.Entry).Misses(), ", ")))
		case math.Abs(d) < 0.005:
			out = append(out, fmt.Sprintf("%s and %s cost the same, %s; %s meets the SLO (%s)%s.",
				format.Capitalised(noun(best)), noun(next), month(best), noun(best), slo, andNext(next, noun)))
		default:
			than := fmt.Sprintf("%s for %s", format.USD(next.Cost.MonthlyUSD), noun(next))
			if len(others) > 1 {
				than += ", the next cheapest"
			}
			out = append(out, fmt.Sprintf("%s is cheaper while meeting the SLO (%s): %s against %s, %s (%s) less%s.",
				format.Capitalised(noun(best)), slo, month(best), than, format.USD(d), pct(d, next.Cost.MonthlyUSD), misses(next.Entry, "; "+noun(next)+" misses")))
		}
		if l := decidingLines(best, next, noun); l != "" && math.Abs(d) >= 0.005 {
			out = append(out, l)
		}
		// the platforms not compared above (a blend, a third platform)
		var also []string
		for _, m := range others {
			if m.Name != next.Name {
				also = append(also, noun(m)+" would cost "+month(m)+misses(m.Entry, " and misses"))
			}
		}
		if len(also) > 0 {
			out = append(out, format.Capitalised(format.And(also))+".")
		}
	}
	if slo != "" {
		out = append(out, closeCalls(s, priced, best, noun, month)...)
	}
	if l := judgement(s, priced, noun); l != "" {
		out = append(out, l)
	}
	if l := notCompared(s, model, reg); l != "" {
		out = append(out, l)
	}
	if pl := s.Placement; pl != nil && slo != "" && !sameSLO(firstSLO(s), pl.SLO) {
		p := (&fleet{pl: pl}).slo()
		out = append(out, fmt.Sprintf("This verdict judges by the scenario's SLO (slo: %s); the placement places services by its own (placement.slo: %s), and its section judges by that.", slo, p))
	}
	if l := notPlaced(s, reg, best); l != "" {
		out = append(out, l)
	}
	if l := placementRefusals(s.Placement, reg); l != "" {
		out = append(out, l)
	}
	if r := mainRisk(s, reg); r != "" {
		out = append(out, r)
	}
	if s.Projection != nil && s.Projection.Caveat != "" {
		out = append(out, s.Projection.Caveat)
	}
	return out
}

// notCompared says that Lambda, or Kubernetes, did not run beside the
// other (a cluster: Kubernetes or Knative), the comparison execsim is for,
// and why: --model chose another platform, or the scenario has no section
// for it (walk9 #15: without a lambda: section Kubernetes ran alone, and
// nothing said Lambda was not compared). The one sentence that gave both
// causes led with the section when --model had left it out, and a run of
// Kubernetes and Knative without Lambda said nothing (rev11c #2). "" when
// both sides ran, or neither.
func notCompared(s summary.Summary, model string, reg platform.Registry) string {
	ran := func(name string) bool { // and was priced, as the verdict compares
		return slices.ContainsFunc(s.Models, func(m summary.Model) bool { return m.Name == name && m.Entry != nil && m.Cost != nil })
	}
	var other string
	switch {
	case ran("lambda") && !ran("kubernetes") && !ran("knative"):
		other = "kubernetes"
	case !ran("lambda") && (ran("kubernetes") || ran("knative")):
		other = "lambda"
	}
	if other == "" || reg.Lookup(other) == nil {
		return ""
	}
	noun := format.Capitalised(reg.Look(other).Noun)
	if model != "" {
		return fmt.Sprintf("%s was not compared: --model %s ran %s alone (without --model, every platform the scenario has a section for runs).",
			noun, model, reg.Look(model).Noun)
	}
	return fmt.Sprintf("%s was not compared: the scenario has no %s: section.", noun, platform.SectionKey(reg.Lookup(other)))
}

// noArrivals is the verdict of a run in which no request arrived: there
// is nothing to compare, so no platform is judged or called cheaper; what
// each would cost standing idle, and the projection's caveat.
func noArrivals(s summary.Summary, priced []summary.Model, noun func(summary.Model) string, month func(summary.Model) string) []string {
	against := ""
	if slo := sloWords(s); slo != "" {
		against = " against the SLO (" + slo + ")"
	}
	after := ""
	if s.WarmupS > 0 {
		after = " after the warm-up"
	}
	out := []string{fmt.Sprintf("No request arrived%s, so there is nothing to compare: no platform is judged%s or called cheaper.", after, against)}
	var each []string
	for _, m := range priced {
		each = append(each, noun(m)+" would cost "+month(m))
	}
	if s.WarmupS > 0 {
		// the bill covers the whole run: the warm-up's requests too, so
		// the platforms did not stand idle (a review)
		out = append(out, "Billed for the whole run, warm-up included, "+format.And(each)+".")
	} else {
		out = append(out, "Standing idle, "+format.And(each)+".")
	}
	if s.Projection != nil && s.Projection.Caveat != "" {
		out = append(out, s.Projection.Caveat)
	}
	return out
}

// andNext says whether the other platform of a tie meets the SLO too,
// naming it: with three platforms and a blend "the other" could be any.
func andNext(next summary.Model, noun func(summary.Model) string) string {
	if r := sloOf(next.Entry); r != nil && !r.Met {
		return "; " + noun(next) + " misses it (" + strings.Join(r.Misses(), ", ") + ")"
	}
	return ", and so does " + noun(next)
}

// costLine is a breakdown line projected to a month.
type costLine struct {
	model, item string
	usd         float64
	// credit names the credits netted into usd ("the free tier",
	// "volume discounts"), "" for none: the verdict says its figure is net
	// of them, since the cost table's line of that name is gross (audit 6:
	// "$77.11 for lambda duration x86_64" beside a line of $83.78)
	credit string
}

// monthlyLines are an entry's breakdown lines projected to a month, the
// largest first (then by item). They are the bill's own monthly amounts
// (lines[].monthly_usd, summed over lines of one item), so the verdict
// quotes the figures the cost table beside it prints, to the cent; a
// summary written before lines had them scales the run's breakdown by
// the total's projection instead.
func monthlyLines(m summary.Model) []costLine {
	c := m.Cost
	if c == nil || c.TotalUSD <= 0 {
		return nil
	}
	byItem := map[string]float64{}
	credits := map[string]string{}
	if len(c.Lines) > 0 {
		for _, l := range c.Lines {
			item := creditedItem(l.Item)
			byItem[item] += l.MonthlyUSD
			if item != l.Item && l.MonthlyUSD != 0 {
				credits[item] = creditKind(l.Item)
			}
		}
	} else {
		scale := c.MonthlyUSD / c.TotalUSD
		// in item order: a kind may sum several lines, and float sums
		// must not follow map order
		for _, item := range slices.Sorted(maps.Keys(c.Breakdown)) {
			byItem[creditedItem(item)] += c.Breakdown[item] * scale
			if creditedItem(item) != item && c.Breakdown[item] != 0 {
				credits[creditedItem(item)] = creditKind(item)
			}
		}
	}
	var out []costLine
	for item, usd := range byItem {
		// a credit larger than what it nets against stays, negative: the
		// lines must sum to the bill
		if math.Abs(usd) >= 0.005 {
			out = append(out, costLine{m.Name, item, usd, credits[item]})
		}
	}
	slices.SortFunc(out, func(a, b costLine) int { return cmp.Or(cmp.Compare(b.usd, a.usd), cmp.Compare(a.item, b.item)) })
	return out
}

// creditedItem is the item a credit line reduces, the item itself for
// any other line: "lambda free tier requests" reduces "lambda requests",
// "lambda free tier duration arm64" "lambda duration arm64", "<item> tier
// 2 discount" "<item>" (models/cost's forms), with a blend part's prefix
// kept. Netted into what they reduce, credits count in every sum the
// verdict and the placement take of a bill; left out as negative lines,
// a free tier's $2.08 was put down to the largest line as rounding (a
// review found "$14.35 for alb hours" beside a bill of $16.43).
func creditedItem(item string) string {
	part, rest := "", item
	if p, r, ok := strings.Cut(item, ": "); ok {
		part, rest = p+": ", r
	}
	if r, ok := strings.CutPrefix(rest, "lambda free tier "); ok {
		return part + "lambda " + r
	}
	if r, ok := strings.CutSuffix(rest, " discount"); ok {
		if i := strings.LastIndex(r, " tier "); i > 0 {
			return part + r[:i]
		}
	}
	return item
}

// creditKind is what credit line item is, for "net of …".
func creditKind(item string) string {
	if strings.Contains(item, "free tier") {
		return "the free tier"
	}
	return "volume discounts"
}

// lineKind is what a bill line pays for, without the part of a blend that
// pays it: "kubernetes+knative: alb hours" and a platform's own "alb
// hours" are the same kind of cost, so the two net against each other.
func lineKind(item string) string {
	if _, rest, ok := strings.Cut(item, ": "); ok {
		return rest
	}
	return item
}

// lineDiff is one kind of cost that two bills pay differently: model pays
// usd a month more for item than the other, which pays some of it too
// when both.
type lineDiff struct {
	costLine
	both bool
}

// decidingLines names the two or three cost lines that decide a
// comparison. A cost both platforms pay alike (the EKS control plane, an
// ALB in front of either) decides nothing, so the two bills are netted
// line by line, by kind of cost, first: what remains is what each pays
// more for, the largest differences first, at least one of each side
// that pays more for anything; the lines both pay alike are named after
// them. "" when either has no breakdown or nothing differs by a cent.
func decidingLines(a, b summary.Model, noun func(summary.Model) string) string {
	la, lb := monthlyLines(a), monthlyLines(b)
	if len(la) == 0 || len(lb) == 0 {
		return ""
	}
	type pair struct {
		a, b             float64
		creditA, creditB string
	}
	byKind := map[string]*pair{}
	at := func(item string) *pair {
		k := lineKind(item)
		if byKind[k] == nil {
			byKind[k] = &pair{}
		}
		return byKind[k]
	}
	for _, l := range la {
		p := at(l.item)
		p.a += l.usd
		p.creditA = cmp.Or(p.creditA, l.credit)
	}
	for _, l := range lb {
		p := at(l.item)
		p.b += l.usd
		p.creditB = cmp.Or(p.creditB, l.credit)
	}
	var diffs []lineDiff
	var same []costLine
	for kind, p := range byKind {
		if p.a < 0 || p.b < 0 {
			// a free tier worth more than the charge it nets against
			// (monthlyLines) is a credit, not something one pays more for
			continue
		}
		both := p.a > 0 && p.b > 0
		switch d := p.a - p.b; {
		case d >= 0.005:
			diffs = append(diffs, lineDiff{costLine{a.Name, kind, d, cmp.Or(p.creditA, p.creditB)}, both})
		case d <= -0.005:
			diffs = append(diffs, lineDiff{costLine{b.Name, kind, -d, cmp.Or(p.creditB, p.creditA)}, both})
		case both && p.a >= 0.005:
			same = append(same, costLine{"", kind, p.a, cmp.Or(p.creditA, p.creditB)})
		}
	}
	if len(diffs) == 0 {
		return ""
	}
	largest := func(x, y costLine) int { return cmp.Or(cmp.Compare(y.usd, x.usd), cmp.Compare(x.item, y.item)) }
	slices.SortFunc(diffs, func(x, y lineDiff) int { return largest(x.costLine, y.costLine) })
	slices.SortFunc(same, largest)
	top := slices.Clone(diffs[:min(3, len(diffs))])
	for _, m := range []string{a.Name, b.Name} {
		of := func(l lineDiff) bool { return l.model == m }
		if i := slices.IndexFunc(diffs, of); i >= 0 && !slices.ContainsFunc(top, of) {
			top[len(top)-1] = diffs[i]
		}
	}
	var sides []string
	for _, m := range []summary.Model{a, b} {
		var items []string
		for _, l := range top {
			if l.model != m.Name {
				continue
			}
			more := ""
			if l.both {
				more = " more"
			}
			items = append(items, fmt.Sprintf("%s%s for %s%s", format.USD(l.usd), more, l.item, netOf(l.costLine)))
		}
		if len(items) > 0 {
			sides = append(sides, noun(m)+" pays "+format.And(items))
		}
	}
	if len(same) > 0 {
		var items []string
		for _, l := range same[:min(3, len(same))] {
			items = append(items, fmt.Sprintf("%s for %s%s", format.USD(l.usd), l.item, netOf(l)))
		}
		sides = append(sides, "both pay "+format.And(items))
	}
	return fmt.Sprintf("What decides it, per month: %s.", strings.Join(sides, "; "))
}

// netOf says a line's figure has credits netted into it: " (net of the
// free tier)", or "".
func netOf(l costLine) string {
	if l.credit == "" {
		return ""
	}
	return " (net of " + l.credit + ")"
}

// placementRefusals names, per platform of a placement, the services that
// platform refuses more of than the placement's SLO allows, with why
// (their option's Why: "12 of 12 requests refused (12 failed); its timeout
// there is 3s"), and how many of them the placement put elsewhere: what
// drives the placement of services a platform fails, which the run's
// totals ("Lambda failed 31.29 %") do not say (walk9 #1). Those placed
// there all the same are pinned there, or there as no platform meets the
// SLO for them and none refuses fewer of their requests, or there for
// the search's reasons (placement.csv); a pinned one was said to have "no
// platform doing better for it" when another refused none of its
// requests (rev11c #1), and several placed there unpinned went unsaid
// ("0 of them are placed elsewhere", rev12a). At most three are named;
// placement.csv has every one. "" when there are none.
//
// The count and where they went come first, then one sentence per
// service, its name and its why after a colon: "Lambda refuses … for 1
// service; it is placed elsewhere. reports: 12 of 12 requests refused (12
// failed); its timeout there is 3s." Each why was in parentheses after
// its name, and a why holds parentheses and semicolons of its own, in a
// list joined by semicolons: "reports (12 of 12 requests refused (12
// failed); its timeout there is 3s); it is placed elsewhere" (fmt10).
func placementRefusals(pl *platform.Placement, reg platform.Registry) string {
	if pl == nil || pl.Legacy != nil {
		return ""
	}
	var order []string
	type failing struct {
		names, whys []string
		// how many are placed elsewhere, pinned there, there as no
		// platform meets the SLO for them (hybrid.closest: where they
		// refuse fewest beyond the ceiling), and there all the same
		elsewhere, pinned, nowhere, kept int
	}
	by := map[string]*failing{}
	for _, svc := range pl.Services {
		for _, o := range svc.Options {
			if o.MeetsSLO || o.Refused <= pl.SLO.Refused {
				continue
			}
			f := by[o.Platform]
			if f == nil {
				f = &failing{}
				by[o.Platform] = f
				order = append(order, o.Platform)
			}
			f.names = append(f.names, svc.Name)
			f.whys = append(f.whys, o.Why)
			switch {
			case svc.Platform != o.Platform:
				f.elsewhere++
			case svc.Pinned:
				f.pinned++
			case svc.Cheapest == "":
				f.nowhere++
			default:
				f.kept++
			}
		}
	}
	var parts []string
	for _, p := range order {
		f := by[p]
		n := len(f.names)
		var where string
		if n == 1 {
			switch {
			case f.elsewhere > 0:
				where = "it is placed elsewhere"
			case f.pinned > 0:
				where = "it is pinned there"
			case f.nowhere > 0:
				where = "no platform meets the SLO for it, and none refuses fewer of its requests beyond that"
			default:
				where = "it is placed there all the same (" + PlacementFile + " says why)"
			}
		} else {
			// every group named, the first with "of them": "2 of them are
			// placed elsewhere, 1 is pinned there". Those placed there
			// unpinned went unsaid ("0 of them are placed elsewhere",
			// with no word of why they stay).
			var groups []string
			for _, g := range []struct {
				k    int
				what string
			}{
				{f.elsewhere, "placed elsewhere"},
				{f.pinned, "pinned there"},
				{f.nowhere, "placed there as no platform meets the SLO for " + format.Plural(f.nowhere, "it", "them") + ", and none refuses fewer of " + format.Plural(f.nowhere, "its", "their") + " requests beyond that"},
				{f.kept, "placed there all the same (" + PlacementFile + " says why)"},
			} {
				if g.k == 0 {
					continue
				}
				lead := format.Count(int64(g.k))
				if len(groups) == 0 {
					lead += " of them"
				}
				groups = append(groups, fmt.Sprintf("%s %s %s", lead, format.Plural(g.k, "is", "are"), g.what))
			}
			where = strings.Join(groups, ", ")
		}
		part := fmt.Sprintf("%s refuses more requests than the placement's SLO allows (%s) for %s %s; %s.",
			format.Capitalised(reg.Look(p).Noun), format.Percent(pl.SLO.Refused), format.Count(int64(n)), format.Plural(n, "service", "services"), where)
		for i := range min(n, 3) {
			if f.whys[i] != "" {
				part += " " + f.names[i] + ": " + f.whys[i] + "."
			} else {
				part += " " + f.names[i] + "."
			}
		}
		if n > 3 {
			part += fmt.Sprintf(" %s more in %s.", format.Count(int64(n-3)), PlacementFile)
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, " ")
}

// mainRisk is the largest risk the run showed, in a sentence: the largest
// share of requests refused (throttled, rejected, failed) on any platform,
// else a latency target missed, else a cold-start tail well above the
// rest; "" when the summary has nothing to say.
func mainRisk(s summary.Summary, reg platform.Registry) string {
	type refusal struct {
		noun, what string
		n          int64
	}
	if s.Arrivals == 0 {
		return "" // nothing was asked of any platform
	}
	var worst *refusal
	for _, m := range s.Models {
		for _, k := range []refusal{
			{reg.Look(m.Name).Noun, "throttled %s of requests (" + literal(throttleCause(m)) + ")", m.Throttled},
			{reg.Look(m.Name).Noun, "rejected %s of requests (" + literal(rejectionCause(m)) + ")", m.Rejected},
			{reg.Look(m.Name).Noun, "failed %s of requests (" + literal(failureCause(m)) + ")", m.Failed},
		} {
			if k.n > 0 && (worst == nil || k.n > worst.n) {
				worst = &k
			}
		}
	}
	// a share under a tenth of the SLO's ceiling is noted, not a risk
	ceiling := 0.0
	if slo := firstSLO(s); slo != nil {
		ceiling = slo.RefusedMax / 10
	}
	if worst != nil && s.Arrivals > 0 && float64(worst.n)/float64(s.Arrivals) >= ceiling {
		return fmt.Sprintf("Main risk: %s "+worst.what+".", worst.noun, format.PercentOf(worst.n, s.Arrivals))
	}
	for _, m := range s.Models {
		r := sloOf(m.Entry)
		if r.PerService() {
			// the pooled tail is no target's: the first service whose
			// own tail missed its own
			for _, x := range r.Services.Missed {
				if x.LatencyMissed() {
					return fmt.Sprintf("Main risk: on %s, %s's %s was %s against its target of %s.", reg.Look(m.Name).Noun, x.Service, x.Percentile, format.Millis(x.MeasuredMs), format.Millis(x.TargetMs))
				}
			}
			continue
		}
		if r != nil && r.LatencyMissed() {
			return fmt.Sprintf("Main risk: %s's %s was %s against a target of %s.", reg.Look(m.Name).Noun, r.Percentile, format.Millis(r.MeasuredMs), format.Millis(r.TargetMs))
		}
	}
	var tail string
	ratio := 0.0
	for _, m := range s.Models {
		c := m.ColdStartLatencyMs
		if c == nil || m.ColdStarts == 0 || m.LatencyMs.P99 <= 0 {
			continue
		}
		if x := c.P99 / m.LatencyMs.P99; x >= 1.5 && x > ratio {
			ratio = x
			tail = fmt.Sprintf("Main risk: %s's cold starts (%s of requests) had a p99 of %s, %s its p99 over all requests (%s).",
				reg.Look(m.Name).Noun, format.PercentOf(m.ColdStarts, s.Arrivals), format.Millis(c.P99), format.Ratio(x), format.Millis(m.LatencyMs.P99))
		}
	}
	if tail != "" {
		return tail
	}
	if worst != nil {
		return fmt.Sprintf("No risk stood out: at most %s of requests refused (%s), under a tenth of the SLO's ceiling, and no cold-start tail.",
			format.PercentOf(worst.n, s.Arrivals), worst.noun)
	}
	return "No platform refused a request, and no cold-start tail stood out."
}

// firstSLO is the summary's first SLO result, nil without one.
func firstSLO(s summary.Summary) *platform.SLOResult {
	for _, m := range s.Models {
		if r := sloOf(m.Entry); r != nil {
			return r
		}
	}
	return nil
}

// projectionMark marks the monthly row of a table when the projection has
// a caveat, and projectionNote is the note under the table it refers to.
func projectionMark(s summary.Summary) string {
	if s.Projection == nil || s.Projection.Caveat == "" {
		return ""
	}
	return " *"
}

func projectionNote(s summary.Summary) string {
	if projectionMark(s) == "" {
		return ""
	}
	return "* " + s.Projection.Caveat
}

// verdictText writes the text summary's verdict: its first sentence after
// "verdict:", the others indented beneath, then a blank line.
func verdictText(w *strings.Builder, s summary.Summary, reg platform.Registry, model string) {
	v := verdictOf(s, reg, model)
	if len(v) == 0 {
		return
	}
	for i, l := range v {
		if i == 0 {
			fmt.Fprintf(w, "verdict: %s\n", l)
		} else {
			fmt.Fprintf(w, "         %s\n", l)
		}
	}
	w.WriteString("\n")
}

// verdictMarkdown writes summary.md's verdict: the answer in bold, the
// rest as a list.
func (b *Bundle) verdictMarkdown(w *strings.Builder) {
	v := b.Verdict()
	if len(v) == 0 {
		return
	}
	fmt.Fprintf(w, "### Verdict\n\n**%s**\n\n", markdownText(v[0]))
	for _, l := range v[1:] {
		fmt.Fprintf(w, "- %s\n", markdownText(l))
	}
	if len(v) > 1 {
		w.WriteString("\n")
	}
}

// verdictCSS styles the verdict: the answer stands out.
const verdictCSS = `#verdict p.answer{font-size:18px;font-weight:bold;margin:8px 0}
#verdict ul{margin:8px 0} p.note{color:#555;font-size:14px}
td.slo-met{color:#1a7f37;font-weight:bold} td.slo-missed{color:#c62828;font-weight:bold} td.slo-unjudged{color:#555}
`

// sloClass is the class of an SLO cell of the side-by-side table.
func sloClass(cell string) string {
	switch {
	case strings.HasPrefix(cell, "missed"):
		return "slo-missed"
	case cell == "met":
		return "slo-met"
	}
	return "slo-unjudged"
}

// verdictHTML writes report.html's verdict section.
func (b *Bundle) verdictHTML(w *strings.Builder) {
	v := b.Verdict()
	if len(v) == 0 {
		return
	}
	esc := html.EscapeString
	fmt.Fprintf(w, "<section id=\"verdict\">\n<h2>Verdict</h2>\n<p class=\"answer\">%s</p>\n", esc(v[0]))
	if len(v) > 1 {
		w.WriteString("<ul>\n")
		for _, l := range v[1:] {
			fmt.Fprintf(w, "<li>%s</li>\n", esc(l))
		}
		w.WriteString("</ul>\n")
	}
	w.WriteString("</section>\n")
}

// failureCause says why a platform failed requests: its own account when
// it has one (a zone lost during the run), else the general causes.
func failureCause(m summary.Model) string {
	if fc, ok := m.Extra.(platform.FailureCauser); ok {
		if c := fc.FailureCause(); c != "" {
			return c
		}
	}
	return "timed out, or lost with a failed node"
}

// throttleCause says why a platform throttled requests: its own account
// when it has one (Lambda's account-wide requests per second), else a
// concurrency or scaling limit.
func throttleCause(m summary.Model) string {
	if tc, ok := m.Extra.(platform.ThrottleCauser); ok {
		if c := tc.ThrottleCause(); c != "" {
			return c
		}
	}
	return "a concurrency or scaling limit"
}

// rejectionCause says why a platform rejected requests: its own account
// when it has one, else full queues (DESIGN §7: rejected is refused by a
// full pod queue).
func rejectionCause(m summary.Model) string {
	if rc, ok := m.Extra.(platform.RejectionCauser); ok {
		if c := rc.RejectionCause(); c != "" {
			return c
		}
	}
	return "full queues"
}

// literal escapes text for a format string: a cause may hold a percent.
func literal(s string) string { return strings.ReplaceAll(s, "%", "%%") }
