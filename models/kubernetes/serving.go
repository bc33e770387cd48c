package kubernetes

import (
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// Serving. A pod has Concurrency worker slots and an accept queue of Queue
// requests in front of them; a request arriving to a full queue is
// rejected (503). A request holding a slot first runs its CPU work, then
// waits its io (cpu, then io: the handler computes, then waits on its
// backends; either order gives the same service time in isolation, and this
// one makes the pod's CPU use follow its arrivals without lag).
//
// CPU is processor-shared: the n requests in their CPU phase each progress
// at x/n vCPU, where x is the pod's part of its node's CPU (cpu.go: the
// node's CPU water-filled over its busy pods by their requests, each pod
// capped by its limit and by n, since a single-threaded request uses at
// most one vCPU). The bookkeeping is virtual time: v is the CPU each
// CPU-phase request has received since the pod started; a request that
// joins with work w finishes when v reaches v_join + w; a per-pod heap on
// that target keeps the next completion, and only that one is scheduled.
// When n or x changes, v is brought up to date, the pod's generation is
// bumped and the next completion rescheduled.

// Request phases.
const (
	phaseQueued uint8 = iota
	phaseCPU
	phaseIO
)

type reqState struct {
	req    models.Request
	wait   time.Duration // arrival to the start of service
	pod    int32
	phase  uint8
	queued bool // it waited in its pod's accept queue
	gen    uint32
	live   bool
}

type qEntry struct {
	slot int32
	gen  uint32
}

// deadline is a request's timeout. A deployment's requests all have the
// same timeout and arrive in order, so their deadlines form a FIFO: one
// timer per deployment waits for the oldest live request, instead of one
// event per request. The time is usually not kept: a deployment that
// receives every request at its arrival finds an entry's deadline from the
// live request (arrival plus the timeout), which keeps an entry at 8 B of
// the ≤ 160 B a request in flight may hold (issue 13). A deployment fed
// late (Knative's activator forwards requests it held) counts the timeout
// from when the request reached the pod, as the queue-proxy does, so it
// keeps the entry times in a parallel slice (deployment.timeoutAt).
type deadline struct {
	slot int32
	gen  uint32
}

// deadlineAt is the deadline of deployment d's timeout entry i (see
// deadline).
func (c *Cluster) deadlineAt(d *depState, i int) sim.Time {
	if d.timeoutAt != nil {
		return d.timeoutAt[i].Add(d.cfg.Timeout)
	}
	return c.reqs.At(d.timeouts[i].slot).req.Arrival.Add(d.cfg.Timeout)
}

// timeouts fails deployment di's requests whose deadline has passed and
// re-arms the timer for the oldest one still live.
func (c *Cluster) timeouts(k *sim.Kernel, di int32) {
	d := &c.deps[di]
	d.tarmed = false
	now := k.Now()
	for d.thead < len(d.timeouts) {
		e := d.timeouts[d.thead]
		rs := c.reqs.At(e.slot)
		if !rs.live || rs.gen != e.gen {
			d.thead++
			continue
		}
		if c.deadlineAt(d, d.thead) > now {
			break
		}
		d.thead++
		d.stats.TimedOut++
		c.abort(k, e.slot, models.Failed)
	}
	if d.thead > 64 && d.thead*2 > len(d.timeouts) {
		n := copy(d.timeouts, d.timeouts[d.thead:])
		d.timeouts = d.timeouts[:n]
		if d.timeoutAt != nil {
			d.timeoutAt = d.timeoutAt[:copy(d.timeoutAt, d.timeoutAt[d.thead:])]
		}
		d.thead = 0
	}
	if d.thead < len(d.timeouts) {
		d.tarmed = true
		k.After(c.deadlineAt(d, d.thead).Sub(now), c, kindTimeout, int64(di), 0) // (after now: the loop stopped at it)
	}
}

// arrive routes one request and admits it to a pod. req is the caller's
// (Submit's parameter): it is copied once, into the request's slot.
func (c *Cluster) arrive(k *sim.Kernel, req *models.Request) {
	now := k.Now()
	di, d := c.dep(req.Service)
	d.stats.Arrivals++
	c.svcs[req.Service].Arrivals++
	pi := c.route(di, d)
	if pi < 0 {
		// No pod receives traffic: the front door answers 503 at once.
		d.stats.NoEndpoints++
		c.refuse(now, *req, models.Rejected)
		return
	}
	p := c.pods.At(pi)
	p.routed++
	c.crossZone(p, req.Work.PayloadKB)
	if p.lost {
		// The pod's node vanished but it is still in the endpoints.
		d.stats.Lost++
		c.refuse(now, *req, models.Failed)
		return
	}
	full := p.active >= int32(d.cfg.Concurrency)
	if full && d.cfg.Queue >= 0 && p.queued >= int32(d.cfg.Queue) {
		d.stats.QueueFull++
		p.answered++
		c.refuse(now, *req, models.Rejected)
		return
	}
	slot, rs := c.allocReq(req, pi)
	if d.cfg.Timeout > 0 {
		if req.Arrival != now && d.timeoutAt == nil {
			// The first request to reach this deployment after its arrival:
			// from now on the entry times are kept. Every earlier entry
			// entered at its arrival.
			d.timeoutAt = make([]sim.Time, len(d.timeouts), cap(d.timeouts))
			for i, e := range d.timeouts {
				d.timeoutAt[i] = c.reqs.At(e.slot).req.Arrival
			}
		}
		d.timeouts = append(d.timeouts, deadline{slot: slot, gen: rs.gen})
		if d.timeoutAt != nil {
			d.timeoutAt = append(d.timeoutAt, now)
		}
		if !d.tarmed {
			d.tarmed = true
			k.After(d.cfg.Timeout, c, kindTimeout, int64(di), 0)
		}
	}
	c.inflUpdate(p, now)
	if !full {
		c.start(k, slot, rs, p)
		c.outstanding(p) // (slots never move: p is still pod pi's, whatever start ran)
		return
	}
	d.stats.Queued++
	rs.phase = phaseQueued
	rs.queued = true
	p.queue = append(p.queue, qEntry{slot, rs.gen})
	p.queued++
	c.outstanding(p)
	c.queued++
	c.rec.Gauge(now, models.Queued, float64(c.queued))
}

// start gives the request in slot a worker slot of its pod. A request
// served by a pod that became Ready after the request arrived waited for a
// new pod: that is a cold start (models.Recorder.ColdStart). The front door
// routes only to pods already receiving traffic and holds no request, so
// today no request does; the count is kept here, where every request starts
// service, so that it stays true if routing ever holds requests. rs is the
// request's state and p its pod, which the callers hold.
func (c *Cluster) start(k *sim.Kernel, slot int32, rs *reqState, p *pod) {
	now := k.Now()
	if p.readyAt > rs.req.Arrival {
		rs.req.Cold = true
		c.rec.ColdStart(now, &rs.req)
	}
	rs.wait = now.Sub(rs.req.Arrival)
	if rs.queued {
		c.usage.queuedNs += int64(rs.wait)
	}
	p.active++
	c.busy++
	c.rec.Gauge(now, models.Busy, float64(c.busy))
	if w := rs.req.Work.CPU; w > 0 {
		rs.phase = phaseCPU
		c.psJoin(k, rs.pod, p, slot, rs.gen, float64(w))
		return
	}
	c.startIO(k, slot)
}

func (c *Cluster) startIO(k *sim.Kernel, slot int32) {
	rs := c.reqs.At(slot)
	rs.phase = phaseIO
	if io := rs.req.Work.IO; io > 0 {
		k.After(io, c, kindIODone, int64(slot), rs.gen)
		return
	}
	c.complete(k, slot, rs)
}

// complete ends the request in slot (rs) successfully.
func (c *Cluster) complete(k *sim.Kernel, slot int32, rs *reqState) {
	now := k.Now()
	_, d := c.dep(rs.req.Service)
	d.stats.Completed++
	p := c.pods.At(rs.pod)
	p.answered++
	if rs.req.Arrival >= c.countFrom {
		if rs.wait == 0 {
			c.usage.zeroWaits++ // recorded at the next Usage (usageState.zeroWaits)
		} else {
			c.usage.waitHist().Record(rs.wait)
		}
		if rs.queued {
			c.usage.waited++
		}
	}
	c.rec.Finish(now, &rs.req, models.Completed, now.Sub(rs.req.Arrival))
	c.release(k, slot, rs, p)
}

// abort ends a request that is queued or in service with outcome o.
func (c *Cluster) abort(k *sim.Kernel, slot int32, o models.Outcome) {
	rs := c.reqs.At(slot)
	p := c.pods.At(rs.pod)
	now := k.Now()
	p.answered++
	c.rec.Finish(now, &rs.req, o, now.Sub(rs.req.Arrival))
	if rs.phase == phaseQueued {
		c.inflUpdate(p, now)
		p.queued--
		c.outstanding(p)
		c.queued--
		c.rec.Gauge(now, models.Queued, float64(c.queued))
		c.usage.queuedNs += int64(now.Sub(rs.req.Arrival))
		pi := rs.pod
		c.freeSlot(slot, rs)
		c.maybeFinishTermination(k, pi, p)
		return
	}
	if rs.phase == phaseCPU {
		rs.phase = phaseIO // not in the CPU phase any more; its heap entry is dead
		p.psDead++
		c.psLeave(k, rs.pod, p)
	}
	c.release(k, slot, rs, p)
}

// release frees the worker slot of the request in slot (rs), which has
// ended, in its pod p, and starts the next queued request.
func (c *Cluster) release(k *sim.Kernel, slot int32, rs *reqState, p *pod) {
	pi := rs.pod
	now := k.Now()
	c.inflUpdate(p, now)
	p.active--
	c.outstanding(p)
	c.busy--
	busy := now.Sub(rs.req.Arrival) - rs.wait
	c.usage.busyNs += int64(busy)
	c.svcs[rs.req.Service].Busy += busy
	serve := !p.killing && p.state != podGone
	if !serve || p.queued == 0 || p.active >= int32(c.deps[p.dep].cfg.Concurrency) {
		// Otherwise a queued request takes the slot at once and start
		// reports Busy back at its old value, at the same instant: the
		// value in between would last no time and, being one less, raise
		// no peak, so it is not reported (a gauge call per completion
		// that the M/M/10 anchor's queued half paid for nothing).
		c.rec.Gauge(now, models.Busy, float64(c.busy))
	}
	c.freeSlot(slot, rs)
	if serve {
		for p.queued > 0 && p.active < int32(c.deps[p.dep].cfg.Concurrency) {
			e := p.queue[p.qhead]
			p.qhead++
			q := c.reqs.At(e.slot)
			if !q.live || q.gen != e.gen || q.phase != phaseQueued || q.pod != pi {
				continue
			}
			p.queued--
			c.queued--
			c.rec.Gauge(now, models.Queued, float64(c.queued))
			c.start(k, e.slot, q, p)
		}
		if p.qhead > 64 && p.qhead*2 > len(p.queue) {
			n := copy(p.queue, p.queue[p.qhead:])
			p.queue = p.queue[:n]
			p.qhead = 0
		}
	}
	c.maybeFinishTermination(k, pi, p)
}

// maybeFinishTermination ends pod pi (p), if it is terminating, once it is
// empty.
func (c *Cluster) maybeFinishTermination(k *sim.Kernel, pi int32, p *pod) {
	if p.state == podTerminating && p.active+p.queued == 0 {
		c.finalizePod(k, pi)
	}
}

// inflUpdate integrates the pod's outstanding requests up to now, if
// anything reads the integral (pod.infl): a deployment whose HPA reads no
// inflight metric skips it, two float steps on every arrival and
// completion (the M/M/10 anchor's, BENCHMARKS.md "k8s13"). Nothing else
// reads inflArea: podSample uses it for the inflight metric only, and the
// windowMark.infl that metricMark copies from it is read there alone.
func (c *Cluster) inflUpdate(p *pod, now sim.Time) {
	if p.infl && now > p.inflLast {
		p.inflArea += float64(p.active+p.queued) * float64(now-p.inflLast)
		p.inflLast = now
	}
}

// allocReq gives an admitted request a slot, routed to pod pi, and returns
// the slot and its state.
func (c *Cluster) allocReq(req *models.Request, pi int32) (int32, *reqState) {
	slot, rs := c.reqs.Alloc()
	// Field by field: a reqState literal was built aside and then copied.
	rs.req = *req
	rs.wait = 0
	rs.pod = pi
	rs.phase = phaseQueued
	rs.queued = false
	rs.gen++
	rs.live = true
	return slot, rs
}

// freeSlot frees an ended request's slot; its pending events go stale.
func (c *Cluster) freeSlot(slot int32, rs *reqState) {
	rs.live = false
	rs.gen++
	c.reqs.Free(slot)
}

// refuse reports a request that never got a worker slot. It goes through
// c.refused: the address of the caller's parameter would escape through the
// Recorder interface and put every arriving request on the heap.
func (c *Cluster) refuse(now sim.Time, req models.Request, o models.Outcome) {
	c.refused = req
	c.rec.Finish(now, &c.refused, o, 0)
}
