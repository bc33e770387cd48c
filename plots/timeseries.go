package plots

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one model's run cut into time windows: one value per window in
// each column. A nil column was not recorded and is not drawn; every other
// column has one value per window (a different length panics: it is a bug
// in the caller, not a property of the run).
//
// Counts are per window and are drawn as rates (count ÷ window length).
// Latency percentiles cover the requests completing in the window; a window
// with none holds NaN or 0 and leaves a gap. Capacity levels are averages
// over the window. Cost is what the window cost; the cost chart sums it.
type Series struct {
	Model Model

	// WindowStartS and WindowEndS bound each window, in seconds since the
	// start of the run. WindowEndS may be nil: each window then ends where
	// the next starts (the last one lasts as long as the one before it).
	WindowStartS, WindowEndS []float64

	Arrivals, Completed, Throttled, Rejected, Failed, ColdStarts []float64

	LatencyP50MS, LatencyP99MS []float64

	// Levels are the capacity the model held, drawn in this order in the
	// capacity chart; Busy is the demand: requests in flight (queued or
	// running).
	Levels []Level
	Busy   []float64

	CostUSD []float64
}

// windows checks the column lengths and returns the window bounds.
func (s Series) windows() (start, end []float64) {
	n := len(s.WindowStartS)
	for _, col := range []struct {
		name string
		v    []float64
	}{
		{"WindowEndS", s.WindowEndS}, {"Arrivals", s.Arrivals}, {"Completed", s.Completed},
		{"Throttled", s.Throttled}, {"Rejected", s.Rejected}, {"Failed", s.Failed},
		{"ColdStarts", s.ColdStarts}, {"LatencyP50MS", s.LatencyP50MS}, {"LatencyP99MS", s.LatencyP99MS},
		{"Busy", s.Busy}, {"CostUSD", s.CostUSD},
	} {
		if col.v != nil && len(col.v) != n {
			panic(fmt.Sprintf("plots: %s series: %s has %d values for %d windows", s.Model.Name, col.name, len(col.v), n))
		}
	}
	for _, l := range s.Levels {
		if l.Values != nil && len(l.Values) != n {
			panic(fmt.Sprintf("plots: %s series: level %q has %d values for %d windows", s.Model.Name, l.Name, len(l.Values), n))
		}
	}
	start = s.WindowStartS
	end = s.WindowEndS
	if end == nil && n > 0 {
		end = make([]float64, n)
		for i := range n - 1 {
			end[i] = start[i+1]
		}
		d := 1.0
		if n > 1 {
			d = start[n-1] - start[n-2]
		}
		end[n-1] = start[n-1] + d
	}
	return start, end
}

// timeRange is the span of all windows of all series.
func timeRange(series []Series) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range series {
		start, end := s.windows()
		for i := range start {
			if drawable(start[i]) && drawable(end[i]) {
				lo, hi = math.Min(lo, start[i]), math.Max(hi, end[i])
			}
		}
	}
	if !(hi > lo) {
		if finite(lo) {
			return lo, lo + 1
		}
		return 0, 60
	}
	return lo, hi
}

// timeAxis shares a time axis over the chart's panels, in s, min or h
// depending on the length of the run, and shades the run's warm-up.
func (c *Chart) timeAxis(h Header, series []Series) {
	lo, hi := timeRange(series)
	u := timeUnitFor(hi - lo)
	c.shareX(lo, hi, "time since start ("+u.name+")", &timeTicks{unit: u}, plot.LinearScale{})
	if h.WarmupS > lo {
		for _, p := range c.panels {
			p.plot.Add(&vspan{lo, math.Min(h.WarmupS, hi)})
		}
		c.legendAdd("warm-up (not in the statistics)", &vspan{})
	}
}

// rate divides per-window counts by the window length.
func rate(counts, start, end []float64) []float64 {
	out := make([]float64, len(counts))
	for i, v := range counts {
		d := end[i] - start[i]
		out[i] = math.NaN()
		if d > 0 {
			out[i] = v / d
		}
	}
	return out
}

