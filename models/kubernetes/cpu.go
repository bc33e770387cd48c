package kubernetes

import (
	"math"
	"slices"

	"github.com/execsim/execsim/sim"
)

// CPU, at two levels, as on a Linux node.
//
// Between the pods of a node (Config.CPUSharing shares, the default) the
// division is the kernel's. The kubelet gives each pod's cgroup
// cpu.shares = MilliCPUToShares(request) = max(2, request × 1024 / 1000)
// and, when the pod has a CPU limit, a CFS quota of limit × period / 1000
// per 100-ms period (kubernetes/kubernetes pkg/kubelet/cm/helpers_linux.go:
// MilliCPUToShares, MilliCPUToQuota, ResourceConfigForPod; on cgroup v2,
// pkg/kubelet/cm/cgroup_manager_linux.go getCPUWeight maps the shares to
// cpu.weight = 1 + (shares − 2) × 9999 / 262142, and the quota to cpu.max).
// CFS then runs an "ideal, precise multi-tasking CPU" over the runnable
// entities, each group getting CPU in proportion to its weight among the
// groups that are runnable (Documentation/scheduler/sched-design-CFS.rst,
// "group scheduler extensions"); cgroup v2 states the rule: a parent's CPU
// is distributed by adding up the weights of the active children only, so
// the scheme is work-conserving, and cpu.max caps a group's bandwidth
// (Documentation/admin-guide/cgroup-v2.rst, "Weights", "CPU Interface
// Files"; the quota: Documentation/scheduler/sched-bwc.rst).
//
// As a fluid model: the pods with requests in their CPU phase are active;
// pod i can use d_i = min(limit_i, n_i vCPU), n_i its CPU-phase requests (a
// handler is single-threaded, so a request uses at most one vCPU, as on
// Lambda); the node's CPU C (allocatable less the DaemonSets' requests) is
// water-filled: with Σ d ≤ C every pod gets d_i; otherwise there is a
// level λ with x_i = min(d_i, λ·w_i) and Σ x = C, so a pod held by its
// limit or its few requests leaves the rest to the others in proportion to
// their shares. Idle pods and pods still starting have no demand and lend
// their part.
//
// What this leaves out: the quota's 100-ms periods (a pod over its quota
// is throttled for the rest of the period, a latency-tail source; here it
// runs at exactly its limit); the QoS hierarchy, which is flat here because
// the model sets no memory limits, so every pod is Burstable and they are
// siblings under kubepods/burstable (qos_container_manager_linux.go,
// setCPUCgroupConfig); the rounding of cpu.weight on cgroup v2 (and the
// non-linear conversion newer runtimes use, opencontainers/runc #4772); the
// CPU of DaemonSets and system daemons, assumed to be their requests and
// reservations; and per-core scheduling (CFS balances load over the cores;
// here the node is one pool of C cores).
//
// Within a pod its CPU-phase requests share its x_i in processor-sharing
// fashion, x_i/n_i each: tracked in virtual time with a heap of finishing
// points; only the node's next completion is ever scheduled.
//
// Cost: a change of n_i re-rates the pod itself; the node's other pods are
// re-rated only when the node's demand exceeds its CPU and the change moves
// the level (a pod joins or leaves the active set, or changes its demand
// while held to it), by a water-filling over the node's active pods,
// O(m log m) for m of them. Completions are planned per node (armNode), so
// re-rating m pods schedules at most one event.
//
// Config.CPUSharing isolated is the model before: each pod whose container
// runs gets a fixed part, its request's share of the node among those pods,
// capped by its limit, whether it uses it or not.

type psItem struct {
	fin  float64 // the pod's virtual time at which the request's CPU work is done
	slot int32
	gen  uint32
}

// psHeap is a binary min-heap on fin.
type psHeap []psItem

func (h *psHeap) push(it psItem) {
	*h = append(*h, it)
	s := *h
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if s[p].fin <= it.fin {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = it
}

func (h *psHeap) pop() psItem {
	s := *h
	top := s[0]
	n := len(s) - 1
	last := s[n]
	s = s[:n]
	*h = s
	if n == 0 {
		return top
	}
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		if r := l + 1; r < n && s[r].fin < s[l].fin {
			l = r
		}
		if last.fin <= s[l].fin {
			break
		}
		s[i] = s[l]
		i = l
	}
	s[i] = last
	return top
}

