package kubernetes

import (
	"math"

	"github.com/execsim/execsim/sim"
)

// The scheduler is a subset of kube-scheduler's default profile
// (pkg/scheduler/apis/config/v1/default_plugins.go): the NodeResourcesFit
// filter (CPU, memory, pod count) and score (LeastAllocated or MostAllocated,
// weight 1), and PodTopologySpread (DoNotSchedule as a filter,
// ScheduleAnyway as a score of weight 2), with a uniformly random choice
// among the best-scoring nodes (schedule_one.go, selectHost). Nodes are
// scored in creation order; unschedulable pods wait in c.pending and are
// retried whenever a node registers or a pod goes away (the queueing hints
// of scheduling_queue.go), with no backoff.

// MaxNodeScore is the scheduler framework's largest plugin score.
const MaxNodeScore = 100

// Scheduler plugin weights of the default profile.
const (
	weightFit    = 1
	weightSpread = 2
)

// requestSchedule queues one scheduling pass at the current time.
func (c *Cluster) requestSchedule(k *sim.Kernel) {
	if c.schedQueued || len(c.pending) == 0 {
		return
	}
	c.schedQueued = true
	c.schedGen++
	k.After(0, c, kindSchedule, 0, c.schedGen)
}

// schedulePass tries to bind every pending pod, oldest first.
func (c *Cluster) schedulePass(k *sim.Kernel) {
	kept := c.pending[:0]
	for _, pi := range c.pending {
		if ni := c.selectNode(pi); ni >= 0 {
			c.bind(k, pi, ni)
		} else {
			kept = append(kept, pi)
		}
	}
	c.pending = kept
	if len(c.pending) > 0 && c.cfg.NodeAutoscaler == Karpenter {
		c.kpNotice(k)
	}
}

// spreadMin is a DoNotSchedule constraint's global minimum of matching
// pods over the eligible domains: the zones or hostnames of every Node
// object, lost (NotReady, tainted) nodes included. Upstream's PreFilter
// (podtopologyspread/filtering.go, calPreFilterState) walks all nodes of the
// snapshot and keeps a node unless its node inclusion policies exclude it
// (common.go, matchNodeInclusionPolicies): nodeAffinityPolicy defaults to
// Honor and nodeTaintsPolicy to Ignore (plugin.go / the API defaults), so
// the unreachable taint does not remove a node's zone from the domains.
// Pods being deleted do not count (countPodsMatchSelector skips pods with a
// deletionTimestamp), so once a lost zone's pods are evicted it is a domain
// with zero matching pods and pins the global minimum at 0 until its nodes
// are deleted. Simplification: no node affinity, so every node is eligible.
func (c *Cluster) spreadMin(di int32, s SpreadConstraint) int32 {
	best := int32(math.MaxInt32)
	d := &c.deps[di]
	switch s.Key {
	case Zone:
		for z := range c.zones {
			if c.zones[z].registered > 0 {
				best = min(best, d.zoneCount[z])
			}
		}
	case Hostname:
		for _, ni := range c.live {
			if n := &c.nodes[ni]; n.state == nodeReady || n.state == nodeDraining || n.state == nodeLost {
				best = min(best, n.depPods[di])
			}
		}
	}
	if best == math.MaxInt32 {
		best = 0
	}
	return best
}

// feasible applies the filters to pod pi on node ni; mins are the
// DoNotSchedule constraints' global minimums.
//
// A node a Karpenter command is disrupting (a replacement booting for it)
// carries the karpenter.sh/disrupted:NoSchedule taint, set before the
// replacement is created (kubernetes-sigs/karpenter @2266468
// pkg/controllers/disruption/queue.go, StartCommand → markDisrupted →
// state.RequireNoScheduleTaint) and removed if the command fails; no pod
// here tolerates it, so TaintToleration filters the node out. It still
// counts as a spread domain (nodeTaintsPolicy Ignore; see spreadMin).
func (c *Cluster) feasible(pi, ni int32, mins []int32) bool {
	n := &c.nodes[ni]
	if n.state != nodeReady || n.disrupting {
		return false
	}
	p := c.pods.At(pi)
	d := &c.deps[p.dep]
	if !fits(n.free(), d.cfg) {
		return false
	}
	j := 0
	for _, s := range d.spread {
		if s.WhenUnsatisfiable != DoNotSchedule {
			continue
		}
		var cnt int32
		if s.Key == Zone {
			cnt = d.zoneCount[n.zone]
		} else {
			cnt = n.depPods[p.dep]
		}
		// filtering.go: skew = matchNum + selfMatch − globalMin ≤ maxSkew.
		if cnt+1-mins[j] > int32(s.MaxSkew) {
			return false
		}
		j++
	}
	return true
}

// fits is the NodeResourcesFit filter against free resources.
func fits(free Resources, d *Deployment) bool {
	return free.Pods >= 1 && free.CPUMilli >= d.CPURequestMilli && free.MemoryMiB >= d.MemoryRequestMiB
}

