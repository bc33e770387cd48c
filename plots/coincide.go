package plots

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Lines drawn on top of each other: two platforms that cost the same at
// every rate (Kubernetes and Knative on one idle cluster), or two groups of
// a sweep a hair apart ($299.665 and $299.666 a month), draw one line, and
// the reader sees one platform where there are two. A chart that draws
// several models' lines in a panel tracks them, and a note names the lines
// that coincide (walk report 3).

// trackedLine is a model's line in a panel, named as the legend names it.
type trackedLine struct {
	panel *plot.Plot
	name  string
	cv    *curve
}

// track records cv, drawn in panel p, as the line the legend calls name.
func (c *Chart) track(p *plot.Plot, name string, cv *curve) {
	if cv == nil || cv.empty() {
		return
	}
	c.tracked = append(c.tracked, trackedLine{p, name, cv})
}

// coincideTol is how close, in points at the default size, every point of
// a line must be to another line for one to hide the other: within about
// the width of a main line, the eye sees one line.
const coincideTol = vg.Length(2)

// noteCoinciding adds a note naming the tracked lines that coincide
// ("Kubernetes and Knative coincide: one line hides the other."), once
// for lines that coincide in every panel both are drawn in, else per
// panel under its heading. Call it once the panels' axes are final.
func (c *Chart) noteCoinciding() {
	if len(c.tracked) < 2 {
		return
	}
	type groupAt struct {
		panel int
		names []string
		zero  bool // every line at 0 (the axis) throughout
		equal bool // every line's values the same
	}
	var found []groupAt
	type pairAt struct {
		panel  int
		names  []string
		lo, hi float64 // the stretch, in data x: the ends of its points
		equal  bool    // the lines' values are the same there
	}
	var partial []pairAt
	var panels []int // panels with at least two tracked lines
	for pi, pn := range c.panels {
		var lines []trackedLine
		for _, t := range c.tracked {
			if t.panel == pn.plot {
				lines = append(lines, t)
			}
		}
		if len(lines) < 2 {
			continue
		}
		panels = append(panels, pi)
		w, h := c.refSize(pi)
		type cand struct {
			i, j   int
			lo, hi float64 // data x
		}
		var cands []cand
		pts := make([]polyline, len(lines))
		for i, l := range lines {
			pts[i] = newPolyline(canvasRuns(pn.plot, l.cv, w, h))
			pts[i].data = dataRuns(pn.plot, l.cv)
		}
		// group by coincidence (union–find over pairs, in line order)
		root := make([]int, len(lines))
		for i := range root {
			root[i] = i
		}
		var find func(int) int
		find = func(i int) int {
			for root[i] != i {
				i = root[i]
			}
			return i
		}
		for i := range lines {
			for j := i + 1; j < len(lines); j++ {
				if len(pts[i].runs) == 0 || len(pts[j].runs) == 0 {
					continue
				}
				// both ways: a line at zero lies along one with spikes, yet
				// the spikes show
				if allNear(pts[i], pts[j]) && allNear(pts[j], pts[i]) {
					root[find(j)] = find(i)
					continue
				}
				// one line under the other over a long stretch, apart
				// elsewhere (Knative on Kubernetes' line until its pods run
				// out): said with the stretch
				if lo, hi, ok := stretchNear(pts[i], pts[j], w); ok && !c.wholeLinesOnly {
					cands = append(cands, cand{i, j, lo, hi})
				}
			}
		}
		namesOf := func(r int) []string {
			var names []string
			for j := range lines {
				if find(j) == r && !slices.Contains(names, lines[j].name) {
					names = append(names, lines[j].name)
				}
			}
			return names
		}
		for i := range lines {
			if names := namesOf(i); find(i) == i && len(names) > 1 {
				zero, equal := true, true
				for j := range lines {
					if find(j) == i {
						zero = zero && atZero(pts[j])
						equal = equal && sameIn(pts[i], pts[j], math.Inf(-1), math.Inf(1))
					}
				}
				found = append(found, groupAt{pi, names, zero, equal})
			}
		}
		// a stretch is said once per pair of groups, naming both groups'
		// lines (a line along two that coincide is along both)
		seen := map[[2]int]bool{}
		for _, cd := range cands {
			ri, rj := find(cd.i), find(cd.j)
			key := [2]int{min(ri, rj), max(ri, rj)}
			if ri == rj || seen[key] {
				continue
			}
			seen[key] = true
			names := namesOf(key[0])
			for _, n := range namesOf(key[1]) {
				if !slices.Contains(names, n) {
					names = append(names, n)
				}
			}
			partial = append(partial, pairAt{pi, names, cd.lo, cd.hi, sameIn(pts[cd.i], pts[cd.j], cd.lo, cd.hi)})
		}
	}
	// a group found in every panel that draws all its lines is said once
	said := map[string]bool{}
	for _, g := range found {
		key := strings.Join(g.names, "\x00")
		if said[key] {
			continue
		}
		everywhere := c.everyPanel(panels, g.names, func(pi int) bool {
			return slices.ContainsFunc(found, func(o groupAt) bool {
				return o.panel == pi && strings.Join(o.names, "\x00") == key
			})
		})
		what := format.And(g.names) + " coincide: one line hides the other."
		if !g.equal {
			// lines a hair apart are not the same results (walk9 #6: two
			// sweep groups at $230.4 and $232.8 "coincide")
			what = format.And(g.names) + " differ by less than a line's width: one line hides the other."
		}
		if g.zero {
			what = format.And(g.names) + " are 0 throughout: one line hides the other."
		}
		if everywhere {
			said[key] = true
		} else if h := c.panels[g.panel].heading; h != "" {
			what = h + ": " + what
		}
		c.note("%s", what)
	}
	// the same for stretches: once when every panel drawing the lines has
	// the same stretch, else under each panel's heading
	texts := make([]string, len(partial))
	for k, q := range partial {
		verb := " coincide "
		if !q.equal {
			verb = " differ by less than a line's width "
		}
		texts[k] = format.And(q.names) + verb + c.xStretch(q.lo, q.hi) + ": one line hides the other there."
	}
	for k, q := range partial {
		what := texts[k]
		if said[what] {
			continue
		}
		everywhere := c.everyPanel(panels, q.names, func(pi int) bool {
			for m, o := range partial {
				if o.panel == pi && texts[m] == what {
					return true
				}
			}
			return false
		})
		if everywhere {
			said[what] = true
		} else if h := c.panels[q.panel].heading; h != "" {
			what = h + ": " + what
		}
		c.note("%s", what)
	}
}

