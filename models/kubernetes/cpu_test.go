package kubernetes

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simtest"
)

func TestCPUShares(t *testing.T) {
	for _, tc := range []struct{ milli, want int64 }{
		{1, 2}, // MinShares
		{2, 2},
		{100, 102},
		{250, 256},
		{500, 512},
		{1000, 1024},
		{300_000, 262144}, // MaxShares
	} {
		if got := cpuShares(tc.milli); got != tc.want {
			t.Errorf("cpuShares(%d) = %d; want %d", tc.milli, got, tc.want)
		}
	}
}

// A pod in a water-filling test: its request and limit in milli-cores and
// its requests in the CPU phase (0: idle or starting).
type fillPod struct{ request, limit, runnable int64 }

func TestWaterFill(t *testing.T) {
	for _, tc := range []struct {
		name     string
		capacity int64 // milli-cores
		pods     []fillPod
		want     []float64 // milli-cores each pod gets
		over     bool
	}{
		{"demands that fit are met", 1780,
			[]fillPod{{250, 0, 1}, {250, 0, 0}}, []float64{1000, 0}, false},
		{"an idle neighbour lends its part", 1780,
			[]fillPod{{250, 0, 4}, {250, 0, 0}}, []float64{1780, 0}, true},
		{"idle and starting pods lend to the busy ones", 1780,
			[]fillPod{{250, 0, 0}, {250, 0, 3}, {250, 0, 5}, {500, 0, 0}}, []float64{0, 890, 890, 0}, true},
		{"busy pods divide by their requests", 3000,
			[]fillPod{{1000, 0, 4}, {500, 0, 4}}, []float64{2000, 1000}, true},
		{"a limit caps a pod and its slack goes to the others", 2000,
			[]fillPod{{500, 500, 3}, {500, 0, 3}}, []float64{500, 1500}, true},
		{"a limit above the pod's part does not bind", 2000,
			[]fillPod{{500, 1500, 3}, {500, 0, 3}}, []float64{1000, 1000}, true},
		{"one request uses at most one core", 4000,
			[]fillPod{{1000, 0, 1}, {1000, 0, 5}}, []float64{1000, 3000}, true},
		{"held by its limit, the rest by weight", 6000,
			[]fillPod{{2000, 2500, 3}, {1000, 0, 8}, {1000, 0, 8}}, []float64{2500, 1750, 1750}, true},
		{"demand exactly the capacity", 1780,
			[]fillPod{{100, 0, 1}, {100, 780, 4}}, []float64{1000, 780}, false},
		{"two levels of holding", 10000,
			[]fillPod{{1000, 1000, 4}, {1000, 0, 2}, {1000, 0, 9}, {1000, 0, 9}}, []float64{1000, 2000, 3500, 3500}, true},
		{"the minimum shares of a tiny request", 1026,
			[]fillPod{{1, 0, 2}, {1000, 0, 2}}, []float64{2, 1024}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			items := make([]share, len(tc.pods))
			for i, p := range tc.pods {
				d := p.runnable * 1000
				if p.limit > 0 {
					d = min(d, p.limit)
				}
				items[i] = share{pod: int32(i), weight: cpuShares(p.request), demand: d}
			}
			over := waterFill(tc.capacity, items)
			if over != tc.over {
				t.Errorf("waterFill over = %v; want %v", over, tc.over)
			}
			got := make([]float64, len(items))
			sum := 0.0
			for _, it := range items {
				got[it.pod] = it.got
				sum += it.got
			}
			for i := range got {
				if math.Abs(got[i]-tc.want[i]) > 1e-9*tc.want[i]+1e-9 {
					t.Errorf("pod %d %+v gets %.6fm; want %.6fm (all: %v)", i, tc.pods[i], got[i], tc.want[i], got)
				}
			}
			if over && math.Abs(sum-float64(tc.capacity)) > 1e-6 {
				t.Errorf("%.6fm handed out of %dm; want all of it", sum, tc.capacity)
			}
		})
	}
}

