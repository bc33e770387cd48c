package kubernetes

import (
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simtest"
)

func scaleAt(k *sim.Kernel, c *Cluster, d time.Duration, replicas int) {
	at(k, d, func(k *sim.Kernel) {
		c.deps[0].desired = replicas
		c.reconcileReplicas(k, 0)
	})
}

// A pod created at 10 s on a node without its image: pull 3 s, container
// start 1 s (14 s), app init 4.5 s (18.5 s), Ready at the probe tick 10 s
// after container start (24 s), in the endpoints 1 s later and registered
// with the ALB 5 s after that (30 s). A second pod on the same node at 40 s
// skips the pull: container 41 s, app 45.5 s, Ready at 51 s.
func TestPodLifecycleTiming(t *testing.T) {
	cfg := oneDeployment(func(c *Config, d *Deployment) {
		c.NodePools[0].Nodes = 1
		d.Replicas = 0
		d.ImagePull = dist.Const(3 * time.Second)
		d.ContainerStart = dist.Const(time.Second)
		d.AppInit = dist.Const(4500 * time.Millisecond)
		d.ReadinessPeriod = 10 * time.Second
		d.EndpointPropagation = dist.Const(time.Second)
		d.ALBRegistration = dist.Const(5 * time.Second)
		d.Routing = ALBRoundRobin
	})
	w := models.Work{IO: time.Millisecond}
	src := reqsAt(w, 29999*time.Millisecond, 30001*time.Millisecond)
	res := simulate(t, cfg, src, time.Minute, 1, func(k *sim.Kernel, c *Cluster) {
		scaleAt(k, c, 10*time.Second, 1)
		scaleAt(k, c, 40*time.Second, 2)
	})
	c := res.c
	want := [][3]time.Duration{{10 * time.Second, 14 * time.Second, 24 * time.Second}, {40 * time.Second, 41 * time.Second, 51 * time.Second}}
	for i, pi := range c.deps[0].pods {
		p := c.pods.At(pi)
		got := [3]time.Duration{time.Duration(p.started), time.Duration(p.containerStart), time.Duration(p.readyAt)}
		if got != want[i] {
			t.Errorf("pod %d bound/container/ready at %v; want %v", i, got, want[i])
		}
	}
	// The request at 29.999 s is refused, not held for the starting pod;
	// the one at 30.001 s finds it serving. Neither waited for a new pod.
	st := c.Usage().Deployments[0]
	if st.NoEndpoints != 1 || st.Completed != 1 || res.rec.ColdStarts() != 0 || st.PodStarts != 2 {
		t.Errorf("no-endpoint rejections %d completed %d cold starts %d pod starts %d; want 1, 1, 0 and 2 (the first pod serves from 30 s)",
			st.NoEndpoints, st.Completed, res.rec.ColdStarts(), st.PodStarts)
	}
}

// A cold start is a request that waited for a new pod: one served by a pod
// that became Ready after the request arrived, counted once when it starts
// service. Routing never does that today (it reaches only serving pods and
// holds nothing), so the cases put a request on a pod by hand.
func TestColdStartIsARequestThatWaitedForAPod(t *testing.T) {
	for _, tc := range []struct {
		name             string
		arrival, readyAt time.Duration
		want             int64
	}{
		{"pod ready before arrival", 2 * time.Second, time.Second, 0},
		{"pod ready at arrival", 2 * time.Second, 2 * time.Second, 0},
		{"pod ready after arrival", time.Second, 2 * time.Second, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := oneDeployment(func(c *Config, d *Deployment) {
				instant(d)
				d.Replicas = 1
			})
			res := simulate(t, cfg, reqsAt(models.Work{}), time.Minute, 1, func(k *sim.Kernel, c *Cluster) {
				at(k, 5*time.Second, func(k *sim.Kernel) {
					pi := c.deps[0].serving[0]
					c.pods.At(pi).readyAt = sim.At(tc.readyAt)
					req := models.Request{Arrival: sim.At(tc.arrival), Work: models.Work{IO: time.Second}}
					c.rec.Arrive(k.Now(), &req)
					c.deps[0].stats.Arrivals++
					slot, rs := c.allocReq(&req, pi)
					c.start(k, slot, rs, c.pods.At(pi))
				})
			})
			if got := res.rec.ColdStarts(); got != tc.want {
				t.Errorf("request arriving at %v on a pod Ready at %v: %d cold starts; want %d", tc.arrival, tc.readyAt, got, tc.want)
			}
		})
	}
}

