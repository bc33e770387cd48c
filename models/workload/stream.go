package workload

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/streams"
	"github.com/execsim/execsim/sim"
)

// Config is the workload of a scenario: one or more services, each with its
// own arrival process and work. A service's index in Services is the
// Request.Service of its requests.
type Config struct {
	Services []Service
}

// Service is one function or deployment of a fleet.
type Service struct {
	// Name identifies the service; it is required and unique within a
	// Config.
	Name string
	// Streams names the service's random streams, <Streams>/arrivals and
	// <Streams>/work [workload/<Name>]. A fleet leaves it empty, so each
	// service draws from streams of its own name and adding a service moves
	// no other's arrivals; a single service may fix it, so that its name is
	// only a label. Unique within a Config.
	Streams  string
	Arrivals Arrivals
	// CPU and IO are drawn once per request, in that order; nil means zero.
	CPU, IO dist.Dist
	// Duration, when set instead of CPU and IO, is drawn once per request
	// and split: CPUFraction of it is CPU (at one vCPU), the rest IO. A
	// trace's measured wall time is work of this kind; a replayed row's
	// duration (Row.Duration) is split the same way.
	Duration    dist.Dist
	CPUFraction float64
	// PayloadKB is the same for every request of the service.
	PayloadKB float64
}

// generator produces one service's arrival times in non-decreasing order.
type generator interface {
	// next returns the following arrival time, or false when there is none
	// before horizon.
	next(r *rand.Rand, horizon sim.Time) (sim.Time, bool)
}

// source is one service's state inside a Stream, or one feed's.
type source struct {
	gen       generator
	feed      *feeder // a feed's source: the rows of several services
	arrivals  *rand.Rand
	work      *rand.Rand
	cpu, io   dist.Dist
	dur       dist.Dist
	cpuFrac   float64
	scale     float64 // a replayed service's Scale
	payloadKB float64
	next      sim.Time // the pending arrival; sim.Never when exhausted
	index     int      // the service of the pending arrival
}

// feeder is a feed's pass and the services its rows are for.
type feeder struct {
	pass   FeedPass
	svc    []int32 // service index by FeedIndex; −1 for none
	row    Row     // the pending row
	copies int     // copies of the pending row still to come, after this one
	last   sim.Time
}

// Stream generates the requests of a Config in arrival order. It keeps O(1)
// state per service and a bounded buffer of generated requests.
//
// Requests are made a window at a time: every source draws all its
// arrivals (and their work) before the window's end in one go, and the
// window's requests are then sorted by (arrival, source). A fleet's
// requests hop between services, so drawing them one at a time, as a merge
// of the sources would, loads a different source's state (generator,
// random streams, distributions) at nearly every request, a cache miss each
// time, and plays a match per level of the merge (issue 13: a fleet within
// 1.3× of one service per request). A window touches each source's state
// once for all its arrivals in it, and its requests are read in order from
// one array. The window's length adapts so that it holds about target
// requests. Each source draws from its own random streams in its own
// order, so the requests are those of the merge, in the same order, bit for
// bit.
type Stream struct {
	src []source // the services, then one source per feed
	// next[i] is src[i].next, packed so that a window's sweep over the
	// sources reads 8 bytes of each instead of its whole state.
	next []sim.Time
	// first is the least of next: refill's sweep leaves it for the next
	// window's start, which would otherwise take a sweep of its own.
	first sim.Time
	out   []arrival // the window's requests, sorted; out[head] is the next
	head  int
	// left are requests drawn at or after the window's end (after the
	// window was cut short, see lower), in the order they were drawn.
	left   []arrival
	buf    []arrival // scratch of refill and sortArrivals
	sort   sortScratch
	window sim.Time // the next window's length
	target int      // requests a window aims at
	// limit is the most requests a window holds (below its end, left
	// aside) before it is cut short.
	limit   int
	horizon sim.Time
	id      int64
	// one is the generator of a stream of one Poisson service, which
	// nextOne draws from directly (poisson.go); nil otherwise.
	one *poisson
}

