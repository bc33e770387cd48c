package plots

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// HoursPerMonth is the month the monthly costs stand for (730 h, as in the
// cost model's 30-day projection).
const HoursPerMonth = 730

// CostCurve is one model's cost as a function of the average request rate,
// from a sweep of the arrival rate.
type CostCurve struct {
	Model Model
	// RatePerSecond is the average arrival rate of each sweep point.
	RatePerSecond []float64
	// MonthlyUSD is the cost of running HoursPerMonth at that rate.
	MonthlyUSD []float64
	// PerMillionUSD is the cost per million requests; nil means derive it
	// as MonthlyUSD ÷ (RatePerSecond × 3600 × HoursPerMonth) × 10⁶.
	PerMillionUSD []float64
	// MeetsSLO says at each point whether the model met the service-level
	// objective there; nil means the curve is not judged (every point
	// counts as meeting it). A point that misses it is drawn hollow.
	MeetsSLO []bool
	// NotJudged says at each point (nil: none) that no request arrived
	// there, so the SLO was neither met nor missed: such a point is not
	// drawn hollow whatever MeetsSLO says.
	NotJudged []bool
}

// BreakEvenOptions add the service-level objective to a break-even chart.
type BreakEvenOptions struct {
	// SLO is the objective in words ("p99 ≤ 1s, refused ≤ 0.10 %"), for
	// the legend of the hollow markers.
	SLO string
	// Notes, when set, replace the chart's own sentence on which model is
	// cheaper where: the caller's sentences know the SLO verdicts.
	Notes []string
	// OnlyByMissing are ranges of rates (from, to) where the cheaper model
	// is cheaper only while it misses the SLO: hatched, with a legend entry.
	OnlyByMissing [][2]float64
	// Crossings, when set, are the crossings to mark (refined by the
	// caller, who judged them), in place of those the chart would find
	// between the drawn points.
	Crossings []CrossingMark
	// Month, when set, says for the footnote what a month of traffic is
	// at a rate of the x-axis ("730 h of the run's 2h0m0s traffic shape,
	// repeated and scaled to that average"); empty means a constant rate.
	Month string
}

// CrossingMark is a crossing of two models' costs as the caller found it.
type CrossingMark struct {
	A, B          Model
	RatePerSecond float64
	MonthlyUSD    float64
	// Misses names the models that miss the SLO around it (display
	// names), and NotJudged says no request arrived at some of its rates
	// (the SLO neither met nor missed there); either makes it no
	// break-even.
	Misses    []string
	NotJudged bool
	// Jump, when set, says the costs never met there: one model's cost
	// jumped past the other's between two runs close in rate. It is the
	// mark's label ("the hybrid jumps $248 → $587 (prod-users to
	// Kubernetes)"), drawn at MonthlyUSD, and the mark is no break-even.
	Jump string
}

// hatch draws diagonal grey lines over the x interval [from, to] across
// the whole panel: a range where a verdict of "cheaper" would mislead.
type hatch struct{ from, to float64 }

func (h *hatch) Plot(c draw.Canvas, plt *plot.Plot) {
	if r, ok := xSpan(c, plt, h.from, h.to); ok {
		hatchRect(c, r)
	}
}

func (h *hatch) Thumbnail(c *draw.Canvas) { hatchRect(*c, c.Rectangle) }

// hatchRect fills r with a light tint and 45° lines every hatchStep.
func hatchRect(c draw.Canvas, r vg.Rectangle) {
	c.FillPolygon(hatchFill, rectPoly(r))
	sty := draw.LineStyle{Color: hatchLine, Width: 1}
	height := r.Max.Y - r.Min.Y
	for t := r.Min.X - height; t < r.Max.X; t += hatchStep {
		// the line x = t + (y − minY), clipped to r
		ya, yb := r.Min.Y+(r.Min.X-t), r.Min.Y+(r.Max.X-t)
		ya, yb = max(ya, r.Min.Y), min(yb, r.Max.Y)
		if yb <= ya {
			continue
		}
		c.StrokeLine2(sty, t+(ya-r.Min.Y), ya, t+(yb-r.Min.Y), yb)
	}
}

const hatchStep = vg.Length(7)

var (
	hatchFill = rgb(0xF2, 0xF2, 0xF2)
	hatchLine = rgb(0xC8, 0xC8, 0xC8)
)

