package workload

import (
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
	// PayloadKB is the same for every request of the service.
	PayloadKB float64
}

// generator produces one service's arrival times in non-decreasing order.
type generator interface {
	// next returns the following arrival time, or false when there is none
	// before horizon.
	next(r *rand.Rand, horizon sim.Time) (sim.Time, bool)
}

// source is one service's state inside a Stream.
type source struct {
	gen       generator
	arrivals  *rand.Rand
	work      *rand.Rand
	cpu, io   dist.Dist
	payloadKB float64
	next      sim.Time // the pending arrival; sim.Never when exhausted
	index     int
}

// Stream generates the requests of a Config in arrival order. It keeps O(1)
// state per service and nothing per request.
type Stream struct {
	src     []source
	heap    []int32 // indices into src by (next, index); exhausted sources leave it
	horizon sim.Time
	id      int64
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
		heap:    make([]int32, 0, len(cfg.Services)),
		horizon: sim.At(horizon),
	}
	for i, svc := range cfg.Services {
		src := &s.src[i]
		*src = source{
			gen:       newGenerator(svc.Arrivals),
			arrivals:  sim.Stream(seed, svc.streams()+"/arrivals"),
			work:      sim.Stream(seed, svc.streams()+"/work"),
			cpu:       svc.CPU,
			io:        svc.IO,
			payloadKB: svc.PayloadKB,
			index:     i,
		}
		if src.advance(s.horizon) {
			s.heap = append(s.heap, int32(i))
			s.up(len(s.heap) - 1)
		}
	}
	return s
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
	}
	return newPiecewise(a.segments(), 0, 0, a.Spacing)
}

// advance draws the source's next arrival; false when there is none before
// horizon.
func (src *source) advance(horizon sim.Time) bool {
	t, ok := src.gen.next(src.arrivals, horizon)
	if !ok || t >= horizon {
		src.next = sim.Never
		return false
	}
	src.next = t
	return true
}

// Next returns the next request: arrivals in non-decreasing order (equal
// times in service order), IDs dense from 0. It returns false once every
// service has passed the horizon, and from then on.
func (s *Stream) Next() (models.Request, bool) {
	if len(s.heap) == 0 {
		return models.Request{}, false
	}
	src := &s.src[s.heap[0]]
	req := models.Request{ID: s.id, Arrival: src.next, Service: src.index, Work: src.draw()}
	s.id++
	if !src.advance(s.horizon) {
		last := len(s.heap) - 1
		s.heap[0] = s.heap[last]
		s.heap = s.heap[:last]
	}
	s.down(0)
	return req, true
}

// draw samples one request's work: CPU, then IO.
func (src *source) draw() models.Work {
	w := models.Work{PayloadKB: src.payloadKB}
	if src.cpu != nil {
		w.CPU = src.cpu.Sample(src.work)
	}
	if src.io != nil {
		w.IO = src.io.Sample(src.work)
	}
	return w
}

// less orders heap entries by pending arrival, then service index.
func (s *Stream) less(i, j int) bool {
	a, b := &s.src[s.heap[i]], &s.src[s.heap[j]]
	if a.next != b.next {
		return a.next < b.next
	}
	return a.index < b.index
}

func (s *Stream) up(i int) {
	for i > 0 {
		parent := (i - 1) / 2
		if !s.less(i, parent) {
			return
		}
		s.heap[i], s.heap[parent] = s.heap[parent], s.heap[i]
		i = parent
	}
}

func (s *Stream) down(i int) {
	n := len(s.heap)
	for {
		small := i
		if l := 2*i + 1; l < n && s.less(l, small) {
			small = l
		}
		if r := 2*i + 2; r < n && s.less(r, small) {
			small = r
		}
		if small == i {
			return
		}
		s.heap[i], s.heap[small] = s.heap[small], s.heap[i]
		i = small
	}
}