// cpuShares is the kubelet's MilliCPUToShares: the cgroup weight of a pod
// requesting milli milli-cores.
func cpuShares(milli int64) int64 {
	const minShares, maxShares = 2, 262144
	return min(max(milli*1024/1000, minShares), maxShares)
}

// share is one active pod in a division of a node's CPU.
type share struct {
	pod    int32
	weight int64   // cpu.shares
	demand int64   // milli-cores it can use
	got    float64 // milli-cores it gets
}

// waterFill divides capacity milli-cores among items, which it sorts: each
// gets its demand when they all fit; otherwise those whose demand per share
// is below the level get their demand and the rest λ × weight, λ chosen so
// that the capacity is used up. It reports whether the demands exceeded the
// capacity.
func waterFill(capacity int64, items []share) bool {
	var total, weights int64
	for i := range items {
		total += items[i].demand
		weights += items[i].weight
	}
	if total <= capacity {
		for i := range items {
			items[i].got = float64(items[i].demand)
		}
		return false
	}
	// By demand per share, ascending (a cross-multiplied, exact compare),
	// ties by pod.
	slices.SortFunc(items, func(a, b share) int {
		l, r := a.demand*b.weight, b.demand*a.weight
		switch {
		case l < r:
			return -1
		case l > r:
			return 1
		}
		return int(a.pod - b.pod)
	})
	left := max(capacity, 0)
	i := 0
	for ; i < len(items); i++ {
		it := &items[i]
		// held to its demand if it asks less than the level left/weights
		if it.demand*weights > left*it.weight {
			break
		}
		it.got = float64(it.demand)
		left -= it.demand
		weights -= it.weight
	}
	level := float64(left) / float64(weights) // i < len(items), so weights > 0
	for ; i < len(items); i++ {
		items[i].got = level * float64(items[i].weight)
	}
	return true
}

// cpuChanged re-rates pod pi after its number of CPU-phase requests
// changed (its virtual time is already brought up to now), and its node's
// other pods when the node's division moves.
func (c *Cluster) cpuChanged(k *sim.Kernel, pi int32) {
	p := c.pods.At(pi)
	c.soloSettleNode(p.node)
	d := int64(p.nCPU) * 1000
	if p.limit > 0 {
		d = min(d, p.limit)
	}
	old := p.demand
	if d != old {
		n := &c.nodes[p.node]
		p.demand = d
		n.demand += d - old
		switch {
		case old == 0:
			p.busyIdx = int32(len(n.busy))
			n.busy = append(n.busy, pi)
			n.soloEnds = append(n.soloEnds, sim.Never)
		case d == 0:
			c.busyRemove(n, p)
		}
	}
	switch {
	case c.cfg.CPUSharing == Isolated:
		p.alloc = min(float64(p.nCPU), p.fixed)
	case d == old:
		// The same demand: the same part, shared by a different number.
	case c.nodes[p.node].demand <= c.nodes[p.node].userCPU():
		// Every demand is met.
		n := &c.nodes[p.node]
		if n.over {
			n.over = false
			first := sim.Never
			for _, qi := range n.busy {
				if q := c.pods.At(qi); qi != pi && q.alloc != float64(q.demand)/1000 {
					first = min(first, c.rerate(k, qi, float64(q.demand)/1000))
				}
			}
			c.armNode(k, p.node, first)
		}
		p.alloc = float64(d) / 1000
	case c.nodes[p.node].over && float64(old) > 1000*p.alloc && float64(d) >= 1000*p.alloc:
		// The pod was and stays above the level: its part, and so every
		// other pod's, is unchanged.
	default:
		// The node's pods are divided by weight from now on: a solo's end
		// would move the others' parts, so it needs its wake-up.
		c.armNode(k, p.node, c.soloUndoNode(p.node))
		p.alloc = 0
		c.divide(k, p.node, pi)
	}
	c.planPod(k, pi)
}