// meets is the SLO verdict at point i (true when the curve is not judged).
func (cc CostCurve) meets(i int) bool { return cc.MeetsSLO == nil || cc.MeetsSLO[i] }

// meetsAround tells whether the model met the SLO at the curve points on
// both sides of rate r (at r itself, when r is one).
func (cc CostCurve) meetsAround(r float64) bool {
	below, above := -1, -1
	for i, x := range cc.RatePerSecond {
		if x <= r && (below < 0 || x > cc.RatePerSecond[below]) {
			below = i
		}
		if x >= r && (above < 0 || x < cc.RatePerSecond[above]) {
			above = i
		}
	}
	return (below < 0 || cc.meets(below)) && (above < 0 || cc.meets(above))
}

// judged tells whether the SLO was judged at point i (a request arrived).
func (cc CostCurve) judged(i int) bool { return cc.NotJudged == nil || !cc.NotJudged[i] }

// missed is the curve's points that miss the SLO, as drawn.
func (cc CostCurve) missed(cost []float64) []pt {
	var out []pt
	for i := range cc.RatePerSecond {
		if !cc.meets(i) && cc.judged(i) && drawable(cc.RatePerSecond[i]) && cc.RatePerSecond[i] > 0 && drawable(cost[i]) {
			out = append(out, pt{cc.RatePerSecond[i], cost[i]})
		}
	}
	return out
}

// hollow draws markers emptied to white with the model's outline: the
// points where a model misses the SLO.
type hollow struct {
	pts   []pt
	glyph draw.GlyphStyle
}

func hollowOf(g draw.GlyphStyle, pts []pt) *hollow {
	switch g.Shape.(type) {
	case draw.BoxGlyph:
		g.Shape = draw.SquareGlyph{}
	case draw.PyramidGlyph:
		g.Shape = draw.TriangleGlyph{}
	default:
		g.Shape = draw.RingGlyph{}
	}
	g.Radius = max(g.Radius, 4.5) // a ring reads as empty only a little larger than the dot
	return &hollow{pts: pts, glyph: g}
}

func (h *hollow) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	fill := h.glyph
	fill.Color = color.White
	switch h.glyph.Shape.(type) {
	case draw.SquareGlyph:
		fill.Shape = draw.BoxGlyph{}
	case draw.TriangleGlyph:
		fill.Shape = draw.PyramidGlyph{}
	default:
		fill.Shape = draw.CircleGlyph{}
	}
	for _, p := range h.pts {
		q := vg.Point{X: trX(p.x), Y: trY(p.y)}
		if !c.Contains(q) {
			continue
		}
		c.DrawGlyph(fill, q)
		c.DrawGlyph(h.glyph, q)
	}
}

func (h *hollow) Thumbnail(c *draw.Canvas) { c.DrawGlyph(h.glyph, c.Center()) }

// Crossing is a break-even point: the rate at which two cost curves meet,
// and the monthly cost there.
type Crossing struct {
	RatePerSecond float64
	MonthlyUSD    float64
}

func (cc CostCurve) check() {
	if (cc.MeetsSLO != nil && len(cc.MeetsSLO) != len(cc.RatePerSecond)) || (cc.NotJudged != nil && len(cc.NotJudged) != len(cc.RatePerSecond)) {
		panic(fmt.Sprintf("plots: %s cost curve has %d rates and %d SLO verdicts", cc.Model.Name, len(cc.RatePerSecond), len(cc.MeetsSLO)))
	}
	if len(cc.MonthlyUSD) != len(cc.RatePerSecond) || (cc.PerMillionUSD != nil && len(cc.PerMillionUSD) != len(cc.RatePerSecond)) {
		panic(fmt.Sprintf("plots: %s cost curve has %d rates, %d monthly costs and %d per-million costs",
			cc.Model.Name, len(cc.RatePerSecond), len(cc.MonthlyUSD), len(cc.PerMillionUSD)))
	}
}

// points returns the curve's (rate, cost) points with a positive rate and a
// finite cost, by rate.
func costPoints(rate, cost []float64) []pt {
	var out []pt
	for i := range rate {
		if drawable(rate[i]) && rate[i] > 0 && drawable(cost[i]) {
			out = append(out, pt{rate[i], cost[i]})
		}
	}
	slices.SortStableFunc(out, func(a, b pt) int { return cmp.Compare(a.x, b.x) })
	return out
}