// xStretch says where on the bottom panel's x axis the stretch from data
// x lo to hi lies: "from 0.1 to 40 req/s", "from 0 to 65 min". Its ends
// are the lines' own points, printed to three figures: inverting the
// axis' normalisation gave float noise ("from 0.000000000000000052 to
// 65 min", walk9 #3) and, rounded to two, ends no point has ("from 260
// to 510 MB" on points at 256 and 512, walk9 #6).
func (c *Chart) xStretch(lo, hi float64) string {
	last := c.panels[len(c.panels)-1]
	a := last.plot.X
	if tt, ok := a.Tick.Marker.(*timeTicks); ok {
		u := tt.unit
		return "from " + format.Sig(lo/u.seconds, 3) + " to " + format.Sig(hi/u.seconds, 3) + " " + u.name
	}
	label := last.xlabel
	if label == "" {
		label = a.Label.Text
	}
	unit := ""
	if _, rest, ok := strings.Cut(label, "("); ok {
		unit, _, _ = strings.Cut(strings.TrimSuffix(rest, ")"), ",")
		unit = " " + strings.TrimSpace(unit)
	}
	return "from " + format.Sig(lo, 3) + " to " + format.Sig(hi, 3) + unit
}

// stretchNear finds the longest stretch of x, at least a fifth of the
// width w, over which a and b lie within coincideTol of each other: a's
// points there near b and b's near a, as are the midpoints of a's
// segments. It returns the stretch in data x, from its first point of a
// to its last.
func stretchNear(a, b polyline, w vg.Length) (lo, hi float64, ok bool) {
	var best vg.Length
	for k, r := range a.runs {
		start := -1
		flush := func(end int) {
			if start < 0 || end-start < 1 {
				start = -1
				return
			}
			x0, x1 := r[start].X, r[end].X
			// both at zero (no throttling yet, nothing spent) is no line
			// hiding another: the axis is there
			atZero := !slices.ContainsFunc(r[start:end+1], func(p vg.Point) bool { return p.Y > coincideTol })
			if !atZero && x1-x0 > best && x1-x0 >= w/5 && bNearAIn(b, a, x0, x1) {
				best, lo, hi, ok = x1-x0, a.data[k][start].x, a.data[k][end].x, true
			}
			start = -1
		}
		for i, p := range r {
			near := nearLine(p, b)
			if near && i > 0 && start >= 0 {
				mid := vg.Point{X: (r[i-1].X + p.X) / 2, Y: (r[i-1].Y + p.Y) / 2}
				near = nearLine(mid, b)
				if !near {
					flush(i - 1)
					start = i
					continue
				}
			}
			switch {
			case near && start < 0:
				start = i
			case !near:
				flush(i - 1)
			}
		}
		flush(len(r) - 1)
	}
	return lo, hi, ok
}

