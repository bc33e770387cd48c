package plots

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/execsim/execsim/internal/format"
)

// CDF is one model's latency distribution: the points (LatencyMS[i],
// Fraction[i]) of the cumulative distribution of completed requests'
// latency, in ascending order of latency, Fraction in [0, 1].
//
// P50MS, P95MS and P99MS are the percentiles to mark; zero means "read them
// off the curve" (where it reaches 0.5, 0.95, 0.99, interpolated between
// the points in log latency as the curve is drawn).
// Points with a non-positive or non-finite latency cannot sit on a log axis
// and are left out.
type CDF struct {
	Model               Model
	LatencyMS           []float64
	Fraction            []float64
	P50MS, P95MS, P99MS float64
}

// LatencyCDF draws the latency distributions of the models on one log-time
// axis, with p50, p95 and p99 marked and labelled on each curve.
func LatencyCDF(h Header, cdfs []CDF) *Chart {
	c := newChart(h.title("Latency distribution (CDF)"))
	p := newPlot()
	p.Y.Tick.Marker = &linTicks{unit: format.Fraction}
	p.Y.Label.Text = "requests completed within the latency (%)"
	c.add(p, "", 1)

	type mark struct {
		q, v  float64
		label string
		look  look
		curve int
	}
	var ls looks
	var marks []mark
	var curves []*curve
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, d := range cdfs {
		if len(d.LatencyMS) != len(d.Fraction) {
			panic(fmt.Sprintf("plots: %s CDF has %d latencies and %d fractions", d.Model.Name, len(d.LatencyMS), len(d.Fraction)))
		}
		lk := ls.of(d.Model)
		pts := cdfPoints(d)
		if len(pts) == 0 {
			c.note("%s: no completed requests, so no latency distribution.", d.Model.DisplayName())
			continue
		}
		cv := lk.curve([][]pt{pts}, 4)
		p.Add(cv)
		curves = append(curves, cv)
		c.legendAdd(d.Model.DisplayName(), cv)
		lo, hi = math.Min(lo, pts[0].x), math.Max(hi, pts[len(pts)-1].x)
		for _, q := range []struct {
			name     string
			q, given float64
		}{{"p50", 0.5, d.P50MS}, {"p95", 0.95, d.P95MS}, {"p99", 0.99, d.P99MS}} {
			v := q.given
			if !(v > 0) || !finite(v) {
				v = quantile(pts, q.q)
			}
			if v > 0 && finite(v) {
				marks = append(marks, mark{q.q, v, q.name + " " + format.MillisShort(v), lk, len(curves) - 1})
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	latencyAxis(p, &p.X, lo, hi, len(curves) > 0)
	p.Y.Min, p.Y.Max = 0, 1.07 // headroom above 100% for the p99 labels

	// At each percentile the faster model's label goes left of its marker
	// and the slower one's right, so the two never meet.
	ns := &notes{avoid: curves}
	for _, m := range marks {
		faster, slower := true, true
		for _, o := range marks {
			if o.q == m.q && o.curve != m.curve {
				faster = faster && m.v <= o.v
				slower = slower && m.v >= o.v
			}
		}
		prefer := []place{east, southEast, northEast}
		if faster && !slower {
			prefer = []place{west, northWest, southWest}
		}
		ns.add(m.v, m.q, m.label, m.look.text, m.look.glyphStyle(4.5), prefer...)
	}
	p.Add(ns)
	return c
}

// cdfPoints keeps the drawable points of d, in order.
func cdfPoints(d CDF) []pt {
	var pts []pt
	for i := range d.LatencyMS {
		x, y := d.LatencyMS[i], d.Fraction[i]
		if !finite(x) || !finite(y) || x <= 0 {
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
