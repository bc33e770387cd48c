package checks

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/execsim/execsim/scenarios/summary"
)

// A summary states some figures twice or derives them from others: the
// SLO's measured tail is a latency percentile, a monthly cost is the run's
// bill projected, the bill's lines add up to its total. A tolerance that
// loosened the figure and left its twins exact could not pass a drift it
// allows (walk13 #4: a +0.96 % move of p99 within a 5 % tolerance failed
// on slo.measured_ms, a $0.0003 move of the total within $0.01 on
// monthly_usd, per_million_usd and a breakdown line). So a tolerance on a
// figure carries to the figures derived from it, as the table below
// declares them, each compared in its own right: a derived figure that
// moves beyond what its source's tolerance allows it is a drift, listed
// with the tolerance it was held to.
//
// Two kinds of copy are not in the table, since what they copy is known
// only from the run: the placement's numbered trials and options, which
// the table reaches by their aliases (File.alias: placement.trials.1 is
// placement.trials.all_lambda), and the blend of a placement that settled
// on one platform, which is that platform's own run, field for field
// (File.twins).
type derivation struct {
	// field is the derived field and from its source, in the same run
	// (of the same unit of a sweep). {p} stands for a platform's name
	// (a segment), * for any run of characters (a service, a bill's
	// line) and, in from, is what * matched in field; {q} in from is
	// the percentile of the SLO slo names ("p99" as p99, p99.9 as p999).
	// field may be an index-named placement field's alias (File.alias):
	// placement.trials.all_P, placement.services.S.options.P.
	field, from string
	// slo says whose SLO {q} is: "" the platform {p}'s (its slo:), slo
	// "placement" the placement's (placement.slo:), "service" that of
	// the placed service * (its own slo:, else the placement's).
	slo string
	// part marks a field that is one of the parts whose sum is from (a
	// bill's lines): it may move by as much as from may, in dollars.
	// Otherwise field is from times a factor (1 for a copy), and may
	// move by the same share of its golden value as from may.
	part bool
	// why says where the derivation comes from in the code.
	why string
	re  *regexp.Regexp // field as a pattern
}

// derivations are tried in order; the first whose source the golden and
// the run both have is the one a field takes.
var derivations = compileDerivations([]derivation{
	{field: "{p}.slo.measured_ms", from: "{p}.latency_ms.{q}",
		why: "the SLO's measured tail is the run's latency at the SLO's percentile (platform.SLO.Judge: Tail)"},
	{field: "{p}.slo.refused", from: "{p}.refused_fraction",
		why: "the SLO's refused share is the run's refused fraction, rounded alike (platform.SLO.Judge, platform.Entry.BatchMeans)"},
	{field: "{p}.slot_utilisation", from: "{p}.utilisation",
		why: "the same number under a name that says what it is (kubernetes.Extra.SlotUtilisation)"},
	{field: "{p}.cost.monthly_usd", from: "{p}.cost.total_usd",
		why: "the run's bill projected over a month (cost.Breakdown.MonthlyOver)"},
	{field: "{p}.cost.per_million_usd", from: "{p}.cost.total_usd",
		why: "the run's bill over its requests (cost.PerMillion)"},
	{field: "{p}.cost.breakdown.*", from: "{p}.cost.total_usd", part: true,
		why: "the bill's lines, whose sum is the total (summary.costOf)"},
	{field: "{p}.services.*.cost_usd", from: "{p}.cost.total_usd", part: true,
		why: "a fleet's bill split among its services, the rest being shared_cost (summary.Services)"},
	{field: "{p}.shared_cost.*.cost_usd", from: "{p}.cost.total_usd", part: true,
		why: "the part of a fleet's bill no service is charged for (summary.Services)"},
	{field: "{p}.parts.*.cost_usd", from: "{p}.cost.total_usd", part: true,
		why: "a blend's bill by the platform that ran each part (hybrid.Extra)"},
	{field: "{p}.services.*.monthly_usd", from: "{p}.services.*.cost_usd",
		why: "a service's share of the bill projected over a month (summary.Services)"},
	{field: "{p}.shared_cost.*.monthly_usd", from: "{p}.shared_cost.*.cost_usd",
		why: "a shared cost projected over a month (summary.Services)"},
	{field: "placement.monthly_usd.all_{p}", from: "{p}.cost.monthly_usd",
		why: "the placement's totals side by side are the platforms' own (summary.Of)"},
	{field: "placement.monthly_usd.{p}", from: "{p}.cost.monthly_usd",
		why: "the blend's own total, as its entry gives it (summary.Of)"},
	// the placement judges every run by its own SLO (placement.slo:),
	// whose percentile need not be the scenario's: its measured tail
	// is the run's latency at that percentile, not the platform's
	// slo.measured_ms (hybrid.Config.judgeRun, platform.SLO.JudgeRun)
	{field: "placement.run_slo.all_{p}.measured_ms", from: "{p}.latency_ms.{q}", slo: "placement",
		why: "each platform's run judged by the placement's SLO (hybrid usage.Placement: RunSLO)"},
	{field: "placement.run_slo.{p}.measured_ms", from: "{p}.latency_ms.{q}", slo: "placement",
		why: "the blend's run judged by the placement's SLO (hybrid usage.Placement: RunSLO)"},
	{field: "placement.run_slo.all_{p}.refused", from: "{p}.refused_fraction",
		why: "each platform's refused share, judged by the placement's SLO (platform.SLO.Judge)"},
	{field: "placement.run_slo.{p}.refused", from: "{p}.refused_fraction",
		why: "the blend's refused share, judged by the placement's SLO (platform.SLO.Judge)"},
	// index-named, reached through their aliases (File.alias)
	{field: "placement.trials.all_{p}.monthly_usd", from: "{p}.cost.monthly_usd",
		why: "the search's first trials are the platforms' own runs, their bills projected over a month (hybrid search.settle)"},
	{field: "placement.services.*.options.{p}.monthly_usd", from: "{p}.services.*.monthly_usd",
		why: "a service's direct cost on a platform is its share of that platform's own bill (hybrid servicesMonthly, platform.MonthlyShares)"},
	{field: "placement.services.*.options.{p}.loaded_monthly_usd", from: "{p}.cost.monthly_usd", part: true,
		why: "the services' loaded costs on a platform add up to its monthly bill (hybrid servicesMonthly)"},
	{field: "placement.services.*.options.{p}.tail_ms", from: "{p}.services.*.{q}_ms", slo: "service",
		why: "a service's tail on a platform, at its SLO's percentile, in that platform's own run (hybrid Config.ComposeTrying); services list p50 and p99 only"},
	{field: "placement.services.*.options.{p}.refused", from: "{p}.services.*.refused",
		why: "a service's refused requests on a platform, as a share of its arrivals (hybrid Config.ComposeTrying)"},
})

