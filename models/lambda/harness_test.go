package lambda

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// poisson generates Poisson arrivals with work from a distribution.
type poisson struct {
	rate    float64
	io      dist.Dist
	horizon sim.Time
	r       *rand.Rand
	t       float64 // seconds
	id      int64
	service int
}

func newPoisson(rate float64, io string, horizon time.Duration, seed uint64) *poisson {
	return &poisson{rate: rate, io: dist.MustParse(io), horizon: sim.At(horizon), r: rand.New(rand.NewPCG(seed, 99))}
}

func (p *poisson) Next() (models.Request, bool) {
	p.t += p.r.ExpFloat64() / p.rate
	at := sim.Time(p.t * 1e9)
	if at >= p.horizon {
		return models.Request{}, false
	}
	req := models.Request{ID: p.id, Arrival: at, Service: p.service, Work: models.Work{IO: p.io.Sample(p.r)}}
	p.id++
	return req, true
}

// list replays a fixed slice of requests.
type list struct {
	reqs []models.Request
	i    int
}

func (l *list) Next() (models.Request, bool) {
	if l.i >= len(l.reqs) {
		return models.Request{}, false
	}
	l.i++
	return l.reqs[l.i-1], true
}

// burst is n requests at the same instant, each with the same io.
func burst(n int, at time.Duration, io time.Duration) *list {
	l := &list{}
	for i := range n {
		l.reqs = append(l.reqs, models.Request{ID: int64(i), Arrival: sim.At(at), Work: models.Work{IO: io}})
	}
	return l
}

// region builds a one-function region from fn and cfg tweaks.
func oneFunction(tweak func(*Config, *Function)) Config {
	c := DefaultConfig()
	f := DefaultFunction("fn")
	if tweak != nil {
		tweak(&c, &f)
	}
	c.Functions = []Function{f}
	return c
}

// noColdStart makes environments appear instantly.
func noColdStart(f *Function) {
	f.Init = dist.Const(0)
	f.PlatformOverhead = dist.Const(0)
}

type result struct {
	k   *sim.Kernel
	r   *Region
	rec *metrics.Recorder
	end sim.Time
}

// simulate runs cfg against src until horizon (the end of the run).
func simulate(t testing.TB, cfg Config, src models.Source, horizon time.Duration, rec models.Recorder) result {
	t.Helper()
	k := sim.New(1)
	mrec := metrics.NewRecorder(time.Minute, len(cfg.Functions))
	var to models.Recorder = mrec
	if rec != nil {
		to = tee{mrec, rec}
	}
	r, err := New(k, cfg, to)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	models.Drive(k, src, r, to)
	end := sim.At(horizon)
	k.RunUntil(end)
	mrec.Close(end)
	checkConservation(t, mrec)
	return result{k, r, mrec, end}
}

func checkConservation(t testing.TB, m *metrics.Recorder) {
	t.Helper()
	sum := m.Count(models.Completed) + m.Count(models.Throttled) + m.Count(models.Rejected) + m.Count(models.Failed) + m.InFlight()
	if sum != m.Arrivals() || m.InFlight() < 0 {
		t.Fatalf("conservation: arrivals %d ≠ completed+throttled+rejected+failed+in_flight %d", m.Arrivals(), sum)
	}
}

// tee sends every observation to two recorders.
type tee [2]models.Recorder

func (t tee) Arrive(now sim.Time, req *models.Request) {
	t[0].Arrive(now, req)
	t[1].Arrive(now, req)
}
func (t tee) Finish(now sim.Time, req *models.Request, o models.Outcome, l time.Duration) {
	t[0].Finish(now, req, o, l)
	t[1].Finish(now, req, o, l)
}
func (t tee) ColdStart(now sim.Time, s int) { t[0].ColdStart(now, s); t[1].ColdStart(now, s) }
func (t tee) Gauge(now sim.Time, g models.Gauge, v float64) {
	t[0].Gauge(now, g, v)
	t[1].Gauge(now, g, v)
}

// erlangB is the blocking probability of an M/G/c/c loss system with offered
// load a, by the stable recurrence B(0)=1, B(k) = a·B(k−1)/(k + a·B(k−1)).
func erlangB(c int, a float64) float64 {
	b := 1.0
	for k := 1; k <= c; k++ {
		b = a * b / (float64(k) + a*b)
	}
	return b
}

func relErr(got, want float64) float64 { return math.Abs(got-want) / want }