// arrival is a request drawn but not yet returned.
type arrival struct {
	at   sim.Time
	work models.Work
	svc  int32 // Request.Service
	src  int32 // the source that drew it: equal times go in source order
}

// before orders requests by time, then by source: services in their
// order, then the feeds.
func (a *arrival) before(b *arrival) bool {
	return a.at < b.at || (a.at == b.at && a.src < b.src)
}

// streamTarget is how many requests a window aims at, at least (a larger
// fleet's window holds about one per source; see NewStream): 512 of 40 B,
// 20 KiB.
//
// The window is small so that it stays in the caches between its drawing
// and its reading: a window's requests are written by refill, sorted, and
// read one at a time while the models run in between, touching their own
// per-service and per-pod state. A window of 4,096 (160 KiB, and as much
// again for sortArrivals' copy) was evicted from a 1 MiB second-level cache
// by the time it was read. Under callgrind's cache simulation (32 KiB
// first level, 1 MiB second) a 5-minute run of the 500-deployment
// Kubernetes fleet of BenchmarkFleetVsSingleCPU made 1.16 M second-level
// misses at 4,096, 1.11 M at 2,048, 0.90 M at 1,024, 0.75 M at 512 and
// 0.72 M at 256 (the single deployment 0.10 M), for 16 more instructions a
// request at 512 (refill's sweeps over the sources, once a window). The
// window's length and size do not change the requests or their order
// (refill).
const streamTarget = 1 << 9

// NewStream returns the stream of requests of cfg arriving in [0, horizon),
// generated from seed. cfg must be valid (see Config.Validate); NewStream
// panics otherwise.
func NewStream(cfg Config, seed uint64, horizon time.Duration) *Stream {
	if err := cfg.Validate(); err != nil {
		panic("workload: invalid config: " + err.Error())
	}
	s := &Stream{
		src:     make([]source, len(cfg.Services)),
		horizon: sim.At(horizon),
	}
	feeds := map[Feed]int{} // feed → its source's position
	for i, svc := range cfg.Services {
		src := &s.src[i]
		*src = source{
			arrivals:  sim.Stream(seed, svc.streams()+"/arrivals"),
			work:      sim.Stream(seed, svc.streams()+"/work"),
			cpu:       svc.CPU,
			io:        svc.IO,
			dur:       svc.Duration,
			cpuFrac:   svc.CPUFraction,
			scale:     svc.Arrivals.Scale,
			payloadKB: svc.PayloadKB,
			index:     i,
		}
		if a := svc.Arrivals; a.Process == Replay {
			// The service's arrivals come from its feed's source.
			src.next = sim.Never
			f, ok := feeds[a.Feed]
			if !ok {
				f = len(s.src)
				feeds[a.Feed] = f
				s.src = append(s.src, source{feed: &feeder{pass: a.Feed.Open()}})
				src = &s.src[i] // s.src may have moved
			}
			fd := s.src[f].feed
			for len(fd.svc) <= a.FeedIndex {
				fd.svc = append(fd.svc, -1)
			}
			fd.svc[a.FeedIndex] = int32(i)
			continue
		}
		src.gen = newGenerator(svc.Arrivals)
	}
	for i := range s.src {
		if !s.src[i].advance(s) {
			s.src[i].next = sim.Never
		}
	}
	s.next = make([]sim.Time, len(s.src))
	s.first = sim.Never
	for i := range s.src {
		s.next[i] = s.src[i].next
		s.first = min(s.first, s.next[i])
	}
	s.target = max(streamTarget, len(s.src))
	s.limit = 4 * s.target
	s.window = sim.Time(time.Millisecond)
	if len(s.src) == 1 {
		s.one, _ = s.src[0].gen.(*poisson)
	}
	return s
}

// streams is the prefix of the service's random stream names.
func (s Service) streams() string { return streams.Base(s.Streams, "workload", s.Name) }

