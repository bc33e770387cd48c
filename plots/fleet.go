package plots

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"

	"github.com/execsim/execsim/internal/format"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// FleetGroup is the services of a fleet placed on one platform: per
// service its mean request rate over the run and the difference of its
// monthly costs on the chart's two platforms (on the first minus on the
// second, HoursPerMonth). Model is the platform they were placed on and
// gives their colour and marker. Names, when not nil, names each service
// (the chart labels the few that matter most).
//
// For FleetPlaced, DiffUSD is the service's monthly cost on the platform
// it was placed on minus on the cheapest other platform, Versus names that
// other platform (its display name) and Misses says whether it misses the
// SLO for the service (why a dearer platform was chosen). PlacedMisses,
// when not nil, says whether no platform met the SLO for the service, the
// one it was placed on included: the placement then chose by the share of
// requests refused, so the alternative's miss explains nothing.
//
// For Fleet, Misses, when not nil, says whether the other of the chart's
// two platforms misses the SLO for the service, and PlacedMisses whether
// both do: a service placed on the dearer of the two because the cheaper
// one misses the SLO is ringed (walk report 3: svc-443 sat above 0 on
// Kubernetes with nothing saying why).
type FleetGroup struct {
	Model         Model
	Names         []string
	RatePerSecond []float64
	DiffUSD       []float64
	Versus        []string
	Misses        []bool
	PlacedMisses  []bool
	// Pinned, when not nil, says whether the scenario pinned the service
	// to the platform it is on: a reason of its own for a dearer one,
	// told apart from a service the placement kept there as a whole.
	Pinned []bool
}

func (g FleetGroup) check() {
	n := len(g.RatePerSecond)
	if len(g.DiffUSD) != n || (g.Names != nil && len(g.Names) != n) ||
		(g.Versus != nil && len(g.Versus) != n) || (g.Misses != nil && len(g.Misses) != n) ||
		(g.PlacedMisses != nil && len(g.PlacedMisses) != n) || (g.Pinned != nil && len(g.Pinned) != n) {
		msg := fmt.Sprintf("plots: %s fleet group has %d rates, %d cost differences and %d names", g.Model.Name, n, len(g.DiffUSD), len(g.Names))
		if g.Versus != nil || g.Misses != nil {
			msg += fmt.Sprintf(" (%d alternatives, %d SLO marks)", len(g.Versus), len(g.Misses))
		}
		panic(msg)
	}
}

// fleetText is what differs between the fleet chart's two forms: a pair
// of platforms (Fleet) or each service against its cheapest alternative
// (FleetPlaced).
type fleetText struct {
	title, subtitle string
	// axis is the y axis label; the scale's name is added in brackets
	axis string
	// same is the note when every difference is zero
	same string
	// label names a service's point
	label func(g FleetGroup, i int) string
	clip  int
	// dearer tells whether a service of group g at cost difference d was
	// placed on the dearer platform
	dearer func(g FleetGroup, d float64) bool
	// passedName is the platform passed over, for the legend of the
	// ringed points ("" : "the cheaper one")
	passedName func(g FleetGroup, i int) string
	// noted names the note that counts the service (a dearer placement
	// it explains), "" for none: the first fleetNoted of each note are
	// named on the chart as in the note, so that a reader can find the
	// one a note means
	noted func(g FleetGroup, i int) string
}

// fleetLabels is how many services the fleet chart names: the ones whose
// costs differ most. A fleet of at most fleetNameAll services has every
// one named: an unnamed marker among a few named ones (drawn solid beside
// their labels) reads as a different kind of point.
const (
	fleetLabels  = 3
	fleetNameAll = 8
	// fleetNoted is how many of the services the notes count are named,
	// on the chart and in the note, the largest differences first
	fleetNoted = 5
)

// symLogRatio is the spread of cost differences (the largest against the
// median, in absolute value) from which the fleet chart's y axis is a
// symmetric log one.
const symLogRatio = 30