// mids returns the midpoint of each window, where a per-window value is
// plotted as a line.
func mids(start, end []float64) []float64 {
	out := make([]float64, len(start))
	for i := range start {
		out[i] = (start[i] + end[i]) / 2
	}
	return out
}

func positive(_, y float64) bool { return y > 0 }

// maxY is the largest y of the curves (0 if none).
func maxY(curves ...*curve) float64 {
	m := 0.0
	for _, cv := range curves {
		for _, r := range cv.runs {
			for _, p := range r {
				m = math.Max(m, p.y)
			}
		}
	}
	return m
}

// emptyPanel adds the one panel of a chart with nothing to draw, saying
// why.
func (c *Chart) emptyPanel(why string) {
	p := newPlot()
	p.Add(message{why})
	zeroBased(p, 0, format.Plain)
	c.add(p, "", 1)
}

// arrivalCurves draws the offered load and adds it to the legend. The
// models replay the same arrival stream, so when their arrival columns
// agree one grey line stands for all; otherwise each model gets a thin line
// of its own.
func arrivalCurves(series []Series, ls *looks, c *Chart) []*curve {
	var with []Series
	for _, s := range series {
		if s.Arrivals != nil {
			with = append(with, s)
		}
	}
	if len(with) == 0 {
		return nil
	}
	same := true
	for _, s := range with[1:] {
		same = same && slices.Equal(s.Arrivals, with[0].Arrivals) && slices.Equal(s.WindowStartS, with[0].WindowStartS)
	}
	mk := func(s Series, l draw.LineStyle) *curve {
		start, end := s.windows()
		r := runs(mids(start, end), rate(s.Arrivals, start, end), nil)
		return &curve{runs: r, line: l, glyph: draw.GlyphStyle{Color: l.Color, Radius: 3, Shape: draw.CircleGlyph{}}}
	}
	ref := draw.LineStyle{Color: demandGrey, Width: widthRef}
	if same {
		cv := mk(with[0], ref)
		name := "arrivals"
		switch {
		case len(with) == 2:
			name = "arrivals (same for both models)"
		case len(with) > 2:
			name = fmt.Sprintf("arrivals (same for all %d models)", len(with))
		}
		c.legendAdd(name, cv)
		return []*curve{cv}
	}
	var out []*curve
	for _, s := range with {
		l := ls.of(s.Model).lineStyle(widthRef)
		cv := mk(s, l)
		c.legendAdd(s.Model.DisplayName()+" arrivals", cv)
		out = append(out, cv)
	}
	return out
}

// LatencyOverTime draws p50 and p99 latency per window for each model on a
// log axis, over a second panel with the arrival rate on the same time axis
// (gonum/plot has no secondary y axis; two aligned panels read better
// anyway).
func LatencyOverTime(h Header, series []Series) *Chart {
	c := newChart(h.title("Latency over time"))
	top := newPlot()
	var ls looks
	lo, hi := math.Inf(1), math.Inf(-1)
	var drawn []*curve
	for _, s := range series {
		start, end := s.windows()
		if s.LatencyP99MS == nil && s.LatencyP50MS == nil {
			continue
		}
		lk := ls.of(s.Model)
		x := mids(start, end)
		for _, q := range []struct {
			name string
			v    []float64
			w    vg.Length
			tint float64
		}{{"p99", s.LatencyP99MS, widthMain, 0}, {"p50", s.LatencyP50MS, widthSecond, 0.35}} {
			if q.v == nil {
				continue
			}
			l := lk.lineStyle(q.w)
			l.Color = tint(lk.line, q.tint)
			cv := &curve{runs: runs(x, q.v, positive), line: l, glyph: draw.GlyphStyle{Color: l.Color, Radius: 3.5, Shape: lk.glyph}}
			c.legendAdd(s.Model.DisplayName()+" "+q.name, cv)
			if cv.empty() {
				continue
			}
			top.Add(cv)
			c.track(top, s.Model.DisplayName()+" "+q.name, cv)
			drawn = append(drawn, cv)
			_, _, ymin, ymax := cv.DataRange()
			lo, hi = math.Min(lo, ymin), math.Max(hi, ymax)
		}
	}
	latencyAxis(c, top, &top.Y, lo, hi, len(drawn) > 0)
	c.add(top, "Latency per window: p99 (thick) and p50 (thin)", 0.68)

	bottom := newPlot()
	bottom.Y.Label.Text = "req/s"
	arr := arrivalCurves(series, &ls, c)
	for _, cv := range arr {
		bottom.Add(cv)
	}
	if len(arr) == 0 {
		bottom.Add(message{"arrivals not recorded"})
	}
	zeroBased(bottom, maxY(arr...), format.Plain)
	c.add(bottom, "Arrival rate", 0.32)
	c.timeAxis(h, series)
	c.noteHuge(seriesHuge(series, func(s Series) [][]float64 { return [][]float64{s.LatencyP50MS, s.LatencyP99MS, s.Arrivals} }))
	c.noteCoinciding()
	return c
}

