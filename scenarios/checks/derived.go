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
// with the tolerance it was held to. A copy (or a fixed multiple) moves
// with its source, as far as the source's tolerance allows: carried as a
// bound on its move alone, a tolerance on p99 let slo.measured_ms move 2 %
// while p99 stayed, or the other way, and one on the total let the month
// move by 20 % of a bill that had not moved (rev14b).
//
// One kind of copy is not in the table, since what it copies is known
// only from the run: the blend of a placement that settled on one
// platform, which is that platform's own run, field for field
// (File.twins). The placement's numbered trials and options are in it,
// reached by their aliases (File.alias: placement.trials.1 is
// placement.trials.all_lambda).
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
	// follows marks a field that is from times a fixed factor (1 for a
	// copy): it moves as from moved, in proportion, as far as from's
	// tolerance allows, give or take their rounding; it may not move
	// while from stays, nor the other way. part marks a field that is
	// one of the parts whose sum is from (a bill's lines): it may move
	// by as much as from may, in dollars, since the parts may trade
	// amounts. Otherwise field is from over a count that is no field (a
	// cost per million requests) or a copy not known to be rounded alike,
	// and it may move by the same share of its golden value as from may.
	follows, part bool
	// why says where the derivation comes from in the code.
	why string
	re  *regexp.Regexp // field as a pattern
}

