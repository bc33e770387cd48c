package plots

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Default size of a chart: 900×600 pt, which is 1200×800 px in PNG (96 dpi).
const (
	DefaultWidth  vg.Length = 900
	DefaultHeight vg.Length = 600
)

// Chart is one figure: a title, a legend under it (outside the data, so it
// never covers any), one or more panels stacked vertically whose data areas
// line up, and notes at the bottom. Every chart function returns one; draw
// it with Render or Save.
type Chart struct {
	// Title names the chart, the scenario and the seed.
	Title string
	// Width and Height are the output size; zero means the defaults.
	Width, Height vg.Length
	// Notes are printed under the panels (for example which series were
	// zero throughout and so left out).
	Notes []string
	// Banner, when not "", is printed in bold red right under the title:
	// what a reader must not miss even when the chart is pasted alone on
	// a slide (an interrupted run: "PARTIAL RUN: …").
	Banner string

	panels []*panel
	legend []legendEntry
	// labels are the label sets added with addLabels, for tests to see
	// where they were placed.
	labels []*notes
	// tracked are the models' lines, for noteCoinciding; wholeLinesOnly
	// leaves out lines that coincide over a stretch only (CDFs all end
	// at 100 %).
	tracked        []trackedLine
	wholeLinesOnly bool
	// minPanels, when set, is the least height the panels keep (with
	// their headings and axes) on a chart of the default height: past
	// it the chart grows, so that a legend of several rows and many
	// notes do not squeeze them (walk14 #3: a fleet's break-even kept a
	// cost panel about 130 px tall).
	minPanels vg.Length
}

type panel struct {
	plot           *plot.Plot
	heading        string
	weight         float64
	xlabel, ylabel string // taken from the plot's axes when drawing
}

type legendEntry struct {
	label  string
	thumbs []plot.Thumbnailer
}

func newChart(title string) *Chart { return &Chart{Title: title} }

// add appends a panel; weight is its share of the height.
func (c *Chart) add(p *plot.Plot, heading string, weight float64) {
	c.panels = append(c.panels, &panel{plot: p, heading: heading, weight: weight})
}

// addLabels adds a set of labels on the data to panel p.
func (c *Chart) addLabels(p *plot.Plot, ns *notes) {
	p.Add(ns)
	c.labels = append(c.labels, ns)
}

func (c *Chart) legendAdd(label string, thumbs ...plot.Thumbnailer) {
	c.legend = append(c.legend, legendEntry{label, thumbs})
}

// modelLine draws a platform's line through pts on panel p in its look,
// names it in the legend, and tracks it for the note on lines that hide
// one another (coincide.go): the one line per platform of the latency
// distribution, the tail and the cumulative cost.
func (c *Chart) modelLine(p *plot.Plot, lk look, name string, pts []pt) *curve {
	cv := lk.curve([][]pt{pts}, 4)
	p.Add(cv)
	c.track(p, name, cv)
	c.legendAdd(name, cv)
	return cv
}

func (c *Chart) note(format string, args ...any) {
	c.Notes = append(c.Notes, fmt.Sprintf(format, args...))
}

// Panels returns the gonum plots of the chart, top to bottom, for callers
// that want to adjust an axis or add a plotter before rendering.
func (c *Chart) Panels() []*plot.Plot {
	out := make([]*plot.Plot, len(c.panels))
	for i, p := range c.panels {
		out[i] = p.plot
	}
	return out
}

// shareX gives every panel the x range [lo, hi] and the same ticker, and
// keeps the tick labels and the axis label on the bottom panel only.
func (c *Chart) shareX(lo, hi float64, label string, ticker plot.Ticker, scale plot.Normalizer) {
	for i, p := range c.panels {
		a := &p.plot.X
		a.Min, a.Max = lo, hi
		a.Scale = scale
		if i == len(c.panels)-1 {
			a.Tick.Marker = ticker
			a.Label.Text = label
		} else {
			a.Tick.Marker = blankTicks{ticker}
			a.Label.Text = ""
		}
	}
}

func (c *Chart) size() (vg.Length, vg.Length) {
	w, h := c.Width, c.Height
	if w <= 0 {
		w = DefaultWidth
	}
	if h <= 0 {
		// notes take their lines off the panels' height: past a budget the
		// chart grows instead, so that a verdict with many sentences (a
		// break-even's stretches, gaps and caps) leaves the panels legible
		h = DefaultHeight + max(0, c.notesHeight(w)-notesBudget)
		if c.minPanels > 0 {
			h = max(h, c.fixedHeight(w)+c.minPanels)
		}
	}
	return w, h
}