func compileDerivations(ds []derivation) []derivation {
	for i := range ds {
		pat := regexp.QuoteMeta(ds[i].field)
		pat = strings.Replace(pat, regexp.QuoteMeta("{p}"), `(?P<p>[^./]+)`, 1)
		pat = strings.Replace(pat, regexp.QuoteMeta("*"), `(?P<star>.+)`, 1)
		ds[i].re = regexp.MustCompile("^" + pat + "$")
	}
	return ds
}

// source is the field a derivation takes name (a field of a run, without
// its unit) from, or false when it does not apply; percentile gives the
// percentile of an SLO ("p99"), "" when not known: a platform's by its
// name, the placement's by "placement", a placed service's by
// "placement.services.NAME" (File.percentiles).
func (d derivation) source(name string, percentile func(key string) string) (string, bool) {
	m := d.re.FindStringSubmatch(name)
	if m == nil {
		return "", false
	}
	from, platform, star := d.from, "", ""
	for i, sub := range d.re.SubexpNames() {
		switch sub {
		case "p":
			platform = m[i]
			from = strings.ReplaceAll(from, "{p}", platform)
		case "star":
			star = m[i]
			from = strings.ReplaceAll(from, "*", star)
		}
	}
	if strings.Contains(from, "{q}") {
		key := platform
		switch d.slo {
		case "placement":
			key = "placement"
		case "service":
			key = "placement.services." + star
		}
		q := percentile(key)
		if q == "" {
			return "", false
		}
		// p99.9 is latency_ms.p999
		from = strings.ReplaceAll(from, "{q}", strings.ReplaceAll(q, ".", ""))
	}
	return from, true
}

// comparer compares a golden's fields with a run's under a spec, with the
// fields indexed by name (a fleet of 500 services has tens of thousands).
type comparer struct {
	spec      Spec
	gold, now map[string]summary.Field
	// percentiles are the SLO percentiles of the run's platforms, its
	// placement and its placed services (File.percentiles).
	percentiles map[string]string
	// run is the run's file, whose aliases name its index-named fields
	// (File.alias): a golden read back has none.
	run File
}

func newComparer(gold, now File, spec Spec) *comparer {
	c := &comparer{spec: spec, gold: map[string]summary.Field{}, now: map[string]summary.Field{}, percentiles: now.percentiles, run: now}
	for _, f := range gold.Fields {
		c.gold[f.Name] = f
	}
	for _, f := range now.Fields {
		c.now[f.Name] = f
	}
	return c
}

