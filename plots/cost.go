package plots

import (
	"math"

	"github.com/execsim/execsim/internal/format"
)

// CumulativeCost draws each model's spend since the start of the run, with
// the total written at the end of each line.
func CumulativeCost(h Header, series []Series) *Chart {
	c := newChart(h.title("Cumulative cost"))
	p := newPlot()
	p.Y.Label.Text = "cost since start (USD)"
	var ls looks
	var cvs []*curve
	ns := &notes{}
	type costEnd struct {
		at  pt
		sum float64
		lk  look
	}
	var ends []costEnd
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
		cvs = append(cvs, c.modelLine(p, lk, s.Model.DisplayName(), pts))
		ends = append(ends, costEnd{pts[len(pts)-1], sum, lk})
	}
	// the end labels share one precision, enough for the smallest total
	// to keep two significant digits: "$0.110" beside "$0.073", not
	// "$0.11" beside "$0.073" (walk5), and "$510" beside "$74"
	sums := make([]float64, len(ends))
	small := math.Inf(1)
	for i, e := range ends {
		sums[i] = e.sum
		if a := math.Abs(e.sum); a > 0 && finite(a) {
			small = math.Min(small, a)
		}
	}
	step := 0.0
	if finite(small) {
		step = math.Pow(10, math.Floor(math.Log10(small))-1)
	}
	for i, l := range format.Ticks(format.Money, sums, step) {
		e := ends[i]
		ns.add(e.at.x, e.at.y, l, e.lk.text, e.lk.glyphStyle(4.5), northWest, west, southWest)
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
