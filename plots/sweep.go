package plots

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// SweepSeries is one group of a sweep: a summary field's mean over the
// replications at each value of the swept parameter, with the bounds of its
// 95% confidence interval (Lo, Hi; nil for none, NaN where unknown).
//
// Name labels the group in the legend (empty: the model's display name).
// Model gives the series its model's colour and dash; several groups of one
// model keep its hue, each further one lighter with its own dash and
// marker. Series whose model brings no colour take the fallback palette,
// by their position in the list.
//
// Few, when not nil, marks the points whose value rests on too few
// requests to mean much (a p99 of fewer than 100): they are drawn hollow,
// and SweepAxes.FewLabel names them in the legend.
type SweepSeries struct {
	Name  string
	Model Model
	X     []float64
	Mean  []float64
	Lo    []float64
	Hi    []float64
	Few   []bool
}

// SweepAxes names what a sweep chart shows. Units go in their own fields:
// the axis labels read "Field (FieldUnit)". A FieldUnit of "$" or "USD"
// prints the y ticks as money.
type SweepAxes struct {
	Parameter     string // the swept parameter in words, e.g. "arrival rate"
	ParameterUnit string // e.g. "req/s"
	Field         string // the summary field, e.g. "latency p99"
	FieldUnit     string
	LogX, LogY    bool
	// Target, when positive, is a ceiling on the field drawn as a dashed
	// line across the chart (the SLO's p99 target on the p99 chart, as
	// TuneChart draws it), named TargetLabel in the legend.
	Target      float64
	TargetLabel string
	// FewLabel is the legend's entry for hollow markers, the points of
	// SweepSeries.Few ("hollow: p99 from fewer than 100 requests per
	// run").
	FewLabel string
}

// Sweep draws a summary field against a swept parameter: one line per
// group through the means (a marker at each sweep point) over a shaded 95%
// confidence band; a group with a single point gets an error bar. Points
// marked Few are drawn hollow.
func Sweep(h Header, ax SweepAxes, series []SweepSeries) *Chart {
	c := newChart(h.title(capitalize(ax.Field) + " vs " + ax.Parameter))
	p := newPlot()
	c.add(p, "", 1)
	unit := format.Plain
	if u := strings.ToUpper(strings.TrimSpace(ax.FieldUnit)); u == "$" || u == "USD" {
		unit = format.Money
	}
	p.X.Label.Text = axisLabel(ax.Parameter, ax.ParameterUnit, ax.LogX)
	p.Y.Label.Text = axisLabel(ax.Field, ax.FieldUnit, ax.LogY)

	models := map[string]int{}
	for _, s := range series {
		if s.Model.Name != "" {
			models[s.Model.Name]++
		}
	}
	variant := map[string]int{}
	okX := func(x float64) bool { return !ax.LogX || x > 0 }
	okY := func(y float64) bool { return !ax.LogY || y > 0 }
	var xs []float64
	xlo, xhi, ylo, yhi := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	var bandColors []color.RGBA
	var fewLook *hollow // the legend's hollow marker, when any point is few
	drawn := 0
	for i, s := range series {
		if len(s.Mean) != len(s.X) || (s.Lo != nil && len(s.Lo) != len(s.X)) || (s.Hi != nil && len(s.Hi) != len(s.X)) || (s.Few != nil && len(s.Few) != len(s.X)) {
			panic(fmt.Sprintf("plots: sweep series %q has %d x values, %d means, %d lower and %d upper bounds, %d few marks",
				s.Name, len(s.X), len(s.Mean), len(s.Lo), len(s.Hi), len(s.Few)))
		}
		lk, known := s.Model.look()
		switch {
		case !known:
			lk = paletteLook(i)
		case models[s.Model.Name] > 1:
			// several groups of one model keep its hue, so that its colour
			// still names the model: each further group is lighter, with
			// its own dash and marker
			k := variant[s.Model.Name]
			variant[s.Model.Name]++
			lk = variantLook(lk, k)
		}
		x, mean, lo, hi, few := sortedByX(s)
		cv := lk.curve(runs(x, mean, func(x, y float64) bool { return okX(x) && okY(y) }), 4.5)
		cv.dots = true
		name := s.Name
		if name == "" {
			name = s.Model.DisplayName()
		}
		c.legendAdd(name, cv)
		if lo != nil && hi != nil {
			b := &band{runs: bandRuns(x, lo, hi, func(x, lo, hi float64) bool { return okX(x) && okY(lo) && okY(hi) }), color: lk.line}
			if len(b.runs) > 0 {
				p.Add(b)
				if b.visible() && !slices.Contains(bandColors, b.color) {
					bandColors = append(bandColors, b.color)
				}
				xmin, xmax, ymin, ymax := b.DataRange()
				xlo, xhi, ylo, yhi = math.Min(xlo, xmin), math.Max(xhi, xmax), math.Min(ylo, ymin), math.Max(yhi, ymax)
			}
		}
		if cv.empty() {
			continue
		}
		p.Add(cv)
		c.track(p, name, cv)
		drawn++
		var fewPts []pt
		for i := range few {
			if few[i] && drawable(x[i]) && drawable(mean[i]) && okX(x[i]) && okY(mean[i]) {
				fewPts = append(fewPts, pt{x[i], mean[i]})
			}
		}
		if len(fewPts) > 0 {
			h := hollowOf(cv.glyph, fewPts)
			p.Add(h)
			if fewLook == nil {
				fewLook = hollowOf(draw.GlyphStyle{Color: noteGrey, Radius: 5, Shape: cv.glyph.Shape}, nil)
			}
		}
		xmin, xmax, ymin, ymax := cv.DataRange()
		xlo, xhi, ylo, yhi = math.Min(xlo, xmin), math.Max(xhi, xmax), math.Min(ylo, ymin), math.Max(yhi, ymax)
		for _, r := range cv.runs {
			for _, q := range r {
				xs = append(xs, q.x)
			}
		}
	}
	if len(bandColors) > 0 {
		c.legendAdd("95% confidence interval", bandSwatch(bandColors))
	}
	if fewLook != nil {
		label := ax.FewLabel
		if label == "" {
			label = "hollow: from few requests"
		}
		c.legendAdd(label, fewLook)
	}
	if ax.Target > 0 && drawable(ax.Target) && drawn > 0 {
		style := draw.LineStyle{Color: missColor, Width: widthRef, Dashes: dashed}
		p.Add(&hline{ax.Target, style})
		c.legendAdd(ax.TargetLabel, &vline{line: style}) // vline's swatch is a level line
		ylo, yhi = math.Min(ylo, ax.Target), math.Max(yhi, ax.Target)
	}
	if drawn == 0 {
		p.Add(message{"no sweep results"})
	}

	// x: at the swept values themselves when there are few and they do not
	// crowd, else 1-2-5 ticks.
	if ax.LogX {
		if logRange(&p.X, xlo, xhi, format.Plain) {
			c.noteLogCut(ax.Parameter+" values", p.X, format.Plain)
		}
	} else {
		padRange(&p.X, xlo, xhi, 0.03, format.Plain)
	}
	if vt, ok := valueTicks(xs, p.X); ok {
		p.X.Tick.Marker = vt
	}

	// y: log if asked; else from zero when zero is near, else around the data.
	switch {
	case ax.LogY:
		if logRange(&p.Y, ylo, yhi, unit) {
			c.noteLogCut(ax.Field+" values", p.Y, unit)
		}
	case finite(ylo) && ylo >= 0 && ylo <= yhi/2:
		zeroBased(p, yhi, unit)
	default:
		padRange(&p.Y, ylo, yhi, 0.08, unit)
	}
	var huge int
	for _, s := range series {
		huge += countHuge(s.X, s.Mean, s.Lo, s.Hi)
	}
	c.noteHuge(huge + countHuge([]float64{ax.Target}))
	c.noteCoinciding()
	return c
}

