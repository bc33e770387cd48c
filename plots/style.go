package plots

import (
	"fmt"
	"image/color"
	"math"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Model is a series' execution platform and how it is drawn. plots knows
// no platform: the caller supplies each model's look (the simulator's
// platforms define theirs), and a model keeps it in every chart.
type Model struct {
	Name  string     // key that tells models apart (e.g. "lambda"); also the fallback label
	Label string     // display name ("AWS Lambda"); empty: Name
	Line  color.RGBA // line, marker and band colour; zero value (A == 0): a fallback palette look, assigned in order of first appearance
	Text  color.RGBA // labels drawn in the model's colour (a darker shade); zero value: Line
	Dash  Dash
	Glyph Glyph
}

// DisplayName is the model's name in legends, headings and notes: Label,
// or Name when Label is empty.
func (m Model) DisplayName() string {
	if m.Label != "" {
		return m.Label
	}
	return m.Name
}

// Dash is a line's dash pattern, the cue that tells models apart in
// greyscale. A value outside the constants draws solid.
type Dash uint8

// The dash patterns.
const (
	Solid Dash = iota
	Dashed
	Dotted
	DashDot
	LongDash
)

func (d Dash) pattern() []vg.Length {
	switch d {
	case Dashed:
		return dashed
	case Dotted:
		return dotted
	case DashDot:
		return dashDot
	case LongDash:
		return longDash
	}
	return solid
}

// Glyph is the shape of a series' markers. A value outside the constants
// draws circles.
type Glyph uint8

// The marker shapes.
const (
	Circle Glyph = iota
	Box
	Pyramid
)

func (g Glyph) drawer() draw.GlyphDrawer {
	switch g {
	case Box:
		return draw.BoxGlyph{}
	case Pyramid:
		return draw.PyramidGlyph{}
	}
	return draw.CircleGlyph{}
}

// Header names the run a chart belongs to: every title carries the scenario
// and the seed that reproduces it.
type Header struct {
	Scenario string
	Seed     uint64
	// WarmupS is the run's warm-up, left out of its statistics: the
	// charts over time shade it (0: none).
	WarmupS float64
}

// title is "<what> — <scenario>, seed <n>".
func (h Header) title(what string) string {
	if h.Scenario == "" {
		return fmt.Sprintf("%s — seed %d", what, h.Seed)
	}
	return fmt.Sprintf("%s — %s, seed %d", what, h.Scenario, h.Seed)
}

// Colours of what is not a model's: demand (arrivals, requests in flight,
// what every model sees) is grey, and so is the chart's furniture.
var (
	demandGrey     = rgb(0x6B, 0x6B, 0x6B)
	demandFill     = rgb(0xDD, 0xDD, 0xDD)
	gridGrey       = rgb(0xE3, 0xE3, 0xE3)
	axisGrey       = rgb(0x44, 0x44, 0x44)
	textBlack      = rgb(0x1A, 0x1A, 0x1A)
	noteGrey       = rgb(0x4D, 0x4D, 0x4D)
	breakEvenColor = rgb(0x33, 0x33, 0x33)
	// bannerRed is the banner's text (Chart.Banner): 6.9:1 on white.
	bannerRed = rgb(0xB0, 0x1C, 0x1C)
	// warmupShade lies over the data of the warm-up, translucent.
	warmupShade = color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0x2E}
)

// palette colours the series whose model brings no colour (and sweep
// groups without one): Okabe–Ito colours plus an ochre, each with a darker
// shade for text.
var palette = []struct{ line, text color.RGBA }{
	{rgb(0x00, 0x9E, 0x73), rgb(0x00, 0x6B, 0x4E)}, // bluish green
	{rgb(0xCC, 0x79, 0xA7), rgb(0x8E, 0x3F, 0x6C)}, // reddish purple
	{rgb(0x33, 0x33, 0x33), rgb(0x33, 0x33, 0x33)}, // near black
	{rgb(0x56, 0xB4, 0xE9), rgb(0x1F, 0x6E, 0x9C)}, // sky blue
	{rgb(0xD5, 0x5E, 0x00), rgb(0x9C, 0x45, 0x00)}, // vermillion
	{rgb(0x8C, 0x6D, 0x31), rgb(0x66, 0x4F, 0x23)}, // ochre
}

// Dash patterns, the second cue; the fallback looks cycle through dashSets.
var (
	solid    []vg.Length
	dashed   = []vg.Length{vg.Points(9), vg.Points(4)}
	dotted   = []vg.Length{vg.Points(2), vg.Points(3)}
	dashDot  = []vg.Length{vg.Points(9), vg.Points(3), vg.Points(2), vg.Points(3)}
	longDash = []vg.Length{vg.Points(16), vg.Points(5)}
	dashSets = [][]vg.Length{solid, dotted, dashDot, longDash, dashed}
)

// look is how one series is drawn.
type look struct {
	line   color.RGBA // lines, markers, bands
	text   color.RGBA // labels in the series' colour
	dashes []vg.Length
	glyph  draw.GlyphDrawer
}

// glyphs cycle with the palette so that markers also tell series apart.
var glyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}}

