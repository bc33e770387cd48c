package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Labels on the data (percentiles, totals, break-evens), placed clear of
// each other, of their markers and of the lines.

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
	// dots are points (of a scatter) a label should rather not cover,
	// each drawn with radius dotR. A label must also read as its own
	// point's: a position nearer another dot than its own point is
	// avoided, or gets a leader line (walk report 3: "svc-197" sat beside
	// svc-300's point).
	dots []pt
	dotR vg.Length
	// crossCost is what crossing one avoided segment costs a position
	// (0: 40, less than moving out to a leader line); set it higher
	// where a label must not hide any line.
	crossCost float64

	// placed is where the last Plot put each label, and trX, trY its data
	// to canvas transforms, for tests.
	placed   []placedNote
	trX, trY func(float64) vg.Length
}

// placedNote is a label as drawn: its text box, its point and whether a
// leader line joins them; segs and dots are the obstacles it was placed
// among, in the same canvas coordinates.
type placedNote struct {
	text   string
	box    vg.Rectangle
	at     vg.Point
	leader bool
	segs   [][2]vg.Point
	dots   []vg.Point
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
	var dots []vg.Rectangle
	var centres []vg.Point
	for _, d := range n.dots {
		if !inAxis(plt.X, d.x) || !inAxis(plt.Y, d.y) {
			continue
		}
		p := vg.Point{X: trX(d.x), Y: trY(d.y)}
		centres = append(centres, p)
		dots = append(dots, vg.Rectangle{Min: vg.Point{X: p.X - n.dotR, Y: p.Y - n.dotR}, Max: vg.Point{X: p.X + n.dotR, Y: p.Y + n.dotR}})
	}
	n.placed, n.trX, n.trY = n.placed[:0], trX, trY
	sty := textStyle(sansRegular, sizeAnnot, textBlack)
	const pad = vg.Length(2)
	cross := n.crossCost
	if cross == 0 {
		cross = 40
	}
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
						cost += cross
					}
				}
				for _, d := range dots {
					if overlaps(r, d) {
						cost += 15
					}
				}
				if rank == 0 && !ownNearest(r, it.at, centres) {
					// no leader line says whose label it is: it would read
					// as the label of the nearer point
					cost += 60
				}
				if cost < bestCost {
					best, bestCost, bestFar = r, cost, rank > 0
				}
			}
		}
		taken = append(taken, box{best, -1})
		n.placed = append(n.placed, placedNote{text: it.text, box: best, at: it.at, leader: bestFar, segs: segs, dots: centres})
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

// ownNearest tells whether the text box r is nearer its own point at than
// any other of the points (by the gap between the box and a point, with
// 2 pt of slack: a tie reads as ambiguous).
func ownNearest(r vg.Rectangle, at vg.Point, points []vg.Point) bool {
	own := rectDist(r, at)
	for _, p := range points {
		if math.Abs(float64(p.X-at.X)) < 0.5 && math.Abs(float64(p.Y-at.Y)) < 0.5 {
			continue // the point itself (or one drawn on it)
		}
		if rectDist(r, p) < own+2 {
			return false
		}
	}
	return true
}

// rectDist is the distance from p to the nearest point of r (0 inside).
func rectDist(r vg.Rectangle, p vg.Point) vg.Length {
	q := nearestOn(r, p)
	return vg.Length(math.Hypot(float64(p.X-q.X), float64(p.Y-q.Y)))
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

// rectPoly is r as a polygon for FillPolygon: every filled block of the
// charts (swatches, spans, hatches, bands, a note's backing) goes round its
// corners in this one order, from the bottom left up.
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
