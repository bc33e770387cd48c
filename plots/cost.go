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
		at pt
		lk look
	}
	var ends []costEnd
	var sums []float64
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
		ends = append(ends, costEnd{pts[len(pts)-1], lk})
		sums = append(sums, sum)
	}
	for i, l := range costEndLabels(sums) {
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

// costEndLabels prints the totals at the lines' ends. Totals within two
// orders of magnitude share one precision, enough for the smallest to
// keep two significant digits: "$0.110" beside "$0.073", not "$0.11"
// beside "$0.073" (walk5), and "$510" beside "$74"; the largest then shows
// three or four. Totals further apart would share the largest's suffix
// with the smallest's step, "$2.0000000B" beside "$0.0000050B" (review7):
// each then prints on its own, with its own suffix, to three significant
// digits ("$2B", "$5,000"), as a lone money label does (format.USDShort).
func costEndLabels(sums []float64) []string {
	small, large := math.Inf(1), 0.0
	for _, v := range sums {
		if a := math.Abs(v); a > 0 && finite(a) {
			small, large = math.Min(small, a), math.Max(large, a)
		}
	}
	if !finite(small) { // all zero: "$0"
		return format.Ticks(format.Money, sums, 0)
	}
	if mag(large)-mag(small) > 2 {
		out := make([]string, len(sums))
		for i, v := range sums {
			out[i] = format.USDShort(v)
		}
		return out
	}
	return format.Ticks(format.Money, sums, math.Pow(10, float64(mag(small)-1)))
}

// mag is the power of ten of a positive value's leading digit.
func mag(a float64) int { return int(math.Floor(math.Log10(a))) }