// divide water-fills node ni's CPU over its active pods and re-rates those
// whose part moved, except pod skip, whose caller plans it.
func (c *Cluster) divide(k *sim.Kernel, ni, skip int32) {
	n := &c.nodes[ni]
	s := c.shares[:0]
	for _, qi := range n.busy {
		q := c.pods.At(qi)
		s = append(s, share{pod: qi, weight: q.shares, demand: q.demand})
	}
	n.over = waterFill(n.userCPU(), s)
	first := sim.Never
	for _, it := range s {
		x := it.got / 1000
		if it.pod == skip {
			c.pods.At(skip).alloc = x
		} else if c.pods.At(it.pod).alloc != x {
			first = min(first, c.rerate(k, it.pod, x))
		}
	}
	c.shares = s[:0]
	c.armNode(k, ni, first)
}

// rerate gives pod pi cores from now on and returns when its next request
// completes; the caller arms the node.
func (c *Cluster) rerate(k *sim.Kernel, pi int32, cores float64) sim.Time {
	c.psAdvance(pi, k.Now())
	c.pods.At(pi).alloc = cores
	return c.psPlan(k, pi)
}

// cpuWake handles node ni's CPU wake-up: the pods whose next completion
// is due complete it, and the node re-arms for the earliest one left.
func (c *Cluster) cpuWake(k *sim.Kernel, ni int32) {
	now := k.Now()
	n := &c.nodes[ni]
	n.wakes = n.wakes[:len(n.wakes)-1] // this one, the earliest
	due := c.due[:0]
	for _, pi := range c.nodes[ni].busy {
		if c.pods.At(pi).next <= now {
			due = append(due, pi)
		}
	}
	c.due = due[:0]
	for _, pi := range due {
		// (an earlier one's completion may have re-rated it)
		if c.pods.At(pi).next <= now {
			c.cpuDone(k, pi)
		}
	}
	next := sim.Never
	for _, pi := range c.nodes[ni].busy {
		next = min(next, c.pods.At(pi).next)
	}
	c.armNode(k, ni, next)
}

// cpuDone completes the pod's CPU work that is done by now.
func (c *Cluster) cpuDone(k *sim.Kernel, pi int32) {
	now := k.Now()
	c.psAdvance(pi, now)
	p := c.pods.At(pi)
	done := c.scratch[:0]
	for len(p.ps) > 0 {
		top := p.ps[0]
		if !c.psLive(pi, top) {
			p.ps.pop()
			continue
		}
		// Completions are planned at the ceiling nanosecond, so v has
		// reached fin up to float rounding.
		if top.fin > p.v+0.5 {
			break
		}
		p.ps.pop()
		p.nCPU--
		done = append(done, top.slot)
	}
	c.cpuChanged(k, pi)
	c.scratch = done[:0]
	for _, slot := range done {
		c.startIO(k, slot)
	}
}

func (c *Cluster) psLive(pi int32, it psItem) bool {
	rs := c.reqs.At(it.slot)
	return rs.live && rs.gen == it.gen && rs.pod == pi && rs.phase == phaseCPU
}

// psAdvance brings the pod's virtual time and CPU account up to now.
func (c *Cluster) psAdvance(pi int32, now sim.Time) {
	p := c.pods.At(pi)
	if p.nCPU > 0 && now > p.psLast {
		dt := float64(now - p.psLast)
		p.v += p.rate * dt
		p.cpuNs += p.rate * float64(p.nCPU) * dt
	}
	if now > p.psLast {
		p.psLast = now
	}
}

func (p *pod) psRate() float64 {
	switch p.nCPU {
	case 0:
		return 0
	case 1:
		return p.alloc // = alloc / 1 exactly, without the division
	}
	return p.alloc / float64(p.nCPU)
}

func (c *Cluster) psJoin(k *sim.Kernel, pi, slot int32, work float64) {
	p := c.pods.At(pi)
	if p.solo >= 0 {
		c.soloTouchRun(pi)
	}
	c.psAdvance(pi, k.Now())
	p.ps.push(psItem{fin: p.v + work, slot: slot, gen: c.reqs.At(slot).gen})
	p.nCPU++
	c.cpuChanged(k, pi)
}

func (c *Cluster) psLeave(k *sim.Kernel, pi int32) {
	c.soloTouch(pi)
	c.psAdvance(pi, k.Now())
	c.pods.At(pi).nCPU--
	c.cpuChanged(k, pi)
}