// atZero tells whether every point of the line lies on the bottom of its
// panel (0 on a zero-based axis).
func atZero(l polyline) bool {
	for _, r := range l.runs {
		for _, p := range r {
			if p.Y > coincideTol {
				return false
			}
		}
	}
	return true
}

// bNearAIn tells whether every point of b with x in [x0, x1] lies near a.
func bNearAIn(b, a polyline, x0, x1 vg.Length) bool {
	for _, r := range b.runs {
		for _, p := range r {
			if p.X >= x0 && p.X <= x1 && !nearLine(p, a) {
				return false
			}
		}
	}
	return true
}

// everyPanel tells whether every one of panels that draws all the named
// lines has the finding (has): then a note says it once for the chart,
// else under each panel's heading.
func (c *Chart) everyPanel(panels []int, names []string, has func(pi int) bool) bool {
	for _, pi := range panels {
		if c.panelDraws(pi, names) && !has(pi) {
			return false
		}
	}
	return true
}

// panelDraws tells whether panel pi has a tracked line of every name.
func (c *Chart) panelDraws(pi int, names []string) bool {
	for _, n := range names {
		if !slices.ContainsFunc(c.tracked, func(t trackedLine) bool { return t.panel == c.panels[pi].plot && t.name == n }) {
			return false
		}
	}
	return true
}

// refSize is the data area of panel pi at the chart's size, roughly:
// what a line's distance is measured in, whatever the rendering.
func (c *Chart) refSize(pi int) (w, h vg.Length) {
	cw, ch := c.size()
	var sum float64
	for _, p := range c.panels {
		sum += p.weight
	}
	return cw - 150, (ch - 220) * vg.Length(c.panels[pi].weight/sum)
}

// canvasRuns is the curve's runs in points on a w×h data area.
func canvasRuns(p *plot.Plot, cv *curve, w, h vg.Length) [][]vg.Point {
	var out [][]vg.Point
	for _, r := range dataRuns(p, cv) {
		run := make([]vg.Point, len(r))
		for i, q := range r {
			run[i] = vg.Point{X: w * vg.Length(p.X.Norm(q.x)), Y: h * vg.Length(p.Y.Norm(q.y))}
		}
		out = append(out, run)
	}
	return out
}

// dataRuns is the curve's runs of points the axes can draw, in data
// units: canvasRuns' points, one for one.
func dataRuns(p *plot.Plot, cv *curve) [][]pt {
	var out [][]pt
	for _, r := range cv.runs {
		var run []pt
		for _, q := range r {
			if !finite(q.x) || !finite(q.y) || !axisHolds(p.X, q.x) || !axisHolds(p.Y, q.y) {
				continue
			}
			run = append(run, q)
		}
		if len(run) > 0 {
			out = append(out, run)
		}
	}
	return out
}