// Fleet draws every service of a fleet as one point: x its mean request
// rate (log scale), y its monthly cost on a minus its monthly cost on b,
// colour and marker those of the platform it was placed on, with a line at
// zero. The legend counts the services of each group ("AWS Lambda (412)").
//
// Services with no requests cannot sit on the log axis: they are drawn at
// "0", left of the slowest service beyond a dotted separator. When
// the differences span more than a factor 30 (the largest against the
// median) the y axis is symmetric-log, linear near zero and logarithmic
// beyond, so that a service costing cents and one costing thousands both
// show; a note says where the linear part ends. The three services whose
// costs differ most are named next to their points, or every service of a
// fleet of at most eight.
//
// Markers are translucent with an opaque outline, and the groups are drawn
// largest first, so that a few services of one platform among hundreds of
// another stay visible.
func Fleet(h Header, a, b Model, groups []FleetGroup) *Chart {
	dearer := func(g FleetGroup, d float64) bool {
		return (g.Model.Name == a.Name && d > 0) || (g.Model.Name == b.Name && d < 0)
	}
	// the dearer placements a note counts below (ringed ones aside),
	// by the note; the same cases as the loop below
	noted := func(g FleetGroup, i int) string {
		switch {
		case !dearer(g, g.DiffUSD[i]):
			return ""
		case g.PlacedMisses != nil && g.PlacedMisses[i]:
			return "none"
		case g.Pinned != nil && g.Pinned[i]:
			return "pinned"
		case g.Misses != nil && !g.Misses[i]:
			return "kept"
		}
		return ""
	}
	c := fleetChart(h, fleetText{
		noted:    noted,
		title:    "Fleet: monthly cost difference per service",
		subtitle: fmt.Sprintf("Above 0: cheaper on %s. Below 0: cheaper on %s.", b.DisplayName(), a.DisplayName()),
		axis:     fmt.Sprintf("%s − %s", a.DisplayName(), b.DisplayName()),
		same:     fmt.Sprintf("Every service costs the same on %s and %s.", a.DisplayName(), b.DisplayName()),
		label:    func(g FleetGroup, i int) string { return g.Names[i] },
		clip:     28,
		// above 0 a is dearer, below 0 b is
		dearer: dearer,
		passedName: func(g FleetGroup, _ int) string {
			if g.Model.Name == a.Name {
				return b.DisplayName()
			}
			return a.DisplayName()
		},
	}, groups)
	// the dearer placements no ring explains: no platform meets the SLO,
	// or the placement kept them there as a whole (a simulated blend
	// moving them was not cheaper: opening a platform has fixed costs no
	// one service's direct cost shows; or they are pinned)
	var none, kept, pinned namedCount
	pinKnown := true
	for _, g := range groups {
		pinKnown = pinKnown && g.Pinned != nil
		for i, d := range g.DiffUSD {
			if !drawable(d) || !drawable(g.RatePerSecond[i]) || g.RatePerSecond[i] < 0 || !dearer(g, d) {
				continue
			}
			switch {
			case g.PlacedMisses != nil && g.PlacedMisses[i]:
				none.add(g, i)
			case g.Pinned != nil && g.Pinned[i]:
				pinned.add(g, i)
			case g.Misses != nil && !g.Misses[i]:
				kept.add(g, i)
			}
		}
	}
	if pinned.n > 0 {
		c.note("%s %s on the dearer platform because the scenario pins %s there.", pinned, format.Plural(pinned.n, "is", "are"), format.Plural(pinned.n, "it", "them"))
	}
	// with the pins known, a kept service is not one of them
	why, whyMany := "no simulated blend moving it was cheaper as a whole, or it is pinned", "no simulated blend moving them was cheaper as a whole, or they are pinned"
	if pinKnown {
		why, whyMany = "no simulated blend moving it was cheaper as a whole", "no simulated blend moving them was cheaper as a whole"
	}
	switch {
	case none.n == 1:
		c.note("%s is on the dearer platform because neither meets the SLO for it: it is placed where it refuses fewest, then by cost where only its tail sets the platforms apart.", none)
	case none.n > 1:
		c.note("%s are on the dearer platform because neither meets the SLO for them: each is placed where it refuses fewest, then by cost where only its tail sets the platforms apart.", none)
	}
	switch {
	case kept.n == 1:
		c.note("%s is on the dearer platform by its own direct cost although the other meets the SLO: the placement kept it there (its text says why: %s).", kept, why)
	case kept.n > 1:
		c.note("%s are on the dearer platform by their own direct cost although the other meets the SLO: the placement kept them there (its text says why: %s).", kept, whyMany)
	}
	return c
}