// newGenerator builds the arrival generator of a valid Arrivals.
func newGenerator(a Arrivals) generator {
	if a.clocked() {
		return newClock(a)
	}
	switch a.Process {
	case Even:
		return newPiecewise(a.segments(), 0, 0, Regular)
	case Profile:
		return newPiecewise(a.profileSegments(), a.Repeat.period(), a.Days, a.Spacing)
	case Diurnal:
		return newThinning(a, a.Spacing)
	case Bursts:
		return newBursts(a, a.Spacing)
	case Counts:
		return newBinned(a)
	}
	segs := a.segments()
	if p := newPoisson(segs, a.Spacing); p != nil {
		return p // the same arrivals, fewer instructions (poisson.go)
	}
	return newPiecewise(segs, 0, 0, a.Spacing)
}

// advance draws the source's next arrival; false when there is none before
// the horizon (a replayed service's source never has one: its feed's does).
func (src *source) advance(s *Stream) bool {
	if src.feed != nil {
		return src.advanceFeed(s)
	}
	if src.gen == nil {
		return false
	}
	t, ok := src.gen.next(src.arrivals, s.horizon)
	if !ok || t >= s.horizon {
		src.next = sim.Never
		return false
	}
	src.next = t
	return true
}

// advanceFeed moves a feed's source to its next arrival: another copy of
// the pending row (a Scale above 1), or the next row for a service of the
// Config, scaled by its service's Scale.
func (src *source) advanceFeed(s *Stream) bool {
	f := src.feed
	for f.copies == 0 {
		row, ok := f.pass.Next()
		if !ok {
			src.next = sim.Never
			return false
		}
		at := sim.At(row.At)
		if at < f.last {
			panic(fmt.Sprintf("workload: feed rows out of order: %v after %v", row.At, time.Duration(f.last)))
		}
		f.last = at
		if at >= s.horizon {
			src.next = sim.Never
			return false
		}
		if row.Service < 0 || row.Service >= len(f.svc) || f.svc[row.Service] < 0 {
			continue // rows of a service the Config does not have
		}
		svc := &s.src[f.svc[row.Service]]
		f.copies = scaleCount(1, svc.scale, svc.arrivals)
		f.row, src.next, src.index = row, at, svc.index
	}
	f.copies--
	return true
}

// Next returns the next request: arrivals in non-decreasing order (equal
// times in service order, replayed rows after the other services' arrivals
// and in their feed's order), IDs dense from 0. It returns false once every
// service has passed the horizon, and from then on.
func (s *Stream) Next() (models.Request, bool) {
	var req models.Request
	ok := s.NextInto(&req)
	return req, ok
}

// NextInto is Next writing the request into *req (models.IntoSource); on
// false *req is left as it was.
func (s *Stream) NextInto(req *models.Request) bool {
	if len(s.src) == 1 {
		return s.nextOne(req)
	}
	if s.head == len(s.out) && !s.refill() {
		return false
	}
	a := &s.out[s.head]
	s.head++
	req.ID, req.Arrival, req.Service, req.Work, req.Cold = s.id, a.at, int(a.svc), a.work, false
	s.id++
	return true
}

// nextOne is NextInto for a stream of one source, which has nothing to
// merge: the request is drawn as it is returned, with no window.
func (s *Stream) nextOne(req *models.Request) bool {
	src := &s.src[0]
	if src.next == sim.Never {
		return false
	}
	req.ID, req.Arrival, req.Service, req.Cold = s.id, src.next, src.index, false
	req.Work = src.draw()
	s.id++
	if s.one != nil {
		// a Poisson service: its generator called directly, without the
		// interface call and the feed's test (poisson.go)
		t, ok := s.one.next(src.arrivals, s.horizon)
		if !ok || t >= s.horizon {
			t = sim.Never
		}
		src.next = t
	} else if !src.advance(s) {
		src.next = sim.Never
	}
	return true
}