// psPlan recomputes the pod's rate and returns when its next request
// completes at that rate, for the caller to arm the node (armNode).
func (c *Cluster) psPlan(k *sim.Kernel, pi int32) sim.Time {
	p := c.pods.At(pi)
	p.rate = p.psRate()
	p.next = sim.Never
	for len(p.ps) > 0 && !c.psLive(pi, p.ps[0]) {
		p.ps.pop()
	}
	if p.nCPU == 0 || len(p.ps) == 0 {
		p.ps = p.ps[:0]
		return p.next
	}
	if !(p.rate > 0) {
		return p.next // no CPU at all: nothing completes until the rate changes
	}
	dt := p.ps[0].fin - p.v
	if p.rate != 1 { // (x / 1 is x exactly: a division saved for a full core)
		dt /= p.rate
	}
	dt = math.Ceil(dt)
	if dt < 0 {
		dt = 0
	}
	p.next = k.Now() + sim.Time(dt)
	return p.next
}

// armNode makes node ni wake up by at. A node's CPU wake-ups serve all its
// pods and are never cancelled: a new one is scheduled only when at comes
// before every pending one (so the pending ones form a stack, the earliest
// on top, in the order they fire). One that fires when no completion is due
// any more (a rate dropped) finds nothing and re-arms. So re-rating a
// node's pods schedules at most one event, and a rate that drops and comes
// back leaves none behind.
func (c *Cluster) armNode(k *sim.Kernel, ni int32, at sim.Time) {
	n := &c.nodes[ni]
	if at == sim.Never || (len(n.wakes) > 0 && n.wakes[len(n.wakes)-1] <= at) {
		return
	}
	n.wakes = append(n.wakes, at)
	k.Schedule(sim.Event{At: at, Kind: kindCPUDone, ID: int64(ni), To: c})
}

// rerateNode refreshes, under isolated sharing, the fixed part of the
// node's running pods after the set of running containers changed.
func (c *Cluster) rerateNode(k *sim.Kernel, ni int32) {
	if c.cfg.CPUSharing != Isolated {
		return // shares: a pod with no work takes no part
	}
	n := &c.nodes[ni]
	// The parts move: solos end as planned only at a constant rate.
	c.soloSettleNode(ni)
	first := c.soloUndoNode(ni)
	for _, pi := range n.pods {
		p := c.pods.At(pi)
		if p.state == podGone || p.containerStart < 0 {
			continue
		}
		cores := c.isolatedCPU(pi)
		if p.fixed == cores {
			continue
		}
		c.psAdvance(pi, k.Now())
		p.fixed = cores
		p.alloc = min(float64(p.nCPU), cores)
		if p.nCPU > 0 {
			first = min(first, c.psPlan(k, pi))
		}
	}
	c.armNode(k, ni, first)
}

// isolatedCPU is a pod's fixed part under isolated sharing, in cores: its
// request's share of the node's CPU among the pods whose containers run,
// and never more than its limit. Every pod's part is at most its share, so
// the node never hands out more CPU than it has (kubernetes.md A.7:
// min(cpuLimit, node share)); a running but idle pod keeps its part.
func (c *Cluster) isolatedCPU(pi int32) float64 {
	p := c.pods.At(pi)
	d := c.deps[p.dep].cfg
	n := &c.nodes[p.node]
	share := float64(n.userCPU()) / 1000
	if n.shareCPU > 0 {
		share *= float64(d.CPURequestMilli) / float64(n.shareCPU)
	}
	if d.CPULimitMilli > 0 {
		return min(float64(d.CPULimitMilli)/1000, share)
	}
	return share
}

// liveCPUSeconds is the CPU used so far by deployment di's existing pods.
func (c *Cluster) liveCPUSeconds(di int) float64 {
	now := c.k.Now()
	var s float64
	for _, pi := range c.deps[di].pods {
		c.soloSettle(pi) // a solo that ended by now has stopped using CPU
		p := c.pods.At(pi)
		ns := p.cpuNs
		if p.nCPU > 0 && now > p.psLast {
			ns += p.rate * float64(p.nCPU) * float64(now-p.psLast)
		}
		s += ns / 1e9
	}
	return s
}

