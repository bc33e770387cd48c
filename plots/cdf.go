package plots

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"gonum.org/v1/plot/vg/draw"
)

// CDF is one model's latency distribution: the points (LatencyMS[i],
// Fraction[i]) of the cumulative distribution of completed requests'
// latency, in ascending order of latency, Fraction in [0, 1].
//
// Refused and InFlight are the shares of all the model's requests that
// were refused (throttled, rejected or failed) and that were still in
// flight when the run ended. The curve is drawn as a share of all
// requests: Fraction scaled by the completed share, 1 − Refused − InFlight,
// so it ends below 100 % when requests did not complete, with the missing
// share labelled at its end. Zero for both (the zero value) draws the
// distribution of completed requests alone, ending at 100 %.
//
// P50MS, P95MS and P99MS are the percentiles to mark; zero means "read them
// off the curve" (where it reaches 0.5, 0.95, 0.99, interpolated between
// the points in log latency as the curve is drawn).
// Points with a non-positive or non-finite latency cannot sit on a log axis
// and are left out.
//
// Completed is the number of completed requests the points are quantiles
// of. LatencyCDF does not need it; LatencyTail stops each line at the
// deepest percentile that many requests resolve (0: unknown, every point
// short of 100 % is drawn).
type CDF struct {
	Model               Model
	LatencyMS           []float64
	Fraction            []float64
	P50MS, P95MS, P99MS float64
	Refused, InFlight   float64
	Completed           int64
}

// completed is the share of all requests the curve covers, in [0, 1].
func (d CDF) completed() float64 {
	gone := 0.0
	for _, v := range []float64{d.Refused, d.InFlight} {
		if finite(v) && v > 0 {
			gone += v
		}
	}
	return math.Max(0, 1-gone)
}

