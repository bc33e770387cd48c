package plots

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// TunePoint is one value of a tuned setting (a memory size) and what the
// model did with it.
type TunePoint struct {
	Label      string // "512 MB"
	MonthlyUSD float64
	MeanMs     float64
	P99Ms      float64
	MeetsSLO   bool
}

// Tuning is the memory-tuning view (AWS Lambda Power Tuning's question)
// of one model: monthly cost against latency for each value of a setting.
type Tuning struct {
	Model Model
	// Setting names what was varied ("memory"), Units what has it
	// ("function", for Each's legend).
	Setting, Units string
	// Points are the values in increasing order.
	Points []TunePoint
	// Cheapest, Fastest and Balanced index Points (-1: none).
	Cheapest, Fastest, Balanced int
	// SLO is the objective in words, for the legend of hollow markers;
	// P99TargetMs, when positive, is a p99 target drawn as a line.
	SLO         string
	P99TargetMs float64
	// Notes are sentences under the chart (the rules of the choices).
	Notes []string
	// Each, when not nil, is the run of every unit (a fleet's functions)
	// at its own value, together: drawn as squares at its mean and p99,
	// hollow when it misses the SLO, labelled with Each.Label.
	Each *TunePoint
}

// TuneChart draws each value of the setting twice at its monthly cost:
// at its mean latency (a circle) and at its p99 (a triangle), joined by a
// grey bar; the p99 points are joined in the setting's order and labelled
// with the value, the three choices named in their labels and ringed.
// Values that miss the SLO are hollow.
func TuneChart(h Header, t Tuning) *Chart {
	c := newChart(h.title(fmt.Sprintf("%s tuning: monthly cost vs latency", format.Capitalised(t.Setting))))
	p := newPlot()
	p.Y.Label.Text = "USD per month"
	var ls looks
	col := ls.of(t.Model).line
	meanG := draw.GlyphStyle{Color: col, Radius: 4, Shape: draw.CircleGlyph{}}
	p99G := draw.GlyphStyle{Color: col, Radius: 5, Shape: draw.PyramidGlyph{}}
	var bars [][]pt
	var meanPts, p99Pts, missMean, missP99 []pt
	xlo, xhi := math.Inf(1), math.Inf(-1)
	for _, q := range t.Points {
		if !drawable(q.MonthlyUSD) || !(q.MeanMs > 0) || !(q.P99Ms > 0) {
			continue
		}
		m, n := pt{q.MeanMs, q.MonthlyUSD}, pt{q.P99Ms, q.MonthlyUSD}
		bars = append(bars, []pt{m, n})
		meanPts, p99Pts = append(meanPts, m), append(p99Pts, n)
		if !q.MeetsSLO {
			missMean, missP99 = append(missMean, m), append(missP99, n)
		}
		xlo, xhi = math.Min(xlo, q.MeanMs), math.Max(xhi, q.P99Ms)
	}
	// the run of each unit at its own value: a square at its p99 and a
	// smaller one at its mean, in black, apart from every single value's
	var each, eachMean *curve
	eachG := draw.GlyphStyle{Color: breakEvenColor, Radius: 5, Shape: draw.BoxGlyph{}}
	eachMeanG := draw.GlyphStyle{Color: breakEvenColor, Radius: 3, Shape: draw.BoxGlyph{}}
	if q := t.Each; q != nil && drawable(q.MonthlyUSD) && q.MeanMs > 0 && q.P99Ms > 0 {
		m, n := pt{q.MeanMs, q.MonthlyUSD}, pt{q.P99Ms, q.MonthlyUSD}
		each = &curve{runs: [][]pt{{m, n}}, line: draw.LineStyle{Color: breakEvenColor, Width: widthRef, Dashes: dashed}}
		eachMean = &curve{runs: [][]pt{{m}}, glyph: eachMeanG, dots: true}
		xlo, xhi = math.Min(xlo, q.MeanMs), math.Max(xhi, q.P99Ms)
	}
	bar := &curve{runs: bars, line: draw.LineStyle{Color: hatchLine, Width: vg.Points(3)}}
	meanCv := &curve{runs: nonEmpty(meanPts), glyph: meanG, dots: true}
	p99Cv := &curve{runs: nonEmpty(p99Pts), line: draw.LineStyle{Color: col, Width: widthSecond}, glyph: p99G, dots: true}
	p.Add(bar, meanCv, p99Cv)
	if len(missMean) > 0 {
		p.Add(hollowOf(meanG, missMean), hollowOf(p99G, missP99))
	}
	var eachP99 *curve
	if each != nil {
		n := each.runs[0][1]
		eachP99 = &curve{runs: [][]pt{{n}}, glyph: eachG, dots: true}
		p.Add(each)
		if t.Each.MeetsSLO {
			p.Add(eachMean, eachP99)
		} else {
			p.Add(hollowOf(eachMeanG, eachMean.runs[0]), hollowOf(eachG, []pt{n}))
		}
	}
	if t.P99TargetMs > 0 && drawable(t.P99TargetMs) {
		p.Add(&vline{t.P99TargetMs, draw.LineStyle{Color: missColor, Width: widthRef, Dashes: dashed}})
		xhi = math.Max(xhi, t.P99TargetMs)
		xlo = math.Min(xlo, t.P99TargetMs)
	}
	// sizes whose latencies differ little get a linear axis (latencyAxis)
	latencyAxis(c, p, &p.X, xlo, xhi, len(meanPts) > 0)
	if len(meanPts) > 0 {
		cvs := []*curve{p99Cv}
		if eachP99 != nil {
			cvs = append(cvs, eachP99)
		}
		costAxis(c, "Monthly costs", p, cvs)
	} else {
		zeroBased(p, 1, format.Money)
	}

	// a label keeps off the bars as well as the p99 line: over another
	// row's bar it reads as that row's label (walk report 3: "512 MB:
	// balanced" sat on the 256 MB bar)
	ns := &notes{avoid: []*curve{p99Cv, bar}, dots: append(slices.Clone(meanPts), p99Pts...), dotR: 5, crossCost: 120}
	if each != nil {
		ns.avoid = append(ns.avoid, each)
		ns.dots = append(ns.dots, each.runs[0]...)
	}
	ring := draw.GlyphStyle{Color: breakEvenColor, Radius: 9, Shape: draw.RingGlyph{}}
	for i, q := range t.Points {
		if !drawable(q.MonthlyUSD) || !(q.P99Ms > 0) {
			continue
		}
		var chosen []string
		for _, ch := range []struct {
			i    int
			name string
		}{{t.Cheapest, "cheapest"}, {t.Fastest, "fastest"}, {t.Balanced, "balanced"}} {
			if ch.i == i {
				chosen = append(chosen, ch.name)
			}
		}
		label, mark, col := q.Label, draw.GlyphStyle{}, noteGrey
		if len(chosen) > 0 {
			label += ": " + strings.Join(chosen, ", ")
			mark, col = ring, textBlack
		}
		ns.add(q.P99Ms, q.MonthlyUSD, label, col, mark, east, northEast, southEast, north, south, west)
	}
	if each != nil && t.Each.Label != "" {
		n := each.runs[0][1]
		ns.add(n.x, n.y, t.Each.Label, textBlack, draw.GlyphStyle{}, east, southEast, northEast, south, north, west)
	}
	c.addLabels(p, ns)
	c.add(p, "Each size at its mean and its p99 latency, at the scenario's traffic", 1)

	c.legendAdd("mean latency", &curve{glyph: meanG})
	c.legendAdd("p99 latency", &curve{line: p99Cv.line, glyph: p99G, dots: true})
	if t.Cheapest >= 0 || t.Fastest >= 0 || t.Balanced >= 0 {
		c.legendAdd("a choice (named in its label)", &curve{glyph: ring})
	}
	if each != nil {
		c.legendAdd("each "+t.Units+" at its own "+t.Setting+", run together", &curve{line: each.line, glyph: eachG, dots: true})
	}
	if len(missMean) > 0 || each != nil && !t.Each.MeetsSLO {
		slo := "the SLO"
		if t.SLO != "" {
			slo += " (" + t.SLO + ")"
		}
		c.legendAdd("hollow: misses "+slo, hollowOf(draw.GlyphStyle{Color: missColor, Radius: 5}, nil))
	}
	if t.P99TargetMs > 0 && drawable(t.P99TargetMs) {
		c.legendAdd("SLO: p99 ≤ "+format.MillisShort(t.P99TargetMs), &vline{line: draw.LineStyle{Color: missColor, Width: widthRef, Dashes: dashed}})
	}
	for _, n := range t.Notes {
		c.note("%s", n)
	}
	huge := countHuge([]float64{t.P99TargetMs})
	for _, q := range t.Points {
		huge += countHuge([]float64{q.MonthlyUSD, q.MeanMs, q.P99Ms})
	}
	if q := t.Each; q != nil {
		huge += countHuge([]float64{q.MonthlyUSD, q.MeanMs, q.P99Ms})
	}
	c.noteHuge(huge)
	return c
}
