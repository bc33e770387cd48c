package plots

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
)

// The tail chart: what an SLO slide asks of a latency distribution is how
// many requests are slower than some latency, one in ten, in a hundred, in
// a thousand. On the CDF those shares are squeezed into the top few pixels;
// here the y axis is the share of requests slower than x (the exceedance,
// 1 − p) on a log scale, so that each percentile p90, p99, p99.9 gets a
// decade of its own: the complementary CDF on log–log axes, the way
// latency tails are usually shown (HdrHistogram's percentile plots spread
// the same percentiles evenly along 1/(1 − p)).

// TailSLO is the objective the tail chart marks: a latency target for one
// percentile of the completed requests (p99 ≤ 1 s is Quantile 0.99,
// TargetMS 1000). The zero value marks nothing.
type TailSLO struct {
	Quantile float64
	TargetMS float64
	// PerService, when set, says the SLO was judged service by service
	// (a fleet with an slo: per service): the corner is the scenario's
	// target, the lines pool every service's requests, and a line left of
	// the corner may still miss it. The legend says so and PerService is
	// the chart's note (walk13 #3: Lambda's pooled p99 of 423 ms sat well
	// under "SLO: p99 ≤ 800 ms" while the verdict said Lambda missed it).
	PerService string
}

// tailMarks are the percentiles marked and labelled on each line.
var tailMarks = []float64{0.99, 0.999}