// A busy pod whose neighbour on the node is idle runs on the neighbour's
// part too, up to its limit; under isolated sharing it gets only its own.
// One m6i.large (1,780m for pods), two pods requesting 500m, four requests
// of 1 s of CPU at t = 1 s to one of them.
func TestIdleNeighbourLends(t *testing.T) {
	const cores = 1.78
	for _, tc := range []struct {
		name    string
		sharing CPUSharing
		limit   int64
		rate    float64 // cores the busy pod gets
	}{
		{"shares, no limit: the whole node", Shares, 0, cores},
		{"shares, limit 1200m: its limit", Shares, 1200, 1.2},
		{"shares, limit 600m, below its request's part of the node: its limit", Shares, 600, 0.6},
		{"isolated: its request's half of the node", Isolated, 0, cores / 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := twoPodsOneNode(tc.sharing, tc.limit)
			res := simulate(t, cfg, reqsAt(models.Work{CPU: time.Second}, time.Second, time.Second, time.Second, time.Second), time.Minute, 1)
			want := time.Duration(math.Ceil(4 / tc.rate * 1e9))
			if got := res.rec.Latency().Max(); absDur(got-want) > time.Microsecond {
				t.Errorf("four 1-s requests took %v; want 4 s / %.3g cores = %v", got, tc.rate, want)
			}
			if tc.sharing == Shares && tc.limit == 0 {
				// its request alone (500m of 1,780m, a 0.89-core part) would take 4.49 s
				if got := res.rec.Latency().Max(); got.Seconds() >= 4/(cores/2) {
					t.Errorf("took %v; want less than its own part allows", got)
				}
			}
			if cpu := res.c.Usage().CPUSeconds; simtest.RelErr(cpu, 4) > 1e-6 {
				t.Errorf("CPU-seconds %.6f; want 4", cpu)
			}
		})
	}
}

// When the idle neighbour gets busy the pods fall back to their parts:
// pod A (4 × 1 s from t = 1 s) runs alone on 1.78 cores for 1 s; pod B
// (4 × 1 s from t = 2 s) joins and each gets 0.89 until A is done at
// 1 + 1 + 2.22/0.89 s; B then has the node. Each takes 1 + 2.494 s.
func TestNeighbourTakesItsPartBack(t *testing.T) {
	cfg := twoPodsOneNode(Shares, 0)
	var reqs []models.Request
	for i := range 8 {
		r := models.Request{ID: int64(i), Arrival: sim.At(time.Second), Work: models.Work{CPU: time.Second}}
		if i >= 4 {
			r.Arrival, r.Service = sim.At(2*time.Second), 1
		}
		reqs = append(reqs, r)
	}
	res := simulate(t, cfg, &simtest.List{Reqs: reqs}, time.Minute, 1)
	want := time.Second + time.Duration(math.Ceil((4-1.78)/0.89*1e9))
	h := res.rec.Latency()
	if lo, hi := h.Quantile(0), h.Max(); absDur(lo-want) > time.Microsecond || absDur(hi-want) > time.Microsecond {
		t.Errorf("latencies %v to %v; want all %v", lo, hi, want)
	}
}

// twoPodsOneNode is one m6i.large with two single-pod deployments "a" and
// "b" requesting 500m; a has the given limit.
func twoPodsOneNode(sharing CPUSharing, limit int64) Config {
	cfg := oneDeployment(func(c *Config, d *Deployment) {
		instant(d)
		c.CPUSharing = sharing
		c.NodePools[0].Nodes = 1
		c.Scheduler.NoSystemDefaultSpread = true
		d.Name, d.Replicas, d.CPURequestMilli, d.CPULimitMilli = "a", 1, 500, limit
	})
	b := cfg.Deployments[0]
	b.Name, b.CPULimitMilli = "b", 0
	cfg.Deployments = append(cfg.Deployments, b)
	return cfg
}

func absDur(d time.Duration) time.Duration { return max(d, -d) }