// fixedHeight is the height Draw gives everything but the panels on a
// chart w wide: margins, title, banner, legend and notes.
func (c *Chart) fixedHeight(w vg.Length) vg.Length {
	width := w - 2*margin
	h := 2 * margin
	if c.Title != "" {
		sty := textStyle(sansBold, sizeTitle, textBlack)
		h += sty.Height(c.Title) + 8
	}
	if c.Banner != "" {
		sty := textStyle(sansBold, sizeLegend, bannerRed)
		for _, line := range wrap(sty, c.Banner, width) {
			h += sty.Height(line) + 2
		}
		h += 6
	}
	if len(c.legend) == 0 {
		h += 4
	} else {
		sty := textStyle(sansRegular, sizeLegend, textBlack)
		h += vg.Length(c.legendRows(width))*(sty.Height("Mg")+4) + 6
	}
	return h + c.notesHeight(w)
}

// legendRows is the number of rows drawLegend lays the legend out in.
func (c *Chart) legendRows(width vg.Length) int {
	sty := textStyle(sansRegular, sizeLegend, textBlack)
	rows := 0
	var rowW vg.Length
	for _, e := range c.legend {
		w := thumbWidth + thumbGap + sty.Width(e.label)
		if rows > 0 && rowW+legendGap+w <= width {
			rowW += legendGap + w
			continue
		}
		rows++
		rowW = w
	}
	return rows
}

// notesBudget is the height the notes may take of a default-height chart
// before it grows.
const notesBudget = DefaultHeight * 0.3

// noteLines are the notes wrapped to a drawing width, in their style.
func (c *Chart) noteLines(width vg.Length) (text.Style, []string) {
	nsty := textStyle(sansRegular, sizeNote, noteGrey)
	var lines []string
	for _, n := range c.Notes {
		lines = append(lines, wrap(nsty, n, width)...)
	}
	return nsty, lines
}

// notesHeight is the height Draw gives the notes on a chart w wide.
func (c *Chart) notesHeight(w vg.Length) vg.Length {
	nsty, lines := c.noteLines(w - 2*margin)
	var h vg.Length
	for _, line := range lines {
		h += nsty.Height(line) + 2
	}
	if len(lines) > 0 {
		h += 6
	}
	return h
}