// Pods started by a scale-up are pod starts, not cold starts: the requests
// of the step queue at the pods already serving, or are refused, but none
// waits for a new pod.
func TestPodStartsAreNotColdStarts(t *testing.T) {
	cfg := oneDeployment(func(c *Config, d *Deployment) {
		c.NodePools[0].InstanceTypes = []string{"m6i.2xlarge"}
		c.NodePools[0].Nodes, c.NodePools[0].MaxNodes = 6, 6
		d.Replicas = 2
		d.CPURequestMilli, d.CPULimitMilli = 500, 1000
		d.HPA = cpuHPA(60, 2, 20)
	})
	src := newPoisson(50, "exp(mean=10ms)", "exp(mean=20ms)", 600*time.Second, 1).Step(60*time.Second, 400)
	res := simulate(t, cfg, src, 600*time.Second, 1)
	st := res.c.Usage().Deployments[0]
	if st.PodStarts == 0 || st.Queued == 0 {
		t.Fatalf("pod starts %d, queued %d; want a scale-up that queues requests", st.PodStarts, st.Queued)
	}
	if got := res.rec.ColdStarts(); got != 0 {
		t.Errorf("%d cold starts with %d pod starts; want 0 (no request waits for a new pod)", got, st.PodStarts)
	}
}

func TestQueueFullRejects(t *testing.T) {
	cfg := oneDeployment(func(_ *Config, d *Deployment) {
		instant(d)
		d.Replicas, d.Concurrency, d.Queue = 1, 2, 3
	})
	offsets := make([]time.Duration, 10)
	for i := range offsets {
		offsets[i] = time.Second
	}
	res := simulate(t, cfg, reqsAt(models.Work{IO: time.Second}, offsets...), time.Minute, 1)
	st := res.c.Usage().Deployments[0]
	if st.Completed != 5 || st.QueueFull != 5 || st.Queued != 3 || res.rec.Count(models.Rejected) != 5 {
		t.Errorf("completed %d queue-full %d queued %d; want 5, 5, 3", st.Completed, st.QueueFull, st.Queued)
	}
	if got := res.rec.Latency().Max(); got != 3*time.Second {
		t.Errorf("max latency %v; want 3s (third in the queue)", got)
	}
}

// One slot, 1.5 s timeout, three requests of 1 s at once: the first
// completes at 1 s; the second and third time out at 1.5 s.
func TestTimeout(t *testing.T) {
	cfg := oneDeployment(func(_ *Config, d *Deployment) {
		instant(d)
		d.Replicas, d.Concurrency, d.Queue, d.Timeout = 1, 1, 10, 1500*time.Millisecond
	})
	res := simulate(t, cfg, reqsAt(models.Work{IO: time.Second}, 0, 0, 0), time.Minute, 1)
	st := res.c.Usage().Deployments[0]
	if st.Completed != 1 || st.TimedOut != 2 || res.rec.Count(models.Failed) != 2 || res.c.busy != 0 {
		t.Errorf("completed %d timed out %d busy %d; want 1, 2, 0", st.Completed, st.TimedOut, res.c.busy)
	}
}

// Scale 2 → 1 at 2 s: one pod (equal rank: the first found) leaves the endpoints at once, its
// 10-s request completes, its 40-s request is killed when the 30-s grace
// period ends (32 s); new requests go to the remaining pod.
func TestTerminationGrace(t *testing.T) {
	cfg := oneDeployment(func(_ *Config, d *Deployment) {
		instant(d)
		d.Routing = ALBRoundRobin
		d.Replicas = 2
	})
	l := &simtest.List{Reqs: []models.Request{
		{ID: 0, Arrival: sim.At(time.Second), Work: models.Work{IO: 10 * time.Second}},
		{ID: 1, Arrival: sim.At(time.Second), Work: models.Work{IO: 10 * time.Second}},
		{ID: 2, Arrival: sim.At(time.Second), Work: models.Work{IO: 40 * time.Second}},
		{ID: 3, Arrival: sim.At(time.Second), Work: models.Work{IO: 40 * time.Second}},
		{ID: 4, Arrival: sim.At(3 * time.Second), Work: models.Work{IO: time.Second}},
		{ID: 5, Arrival: sim.At(4 * time.Second), Work: models.Work{IO: time.Second}},
	}}
	var victim int32 = -1
	var atGraceEnd, afterGrace int
	res := simulate(t, cfg, l, 2*time.Minute, 1, func(k *sim.Kernel, c *Cluster) {
		at(k, 2*time.Second, func(k *sim.Kernel) {
			victim = c.victim(0)
			c.deps[0].desired = 1
			c.reconcileReplicas(k, 0)
		})
		at(k, 31*time.Second, func(*sim.Kernel) { atGraceEnd = len(c.deps[0].pods) })
		at(k, 33*time.Second, func(*sim.Kernel) { afterGrace = len(c.deps[0].pods) })
	})
	st := res.c.Usage().Deployments[0]
	if st.Completed != 5 || st.Lost != 1 {
		t.Errorf("completed %d lost %d; want 5 and 1 (the 40-s request on the terminating pod)", st.Completed, st.Lost)
	}
	if victim < 0 || atGraceEnd != 2 || afterGrace != 1 {
		t.Errorf("victim %v, pods at 31 s %d, at 33 s %d; want a victim, 2, 1", victim, atGraceEnd, afterGrace)
	}
	if got := res.rec.Latency().Max(); got != 40*time.Second {
		t.Errorf("max latency %v; want 40s (the other pod's long request)", got)
	}
}