// The incremental division (cpuChanged re-rates only what moved) must
// always equal a fresh water-filling of every node: checked every 5 ms of
// a busy run with several deployments, limits, an HPA, node autoscaling
// and a zone failure (timeouts and lost pods abort requests in their CPU phase,
// leaving dead heap entries that pod.psDead must count).
func TestIncrementalDivisionMatchesAFreshOne(t *testing.T) {
	cfg := oneDeployment(func(c *Config, d *Deployment) {
		c.NodeAutoscaler = ClusterAutoscaler
		c.NodePools[0].MaxNodes = 8
		c.AZFailures = []AZFailure{{Zone: "us-east-1b", At: 250 * time.Second}}
		d.CPURequestMilli, d.CPULimitMilli = 300, 900
		d.Concurrency, d.Queue, d.Timeout = 8, 20, 5*time.Second
		d.HPA = cpuHPA(70, 3, 12)
	})
	for i, req := range []int64{100, 700} {
		d := DefaultDeployment(fmt.Sprintf("s%d", i))
		d.CPURequestMilli, d.Replicas, d.Concurrency = req, 3, 10
		cfg.Deployments = append(cfg.Deployments, d)
	}
	src := roundRobin{newPoisson(120, "exp(mean=25ms)", "exp(mean=20ms)", 400*time.Second, 3).Step(100*time.Second, 300), 3}
	chk := &divisionCheck{t: t}
	simulate(t, cfg, src, 400*time.Second, 3, func(k *sim.Kernel, c *Cluster) {
		chk.c = c
		k.After(0, chk, 0, 0, 0)
	})
	if chk.checks == 0 || chk.over == 0 || chk.dead == 0 {
		t.Fatalf("%d checks, %d of a node over its CPU, %d pods with dead heap entries; want some of each", chk.checks, chk.over, chk.dead)
	}
	t.Logf("%d node checks, %d with demand over the node's CPU, %d pods seen with dead heap entries", chk.checks, chk.over, chk.dead)
}

// roundRobin deals a source's requests to n services in turn.
type roundRobin struct {
	models.Source
	n int64
}

func (r roundRobin) Next() (models.Request, bool) {
	req, ok := r.Source.Next()
	req.Service = int(req.ID % r.n)
	return req, ok
}

type divisionCheck struct {
	t           *testing.T
	c           *Cluster
	checks      int
	over, fails int
	dead        int // pods seen with dead heap entries (aborted in their CPU phase)
}

func (d *divisionCheck) Handle(k *sim.Kernel, _ sim.Event) {
	c := d.c
	for _, ni := range c.live {
		n := &c.nodes[ni]
		var items []share
		var sum int64
		for _, pi := range n.pods {
			p := c.pods.At(pi)
			want := int64(p.nCPU) * 1000
			if p.limit > 0 {
				want = min(want, p.limit)
			}
			if p.demand != want {
				d.failf("t=%v node %s pod %s: demand %d; want %d", k.Now(), n.name, p.name, p.demand, want)
			}
			if (p.busyIdx >= 0) != (p.demand > 0) || (p.busyIdx >= 0 && (n.busy[p.busyIdx].pod != pi || n.busy[p.busyIdx].next != p.next)) {
				d.failf("t=%v node %s pod %s: busy index %d with demand %d", k.Now(), n.name, p.name, p.busyIdx, p.demand)
			}
			var dead int32
			for _, it := range p.ps {
				if !c.psLive(pi, it) {
					dead++
				}
			}
			if dead != p.psDead {
				d.failf("t=%v node %s pod %s: %d dead heap entries; psDead says %d", k.Now(), n.name, p.name, dead, p.psDead)
			}
			if dead > 0 {
				d.dead++
			}
			if p.demand > 0 {
				items = append(items, share{pod: pi, weight: p.shares, demand: p.demand})
				sum += p.demand
			}
		}
		if sum != n.demand || len(items) != len(n.busy) {
			d.failf("t=%v node %s: demand %d over %d pods; the pods say %d over %d", k.Now(), n.name, n.demand, len(n.busy), sum, len(items))
		}
		first := sim.Never
		if len(n.wakes) > 0 {
			first = n.wakes[len(n.wakes)-1]
		}
		if n.firstWake != first {
			d.failf("t=%v node %s: first wake-up %v; the stack's %v", k.Now(), n.name, n.firstWake, first)
		}
		over := waterFill(n.userCPU(), items)
		if over != n.over {
			d.failf("t=%v node %s: over %v; want %v", k.Now(), n.name, n.over, over)
		}
		for _, it := range items {
			p := c.pods.At(it.pod)
			if got := p.alloc * 1000; math.Abs(got-it.got) > 1e-6*it.got {
				d.failf("t=%v node %s pod %s: %.6fm; a fresh division gives %.6fm", k.Now(), n.name, p.name, got, it.got)
			}
		}
		d.checks++
		if over {
			d.over++
		}
	}
	k.After(5*time.Millisecond, d, 0, 0, 0)
}

func (d *divisionCheck) failf(format string, args ...any) {
	d.fails++
	if d.fails <= 10 {
		d.t.Errorf(format, args...)
	}
}
