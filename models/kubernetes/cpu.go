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

// cpuChanged re-rates pod pi (p) after its number of CPU-phase requests
// changed (its virtual time is already brought up to now), and its node's
// other pods when the node's division moves.
func (c *Cluster) cpuChanged(k *sim.Kernel, pi int32, p *pod) {
	d := int64(p.nCPU) * 1000
	if p.limit > 0 {
		d = min(d, p.limit)
	}
	old := p.demand
	n := &c.nodes[p.node]
	if d != old {
		p.demand = d
		n.demand += d - old
		switch {
		case old == 0:
			n.busyAdd(pi, p)
		case d == 0:
			c.busyRemove(n, pi, p)
		}
	}
	switch {
	case c.cfg.CPUSharing == Isolated:
		p.alloc = min(float64(p.nCPU), p.fixed)
	case d == old:
		// The same demand: the same part, shared by a different number.
	case n.demand <= n.userCPU():
		// Every demand is met.
		if n.over {
			n.over = false
			first := sim.Never
			for _, b := range n.busy {
				if qi, q := b.pod, c.pods.At(b.pod); qi != pi && q.alloc != float64(q.demand)/1000 {
					first = min(first, c.rerate(k, qi, float64(q.demand)/1000))
				}
			}
			c.armNode(k, p.node, first)
		}
		p.alloc = float64(d) / 1000
	case n.over && float64(old) > 1000*p.alloc && float64(d) >= 1000*p.alloc:
		// The pod was and stays above the level: its part, and so every
		// other pod's, is unchanged.
	default:
		p.alloc = 0
		c.divide(k, p.node, pi)
	}
	c.armNode(k, p.node, c.psPlan(k, pi, p))
}

// busyAdd puts pod pi (p), whose demand became positive, on node n's busy
// list.
func (n *node) busyAdd(pi int32, p *pod) {
	p.busyIdx = int32(len(n.busy))
	n.busy = append(n.busy, busyPod{next: p.next, pod: pi})
}

// busyRemove takes pod pi (p), whose demand fell to 0, off node n's busy
// list.
func (c *Cluster) busyRemove(n *node, pi int32, p *pod) {
	last := n.busy[len(n.busy)-1]
	n.busy[p.busyIdx] = last
	if last.pod != pi {
		c.pods.At(last.pod).busyIdx = p.busyIdx
	}
	n.busy = n.busy[:len(n.busy)-1]
	p.busyIdx = -1
}

// Lone requests. Most requests run their CPU phase alone in their pod
// (round-robin spaces a pod's arrivals), on a node whose demands all fit.
// For those, psJoin's and cpuDone's general path (cpuChanged's cases,
// psPlan's) reduces to a few assignments, which loneJoin and loneLeave make
// directly, with the same values and the same float operations in the same
// order. They decline (return false, having changed nothing) whenever
// another case of cpuChanged would apply: isolated sharing, a node divided
// by weight (over), a demand that would not fit, a heap with dead entries.

// loneJoin is psJoin for a request joining pod pi (p) with no request in
// its CPU phase, on a node where its demand fits.
func (c *Cluster) loneJoin(k *sim.Kernel, pi int32, p *pod, slot int32, gen uint32, work float64) bool {
	if p.nCPU != 0 || len(p.ps) != 0 || p.demand != 0 || c.cfg.CPUSharing == Isolated || c.noLone {
		return false
	}
	d := int64(1000)
	if p.limit > 0 {
		d = min(d, p.limit)
	}
	n := &c.nodes[p.node]
	if n.over || n.demand+d > n.userCPU() {
		return false
	}
	now := k.Now()
	if now > p.psLast { // psAdvance with nCPU == 0
		p.psLast = now
	}
	fin := p.v + work
	p.ps = append(p.ps, psItem{fin: fin, slot: slot, gen: gen}) // (psHeap.push into an empty heap)
	p.nCPU = 1
	p.demand = d
	n.demand += d
	n.busyAdd(pi, p)
	p.alloc = float64(d) / 1000
	// psPlan at nCPU == 1: the rate is the pod's part, > 0.
	rate := p.alloc
	p.rate = rate
	dt := fin - p.v
	if rate != 1 {
		dt /= rate
	}
	dt = math.Ceil(dt)
	if dt < 0 {
		dt = 0
	}
	c.armNode(k, p.node, c.setNext(p, now+sim.Time(dt)))
	c.lones++
	return true
}

