package plots

import "github.com/execsim/execsim/internal/format"

// CumulativeCost draws each model's spend since the start of the run, with
// the total written at the end of each line.
func CumulativeCost(h Header, series []Series) *Chart {
	c := newChart(h.title("Cumulative cost"))
	p := newPlot()
	p.Y.Label.Text = "cost since start (USD)"
	var ls looks
	var cvs []*curve
	ns := &notes{}
	for _, s := range series {
		start, end := s.windows()
		if s.CostUSD == nil || len(start) == 0 {
			continue
		}
		lk := ls.of(s.Model)
		var pts []pt
		if drawable(start[0]) {
			pts = append(pts, pt{start[0], 0})
		}
		sum, skipped := 0.0, 0
		for i, v := range s.CostUSD {
			if !drawable(v) {
				skipped++
				v = 0
			}
			sum += v
			if drawable(end[i]) {
				pts = append(pts, pt{end[i], sum})
			}
		}
		if skipped > 0 {
			c.note("%s: %d windows without a cost value were counted as $0.", s.Model.DisplayName(), skipped)
		}
		if len(pts) == 0 {
			continue
		}
		cv := lk.curve([][]pt{pts}, 4)
		p.Add(cv)
		c.track(p, s.Model.DisplayName(), cv)
		cvs = append(cvs, cv)
		c.legendAdd(s.Model.DisplayName(), cv)
		last := pts[len(pts)-1]
		ns.add(last.x, last.y, format.USDShort(sum), lk.text, lk.glyphStyle(4.5), northWest, west, southWest)
	}
	ns.avoid = cvs
	if len(cvs) == 0 {
		p.Add(message{"no cost recorded"})
	}
	p.Add(ns)
	zeroBased(p, maxY(cvs...), format.Money)
	c.add(p, "", 1)
	c.timeAxis(h, series)
	c.noteHuge(seriesHuge(series, func(s Series) [][]float64 { return [][]float64{s.CostUSD} }))
	c.noteCoinciding()
	return c
}