// Solos. Most requests run their CPU phase alone in their pod (round-robin
// spaces a pod's arrivals): 0.75 per request in BenchmarkSteadyState. Such
// a request's CPU end is known when it starts, and while nothing changes
// its pod's rate it cannot move; and when its node is not divided by
// weight (shares, demand within the node's CPU) or the pods' parts are
// fixed (isolated), its end moves no other pod's part either. Then its CPU
// phase and its io are one event, kindSolo at CPU end + io, instead of a
// node wake-up at its CPU end that schedules the io: a request is two
// events (its arrival and that one) instead of three.
//
// What the wake-up did at the CPU end (cpuDone: the request leaves the CPU
// phase, the pod's demand goes, and so its place in the node's busy list)
// is done later, by soloDone, as of soloEnd: when the event fires, or
// before anything reads or changes the pod's or its node's CPU state
// (soloSettle, soloSettleNode), whichever comes first. It writes the same
// values as the wake-up would have: the virtual time and the CPU account
// are advanced to soloEnd in the same steps, so the floats are the same.
// Anything that changes the pod's rate before soloEnd (a request joins or
// leaves the pod, the node comes to be divided by weight, isolated parts
// move) first turns the solo back into an ordinary CPU-phase request with
// a node wake-up at soloEnd (soloUndo): its event goes stale (rs.solo is
// cleared, or its merge number no longer matches) and the request goes on
// as before. A solo is made only where the wake-up's own check would find
// the work done at soloEnd (soloExact), so the end never needs a re-plan.
//
// Results are those of the wake-ups; the event count and the fingerprint
// are not, and two events at the same nanosecond can run in another order
// than before (the io end is now scheduled at the CPU phase's start).

// planPod plans pod pi's next completion after its CPU state changed: a
// solo when it can be (above), otherwise a node wake-up.
func (c *Cluster) planPod(k *sim.Kernel, pi int32) {
	next := c.psPlan(k, pi)
	p := c.pods.At(pi)
	if next == sim.Never || p.nCPU != 1 || c.noSolo || !c.soloRoom(p) || !c.soloExact(p, next) {
		c.armNode(k, p.node, next)
		return
	}
	slot := p.ps[0].slot // live: psPlan removed the dead ones above it
	rs := c.reqs.At(slot)
	rs.solo = true
	rs.soloN++
	p.solo, p.soloEnd, p.next = slot, next, sim.Never
	n := &c.nodes[p.node]
	n.soloNext = min(n.soloNext, next)
	n.soloEnds[p.busyIdx] = next
	n.solos++
	k.Schedule(sim.Event{At: next.Add(rs.req.Work.IO), Kind: kindSolo,
		ID: int64(slot) | int64(rs.soloN)<<32, Gen: rs.gen, To: c})
}

// soloRoom reports whether a solo in pod p would end as planned unless
// its own pod changes: the node's parts are fixed (isolated), or it is not
// divided by weight and (a guess, not a rule: it only spares solos that
// would soon be undone, each of which leaves a stale event) p is alone on
// it or it has room for the demand of one more pod like p, so that the
// next pod to start work is unlikely to divide it.
func (c *Cluster) soloRoom(p *pod) bool {
	if c.cfg.CPUSharing == Isolated {
		return true
	}
	n := &c.nodes[p.node]
	return !n.over && (len(n.pods) == 1 || n.demand+p.demand <= n.userCPU())
}

// soloExact reports whether the pod's heap top would be found done at t by
// cpuDone with the pod's rate unchanged: psAdvance's arithmetic, step for
// step.
func (c *Cluster) soloExact(p *pod, t sim.Time) bool {
	v := p.v
	if p.nCPU > 0 && t > p.psLast {
		dt := float64(t - p.psLast)
		v += p.rate * dt
	}
	return !(p.ps[0].fin > v+0.5)
}

// soloRecheck keeps pod pi's solo only if it still ends exactly at
// soloEnd after its virtual time was advanced (statsNow splits the step in
// two, which can round differently).
func (c *Cluster) soloRecheck(pi int32) {
	p := c.pods.At(pi)
	if p.solo >= 0 && !c.soloExact(p, p.soloEnd) {
		c.soloUndo(pi)
		c.armNode(c.k, p.node, p.next)
	}
}

// soloTouch comes before a change to pod pi's CPU phase: a solo that has
// ended is settled, one still running becomes an ordinary CPU-phase
// request, whose wake-up at soloEnd the caller's re-plan arms.
func (c *Cluster) soloTouch(pi int32) {
	if c.pods.At(pi).solo >= 0 {
		c.soloTouchRun(pi)
	}
}