// Render draws the chart in format "png" or "svg" (or any other format
// gonum/plot knows: "pdf", "eps", "jpg", "tif") to w.
//
// SVG text names the embedded Liberation Sans font, which the layout was
// measured with, followed by Arial and Helvetica (metrically the same) and
// sans-serif, so that a browser without Liberation keeps the layout.
func (c *Chart) Render(w io.Writer, format string) error {
	width, height := c.size()
	cw, err := draw.NewFormattedCanvas(width, height, format)
	if err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	c.Draw(draw.New(cw))
	if format != "svg" {
		_, err = cw.WriteTo(w)
		return err
	}
	var buf bytes.Buffer
	if _, err := cw.WriteTo(&buf); err != nil {
		return err
	}
	out := bytes.ReplaceAll(buf.Bytes(), []byte("font-family:Liberation Sans;"),
		[]byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"))
	_, err = w.Write(out)
	return err
}

// Save writes the chart as dir/basename.png and dir/basename.svg, creating
// dir if needed.
func Save(c *Chart, dir, basename string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, format := range []string{"png", "svg"} {
		var buf bytes.Buffer
		if err := c.Render(&buf, format); err != nil {
			return fmt.Errorf("plots: %s: %w", basename, err)
		}
		if err := os.WriteFile(filepath.Join(dir, basename+"."+format), buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Layout constants, in points.
const (
	margin      = vg.Length(14)
	panelGap    = vg.Length(12)
	thumbWidth  = vg.Length(34)
	thumbGap    = vg.Length(7)
	legendGap   = vg.Length(26) // between legend entries
	headingSkip = vg.Length(9)  // between a heading and its panel
)

// Draw draws the chart onto dc.
func (c *Chart) Draw(dc draw.Canvas) {
	dc.SetColor(rgb(0xFF, 0xFF, 0xFF))
	dc.Fill(dc.Rectangle.Path())
	width := dc.Max.X - dc.Min.X - 2*margin
	top := dc.Max.Y - margin

	if c.Title != "" {
		sty := textStyle(sansBold, sizeTitle, textBlack)
		for sty.Font.Size > sizeMinFit && sty.Width(c.Title) > width {
			sty.Font.Size -= 0.5
		}
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
		dc.FillText(sty, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: top}, c.Title)
		top -= sty.Height(c.Title) + 8
	}
	if c.Banner != "" {
		sty := textStyle(sansBold, sizeLegend, bannerRed)
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
		for _, line := range wrap(sty, c.Banner, width) {
			dc.FillText(sty, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: top}, line)
			top -= sty.Height(line) + 2
		}
		top -= 6
	}
	top = c.drawLegend(dc, top, width)

	bottom := dc.Min.Y + margin
	nsty, lines := c.noteLines(width)
	for i := len(lines) - 1; i >= 0; i-- {
		dc.FillText(nsty, vg.Point{X: dc.Min.X + margin, Y: bottom}, lines[i])
		bottom += nsty.Height(lines[i]) + 2
	}
	if len(lines) > 0 {
		bottom += 6
	}

	area := vg.Rectangle{Min: vg.Point{X: dc.Min.X + margin, Y: bottom}, Max: vg.Point{X: dc.Max.X - margin, Y: top}}
	c.drawPanels(dc, area)
}

// drawLegend lays the legend entries out in centred rows under the title
// and returns the new top of the free area.
func (c *Chart) drawLegend(dc draw.Canvas, top, width vg.Length) vg.Length {
	if len(c.legend) == 0 {
		return top - 4
	}
	sty := textStyle(sansRegular, sizeLegend, textBlack)
	entryW := func(e legendEntry) vg.Length { return thumbWidth + thumbGap + sty.Width(e.label) }
	var rows [][]legendEntry
	var rowW []vg.Length
	for _, e := range c.legend {
		w := entryW(e)
		if n := len(rows); n > 0 && rowW[n-1]+legendGap+w <= width {
			rows[n-1] = append(rows[n-1], e)
			rowW[n-1] += legendGap + w
			continue
		}
		rows = append(rows, []legendEntry{e})
		rowW = append(rowW, w)
	}
	h := sty.Height("Mg")
	for i, row := range rows {
		x := (dc.Min.X+dc.Max.X)/2 - rowW[i]/2
		base := top - h
		for _, e := range row {
			mid := base + h/2 - sty.FontExtents().Descent/2
			tc := draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
				Min: vg.Point{X: x, Y: mid - h*0.38},
				Max: vg.Point{X: x + thumbWidth, Y: mid + h*0.38},
			}}
			for _, t := range e.thumbs {
				t.Thumbnail(&tc)
			}
			tsty := sty
			tsty.YAlign = draw.YCenter
			dc.FillText(tsty, vg.Point{X: x + thumbWidth + thumbGap, Y: mid}, e.label)
			x += entryW(e) + legendGap
		}
		top = base - 4
	}
	return top - 6
}