// refill draws the next window's requests into out, sorted; false when
// every source has passed the horizon and nothing is left.
//
// The window starts at the earliest arrival not yet returned, so stretches
// without arrivals cost nothing, and ends window later. Every source draws
// its arrivals before the end, so once the sweep is done nothing earlier
// than the end is still to come and the window's requests can go out. Were
// a window to hold more than limit requests (a burst after a long quiet
// stretch that widened the window), it is cut short: its end moves back to
// the median of what it holds, and what was drawn past the new end waits in
// left for the next window. Memory stays bounded and the order is the same.
func (s *Stream) refill() bool {
	from := s.first
	for i := range s.left {
		from = min(from, s.left[i].at)
	}
	if from == sim.Never {
		return false
	}
	end := sim.Never
	if s.window < sim.Never-from {
		end = from + s.window
	}
	buf := append(s.buf[:0], s.left...)
	below := 0 // requests in buf before end
	for i := range buf {
		if buf[i].at < end {
			below++
		}
	}
	cut, floor := false, false
	first := sim.Never
	for i := range s.src {
		for s.next[i] < end {
			if below >= s.limit && !floor {
				end, floor = lower(buf, end)
				below, cut = 0, true
				for j := range buf {
					if buf[j].at < end {
						below++
					}
				}
				continue
			}
			buf = append(buf, arrival{})
			s.take(i, &buf[len(buf)-1])
			below++
		}
		// Only this iteration moves next[i]: its value now is the one the
		// next window starts from.
		first = min(first, s.next[i])
	}
	s.first = first
	// The window's requests to out, the rest (drawn past a cut end) to left,
	// each in the order drawn; out is sorted unless it already is (one
	// source).
	out, left := buf, s.left[:0]
	if below < len(buf) {
		out = s.out[:0]
		for i := range buf {
			if buf[i].at >= end {
				left = append(left, buf[i])
			} else {
				out = append(out, buf[i])
			}
		}
		// buf is free again: its requests are in out and left.
	} else {
		buf = s.out // out takes buf's array; the old out's is free
	}
	for i := 1; i < len(out); i++ {
		if out[i].before(&out[i-1]) {
			out, buf = sortArrivals(out, buf, from, end, &s.sort)
			break
		}
	}
	s.out, s.left, s.buf, s.head = out, left, buf, 0
	s.adapt(len(out), end-from, cut)
	return true
}

// take draws source i's pending request into *a, and its next arrival.
// *a is written in place: a struct built on the stack and copied would
// wait on store forwarding (see models.IntoSource).
func (s *Stream) take(i int, a *arrival) {
	src := &s.src[i]
	a.at, a.svc, a.src = src.next, int32(src.index), int32(i)
	if src.feed != nil {
		a.work = s.src[src.index].replayed(src.feed.row.Duration)
	} else {
		a.work = src.draw()
	}
	if !src.advance(s) {
		src.next = sim.Never
	}
	s.next[i] = src.next
}

// adapt sets the next window's length from this one's: n requests over
// span. Halved (as often as needed) above twice the target, doubled below
// half of it; a window cut short is the length to start again from.
func (s *Stream) adapt(n int, span sim.Time, cut bool) {
	switch {
	case cut:
		s.window = max(span, 1)
	case n > 2*s.target:
		s.window = max(s.window>>bits.Len(uint(n/s.target-1)), 1)
	case n < s.target/2 && s.window <= sim.Never/2:
		s.window *= 2
	}
}

// lower is the end a window too full is cut back to: the median arrival
// of the requests drawn before end, or just after the earliest when half
// of them share that instant, so that some requests always go out. floor
// tells that the end is just after the earliest: it cannot move back again,
// and the window takes every arrival at that instant, however many.
func lower(buf []arrival, end sim.Time) (_ sim.Time, floor bool) {
	var at []sim.Time
	for i := range buf {
		if buf[i].at < end {
			at = append(at, buf[i].at)
		}
	}
	slices.Sort(at)
	m := at[len(at)/2]
	if m == at[0] {
		return m + 1, true
	}
	return m, false
}