func (cc CostCurve) perMillion() []float64 {
	if cc.PerMillionUSD != nil {
		return cc.PerMillionUSD
	}
	out := make([]float64, len(cc.RatePerSecond))
	for i, r := range cc.RatePerSecond {
		out[i] = math.NaN()
		if r > 0 {
			out[i] = cc.MonthlyUSD[i] / (r * 3600 * HoursPerMonth) * 1e6
		}
	}
	return out
}

// interpLog evaluates the piecewise-linear curve through pts (linear in cost,
// logarithmic in rate, as drawn) at rate r within its range.
func interpLog(pts []pt, r float64) float64 {
	i, found := slices.BinarySearchFunc(pts, r, func(p pt, r float64) int { return cmp.Compare(p.x, r) })
	if found {
		return pts[i].y
	}
	if i == 0 || i == len(pts) {
		return math.NaN()
	}
	a, b := pts[i-1], pts[i]
	t := (math.Log(r) - math.Log(a.x)) / (math.Log(b.x) - math.Log(a.x))
	return a.y + t*(b.y-a.y)
}

// BreakEvenPoints returns the rates, within the range both curves cover,
// at which a's and b's monthly costs cross, in ascending order. Between
// sweep points the curves are taken as straight in (log rate, cost), the
// way they are drawn. A touch without a change of order is not a crossing.
func BreakEvenPoints(a, b CostCurve) []Crossing {
	a.check()
	b.check()
	pa, pb := costPoints(a.RatePerSecond, a.MonthlyUSD), costPoints(b.RatePerSecond, b.MonthlyUSD)
	if len(pa) == 0 || len(pb) == 0 {
		return nil
	}
	lo, hi := math.Max(pa[0].x, pb[0].x), math.Min(pa[len(pa)-1].x, pb[len(pb)-1].x)
	if lo > hi {
		return nil
	}
	var grid []float64
	for _, p := range append(slices.Clone(pa), pb...) {
		if p.x >= lo && p.x <= hi {
			grid = append(grid, p.x)
		}
	}
	slices.Sort(grid)
	grid = slices.Compact(grid)
	sign := func(r float64) int {
		ca, cb := interpLog(pa, r), interpLog(pb, r)
		if math.Abs(ca-cb) <= 1e-9*math.Max(math.Abs(ca), math.Abs(cb)) {
			return 0
		}
		if ca < cb {
			return -1
		}
		return 1
	}
	var out []Crossing
	last, lastAt := 0, 0.0 // last non-zero sign, and the rate where it held
	zeroAt := math.NaN()   // first rate of the current run of ties
	for _, r := range grid {
		s := sign(r)
		if s == 0 {
			if math.IsNaN(zeroAt) {
				zeroAt = r
			}
			continue
		}
		if last != 0 && s != last {
			x := zeroAt
			if math.IsNaN(x) {
				// Solve linearly in log rate between lastAt and r.
				da := interpLog(pa, lastAt) - interpLog(pb, lastAt)
				db := interpLog(pa, r) - interpLog(pb, r)
				t := da / (da - db)
				x = math.Exp(math.Log(lastAt) + t*(math.Log(r)-math.Log(lastAt)))
			}
			out = append(out, Crossing{RatePerSecond: x, MonthlyUSD: interpLog(pa, x)})
		}
		last, lastAt, zeroAt = s, r, math.NaN()
	}
	return out
}

// BreakEven draws the monthly cost of each model against the average
// request rate (log axes where the costs span more than a decade and a
// half), marks every break-even rate ("break-even ≈ 42 req/s"), and below it
// the cost per million requests on the same rate axis, where the same
// crossings fall at the same rates. A note says which model is cheaper in
// each range.
func BreakEven(h Header, curves []CostCurve) *Chart {
	return BreakEvenWith(h, curves, BreakEvenOptions{})
}

// breakEvenPanels is the least height of a break-even chart's two panels.
const breakEvenPanels = vg.Length(400)

// maxJumpLabel is the longest jump label, in characters, drawn whole
// beside its mark; a longer one keeps its first part there and goes whole
// into a footnote.
const maxJumpLabel = 48