// namedCount counts the services a note is about and keeps their names,
// so that the note names them (the chart labels the same ones):
// "1 service (checkout)", "7 services (a, b, c, d, e and 2 more)".
type namedCount struct {
	n     int
	names []string
	diffs []float64
}

func (c *namedCount) add(g FleetGroup, i int) {
	c.n++
	if g.Names != nil {
		c.names = append(c.names, g.Names[i])
		c.diffs = append(c.diffs, math.Abs(g.DiffUSD[i]))
	}
}

// String names the largest differences first, as the chart's labels go.
func (c namedCount) String() string {
	if len(c.names) != c.n || c.n == 0 {
		return services(c.n)
	}
	idx := make([]int, c.n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(u, v int) int { return cmp.Compare(c.diffs[v], c.diffs[u]) })
	var parts []string
	for _, i := range idx[:min(c.n, fleetNoted)] {
		parts = append(parts, c.names[i])
	}
	if c.n > fleetNoted {
		parts = append(parts, fmt.Sprintf("%s more", format.Count(int64(c.n-fleetNoted))))
	}
	return fmt.Sprintf("%s (%s)", services(c.n), format.And(parts))
}

// FleetPlaced draws a placement among three or more platforms, where no
// one pair of platforms says what each service was chosen between: every
// service as one point, x its mean request rate (log scale), y its monthly
// cost on the platform it was placed on minus on the cheapest other
// platform, colour and marker those of the platform it was placed on.
// Below 0 the service went to its cheapest platform; above 0 it went to a
// dearer one, because the cheaper misses the SLO for it (or it is pinned).
// A named point says which platform it is compared with. Axes, labels and
// notes are as Fleet's; a note counts the services each platform is the
// alternative of, so that the unnamed points are accounted for too.
func FleetPlaced(h Header, groups []FleetGroup) *Chart {
	c := fleetChart(h, fleetText{
		title:    "Fleet: each service's cost where placed, against its cheapest alternative",
		subtitle: "Below 0: placed on its cheapest platform. Above 0: a cheaper one was passed over.",
		axis:     "where placed − cheapest other platform",
		same:     "Every service costs the same where placed as on its cheapest alternative.",
		label: func(g FleetGroup, i int) string {
			l := g.Names[i]
			if g.Versus != nil && g.Versus[i] != "" {
				l += " (vs " + g.Versus[i]
				// only where it explains the point: a dearer alternative
				// missing the SLO changed nothing
				switch {
				case g.DiffUSD[i] <= 0:
				case g.PlacedMisses != nil && g.PlacedMisses[i]:
					l += ": none meets SLO"
				case g.Misses != nil && g.Misses[i]:
					l += ": misses SLO"
				}
				l += ")"
			}
			return l
		},
		clip:   48,
		dearer: func(_ FleetGroup, d float64) bool { return d > 0 },
		noted: func(g FleetGroup, i int) string {
			switch {
			case g.DiffUSD[i] <= 0 || g.Versus == nil || g.Versus[i] == "":
				return "" // the notes count only services with an alternative
			case g.PlacedMisses != nil && g.PlacedMisses[i]:
				return "none"
			case g.Misses != nil && g.Misses[i]:
				return "missed"
			case g.Pinned != nil && g.Pinned[i]:
				return "pinned"
			}
			return "rest"
		},
		passedName: func(g FleetGroup, i int) string {
			if g.Versus == nil {
				return ""
			}
			return g.Versus[i]
		},
	}, groups)
	// which platform each service is compared with, and how many were
	// passed over for missing the SLO
	var order []string
	count := map[string]int{}
	var missed, none, pinned, rest namedCount
	pinKnown := true
	for _, g := range groups {
		g.check()
		pinKnown = pinKnown && g.Pinned != nil
		for i := range g.RatePerSecond {
			if !drawable(g.DiffUSD[i]) || g.Versus == nil || g.Versus[i] == "" {
				continue
			}
			v := g.Versus[i]
			if count[v] == 0 {
				order = append(order, v)
			}
			count[v]++
			if g.DiffUSD[i] > 0 {
				switch {
				case g.PlacedMisses != nil && g.PlacedMisses[i]:
					none.add(g, i)
				case g.Misses != nil && g.Misses[i]:
					missed.add(g, i)
				case g.Pinned != nil && g.Pinned[i]:
					pinned.add(g, i)
				default:
					rest.add(g, i)
				}
			}
		}
	}
	if len(order) > 0 {
		parts := make([]string, len(order))
		for i, v := range order {
			parts[i] = fmt.Sprintf("%s for %s", v, services(count[v]))
		}
		c.note("Compared with: %s.", format.And(parts))
	}
	switch {
	case missed.n == 1:
		c.note("%s costs more where placed because its cheaper alternative misses the SLO.", missed)
	case missed.n > 1:
		c.note("%s cost more where placed because their cheaper alternative misses the SLO.", missed)
	}
	switch {
	case none.n == 1:
		c.note("%s costs more where placed because no platform meets the SLO for it: it is placed where it refuses fewest, then by cost where only its tail sets the platforms apart.", none)
	case none.n > 1:
		c.note("%s cost more where placed because no platform meets the SLO for them: each is placed where it refuses fewest, then by cost where only its tail sets the platforms apart.", none)
	}
	switch {
	case !pinKnown && rest.n > 0:
		// an older summary, without pins: a pin or a service the
		// placement kept where it is as a whole
		c.note("%s above 0 although a cheaper alternative meets the SLO: pinned there, or kept there by the placement (no simulated blend moving %s was cheaper as a whole).", rest, format.Plural(rest.n, "it", "them"))
	case rest.n > 0:
		c.note("%s above 0 although a cheaper alternative meets the SLO: kept there by the placement (no simulated blend moving %s was cheaper as a whole).", rest, format.Plural(rest.n, "it", "them"))
	}
	if pinned.n > 0 {
		c.note("%s above 0 although a cheaper alternative meets the SLO: pinned to a dearer platform.", pinned)
	}
	return c
}