// derivations are tried in order; the first whose source the golden and
// the run both have is the one a field takes.
var derivations = compileDerivations([]derivation{
	{field: "{p}.slo.measured_ms", from: "{p}.latency_ms.{q}", follows: true,
		why: "the SLO's measured tail is the run's latency at the SLO's percentile (platform.SLO.Judge: Tail)"},
	{field: "{p}.slo.refused", from: "{p}.refused_fraction", follows: true,
		why: "the SLO's refused share is the run's refused fraction, rounded alike (platform.SLO.Judge, platform.Entry.BatchMeans)"},
	{field: "{p}.slot_utilisation", from: "{p}.utilisation", follows: true,
		why: "the same number under a name that says what it is (kubernetes.Extra.SlotUtilisation)"},
	{field: "{p}.cost.monthly_usd", from: "{p}.cost.total_usd", follows: true,
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
	{field: "{p}.control_plane_usd", from: "{p}.cost.total_usd", part: true,
		why: "Knative's control plane's share of the bill, its shared_cost line (knative.Extra.ControlPlaneUSD)"},
	{field: "{p}.parts.*.details.control_plane_usd", from: "{p}.cost.total_usd", part: true,
		why: "the control plane's share of a blend's Knative part, a line of the blend's bill (knative.Extra.ControlPlaneUSD)"},
	{field: "{p}.parts.*.details.slot_utilisation", from: "{p}.parts.*.details.utilisation", follows: true,
		why: "a Kubernetes or Knative part's own utilisation under its other name (kubernetes.Extra.SlotUtilisation)"},
	{field: "{p}.services.*.monthly_usd", from: "{p}.services.*.cost_usd",
		why: "a service's share of the bill projected over a month (summary.Services)"},
	{field: "{p}.shared_cost.*.monthly_usd", from: "{p}.shared_cost.*.cost_usd",
		why: "a shared cost projected over a month (summary.Services)"},
	{field: "placement.monthly_usd.all_{p}", from: "{p}.cost.monthly_usd", follows: true,
		why: "the placement's totals side by side are the platforms' own (summary.Of)"},
	{field: "placement.monthly_usd.{p}", from: "{p}.cost.monthly_usd", follows: true,
		why: "the blend's own total, as its entry gives it (summary.Of)"},
	// the placement judges every run by its own SLO (placement.slo:),
	// whose percentile need not be the scenario's: its measured tail
	// is the run's latency at that percentile, not the platform's
	// slo.measured_ms (hybrid.Config.judgeRun, platform.SLO.JudgeRun)
	{field: "placement.run_slo.all_{p}.measured_ms", from: "{p}.latency_ms.{q}", slo: "placement", follows: true,
		why: "each platform's run judged by the placement's SLO (hybrid usage.Placement: RunSLO)"},
	{field: "placement.run_slo.{p}.measured_ms", from: "{p}.latency_ms.{q}", slo: "placement", follows: true,
		why: "the blend's run judged by the placement's SLO (hybrid usage.Placement: RunSLO)"},
	{field: "placement.run_slo.all_{p}.refused", from: "{p}.refused_fraction", follows: true,
		why: "each platform's refused share, judged by the placement's SLO (platform.SLO.Judge)"},
	{field: "placement.run_slo.{p}.refused", from: "{p}.refused_fraction", follows: true,
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

// window is a range of moves a field may make from its golden value,
// center ± half: its own tolerance's (center 0), or one its source's
// carries to it.
type window struct {
	center, half float64
	// may is how far the tolerance lets the field move at all, which a
	// field derived from it as a part or a share takes: half for a
	// field's own tolerance, its source's may in proportion for one
	// that follows its source (whose window is the move the source made).
	may float64
	// root is the tolerance it comes from ("2%", "$0.01 on
	// lambda.cost.total_usd"); ranged says the text gives the range
	// (not for a field's own absolute tolerance, which is the range).
	root   string
	ranged bool
	// with marks the window of a field that follows its source: its
	// text gives the move it made with it (center), 0 included.
	with bool
}

// reach is the furthest move the window allows.
func (w window) reach() float64 { return math.Abs(w.center) + w.half }

// holds says whether a move is in the window; a relative slack of 1e-9
// keeps a move of exactly the tolerance within it despite rounding.
func (w window) holds(move float64) bool {
	return math.Abs(move-w.center) <= w.half*(1+1e-9)+1e-12*math.Abs(w.center)
}

// nearest is the move in the window nearest to move.
func (w window) nearest(move float64) float64 {
	return min(max(move, w.center-w.half), w.center+w.half)
}

// text is the window as the drift report's tolerance column gives it:
// "$0.01", "2% (±4.27904)", "$0.01 on lambda.cost.total_usd (±0.010002)" (a
// bill's line), "2% on kubernetes.latency_ms.p99 (with it: +4.27904 ±0.002)"
// (a copy of p99, which moved +4.27904 as far as its tolerance allows).
func (w window) text() string {
	switch {
	case !w.ranged:
		return w.root
	case w.center == 0 && !w.with:
		return w.root + " (±" + num(w.half) + ")"
	}
	sign := "+"
	if w.center < 0 {
		sign = "-"
	}
	return w.root + " (with it: " + sign + num(math.Abs(w.center)) + " ±" + num(w.half) + ")"
}

// widest is the window of ws that may reach furthest (ok false when none).
func widest(ws []window) (window, bool) {
	if len(ws) == 0 {
		return window{}, false
	}
	best := ws[0]
	for _, w := range ws[1:] {
		if w.may > best.may {
			best = w
		}
	}
	return best, true
}

// allowance is how a field may move from its golden value g: within its
// own tolerance, or as the tolerance of the field it is derived from
// carries to it (derivations); none when neither allows a move.
func (c *comparer) allowance(name string, g summary.Field) ([]window, error) {
	return c.allowanceAt(name, g, 0)
}

func (c *comparer) allowanceAt(name string, g summary.Field, depth int) ([]window, error) {
	var ws []window
	alias := c.run.alias(name)
	if t, ok := c.spec.tolerance(name, alias); ok {
		if t.Amount.Unit == Percent {
			half := math.Abs(g.Value) * t.Amount.Value / 100
			ws = append(ws, window{half: half, may: half, root: t.Amount.Text, ranged: true})
		} else {
			allowed, err := t.Amount.in(name)
			if err != nil {
				return nil, fmt.Errorf("line %d: golden.tolerance.%s: %w", t.Line, t.Field, err)
			}
			ws = append(ws, window{half: allowed, may: allowed, root: t.Amount.Text + plainUnit(t.Amount, name)})
		}
	}
	if depth > len(derivations)+1 {
		return ws, nil // never with an acyclic table
	}
	unit, base := SplitUnit(name)
	prefix := ""
	if unit != "" {
		prefix = unit + "/"
	}
	// the field's sources: its twin on the platform a placement settled
	// on (a copy), and the first entry of the table that names one the
	// golden and the run both have
	var sources []derivation
	if tw := c.run.twin(name); tw != "" {
		sources = append(sources, derivation{from: tw, follows: true, why: "the blend of a settled placement is the platform's own run (File.twins)"})
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
		up, err := c.allowanceAt(from, gs, depth+1)
		if err != nil {
			return nil, err
		}
		src, ok := widest(up)
		if !ok || src.may == 0 {
			continue // an exact source carries nothing
		}
		// the root's tolerance and where it was set: "$0.01 on
		// lambda.cost.total_usd"
		root := src.root
		if !strings.Contains(root, " on ") {
			root += " on " + from
		}
		// a derived figure is computed from its source before either
		// is rounded: it may be off by what its source's last digit
		// hides, and its own last digit
		switch {
		case d.follows && gs.Value != 0:
			// it moves as its source moved, as far as the source
			// may: a source past its tolerance takes it past too
			move, k := ns.Value-gs.Value, g.Value/gs.Value
			at, near := src, math.Inf(1)
			for _, w := range up {
				if dist := math.Abs(w.nearest(move) - move); dist < near {
					at, near = w, dist
				}
			}
			root = at.root
			if !strings.Contains(root, " on ") {
				root += " on " + from
			}
			// the factor g/gs is itself off by their rounding, by
			// as much again for each golden value the source moved
			slack := (math.Abs(k)*resolution(from) + resolution(name)) * (1 + math.Abs(move/gs.Value))
			may := (src.may+resolution(from))*math.Abs(k) + resolution(name)
			ws = append(ws, window{center: k * at.nearest(move), half: slack, may: may, root: root, ranged: true, with: true})
		case d.part:
			may := src.may + resolution(from) + resolution(name)
			ws = append(ws, window{half: may, may: may, root: root, ranged: true})
		case gs.Value != 0:
			may := (src.may+resolution(from))*math.Abs(g.Value/gs.Value) + resolution(name)
			ws = append(ws, window{half: may, may: may, root: root, ranged: true})
		case ns.Value != 0:
			if n, ok := c.now[name]; ok && n.Numeric {
				may := (src.may+resolution(from))*math.Abs(n.Value/ns.Value) + resolution(name)
				ws = append(ws, window{half: may, may: may, root: root, ranged: true})
			}
		}
	}
	return ws, nil
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
