package kubernetes

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

// poisson generates Poisson arrivals whose rate may step over time, with
// work drawn from distributions.
type poisson struct {
	steps   []step // rate per second from each offset on
	cpu, io dist.Dist
	payload float64
	horizon sim.Time
	r       *rand.Rand
	t       float64 // seconds
	id      int64
	service int
}

type step struct {
	from time.Duration
	rate float64
}

func newPoisson(rate float64, cpu, io string, horizon time.Duration, seed uint64) *poisson {
	return &poisson{steps: []step{{0, rate}}, cpu: dist.MustParse(cpu), io: dist.MustParse(io),
		horizon: sim.At(horizon), r: rand.New(rand.NewPCG(seed, 99))}
}

func (p *poisson) rateAt(t float64) (rate float64, next float64) {
	next = math.Inf(1)
	for i, s := range p.steps {
		if s.from.Seconds() <= t {
			rate = s.rate
			if i+1 < len(p.steps) {
				next = p.steps[i+1].from.Seconds()
			} else {
				next = math.Inf(1)
			}
		}
	}
	return rate, next
}

func (p *poisson) Next() (models.Request, bool) {
	for {
		rate, next := p.rateAt(p.t)
		if rate <= 0 {
			if math.IsInf(next, 1) {
				return models.Request{}, false
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
		return models.Request{}, false
	}
	req := models.Request{ID: p.id, Arrival: at, Service: p.service,
		Work: models.Work{CPU: p.cpu.Sample(p.r), IO: p.io.Sample(p.r), PayloadKB: p.payload}}
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

// reqsAt builds requests at the given offsets with the given work.
func reqsAt(w models.Work, offsets ...time.Duration) *list {
	l := &list{}
	for i, o := range offsets {
		l.reqs = append(l.reqs, models.Request{ID: int64(i), Arrival: sim.At(o), Work: w})
	}
	return l
}

// instant makes every lifecycle stage take no time and routes randomly
// (no ALB registration), for checks that are not about start-up.
func instant(d *Deployment) {
	d.ImagePull = dist.Const(0)
	d.ContainerStart = dist.Const(0)
	d.AppInit = dist.Const(0)
	d.ReadinessPeriod = 0
	d.EndpointPropagation = dist.Const(0)
	d.ALBRegistration = dist.Const(0)
	d.Routing = KubeProxyRandom
}

// oneDeployment is the default cluster with one deployment "web".
func oneDeployment(tweak func(*Config, *Deployment)) Config {
	c := DefaultConfig()
	d := DefaultDeployment("web")
	if tweak != nil {
		tweak(&c, &d)
	}
	c.Deployments = []Deployment{d}
	return c
}

type result struct {
	k   *sim.Kernel
	c   *Cluster
	rec *metrics.Recorder
	end sim.Time
}

// simulate runs cfg against src until horizon and checks conservation.
func simulate(t testing.TB, cfg Config, src models.Source, horizon time.Duration, seed uint64) result {
	t.Helper()
	k := sim.New(seed)
	rec := metrics.NewRecorder(10*time.Second, len(cfg.Deployments))
	c, err := New(k, cfg, rec)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	models.Drive(k, src, c, rec)
	end := sim.At(horizon)
	k.RunUntil(end)
	rec.Close(end)
	checkConservation(t, rec, c)
	return result{k, c, rec, end}
}

// checkConservation checks arrivals = completed + throttled + rejected +
// failed + in_flight, and that the model's own counts agree.
func checkConservation(t testing.TB, m *metrics.Recorder, c *Cluster) {
	t.Helper()
	sum := m.Count(models.Completed) + m.Count(models.Throttled) + m.Count(models.Rejected) + m.Count(models.Failed) + m.InFlight()
	if sum != m.Arrivals() || m.InFlight() < 0 {
		t.Fatalf("conservation: arrivals %d ≠ completed+throttled+rejected+failed+in_flight %d", m.Arrivals(), sum)
	}
	live := int64(0)
	for i := range c.reqs {
		if c.reqs[i].live {
			live++
		}
	}
	if live != m.InFlight() {
		t.Fatalf("conservation: %d requests live in the model, recorder says %d in flight", live, m.InFlight())
	}
	var arr, done, rej, fail int64
	for _, d := range c.Usage().Deployments {
		arr += d.Arrivals
		done += d.Completed
		rej += d.QueueFull + d.NoEndpoints
		fail += d.TimedOut + d.Lost
	}
	if arr != m.Arrivals() || done != m.Count(models.Completed) || rej != m.Count(models.Rejected) || fail != m.Count(models.Failed) {
		t.Fatalf("stats: arrivals %d completed %d rejected %d failed %d; recorder %d %d %d %d",
			arr, done, rej, fail, m.Arrivals(), m.Count(models.Completed), m.Count(models.Rejected), m.Count(models.Failed))
	}
}

func relErr(got, want float64) float64 { return math.Abs(got-want) / want }

// erlangC is the probability of waiting in an M/M/c queue with offered
// load a = λ/μ: C = B·c/(c − a(1 − B)) with B = Erlang B(c, a).
func erlangC(c int, a float64) float64 {
	b := 1.0
	for k := 1; k <= c; k++ {
		b = a * b / (float64(k) + a*b)
	}
	return float64(c) * b / (float64(c) - a*(1-b))
}

func simKernel(seed uint64) *sim.Kernel { return sim.New(seed) }
