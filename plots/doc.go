// Package plots renders execsim's charts with gonum/plot, as PNG and SVG,
// from plain series. Of execsim's own packages it imports only
// internal/format, which prints its numbers: the command layer turns a
// run's results into the structs below (one value per window, per sweep
// point or per CDF point, each model with its look) and calls one function
// per chart.
//
// # Charts
//
// Every function returns a *Chart titled "<chart> — <scenario>, seed <n>"
// (see Header). Chart.Render writes one format to an io.Writer; Save writes
// dir/<basename>.png and .svg. The default size is 900×600 pt, which is
// 1200×800 px in PNG.
//
//   - LatencyCDF: the latency distribution of each model (CDF: per model,
//     latency points in ms with their cumulative fraction) on a log time
//     axis, as a share of all its requests: a curve ends at the share that
//     completed, with the share refused (and in flight at the end) written
//     at its end ("39 % refused"). p50, p95 and p99 of the completed
//     requests are marked on each curve and labelled ("p99 420 ms"); the
//     faster model's labels sit left of their markers, the slower one's
//     right.
//   - LatencyTail: the same distributions as the share of requests slower
//     than each latency (1 − p) on a log scale labelled as percentiles (p90,
//     p99, p99.9), for SLO slides. Requests that never completed are
//     slower than every latency: a line levels off at their share, dotted
//     and labelled. A line stops at the deepest percentile its completed
//     requests resolve (1 − 1/n), and p99 and p99.9 are marked where
//     resolved; the SLO's target is a dashed corner at its percentile.
//   - LatencyOverTime: p50 (thin) and p99 (thick) latency per window for
//     each model on a log axis, over a second, aligned panel with the
//     arrival rate (gonum/plot has no secondary y axis).
//   - Outcomes: completed, throttled, rejected, failed and cold starts per
//     second, one small panel per outcome with one line per model (the
//     completed panel also shows the arrival rate). Outcomes that are zero
//     throughout get no panel; a note under the chart names them.
//   - Capacity: per model, one panel per capacity level the caller gives
//     (Level: a name, its mean and peak per window), each on its own count
//     axis, as step lines; the demand (requests in flight) is a grey area
//     under the level it is counted in, or a panel of its own.
//   - CumulativeCost: each model's spend since the start of the run, with
//     the total written at the end of each line.
//   - BreakEven: monthly cost (730 h) against the average request rate,
//     both axes logarithmic when the costs span more than a decade and a
//     half, every crossing marked and labelled ("break-even ≈ 110 req/s
//     ($353/month)"), and below it the cost per million requests on the same
//     rate axis. A note says which model is cheaper over which rates.
//     BreakEvenPoints returns the crossings as numbers.
//   - Fleet: one point per service of a fleet, its mean request rate (log)
//     against its monthly cost on one platform minus on another (linear, or
//     symmetric-log when the differences span decades), coloured and marked
//     by the platform it was placed on, with a zero line; the legend counts
//     each platform's services and the three that differ most are named
//     (drawn solid; the legend says so). A service placed on the dearer
//     platform because the other misses the SLO is ringed, and named when
//     there are at most three; one placed there because neither meets it
//     is counted in a note. Services without requests sit at "0" beyond a
//     dotted line.
//   - Sweep: any summary field against a swept parameter (named in words,
//     with its unit), one line per group through the means over a shaded
//     95% confidence band in the line's colour (an error bar for a single
//     point); the band's legend swatch shows the bands' colours. Points
//     that rest on too few requests (SweepSeries.Few: a p99 of fewer than
//     100) are hollow, and the legend says why (SweepAxes.FewLabel).
//
// # Models and their looks
//
// plots knows no execution platform. A Model names one (Name tells models
// apart, Label is shown) and carries its look: a line colour, a darker
// shade for text in that colour, a Dash pattern and a Glyph for markers.
// The caller supplies each model's look (the simulator's platforms define
// theirs), and a model keeps it in every chart. The dash pattern is a
// second cue that survives greyscale printing; pick line colours with at
// least a 3:1 contrast on white and text colours with 4.5:1.
//
// A model without a colour takes a fallback look, assigned in order of
// first appearance: an Okabe–Ito-style colour (green, purple, black, sky
// blue, vermillion, ochre) with its own dash and marker. In a sweep, several
// groups of one model keep its hue, each further group lighter with its own
// dash and marker. Demand (arrivals, requests in flight) is grey.
//
// # Legibility
//
// Text is Liberation Sans (embedded in gonum/plot, so rendering is the same
// everywhere): 21-pt bold titles, 16-pt axis labels and panel headings,
// 14-pt tick labels, annotations and notes — legible when the 1200×800 PNG
// is shrunk onto a slide. SVG text falls back to Arial and Helvetica, which
// have the same metrics. The legend sits in a row under the title, outside
// the data. Tick labels are chosen to keep apart at the axis' drawn length:
// log axes at 1, 2 and 5 times powers of ten (only powers of ten when those
// would crowd), time axes in s, min or h by the length of the run, money
// as $0.50, $1,500, $15k. Labels on the data (percentiles, totals,
// break-evens) are placed clear of each other and of the lines, with a
// leader line when they have to move away, or when a place near the point
// is nearer another point than its own.
//
// Lines drawn on top of each other (two platforms at the same cost, two
// sweep groups a cent apart) are named in a note: "Kubernetes and Knative
// coincide: one line hides the other.", or with the stretch where they do
// ("from 0.1 to 40 req/s"), in every chart that draws several models'
// lines.
//
// A chart's Banner, when set, is a bold red line under the title for what
// must survive the chart being pasted alone on a slide: the charts of an
// interrupted run say "PARTIAL RUN: …" there.
//
// # Odd inputs
//
// A nil column was not recorded and is not drawn; NaN and ±Inf values are
// gaps; points that cannot sit on a log axis (zero, negative) are left
// out; a lone point is drawn as a marker; a model with no data, or no data
// at all, gives a chart that says so instead of an empty frame. Columns of
// unequal length are a caller's bug and panic with a message naming them.
//
// No other input panics, hangs or allocates without bound (a fuzz target
// per chart family checks it): values beyond ±1e15, which no run gives and
// gonum's arithmetic overflows on, are left out and counted in a note; a
// log axis spans at most 1e15× and reaches no lower than 1e-300, and a
// note says where it starts when the data go lower (costs spanning more
// are drawn on a linear axis instead, and a note says so); an axis too
// narrow to label (a span of 1e-323, or a billionth of its ends) gets no
// labels.
package plots