func axisLabel(name, unit string, log bool) string {
	var extra []string
	if unit != "" {
		extra = append(extra, unit)
	}
	if log {
		extra = append(extra, "log scale")
	}
	if len(extra) == 0 {
		return name
	}
	return name + " (" + strings.Join(extra, ", ") + ")"
}

// sortedByX returns the series' columns ordered by x (a sweep's points
// arrive in the order the sweep listed them).
func sortedByX(s SweepSeries) (x, mean, lo, hi []float64, few []bool) {
	idx := make([]int, len(s.X))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(s.X[a], s.X[b]) })
	pick := func(v []float64) []float64 {
		if v == nil {
			return nil
		}
		out := make([]float64, len(idx))
		for i, j := range idx {
			out[i] = v[j]
		}
		return out
	}
	if s.Few != nil {
		few = make([]bool, len(idx))
		for i, j := range idx {
			few[i] = s.Few[j]
		}
	}
	return pick(s.X), pick(s.Mean), pick(s.Lo), pick(s.Hi), few
}

// valueTicks labels exactly the swept values when there are at most eight
// and no two are closer than 7% of the axis.
func valueTicks(xs []float64, a plot.Axis) (plot.Ticker, bool) {
	vs := slices.Clone(xs)
	slices.Sort(vs)
	vs = slices.Compact(vs)
	if len(vs) < 2 || len(vs) > 8 {
		return nil, false
	}
	for i := 1; i < len(vs); i++ {
		if a.Norm(vs[i])-a.Norm(vs[i-1]) < 0.07 {
			return nil, false
		}
	}
	return plot.ConstantTicks(labelled(vs, format.Ticks(format.Plain, vs, 0))), true
}

// capitalize upper-cases the first letter of a title.
func capitalize(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// bandSwatch is the legend thumbnail of confidence bands: a block of each
// band's colour, shaded as the bands are, side by side (one block when
// every band has the same colour).
type bandSwatch []color.RGBA

func (b bandSwatch) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	w := (r.Max.X - r.Min.X) / vg.Length(len(b))
	for i, col := range b {
		x0 := r.Min.X + vg.Length(i)*w
		c.FillPolygon(translucent(col, bandOpacity), rectPoly(vg.Rectangle{Min: vg.Point{X: x0, Y: r.Min.Y}, Max: vg.Point{X: x0 + w, Y: r.Max.Y}}))
	}
}

// visible tells whether the band has any height (an interval of zero
// width at every point draws nothing and needs no legend).
func (b *band) visible() bool {
	for _, r := range b.runs {
		for _, p := range r {
			if p.hi > p.lo {
				return true
			}
		}
	}
	return false
}