// LatencyCDF draws the latency distributions of the models on one log-time
// axis, as shares of all requests: each curve rises to the share of
// requests that completed, a dotted line goes on from its end up to 100 %,
// and a label beside that line says what share did not complete ("39 %
// refused"). p50, p95 and p99 of the completed requests are marked and
// labelled on each curve.
func LatencyCDF(h Header, cdfs []CDF) *Chart {
	c := newChart(h.title("Latency distribution (CDF)"))
	p := newPlot()
	p.Y.Tick.Marker = &linTicks{unit: format.Fraction}
	p.Y.Label.Text = "share of requests (%)"
	c.add(p, "", 1)

	var ls looks
	var marks []pctMark
	var curves []*curve
	var ends []pctMark // a curve's end, where the share that did not complete is labelled
	var gaps []*curve
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, d := range cdfs {
		d.check()
		lk := ls.of(d.Model)
		pts := cdfPoints(d)
		if len(pts) == 0 {
			c.noCompleted(d, "latency distribution")
			continue
		}
		share := d.completed()
		for i := range pts {
			pts[i].y *= share
		}
		curves = append(curves, c.modelLine(p, lk, d.Model.DisplayName(), pts))
		lo, hi = math.Min(lo, pts[0].x), math.Max(hi, pts[len(pts)-1].x)
		if label := missingLabel(d); label != "" {
			end := pts[len(pts)-1]
			gap := &curve{runs: [][]pt{{end, {end.x, 1}}}, line: draw.LineStyle{Color: lk.line, Width: widthSecond, Dashes: dotted}}
			p.Add(gap)
			gaps = append(gaps, gap)
			ends = append(ends, pctMark{1, (end.y + 1) / 2, end.x, label, lk, len(curves) - 1})
		}
		for _, q := range []struct {
			name     string
			q, given float64
		}{{"p50", 0.5, d.P50MS}, {"p95", 0.95, d.P95MS}, {"p99", 0.99, d.P99MS}} {
			v := q.given
			if !(v > 0) || !drawable(v) {
				v = quantile(pts, q.q*share)
			}
			if v > 0 && drawable(v) {
				marks = append(marks, pctMark{q.q, q.q * share, v, q.name + " " + format.MillisShort(v), lk, len(curves) - 1})
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	latencyAxis(c, p, &p.X, lo, hi, len(curves) > 0)
	p.Y.Min, p.Y.Max = 0, 1.07 // headroom above 100% for the p99 labels

	// At each percentile the faster model's label goes left of its marker
	// and the slower one's right, so the two never meet.
	ns := &notes{avoid: append(slices.Clone(curves), gaps...)}
	addPctMarks(ns, marks, []place{west, northWest, southWest}, []place{east, southEast, northEast})
	for _, e := range ends {
		ns.add(e.v, e.y, e.label, e.look.text, draw.GlyphStyle{}, east, west)
	}
	p.Add(ns)
	if len(ends) > 0 {
		c.note("Each curve rises to the share of its requests that completed; the rest were refused (throttled, rejected or failed) or still in flight when the run ended. p50, p95 and p99 are of the completed requests.")
	}
	c.wholeLinesOnly = true // every curve ends flat at 100 %
	c.noteHuge(cdfHuge(cdfs))
	c.noteCoinciding()
	return c
}

// cdfHuge counts the values of the distributions beyond ±maxValue.
func cdfHuge(cdfs []CDF) int {
	n := 0
	for _, d := range cdfs {
		n += countHuge(d.LatencyMS, d.Fraction, []float64{d.P50MS, d.P95MS, d.P99MS})
	}
	return n
}

// pctMark is a percentile marked on a model's curve: its level q, its
// height y on the curve, its latency v, its label, and the curve's look
// and index.
type pctMark struct {
	q, y, v float64
	label   string
	look    look
	curve   int
}

// addPctMarks adds the marks to ns. At each percentile the faster model's
// label goes left of its marker (the places faster) and the slower one's
// right (slower), so that the two never meet.
func addPctMarks(ns *notes, marks []pctMark, faster, slower []place) {
	for _, m := range marks {
		isFaster, isSlower := true, true
		for _, o := range marks {
			if o.q == m.q && o.curve != m.curve {
				isFaster = isFaster && m.v <= o.v
				isSlower = isSlower && m.v >= o.v
			}
		}
		prefer := slower
		if isFaster && !isSlower {
			prefer = faster
		}
		ns.add(m.v, m.y, m.label, m.look.text, m.look.glyphStyle(4.5), prefer...)
	}
}

// missingLabel says what share of d's requests did not complete ("39 %
// refused", "39 % refused, 2 % in flight at the end"), or "" when none
// worth a label (under 0.05 % of requests).
func missingLabel(d CDF) string { return missingAbove(d, 0.0005) }

// check panics on a CDF whose latencies and fractions differ in number:
// a caller's bug, as FleetGroup.check.
func (d CDF) check() {
	if len(d.LatencyMS) != len(d.Fraction) {
		panic(fmt.Sprintf("plots: %s CDF has %d latencies and %d fractions", d.Model.Name, len(d.LatencyMS), len(d.Fraction)))
	}
}

// noCompleted notes a model without a completed request, which has no
// curve on a latency chart (what: "latency distribution", "latency
// tail"), with the share that did not complete when there is one.
func (c *Chart) noCompleted(d CDF, what string) {
	why := ""
	if l := missingLabel(d); l != "" {
		why = " (" + l + ")"
	}
	c.note("%s: no completed requests%s, so no %s.", d.Model.DisplayName(), why, what)
}

// missingAbove says what share of d's requests did not complete, naming
// each part of at least least.
func missingAbove(d CDF, least float64) string {
	var parts []string
	if d.Refused >= least && finite(d.Refused) {
		parts = append(parts, percentShort(d.Refused)+" refused")
	}
	if d.InFlight >= least && finite(d.InFlight) {
		parts = append(parts, percentShort(d.InFlight)+" in flight at the end")
	}
	return strings.Join(parts, ", ")
}

// percentShort prints a share with two significant digits: "39 %", "2.5 %",
// "0.12 %".
func percentShort(f float64) string { return format.Sig(100*f, 2) + " %" }

// cdfPoints keeps the drawable points of d, in order.
func cdfPoints(d CDF) []pt {
	var pts []pt
	for i := range d.LatencyMS {
		x, y := d.LatencyMS[i], d.Fraction[i]
		if !drawable(x) || !drawable(y) || x <= 0 {
			continue
		}
		pts = append(pts, pt{x, math.Max(0, math.Min(1, y))})
	}
	slices.SortStableFunc(pts, func(a, b pt) int {
		if c := cmp.Compare(a.x, b.x); c != 0 {
			return c
		}
		return cmp.Compare(a.y, b.y)
	})
	return pts
}

// quantile is the latency at which the drawn curve reaches fraction q:
// interpolated between the points around it (linearly in log latency, as
// the curve is drawn), or 0 if the curve never gets there.
func quantile(pts []pt, q float64) float64 {
	for i, p := range pts {
		if p.y < q-1e-12 {
			continue
		}
		if i == 0 || p.y == pts[i-1].y {
			return p.x
		}
		a := pts[i-1]
		t := (q - a.y) / (p.y - a.y)
		return math.Exp(math.Log(a.x) + t*(math.Log(p.x)-math.Log(a.x)))
	}
	return 0
}
