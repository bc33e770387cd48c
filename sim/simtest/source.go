package simtest

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// List is a models.Source that replays a fixed slice of requests, which
// must be in arrival order.
type List struct {
	Reqs []models.Request
	next int
}

// At is one request for service 0 at each offset, all with work w.
func At(w models.Work, offsets ...time.Duration) *List {
	l := &List{}
	for _, o := range offsets {
		l.Add(1, o, 0, w)
	}
	return l
}

// Add appends n requests for service at offset at, all with work w,
// numbered on from the requests already in the list.
func (l *List) Add(n int, at time.Duration, service int, w models.Work) *List {
	for range n {
		l.Reqs = append(l.Reqs, models.Request{ID: int64(len(l.Reqs)), Arrival: sim.At(at), Service: service, Work: w})
	}
	return l
}

// Next implements models.Source.
func (l *List) Next() (models.Request, bool) {
	if l.next >= len(l.Reqs) {
		return models.Request{}, false
	}
	l.next++
	return l.Reqs[l.next-1], true
}

// Sampler draws a duration from r; internal/dist's distributions are
// Samplers.
type Sampler interface {
	Sample(r *rand.Rand) time.Duration
}

// step is an arrival rate that holds from from on.
type step struct {
	from          time.Duration
	ratePerSecond float64
}

// Poisson is a models.Source of Poisson arrivals whose rate may step over
// time, with each request's work drawn from CPU then IO (a nil Sampler
// draws nothing and gives zero). Arrival gaps and work come from one
// stream, so a given seed always yields the same requests.
type Poisson struct {
	CPU, IO   Sampler
	PayloadKB float64
	Service   int

	steps   []step // in order of from; the first from 0
	horizon sim.Time
	r       *rand.Rand
	t       float64 // seconds
	n       int64
	cur     int // index of the step in force at t
}

// NewPoisson is rate arrivals per second until horizon, seeded by seed.
func NewPoisson(rate float64, cpu, io Sampler, horizon time.Duration, seed uint64) *Poisson {
	return &Poisson{steps: []step{{0, rate}}, CPU: cpu, IO: io, horizon: sim.At(horizon), r: rand.New(rand.NewPCG(seed, 99))}
}

// Step changes the rate to ratePerSecond from offset from on. Steps are
// added in time order.
func (p *Poisson) Step(from time.Duration, ratePerSecond float64) *Poisson {
	p.steps = append(p.steps, step{from, ratePerSecond})
	return p
}

// Generated is the number of requests returned so far.
func (p *Poisson) Generated() int64 { return p.n }

// rateAt is the rate at t seconds and when it next changes. Times only grow,
// so the current step is remembered and only moved forward: the lookup
// costs nothing per request (it is part of what the benchmarks measure).
func (p *Poisson) rateAt(t float64) (rate float64, next float64) {
	for p.cur+1 < len(p.steps) && p.steps[p.cur+1].from.Seconds() <= t {
		p.cur++
	}
	if p.cur+1 < len(p.steps) {
		return p.steps[p.cur].ratePerSecond, p.steps[p.cur+1].from.Seconds()
	}
	return p.steps[p.cur].ratePerSecond, math.Inf(1)
}

// Next implements models.Source.
func (p *Poisson) Next() (models.Request, bool) {
	var req models.Request
	ok := p.NextInto(&req)
	return req, ok
}

// NextInto implements models.IntoSource: Next, written into *req (left as
// it was on false).
func (p *Poisson) NextInto(req *models.Request) bool {
	for {
		rate, next := p.rateAt(p.t)
		if rate <= 0 {
			if math.IsInf(next, 1) {
				return false
			}
			p.t = next
			continue
		}
		dt := p.r.ExpFloat64() / rate
		if p.t+dt >= next {
			p.t = next // memoryless: restart the draw at the step
			continue
		}
		p.t += dt
		break
	}
	at := sim.Time(p.t * 1e9)
	if at >= p.horizon {
		return false
	}
	w := models.Work{PayloadKB: p.PayloadKB}
	if p.CPU != nil {
		w.CPU = p.CPU.Sample(p.r)
	}
	if p.IO != nil {
		w.IO = p.IO.Sample(p.r)
	}
	req.ID, req.Arrival, req.Service, req.Work, req.Cold = p.n, at, p.Service, w, false
	p.n++
	return true
}