// LatencyTail draws the tail of each model's latency distribution (its
// CDF, see CDF) as the share of all its requests slower than each latency:
// one line per model in its CDF colours and dash, x the latency (log), y the
// share slower on a log scale labelled as percentiles (p90 at 10 %, p99 at
// 1 %, p99.9 at 0.1 %).
//
// A request that was refused or still in flight never completed: it is
// slower than every latency, so a line levels off at that share, drawn
// dotted from its end to the right edge and labelled ("39 % refused").
// A line ends at its slowest request: a run saves its latencies at fixed
// quantiles (nearest rank), and with the count n of completed requests each
// is put at the share of them at least as slow, (n − r + 1)/n for the r-th
// fastest, so the slowest sits at 1/n and nothing is drawn deeper than the
// data goes; a note names the lines that end above p99.99 and where. p99
// and p99.9 are marked on each line whose requests resolve them (more than
// 1/(1 − p) requests: below that the percentile is the slowest request).
// The SLO, when given, is a dashed corner at its target and percentile: a
// line passing left of the corner meets the latency part.
func LatencyTail(h Header, cdfs []CDF, slo TailSLO) *Chart {
	c := newChart(h.title("Latency tail (share of requests slower)"))
	p := newPlot()
	c.add(p, "", 1)

	type floor struct {
		x, y  float64
		label string
		look  look
	}
	var ls looks
	var marks []pctMark
	var floors []floor
	var curves []*curve
	var ends []tailEnd // lines that end above p99.99
	lo, hi := math.Inf(1), math.Inf(-1)
	deepest := 0.01 // the axis reaches p99 at least
	for _, d := range cdfs {
		d.check()
		lk := ls.of(d.Model)
		share := d.completed()
		missing := 1 - share
		pts := tailPoints(d)
		if len(pts) == 0 {
			c.noCompleted(d, "latency tail")
			continue
		}
		curves = append(curves, c.modelLine(p, lk, d.Model.DisplayName(), pts))
		end := pts[len(pts)-1]
		lo, hi = math.Min(lo, pts[0].x), math.Max(hi, end.x)
		deepest = math.Min(deepest, end.y)
		if d.Completed > 0 && d.Completed < 10_000 {
			ends = addEnd(ends, d.Model.DisplayName(), d.Completed)
		}
		// the parts of the missing share worth naming: any share at all
		// (one request in flight of 80,000 still lifts the line's end),
		// but not 0.05 % in flight beside 65 % refused
		if label := missingAbove(d, math.Max(missing/10, math.SmallestNonzeroFloat64)); label != "" && missing > 0 {
			floors = append(floors, floor{end.x, missing, label, lk})
			deepest = math.Min(deepest, missing)
		}
		for _, q := range tailMarks {
			e, ok := exceedance(q, d.Completed)
			if !ok || e < (end.y-missing)/share*(1-1e-9) {
				continue // the slowest request, or deeper than the line goes
			}
			v := 0.0
			if q == 0.99 {
				v = d.P99MS
			}
			if !(v > 0) || !drawable(v) {
				v = quantile(cdfPoints(d), q)
			}
			if v > 0 && drawable(v) {
				// the marks are the completed requests' percentiles (the
				// summary's, the SLO's); where the requests that never
				// completed lift one well off the axis' own percentile,
				// its label says whose it is
				name := percentileName(1 - q)
				if missing > 0.1*(1-q) {
					name += " of completed:"
				}
				marks = append(marks, pctMark{q, missing + share*e, v, name + " " + format.MillisShort(v), lk, len(curves) - 1})
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	hasSLO := slo.TargetMS > 0 && drawable(slo.TargetMS) && slo.Quantile > 0 && slo.Quantile < 1
	if hasSLO && len(curves) > 0 {
		lo, hi = math.Min(lo, slo.TargetMS), math.Max(hi, slo.TargetMS)
		deepest = math.Min(deepest, 1-slo.Quantile)
	}
	latencyAxis(c, p, &p.X, lo, hi, len(curves) > 0)
	p.Y.Scale = plot.LogScale{}
	p.Y.Min, p.Y.Max = tailBottom(deepest), 1
	p.Y.Tick.Marker = &tailTicks{}
	p.Y.Label.Text = "percentile (share of requests slower, log scale)"

	var gaps []*curve
	for _, f := range floors {
		gap := &curve{runs: [][]pt{{{f.x, f.y}, {p.X.Max, f.y}}}, line: draw.LineStyle{Color: f.look.line, Width: widthSecond, Dashes: dotted}}
		p.Add(gap)
		gaps = append(gaps, gap)
	}
	if hasSLO && len(curves) > 0 {
		style := draw.LineStyle{Color: missColor, Width: widthRef, Dashes: dashed}
		y := 1 - slo.Quantile
		corner := &curve{runs: [][]pt{{{p.X.Min, y}, {slo.TargetMS, y}, {slo.TargetMS, p.Y.Min}}}, line: style}
		p.Add(corner)
		gaps = append(gaps, corner)
		label := "SLO: " + percentileName(y) + " ≤ " + format.MillisShort(slo.TargetMS) + " (of completed requests)"
		if slo.PerService != "" {
			label = "SLO: " + percentileName(y) + " ≤ " + format.MillisShort(slo.TargetMS) + " where a service has none of its own (judged per service, not on these pooled lines)"
		}
		c.legendAdd(label, &vline{line: style})
	}
	if slo.PerService != "" && len(curves) > 0 {
		c.note("%s", slo.PerService)
	}

	// the shares that never completed first: pinned to the right edge they
	// have the fewest places, and they are what the chart must not lose;
	// then the marks, as on the CDF (the faster model's labels left), but
	// below-left and above-right first, clear of a line falling to the right
	ns := &notes{avoid: append(slices.Clone(curves), gaps...)}
	for _, f := range floors {
		ns.add(p.X.Max, f.y, f.label, f.look.text, draw.GlyphStyle{}, northWest, southWest)
	}
	addPctMarks(ns, marks, []place{west, southWest, northWest}, []place{east, northEast, southEast})
	c.addLabels(p, ns)
	if len(floors) > 0 {
		c.note("A request refused (throttled, rejected or failed) or still in flight at the end never completed: it is slower than every latency, so its line levels off at that share (dotted). The percentiles marked are of the completed requests.")
	}
	if len(ends) > 0 {
		var where []string
		for _, e := range ends {
			each := ""
			if len(e.names) > 1 {
				each = " each"
			}
			where = append(where, format.And(e.names)+" at "+percentileName(1/float64(e.n))+" ("+format.Count(e.n)+" requests"+each+")")
		}
		c.note("A line ends at its slowest request, as deep as its completed requests go: %s.", strings.Join(where, "; "))
	}
	c.wholeLinesOnly = true // every line starts at p0, where the log axis squeezes the bodies together
	c.noteHuge(cdfHuge(cdfs) + countHuge([]float64{slo.TargetMS}))
	c.noteCoinciding()
	return c
}

// tailEnd is the models whose lines end at 1 in n.
type tailEnd struct {
	n     int64
	names []string
}

func addEnd(ends []tailEnd, name string, n int64) []tailEnd {
	for i := range ends {
		if ends[i].n == n {
			ends[i].names = append(ends[i].names, name)
			return ends
		}
	}
	return append(ends, tailEnd{n, []string{name}})
}

// exceedance is the share of n completed requests at least as slow as
// their q-quantile, which is the r-th fastest for the nearest rank
// r = ⌈q·n⌉ (the rank a run's percentiles are taken at): (n − r + 1)/n.
// ok is false where q's rank is the slowest request itself (n·(1 − q) < 1:
// the percentile is not resolved). With n unknown (0) it is 1 − q.
func exceedance(q float64, n int64) (e float64, ok bool) {
	if n <= 0 {
		return 1 - q, q < 1
	}
	x := q * float64(n)
	r := min(max(int64(math.Ceil(x-x*1e-12)), 1), n)
	return float64(n-r+1) / float64(n), r < n
}

// tailPoints are d's points as the tail chart draws them: (latency, share
// of all requests at least as slow), that share being the missing share
// plus the completed share times the completed requests' exceedance at
// the point's quantile (exceedance; the slowest at 1/n). With the count
// unknown the 100 % point (nothing slower) cannot sit on a log axis and is
// left out. Several quantiles at one rank are one point.
func tailPoints(d CDF) []pt {
	share := d.completed()
	if share <= 0 {
		return nil
	}
	missing := 1 - share
	var pts []pt
	for _, q := range cdfPoints(d) {
		e, _ := exceedance(q.y, d.Completed)
		if e <= 1e-12 {
			continue
		}
		p := pt{q.x, missing + share*e}
		if n := len(pts); n > 0 && pts[n-1] == p {
			continue
		}
		pts = append(pts, p)
	}
	return pts
}

// tailBottom is the bottom of the share axis for a deepest point at y:
// the power of ten under it, or lower by a fifth of a decade when y is that
// near it, so that no line ends on the frame (which would read as going
// on).
func tailBottom(y float64) float64 {
	if !(y > 0) || !drawable(y) {
		return 0.01
	}
	return math.Min(math.Pow(10, math.Floor(math.Log10(y)+1e-9)), y/1.6)
}

// percentileName names the percentile above which a share e of requests
// lies: 0.1 is "p90", 0.01 "p99", 0.001 "p99.9", 0.0833 (1 in 12) "p91.7",
// 1 "p0".
// Enough decimals to tell it from the next power of ten, and no more.
func percentileName(e float64) string {
	p := 100 * (1 - e)
	digits := 0
	if e > 0 && e < 0.01 {
		digits = int(math.Ceil(-math.Log10(e)-1e-9)) - 2
	}
	s := strconv.FormatFloat(p, 'f', digits, 64)
	if digits == 0 && math.Abs(p-math.Round(p)) > 0.05 {
		s = strconv.FormatFloat(p, 'f', 1, 64)
	}
	return "p" + s
}

// tailTicks labels the share axis at powers of ten as percentiles (p0 at
// 100 %, p90, p99, p99.9, …), with p50 when it keeps clear of p0, and
// unlabelled minor ticks in between.
type tailTicks struct{ axisFit }

func (t *tailTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi > lo) {
		return nil
	}
	var ticks []plot.Tick
	decades := math.Log10(hi / lo)
	for k := int(math.Floor(math.Log10(lo))); k <= int(math.Ceil(math.Log10(hi))); k++ {
		base := math.Pow(10, float64(k))
		for m := 1; m <= 9; m++ {
			v := float64(m) * base
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			tk := plot.Tick{Value: v}
			switch {
			case m == 1:
				tk.Label = percentileName(v)
			case m == 5 && k == -1 && float64(t.axisLength())*math.Log10(2)/decades >= float64(minGapV):
				tk.Label = percentileName(v)
			}
			ticks = append(ticks, tk)
		}
	}
	return ticks
}
