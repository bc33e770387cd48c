package kubernetes

import (
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simtest"
)

// newPoisson is Poisson arrivals for deployment 0 with cpu and io drawn
// from distribution specs.
func newPoisson(rate float64, cpu, io string, horizon time.Duration, seed uint64) *simtest.Poisson {
	return simtest.NewPoisson(rate, dist.MustParse(cpu), dist.MustParse(io), horizon, seed)
}

// reqsAt builds requests at the given offsets with the given work.
func reqsAt(w models.Work, offsets ...time.Duration) *simtest.List { return simtest.At(w, offsets...) }

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

// simulate runs cfg against src until horizon and checks conservation;
// each of before first sets up hooks on the kernel and the new cluster.
func simulate(t testing.TB, cfg Config, src models.Source, horizon time.Duration, seed uint64, before ...func(k *sim.Kernel, c *Cluster)) result {
	t.Helper()
	k := sim.New(seed)
	rec := metrics.NewRecorder(10*time.Second, cfg.Services())
	c, err := New(k, cfg, rec)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	for _, f := range before {
		f(k, c)
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
	simtest.CheckConservation(t, m)
	live := int64(0)
	for i := range int32(c.reqs.Len()) {
		if c.reqs.At(i).live {
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
