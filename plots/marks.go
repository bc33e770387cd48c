package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The plotters every chart is built from. gonum's own refuse NaN (an error
// from NewLine), draw nothing for a one-point line, and place labels without
// regard to each other; these split series at gaps, mark isolated points,
// and keep labels off each other and off the lines.

type pt struct{ x, y float64 }

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// runs splits (xs[i], ys[i]) into runs of consecutive usable points; ok
// decides what is usable (at least: both finite).
func runs(xs, ys []float64, ok func(x, y float64) bool) [][]pt {
	var out [][]pt
	var cur []pt
	for i := range min(len(xs), len(ys)) {
		x, y := xs[i], ys[i]
		if finite(x) && finite(y) && (ok == nil || ok(x, y)) {
			cur = append(cur, pt{x, y})
			continue
		}
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// stepRuns draws per-window values as steps: each window is a horizontal
// segment from its start to its end; adjacent windows join with a vertical.
// A missing value (NaN) or a hole between windows breaks the run.
func stepRuns(start, end, ys []float64, ok func(y float64) bool) [][]pt {
	var out [][]pt
	var cur []pt
	flush := func() {
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	for i := range min(len(start), len(end), len(ys)) {
		y := ys[i]
		if !finite(y) || !finite(start[i]) || !finite(end[i]) || (ok != nil && !ok(y)) {
			flush()
			continue
		}
		if len(cur) > 0 && math.Abs(cur[len(cur)-1].x-start[i]) > 1e-9*math.Max(1, math.Abs(start[i])) {
			flush()
		}
		cur = append(cur, pt{start[i], y}, pt{end[i], y})
	}
	flush()
	return out
}

// curve draws runs of points as lines (with an optional fill down to the
// axis), and a glyph where a run is a single point or where dots is set.
type curve struct {
	runs  [][]pt
	line  draw.LineStyle  // Width 0: no line
	fill  color.Color     // nil: no fill
	glyph draw.GlyphStyle // Radius 0: no glyph
	dots  bool            // glyph at every point, not only isolated ones
}

func (cv *curve) empty() bool { return len(cv.runs) == 0 }

func (cv *curve) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	base := c.Min.Y
	for _, r := range cv.runs {
		ps := make([]vg.Point, len(r))
		for i, p := range r {
			ps[i] = vg.Point{X: trX(p.x), Y: trY(p.y)}
		}
		if cv.fill != nil && len(ps) > 1 {
			poly := append([]vg.Point{{X: ps[0].X, Y: base}}, ps...)
			poly = append(poly, vg.Point{X: ps[len(ps)-1].X, Y: base})
			if poly = c.ClipPolygonXY(poly); len(poly) > 2 {
				c.FillPolygon(cv.fill, poly)
			}
		}
		if cv.line.Width > 0 && len(ps) > 1 {
			c.StrokeLines(cv.line, c.ClipLinesXY(ps)...)
		}
		if cv.glyph.Radius > 0 && (cv.dots || len(ps) == 1) {
			for _, p := range ps {
				c.DrawGlyph(cv.glyph, p)
			}
		}
	}
}

func (cv *curve) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, r := range cv.runs {
		for _, p := range r {
			xmin, xmax = math.Min(xmin, p.x), math.Max(xmax, p.x)
			ymin, ymax = math.Min(ymin, p.y), math.Max(ymax, p.y)
		}
	}
	return
}

func (cv *curve) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	if cv.fill != nil {
		top := c.Max.Y
		if cv.line.Width > 0 {
			top = y
		}
		c.FillPolygon(cv.fill, []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Min.X, Y: top}, {X: c.Max.X, Y: top}, {X: c.Max.X, Y: c.Min.Y}})
	}
	if cv.line.Width > 0 {
		c.StrokeLine2(cv.line, c.Min.X, y, c.Max.X, y)
	}
	if cv.glyph.Radius > 0 && (cv.dots || cv.line.Width == 0) {
		c.DrawGlyphNoClip(cv.glyph, c.Center())
	}
}