// selectNode runs filter and score for pod pi and returns the chosen node,
// or −1 when no node fits.
func (c *Cluster) selectNode(pi int32) int32 {
	p := c.pods.At(pi)
	d := &c.deps[p.dep]
	var mins []int32
	for _, s := range d.spread {
		if s.WhenUnsatisfiable == DoNotSchedule {
			mins = append(mins, c.spreadMin(p.dep, s))
		}
	}
	var cand []int32
	for _, ni := range c.live {
		if c.feasible(pi, ni, mins) {
			cand = append(cand, ni)
		}
	}
	if len(cand) == 0 {
		return -1
	}
	if len(cand) == 1 {
		return cand[0]
	}
	scores := make([]int64, len(cand))
	for i, ni := range cand {
		scores[i] = weightFit * c.fitScore(ni, d.cfg)
	}
	if d.soft {
		spread := c.spreadScores(p.dep, cand)
		for i := range scores {
			scores[i] += weightSpread * spread[i]
		}
	}
	best := int64(math.MinInt64)
	var ties []int32
	for i, s := range scores {
		switch {
		case s > best:
			best = s
			ties = append(ties[:0], cand[i])
		case s == best:
			ties = append(ties, cand[i])
		}
	}
	if len(ties) == 1 {
		return ties[0]
	}
	return ties[c.rngSched.IntN(len(ties))]
}

// fitScore is NodeResourcesFit's score for adding a pod of d to node ni:
// requested includes DaemonSets, the node's pods and the incoming pod; CPU
// and memory weigh 1 each (noderesources/least_allocated.go,
// leastResourceScorer; most_allocated.go, mostResourceScorer).
func (c *Cluster) fitScore(ni int32, d *Deployment) int64 {
	n := &c.nodes[ni]
	cpu := resourceScore(c.cfg.Scheduler.Scoring, n.ds.CPUMilli+n.reqCPU+d.CPURequestMilli, n.alloc.CPUMilli)
	mem := resourceScore(c.cfg.Scheduler.Scoring, n.ds.MemoryMiB+n.reqMem+d.MemoryRequestMiB, n.alloc.MemoryMiB)
	return (cpu + mem) / 2
}

func resourceScore(s Scoring, requested, allocatable int64) int64 {
	if allocatable <= 0 {
		return 0
	}
	if s == MostAllocated {
		return min(requested, allocatable) * MaxNodeScore / allocatable
	}
	if requested > allocatable {
		return 0
	}
	return (allocatable - requested) * MaxNodeScore / allocatable
}

// spreadScores is PodTopologySpread's normalised score over the candidate
// nodes for the ScheduleAnyway constraints (podtopologyspread/scoring.go):
// raw = Σ cnt·ln(#domains+2) + (maxSkew−1), rounded; then
// 100·(max+min−raw)/max, or 100 everywhere when max is 0.
func (c *Cluster) spreadScores(di int32, cand []int32) []int64 {
	d := &c.deps[di]
	raw := make([]int64, len(cand))
	zoneSeen := make([]bool, len(c.zones))
	nZones := 0
	for _, ni := range cand {
		if z := c.nodes[ni].zone; !zoneSeen[z] {
			zoneSeen[z] = true
			nZones++
		}
	}
	for i, ni := range cand {
		n := &c.nodes[ni]
		var score float64
		for _, s := range d.spread {
			if s.WhenUnsatisfiable != ScheduleAnyway {
				continue
			}
			var cnt int32
			size := nZones
			if s.Key == Zone {
				cnt = d.zoneCount[n.zone]
			} else {
				cnt = n.depPods[di]
				size = len(cand)
			}
			score += float64(cnt)*math.Log(float64(size+2)) + float64(s.MaxSkew-1)
		}
		raw[i] = int64(math.Round(score))
	}
	lo, hi := int64(math.MaxInt64), int64(0)
	for _, r := range raw {
		lo, hi = min(lo, r), max(hi, r)
	}
	for i, r := range raw {
		if hi == 0 {
			raw[i] = MaxNodeScore
		} else {
			raw[i] = MaxNodeScore * (hi + lo - r) / hi
		}
	}
	return raw
}

// bind puts pending pod pi on node ni and starts its image pull.
func (c *Cluster) bind(k *sim.Kernel, pi, ni int32) {
	p := c.pods.At(pi)
	n := &c.nodes[ni]
	d := &c.deps[p.dep]
	p.node = ni
	p.state = podStarting
	p.started = k.Now()
	n.pods = append(n.pods, pi)
	n.reqCPU += d.cfg.CPURequestMilli
	n.reqMem += d.cfg.MemoryRequestMiB
	c.allocBind(pi, ni)
	// A pod landing leaves the node's CA unneeded time alone: upstream keeps
	// the time a node was first found unneeded for as long as every scan
	// still finds it so (kubernetes/autoscaler @f7bb0c3
	// core/scaledown/unneeded/nodes.go:129-143, updateInternalState keeps
	// val.since); only a scan that finds it needed resets it (caScaleDown).
	c.podEventOn(ni, k.Now())
	c.countSpread(pi, 1)
	c.rerateNode(k, ni)
	// Image pull, only on a node that does not have the image; a pod that
	// arrives during a pull waits for the same pull.
	now := k.Now()
	var wait sim.Time
	switch at := n.images[d.image]; {
	case at <= now:
	case at != sim.Never:
		wait = at - now
	default:
		pull := d.cfg.ImagePull.Sample(c.rng.From(&d.rngLife))
		n.images[d.image] = now.Add(pull)
		wait = sim.Time(pull)
	}
	k.Schedule(sim.Event{At: now + wait, Kind: kindPulled, ID: int64(pi), Gen: p.gen, To: c})
}

// countSpread adds delta to the topology counts of pod pi, once: a pod
// counts while it is bound and not being deleted (countPodsMatchSelector
// skips terminating pods).
func (c *Cluster) countSpread(pi int32, delta int32) {
	p := c.pods.At(pi)
	if (delta > 0) == p.counted {
		return
	}
	p.counted = delta > 0
	n := &c.nodes[p.node]
	c.deps[p.dep].zoneCount[n.zone] += delta
	n.depPods[p.dep] += delta
}
