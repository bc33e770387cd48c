package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The plotters every chart is built from. gonum's own refuse NaN (an error
// from NewLine) and draw nothing for a one-point line; these split series at
// gaps and mark isolated points. Labels on the data are in notes.go.

type pt struct{ x, y float64 }

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// maxValue bounds the magnitude of a value the charts draw. No run comes
// near it (a trillion dollars a month is 1e12, time.Duration's longest is
// 9.2e12 ms), and beyond it gonum's arithmetic breaks: the span of
// [−1e308, 1e308] is +Inf, padding 1e308 by 5% overflows, and tick labels
// of such numbers run to hundreds of digits. A larger value is left out,
// as NaN is, and the chart counts it in a note (noteHuge).
const maxValue = 1e15

// drawable tells whether v is a value the charts can place: not NaN, and
// within ±maxValue (so not infinite).
func drawable(v float64) bool { return !math.IsNaN(v) && math.Abs(v) <= maxValue }

// countHuge counts the values of the columns that are finite but beyond
// ±maxValue: left out, unlike NaN and ±Inf (gaps by design), for a
// reason the reader should be told.
func countHuge(cols ...[]float64) int {
	n := 0
	for _, col := range cols {
		for _, v := range col {
			if finite(v) && math.Abs(v) > maxValue {
				n++
			}
		}
	}
	return n
}

// split cuts the items 0 to n-1 into runs of consecutive usable ones;
// item returns the i-th item and whether it is usable.
func split[T any](n int, item func(i int) (T, bool)) [][]T {
	var out [][]T
	var cur []T
	for i := range n {
		if v, ok := item(i); ok {
			cur = append(cur, v)
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

// runs splits (xs[i], ys[i]) into runs of consecutive usable points; ok
// decides what is usable (at least: both finite).
func runs(xs, ys []float64, ok func(x, y float64) bool) [][]pt {
	return split(min(len(xs), len(ys)), func(i int) (pt, bool) {
		x, y := xs[i], ys[i]
		return pt{x, y}, drawable(x) && drawable(y) && (ok == nil || ok(x, y))
	})
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
		if !drawable(y) || !drawable(start[i]) || !drawable(end[i]) || (ok != nil && !ok(y)) {
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
	return extent(cv.runs, func(p pt) (x, lo, hi float64) { return p.x, p.y, p.y })
}

func (cv *curve) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	if cv.fill != nil {
		top := c.Max.Y
		if cv.line.Width > 0 {
			top = y
		}
		c.FillPolygon(cv.fill, rectPoly(vg.Rectangle{Min: c.Min, Max: vg.Point{X: c.Max.X, Y: top}}))
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

// bandOpacity is how opaque a band's colour is drawn (its legend swatch
// too).
const bandOpacity = 0.2

// bandRuns splits (xs[i], lo[i], hi[i]) into runs of consecutive usable
// intervals: finite, lo ≤ hi, and ok (if set).
func bandRuns(xs, lo, hi []float64, ok func(x, lo, hi float64) bool) [][]bandPt {
	return split(min(len(xs), len(lo), len(hi)), func(i int) (bandPt, bool) {
		x, l, h := xs[i], lo[i], hi[i]
		return bandPt{x, l, h}, drawable(x) && drawable(l) && drawable(h) && l <= h && (ok == nil || ok(x, l, h))
	})
}

func (b *band) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	fill := translucent(b.color, bandOpacity)
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
	return extent(b.runs, func(p bandPt) (x, lo, hi float64) { return p.x, p.lo, p.hi })
}

// extent is the bounding box of runs of items; f gives an item's x and the
// y interval it covers. Empty runs give +Inf minima and -Inf maxima.
func extent[T any](rs [][]T, f func(T) (x, lo, hi float64)) (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, r := range rs {
		for _, it := range r {
			x, lo, hi := f(it)
			xmin, xmax = math.Min(xmin, x), math.Max(xmax, x)
			ymin, ymax = math.Min(ymin, lo), math.Max(ymax, hi)
		}
	}
	return xmin, xmax, ymin, ymax
}

// swatch is a legend thumbnail: a filled block.
type swatch struct{ color color.Color }

func (s swatch) Thumbnail(c *draw.Canvas) { c.FillPolygon(s.color, rectPoly(c.Rectangle)) }

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

// vspan shades the x interval [from, to] over the whole height of the
// panel (the warm-up of a run).
type vspan struct{ from, to float64 }

func (v *vspan) Plot(c draw.Canvas, plt *plot.Plot) {
	if r, ok := xSpan(c, plt, v.from, v.to); ok {
		c.FillPolygon(warmupShade, rectPoly(r))
	}
}

func (v *vspan) Thumbnail(c *draw.Canvas) { c.FillPolygon(warmupShade, rectPoly(c.Rectangle)) }

// xSpan is the part of the panel over the x interval [from, to], its whole
// height, clipped to the x axis; false when none of it shows. The warm-up's
// shade (vspan) and the break-even's hatch (hatch) both cover one.
func xSpan(c draw.Canvas, plt *plot.Plot, from, to float64) (vg.Rectangle, bool) {
	from, to = math.Max(from, plt.X.Min), math.Min(to, plt.X.Max)
	if !finite(from) || !finite(to) || to <= from {
		return vg.Rectangle{}, false
	}
	return vg.Rectangle{Min: vg.Point{X: c.X(plt.X.Norm(from)), Y: c.Min.Y}, Max: vg.Point{X: c.X(plt.X.Norm(to)), Y: c.Max.Y}}, true
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