// BreakEvenWith is BreakEven judged by a service-level objective: points
// where a model misses it are hollow (a legend entry says so), a crossing
// where either model misses it on either side is drawn in grey as "costs
// cross" rather than as a break-even, and the options' notes say who is
// cheaper where.
func BreakEvenWith(h Header, curves []CostCurve, o BreakEvenOptions) *Chart {
	c := newChart(h.title("Break-even: cost vs request rate"))
	// the two panels keep what a plain two-platform chart gives them
	// (a fleet's three platforms, their hatch and hollow entries and
	// many sentences had squeezed them to a cost panel of two ticks)
	c.minPanels = breakEvenPanels
	top, bottom := newPlot(), newPlot()
	top.Y.Label.Text = "USD per month"
	bottom.Y.Label.Text = "USD per million"
	for _, r := range o.OnlyByMissing { // first: under the curves
		top.Add(&hatch{r[0], r[1]})
		bottom.Add(&hatch{r[0], r[1]})
	}

	var ls looks
	var topCurves, botCurves []*curve
	xlo, xhi := math.Inf(1), math.Inf(-1)
	var withData []CostCurve
	missing := false
	for _, cc := range curves {
		cc.check()
		lk := ls.of(cc.Model)
		pm := costPoints(cc.RatePerSecond, cc.MonthlyUSD)
		pp := costPoints(cc.RatePerSecond, cc.perMillion())
		cvT, cvB := lk.curve(nonEmpty(pm), 3.5), lk.curve(nonEmpty(pp), 3.5)
		cvT.dots, cvB.dots = true, true
		c.legendAdd(cc.Model.DisplayName(), cvT)
		if len(pm) == 0 {
			c.note("%s: no cost points with a positive rate.", cc.Model.DisplayName())
			continue
		}
		withData = append(withData, cc)
		top.Add(cvT)
		bottom.Add(cvB)
		c.track(top, cc.Model.DisplayName(), cvT)
		c.track(bottom, cc.Model.DisplayName(), cvB)
		if miss := cc.missed(cc.MonthlyUSD); len(miss) > 0 {
			top.Add(hollowOf(cvT.glyph, miss))
			bottom.Add(hollowOf(cvB.glyph, cc.missed(cc.perMillion())))
			missing = true
		}
		topCurves, botCurves = append(topCurves, cvT), append(botCurves, cvB)
		xlo, xhi = math.Min(xlo, pm[0].x), math.Max(xhi, pm[len(pm)-1].x)
	}
	if len(withData) == 0 {
		top.Add(message{"no cost curves"})
		xlo, xhi = 1, 1000
	}
	c.add(top, "Monthly cost"+costAxis(c, "Monthly costs", top, topCurves), 0.58)
	c.add(bottom, "Cost per million requests"+costAxis(c, "Costs per million requests", bottom, botCurves), 0.42)

	ns := &notes{avoid: topCurves}
	mark := draw.GlyphStyle{Color: breakEvenColor, Radius: 5, Shape: draw.RingGlyph{}}
	ref := draw.LineStyle{Color: breakEvenColor, Width: widthRef, Dashes: dotted}
	missMark := draw.GlyphStyle{Color: missColor, Radius: 5, Shape: draw.RingGlyph{}}
	missRef := draw.LineStyle{Color: missColor, Width: widthRef, Dashes: dotted}
	anyBE, anyMiss := false, false
	marks := o.Crossings
	if marks == nil {
		for i := range withData {
			for j := i + 1; j < len(withData); j++ {
				a, b := withData[i], withData[j]
				for _, x := range BreakEvenPoints(a, b) {
					m := CrossingMark{A: a.Model, B: b.Model, RatePerSecond: x.RatePerSecond, MonthlyUSD: x.MonthlyUSD}
					for _, cc := range []CostCurve{a, b} {
						if !cc.meetsAround(x.RatePerSecond) {
							m.Misses = append(m.Misses, cc.Model.DisplayName())
						}
					}
					marks = append(marks, m)
				}
			}
		}
	}
	anyJump, anyUnjudged, anyMissed := false, false, false
	var jumpNotes []string
	for _, x := range marks {
		if x.Jump != "" {
			at := " at ≈ " + format.Rate(x.RatePerSecond) + " req/s"
			label, moved, long := strings.Cut(x.Jump, " (")
			if long && len([]rune(x.Jump)) > maxJumpLabel {
				// the services a blend moves can make the label wider
				// than the panel (walkfix: it ran off the chart's left
				// edge over the panel's title): the mark names the jump,
				// a footnote what moved
				jumpNotes = append(jumpNotes, label+at+" ("+moved+".")
			} else {
				label = x.Jump
			}
			what := label + at + ": no break-even"
			top.Add(&vline{x.RatePerSecond, missRef})
			bottom.Add(&vline{x.RatePerSecond, missRef})
			ns.add(x.RatePerSecond, x.MonthlyUSD, what, textBlack, draw.GlyphStyle{}, northWest, northEast, southEast, southWest)
			anyJump = true
			continue
		}
		what := "break-even ≈ " + format.Rate(x.RatePerSecond) + " req/s (" + format.USDShort(x.MonthlyUSD) + "/month)"
		if len(x.Misses) > 0 || x.NotJudged {
			what = "costs cross ≈ " + format.Rate(x.RatePerSecond) + " req/s"
		}
		if len(withData) > 2 {
			what = x.A.DisplayName() + " = " + x.B.DisplayName() + " at ≈ " + format.Rate(x.RatePerSecond) + " req/s"
		}
		line, ring := ref, mark
		if len(x.Misses) > 0 || x.NotJudged {
			if len(x.Misses) > 0 {
				what += ", " + format.And(x.Misses) + misses(len(x.Misses)) + " the SLO"
				anyMissed = true
			}
			if x.NotJudged {
				what += ", no request arrived: not judged"
				anyUnjudged = true
			}
			line, ring, anyMiss = missRef, missMark, true
		} else {
			anyBE = true
		}
		top.Add(&vline{x.RatePerSecond, line})
		bottom.Add(&vline{x.RatePerSecond, line})
		ns.add(x.RatePerSecond, x.MonthlyUSD, what, textBlack, ring, northWest, northEast, southEast, southWest)
	}
	top.Add(ns)
	if anyBE {
		c.legendAdd("break-even", &vline{line: ref})
	}
	cross := "costs cross where one misses the SLO"
	switch {
	case anyUnjudged && anyMissed:
		cross += " or no request arrived"
	case anyUnjudged:
		cross = "costs cross where no request arrived (not judged)"
	}
	switch {
	case anyMiss && anyJump:
		c.legendAdd(cross+", or one's cost jumps past the other's", &vline{line: missRef})
	case anyMiss:
		c.legendAdd(cross, &vline{line: missRef})
	case anyJump:
		c.legendAdd("a cost jumps past the other's: no break-even", &vline{line: missRef})
	}
	if len(o.OnlyByMissing) > 0 {
		c.legendAdd("cheaper only by missing the SLO", &hatch{})
	}
	if missing {
		slo := "the SLO"
		if o.SLO != "" {
			slo += " (" + o.SLO + ")"
		}
		c.legendAdd("hollow: misses "+slo, hollowOf(draw.GlyphStyle{Color: missColor, Radius: 5}, nil))
	}
	for _, n := range jumpNotes {
		c.note("%s", n)
	}
	if o.Notes != nil {
		for _, n := range o.Notes {
			c.note("%s", n)
		}
	} else if len(withData) == 2 {
		where := cheaperWhere(withData[0], withData[1])
		if missing {
			where += " Where a point is hollow its model misses the SLO: cheaper there only while missing it."
		}
		c.note("%s", where)
	} else if len(withData) == 1 {
		c.note("Only %s has cost data: there is no break-even to find.", withData[0].Model.DisplayName())
	}
	month := fmt.Sprintf("%d h at a constant average rate", HoursPerMonth)
	if o.Month != "" {
		month = o.Month
	}
	c.note("Monthly cost: %s. Cost per million requests: monthly cost ÷ requests in %d h.", month, HoursPerMonth)
	if setRange(&top.X, xlo, xhi, true) {
		c.noteLogCut("rates", top.X, format.Plain)
	}
	c.shareX(top.X.Min, top.X.Max, "average request rate (req/s, log scale)", &logTicks{unit: format.Plain}, plot.LogScale{})
	huge := 0
	for _, cc := range curves {
		huge += countHuge(cc.RatePerSecond, cc.MonthlyUSD, cc.PerMillionUSD)
	}
	for _, x := range o.Crossings {
		huge += countHuge([]float64{x.RatePerSecond, x.MonthlyUSD})
	}
	for _, r := range o.OnlyByMissing {
		huge += countHuge(r[:])
	}
	c.noteHuge(huge)
	c.noteCoinciding()
	return c
}