// look is the model's own look; ok is false when it brings no colour.
func (m Model) look() (l look, ok bool) {
	if m.Line.A == 0 {
		return look{}, false
	}
	text := m.Text
	if text.A == 0 {
		text = m.Line
	}
	return look{m.Line, text, m.Dash.pattern(), m.Glyph.drawer()}, true
}

// paletteLook is the i-th look of the fallback palette.
func paletteLook(i int) look {
	p := palette[i%len(palette)]
	return look{p.line, p.text, dashSets[(i/len(palette)+i)%len(dashSets)], glyphs[(i+2)%len(glyphs)]}
}

// variantLook is the k-th group of a model that has several: the model's
// colour, lighter for each further group, with its own dash and marker.
func variantLook(l look, k int) look {
	if k == 0 {
		return l
	}
	l.line = tint(l.line, math.Min(0.2*float64(k), 0.6))
	l.text = l.line
	l.dashes = dashSets[k%len(dashSets)]
	l.glyph = glyphs[(k+1)%len(glyphs)]
	return l
}

// looks assigns a look to each model: a model with a colour keeps its own;
// the others take palette entries in order of first appearance, by Name.
type looks struct {
	other map[string]int
}

func (ls *looks) of(m Model) look {
	if l, ok := m.look(); ok {
		return l
	}
	if ls.other == nil {
		ls.other = map[string]int{}
	}
	i, ok := ls.other[m.Name]
	if !ok {
		i = len(ls.other)
		ls.other[m.Name] = i
	}
	return paletteLook(i)
}

// Line widths.
const (
	widthMain   = vg.Length(2.75) // the series a chart is about
	widthSecond = vg.Length(1.75) // a companion series (p50 under p99, a companion capacity level)
	widthRef    = vg.Length(1.5)  // reference lines (arrivals, break-even)
)

func (l look) lineStyle(w vg.Length) draw.LineStyle {
	return draw.LineStyle{Color: l.line, Width: w, Dashes: l.dashes}
}

func (l look) glyphStyle(r vg.Length) draw.GlyphStyle {
	return draw.GlyphStyle{Color: l.line, Radius: r, Shape: l.glyph}
}

// curve draws runs as the series a chart is about: the look's line at the
// main width, with markers of radius r.
func (l look) curve(rs [][]pt, r vg.Length) *curve {
	return &curve{runs: rs, line: l.lineStyle(widthMain), glyph: l.glyphStyle(r)}
}

// Font sizes in points. A chart is 900×600 pt (1200×800 px at 96 dpi), so a
// 14-pt tick label stays legible when the image is shrunk onto a slide.
const (
	sizeTitle   = vg.Length(21)
	sizeHeading = vg.Length(16)
	sizeLabel   = vg.Length(16)
	sizeTick    = vg.Length(14)
	sizeLegend  = vg.Length(15)
	sizeNote    = vg.Length(14)
	sizeAnnot   = vg.Length(14)
	sizeMinFit  = vg.Length(14) // a title shrinks to fit, never below this
)

var (
	sansRegular = font.Font{Typeface: "Liberation", Variant: "Sans"}
	sansBold    = font.Font{Typeface: "Liberation", Variant: "Sans", Weight: xfont.WeightBold}
)

func textStyle(f font.Font, size vg.Length, c color.Color) text.Style {
	return text.Style{
		Color:   c,
		Font:    font.From(f, size),
		XAlign:  draw.XLeft,
		YAlign:  draw.YBottom,
		Handler: plot.DefaultTextHandler,
	}
}

// newPlot returns a gonum plot styled for slides: sans-serif 14-pt ticks,
// 16-pt axis labels, grey axes, no title (the chart draws it), no background
// (the chart paints one), and the grid underneath everything.
func newPlot() *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sansRegular, sizeLabel)
		a.Label.TextStyle.Color = textBlack
		a.Label.Padding = vg.Points(6)
		a.Tick.Label.Font = font.From(sansRegular, sizeTick)
		a.Tick.Label.Color = textBlack
		a.Tick.Length = vg.Points(6)
		a.Tick.Color = axisGrey
		a.Tick.Width = vg.Points(1)
		a.Color = axisGrey
		a.Width = vg.Points(1)
		a.Padding = vg.Points(4)
	}
	p.X.Tick.Label.XAlign = draw.XCenter
	p.Add(&grid{})
	return p
}

func rgb(r, g, b uint8) color.RGBA { return color.RGBA{R: r, G: g, B: b, A: 0xFF} }

// tint mixes c with white: f = 0 is c, f = 1 is white.
func tint(c color.RGBA, f float64) color.RGBA {
	mix := func(v uint8) uint8 { return uint8(float64(v) + (255-float64(v))*f + 0.5) }
	return color.RGBA{R: mix(c.R), G: mix(c.G), B: mix(c.B), A: 0xFF}
}

// translucent returns c at opacity a (premultiplied, as color.RGBA wants).
func translucent(c color.RGBA, a float64) color.RGBA {
	m := func(v uint8) uint8 { return uint8(float64(v)*a + 0.5) }
	return color.RGBA{R: m(c.R), G: m(c.G), B: m(c.B), A: uint8(255*a + 0.5)}
}