// soloTouchRun is soloTouch for a pod with a solo (psJoin calls it
// directly: soloTouch is not inlined).
func (c *Cluster) soloTouchRun(pi int32) {
	if c.soloSettle(pi) {
		c.soloUndo(pi)
	}
}

// soloSettle settles pod pi's solo if it has ended by now (with its node's,
// in order) and reports whether it still runs.
func (c *Cluster) soloSettle(pi int32) bool {
	p := c.pods.At(pi)
	if p.solo < 0 {
		return false
	}
	if n := &c.nodes[p.node]; n.solos == 1 {
		// p's is the node's only solo: no order to keep
		if p.soloEnd <= c.k.Now() {
			c.soloDone(pi)
			n.soloNext = sim.Never
		}
	} else {
		c.soloSettleNode(p.node)
	}
	return p.solo >= 0
}

// soloSettleNode settles the solos of node ni that have ended by now, in
// the order of their ends (the order their wake-ups would have run in).
func (c *Cluster) soloSettleNode(ni int32) {
	// (inlined: most calls find nothing due)
	if c.nodes[ni].soloNext <= c.k.Now() {
		c.soloSettleDue(ni)
	}
}

// soloSettleDue is soloSettleNode's work once a solo may be due.
func (c *Cluster) soloSettleDue(ni int32) {
	n := &c.nodes[ni]
	now := c.k.Now()
	for {
		first, at, later := -1, now+1, sim.Never
		for i, end := range n.soloEnds {
			if end < at {
				first, at = i, end
			}
			if end > now {
				later = min(later, end)
			}
		}
		n.soloNext = later
		if first < 0 {
			return
		}
		c.soloDone(n.busy[first])
	}
}

// soloUndoNode turns node ni's running solos into ordinary CPU-phase
// requests and returns the earliest of their ends, for the caller to arm.
func (c *Cluster) soloUndoNode(ni int32) sim.Time {
	n := &c.nodes[ni]
	first := sim.Never
	for i := 0; n.solos > 0 && i < len(n.busy); i++ {
		if n.soloEnds[i] != sim.Never {
			first = min(first, n.soloEnds[i])
			c.soloUndo(n.busy[i])
		}
	}
	return first
}

// busyRemove takes pod p out of node n's busy list (and the solo ends
// beside it), moving the last one into its place.
func (c *Cluster) busyRemove(n *node, p *pod) {
	i, j := p.busyIdx, len(n.busy)-1
	last := n.busy[j]
	n.busy[i], n.soloEnds[i] = last, n.soloEnds[j]
	c.pods.At(last).busyIdx = i
	n.busy, n.soloEnds = n.busy[:j], n.soloEnds[:j]
	p.busyIdx = -1
}

// soloUndo makes pod pi's running solo an ordinary CPU-phase request due
// at soloEnd; the caller arms the node. Its kindSolo event goes stale.
func (c *Cluster) soloUndo(pi int32) {
	p := c.pods.At(pi)
	c.reqs.At(p.solo).solo = false
	p.next = p.soloEnd
	p.solo = -1
	n := &c.nodes[p.node]
	n.soloEnds[p.busyIdx] = sim.Never
	n.solos--
}

// soloDone ends pod pi's solo, whose CPU work was done at soloEnd ≤ now,
// with what cpuWake → cpuDone → cpuChanged → psPlan did at that time for a
// pod whose one CPU-phase request finishes on a node not divided by
// weight: the pod leaves the busy list with no demand, no part and no
// rate, and the request is in its io, whose end is its kindSolo event.
func (c *Cluster) soloDone(pi int32) {
	p := c.pods.At(pi)
	n := &c.nodes[p.node]
	slot := p.solo
	p.solo = -1
	n.solos--
	c.psAdvance(pi, p.soloEnd)
	p.nCPU = 0
	p.ps = p.ps[:0] // its entry, and dead ones
	n.demand -= p.demand
	p.demand = 0
	c.busyRemove(n, p)
	p.alloc, p.rate, p.next = 0, 0, sim.Never
	c.reqs.At(slot).phase = phaseIO
}
