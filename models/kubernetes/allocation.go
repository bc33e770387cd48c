package kubernetes

import (
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// Cost allocation (DESIGN §10, issue 9): how much of each node each
// deployment held over time, so that the cost model can split the node
// bill by service the way OpenCost and Kubecost do (models/cost
// KubernetesAllocation; OpenCost spec: workload cost + idle = asset cost).
//
// The share of a node a pod holds, from its binding to its removal
// (terminating pods still hold their requests), is the larger of its CPU
// and its memory request over the node's allocatable:
//
//	share = max(cpuRequest / allocatableCPU, memoryRequest / allocatableMemory)
//
// the rule issue 9 asks for: a pod pays for the scarcer resource it keeps
// from others. OpenCost prices CPU and RAM separately instead (a node's
// price split by a CPU:RAM price ratio, each resource charged at
// max(request, usage)); EC2 sells a node whole and the split needs a ratio
// AWS does not publish, so we charge the binding resource. Usage above
// requests (an unlimited pod borrowing idle CPU) is not charged: requests
// are what the scheduler reserved. The DaemonSets hold their own share of
// every node from its registration. With the larger-of rule the shares on
// a node can add up to more than one (a CPU-heavy and a memory-heavy pod);
// then every holder's share is scaled by 1/Σshares, so a node is never
// allocated more than once. What no pod holds is idle.
//
// Bookkeeping is O(1) per pod event, nothing per request: each node
// integrates w(t) = 1/max(1, Σshares(t)) dt; a pod records that integral
// when bound and, when removed, adds share × (integral now − then) to its
// deployment's NodeShares for the node's kind.

// nodeAlloc is a node's allocation state.
type nodeAlloc struct {
	held     float64  // Σ shares of the pods bound here and of the DaemonSets
	perShare float64  // ∫ 1/max(1, held) dt, in seconds, up to last
	last     sim.Time // perShare's time
	ds       float64  // the DaemonSets' share, while dsUp
	dsMark   float64  // perShare when the DaemonSets started
	dsUp     bool
}

// podAlloc is a bound pod's allocation state.
type podAlloc struct {
	share float64 // 0 while unbound
	mark  float64 // its node's perShare when bound
}

// NodeShare is node time one deployment (or the DaemonSets) held on nodes
// of one kind, weighted by its share of each node: Σ share × seconds.
type NodeShare struct {
	InstanceType string
	Capacity     models.Capacity
	Seconds      float64
}

// advance integrates the node's weight up to now.
func (a *nodeAlloc) advance(now sim.Time) {
	if now > a.last {
		a.perShare += float64(now-a.last) / 1e9 / max(1, a.held)
		a.last = now
	}
}

// share is the larger of the CPU and memory fractions of n's allocatable
// that requests r take.
func (n *node) share(cpuMilli, memMiB int64) float64 {
	var s float64
	if n.alloc.CPUMilli > 0 {
		s = float64(cpuMilli) / float64(n.alloc.CPUMilli)
	}
	if n.alloc.MemoryMiB > 0 {
		s = max(s, float64(memMiB)/float64(n.alloc.MemoryMiB))
	}
	return s
}

// allocBind starts pod pi's hold on node ni (at binding).
func (c *Cluster) allocBind(pi, ni int32) {
	p := c.pods.At(pi)
	n := &c.nodes[ni]
	d := c.deps[p.dep].cfg
	n.hold.advance(c.k.Now())
	p.hold = podAlloc{share: n.share(d.CPURequestMilli, d.MemoryRequestMiB), mark: n.hold.perShare}
	n.hold.held += p.hold.share
}

// allocUnbind ends pod pi's hold on its node and books it to its
// deployment (at removal; a second call does nothing).
func (c *Cluster) allocUnbind(pi int32) {
	p := c.pods.At(pi)
	if p.hold.share == 0 || p.node < 0 {
		return
	}
	n := &c.nodes[p.node]
	n.hold.advance(c.k.Now())
	addNodeShare(&c.deps[p.dep].stats.NodeShares, c.types[n.typ].Name, n.capType, shareSeconds(p.hold.share, n.hold.perShare-p.hold.mark))
	n.hold.held -= p.hold.share
	p.hold.share = 0
	if len(n.pods) <= 1 { // this pod was the last: drop the float residue
		n.hold.held = n.hold.ds
	}
}

// allocNodeUp starts the DaemonSets' hold on node ni (at registration).
func (c *Cluster) allocNodeUp(ni int32) {
	n := &c.nodes[ni]
	if n.hold.dsUp {
		return
	}
	n.hold.advance(c.k.Now())
	n.hold.ds = n.share(n.ds.CPUMilli, n.ds.MemoryMiB)
	n.hold.dsMark = n.hold.perShare
	n.hold.dsUp = true
	n.hold.held += n.hold.ds
}

// allocNodeDown ends every hold on node ni (at its removal).
func (c *Cluster) allocNodeDown(ni int32) {
	n := &c.nodes[ni]
	for _, pi := range n.pods {
		c.allocUnbind(pi)
	}
	if n.hold.dsUp {
		n.hold.advance(c.k.Now())
		addNodeShare(&c.usage.daemonSets, c.types[n.typ].Name, n.capType, shareSeconds(n.hold.ds, n.hold.perShare-n.hold.dsMark))
		n.hold.dsUp = false
		n.hold.held = 0
	}
}

// shareSeconds is share × seconds, rounded on its own: the explicit conversion
// keeps the compiler from fusing it with the sum it is added to (Go may
// fuse x*y + z on arm64), so every architecture books the same seconds.
func shareSeconds(share, seconds float64) float64 { return float64(share * seconds) }

// addNodeShare adds secs of node time of one kind to list.
func addNodeShare(list *[]NodeShare, typ string, ct models.Capacity, secs float64) {
	for i := range *list {
		if s := &(*list)[i]; s.InstanceType == typ && s.Capacity == ct {
			s.Seconds += secs
			return
		}
	}
	*list = append(*list, NodeShare{InstanceType: typ, Capacity: ct, Seconds: secs})
}

// openShares adds the holds still open at now, up to now, to each
// deployment's shares in deps and to the DaemonSets' in ds (the model's
// own lists are not touched).
func (c *Cluster) openShares(now sim.Time, deps []DeploymentStats, ds *[]NodeShare) {
	for pi := range int32(c.pods.Len()) {
		p := c.pods.At(pi)
		if p.state == podGone || p.node < 0 || p.hold.share == 0 {
			continue
		}
		n := &c.nodes[p.node]
		n.hold.advance(now)
		addNodeShare(&deps[p.dep].NodeShares, c.types[n.typ].Name, n.capType, shareSeconds(p.hold.share, n.hold.perShare-p.hold.mark))
	}
	for _, ni := range c.live {
		n := &c.nodes[ni]
		if n.hold.dsUp {
			n.hold.advance(now)
			addNodeShare(ds, c.types[n.typ].Name, n.capType, shareSeconds(n.hold.ds, n.hold.perShare-n.hold.dsMark))
		}
	}
}