func fleetChart(h Header, txt fleetText, groups []FleetGroup) *Chart {
	c := newChart(h.title(txt.title))
	p := newPlot()
	c.add(p, txt.subtitle, 1)

	type point struct {
		pt
		name  string
		group int
		// passed: placed on the dearer platform because the cheaper one
		// misses the SLO (and the one placed on meets it)
		passed   bool
		passedTo string
		// noted: the note that counts it ("" for none), so it is named
		noted string
	}
	var pts []point
	var zeroRate, bad int
	xlo, xhi := math.Inf(1), math.Inf(-1)
	counts := make([]int, len(groups))
	for gi, g := range groups {
		g.check()
		for i, r := range g.RatePerSecond {
			d := g.DiffUSD[i]
			if !drawable(r) || r < 0 || !drawable(d) {
				bad++
				continue
			}
			counts[gi]++
			name := ""
			if g.Names != nil {
				name = txt.label(g, i)
			}
			passed := g.Misses != nil && g.Misses[i] && !(g.PlacedMisses != nil && g.PlacedMisses[i]) && txt.dearer(g, d)
			to := ""
			if passed {
				to = txt.passedName(g, i)
			}
			noted := ""
			if txt.noted != nil {
				noted = txt.noted(g, i)
			}
			pts = append(pts, point{pt{r, d}, name, gi, passed, to, noted})
			if r == 0 {
				zeroRate++
				continue
			}
			xlo, xhi = math.Min(xlo, r), math.Max(xhi, r)
		}
	}

	// The x axis: log rates; services without requests at a floor under
	// the 1-2-5 value below the slowest, labelled 0, beyond a dotted line.
	floor, cut := math.NaN(), math.Inf(1)
	// the floor sits under the lowest rate the log axis holds, which
	// setRange would raise (see maxLogSpan, minLog): raise it first, so
	// that the services at 0 stay on the axis
	lowCut := false
	if finite(xlo) && (xlo < xhi/maxLogSpan || xlo < 100*minLog) {
		xlo, lowCut = math.Max(xhi/maxLogSpan, 100*minLog), true
	}
	if zeroRate > 0 {
		if len(pts) > zeroRate {
			nlo, _ := niceLogRange(xlo, xlo)
			floor = nlo / 5
			cut = math.Sqrt(floor * nlo)
		} else {
			floor, xhi = 1, 1 // only services without requests: one "0" tick
		}
		xlo = floor
		for i := range pts {
			if pts[i].x == 0 {
				pts[i].x = floor
			}
		}
	}
	if len(pts) == 0 {
		p.Add(message{"no services to draw"})
		xlo, xhi = 0.01, 100
	}
	if setRange(&p.X, xlo, xhi, true) || lowCut {
		c.noteLogCut("rates", p.X, format.Plain)
	}
	p.X.Scale = plot.LogScale{}
	p.X.Label.Text = "mean request rate (req/s, log scale)"
	var xt plot.Ticker = &logTicks{unit: format.Plain}
	if zeroRate > 0 {
		p.X.Min = math.Min(p.X.Min, floor/1.6)
		xt = &floorTicks{logTicks: logTicks{unit: format.Plain}, floor: floor, cut: cut}
		if finite(cut) {
			p.Add(&vline{cut, draw.LineStyle{Color: noteGrey, Width: vg.Points(1), Dashes: dotted}})
		}
	}
	p.X.Tick.Marker = xt

	// The y axis: linear, or symmetric-log when the differences spread.
	var abs []float64
	ylo, yhi := 0.0, 0.0
	for _, q := range pts {
		ylo, yhi = math.Min(ylo, q.y), math.Max(yhi, q.y)
		if q.y != 0 {
			abs = append(abs, math.Abs(q.y))
		}
	}
	slices.Sort(abs)
	p.Y.Label.Text = txt.axis + " (direct $/month)" // the services' own parts of each bill (placement.csv)
	switch {
	case len(abs) > 0 && abs[len(abs)-1] >= symLogRatio*abs[len(abs)/2]:
		top := abs[len(abs)-1]
		lin, _ := niceLogRange(math.Max(abs[0], top/1e4), math.Max(abs[0], top/1e4))
		sc := symLog{lin}
		t0, t1 := sc.f(ylo), sc.f(yhi)
		pad := (t1 - t0) * 0.04
		p.Y.Min, p.Y.Max = sc.inv(t0-pad), sc.inv(t1+pad)
		p.Y.Scale = sc
		p.Y.Tick.Marker = &symLogTicks{lin: lin, unit: format.Money}
		p.Y.Label.Text = txt.axis + " (direct $/month, symmetric log scale)"
		c.note("The y axis is linear from %s to %s and logarithmic beyond, so that differences of cents and of thousands both show.",
			format.USDShort(-lin), format.USDShort(lin))
	case len(abs) == 0:
		p.Y.Min, p.Y.Max = -1, 1
		p.Y.Tick.Marker = &linTicks{unit: format.Money}
		if len(pts) > 0 {
			c.note("%s", txt.same)
		}
	default:
		padRange(&p.Y, ylo, yhi, 0.05, format.Money)
	}
	p.Add(&hline{0, draw.LineStyle{Color: axisGrey, Width: vg.Points(1.25)}})

	// Largest group first, so the smaller ones stay on top.
	var ls looks
	lks := make([]look, len(groups))
	for gi, g := range groups {
		lks[gi] = ls.of(g.Model)
	}
	order := make([]int, len(groups))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(counts[j], counts[i]) })
	scs := make([]*scatter, len(groups))
	for gi := range groups {
		scs[gi] = &scatter{look: lks[gi], r: 4}
	}
	for _, q := range pts {
		scs[q.group].pts = append(scs[q.group].pts, q.pt)
	}
	for _, gi := range order {
		p.Add(scs[gi])
	}
	for gi, g := range groups {
		if counts[gi] == 0 {
			// a platform no service is on has no marker to name
			// (walk9 #14: "Kubernetes (0)")
			continue
		}
		c.legendAdd(fmt.Sprintf("%s (%s)", g.Model.DisplayName(), format.Count(int64(counts[gi]))), scs[gi])
	}
	// services on the dearer platform because the cheaper one misses the
	// SLO: ringed, counted in the legend, and named when they are few
	ring := &scatter{look: look{line: textBlack, glyph: draw.RingGlyph{}}, r: 8, ring: true}
	var passed []point
	var passedTo []string // the platforms passed over, each once
	for _, q := range pts {
		if q.passed {
			passed = append(passed, q)
			ring.pts = append(ring.pts, q.pt)
			if !slices.Contains(passedTo, q.passedTo) {
				passedTo = append(passedTo, q.passedTo)
			}
		}
	}
	if len(passed) > 0 {
		p.Add(ring)
		who := "the cheaper platform"
		if len(passedTo) == 1 && passedTo[0] != "" {
			who = passedTo[0]
		}
		c.legendAdd(fmt.Sprintf("ringed (%s): %s misses the SLO, so placed on the dearer platform", format.Count(int64(len(passed))), who), ring)
	}

	// Name the services whose costs differ most.
	named := slices.Clone(pts)
	slices.SortStableFunc(named, func(u, v point) int { return cmp.Compare(math.Abs(v.y), math.Abs(u.y)) })
	// labels keep off the zero line too, where it is drawn
	zero := &curve{runs: [][]pt{{{p.X.Min, 0}, {p.X.Max, 0}}}, line: draw.LineStyle{Width: 1}}
	ns := &notes{dotR: 4, avoid: []*curve{zero}}
	for _, q := range pts {
		ns.dots = append(ns.dots, q.pt)
	}
	n, all := fleetLabels, len(named) <= fleetNameAll
	if all {
		n = len(named)
	}
	labelled := 0
	var done []point
	label := func(q point) {
		ns.add(q.x, q.y, clipLabel(q.name, txt.clip), lks[q.group].text, lks[q.group].glyphStyle(4.5), east, west, northEast, northWest)
		labelled++
		done = append(done, q)
	}
	isDone := func(q point) bool {
		return slices.ContainsFunc(done, func(o point) bool { return o.name == q.name && o.pt == q.pt })
	}
	for _, q := range named[:min(n, len(named))] {
		if q.name == "" || (q.y == 0 && !all) { // a few: every one, at 0 too
			continue
		}
		label(q)
	}
	// a few ringed services are named too, whatever their difference
	if len(passed) <= fleetLabels && !all {
		for _, q := range passed {
			if q.name != "" && !isDone(q) {
				label(q)
			}
		}
	}
	// and the services a note counts, as many as the note names (walk5:
	// the note counted byof's checkout, drawn light and unnamed)
	noted := map[string]int{}
	for _, q := range named {
		if q.noted != "" && noted[q.noted] < fleetNoted {
			noted[q.noted]++
			if q.name != "" && !isDone(q) {
				label(q)
			}
		}
	}
	c.addLabels(p, ns)
	if labelled > 0 && !all {
		// named points are drawn solid over the light ones: say why
		c.legendAdd("solid: named; light: the others", &scatter{look: look{line: textBlack, glyph: draw.CircleGlyph{}}, r: 4, solid: true})
	}

	switch {
	case zeroRate > 0 && finite(cut):
		c.note("%s with no requests in the run %s drawn at 0, left of the dotted line.", services(zeroRate), isAre(zeroRate))
	case zeroRate > 0:
		c.note("No service had requests in the run: all are drawn at 0.")
	}
	if bad > 0 {
		c.note("%s without a usable rate or cost difference %s left out.", services(bad), isAre(bad))
	}
	return c
}

