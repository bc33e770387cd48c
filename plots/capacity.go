package plots

import (
	"fmt"
	"image/color"
	"slices"

	"github.com/execsim/execsim/internal/format"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Level is one capacity level of a series, drawn in the capacity chart.
type Level struct {
	Name   string    // "ready pods", "environments", "nodes"
	Values []float64 // one per window: the level's time average over the window
	Main   bool      // the level the model's capacity is about (a taller panel); false: a companion
	// Peak is the level's highest value in each window (nil: not
	// recorded), drawn thin above the mean.
	Peak []float64
	// Demand marks the level the demand (Series.Busy) is counted in: one
	// unit serves one request at a time (environments), so requests in
	// flight are drawn under it. A series whose levels have none gets the
	// demand in a panel of its own.
	Demand bool
}

// Capacity draws, per model, the capacity it held against the demand it
// served, as step lines (a level holds for its whole window): one panel
// per capacity level, each on its own count axis, so that 2 → 12 pods do
// not flatten under 300 requests in flight or 3 nodes under 12 pods. Each
// level is its time average per window (thick, in the model's line style)
// with its peak in the window (thin, lighter) when given. The demand,
// requests in flight, is a grey area under the level it is counted in
// (Level.Demand), or a panel of its own above the model's levels when none
// is comparable. The panels share the time axis.
func Capacity(h Header, series []Series) *Chart {
	c := newChart(h.title("Capacity and demand over time"))
	var ls looks
	demandLegend := false
	// the peaks are drawn in each model's lighter colour, and the
	// legend's swatch shows those colours (walk report 3: a grey swatch
	// for peaks drawn in light blue and orange)
	var peakColours peakSwatch
	demandCurve := func(start, end, busy []float64) *curve {
		return &curve{
			runs:  stepRuns(start, end, busy, nil),
			line:  draw.LineStyle{Color: demandGrey, Width: 1},
			fill:  demandFill,
			glyph: draw.GlyphStyle{Color: demandGrey, Radius: 3, Shape: draw.CircleGlyph{}},
		}
	}
	addDemand := func(cv *curve) {
		if !demandLegend {
			c.legendAdd("requests in flight (demand)", cv)
			demandLegend = true
		}
	}
	finish := func(p *plot.Plot, cvs []*curve) {
		for _, cv := range cvs {
			p.Add(cv)
		}
		top := maxY(cvs...)
		if top == 0 && len(cvs) > 0 {
			p.Add(message{"zero throughout"})
		}
		zeroBased(p, top, format.Plain)
	}
	var drawn []Series
	for _, s := range series {
		start, end := s.windows()
		if !s.hasCapacity() {
			continue
		}
		// a model whose capacity equals one drawn already (a hybrid that
		// is one platform's own run) gets a note, not copies of its
		// panels (walk5: two Hybrid panels repeated Lambda's)
		if k := slices.IndexFunc(drawn, func(d Series) bool { return sameCapacity(d, s) }); k >= 0 {
			c.note("%s held the same capacity as %s in every window (the same run), so it is drawn once, as %s.",
				s.Model.DisplayName(), drawn[k].Model.DisplayName(), drawn[k].Model.DisplayName())
			continue
		}
		drawn = append(drawn, s)
		for _, lvl := range s.Levels {
			if lvl.Peak != nil && len(lvl.Peak) != len(start) {
				panic(fmt.Sprintf("plots: %s series: level %q has %d peaks for %d windows", s.Model.Name, lvl.Name, len(lvl.Peak), len(start)))
			}
		}
		lk := ls.of(s.Model)
		name := s.Model.DisplayName()
		c.legendAdd(name+" (mean per window)", lk.curve(nil, 3.5))

		// the demand, in a panel of its own when no level counts it
		counted := false
		for _, lvl := range s.Levels {
			counted = counted || (lvl.Demand && lvl.Values != nil)
		}
		if s.Busy != nil && !counted {
			p := newPlot()
			p.Y.Label.Text = "requests"
			cv := demandCurve(start, end, s.Busy)
			addDemand(cv)
			finish(p, []*curve{cv})
			c.add(p, name+": requests in flight (mean per window)", 0.8)
		}
		for _, lvl := range s.Levels {
			if lvl.Values == nil {
				continue
			}
			p := newPlot()
			p.Y.Label.Text = lvl.Name
			var cvs []*curve
			heading := name + ": " + lvl.Name + " (mean per window"
			if lvl.Demand && s.Busy != nil {
				cv := demandCurve(start, end, s.Busy)
				addDemand(cv)
				cvs = append(cvs, cv)
			}
			if lvl.Peak != nil {
				l := draw.LineStyle{Color: tint(lk.line, 0.5), Width: widthSecond}
				cv := &curve{runs: stepRuns(start, end, lvl.Peak, nil), line: l, glyph: draw.GlyphStyle{Color: l.Color, Radius: 2.5, Shape: lk.glyph}}
				cvs = append(cvs, cv)
				heading += "; thin: peak"
				if pc := tint(lk.line, 0.5); !slices.Contains(peakColours, pc) {
					peakColours = append(peakColours, pc)
				}
			}
			heading += ")"
			if lvl.Demand && s.Busy != nil {
				heading += " vs requests in flight"
			}
			l := lk.lineStyle(widthMain)
			cvs = append(cvs, &curve{runs: stepRuns(start, end, lvl.Values, nil), line: l, glyph: draw.GlyphStyle{Color: l.Color, Radius: 3.5, Shape: lk.glyph}})
			weight := 1.0
			if !lvl.Main {
				weight = 0.8
			}
			finish(p, cvs)
			c.add(p, heading, weight)
		}
	}
	if len(peakColours) > 0 {
		c.legendAdd("peak in the window", peakColours)
	}
	if len(c.panels) == 0 {
		c.emptyPanel("no capacity recorded")
	}
	if n := len(c.panels); n > 3 {
		c.Height = DefaultHeight + vg.Length(n-3)*120 // keep each panel tall enough to read
	}
	c.timeAxis(h, series)
	c.noteHuge(seriesHuge(series, func(s Series) [][]float64 {
		cols := [][]float64{s.Busy}
		for _, l := range s.Levels {
			cols = append(cols, l.Values, l.Peak)
		}
		return cols
	}))
	return c
}

// sameCapacity says whether two series hold the same capacity levels,
// window for window. Levels never reported (nil) are not compared: a
// hybrid's look lists pods and nodes it has none of.
func sameCapacity(a, b Series) bool {
	eq := func(x, y []float64) bool {
		return slices.EqualFunc(x, y, func(u, v float64) bool { return u == v || u != u && v != v })
	}
	held := func(s Series) []Level {
		var out []Level
		for _, l := range s.Levels {
			if l.Values != nil {
				out = append(out, l)
			}
		}
		return out
	}
	la, lb := held(a), held(b)
	// the demand is not compared: platforms measure it by different
	// gauges (Lambda's concurrency, a hybrid's busy slots), and the
	// chart's point is the capacity held
	if !eq(a.WindowStartS, b.WindowStartS) || !eq(a.WindowEndS, b.WindowEndS) || len(la) == 0 || len(la) != len(lb) {
		return false
	}
	for i, l := range la {
		// Demand and Main say how to draw a level, not what it held: a
		// hybrid's environments come without Demand (byof)
		if m := lb[i]; l.Name != m.Name || !eq(l.Values, m.Values) || !eq(l.Peak, m.Peak) {
			return false
		}
	}
	return true
}

// hasCapacity reports whether the series recorded any capacity level or
// the demand.
func (s Series) hasCapacity() bool {
	if s.Busy != nil {
		return true
	}
	for _, l := range s.Levels {
		if l.Values != nil {
			return true
		}
	}
	return false
}

// peakSwatch is the legend thumbnail of the peak lines: a thin line in each
// model's peak colour, side by side (one line when there is one model).
type peakSwatch []color.RGBA

func (p peakSwatch) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	w := (r.Max.X - r.Min.X) / vg.Length(len(p))
	y := c.Center().Y
	for i, col := range p {
		x0 := r.Min.X + vg.Length(i)*w
		c.StrokeLine2(draw.LineStyle{Color: col, Width: widthSecond}, x0, y, x0+w, y)
	}
}