// segments returns the curve's line segments in canvas coordinates, for
// label placement.
func (cv *curve) segments(c draw.Canvas, plt *plot.Plot) [][2]vg.Point {
	if cv.line.Width == 0 {
		return nil
	}
	trX, trY := plt.Transforms(&c)
	var out [][2]vg.Point
	for _, r := range cv.runs {
		for i := 1; i < len(r); i++ {
			out = append(out, [2]vg.Point{{X: trX(r[i-1].x), Y: trY(r[i-1].y)}, {X: trX(r[i].x), Y: trY(r[i].y)}})
		}
	}
	return out
}

// band shades an interval (a 95% confidence interval) around a series; a
// single point gets an error bar instead.
type band struct {
	runs  [][]bandPt
	color color.RGBA // opaque; drawn translucent
}

type bandPt struct{ x, lo, hi float64 }

func bandRuns(xs, lo, hi []float64, ok func(x, lo, hi float64) bool) [][]bandPt {
	var out [][]bandPt
	var cur []bandPt
	for i := range min(len(xs), len(lo), len(hi)) {
		if finite(xs[i]) && finite(lo[i]) && finite(hi[i]) && lo[i] <= hi[i] && (ok == nil || ok(xs[i], lo[i], hi[i])) {
			cur = append(cur, bandPt{xs[i], lo[i], hi[i]})
			continue
		}
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

func (b *band) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	fill := translucent(b.color, 0.2)
	for _, r := range b.runs {
		if len(r) == 1 {
			x := trX(r[0].x)
			lo, hi := trY(r[0].lo), trY(r[0].hi)
			sty := draw.LineStyle{Color: b.color, Width: vg.Points(1.5)}
			c.StrokeLines(sty, c.ClipLinesXY([]vg.Point{{X: x, Y: lo}, {X: x, Y: hi}})...)
			for _, y := range []vg.Length{lo, hi} {
				c.StrokeLines(sty, c.ClipLinesXY([]vg.Point{{X: x - 5, Y: y}, {X: x + 5, Y: y}})...)
			}
			continue
		}
		poly := make([]vg.Point, 0, 2*len(r))
		for _, p := range r {
			poly = append(poly, vg.Point{X: trX(p.x), Y: trY(p.hi)})
		}
		for i := len(r) - 1; i >= 0; i-- {
			poly = append(poly, vg.Point{X: trX(r[i].x), Y: trY(r[i].lo)})
		}
		if poly = c.ClipPolygonXY(poly); len(poly) > 2 {
			c.FillPolygon(fill, poly)
		}
	}
}

func (b *band) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, r := range b.runs {
		for _, p := range r {
			xmin, xmax = math.Min(xmin, p.x), math.Max(xmax, p.x)
			ymin, ymax = math.Min(ymin, p.lo), math.Max(ymax, p.hi)
		}
	}
	return
}

// swatch is a legend thumbnail: a filled block.
type swatch struct{ color color.Color }

func (s swatch) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	c.FillPolygon(s.color, []vg.Point{r.Min, {X: r.Min.X, Y: r.Max.Y}, r.Max, {X: r.Max.X, Y: r.Min.Y}})
}

// vline is a vertical reference line across the panel at x.
type vline struct {
	x    float64
	line draw.LineStyle
}

func (v *vline) Plot(c draw.Canvas, plt *plot.Plot) {
	if !finite(v.x) || v.x < plt.X.Min || v.x > plt.X.Max {
		return
	}
	x := c.X(plt.X.Norm(v.x))
	c.StrokeLine2(v.line, x, c.Min.Y, x, c.Max.Y)
}

func (v *vline) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(v.line, c.Min.X, y, c.Max.X, y)
}

// message writes a line of text in the middle of an empty panel.
type message struct{ text string }

func (m message) Plot(c draw.Canvas, _ *plot.Plot) {
	sty := textStyle(sansRegular, sizeHeading, noteGrey)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	c.FillText(sty, c.Center(), m.text)
}