// outcome is one panel of the outcomes chart.
type outcome struct {
	name, unit string
	col        func(Series) []float64
}

var outcomes = []outcome{
	{"Completed", "req/s", func(s Series) []float64 { return s.Completed }},
	{"Throttled", "req/s", func(s Series) []float64 { return s.Throttled }},
	{"Rejected", "req/s", func(s Series) []float64 { return s.Rejected }},
	{"Failed", "req/s", func(s Series) []float64 { return s.Failed }},
	{"Cold starts", "per s", func(s Series) []float64 { return s.ColdStarts }},
}

// Outcomes draws what happened to requests per window, one small panel per
// outcome (completed, throttled, rejected, failed, cold starts) with one
// line per model, so that a model's colour means the same in every panel.
// The completed panel carries the arrival rate for reference. An outcome
// that is zero in every window for every model gets no panel; a note under
// the chart says so.
func Outcomes(h Header, series []Series) *Chart {
	c := newChart(h.title("Request outcomes over time"))
	var ls looks
	for _, s := range series {
		s.windows()
		c.legendAdd(s.Model.DisplayName(), &curve{line: ls.of(s.Model).lineStyle(widthMain)})
	}
	var zero []string
	for i, o := range outcomes {
		p := newPlot()
		p.Y.Label.Text = o.unit
		var cvs []*curve
		var named []trackedLine // the models' lines, not the arrivals
		nonZero, recorded := false, false
		if i == 0 {
			cvs = append(cvs, arrivalCurves(series, &ls, c)...)
			recorded = len(cvs) > 0
		}
		for _, s := range series {
			col := o.col(s)
			if col == nil {
				continue
			}
			recorded = true
			start, end := s.windows()
			lk := ls.of(s.Model)
			cv := lk.curve(runs(mids(start, end), rate(col, start, end), nil), 3.5)
			cvs = append(cvs, cv)
			named = append(named, trackedLine{p, s.Model.DisplayName(), cv})
			nonZero = nonZero || maxY(cv) > 0
		}
		switch {
		case !recorded:
			continue
		case i > 0 && !nonZero:
			zero = append(zero, strings.ToLower(o.name))
			continue
		}
		for _, cv := range cvs {
			p.Add(cv)
		}
		for _, t := range named {
			c.track(t.panel, t.name, t.cv)
		}
		zeroBased(p, maxY(cvs...), format.Plain)
		c.add(p, o.name+" ("+o.unit+")", 1)
	}
	if len(c.panels) == 0 {
		c.emptyPanel("no outcomes recorded")
	}
	if len(zero) > 0 {
		c.note("Zero in every window for every model, so not drawn: %s.", strings.Join(zero, ", "))
	}
	c.timeAxis(h, series)
	c.noteHuge(seriesHuge(series, func(s Series) [][]float64 {
		return [][]float64{s.Arrivals, s.Completed, s.Throttled, s.Rejected, s.Failed, s.ColdStarts}
	}))
	c.noteCoinciding()
	return c
}

// seriesHuge counts the values beyond ±maxValue in the window bounds of the
// series and in the columns cols picks.
func seriesHuge(series []Series, cols func(Series) [][]float64) int {
	n := 0
	for _, s := range series {
		n += countHuge(append(cols(s), s.WindowStartS, s.WindowEndS)...)
	}
	return n
}