// sortArrivals sorts a, every arrival in [from, end), by (at, src),
// keeping the order of equal keys (a source's arrivals at one instant), and
// returns the sorted slice and the other (scratch) one.
//
// What is sorted is a key of 8 bytes per arrival, the arrival's time from
// the window's start above its position in a: keys are unique, so their
// order is the arrivals' by time and then position, which is (at, src)
// because a window draws source by source (refill; requests carried over
// from a cut window come first and are from lower sources than any drawn
// at the same instant later). A counting sort spreads the keys over about
// len(a) buckets of equal time, in order; a bucket holds one or two, put in
// order by insertion. The keys, 4 KiB for 512 arrivals, stay in the
// first-level cache, where the arrivals themselves are five times as large;
// they are then gathered in order once. A window too long for the key (2^47
// ns, 39 hours) or too full for the position (65,536) sorts the arrivals by
// comparison instead.
func sortArrivals(a, tmp []arrival, from, end sim.Time, scratch *sortScratch) (sorted, spare []arrival) {
	tmp = slices.Grow(tmp[:0], len(a))[:len(a)]
	if len(a) > 1<<sortPosBits || uint64(end-1-from) >= 1<<(63-sortPosBits) {
		copy(tmp, a)
		slices.SortStableFunc(tmp, func(x, y arrival) int {
			return cmp.Or(cmp.Compare(x.at, y.at), cmp.Compare(x.src, y.src))
		})
		return tmp, a
	}
	nb := 1 << bits.Len(uint(len(a)))
	shift := max(bits.Len64(uint64(end-1-from))-bits.Len(uint(nb-1)), 0)
	c := slices.Grow(scratch.counts[:0], nb+1)[:nb+1]
	clear(c)
	for i := range a {
		c[uint64(a[i].at-from)>>shift+1]++
	}
	for b := 1; b <= nb; b++ {
		c[b] += c[b-1]
	}
	keys := slices.Grow(scratch.keys[:0], len(a))[:len(a)]
	for i := range a {
		d := uint64(a[i].at - from)
		b := d >> shift
		keys[c[b]] = d<<sortPosBits | uint64(i)
		c[b]++
	}
	// Buckets are in order: what is left out of order is within a bucket,
	// put in place by insertion. Should the arrivals crowd into a few
	// buckets, a comparison sort takes over once insertion has moved them
	// more than a few places each.
	moves := 0
	for i := 1; i < len(keys); i++ {
		x := keys[i]
		j := i
		for ; j > 0 && x < keys[j-1]; j-- {
			keys[j] = keys[j-1]
		}
		keys[j] = x
		if moves += i - j; moves > 8*len(keys) {
			slices.Sort(keys)
			break
		}
	}
	for i, k := range keys {
		tmp[i] = a[k&(1<<sortPosBits-1)]
	}
	scratch.counts, scratch.keys = c, keys
	return tmp, a
}

// sortPosBits is the bits of an arrival's position in sortArrivals' keys.
const sortPosBits = 16

// sortScratch is sortArrivals' memory, kept from one window to the next.
type sortScratch struct {
	counts []int32
	keys   []uint64
}

// draw samples one request's work: its Duration, split, or CPU then IO.
func (src *source) draw() models.Work {
	if src.dur != nil {
		return src.split(src.dur.Sample(src.work))
	}
	w := models.Work{PayloadKB: src.payloadKB}
	if src.cpu != nil {
		w.CPU = src.cpu.Sample(src.work)
	}
	if src.io != nil {
		w.IO = src.io.Sample(src.work)
	}
	return w
}

// replayed is the work of a replayed row of the service: its duration,
// split, or drawn when the row has none.
func (src *source) replayed(d time.Duration) models.Work {
	if d < 0 {
		return src.draw()
	}
	return src.split(d)
}

// split divides a measured duration: CPUFraction of it (rounded to the
// nanosecond) is CPU, the rest IO, so the two add up to d exactly.
func (src *source) split(d time.Duration) models.Work {
	cpu := time.Duration(math.Round(float64(d) * src.cpuFrac))
	return models.Work{CPU: cpu, IO: d - cpu, PayloadKB: src.payloadKB}
}