// sameIn tells whether a and b have the same values at their points with
// x in [x0, x1]: each such point of either has one of the other at the
// same x with the same y (to a relative 1e-9). Lines that only look the
// same, a line's width apart, are not.
func sameIn(a, b polyline, x0, x1 float64) bool {
	return sameOneWay(a, b, x0, x1) && sameOneWay(b, a, x0, x1)
}

func sameOneWay(a, b polyline, x0, x1 float64) bool {
	near := func(u, v float64) bool { return math.Abs(u-v) <= 1e-9*math.Max(math.Abs(u), math.Abs(v)) }
	var bs []pt
	for _, r := range b.data {
		bs = append(bs, r...)
	}
	slices.SortFunc(bs, func(p, q pt) int { return cmp.Or(cmp.Compare(p.x, q.x), cmp.Compare(p.y, q.y)) })
	for _, r := range a.data {
		for _, p := range r {
			if p.x < x0 || p.x > x1 {
				continue
			}
			// b's points at p's x, to the tolerance
			k := sort.Search(len(bs), func(i int) bool { return bs[i].x >= p.x || near(bs[i].x, p.x) })
			found := false
			for ; k < len(bs) && near(bs[k].x, p.x); k++ {
				if near(bs[k].y, p.y) {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
	}
	return true
}

// axisHolds tells whether v can be drawn on the axis (a log axis holds no
// zero).
func axisHolds(a plot.Axis, v float64) bool {
	if _, log := a.Scale.(plot.LogScale); log {
		return v > 0
	}
	return true
}

// allNear tells whether every point of a lies within coincideTol of the
// polyline b (and a has a point).
func allNear(a, b polyline) bool {
	n := 0
	for _, r := range a.runs {
		for _, p := range r {
			n++
			if !nearLine(p, b) {
				return false
			}
		}
	}
	return n > 0
}

func nearLine(p vg.Point, b polyline) bool {
	for k, r := range b.runs {
		if len(r) == 1 && dist(p, r[0]) <= coincideTol {
			return true
		}
		first := 1
		if b.sorted[k] {
			// a line over time or rate: only the segments around p.X
			first = max(1, sort.Search(len(r), func(i int) bool { return r[i].X >= p.X-coincideTol }))
		}
		for i := first; i < len(r); i++ {
			lo, hi := min(r[i-1].X, r[i].X), max(r[i-1].X, r[i].X)
			if b.sorted[k] && lo > p.X+coincideTol {
				break
			}
			if p.X < lo-coincideTol || p.X > hi+coincideTol {
				continue
			}
			if segDist(p, r[i-1], r[i]) <= coincideTol {
				return true
			}
		}
	}
	return false
}

// polyline is a line's runs in points, each known to be sorted by x or
// not (a CDF or a line over time is; then only the segments near a point
// are measured).
type polyline struct {
	runs   [][]vg.Point
	sorted []bool
	// data is runs in data units, point for point (dataRuns)
	data [][]pt
}

func newPolyline(runs [][]vg.Point) polyline {
	pl := polyline{runs: runs}
	for _, r := range runs {
		pl.sorted = append(pl.sorted, slices.IsSortedFunc(r, func(a, b vg.Point) int { return cmp.Compare(a.X, b.X) }))
	}
	return pl
}

func dist(a, b vg.Point) vg.Length {
	return vg.Length(math.Hypot(float64(a.X-b.X), float64(a.Y-b.Y)))
}

// segDist is the distance from p to the segment ab.
func segDist(p, a, b vg.Point) vg.Length {
	dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return dist(p, a)
	}
	t := math.Max(0, math.Min(1, (float64(p.X-a.X)*dx+float64(p.Y-a.Y)*dy)/l2))
	return dist(p, vg.Point{X: a.X + vg.Length(t*dx), Y: a.Y + vg.Length(t*dy)})
}
