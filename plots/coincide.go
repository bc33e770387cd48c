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
	}
	var found []groupAt
	type pairAt struct {
		panel  int
		names  []string
		lo, hi float64 // the stretch, as shares of the axis
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
			lo, hi float64 // shares of the width
		}
		var cands []cand
		pts := make([]polyline, len(lines))
		for i, l := range lines {
			pts[i] = newPolyline(canvasRuns(pn.plot, l.cv, w, h))
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
					cands = append(cands, cand{i, j, float64(lo / w), float64(hi / w)})
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
				zero := true
				for j := range lines {
					if find(j) == i {
						zero = zero && atZero(pts[j])
					}
				}
				found = append(found, groupAt{pi, names, zero})
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
			partial = append(partial, pairAt{pi, names, cd.lo, cd.hi})
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
		texts[k] = format.And(q.names) + " coincide " + c.xStretch(q.lo, q.hi) + ": one line hides the other there."
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

// xStretch says where on the bottom panel's x axis the shares lo to hi of
// its length lie: "from 0.1 to 40 req/s", "from 2 min to 15 min".
func (c *Chart) xStretch(lo, hi float64) string {
	last := c.panels[len(c.panels)-1]
	a := last.plot.X
	at := func(f float64) float64 {
		// the inverse of the axis' normalisation, by bisection: it is
		// monotonic whatever the scale
		l, h := a.Min, a.Max
		for range 60 {
			m := (l + h) / 2
			if _, log := a.Scale.(plot.LogScale); log {
				m = math.Sqrt(l * h)
			}
			if a.Norm(m) < f {
				l = m
			} else {
				h = m
			}
		}
		return (l + h) / 2
	}
	x0, x1 := at(lo), at(hi)
	if tt, ok := a.Tick.Marker.(*timeTicks); ok {
		u := tt.unit
		return "from " + format.Sig(x0/u.seconds, 2) + " to " + format.Sig(x1/u.seconds, 2) + " " + u.name
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
	return "from " + format.Sig(x0, 2) + " to " + format.Sig(x1, 2) + unit
}

// stretchNear finds the longest stretch of x, at least a fifth of the
// width w, over which a and b lie within coincideTol of each other: a's
// points there near b and b's near a, as are the midpoints of a's
// segments. It returns the stretch in points along x.
func stretchNear(a, b polyline, w vg.Length) (lo, hi vg.Length, ok bool) {
	var best vg.Length
	for _, r := range a.runs {
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
				best, lo, hi, ok = x1-x0, x0, x1, true
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
	for _, r := range cv.runs {
		var run []vg.Point
		for _, q := range r {
			if !finite(q.x) || !finite(q.y) || !axisHolds(p.X, q.x) || !axisHolds(p.Y, q.y) {
				continue
			}
			run = append(run, vg.Point{X: w * vg.Length(p.X.Norm(q.x)), Y: h * vg.Length(p.Y.Norm(q.y))})
		}
		if len(run) > 0 {
			out = append(out, run)
		}
	}
	return out
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