func nonEmpty(pts []pt) [][]pt {
	if len(pts) == 0 {
		return nil
	}
	return [][]pt{pts}
}

// costAxis chooses a log money axis when every cost is positive and they
// span at least a factor 30, else a linear one from zero; it returns what
// the heading should add. Costs spanning more than a log axis holds
// (maxLogSpan) are drawn on the linear axis, and c says so, naming them
// what: every point stays on it, the smallest at zero.
func costAxis(c *Chart, what string, p *plot.Plot, cvs []*curve) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, cv := range cvs {
		_, _, ymin, ymax := cv.DataRange()
		lo, hi = math.Min(lo, ymin), math.Max(hi, ymax)
	}
	if lo > 0 && finite(hi) && !(hi/lo <= maxLogSpan) {
		// %.3g: format.USDShort writes 1e-300 with 300 zeros
		c.note("%s span more than 1e15× (from $%.3g to $%.3g), too much for a log axis: drawn on a linear axis.", what, lo, hi)
	} else if lo > 0 && finite(hi) && hi/lo >= 30 {
		logRange(&p.Y, lo, hi, format.Money)
		return " (log scale)"
	}
	zeroBased(p, math.Max(0, hi), format.Money)
	return ""
}

// cheaperWhere says which of two models is cheaper over which range of
// rates: "<a> is cheaper below ≈ 42 req/s, <b> above."
func cheaperWhere(a, b CostCurve) string {
	pa, pb := costPoints(a.RatePerSecond, a.MonthlyUSD), costPoints(b.RatePerSecond, b.MonthlyUSD)
	lo, hi := math.Max(pa[0].x, pb[0].x), math.Min(pa[len(pa)-1].x, pb[len(pb)-1].x)
	if lo > hi {
		return fmt.Sprintf("The two cost curves cover different rates (%s and %s req/s): no break-even to find.",
			fmtRange(pa), fmtRange(pb))
	}
	if lo == hi {
		ca, cb := interpLog(pa, lo), interpLog(pb, lo)
		who := a.Model.DisplayName()
		if cb < ca {
			who = b.Model.DisplayName()
		}
		if ca == cb {
			return fmt.Sprintf("Both models cost the same at %s req/s, the only rate both curves have.", format.Rate(lo))
		}
		return fmt.Sprintf("%s is cheaper at %s req/s, the only rate both curves have: sweep the rate to find a break-even.", who, format.Rate(lo))
	}
	xs := BreakEvenPoints(a, b)
	cheaper := func(r float64) string {
		ca, cb := interpLog(pa, r), interpLog(pb, r)
		switch {
		case ca < cb:
			return a.Model.DisplayName()
		case cb < ca:
			return b.Model.DisplayName()
		}
		return ""
	}
	mid := func(x, y float64) float64 { return math.Sqrt(x * y) }
	if len(xs) == 0 {
		who := cheaper(mid(lo, hi))
		if who == "" {
			return fmt.Sprintf("Both models cost the same from %s to %s req/s.", format.Rate(lo), format.Rate(hi))
		}
		return fmt.Sprintf("No break-even between %s and %s req/s: %s is cheaper throughout.", format.Rate(lo), format.Rate(hi), who)
	}
	var parts []string
	for i := 0; i <= len(xs); i++ {
		l, r := lo, hi
		if i > 0 {
			l = xs[i-1].RatePerSecond
		}
		if i < len(xs) {
			r = xs[i].RatePerSecond
		}
		who := cheaper(mid(l, r))
		switch {
		case who == "":
			continue
		case i == 0:
			parts = append(parts, fmt.Sprintf("%s is cheaper below ≈ %s req/s", who, format.Rate(r)))
		case i == len(xs):
			parts = append(parts, fmt.Sprintf("%s above", who))
		default:
			parts = append(parts, fmt.Sprintf("%s from ≈ %s to ≈ %s req/s", who, format.Rate(l), format.Rate(r)))
		}
	}
	return strings.Join(parts, ", ") + "."
}

// missColor marks what misses the SLO: a mid grey (4.5:1 on white).
var missColor = rgb(0x70, 0x70, 0x70)

func misses(n int) string {
	if n == 1 {
		return " misses"
	}
	return " miss"
}

func fmtRange(pts []pt) string { return format.Rate(pts[0].x) + "–" + format.Rate(pts[len(pts)-1].x) }