func services(n int) string {
	if n == 1 {
		return "1 service"
	}
	return format.Count(int64(n)) + " services"
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// clipLabel shortens s to n runes, with an ellipsis.
func clipLabel(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// scatter draws points as markers: the look's glyph filled translucent with
// an opaque outline, so that overlapping points still show each edge.
//
// A ring scatter draws only the outline, thicker (a mark around other
// markers); a solid one fills opaque (the legend's swatch of named
// points).
type scatter struct {
	pts         []pt
	look        look
	r           vg.Length
	ring, solid bool
}

func (s *scatter) fill() color.Color {
	switch {
	case s.ring:
		return nil
	case s.solid:
		return s.look.line
	}
	return translucent(s.look.line, 0.35)
}

func (s *scatter) edge() draw.LineStyle {
	w := vg.Points(1)
	if s.ring {
		w = vg.Points(2)
	}
	return draw.LineStyle{Color: s.look.line, Width: w}
}

func (s *scatter) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	fill, edge := s.fill(), s.edge()
	for _, q := range s.pts {
		at := vg.Point{X: trX(q.x), Y: trY(q.y)}
		if !c.Contains(at) {
			continue
		}
		path := glyphPath(s.look.glyph, at, s.r)
		if fill != nil {
			c.SetColor(fill)
			c.Fill(path)
		}
		c.SetLineStyle(edge)
		c.Stroke(path)
	}
}

func (s *scatter) DataRange() (xmin, xmax, ymin, ymax float64) {
	return extent([][]pt{s.pts}, func(p pt) (x, lo, hi float64) { return p.x, p.y, p.y })
}

func (s *scatter) Thumbnail(c *draw.Canvas) {
	r := s.r + 1
	if s.ring {
		r = s.r
	}
	path := glyphPath(s.look.glyph, c.Center(), r)
	if fill := s.fill(); fill != nil {
		c.SetColor(fill)
		c.Fill(path)
	}
	c.SetLineStyle(s.edge())
	c.Stroke(path)
}

// glyphPath is the outline of the marker g at p, of the size gonum draws it
// at radius r: a circle, a square or a triangle.
func glyphPath(g draw.GlyphDrawer, p vg.Point, r vg.Length) vg.Path {
	var path vg.Path
	switch g.(type) {
	case draw.BoxGlyph:
		cos := vg.Length(math.Cos(math.Pi / 4))
		x := (r-r*cos)/2 + r*cos
		path.Move(vg.Point{X: p.X - x, Y: p.Y - x})
		path.Line(vg.Point{X: p.X + x, Y: p.Y - x})
		path.Line(vg.Point{X: p.X + x, Y: p.Y + x})
		path.Line(vg.Point{X: p.X - x, Y: p.Y + x})
	case draw.RingGlyph:
		path.Move(vg.Point{X: p.X + r, Y: p.Y})
		path.Arc(p, r, 0, 2*math.Pi)
	case draw.PyramidGlyph:
		sin, cos := vg.Length(math.Sin(math.Pi/6)), vg.Length(math.Cos(math.Pi/6))
		t := r + (r-r*sin)/2
		path.Move(vg.Point{X: p.X, Y: p.Y + t})
		path.Line(vg.Point{X: p.X - t*cos, Y: p.Y - t*sin})
		path.Line(vg.Point{X: p.X + t*cos, Y: p.Y - t*sin})
	default:
		path.Move(vg.Point{X: p.X + r, Y: p.Y})
		path.Arc(p, r, 0, 2*math.Pi)
	}
	path.Close()
	return path
}

// hline is a horizontal reference line across the panel at y.
type hline struct {
	y    float64
	line draw.LineStyle
}

func (l *hline) Plot(c draw.Canvas, plt *plot.Plot) {
	if !finite(l.y) || l.y < plt.Y.Min || l.y > plt.Y.Max {
		return
	}
	y := c.Y(plt.Y.Norm(l.y))
	c.StrokeLine2(l.line, c.Min.X, y, c.Max.X, y)
}

// symLog is a symmetric log scale: linear within ±lin, logarithmic beyond,
// through sign(v)·log10(1 + |v|/lin).
type symLog struct{ lin float64 }

func (s symLog) f(v float64) float64 {
	if v < 0 {
		return -math.Log10(1 - v/s.lin)
	}
	return math.Log10(1 + v/s.lin)
}

func (s symLog) inv(t float64) float64 {
	if t < 0 {
		return -s.lin * (math.Pow(10, -t) - 1)
	}
	return s.lin * (math.Pow(10, t) - 1)
}

// Normalize implements plot.Normalizer.
func (s symLog) Normalize(min, max, x float64) float64 {
	lo, hi := s.f(min), s.f(max)
	return (s.f(x) - lo) / (hi - lo)
}

// symLogTicks labels a symmetric log axis at 0 and at ±1-2-5 multiples of
// powers of ten from lin on, or only at powers of ten (every one, every
// other, …) when those would crowd.
type symLogTicks struct {
	axisFit
	lin  float64
	unit format.Unit
}

func (t *symLogTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || !finite(lo) || !finite(hi) {
		return nil
	}
	sc := symLog{t.lin}
	inRange := func(v float64) bool { return v >= lo && v <= hi }
	kTop := int(math.Ceil(math.Log10(math.Max(math.Abs(lo), math.Abs(hi)))))
	// at is 0 and ±m×10^k for every k-th power of ten from the one of
	// from, at least from.
	at := func(mults []float64, from float64, every int) []float64 {
		vs := []float64{}
		if inRange(0) {
			vs = append(vs, 0)
		}
		k0 := int(math.Floor(math.Log10(from) + 1e-9))
		for k := k0; k <= kTop; k += every {
			for _, m := range mults {
				v := m * math.Pow(10, float64(k))
				if v < from*(1-1e-9) {
					continue
				}
				for _, s := range []float64{-v, v} {
					if inRange(s) {
						vs = append(vs, s)
					}
				}
			}
		}
		slices.Sort(vs)
		return vs
	}
	pos := func(vs []float64) []float64 {
		out := make([]float64, len(vs))
		for i, v := range vs {
			out[i] = sc.Normalize(lo, hi, v)
		}
		return out
	}
	// 1-2-5 values from lin; else powers of ten from the first that keeps
	// clear of 0 (±lin sit only 0.3 of a decade from it), every one, every
	// other, and so on, until the labels keep apart.
	vs := at([]float64{1, 2, 5}, t.lin, 1)
	labels := format.Ticks(t.unit, vs, 0)
	if !t.spaced(pos(vs), labels) {
		from := math.Pow(10, math.Ceil(math.Log10(t.lin)-1e-9))
		for from < math.Max(-lo, hi) && !t.spaced(pos([]float64{0, from}), []string{"0", "0"}) {
			from *= 10
		}
		for every := 1; ; every++ {
			vs = at([]float64{1}, from, every)
			labels = format.Ticks(t.unit, vs, 0)
			if len(vs) <= 3 || t.spaced(pos(vs), labels) {
				break
			}
		}
	}
	return labelled(vs, labels)
}

// floorTicks is a log axis whose left end holds the services without
// requests: the log ticks right of cut, and "0" at floor.
type floorTicks struct {
	logTicks
	floor, cut float64
}

func (t *floorTicks) Ticks(lo, hi float64) []plot.Tick {
	out := []plot.Tick{{Value: t.floor, Label: "0"}}
	if !(t.cut < hi) {
		return out
	}
	// the log labels keep clear of the "0"
	span := math.Log10(hi / lo)
	at := func(v float64) vg.Length { return vg.Length(math.Log10(v/lo)/span) * t.axisLength() }
	for _, tk := range t.logTicks.Ticks(math.Max(lo, t.cut), hi) {
		if tk.Value < t.cut {
			continue
		}
		if tk.Label != "" && at(tk.Value)-at(t.floor) < (tickStyle.Width(tk.Label)+tickStyle.Width("0"))/2+minGapH {
			tk.Label = ""
		}
		out = append(out, tk)
	}
	return out
}
