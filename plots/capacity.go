package plots

import (
	"strings"

	"gonum.org/v1/plot/vg/draw"
)

// Capacity draws, per model, the capacity it held against the demand it
// served, as step lines (a level holds for its whole window): Kubernetes'
// ready pods and nodes, Lambda's execution environments, each over a grey
// area of requests in flight. One panel per model with capacity data, on a
// shared time axis; the count axes are separate because a pod serves many
// requests at once and an environment one.
func Capacity(h Header, series []Series) *Chart {
	c := newChart(h.title("Capacity and demand over time"))
	var ls looks
	demandLegend := false
	for _, s := range series {
		start, end := s.windows()
		if s.Pods == nil && s.Nodes == nil && s.Environments == nil && s.Busy == nil {
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
		for _, lvl := range []struct {
			name string
			v    []float64
			main bool
		}{{"ready pods", s.Pods, true}, {"environments", s.Environments, true}, {"nodes", s.Nodes, false}} {
			if lvl.v == nil {
				continue
			}
			l := lk.lineStyle(widthMain)
			switch {
			case !lvl.main:
				l = draw.LineStyle{Color: lk.text, Width: widthSecond, Dashes: dotted}
			case lvl.name == "environments" && s.Pods != nil:
				l.Color = tint(lk.line, 0.45) // a model with both: keep them apart
			}
			cv := &curve{runs: stepRuns(start, end, lvl.v, nil), line: l, glyph: draw.GlyphStyle{Color: l.Color, Radius: 3.5, Shape: lk.glyph}}
			cvs = append(cvs, cv)
			c.legendAdd(s.Model.Label()+" "+lvl.name, cv)
			parts = append(parts, lvl.name)
		}
		for _, cv := range cvs {
			p.Add(cv)
		}
		if maxY(cvs...) == 0 && len(cvs) > 0 {
			p.Add(message{"zero throughout"})
		}
		zeroBased(p, maxY(cvs...), plain)
		heading := s.Model.Label()
		if len(parts) > 0 {
			heading += ": " + joinAnd(parts)
		}
		if s.Busy != nil {
			heading += " vs requests in flight"
		}
		c.add(p, heading, 1)
	}
	if len(c.panels) == 0 {
		p := newPlot()
		p.Add(message{"no capacity recorded"})
		zeroBased(p, 0, plain)
		c.add(p, "", 1)
	}
	c.timeAxis(series)
	return c
}

// joinAnd joins "a", "b", "c" as "a, b and c".
func joinAnd(parts []string) string {
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