// grid draws light lines at the labelled ticks of both axes, under the data.
type grid struct{}

func (grid) Plot(c draw.Canvas, plt *plot.Plot) {
	sty := draw.LineStyle{Color: gridGrey, Width: vg.Points(1)}
	for _, v := range majorTicks(plt.X) {
		x := c.X(plt.X.Norm(v))
		if x >= c.Min.X-0.01 && x <= c.Max.X+0.01 {
			c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
		}
	}
	for _, v := range majorTicks(plt.Y) {
		y := c.Y(plt.Y.Norm(v))
		if y >= c.Min.Y-0.01 && y <= c.Max.Y+0.01 {
			c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
		}
	}
}

// A note is a text label pinned to a data point, with an optional marker
// at the point.
type note struct {
	x, y   float64
	text   string
	color  color.Color
	mark   draw.GlyphStyle // Radius 0: none
	prefer []place         // candidate positions tried first
}

// place is where a label sits relative to its point.
type place int

const (
	east place = iota
	west
	north
	south
	northEast
	southEast
	northWest
	southWest
	nPlaces
)

// notes places its labels one by one at the cheapest of a few candidate
// positions: inside the panel, clear of earlier labels and markers, and
// crossing as few of the avoided curves' segments as possible. When every
// near position is taken it moves the label further out and draws a thin
// leader line back to the point. Each label gets a translucent white
// backing so that a grid line under it does not cut through the text.
type notes struct {
	items []note
	avoid []*curve
}

func (n *notes) add(x, y float64, text string, col color.Color, mark draw.GlyphStyle, prefer ...place) {
	n.items = append(n.items, note{x: x, y: y, text: text, color: col, mark: mark, prefer: prefer})
}

func (n *notes) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	inAxis := func(a plot.Axis, v float64) bool {
		if !finite(v) || v < a.Min || v > a.Max {
			return false
		}
		_, log := a.Scale.(plot.LogScale)
		return !log || v > 0
	}
	type item struct {
		note
		at vg.Point
	}
	type box struct {
		r     vg.Rectangle
		owner int // index of the item whose marker this is; -1 for labels
	}
	var items []item
	var taken []box
	for _, it := range n.items {
		if !inAxis(plt.X, it.x) || !inAxis(plt.Y, it.y) {
			continue
		}
		p := vg.Point{X: trX(it.x), Y: trY(it.y)}
		if r := it.mark.Radius; r > 0 {
			taken = append(taken, box{vg.Rectangle{Min: vg.Point{X: p.X - r - 1, Y: p.Y - r - 1}, Max: vg.Point{X: p.X + r + 1, Y: p.Y + r + 1}}, len(items)})
		}
		items = append(items, item{it, p})
	}
	var segs [][2]vg.Point
	for _, cv := range n.avoid {
		segs = append(segs, cv.segments(c, plt)...)
	}
	sty := textStyle(sansRegular, sizeAnnot, textBlack)
	const pad = vg.Length(2)
	for k, it := range items {
		sty.Color = it.color
		w, h := sty.Width(it.text)+2*pad, sty.Height(it.text)+2*pad
		order := append(append([]place(nil), it.prefer...), east, northEast, southEast, west, northWest, southWest, north, south)
		best, bestCost, bestFar := vg.Rectangle{}, math.Inf(1), false
		for rank, dist := range []vg.Length{0, 1.5 * h, 3 * h} {
			gap := it.mark.Radius + 3 + dist
			for i, pl := range order {
				r := placeRect(it.at, pl, gap, w, h)
				cost := float64(rank*50 + i)
				if !inside(r, c.Rectangle) {
					cost += 1e6
				}
				for _, t := range taken {
					if t.owner != k && overlaps(r, t.r) {
						cost += 1e4
					}
				}
				for _, s := range segs {
					if segHitsRect(s[0], s[1], r) {
						cost += 40
					}
				}
				if cost < bestCost {
					best, bestCost, bestFar = r, cost, rank > 0
				}
			}
		}
		taken = append(taken, box{best, -1})
		if bestFar {
			end := nearestOn(best, it.at)
			c.StrokeLine2(draw.LineStyle{Color: noteGrey, Width: vg.Points(0.75)}, it.at.X, it.at.Y, end.X, end.Y)
		}
		c.FillPolygon(translucent(rgb(0xFF, 0xFF, 0xFF), 0.85), rectPoly(best))
		tr := sty.Rectangle(it.text)
		at := vg.Point{X: best.Min.X + pad - tr.Min.X, Y: best.Min.Y + pad - tr.Min.Y}
		c.FillText(sty, at, it.text)
	}
	for _, it := range items {
		if it.mark.Radius > 0 {
			halo := it.mark
			halo.Color, halo.Radius = color.White, it.mark.Radius+1.5
			c.DrawGlyphNoClip(halo, it.at)
			c.DrawGlyphNoClip(it.mark, it.at)
		}
	}
}

