package report

import (
	"cmp"
	"fmt"
	"html"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/plots"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/summary"
)

// The fleet section answers the question a placement: section asks: what
// running every service on each platform would cost against the blend,
// how many services went where, every service's cost difference (the fleet
// chart), and the services whose placement matters most. summary.md,
// report.html and the text summary print it when the summary has a
// placement: first in summary.md and report.html, since it is the answer,
// and after the side-by-side table in the text summary.

// FleetChart is the base name of the fleet chart (fleet.png, fleet.svg).
const FleetChart = "fleet"

// fleetTop is how many services the impact table lists.
const fleetTop = 15

// fleet is a summary's placement as the report shows it.
type fleet struct {
	pl *platform.Placement
	// parts are the platforms of the blend, in its order; the chart and
	// the impact table subtract the second's cost from the first's.
	parts []string
	// blend names the blend's own run (its monthly_usd key and model).
	blend string
	reg   platform.Registry
	// models are the summary's platforms: each column's SLO result.
	models summary.Models
}

// fleetOf reads the summary's placement; nil without one.
func fleetOf(s summary.Summary, reg platform.Registry) *fleet {
	pl := s.Placement
	if pl == nil || pl.Legacy != nil {
		return nil // an older placement: legacyPlacementNote
	}
	f := &fleet{pl: pl, reg: reg, models: s.Models}
	// the blend's order is its services' options' order
	for _, svc := range pl.Services {
		for _, o := range svc.Options {
			if !slices.Contains(f.parts, o.Platform) {
				f.parts = append(f.parts, o.Platform)
			}
		}
	}
	// platforms that only counts name, in the registry's order
	var rest []string
	for name := range pl.Counts {
		if !slices.Contains(f.parts, name) {
			rest = append(rest, name)
		}
	}
	slices.SortFunc(rest, func(a, b string) int {
		if c := cmp.Compare(registryIndex(reg, a), registryIndex(reg, b)); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	f.parts = append(f.parts, rest...)
	// the blend is the run monthly_usd names other than all_<platform>:
	// the first model not placed on was Knative's run when the scenario
	// ran Knative beside a placement on Kubernetes and Lambda, and the
	// section read Knative's bill as the blend's (rev14a); that first
	// model only for a summary whose monthly_usd names no such run
	for key := range pl.MonthlyUSD {
		if !strings.HasPrefix(key, "all_") && (f.blend == "" || key < f.blend) {
			f.blend = key
		}
	}
	if f.blend == "" || s.Models.Get(f.blend) == nil {
		for _, m := range s.Models {
			if !slices.Contains(f.parts, m.Name) {
				f.blend = m.Name
				break
			}
		}
	}
	return f
}

// registryIndex orders names the registry does not know after the ones it does.
func registryIndex(reg platform.Registry, name string) int {
	if i := reg.Index(name); i >= 0 {
		return i
	}
	return len(reg)
}

// services is the number of services placed.
func (f *fleet) services() int {
	n := 0
	for _, c := range f.pl.Counts {
		n += c
	}
	return max(n, len(f.pl.Services))
}

// monthly is the monthly cost of all services on platform p, or of the blend
// for p == f.blend.
func (f *fleet) monthly(p string) (float64, bool) {
	key := "all_" + p
	if p == f.blend {
		key = p
	}
	v, ok := f.pl.MonthlyUSD[key]
	return v, ok
}

// slo is the SLO in words: "p99 ≤ 2s, refused ≤ 1.00 %".
func (f *fleet) slo() string { return placementSLOWords(f.pl.SLO) }

// placementSLOWords is an SLO of a placement in words.
func placementSLOWords(s platform.PlacementSLO) string {
	target := time.Duration(math.Round(s.TargetMs * float64(time.Millisecond)))
	return fmt.Sprintf("%s ≤ %v, refused ≤ %s", s.Percentile, target, format.Percent(s.Refused))
}

// judged is column c's whole run (a platform's, or the blend's) judged by
// the placement's SLO, the one SLO of this section: the summary's own
// judgement (placement.run_slo), else, for a summary written before it,
// the platform's entry when the scenario's SLO is the placement's; nil
// when neither is.
func (f *fleet) judged(c string) *platform.SLOResult {
	key := "all_" + c
	if c == f.blend {
		key = c
	}
	if r, ok := f.pl.RunSLO[key]; ok {
		return r
	}
	if r := sloOf(f.models.Get(c)); r != nil && sameSLO(r, f.pl.SLO) {
		return r
	}
	return nil
}

// sameSLO tells whether a result was judged by the placement's SLO.
func sameSLO(r *platform.SLOResult, p platform.PlacementSLO) bool {
	return r.Percentile == p.Percentile && r.TargetMs == p.TargetMs && r.RefusedMax == p.Refused
}

// twoSLOs says which SLO judged what when the scenario's slo: and the
// placement's differ: the verdict and the side-by-side table judge whole
// runs by the former, the placement (services, and this section's runs)
// by the latter; "" when they are one.
func (f *fleet) twoSLOs(scenario *platform.SLOResult) string {
	if scenario == nil || sameSLO(scenario, f.pl.SLO) {
		return ""
	}
	return fmt.Sprintf("Two SLOs: the placement places services and judges this section's runs by its own (placement.slo: %s); the verdict and the side-by-side table judge whole runs by the scenario's (slo: %s).",
		f.slo(), scenario.SLO().String())
}

// totals is the side-by-side table of the fleet: a column per platform
// with every service on it, then the blend; a row per platform with the
// services on it, the monthly cost, and what the blend saves against each.
// label names a platform (or the blend) in the header and row labels.
func (f *fleet) totals(label func(name string) string) [][]string {
	cols := append(slices.Clone(f.parts), f.blend)
	header := []string{""}
	for _, c := range cols {
		if c == f.blend {
			header = append(header, label(c))
		} else {
			header = append(header, "all on "+label(c))
		}
	}
	rows := [][]string{header}
	n := f.services()
	for _, p := range f.parts {
		r := []string{"services on " + label(p)}
		for _, c := range cols {
			switch {
			case c == f.blend:
				r = append(r, format.Count(int64(f.pl.Counts[p])))
			case c == p:
				r = append(r, format.Count(int64(n)))
			default:
				r = append(r, "0")
			}
		}
		rows = append(rows, r)
	}
	cost := []string{"cost per month (730 h)"}
	saves := []string{"saving with " + f.reg.Look(f.blend).Noun}
	blend, blendOK := f.monthly(f.blend)
	for _, c := range cols {
		v, ok := f.monthly(c)
		if !ok {
			cost, saves = append(cost, "—"), append(saves, "—")
			continue
		}
		cost = append(cost, format.USD(v))
		if c == f.blend || !blendOK {
			saves = append(saves, "—")
			continue
		}
		saves = append(saves, saving(v, blend))
	}
	rows = append(rows, cost, saves)
	if f.judged(f.blend) != nil {
		slo := []string{"SLO"}
		for _, c := range cols {
			slo = append(slo, f.judged(c).Cell())
		}
		rows = append(rows, slo)
	}
	return rows
}

// missesSLO is lead + " the SLO (p99 2.3 s, 3.1 % refused)" for a result
// that missed it, else "".
func missesSLO(r *platform.SLOResult, lead string) string {
	m := r.Misses()
	if len(m) == 0 {
		return ""
	}
	return lead + " the SLO (" + strings.Join(m, ", ") + ")"
}

// saving prints what the blend saves against a total: "$1,234.00 (56 %)",
// "−$12.00 (−3 %)" when it costs more.
func saving(all, blend float64) string {
	d := all - blend
	s := format.USD(math.Abs(d))
	if all > 0 {
		s += " (" + pct(math.Abs(d), all) + ")"
	}
	if d < 0 {
		s = "−" + strings.Replace(s, "(", "(−", 1)
	}
	return s
}

// headline is the answer in a sentence: what the blend costs against each
// platform alone; "" when the blend has no cost.
func (f *fleet) headline() string {
	blend, ok := f.monthly(f.blend)
	if !ok {
		return ""
	}
	var than []string
	for _, p := range f.parts {
		v, ok := f.monthly(p)
		if !ok {
			continue
		}
		noun := "all on " + f.reg.Look(p).Noun
		d := v - blend
		switch {
		case d > 0:
			than = append(than, fmt.Sprintf("%s (%s) less than %s", format.USD(d), pct(d, v), noun))
		case d < 0:
			than = append(than, fmt.Sprintf("%s (%s) more than %s", format.USD(-d), pct(-d, v), noun))
		default:
			than = append(than, "the same as "+noun)
		}
	}
	s := fmt.Sprintf("%s would cost %s a month", format.Capitalised(f.reg.Look(f.blend).Noun), format.USD(blend))
	if len(than) > 0 {
		s += ": " + format.And(than)
	}
	return s + missesSLO(f.judged(f.blend), ", but it misses") + "."
}

// fixedCosts explains a blend that costs more than one platform alone
// while that platform meets the SLO: the blend's other parts keep costs no
// one service owes (idle capacity, a control plane, a load balancer) for
// the few services placed on them, which the per-service costs the
// placement compares spread over the whole fleet. The platform it points
// to is the cheapest alone that meets the SLO (with three platforms the
// first dearer-than-blend one found may not be it). When every platform
// cheaper than the blend misses the SLO it says so and recommends none:
// the blend is then the price of meeting it. "" when no single platform
// beats the blend.
func (f *fleet) fixedCosts() string {
	blend, ok := f.monthly(f.blend)
	entry := f.models.Get(f.blend)
	if !ok || entry == nil {
		return ""
	}
	best, bestUSD := "", 0.0
	var missing []string // cheaper than the blend but missing the SLO
	for _, p := range f.parts {
		alone, ok := f.monthly(p)
		r := f.judged(p)
		if !ok || alone >= blend || r == nil {
			continue
		}
		if m := missesSLO(r, "misses"); m != "" {
			missing = append(missing, fmt.Sprintf("all on %s (%s a month) %s", f.reg.Look(p).Noun, format.USD(alone), m))
			continue
		}
		if best == "" || alone < bestUSD {
			best, bestUSD = p, alone
		}
	}
	if best == "" {
		if len(missing) == 0 {
			return ""
		}
		return format.Capitalised(format.And(missing)) + ": no platform alone costs less than the blend and meets the SLO."
	}
	noun := f.reg.Look(best).Noun
	head := fmt.Sprintf("All on %s costs %s a month, %s less than the blend, and meets the SLO", noun, format.USD(bestUSD), format.USD(blend-bestUSD))
	why := "costs no one service owes (idle capacity, control plane, load balancer) over the whole fleet"
	if kept := f.keptFor(best); kept != "" {
		// the search weighed the fixed costs and kept the blend for the SLO
		// or for its pins
		if gap := f.gap(entry, best); gap != "" {
			return fmt.Sprintf("%s. %s. %s", head, gap, kept)
		}
		return head + ". " + kept
	}
	if gap := f.gap(entry, best); gap != "" {
		return fmt.Sprintf("%s. %s. The placement does not see this: it compares per-service costs, which spread the %s; consider pinning those services to %s.", head, gap, why, noun)
	}
	// a summary without bill lines: the shared costs the blend keeps
	var kept float64
	for _, sc := range entry.SharedCost {
		if keptFor(sc.Item, best) {
			kept += sc.MonthlyUSD
		}
	}
	return fmt.Sprintf("%s: the blend keeps %s a month of costs no one service owes (idle capacity, control plane, load balancer) for its %s, which the per-service costs the placement compares spread over the whole fleet; consider pinning those services to %s.",
		head, format.USD(kept), f.servicesOff(best), noun)
}

// servicesOff is the blend's services on platforms other than p, in
// words: "1 service on Lambda and 1 service on Knative".
func (f *fleet) servicesOff(p string) string {
	var on []string
	for _, q := range f.parts {
		if n := f.pl.Counts[q]; q != p && n > 0 {
			on = append(on, fmt.Sprintf("%s %s on %s", format.Count(int64(n)), format.Plural(n, "service", "services"), f.reg.Look(q).Noun))
		}
	}
	return format.And(on)
}

// gap accounts for what the blend costs more than all on p, usd a month,
// part by part of the blend's bill: a part p has no share in (Lambda's
// functions and ALB, for all on Kubernetes) costs all it costs; a part p
// is one of (the cluster Kubernetes shares with Knative) costs what its
// lines come to more (or less) than all on p's bill, kind by kind of
// cost (more nodes, a second ALB). Each amount is the exact sum of its
// lines, in micro-dollars as the bills keep them, rounded once to the
// cent, as the bill rounds its lines: a kind that is one line of the bill
// reads as the bill prints it ("$73.00 for eks control plane", where
// forcing the parts to add up to the gap's cents made it $72.99; rev11b
// 7). The printed amounts may then differ from the gap by a cent, as the
// bill's printed lines may from its printed total. "" when either bill
// has no lines.
func (f *fleet) gap(blend *platform.Entry, p string) string {
	bl := monthlyLines(summary.Model{Name: f.blend, Entry: blend})
	alone := f.models.Get(p)
	if alone == nil {
		return ""
	}
	pl := monthlyLines(summary.Model{Name: p, Entry: alone})
	if len(bl) == 0 || len(pl) == 0 {
		return ""
	}
	// a line's part is who pays it, before the colon: "lambda: lambda
	// requests", "kubernetes+lambda: alb hours" (scenarios/platforms/
	// hybrid lineName). A summary written before that rule named a line
	// that starts with its platform's name without one ("lambda
	// requests"), and the shared ALB's after no one ("alb hours": "")
	partOf := func(item string) string {
		if label, _, ok := strings.Cut(item, ": "); ok {
			return label
		}
		for _, label := range f.parts {
			if strings.HasPrefix(item, label+" ") {
				return label
			}
		}
		return ""
	}
	type part struct {
		label  string
		with   bool             // p is one of the part's platforms
		kinds  map[string]int64 // micro-dollars a month by kind of cost
		micros int64
		cents  int64
	}
	// every line p pays a share of (its own part's, the ALB its part
	// shares with another's) nets against all on p's bill in one part,
	// p's own: the one of fewest platforms ("lambda", not the shared ALB's
	// "kubernetes+lambda"), for all on p pays an ALB too. The shared ALB's
	// label names no cluster p shares, so it is never p's own: when p's
	// own lines all came to less than half a cent (monthlyLines left them
	// out) its part is p alone, not "the Lambda cluster it shares with its
	// 1 service on Kubernetes" (rev11b 1); and when no label names p (a
	// summary written before lines were named by who pays them, whose
	// shared ALB belongs to no one: "alb hours") p's part is p, not that
	// no-one-platform part, which all on p's bill would net against
	// unsaid (rev11b 2)
	withP := func(label string) bool { return slices.Contains(strings.Split(label, "+"), p) }
	own := ""
	for _, l := range bl {
		if k := lineKind(l.item); k == "alb hours" || k == "alb lcu-hours" {
			continue
		}
		if label := partOf(l.item); withP(label) && (own == "" || strings.Count(label, "+") < strings.Count(own, "+")) {
			own = label
		}
	}
	if own == "" {
		own = p
	}
	var parts []*part
	find := func(label string) *part {
		with := withP(label)
		if with {
			label = own
		}
		for _, x := range parts {
			if x.label == label {
				return x
			}
		}
		x := &part{label: label, with: with, kinds: map[string]int64{}}
		parts = append(parts, x)
		return x
	}
	for _, l := range bl {
		x := find(partOf(l.item))
		x.kinds[lineKind(l.item)] += microsOf(l.usd)
		x.micros += microsOf(l.usd)
	}
	// all on p's bill nets against the part p is one of; with none (p has
	// no service in the blend) it is what the blend saves by not running p
	var home *part
	for _, x := range parts {
		if x.with {
			home = x
			break
		}
	}
	if home == nil {
		home = find(p)
		home.with = true
	}
	for _, l := range pl {
		home.kinds[lineKind(l.item)] -= microsOf(l.usd)
		home.micros -= microsOf(l.usd)
	}
	for _, x := range parts {
		x.cents = centsOf(x.micros)
	}
	slices.SortStableFunc(parts, func(a, b *part) int { return cmp.Compare(b.cents, a.cents) })
	var clauses []string
	for _, x := range parts {
		if x.cents == 0 {
			continue
		}
		amount := format.USD(math.Abs(float64(x.cents)) / 100)
		more := "more"
		if x.cents < 0 {
			more = "less"
		}
		var what string
		switch others := f.servicesOn(x.label, p); {
		case !x.with && others == "":
			what = fmt.Sprintf("%s for lines of no one platform", amount)
		case !x.with:
			what = fmt.Sprintf("%s for its %s", amount, others)
		case others != "":
			what = fmt.Sprintf("%s %s for the %s cluster it shares with its %s", amount, more, f.reg.Look(p).Noun, others)
		case f.pl.Counts[p] == 0:
			what = fmt.Sprintf("%s %s for not running %s", amount, more, f.reg.Look(p).Noun)
		default:
			n := f.pl.Counts[p]
			what = fmt.Sprintf("%s %s for %s, which runs %s of its %s services", amount, more, f.reg.Look(p).Noun,
				format.Count(int64(n)), format.Count(int64(f.services())))
		}
		clauses = append(clauses, what+" ("+kindsSum(x.kinds, x.micros, x.with)+")")
	}
	if len(clauses) == 0 {
		return ""
	}
	return "The blend pays " + format.And(clauses)
}

// servicesOn is the blend's services on the platforms of a part's label
// other than p, in words: "1 service on Knative"; "" for none.
func (f *fleet) servicesOn(label, p string) string {
	var on []string
	for _, q := range strings.Split(label, "+") {
		if n := f.pl.Counts[q]; q != p && n > 0 {
			on = append(on, fmt.Sprintf("%s %s on %s", format.Count(int64(n)), format.Plural(n, "service", "services"), f.reg.Look(q).Noun))
		}
	}
	return format.And(on)
}

// kindsSum names the largest kinds of cost that make up a part of micros
// micro-dollars, largest first, and the rest: "$16.43 for alb hours,
// $16.43 for lambda provisioned concurrency x86_64 and $2.77 for the
// rest"; signed says each is more or less than the other bill's. Every
// amount, the rest's too, is its exact micro-dollars rounded once to the
// cent (centsOf).
func kindsSum(kinds map[string]int64, micros int64, signed bool) string {
	type kind struct {
		item          string
		micros, cents int64
	}
	var ks []kind
	for item, m := range kinds {
		if c := centsOf(m); c != 0 {
			ks = append(ks, kind{item, m, c})
		}
	}
	abs := func(c int64) int64 { return max(c, -c) }
	slices.SortFunc(ks, func(a, b kind) int {
		return cmp.Or(cmp.Compare(abs(b.cents), abs(a.cents)), cmp.Compare(a.item, b.item))
	})
	say := func(c int64, item string) string {
		s := format.USD(float64(abs(c)) / 100)
		switch {
		case signed && c < 0:
			s += " less"
		case signed:
			s += " more"
		case c < 0:
			s = "−" + s
		}
		return s + " for " + item
	}
	listed := ks
	if len(ks) > 4 {
		listed = ks[:3]
	}
	rest := micros
	var out []string
	for _, k := range listed {
		rest -= k.micros
		out = append(out, say(k.cents, k.item))
	}
	if c := centsOf(rest); c != 0 {
		out = append(out, say(c, "the rest"))
	}
	return format.And(out)
}

// microsOf is a bill's dollars in micro-dollars, the unit its lines are
// rounded to.
func microsOf(usd float64) int64 { return int64(math.Round(usd * 1e6)) }

// centsOf is micro-dollars rounded to the cent, halves away from zero, as
// format.USD rounds the bill's amounts it prints.
func centsOf(micros int64) int64 {
	c, r := micros/10_000, micros%10_000
	switch {
	case r >= 5_000:
		c++
	case r <= -5_000:
		c--
	}
	return c
}

// keptFor is whether a blend's shared line ("lambda: alb hours",
// "kubernetes+knative: idle") is a cost all on platform p would not have:
// a line of another part. A part that p is one of (the shared cluster of
// kubernetes+knative, for kubernetes) has costs all on p would keep too.
func keptFor(item, p string) bool {
	label, _, ok := strings.Cut(item, ": ")
	if !ok {
		return false
	}
	return !slices.Contains(strings.Split(label, "+"), p)
}

func pct(d, of float64) string {
	if of <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f %%", 100*d/of)
}

// placedSentence says where the services went and by what rule.
func (f *fleet) placedSentence() string {
	return f.placedBy() + f.ownSLOs()
}

// ownSLOs says that services with an SLO of their own were placed by it:
// " 1 service (data-worker) has an slo: of its own and is placed by it."
// (at most three named, the rest in placement.csv's own_slo); "" when
// none has.
func (f *fleet) ownSLOs() string {
	own := f.ownSLONames()
	n := len(own)
	if n == 0 {
		return ""
	}
	who := format.And(own[:min(n, 3)])
	if n > 3 {
		who = strings.Join(own[:3], ", ") + fmt.Sprintf(" and %s more, all in %s", format.Count(int64(n-3)), PlacementFile)
	}
	return fmt.Sprintf(" %s %s (%s) %s an slo: of %s own and %s placed by it.", format.Count(int64(n)), format.Plural(n, "service", "services"), who,
		format.Plural(n, "has", "have"), format.Plural(n, "its", "their"), format.Plural(n, "is", "are"))
}

// ownSLOsShort is the text header's note that services with an slo: of
// their own were judged by it, not by the SLO the header names: " (3
// services judge by their own: checkout, search, svc-07)"; "" when none
// has one (walk14 #13: the header named the scenario's SLO alone).
func (f *fleet) ownSLOsShort() string {
	own := f.ownSLONames()
	if len(own) == 0 {
		return ""
	}
	return fmt.Sprintf(" (%s %s by %s own: %s)", format.Count(int64(len(own))), format.Plural(len(own), "service judges", "services judge"),
		format.Plural(len(own), "its", "their"), format.FirstNames(own, 3))
}

// ownSLONames are the services with an slo: of their own, in the
// placement's order.
func (f *fleet) ownSLONames() []string {
	var own []string
	for _, svc := range f.pl.Services {
		if svc.SLO != nil {
			own = append(own, svc.Name)
		}
	}
	return own
}

func (f *fleet) placedBy() string {
	var on []string
	for _, p := range f.parts {
		on = append(on, fmt.Sprintf("%s on %s", format.Count(int64(f.pl.Counts[p])), f.reg.Look(p).Noun))
	}
	if f.placedCounts() != "" {
		// the counts say which services are on their cheapest platform
		return fmt.Sprintf("Of the %s services, %s places %s (SLO %s).",
			format.Count(int64(f.services())), f.reg.Look(f.blend).Noun, format.And(on), f.slo())
	}
	return fmt.Sprintf("Of the %s services, %s places %s: each on the cheapest platform that meets the SLO (%s), or where it is pinned.",
		format.Count(int64(f.services())), f.reg.Look(f.blend).Noun, format.And(on), f.slo())
}

// option is the service's result on platform p, or nil.
func option(svc platform.PlacedService, p string) *platform.PlacedOption {
	for i := range svc.Options {
		if svc.Options[i].Platform == p {
			return &svc.Options[i]
		}
	}
	return nil
}

// diff is the service's monthly cost on the first platform of the blend
// minus on the second; NaN when either is missing.
func (f *fleet) diff(svc platform.PlacedService) float64 {
	if len(f.parts) < 2 {
		return math.NaN()
	}
	a, b := option(svc, f.parts[0]), option(svc, f.parts[1])
	if a == nil || b == nil {
		return math.NaN()
	}
	return a.MonthlyUSD - b.MonthlyUSD
}

// impact is how much the service's placement matters: the spread of its
// monthly costs over the platforms (|A − B| with two).
func impact(svc platform.PlacedService) float64 {
	if len(svc.Options) == 0 {
		return 0
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, o := range svc.Options {
		lo, hi = math.Min(lo, o.MonthlyUSD), math.Max(hi, o.MonthlyUSD)
	}
	return hi - lo
}

// top is the services with the largest impact, largest first (on equal
// impact the busier first, then by name), at most n.
func (f *fleet) top(n int) []platform.PlacedService {
	svcs := slices.Clone(f.pl.Services)
	slices.SortStableFunc(svcs, func(a, b platform.PlacedService) int {
		if c := cmp.Compare(impact(b), impact(a)); c != 0 {
			return c
		}
		if c := cmp.Compare(b.RatePerSecond, a.RatePerSecond); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
	return svcs[:min(n, len(svcs))]
}

// impactTable is the services top as rows, the first the header: name,
// mean rate, where it was placed, its monthly cost on each platform, the
// difference (first minus second platform) and the reason. label names a
// platform.
func (f *fleet) impactTable(top []platform.PlacedService, label func(string) string) [][]string {
	header := []string{"service", "req/s", "placed on"}
	for _, p := range f.parts {
		header = append(header, label(p)+" direct $/month")
	}
	if len(f.parts) >= 2 {
		header = append(header, label(f.parts[0])+" − "+label(f.parts[1]))
	}
	header = append(header, "reason")
	rows := [][]string{header}
	for _, svc := range top {
		r := []string{svc.Name, format.Sig(svc.RatePerSecond, 3), label(svc.Platform)}
		for _, p := range f.parts {
			if o := option(svc, p); o != nil {
				r = append(r, format.USD(o.MonthlyUSD))
			} else {
				r = append(r, "—")
			}
		}
		if len(f.parts) >= 2 {
			d := f.diff(svc)
			switch {
			case math.IsNaN(d):
				r = append(r, "—")
			case d < 0:
				r = append(r, "−"+format.USD(-d))
			default:
				r = append(r, format.USD(d))
			}
		}
		rows = append(rows, append(r, svc.Reason))
	}
	return rows
}

// impactCaption introduces the impact table.
func (f *fleet) impactCaption() string {
	n := min(fleetTop, len(f.pl.Services))
	what := fmt.Sprintf("The %d services", n)
	if n == 1 {
		what = "The service"
	}
	between := "between the platforms"
	if len(f.parts) == 2 {
		between = fmt.Sprintf("between %s and %s", f.reg.Look(f.parts[0]).Noun, f.reg.Look(f.parts[1]).Noun)
	}
	return fmt.Sprintf("%s whose monthly cost differs most %s, of %s:", what, between, format.Count(int64(len(f.pl.Services))))
}

// chart is the fleet chart: every service, its mean rate against its cost
// on the first platform minus on the second, by where it was placed; nil
// with fewer than two platforms.
func (f *fleet) chart(h plots.Header) *plots.Chart {
	if len(f.parts) < 2 {
		return nil
	}
	groups := f.chartGroups(func(g *plots.FleetGroup, svc platform.PlacedService) {
		g.Names = append(g.Names, svc.Name)
		g.RatePerSecond = append(g.RatePerSecond, bounded(svc.RatePerSecond))
		g.DiffUSD = append(g.DiffUSD, bounded(f.diff(svc)))
		// whether the other platform misses the SLO (the chart rings a
		// service placed on the dearer one for that), and whether both do
		misses, both := false, false
		for _, o := range svc.Options {
			if o.Platform != svc.Platform && !o.MeetsSLO {
				misses = true
				both = !slices.ContainsFunc(svc.Options, func(o platform.PlacedOption) bool { return o.MeetsSLO })
			}
		}
		g.Misses = append(g.Misses, misses)
		g.PlacedMisses = append(g.PlacedMisses, both)
		g.Pinned = append(g.Pinned, svc.Pinned)
	})
	a, b := f.reg.Look(f.parts[0]).Chart(f.parts[0]), f.reg.Look(f.parts[1]).Chart(f.parts[1])
	return plots.Fleet(h, a, b, groups)
}

// chartGroups are the fleet chart's groups, one per platform of the blend
// in its order (a platform placed nothing on stays, empty), each service
// given by add to its platform's group.
func (f *fleet) chartGroups(add func(g *plots.FleetGroup, svc platform.PlacedService)) []plots.FleetGroup {
	var groups []plots.FleetGroup
	index := map[string]int{}
	group := func(p string) *plots.FleetGroup {
		i, ok := index[p]
		if !ok {
			i = len(groups)
			index[p] = i
			groups = append(groups, plots.FleetGroup{Model: f.reg.Look(p).Chart(p), Names: []string{}})
		}
		return &groups[i]
	}
	for _, p := range f.parts {
		group(p)
	}
	for _, svc := range f.pl.Services {
		add(group(svc.Platform), svc)
	}
	return groups
}

// bounded is v, or NaN beyond ±maxValue: a summary.json edited by hand
// may hold anything, and such a number is not drawn (the chart counts it
// as unusable).
func bounded(v float64) float64 {
	if math.Abs(v) > maxValue {
		return math.NaN()
	}
	return v
}

// fleetChart is the rendered fleet chart among charts, or nil.
func fleetChart(charts []ChartFile) *ChartFile {
	for i := range charts {
		if charts[i].Name == FleetChart {
			return &charts[i]
		}
	}
	return nil
}

// fleetMarkdown writes summary.md's fleet section, if the summary has a
// placement, and tells whether it did.
func (b *Bundle) fleetMarkdown(w *strings.Builder, charts []ChartFile) bool {
	f := fleetOf(b.Summary, b.Registry)
	if n := legacyPlacementNote(b.Summary); n != "" {
		fmt.Fprintf(w, "### Fleet placement\n\n%s\n\n", markdownText(n))
		return true
	}
	if f == nil {
		return false
	}
	label := func(p string) string { return b.Registry.Look(p).Label }
	w.WriteString("### Fleet placement\n\n")
	if h := f.headline(); h != "" {
		fmt.Fprintf(w, "**%s**\n", markdownText(h))
	}
	if x := f.fixedCosts(); x != "" {
		fmt.Fprintf(w, "\n%s\n\n", markdownText(x))
	}
	fmt.Fprintf(w, "%s\n\n", markdownText(f.placedSentence()))
	for _, x := range f.placementNotes() {
		fmt.Fprintf(w, "%s\n\n", markdownText(x))
	}
	if x := f.twoSLOs(firstSLO(b.Summary)); x != "" {
		fmt.Fprintf(w, "%s\n\n", markdownText(x))
	}
	markdownTable(w, f.totals(label), true)
	if c := fleetChart(charts); c != nil {
		fmt.Fprintf(w, "\n![%s](%s.png)\n", markdownText(c.Title), c.Name)
	}
	if len(f.pl.Services) > 0 {
		fmt.Fprintf(w, "\n#### Largest cost impact\n\n%s\n\n", markdownText(f.impactCaption()))
		markdownTable(w, f.impactTable(f.top(fleetTop), label), false)
	}
	return true
}

// markdownTable writes rows as a Markdown table, the first row the header;
// numbers right-aligned (every column but the first when numeric is set;
// else by the header: rate and money columns).
func markdownTable(w *strings.Builder, rows [][]string, numeric bool) {
	for i, r := range rows {
		cells := make([]string, len(r))
		for j, c := range r {
			cells[j] = markdownText(c)
		}
		if i == 0 && cells[0] == "" {
			cells[0] = "&nbsp;"
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
		if i == 0 {
			var align []string
			for j, h := range r {
				if j > 0 && (numeric || rightAligned(h)) {
					align = append(align, "--:")
				} else {
					align = append(align, "---")
				}
			}
			fmt.Fprintf(w, "|%s|\n", strings.Join(align, "|"))
		}
	}
}

// rightAligned tells a numeric column of the impact table by its header.
func rightAligned(header string) bool {
	return header == "req/s" || strings.HasSuffix(header, "$/month") || strings.Contains(header, " − ")
}

// fleetHTML writes report.html's fleet section.
func (b *Bundle) fleetHTML(w *strings.Builder, charts []ChartFile) {
	f := fleetOf(b.Summary, b.Registry)
	if n := legacyPlacementNote(b.Summary); n != "" {
		fmt.Fprintf(w, "<section id=\"fleet\">\n<h2>Fleet placement</h2>\n<p>%s</p>\n</section>\n", html.EscapeString(n))
		return
	}
	if f == nil {
		return
	}
	esc := html.EscapeString
	label := func(p string) string { return b.Registry.Look(p).Label }
	w.WriteString("<section id=\"fleet\">\n<h2>Fleet placement</h2>\n")
	if h := f.headline(); h != "" {
		fmt.Fprintf(w, "<p class=\"answer\">%s</p>\n", esc(h))
	}
	if x := f.fixedCosts(); x != "" {
		fmt.Fprintf(w, "<p>%s</p>\n", esc(x))
	}
	fmt.Fprintf(w, "<p>%s</p>\n", esc(f.placedSentence()))
	for _, x := range f.placementNotes() {
		fmt.Fprintf(w, "<p>%s</p>\n", esc(x))
	}
	if x := f.twoSLOs(firstSLO(b.Summary)); x != "" {
		fmt.Fprintf(w, "<p class=\"note\">%s</p>\n", esc(x))
	}
	w.WriteString("<table id=\"fleet-totals\">\n")
	cols := append(slices.Clone(f.parts), f.blend)
	for i, r := range f.totals(label) {
		w.WriteString("<tr>")
		for j, c := range r {
			switch {
			case i == 0 && j == 0:
				w.WriteString("<th></th>")
			case i == 0:
				fmt.Fprintf(w, "<th class=\"%s\">%s</th>", esc(cols[j-1]), esc(c))
			default:
				fmt.Fprintf(w, "<td>%s</td>", esc(c))
			}
		}
		w.WriteString("</tr>\n")
	}
	w.WriteString("</table>\n")
	if c := fleetChart(charts); c != nil {
		fmt.Fprintf(w, "<figure id=\"chart-%s\">\n%s\n<figcaption>%s (also %s.png and %s.svg)</figcaption>\n</figure>\n",
			esc(c.Name), inlineSVG(c.SVG), esc(c.Title), esc(c.Name), esc(c.Name))
	}
	if len(f.pl.Services) > 0 {
		fmt.Fprintf(w, "<h3>Largest cost impact</h3>\n<p>%s</p>\n<table id=\"fleet-impact\">\n", esc(f.impactCaption()))
		top := f.top(fleetTop)
		rows := f.impactTable(top, label)
		for i, r := range rows {
			w.WriteString("<tr>")
			for j, c := range r {
				tag, class := "td", ""
				if i == 0 {
					tag = "th"
				}
				if j > 0 && !rightAligned(rows[0][j]) {
					class = "text"
				}
				if i > 0 && j == 2 {
					class = "text on-" + top[i-1].Platform
				}
				if class != "" {
					fmt.Fprintf(w, "<%s class=\"%s\">%s</%s>", tag, esc(class), esc(c), tag)
				} else {
					fmt.Fprintf(w, "<%s>%s</%s>", tag, esc(c), tag)
				}
			}
			w.WriteString("</tr>\n")
		}
		w.WriteString("</table>\n")
	}
	w.WriteString("</section>\n")
}

// fleetCSS styles the fleet section: the answer stands out, text columns
// read left-aligned, and each platform's name is in its colour where a
// service was placed.
func (b *Bundle) fleetCSS() string {
	if b.Summary.Placement == nil {
		return ""
	}
	var w strings.Builder
	w.WriteString("p.answer{font-size:18px;font-weight:bold;margin:8px 0}\n#fleet-impact th.text,#fleet-impact td.text{text-align:left}\n#fleet-impact td:first-child{white-space:nowrap}\n")
	for _, p := range b.Registry {
		c := p.Look().Text
		fmt.Fprintf(&w, "td.on-%s{color:#%02x%02x%02x}\n", p.Name(), c.R, c.G, c.B)
	}
	return w.String()
}

// fleetText writes the text summary's fleet block: the totals and counts.
func fleetText(w *strings.Builder, s summary.Summary, reg platform.Registry) {
	f := fleetOf(s, reg)
	if n := legacyPlacementNote(s); n != "" {
		fmt.Fprintf(w, "\nplacement · %s\n", n)
		return
	}
	if f == nil {
		return
	}
	fmt.Fprintf(w, "\nplacement · SLO %s%s · %s services\n", f.slo(), f.ownSLOsShort(), format.Count(int64(f.services())))
	// its sentences wrapped to 100 columns, and what the placement
	// compared as a table: one line each, they ran to 800 characters
	note := func(x string) {
		if x != "" {
			// a hanging indent: where each sentence starts shows
			w.WriteString(wrapText(x, placementTextWidth, "  ", "    "))
		}
	}
	note(f.twoSLOs(firstSLO(s)))
	writeTable(w, f.totals(func(p string) string { return p }))
	note(f.fixedCosts())
	note(f.placedCounts())
	note(f.tooFew())
	note(f.marginal())
	if intro, rows, after := f.comparedText(); rows != nil {
		note(intro)
		writeTable(w, rows)
		note(after)
	}
	note(f.reconcile())
}

// placementTextWidth is the width the text summary's placement sentences
// are wrapped to.
const placementTextWidth = 100

// legacyPlacementNote is what a re-rendered folder says of a placement
// written before the placement simulated its blends (platform.Placement's
// Legacy), whose per-service costs meant something else: "" for any other.
func legacyPlacementNote(s summary.Summary) string {
	if s.Placement == nil || s.Placement.Legacy == nil {
		return ""
	}
	return "This run folder holds a placement written by an older execsim, from before the placement simulated its blends: its per-service costs are loaded, not direct, and its services have no request counts, so it is not re-rendered here (summary.json keeps it as written). Rerun the scenario for the placement, placement.csv and fleet chart of this version."
}