// A zone fails at 100 s with requests in flight there: they fail at once;
// requests routed to the zone's pods fail until the pods are declared lost
// 40 s later; replacements start in the surviving zones.
func TestAZFailure(t *testing.T) {
	cfg := oneDeployment(func(c *Config, d *Deployment) {
		instant(d)
		d.Routing = ALBRoundRobin
		d.Replicas = 3
		d.CPURequestMilli = 800
		d.Spread = []SpreadConstraint{{Key: Zone, MaxSkew: 1, WhenUnsatisfiable: ScheduleAnyway}}
		c.AZFailures = []AZFailure{{Zone: "us-east-1a", At: 100 * time.Second}}
		c.NodeMonitorGracePeriod, c.UnreachableToleration = 40*time.Second, 0
	})
	src := newPoisson(30, "0s", "exp(mean=2s)", 300*time.Second, 5)
	src.PayloadKB = 10
	var failedAt100, podsAt139, podsAt141 int
	var failedBefore int64
	res := simulate(t, cfg, src, 300*time.Second, 1, func(k *sim.Kernel, c *Cluster) {
		at(k, 99999*time.Millisecond, func(*sim.Kernel) { failedBefore = c.Usage().Deployments[0].Lost })
		at(k, 100*time.Second, func(*sim.Kernel) {}) // after the failure event, scheduled earlier
		at(k, 100001*time.Millisecond, func(*sim.Kernel) { failedAt100 = int(c.Usage().Deployments[0].Lost) })
		at(k, 139*time.Second, func(*sim.Kernel) { podsAt139 = len(c.deps[0].serving) })
		at(k, 141*time.Second, func(*sim.Kernel) { podsAt141 = len(c.deps[0].serving) })
	})
	c := res.c
	st := c.Usage().Deployments[0]
	t.Logf("lost before %d at failure %d total %d; serving at 139 s %d, at 141 s %d; zones %v; cross-AZ %.0f bytes",
		failedBefore, failedAt100, st.Lost, podsAt139, podsAt141, podsPerZone(c, 0), c.Usage().CrossAZBytes)
	if failedBefore != 0 || failedAt100 == 0 || st.Lost <= int64(failedAt100) {
		t.Errorf("lost %d before, %d right after the failure, %d in all; want 0, > 0 and more while the pods stay in the endpoints",
			failedBefore, failedAt100, st.Lost)
	}
	if podsAt139 != 3 || podsAt141 != 3 || c.ReadyPods(0) != 3 || c.Nodes() != 3 {
		t.Errorf("serving %d at 139 s, %d at 141 s; ready %d nodes %d; want 3 (two live, one lost), 3 (replacement), 3, 3 (the lost node stays)",
			podsAt139, podsAt141, c.ReadyPods(0), c.Nodes())
	}
	if z := podsPerZone(c, 0); z[0] != 0 || z[1]+z[2] != 3 {
		t.Errorf("pods per zone %v; want none in us-east-1a", z)
	}
	lostEvents := 0
	for _, h := range c.History() {
		if h.Kind == PodsLost && h.At == sim.At(140*time.Second) && h.To == 1 {
			lostEvents++
		}
	}
	if lostEvents != 1 {
		t.Errorf("history %v; want one pods-lost entry at 140s", c.History())
	}
	if res.rec.Count(models.Failed) != st.Lost {
		t.Errorf("failed %d; want %d lost", res.rec.Count(models.Failed), st.Lost)
	}
	// Front door zone uniformly random over 3 zones (2 after the failure):
	// about 2/3 of payloads cross before, 1/2 after among surviving pods.
	if b := c.Usage().CrossAZBytes; b <= 0 {
		t.Errorf("cross-AZ bytes %v; want > 0", b)
	}
}

func TestVictimRanking(t *testing.T) {
	cfg := oneDeployment(func(c *Config, d *Deployment) {
		instant(d)
		d.Replicas = 2
		c.NodePools[0].Nodes = 1
	})
	k, c := build(t, cfg, 1)
	scaleAt(k, c, 10*time.Second, 4) // two more pods, Ready at once (instant)
	var first, second string
	k.RunUntil(20e9)
	// a Pending pod goes before any bound one
	c.deps[0].desired = 5
	c.reconcileReplicas(k, 0) // the fifth pod is Pending until the pass runs
	first = c.pods.At(c.victim(0)).name
	k.RunUntil(21e9)
	second = c.pods.At(c.victim(0)).name
	if first != "web-4" || second != "web-4" && second != "web-3" {
		t.Errorf("victims %s then %s; want web-4 (pending), then the newest Ready pod", first, second)
	}
}
