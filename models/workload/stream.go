package workload

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
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
// state per service and nothing per request.
type Stream struct {
	src []source // the services, then one source per feed
	// tree merges the sources' next arrivals as a tournament of losers
	// (Knuth, TAOCP vol. 3, §5.4.1, replacement selection): with n
	// sources, leaf i is source i at position n+i (implicit), node p < n
	// holds the loser of the match between its children 2p and 2p+1, and
	// tree[0] the overall winner, the next arrival. A source's new arrival
	// replays only the matches on its leaf's path to the root, one
	// comparison per level (⌈log₂ n⌉, 9 for 500 services), where the 4-ary
	// heap it replaces compared up to four children per level on the way
	// down (issue 13: a fleet within 1.3× of one service per request). An
	// exhausted source stays in as sim.Never and loses every match.
	tree    []pending
	horizon sim.Time
	id      int64
	// one is the generator of a stream of one Poisson service, which
	// NextInto draws from directly (nextOne, poisson.go); nil otherwise.
	one *poisson
}

// pending is a source's next arrival as the merge tree holds it: the time
// beside the source's index, so a match compares within the tree's own
// array instead of loading each source (a fleet's sources are many and
// large, and the loads were cache misses on every request).
type pending struct {
	at  sim.Time
	src int32 // index into Stream.src, which is also the source's pos
}

// before orders arrivals by time, then by source: services in their
// order, then the feeds. Keys are unique, so the tree's shape never
// changes which arrival comes next.
func (p pending) before(q pending) bool {
	return p.at < q.at || (p.at == q.at && p.src < q.src)
}

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
	s.build()
	if len(s.src) == 1 {
		s.one, _ = s.src[0].gen.(*poisson)
	}
	return s
}

// build plays the tournament of every source's first arrival: each node
// keeps the loser of its match and passes the winner up.
func (s *Stream) build() {
	n := len(s.src)
	win := make([]pending, 2*n) // win[p]: the winner below node p; leaves at n+i
	for i := range s.src {
		win[n+i] = pending{at: s.src[i].next, src: int32(i)}
	}
	s.tree = make([]pending, max(n, 1))
	for p := n - 1; p >= 1; p-- {
		a, b := win[2*p], win[2*p+1]
		if b.before(a) {
			a, b = b, a
		}
		win[p], s.tree[p] = a, b
	}
	s.tree[0] = pending{at: sim.Never}
	if n > 0 {
		s.tree[0] = win[1] // the root's winner, or the only leaf
	}
}

// streams is the prefix of the service's random stream names.
func (s Service) streams() string {
	if s.Streams != "" {
		return s.Streams
	}
	return "workload/" + s.Name
}

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
	if s.one != nil {
		return s.nextOne(req)
	}
	if s.tree[0].at == sim.Never {
		return false
	}
	top := s.tree[0].src
	src := &s.src[top]
	req.ID, req.Arrival, req.Service, req.Cold = s.id, src.next, src.index, false
	if src.feed != nil {
		req.Work = s.src[src.index].replayed(src.feed.row.Duration)
	} else {
		req.Work = src.draw()
	}
	s.id++
	if !src.advance(s) {
		src.next = sim.Never
	}
	s.replay(pending{at: src.next, src: top})
	return true
}

// replay enters the winner's next arrival c at its leaf and plays the
// matches on the way to the root: at each node the earlier of c and the
// loser kept there goes on up, the later stays.
func (s *Stream) replay(c pending) {
	t := s.tree
	for p := (len(t) + int(c.src)) >> 1; p > 0; p >>= 1 {
		if t[p].before(c) {
			t[p], c = c, t[p]
		}
	}
	t[0] = c
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
