package plots

import (
	"github.com/execsim/execsim/internal/format"
	"gonum.org/v1/plot/vg/draw"
)

// Level is one capacity level of a series, drawn in the capacity chart.
type Level struct {
	Name   string    // "ready pods", "environments", "nodes"
	Values []float64 // one per window (average over the window)
	Main   bool      // the level the panel is about (drawn in the model's line style); false: a companion (dotted, text colour, thinner)
}

// Capacity draws, per model, the capacity it held against the demand it
// served, as step lines (a level holds for its whole window): the series'
// levels in their order, each over a grey area of requests in flight. One
// panel per model with capacity data, on a shared time axis; the count axes
// are separate because models count capacity in different units (one unit
// may serve many requests at once, another one).
//
// A main level is drawn in the model's line style, a companion dotted, thin
// and in the model's text colour; a main level after another one of the same
// series is drawn lighter, to keep them apart.
func Capacity(h Header, series []Series) *Chart {
	c := newChart(h.title("Capacity and demand over time"))
	var ls looks
	demandLegend := false
	for _, s := range series {
		start, end := s.windows()
		if !s.hasCapacity() {
			continue
		}
		lk := ls.of(s.Model)
		p := newPlot()
		p.Y.Label.Text = "count"
		var cvs []*curve
		var parts []string
		if s.Busy != nil {
			cv := &curve{
				runs:  stepRuns(start, end, s.Busy, nil),
				line:  draw.LineStyle{Color: demandGrey, Width: 1},
				fill:  demandFill,
				glyph: draw.GlyphStyle{Color: demandGrey, Radius: 3, Shape: draw.CircleGlyph{}},
			}
			cvs = append(cvs, cv)
			if !demandLegend {
				c.legendAdd("requests in flight (demand)", cv)
				demandLegend = true
			}
		}
		mains := 0
		for _, lvl := range s.Levels {
			if lvl.Values == nil {
				continue
			}
			l := lk.lineStyle(widthMain)
			switch {
			case !lvl.Main:
				l = draw.LineStyle{Color: lk.text, Width: widthSecond, Dashes: dotted}
			case mains > 0:
				l.Color = tint(lk.line, 0.45) // a second main level: keep them apart
			}
			if lvl.Main {
				mains++
			}
			cv := &curve{runs: stepRuns(start, end, lvl.Values, nil), line: l, glyph: draw.GlyphStyle{Color: l.Color, Radius: 3.5, Shape: lk.glyph}}
			cvs = append(cvs, cv)
			c.legendAdd(s.Model.DisplayName()+" "+lvl.Name, cv)
			parts = append(parts, lvl.Name)
		}
		for _, cv := range cvs {
			p.Add(cv)
		}
		if maxY(cvs...) == 0 && len(cvs) > 0 {
			p.Add(message{"zero throughout"})
		}
		zeroBased(p, maxY(cvs...), format.Plain)
		heading := s.Model.DisplayName()
		if len(parts) > 0 {
			heading += ": " + format.And(parts)
		}
		if s.Busy != nil {
			heading += " vs requests in flight"
		}
		c.add(p, heading, 1)
	}
	if len(c.panels) == 0 {
		c.emptyPanel("no capacity recorded")
	}
	c.timeAxis(h, series)
	return c
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