// drawPanels stacks the panels in area. Each panel's data area gets its
// weight's share of the height left after headings, axes and gaps, and all
// data areas share the same left and right edges (what plot.Align does for
// equal tiles). The chart draws the axis labels itself, in a column left of
// the panels and a row under them: gonum places the label's glyph box at
// the data midpoint, which on a log axis is near one end, and then shrinks
// the data area to make room for a label that is not there.
func (c *Chart) drawPanels(dc draw.Canvas, area vg.Rectangle) {
	n := len(c.panels)
	if n == 0 {
		return
	}
	for _, p := range c.panels {
		if t := p.plot.Y.Label.Text; t != "" {
			p.ylabel, p.plot.Y.Label.Text = t, ""
		}
		if t := p.plot.X.Label.Text; t != "" {
			p.xlabel, p.plot.X.Label.Text = t, ""
		}
	}
	lsty := textStyle(sansRegular, sizeLabel, textBlack)
	var labelCol vg.Length
	for _, p := range c.panels {
		if p.ylabel != "" {
			labelCol = lsty.Height(p.ylabel) + 8
		}
	}
	xlabel := c.panels[n-1].xlabel
	if xlabel != "" {
		area.Min.Y += lsty.Height(xlabel) + 6
	}
	area.Min.X += labelCol

	hsty := textStyle(sansBold, sizeHeading, textBlack)
	hsty.YAlign = draw.YTop
	var sumW float64
	avail := area.Max.Y - area.Min.Y - panelGap*vg.Length(n-1)
	headH := make([]vg.Length, n)
	for i, p := range c.panels {
		sumW += p.weight
		if p.heading != "" {
			headH[i] = hsty.Height(p.heading) + headingSkip
			avail -= headH[i]
		}
	}
	canvasAt := func(y0, h vg.Length) draw.Canvas {
		return draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: area.Min.X, Y: y0}, Max: vg.Point{X: area.Max.X, Y: y0 + h}}}
	}
	// The space axes take depends on their ticks, which depend on the
	// axes' lengths: fit the ticks to a guess, measure, and refit.
	dataH := make([]vg.Length, n)
	dataW := make([]vg.Length, n)
	over := make([]vg.Length, n)
	for i, p := range c.panels {
		dataH[i] = avail * vg.Length(p.weight/sumW)
		dataW[i] = area.Max.X - area.Min.X - 60
	}
	// Axes take about the same room whatever the height: measure it on a
	// tall canvas, where gonum's padding arithmetic stays well-behaved.
	tall := max(area.Max.Y-area.Min.Y, 600)
	for range 2 {
		var sumO vg.Length
		for i, p := range c.panels {
			fitAxes(p.plot, dataW[i], dataH[i])
			dca := p.plot.DataCanvas(canvasAt(area.Min.Y, tall))
			over[i] = tall - (dca.Max.Y - dca.Min.Y)
			dataW[i] = dca.Max.X - dca.Min.X
			sumO += over[i]
		}
		for i, p := range c.panels {
			dataH[i] = max((avail-sumO)*vg.Length(p.weight/sumW), 20)
		}
	}
	// Align the data areas horizontally.
	var maxL, maxR vg.Length
	left := make([]vg.Length, n)
	right := make([]vg.Length, n)
	for i, p := range c.panels {
		fitAxes(p.plot, dataW[i], dataH[i])
		cv := canvasAt(area.Min.Y, dataH[i]+over[i])
		dca := p.plot.DataCanvas(cv)
		left[i], right[i] = dca.Min.X-cv.Min.X, cv.Max.X-dca.Max.X
		maxL, maxR = max(maxL, left[i]), max(maxR, right[i])
	}
	y := area.Max.Y
	for i, p := range c.panels {
		if p.heading != "" {
			dc.FillText(hsty, vg.Point{X: area.Min.X + maxL, Y: y}, p.heading)
			y -= headH[i]
		}
		h := dataH[i] + over[i]
		cv := draw.Crop(canvasAt(y-h, h), maxL-left[i], -(maxR - right[i]), 0, 0)
		p.plot.Draw(cv)
		dca := p.plot.DataCanvas(cv)
		if p.ylabel != "" {
			sty := lsty
			for sty.Font.Size > 11 && sty.Width(p.ylabel) > dca.Max.Y-dca.Min.Y+headH[i] {
				sty.Font.Size -= 0.5
			}
			sty.Rotation = math.Pi / 2
			sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
			dc.FillText(sty, vg.Point{X: area.Min.X - labelCol, Y: (dca.Min.Y + dca.Max.Y) / 2}, p.ylabel)
		}
		if i == n-1 && xlabel != "" {
			sty := lsty
			sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
			x := (dca.Min.X + dca.Max.X) / 2
			dc.FillText(sty, vg.Point{X: x, Y: area.Min.Y - lsty.Height(xlabel) - 6 + lsty.FontExtents().Descent}, xlabel)
		}
		y -= h + panelGap
	}
}

// fitAxes tells the axes' tickers how long their axes are.
func fitAxes(p *plot.Plot, w, h vg.Length) {
	if f, ok := p.Y.Tick.Marker.(fitter); ok {
		f.fit(h, false)
	}
	if f, ok := p.X.Tick.Marker.(fitter); ok {
		f.fit(w, true)
	}
}

// wrap breaks s into lines no wider than width.
func wrap(sty text.Style, s string, width vg.Length) []string {
	words := strings.Fields(s)
	var lines []string
	cur := ""
	for _, w := range words {
		try := w
		if cur != "" {
			try = cur + " " + w
		}
		if cur != "" && sty.Width(try) > width {
			lines = append(lines, cur)
			cur = w
			continue
		}
		cur = try
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}
