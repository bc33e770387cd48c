package kubernetes

import (
	"fmt"
	"slices"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// Pod states. A pod's life: Pending (unbound) → starting (bound: image
// pull if the node lacks the image, container start, app init, waiting for
// the next readiness probe) → Ready → serving (in the endpoints and, behind
// an ALB, registered and healthy) → terminating (out of the endpoints,
// finishing in-flight work within the grace period) → gone.
const (
	podPending uint8 = iota
	podStarting
	podReady
	podServing
	podTerminating
	podGone
)

type pod struct {
	// What a request reads and writes of its pod comes first, together
	// (about 200 bytes, four cache lines at most), then the rest. A
	// fleet's requests hop between deployments, so a request's pod is
	// seldom in cache: spread over the struct (six lines), these fields
	// cost a 500-deployment fleet about 60 k more misses in a 1 MiB cache
	// than here, in 150 k requests (callgrind, BENCHMARKS.md "fleet5").
	dep    int32
	node   int32 // −1 while pending
	active int32 // requests holding a worker slot
	queued int32 // live requests in the queue
	outN   int32 // active + queued as last added to depState.outReqs
	// servIdx is the position in depState.serving, −1 when not serving.
	servIdx int32
	nCPU    int32 // requests in their CPU phase
	psDead  int32 // entries of ps whose request left its CPU phase early (abort)
	busyIdx int32 // position in its node's busy list, −1 when not there
	state   uint8
	lost    bool // its node vanished; not yet declared lost
	killing bool // its requests are being failed: start nothing new
	// infl: the pod integrates its outstanding requests (inflArea), which
	// only an HPA on the inflight Pods metric reads (depState.infl).
	infl bool

	// Serving: worker slots, the accept queue and processor sharing
	// (serving.go).
	qhead  int
	queue  []qEntry // FIFO; entries of requests no longer queued are skipped
	ps     psHeap
	v      float64 // CPU-ns attained by each request in the CPU phase so far
	rate   float64 // CPU-ns per ns each CPU-phase request gets now
	psLast sim.Time
	next   sim.Time // when its next request completes at the current rate (Never: none); see setNext
	cpuNs  float64  // CPU used since container start, in CPU-nanoseconds

	// The node's division of its CPU (cpu.go).
	limit  int64   // CFS quota in milli-cores; 0: none
	demand int64   // milli-cores the pod could use now: min(limit, 1000 × nCPU)
	alloc  float64 // cores the pod gets now (≤ demand)

	// Metrics (hpa.go).
	routed   int64   // requests routed to the pod
	answered int64   // requests the pod answered: completed, refused by its queue or aborted
	inflArea float64 // ∫ outstanding requests dt, in request·ns
	inflLast sim.Time
	readyAt  sim.Time

	// The rest, which a request does not touch.
	name string
	gen  uint32 // lifecycle generation

	counted      bool // in the topology spread counts
	readyCounted bool // in Cluster.readyPods
	deleting     bool // has a deletion timestamp

	created        sim.Time
	started        sim.Time // bound to a node (status.startTime)
	containerStart sim.Time

	shares int64   // cpu.shares, from the CPU request
	fixed  float64 // isolated sharing: the cores the pod may use

	win   []windowMark   // the counters at the opening of each pending HPA window
	m     [2]scrapePoint // the last two metrics-server samples, oldest first
	nm    uint8
	hk    scrapePoint // the kubelet's last stats collection
	hasHK bool

	hold podAlloc // its share of its node, for cost allocation (allocation.go)
}

// createPod adds a Pending pod to deployment di (the ReplicaSet
// controller's create) and queues a scheduling pass.
func (c *Cluster) createPod(di int32) int32 {
	d := &c.deps[di]
	pi, p := c.pods.Alloc()
	*p = pod{ // the slot's generations go on; its buffers are reused
		name: fmt.Sprintf("%s-%d", d.cfg.Name, d.seq), dep: di, node: -1, state: podPending,
		gen: p.gen + 1, created: c.k.Now(), started: -1, containerStart: -1, readyAt: -1,
		servIdx: -1, queue: p.queue[:0], ps: p.ps[:0], win: p.win[:0],
		shares: cpuShares(d.cfg.CPURequestMilli), limit: d.cfg.CPULimitMilli, busyIdx: -1, next: sim.Never,
		infl: d.infl,
	}
	d.seq++
	d.active++
	d.pods = append(d.pods, pi)
	c.pending = append(c.pending, pi)
	c.requestSchedule(c.k)
	return pi
}

// podStage advances pod pi through its start-up, or ends its grace period.
func (c *Cluster) podStage(k *sim.Kernel, pi int32, kind sim.Kind) {
	p := c.pods.At(pi)
	d := &c.deps[p.dep]
	now := k.Now()
	switch kind {
	case kindPulled:
		k.After(d.cfg.ContainerStart.Sample(c.rng.From(&d.rngLife)), c, kindContainerStarted, int64(pi), p.gen)
	case kindContainerStarted:
		p.containerStart = now
		p.psLast, p.inflLast = now, now
		// a running container now competes for the node's CPU
		c.nodes[p.node].shareCPU += d.cfg.CPURequestMilli
		c.rerateNode(k, p.node)
		k.After(d.cfg.AppInit.Sample(c.rng.From(&d.rngLife)), c, kindAppInitialised, int64(pi), p.gen)
	case kindAppInitialised:
		// The readiness probe ticks every period from container start
		// (prober/worker.go; initialDelaySeconds 0): Ready at the first tick
		// at or after the app is initialised.
		at := now
		if per := d.cfg.ReadinessPeriod; per > 0 {
			n := (now - p.containerStart + sim.Time(per) - 1) / sim.Time(per)
			at = p.containerStart + n*sim.Time(per)
		}
		k.Schedule(sim.Event{At: at, Kind: kindReady, ID: int64(pi), Gen: p.gen, To: c})
	case kindReady:
		p.state = podReady
		p.readyAt = now
		c.setReady(pi, true)
		if now >= c.countFrom {
			d.stats.PodStarts++ // a pod start, not a cold start: see start in serving.go
		}
		delay := d.cfg.EndpointPropagation.Sample(c.rng.From(&d.rngLife))
		if d.cfg.Routing.ALB() {
			delay += d.cfg.ALBRegistration.Sample(c.rng.From(&d.rngLife))
		}
		k.After(delay, c, kindServing, int64(pi), p.gen)
		c.gauges()
	case kindServing:
		c.startServing(pi)
	case kindGraceEnd:
		// SIGKILL: whatever is still in the pod fails.
		c.failPodRequests(k, pi)
		c.finalizePod(k, pi)
	}
}

// setReady keeps Cluster.readyPods in step with the pod's Ready condition.
func (c *Cluster) setReady(pi int32, ready bool) {
	p := c.pods.At(pi)
	if p.readyCounted == ready {
		return
	}
	p.readyCounted = ready
	c.usage.advanceSlots(c.k.Now())
	if slots := c.deps[p.dep].cfg.Concurrency; ready {
		c.readyPods++
		c.usage.slots += slots
	} else {
		c.readyPods--
		c.usage.slots -= slots
	}
	c.rec.Gauge(c.k.Now(), models.Slots, float64(c.usage.slots))
}

// startServing puts a Ready pod into its deployment's endpoints.
func (c *Cluster) startServing(pi int32) {
	p := c.pods.At(pi)
	d := &c.deps[p.dep]
	p.state = podServing
	p.servIdx = int32(len(d.serving))
	d.serving = append(d.serving, pi)
	if d.cfg.Routing == ALBLeastOutstanding {
		if d.out == nil {
			d.out = &outTree{}
		}
		d.out.push(p.active + p.queued)
	}
	c.notifyServing(pi)
}

// stopServing takes a pod out of its deployment's endpoints.
func (c *Cluster) stopServing(pi int32) {
	p := c.pods.At(pi)
	if p.servIdx < 0 {
		return
	}
	d := &c.deps[p.dep]
	i := int(p.servIdx)
	d.serving = slices.Delete(d.serving, i, i+1)
	for j := i; j < len(d.serving); j++ {
		c.pods.At(d.serving[j]).servIdx = int32(j)
	}
	if d.rr > i {
		d.rr--
	}
	p.servIdx = -1
	if d.out != nil {
		d.out.rebuild(func(j int) int32 {
			q := c.pods.At(d.serving[j])
			return q.active + q.queued
		}, len(d.serving))
	}
}

// deletePod gives pod pi a deletion timestamp: out of the endpoints at
// once; a pod with requests in flight finishes them within its grace period,
// any other pod goes away now.
func (c *Cluster) deletePod(k *sim.Kernel, pi int32) {
	p := c.pods.At(pi)
	if p.deleting || p.state == podGone {
		return
	}
	d := &c.deps[p.dep]
	p.deleting = true
	d.active--
	if p.node >= 0 {
		c.countSpread(pi, -1)
		c.podEventOn(p.node, k.Now()) // terminating (karpenter.go)
	}
	c.setReady(pi, false)
	switch p.state {
	case podPending:
		c.pending = slices.DeleteFunc(c.pending, func(x int32) bool { return x == pi })
		c.finalizePod(k, pi)
	case podServing:
		c.stopServing(pi)
		p.state = podTerminating
		p.gen++
		if p.active+p.queued == 0 {
			c.finalizePod(k, pi)
		} else {
			k.After(d.cfg.TerminationGrace, c, kindGraceEnd, int64(pi), p.gen)
		}
	default:
		c.finalizePod(k, pi)
	}
	c.gauges()
}

// finalizePod removes a pod for good and frees its node's resources.
func (c *Cluster) finalizePod(k *sim.Kernel, pi int32) {
	p := c.pods.At(pi)
	if p.state == podGone {
		return
	}
	d := &c.deps[p.dep]
	if !p.deleting {
		p.deleting = true
		d.active--
	}
	c.stopServing(pi)
	c.setReady(pi, false)
	p.psAdvance(k.Now())
	d.stats.CPUSeconds += p.cpuNs / 1e9
	if p.demand > 0 {
		// Not expected: a pod ends only once its requests have. Keep the
		// node's division right all the same.
		p.nCPU = 0
		c.cpuChanged(k, pi, p)
	}
	if p.node >= 0 {
		c.countSpread(pi, -1)
		c.allocUnbind(pi)
		n := &c.nodes[p.node]
		if n.state != nodeGone {
			n.pods = slices.DeleteFunc(n.pods, func(x int32) bool { return x == pi })
			n.reqCPU -= d.cfg.CPURequestMilli
			n.reqMem -= d.cfg.MemoryRequestMiB
			if p.containerStart >= 0 {
				n.shareCPU -= d.cfg.CPURequestMilli
			}
			if n.state != nodeLost {
				c.rerateNode(k, p.node)
			}
			c.maybeRemoveDrained(k, p.node)
		}
	}
	d.pods = slices.DeleteFunc(d.pods, func(x int32) bool { return x == pi })
	d.outReqs -= int(p.outN) // out of d.pods: no longer counted
	p.outN = 0
	p.state = podGone
	p.gen++
	c.pods.Free(pi)
	c.requestSchedule(k)
	c.gauges()
}

// reconcileReplicas is the ReplicaSet controller: create or delete pods
// until the pods not being deleted match spec.replicas.
func (c *Cluster) reconcileReplicas(k *sim.Kernel, di int32) {
	d := &c.deps[di]
	for d.active < d.desired {
		c.createPod(di)
	}
	for d.active > d.desired {
		c.deletePod(k, c.victim(di))
	}
}

// victim picks the pod a scale-down deletes first, after
// controller_utils.go ActivePodsWithRanks.Less: unassigned before
// assigned; Pending phase before Running; not Ready before Ready; more
// replicas on the same node first; Ready for less time first; newer first.
func (c *Cluster) victim(di int32) int32 {
	d := &c.deps[di]
	best := int32(-1)
	for _, pi := range d.pods {
		if c.pods.At(pi).deleting {
			continue
		}
		if best < 0 || c.deleteBefore(pi, best) {
			best = pi
		}
	}
	return best
}

func (c *Cluster) deleteBefore(a, b int32) bool {
	pa, pb := c.pods.At(a), c.pods.At(b)
	if (pa.node < 0) != (pb.node < 0) {
		return pa.node < 0
	}
	runA, runB := pa.containerStart >= 0, pb.containerStart >= 0
	if runA != runB {
		return !runA
	}
	if pa.readyCounted != pb.readyCounted {
		return !pa.readyCounted
	}
	if pa.node >= 0 && pb.node >= 0 {
		ca, cb := c.nodes[pa.node].depPods[pa.dep], c.nodes[pb.node].depPods[pb.dep]
		if ca != cb {
			return ca > cb
		}
	}
	if pa.readyCounted && pa.readyAt != pb.readyAt {
		return pa.readyAt > pb.readyAt
	}
	return pa.created > pb.created
}

// failPodRequests fails every request queued or in service in pod pi.
func (c *Cluster) failPodRequests(k *sim.Kernel, pi int32) {
	c.pods.At(pi).killing = true
	for slot := range int32(c.reqs.Len()) {
		if rs := c.reqs.At(slot); rs.live && rs.pod == pi {
			_, d := c.dep(rs.req.Service)
			d.stats.Lost++
			c.abort(k, slot, models.Failed)
		}
	}
}
