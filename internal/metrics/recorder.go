package metrics

import (
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// Window is one row of a run's time series. Windows count every request,
// the warm-up's too (see Recorder.SetSpan).
type Window struct {
	Start, End time.Duration
	// Warmup marks a window that starts before the end of the warm-up.
	Warmup        bool
	Arrivals      int64
	Outcomes      [4]int64      // indexed by models.Outcome
	ColdStarts    int64         // requests that waited for a new environment or pod
	P50, P95, P99 time.Duration // latency of requests completing in the window
	Mean          time.Duration // their mean latency
	GaugeMean     [models.NumGauges]float64
	GaugeMax      [models.NumGauges]float64
}

// Completed is the number of requests completed in the window.
func (w *Window) Completed() int64 { return w.Outcomes[models.Completed] }

type gauge struct {
	value    float64
	last     sim.Time // when value last changed or a window last closed
	area     float64  // ∫ value dt over the run, in value·ns
	areaWarm float64  // area at the end of the warm-up
	peak     float64  // since the end of the warm-up
	winArea  float64
	winPeak  float64
	reported bool
}

// Recorder implements models.Recorder for one model of one run.
//
// Its totals (arrivals, outcomes, latencies, cold starts, per-service
// figures) count the requests that arrive at or after the warm-up's end
// (SetSpan), whenever they finish; its gauge means and peaks cover the
// time from the warm-up's end to the end of the run. Requests of the
// warm-up are simulated and appear in the windows, but in no total, so
// conservation holds for the counted requests: arrivals = completed +
// throttled + rejected + failed + in flight.
type Recorder struct {
	window time.Duration
	warmup sim.Time
	// counting is set once the clock has passed the warm-up: the gauges'
	// areas and peaks then run from its end.
	counting bool
	// latency's exact figures are taken as requests complete, its
	// buckets at the end (Close, or Latency): the window counts each
	// completion once (winhist.go).
	latency *Histogram
	win     *windowHist
	// cold is the latency of completed cold starts (models.Request.Cold),
	// nil until the first one completes.
	cold *Histogram

	arrivals   int64 // counted: at or after the warm-up
	seen       int64 // every arrival
	outcomes   [4]int64
	coldStarts int64
	gauges     [models.NumGauges]gauge

	cur Window
	// edge is the earliest time at which advance has work to do: the end
	// of the current window, or just after the warm-up while it is not
	// yet counted. Every Arrive, Finish and Gauge calls advance (six or
	// more calls per request), and nearly all of them fall before edge,
	// so one comparison answers them (issue 13: per-request cost).
	edge    sim.Time
	windows []Window
	closed  bool
	end     sim.Time // where Close ended the run

	batch batches // sums for batch means (batchmeans.go)

	services []ServiceStats // per service, when the run has more than one
	// arrived counts each service's counted arrivals, apart from services
	// (Services copies them in): 8 bytes a service, which stay in cache
	// where a ServiceStats of 96 would not, and an arrival touches nothing
	// else of its service.
	arrived []int64
	// pending are completions not yet in their service's totals and
	// sketch (see recordService), each its latency above its service
	// (pendingBits); sorted is the flush's scratch, counts its per-service
	// offsets.
	pending []uint64
	sorted  []uint64
	counts  []int32
}

// pendingBits is the bits of a pending completion's service; its latency
// has the other 44 (4.9 hours).
const pendingBits = 20

// serviceBatch is how many completions a fleet's recorder holds before it
// counts them into the services' totals and sketches: 65,536 of 8 B, 512
// KiB (and as much for the flush's sort). The more a batch holds, the more
// latencies each service's counters take per cache line loaded: 131 a
// service at 500 services, against 33 for a batch of 16,384, whose flushes
// spent 15 % more (BENCHMARKS.md, fleet3).
const serviceBatch = 1 << 16

// ServiceStats are one service's totals in a fleet.
type ServiceStats struct {
	Arrivals   int64
	Outcomes   [4]int64
	ColdStarts int64
	Latency    Sketch // compact: a fleet keeps one per service per platform
}

// NewRecorder returns a recorder cutting series into windows of the given
// length (which must be positive). With services > 1 it also keeps totals
// and a latency sketch per service.
func NewRecorder(window time.Duration, services int) *Recorder {
	if window <= 0 {
		panic("metrics: window must be positive")
	}
	r := &Recorder{window: window, counting: true}
	r.latency = NewHistogram()
	r.win = newWindowHist(r.latency)
	if services > 1 {
		r.services = make([]ServiceStats, services)
		r.arrived = make([]int64, services)
	}
	r.cur = Window{Start: 0, End: window}
	r.setEdge()
	return r
}

// SetSpan sets the stretch of the run the totals are about. warmup is the
// warm-up: requests arriving before it are simulated but not counted in
// the totals, and gauges are averaged and peaked from its end. end is the
// run's planned end: [warmup, end) is cut into Batches batches for the
// confidence intervals (end 0: none). It is called before the run (the
// first report).
func (r *Recorder) SetSpan(warmup, end time.Duration) {
	if warmup < 0 || end != 0 && end <= warmup {
		panic("metrics: SetSpan needs 0 <= warmup < end (or end 0)")
	}
	r.warmup = sim.At(warmup)
	r.counting = warmup == 0
	if end > 0 {
		r.batch.from, r.batch.span = sim.At(warmup), sim.At(end-warmup)
		r.batch.perNs = Batches / float64(r.batch.span)
	}
	r.setEdge()
}

// setEdge sets edge after the window or the warm-up state changed.
func (r *Recorder) setEdge() {
	r.edge = sim.Time(r.cur.End)
	if !r.counting && r.warmup < r.edge {
		r.edge = r.warmup + 1 // advance starts counting once now > warmup
	}
}

// Warmup is the warm-up set by SetSpan.
func (r *Recorder) Warmup() time.Duration { return time.Duration(r.warmup) }

// counted tells whether the totals count req.
func (r *Recorder) counted(req *models.Request) bool { return req.Arrival >= r.warmup }

// advance closes every window that ends at or before now, and starts the
// gauges' counting at the end of the warm-up once the clock has passed
// it (so that reports at the very instant the warm-up ends count).
func (r *Recorder) advance(now sim.Time) {
	if now < r.edge {
		return
	}
	r.cross(now)
}

// cross is advance's work once the clock has reached edge.
func (r *Recorder) cross(now sim.Time) {
	if !r.counting && now > r.warmup {
		r.closeWindows(r.warmup)
		for i := range r.gauges {
			g := &r.gauges[i]
			g.integrate(r.warmup)
			g.areaWarm, g.peak = g.area, g.value
		}
		r.counting = true
	}
	r.closeWindows(now)
	r.setEdge()
}

// closeWindows closes every window that ends at or before now.
func (r *Recorder) closeWindows(now sim.Time) {
	for sim.Time(r.cur.End) <= now {
		r.closeWindow(sim.Time(r.cur.End))
		start := r.cur.End
		r.cur = Window{Start: start, End: start + r.window}
		for i := range r.gauges {
			g := &r.gauges[i]
			g.winArea, g.winPeak = 0, g.value
		}
	}
}

// windowQuantiles are the quantiles of a Window, increasing.
var windowQuantiles = [3]float64{0.50, 0.95, 0.99}

// closeWindow finishes the current window at end (its nominal end, or the
// end of the run for the last, partial one).
func (r *Recorder) closeWindow(end sim.Time) {
	w := r.cur
	w.End = time.Duration(end)
	w.Warmup = w.Start < time.Duration(r.warmup)
	span := float64(end) - float64(w.Start)
	for i := range r.gauges {
		g := &r.gauges[i]
		g.integrate(end)
		if span > 0 {
			w.GaugeMean[i] = g.winArea / span
		}
		w.GaugeMax[i] = g.winPeak
	}
	var p [3]time.Duration
	r.win.quantiles(windowQuantiles[:], p[:])
	w.P50, w.P95, w.P99 = p[0], p[1], p[2]
	w.Mean = r.win.mean()
	r.win.close()
	r.windows = append(r.windows, w)
}

func (g *gauge) integrate(now sim.Time) {
	a := g.value * float64(now-g.last) // once: the compiler would multiply twice
	g.area += a
	g.winArea += a
	g.last = now
}

// Arrive implements models.Recorder.
func (r *Recorder) Arrive(now sim.Time, req *models.Request) {
	r.advance(now)
	r.seen++
	r.cur.Arrivals++
	if !r.counted(req) {
		return
	}
	r.arrivals++
	r.batch.arrive(req)
	if r.arrived != nil {
		r.arrived[req.Service]++
	}
}

// Finish implements models.Recorder.
func (r *Recorder) Finish(now sim.Time, req *models.Request, o models.Outcome, latency time.Duration) {
	r.advance(now)
	r.cur.Outcomes[o]++
	counted := r.counted(req)
	if o == models.Completed {
		r.win.record(latency, counted)
	}
	if !counted {
		return
	}
	r.outcomes[o]++
	r.batch.finish(req, o, latency)
	if o == models.Completed {
		r.latency.note(max(latency, 0)) // its bucket: in the window's
		if req.Cold {
			if r.cold == nil {
				r.cold = NewHistogram()
			}
			r.cold.Record(latency)
		}
	}
	if r.services != nil {
		if o == models.Completed {
			r.recordService(req.Service, latency)
		} else {
			r.services[req.Service].Outcomes[o]++
		}
	}
}

// recordService counts a completed request in its service's totals and
// its latency in the service's sketch, in batches. A fleet's completions
// hop between services, so recording each at once would load a different
// service's totals and counters nearly every time, a cache miss per
// completion (issue 13: a fleet within 1.3× of one service per request). A
// batch is sorted by service, stably, and recorded service by service:
// each service's totals and sketch are loaded once per batch, and its
// latencies go in in the order they completed, so its sum, and so its
// mean, are the same floating-point result as recording each at once. A
// completion is 8 bytes in the batch, its latency above its service; one
// that does not fit (a latency of 4.9 hours or more, a service beyond
// 2^20) is recorded at once, after the batch, so the order holds.
func (r *Recorder) recordService(svc int, latency time.Duration) {
	latency = max(latency, 0) // as Sketch.Record counts it
	if svc >= 1<<pendingBits || latency >= 1<<(64-pendingBits) {
		r.flushServices()
		s := &r.services[svc]
		s.Outcomes[models.Completed]++
		s.Latency.Record(latency)
		return
	}
	if r.pending == nil {
		r.pending = make([]uint64, 0, serviceBatch)
	}
	r.pending = append(r.pending, uint64(latency)<<pendingBits|uint64(svc))
	if len(r.pending) == cap(r.pending) {
		r.flushServices()
	}
}

// flushServices counts the pending completions into their services'
// totals and sketches, by a stable counting sort on the service.
func (r *Recorder) flushServices() {
	if len(r.pending) == 0 {
		return
	}
	if r.counts == nil {
		r.counts = make([]int32, len(r.services)+1)
		r.sorted = make([]uint64, cap(r.pending))
	}
	const svcMask = 1<<pendingBits - 1
	c := r.counts
	clear(c)
	for _, p := range r.pending {
		c[p&svcMask+1]++
	}
	for i := 1; i < len(c); i++ {
		c[i] += c[i-1]
	}
	sorted := r.sorted[:len(r.pending)]
	for _, p := range r.pending {
		sorted[c[p&svcMask]] = p
		c[p&svcMask]++
	}
	// c[i] is now the end of service i's run in sorted, the start of
	// service i+1's: each service's totals and sketch are taken up once for
	// its whole run.
	from := int32(0)
	for i, end := range c[:len(r.services)] {
		if end > from {
			s := &r.services[i]
			s.Outcomes[models.Completed] += int64(end - from)
			s.Latency.recordPacked(sorted[from:end], pendingBits)
		}
		from = end
	}
	r.pending = r.pending[:0]
}

// ColdStart implements models.Recorder.
func (r *Recorder) ColdStart(now sim.Time, req *models.Request) {
	r.advance(now)
	r.cur.ColdStarts++
	if !r.counted(req) {
		return
	}
	r.coldStarts++
	if r.services != nil {
		r.services[req.Service].ColdStarts++
	}
}

// Gauge implements models.Recorder.
func (r *Recorder) Gauge(now sim.Time, which models.Gauge, value float64) {
	r.advance(now)
	g := &r.gauges[which]
	g.integrate(now)
	g.value = value
	g.reported = true
	raise(&g.peak, value)
	raise(&g.winPeak, value)
}

// raise sets *p to max(*p, v), by max's rules (a NaN wins, +0 is above
// −0), in one or two comparisons when v is below, equal to or above *p and
// nonzero. Go's max on floats compiles to about ten instructions that
// handle NaNs and signed zeros on every call; with two per Gauge call and
// six calls per request, they were 2.7 % of the SimFaaS case's
// instructions (callgrind, issue 13).
func raise(p *float64, v float64) {
	switch {
	case v < *p, v == *p && v != 0:
		// max(*p, v) is *p
	case v > *p:
		*p = v
	default: // a NaN, or zeros of either sign
		*p = max(*p, v)
	}
}

// Close ends the run at end: the last, partial window is closed and every
// gauge integrated up to end. Close is idempotent.
func (r *Recorder) Close(end sim.Time) {
	if r.closed {
		return
	}
	r.advance(end)
	if sim.Time(r.cur.Start) < end {
		r.closeWindow(end)
	} else {
		for i := range r.gauges {
			r.gauges[i].integrate(end)
		}
	}
	r.win.flush() // the run's buckets, into its HdrHistogram
	if r.cold != nil {
		r.cold.sync() // its pending buckets too: a closed recorder is the same whether read or not
	}
	r.flushServices()
	r.closed, r.end = true, end
}

// Window is the length of the series' windows.
func (r *Recorder) Window() time.Duration { return r.window }

// Arrivals is the number of counted requests: those that arrived at or
// after the warm-up.
func (r *Recorder) Arrivals() int64 { return r.arrivals }

// AllArrivals is the number of requests that arrived, the warm-up's too:
// what the run's cost covers.
func (r *Recorder) AllArrivals() int64 { return r.seen }

// Count is the number of requests with outcome o.
func (r *Recorder) Count(o models.Outcome) int64 { return r.outcomes[o] }

// InFlight is arrivals without a final outcome yet.
func (r *Recorder) InFlight() int64 {
	n := r.arrivals
	for _, c := range r.outcomes {
		n -= c
	}
	return n
}

// ColdStarts is the number of cold starts: requests that waited for a new
// environment or pod (models.Recorder.ColdStart).
func (r *Recorder) ColdStarts() int64 { return r.coldStarts }

// Latency is the histogram of completed requests' latencies.
func (r *Recorder) Latency() *Histogram {
	r.win.flush()
	return r.latency
}

// ColdLatency is the histogram of the latencies of completed requests that
// were cold starts (models.Request.Cold), or nil if none completed.
func (r *Recorder) ColdLatency() *Histogram { return r.cold }

// GaugePeak is the largest value a gauge took from the end of the
// warm-up on (0 if the run ended before it).
func (r *Recorder) GaugePeak(g models.Gauge) float64 {
	if !r.counting {
		return 0
	}
	return r.gauges[g].peak
}

// GaugeMean is the time average of a gauge over [warm-up, end] (after
// Close; 0 if the run ended by the end of the warm-up).
func (r *Recorder) GaugeMean(g models.Gauge, end sim.Time) float64 {
	if !r.counting || end <= r.warmup {
		return 0
	}
	return (r.gauges[g].area - r.gauges[g].areaWarm) / float64(end-r.warmup)
}

// RunGaugeMean is the time average of a gauge over the whole run [0, end],
// the warm-up included: what cost is computed from.
func (r *Recorder) RunGaugeMean(g models.Gauge, end sim.Time) float64 {
	if end <= 0 {
		return 0
	}
	return r.gauges[g].area / float64(end)
}

// GaugeReported tells whether the model ever reported the gauge.
func (r *Recorder) GaugeReported(g models.Gauge) bool { return r.gauges[g].reported }

// Windows is the series (complete after Close).
func (r *Recorder) Windows() []Window { return r.windows }

// Services returns per-service totals, or nil for a single-service run.
func (r *Recorder) Services() []ServiceStats {
	r.flushServices()
	for i, n := range r.arrived {
		r.services[i].Arrivals = n
	}
	return r.services
}

// Service is service i's totals, Services()[i], or nil for a
// single-service run. It fills in service i's arrivals only: a fleet's
// services read one by one through Services filled in every service's
// each time, quadratic in the fleet (shares10: 0.2 s of CPU to read
// 10,000 services once, as the placement does several times a run).
func (r *Recorder) Service(i int) *ServiceStats {
	if r.services == nil {
		return nil
	}
	r.flushServices()
	s := &r.services[i]
	s.Arrivals = r.arrived[i]
	return s
}
