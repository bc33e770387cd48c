package kubernetes

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/execsim/execsim/sim"
)

// scanLeast is the choice least-outstanding routing made before the tree:
// a scan from start, round the list, keeping the first strict minimum.
func scanLeast(vals []int32, start int) int {
	best := -1
	for j := range vals {
		i := (start + j) % len(vals)
		if best < 0 || vals[i] < vals[best] {
			best = i
		}
	}
	return best
}

// The tree picks exactly the pod the scan picked, ties included, through
// sets, pushes and rebuilds of every size up to a few hundred.
func TestOutTreeMatchesScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 5))
	for _, tc := range []struct{ n, spread int }{{1, 1}, {2, 2}, {3, 1}, {7, 3}, {16, 2}, {17, 4}, {100, 3}, {333, 10}} {
		t.Run(fmt.Sprintf("n=%d/spread=%d", tc.n, tc.spread), func(t *testing.T) {
			var tr outTree
			var vals []int32
			for range tc.n {
				v := int32(rng.IntN(tc.spread))
				vals = append(vals, v)
				tr.push(v)
			}
			for step := range 2000 {
				switch r := rng.IntN(10); {
				case r < 7:
					i := rng.IntN(len(vals))
					vals[i] = int32(rng.IntN(tc.spread))
					tr.set(i, vals[i])
				case r < 8 && len(vals) > 1:
					i := rng.IntN(len(vals))
					vals = append(vals[:i], vals[i+1:]...)
					tr.rebuild(func(j int) int32 { return vals[j] }, len(vals))
				case r < 9:
					vals = append(vals, int32(rng.IntN(tc.spread)))
					tr.push(vals[len(vals)-1])
				}
				start := rng.IntN(len(vals))
				if got, want := tr.least(start), scanLeast(vals, start); got != want {
					t.Fatalf("step %d, start %d, values %v: tree picks %d, the scan %d", step, start, vals, got, want)
				}
			}
		})
	}
	var empty outTree
	if got := empty.least(0); got != -1 {
		t.Errorf("an empty tree picks %d; want -1", got)
	}
}

// In a whole run that scales out and in and loses a zone, every
// least-outstanding choice is the pod the scan over the serving pods
// would have chosen.
func TestLeastOutstandingChoosesAsScan(t *testing.T) {
	cfg := oneDeployment(func(c *Config, d *Deployment) {
		scaleAndLoseZone(c, d)
		d.Concurrency, d.Queue, d.Timeout = 4, 8, 2*time.Second
		d.Routing = ALBLeastOutstanding
	})
	src := newPoisson(50, "exp(mean=15ms)", "lognormal(p50=20ms,p99=400ms)", 1200*time.Second, 9).Step(200*time.Second, 300).Step(700*time.Second, 30)
	var choices, ties int
	res := simulate(t, cfg, src, 1200*time.Second, 9, func(_ *sim.Kernel, c *Cluster) {
		c.routed = func(di int32, start, chosen int) {
			d := &c.deps[di]
			vals := make([]int32, len(d.serving))
			for i, pi := range d.serving {
				vals[i] = c.pods.At(pi).active + c.pods.At(pi).queued
			}
			if want := scanLeast(vals, start); chosen != want {
				t.Fatalf("at %v from %d over %v: chose %d; the scan chooses %d", c.k.Now(), start, vals, chosen, want)
			}
			choices++
			for i, v := range vals {
				if i != chosen && v == vals[chosen] {
					ties++
					break
				}
			}
		}
	})
	t.Logf("%d choices, %d with ties, %d rescales", choices, ties, len(rescales(res.c)))
	if choices < 10_000 || ties == 0 {
		t.Errorf("%d choices, %d with ties; want a real test (≥ 10,000, some tied)", choices, ties)
	}
	if n := len(rescales(res.c)); n < 2 {
		t.Errorf("%d rescales; want pods joining and leaving", n)
	}
}

// scanOutstanding is Outstanding as it was first written: a scan over the
// deployment's pods, terminating ones included.
func scanOutstanding(c *Cluster, di int) int {
	n := 0
	for _, pi := range c.deps[di].pods {
		p := c.pods.At(pi)
		n += int(p.active + p.queued)
	}
	return n
}

// outProbe compares the kept count with the scan at random times.
type outProbe struct {
	t                  *testing.T
	c                  *Cluster
	rng                *rand.Rand
	probes, busy, term int
}

func (p *outProbe) Handle(k *sim.Kernel, _ sim.Event) {
	for di := range p.c.deps {
		got, want := p.c.Outstanding(di), scanOutstanding(p.c, di)
		if got != want {
			p.t.Fatalf("at %v, deployment %d: Outstanding = %d; the scan counts %d", k.Now(), di, got, want)
		}
		p.probes++
		if want > 0 {
			p.busy++
		}
		for _, pi := range p.c.deps[di].pods {
			if q := p.c.pods.At(pi); q.state == podTerminating && q.active+q.queued > 0 {
				p.term++
				break
			}
		}
	}
	k.Schedule(sim.Event{At: k.Now().Add(time.Duration(1 + p.rng.IntN(int(50*time.Millisecond)))), To: p})
}

// In runs that scale out and in (pods terminating with requests in
// flight), time requests out and lose a zone, the count Outstanding keeps
// equals the scan over the deployment's pods at random points.
func TestOutstandingMatchesScan(t *testing.T) {
	for _, routing := range []Routing{ALBRoundRobin, ALBLeastOutstanding, KubeProxyRandom} {
		t.Run(routing.String(), func(t *testing.T) {
			cfg := oneDeployment(func(c *Config, d *Deployment) {
				scaleAndLoseZone(c, d)
				d.Concurrency, d.Queue, d.Timeout = 16, 8, 3*time.Second
				d.Routing = routing
			})
			src := newPoisson(50, "exp(mean=15ms)", "lognormal(p50=150ms,p99=2s)", 1200*time.Second, 9).Step(200*time.Second, 300).Step(700*time.Second, 30)
			var p *outProbe
			res := simulate(t, cfg, src, 1200*time.Second, 9, func(k *sim.Kernel, c *Cluster) {
				p = &outProbe{t: t, c: c, rng: rand.New(rand.NewPCG(21, 8))}
				k.Schedule(sim.Event{At: 0, To: p})
			})
			t.Logf("%d probes, %d with requests out, %d with a terminating pod holding some; %d rescales", p.probes, p.busy, p.term, len(rescales(res.c)))
			if p.busy < 1000 || p.term == 0 || len(rescales(res.c)) < 2 {
				t.Errorf("%d probes with requests out, %d with a terminating pod holding some, %d rescales; want a real test", p.busy, p.term, len(rescales(res.c)))
			}
		})
	}
}

// scaleAndLoseZone sets up a cluster whose deployment scales out and in
// (a CPU HPA, a node autoscaler with room for 20 nodes) and loses zone
// us-east-1b at 400 s: the runs the routing checks walk through.
func scaleAndLoseZone(c *Config, d *Deployment) {
	c.NodeAutoscaler = ClusterAutoscaler
	c.NodePools[0].InstanceTypes = []string{"m6i.xlarge"}
	c.NodePools[0].MaxNodes = 20
	c.AZFailures = []AZFailure{{Zone: "us-east-1b", At: 400 * time.Second}}
	d.CPURequestMilli, d.CPULimitMilli = 400, 800
	d.HPA = cpuHPA(60, 3, 30)
}
