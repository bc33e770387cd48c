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
type derivation struct {
	// field is the derived field and from its source, in the same run
	// (of the same unit of a sweep). {p} stands for a platform's name
	// (the first segment), * for any run of characters (a service, a
	// bill's line) and, in from, is what * matched in field; {q} in
	// from is the latency field of the percentile {p}'s SLO names.
	field, from string
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
	{field: "placement.run_slo.all_{p}.measured_ms", from: "{p}.slo.measured_ms",
		why: "each platform's run judged by the placement's SLO, whose percentile is the run's (hybrid placement)"},
	{field: "placement.run_slo.{p}.measured_ms", from: "{p}.slo.measured_ms",
		why: "the blend's run judged by the placement's SLO (hybrid placement)"},
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
// SLO's percentile of a platform ("p99"), "" when not known.
func (d derivation) source(name string, percentile func(platform string) string) (string, bool) {
	m := d.re.FindStringSubmatch(name)
	if m == nil {
		return "", false
	}
	from := d.from
	for i, sub := range d.re.SubexpNames() {
		switch sub {
		case "p":
			from = strings.ReplaceAll(from, "{p}", m[i])
			if strings.Contains(from, "{q}") {
				q := percentile(m[i])
				if q == "" {
					return "", false
				}
				// p99.9 is latency_ms.p999
				from = strings.ReplaceAll(from, "{q}", strings.ReplaceAll(q, ".", ""))
			}
		case "star":
			from = strings.ReplaceAll(from, "*", m[i])
		}
	}
	return from, true
}

// comparer compares a golden's fields with a run's under a spec, with the
// fields indexed by name (a fleet of 500 services has tens of thousands).
type comparer struct {
	spec      Spec
	gold, now map[string]summary.Field
	// percentiles are the SLO percentiles of the run's platforms, keyed
	// by [UNIT/]PLATFORM (File.percentiles).
	percentiles map[string]string
}

func newComparer(gold, now File, spec Spec) *comparer {
	c := &comparer{spec: spec, gold: map[string]summary.Field{}, now: map[string]summary.Field{}, percentiles: now.percentiles}
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
	if t, ok := c.spec.tolerance(name); ok {
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
	if depth > len(derivations) {
		return allowed, text, nil // never with an acyclic table
	}
	unit, base := SplitUnit(name)
	prefix := ""
	if unit != "" {
		prefix = unit + "/"
	}
	percentile := func(platform string) string { return c.percentiles[prefix+platform] }
	for _, d := range derivations {
		from, ok := d.source(base, percentile)
		if !ok {
			continue
		}
		from = prefix + from
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
		break
	}
	return allowed, text, nil
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