// loneLeave is cpuDone for pod pi (p) with one request in its CPU phase,
// done by now (p.psAdvance has run): it leaves, and its slot is returned
// for startIO.
func (c *Cluster) loneLeave(pi int32, p *pod) (int32, bool) {
	if p.nCPU != 1 || len(p.ps) != 1 || p.psDead != 0 || c.cfg.CPUSharing == Isolated || c.noLone {
		return 0, false
	}
	top := p.ps[0]
	if top.fin > p.v+0.5 {
		return 0, false
	}
	n := &c.nodes[p.node]
	old := p.demand
	if n.over || old == 0 || n.demand-old > n.userCPU() {
		return 0, false
	}
	p.ps = p.ps[:0]
	p.nCPU = 0
	p.demand = 0
	n.demand -= old
	c.busyRemove(n, pi, p)
	p.alloc = 0
	// psPlan at nCPU == 0 (armNode of Never does nothing).
	p.rate = 0
	p.psDead = 0
	p.next = sim.Never
	c.lones++
	return top.slot, true
}

// divide water-fills node ni's CPU over its active pods and re-rates those
// whose part moved, except pod skip, whose caller plans it.
func (c *Cluster) divide(k *sim.Kernel, ni, skip int32) {
	n := &c.nodes[ni]
	s := c.shares[:0]
	for _, b := range n.busy {
		q := c.pods.At(b.pod)
		s = append(s, share{pod: b.pod, weight: q.shares, demand: q.demand})
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
	p := c.pods.At(pi)
	p.psAdvance(k.Now())
	p.alloc = cores
	return c.psPlan(k, pi, p)
}

// cpuWake handles node ni's CPU wake-up: the pods whose next completion
// is due complete it, and the node re-arms for the earliest one left.
func (c *Cluster) cpuWake(k *sim.Kernel, ni int32) {
	now := k.Now()
	n := &c.nodes[ni]
	n.wakes = n.wakes[:len(n.wakes)-1] // this one, the earliest
	n.firstWake = sim.Never
	if len(n.wakes) > 0 {
		n.firstWake = n.wakes[len(n.wakes)-1]
	}
	due := c.due[:0]
	for _, b := range n.busy {
		if b.next <= now {
			due = append(due, b.pod)
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
	for _, b := range c.nodes[ni].busy {
		next = min(next, b.next)
	}
	c.armNode(k, ni, next)
}

// cpuDone completes the pod's CPU work that is done by now.
func (c *Cluster) cpuDone(k *sim.Kernel, pi int32) {
	p := c.pods.At(pi)
	p.psAdvance(k.Now())
	if slot, ok := c.loneLeave(pi, p); ok {
		c.startIO(k, slot)
		return
	}
	done := c.scratch[:0]
	for len(p.ps) > 0 {
		top := p.ps[0]
		if p.psDead > 0 && !c.psLive(pi, top) {
			p.ps.pop()
			p.psDead--
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
	c.cpuChanged(k, pi, p)
	c.scratch = done[:0]
	for _, slot := range done {
		c.startIO(k, slot)
	}
}

// psLive tells whether heap entry it of pod pi is still a request in its
// CPU phase. An entry goes dead only when its request is aborted in that
// phase (abort counts it in pod.psDead), so while psDead is 0 every entry
// is live and callers skip the request's slot, a cache line of its own.
func (c *Cluster) psLive(pi int32, it psItem) bool {
	rs := c.reqs.At(it.slot)
	return rs.live && rs.gen == it.gen && rs.pod == pi && rs.phase == phaseCPU
}

// psAdvance brings the pod's virtual time and CPU account up to now.
func (p *pod) psAdvance(now sim.Time) {
	if p.nCPU > 0 && now > p.psLast {
		dt := float64(now - p.psLast)
		p.v += p.rate * dt
		p.cpuNs += p.rate * float64(p.nCPU) * dt
	}
	if now > p.psLast {
		p.psLast = now
	}
}

// psRate is the CPU-ns per ns each of the pod's CPU-phase requests gets.
// A lone request gets the pod's part without a division (x/1 is x exactly,
// so the rate is the same float either way).
func (p *pod) psRate() float64 {
	switch p.nCPU {
	case 0:
		return 0
	case 1:
		return p.alloc
	}
	return p.alloc / float64(p.nCPU)
}

// psJoin puts the request in slot (generation gen) into pod pi's (p's)
// CPU phase with work CPU-ns to do.
func (c *Cluster) psJoin(k *sim.Kernel, pi int32, p *pod, slot int32, gen uint32, work float64) {
	if c.loneJoin(k, pi, p, slot, gen, work) {
		return
	}
	p.psAdvance(k.Now())
	p.ps.push(psItem{fin: p.v + work, slot: slot, gen: gen})
	p.nCPU++
	c.cpuChanged(k, pi, p)
}

func (c *Cluster) psLeave(k *sim.Kernel, pi int32, p *pod) {
	p.psAdvance(k.Now())
	p.nCPU--
	c.cpuChanged(k, pi, p)
}

// psPlan recomputes the pod's rate and returns when its next request
// completes at that rate, for the caller to arm the node (armNode).
func (c *Cluster) psPlan(k *sim.Kernel, pi int32, p *pod) sim.Time {
	for p.psDead > 0 && len(p.ps) > 0 && !c.psLive(pi, p.ps[0]) {
		p.ps.pop()
		p.psDead--
	}
	if p.nCPU == 0 || len(p.ps) == 0 {
		p.rate = p.psRate()
		p.ps = p.ps[:0]
		p.psDead = 0
		return c.setNext(p, sim.Never)
	}
	// psRate with nCPU > 0 known, without its switch.
	rate := p.alloc
	if p.nCPU != 1 {
		rate /= float64(p.nCPU)
	}
	p.rate = rate
	if !(rate > 0) {
		return c.setNext(p, sim.Never) // no CPU at all: nothing completes until the rate changes
	}
	dt := p.ps[0].fin - p.v
	if rate != 1 { // (a division by 1 would leave dt as it is)
		dt /= rate
	}
	dt = math.Ceil(dt)
	if dt < 0 {
		dt = 0
	}
	return c.setNext(p, k.Now()+sim.Time(dt))
}

// setNext sets pod p's next completion, in the pod and, while it is busy,
// in its node's busy list (busyPod), and returns it.
func (c *Cluster) setNext(p *pod, at sim.Time) sim.Time {
	p.next = at
	if p.busyIdx >= 0 {
		c.nodes[p.node].busy[p.busyIdx].next = at
	}
	return at
}

// armNode makes node ni wake up by at. A node's CPU wake-ups serve all its
// pods and are never cancelled: a new one is scheduled only when at comes
// before every pending one (so the pending ones form a stack, the earliest
// on top, in the order they fire). One that fires when no completion is due
// any more (a rate dropped) finds nothing and re-arms. So re-rating a
// node's pods schedules at most one event, and a rate that drops and comes
// back leaves none behind.
//
// The test is apart from the scheduling (wake) so that it is inlined: most
// calls, two or three per request, find nothing to schedule.
func (c *Cluster) armNode(k *sim.Kernel, ni int32, at sim.Time) {
	if at < c.nodes[ni].firstWake { // (never true of sim.Never)
		c.wake(k, ni, at)
	}
}

// wake schedules node ni's CPU wake-up at at (armNode).
func (c *Cluster) wake(k *sim.Kernel, ni int32, at sim.Time) {
	n := &c.nodes[ni]
	n.wakes = append(n.wakes, at)
	n.firstWake = at
	// After, not Schedule: the same entry (at ≥ now), from arguments in
	// registers instead of an Event built on the stack.
	k.After(at.Sub(k.Now()), c, kindCPUDone, int64(ni), 0)
}

// rerateNode refreshes, under isolated sharing, the fixed part of the
// node's running pods after the set of running containers changed.
func (c *Cluster) rerateNode(k *sim.Kernel, ni int32) {
	if c.cfg.CPUSharing != Isolated {
		return // shares: a pod with no work takes no part
	}
	n := &c.nodes[ni]
	first := sim.Never
	for _, pi := range n.pods {
		p := c.pods.At(pi)
		if p.state == podGone || p.containerStart < 0 {
			continue
		}
		cores := c.isolatedCPU(pi)
		if p.fixed == cores {
			continue
		}
		p.psAdvance(k.Now())
		p.fixed = cores
		p.alloc = min(float64(p.nCPU), cores)
		if p.nCPU > 0 {
			first = min(first, c.psPlan(k, pi, p))
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
		p := c.pods.At(pi)
		ns := p.cpuNs
		if p.nCPU > 0 && now > p.psLast {
			ns += p.rate * float64(p.nCPU) * float64(now-p.psLast)
		}
		s += ns / 1e9
	}
	return s
}