// placeRect is the text box of size w×h at place pl, gap away from p.
func placeRect(p vg.Point, pl place, gap, w, h vg.Length) vg.Rectangle {
	d := gap * 0.8
	var min vg.Point
	switch pl {
	case east:
		min = vg.Point{X: p.X + gap, Y: p.Y - h/2}
	case west:
		min = vg.Point{X: p.X - gap - w, Y: p.Y - h/2}
	case north:
		min = vg.Point{X: p.X - w/2, Y: p.Y + gap}
	case south:
		min = vg.Point{X: p.X - w/2, Y: p.Y - gap - h}
	case northEast:
		min = vg.Point{X: p.X + d, Y: p.Y + d}
	case southEast:
		min = vg.Point{X: p.X + d, Y: p.Y - d - h}
	case northWest:
		min = vg.Point{X: p.X - d - w, Y: p.Y + d}
	default: // southWest
		min = vg.Point{X: p.X - d - w, Y: p.Y - d - h}
	}
	return vg.Rectangle{Min: min, Max: vg.Point{X: min.X + w, Y: min.Y + h}}
}

func inside(r, outer vg.Rectangle) bool {
	return r.Min.X >= outer.Min.X && r.Min.Y >= outer.Min.Y && r.Max.X <= outer.Max.X && r.Max.Y <= outer.Max.Y
}

func overlaps(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}

func rectPoly(r vg.Rectangle) []vg.Point {
	return []vg.Point{r.Min, {X: r.Min.X, Y: r.Max.Y}, r.Max, {X: r.Max.X, Y: r.Min.Y}}
}

func nearestOn(r vg.Rectangle, p vg.Point) vg.Point {
	clamp := func(v, lo, hi vg.Length) vg.Length { return max(lo, min(hi, v)) }
	return vg.Point{X: clamp(p.X, r.Min.X, r.Max.X), Y: clamp(p.Y, r.Min.Y, r.Max.Y)}
}

// segHitsRect reports whether segment ab passes through r (Liang–Barsky).
func segHitsRect(a, b vg.Point, r vg.Rectangle) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
	clip := func(p, q float64) bool {
		if p == 0 {
			return q >= 0
		}
		t := q / p
		if p < 0 {
			if t > t1 {
				return false
			}
			t0 = math.Max(t0, t)
		} else {
			if t < t0 {
				return false
			}
			t1 = math.Min(t1, t)
		}
		return true
	}
	return clip(-dx, float64(a.X-r.Min.X)) && clip(dx, float64(r.Max.X-a.X)) &&
		clip(-dy, float64(a.Y-r.Min.Y)) && clip(dy, float64(r.Max.Y-a.Y)) && t0 <= t1
}

func expand(r vg.Rectangle, d vg.Length) vg.Rectangle {
	return vg.Rectangle{Min: vg.Point{X: r.Min.X - d, Y: r.Min.Y - d}, Max: vg.Point{X: r.Max.X + d, Y: r.Max.Y + d}}
}