// allowance is how far a field may move from its golden value g: the
// larger of what its own tolerance allows and what the tolerance of the
// field it is derived from carries to it (derivations), with the text the
// drift report gives for it; 0 and "exact" when neither allows a move.
func (c *comparer) allowance(name string, g summary.Field) (float64, string, error) {
	return c.allowanceAt(name, g, 0)
}

func (c *comparer) allowanceAt(name string, g summary.Field, depth int) (float64, string, error) {
	allowed, text := 0.0, "exact"
	alias := c.run.alias(name)
	if t, ok := c.spec.tolerance(name, alias); ok {
		text = t.Amount.Text
		if t.Amount.Unit == Percent {
			allowed = math.Abs(g.Value) * t.Amount.Value / 100
			text += " (±" + num(allowed) + ")"
		} else {
			var err error
			if allowed, err = t.Amount.in(name); err != nil {
				return 0, "", fmt.Errorf("line %d: golden.tolerance.%s: %w", t.Line, t.Field, err)
			}
		}
	}
	if depth > len(derivations)+1 {
		return allowed, text, nil // never with an acyclic table
	}
	unit, base := SplitUnit(name)
	prefix := ""
	if unit != "" {
		prefix = unit + "/"
	}
	// the field's sources: its twin on the platform a placement settled
	// on (a copy), and the first entry of the table that names one the
	// golden and the run both have; it takes the larger allowance
	var sources []derivation
	if tw := c.run.twin(name); tw != "" {
		sources = append(sources, derivation{from: tw, why: "the blend of a settled placement is the platform's own run (File.twins)"})
	}
	percentile := func(key string) string { return c.percentiles[prefix+key] }
	_, aliasBase := SplitUnit(alias)
	for _, d := range derivations {
		// the field by its name, else by its alias: an option's index
		// reads as a platform's name to {p}, one with no such field
		from, ok := c.sourceOf(d, prefix, base, percentile)
		if !ok && aliasBase != "" {
			from, ok = c.sourceOf(d, prefix, aliasBase, percentile)
		}
		if ok {
			d.from = from
			sources = append(sources, d)
			break
		}
	}
	for _, d := range sources {
		from := d.from
		gs, ok1 := c.gold[from]
		ns, ok2 := c.now[from]
		if !ok1 || !ok2 || !gs.Numeric || !ns.Numeric {
			continue
		}
		a, root, err := c.allowanceAt(from, gs, depth+1)
		if err != nil {
			return 0, "", err
		}
		carried := 0.0
		if a > 0 {
			// a derived figure is computed from its source before
			// either is rounded: it may move by what its source's
			// last digit hides, and its own last digit
			a += resolution(from)
			switch {
			case d.part:
				carried = a
			case gs.Value != 0:
				carried = a * math.Abs(g.Value/gs.Value)
			case ns.Value != 0:
				if n, ok := c.now[name]; ok && n.Numeric {
					carried = a * math.Abs(n.Value/ns.Value)
				}
			}
			carried += resolution(name)
		}
		if carried > allowed {
			// the root's tolerance and where it was set: "$0.01 on
			// lambda.cost.total_usd (±21.9)"
			allowed, text = carried, carriedText(root, from, carried)
		}
	}
	return allowed, text, nil
}

// sourceOf is the source of derivation d for field base of the unit
// prefix, when d applies to it and both the golden and the run have the
// source as a number.
func (c *comparer) sourceOf(d derivation, prefix, base string, percentile func(string) string) (string, bool) {
	from, ok := d.source(base, percentile)
	if !ok {
		return "", false
	}
	from = prefix + from
	gs, ok1 := c.gold[from]
	ns, ok2 := c.now[from]
	return from, ok1 && ok2 && gs.Numeric && ns.Numeric
}

// carriedText names the tolerance a derived field takes from its source
// and the move it allows the field. A source that takes its own from
// further up names that one (root is then already "… on FIELD (±…)").
func carriedText(root, from string, allowed float64) string {
	if i := strings.Index(root, " on "); i >= 0 {
		if j := strings.LastIndex(root, " (±"); j > i {
			root = root[:j]
		}
		return root + " (±" + num(allowed) + ")"
	}
	if j := strings.LastIndex(root, " (±"); j >= 0 {
		root = root[:j]
	}
	return root + " on " + from + " (±" + num(allowed) + ")"
}

// resolution is the step a field's value is rounded to in a summary:
// micro-dollars for money, microseconds for milliseconds, none known for
// anything else.
func resolution(name string) float64 {
	switch unitOf(name) {
	case dollars:
		return 1e-6
	case millis:
		return 1e-3
	}
	return 0
}
