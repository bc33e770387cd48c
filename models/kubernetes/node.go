package kubernetes

import (
	"fmt"
	"slices"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// Node states.
const (
	nodeLaunching uint8 = iota // instance booting; not yet a scheduling target
	nodeReady                  // registered and schedulable
	nodeDraining               // cordoned; its pods are being evicted
	// nodeLost: its zone failed. The Node object stays, NotReady and
	// tainted node.kubernetes.io/unreachable (NoSchedule, NoExecute), so it
	// is no scheduling target but still a topology domain, until deleted.
	nodeLost
	nodeGone // deleted or vanished
)

type node struct {
	name    string
	pool    int32
	typ     int32 // index into Cluster.types
	zone    int32
	capType models.Capacity
	state   uint8
	gen     uint32

	alloc  Resources // kubelet allocatable (NodeAllocatable)
	ds     Resources // DaemonSet requests and pods
	reqCPU int64     // workload pods' requests
	// shareCPU is the requests of pods whose containers run: they divide
	// the node's CPU under isolated sharing (see isolatedCPU).
	shareCPU int64
	// busy lists the pods with work in their CPU phase; demand is the sum
	// of their demands in milli-cores, and over tells that it exceeds the
	// node's CPU, so that they are divided by weight (cpu.go).
	busy   []busyPod
	demand int64
	over   bool
	// wakes are the node's pending CPU wake-ups, the earliest last
	// (cpu.go, armNode), and firstWake the earliest (sim.Never: none), for
	// armNode's test to read one field.
	wakes     []sim.Time
	firstWake sim.Time
	reqMem    int64
	pods      []int32 // workload pods bound here (not gone)
	// depPods counts each deployment's bound, not-deleting pods here (the
	// hostname topology domain).
	depPods []int32
	// images[i] is when image i is on the node: sim.Never if it was never
	// pulled, a future time while a pull is under way.
	images []sim.Time

	launched sim.Time
	// readyAt is when the node registered Ready (Karpenter's Initialized
	// condition); podEvent is Karpenter's LastPodEventTime, the last pod
	// bound to or deleted from the node (−1: none yet). See podEventOn.
	readyAt  sim.Time
	podEvent sim.Time
	// notReady is when the node lifecycle controller marked a lost node
	// NotReady (its zone's failure plus the node-monitor grace period).
	notReady sim.Time
	// unneededSince is when the cluster autoscaler first found the node
	// unneeded (−1: it is needed).
	unneededSince sim.Time
	// recheckAt: until then the cluster autoscaler leaves the node out of
	// scale-down, its pods having found no place in a simulation
	// (UnremovableNodeRecheckTimeout).
	recheckAt sim.Time
	// replaces is the node Karpenter drains once this replacement is Ready (−1 none).
	replaces   int32
	disrupting bool // chosen by a Karpenter command

	hold nodeAlloc // shares held, for cost allocation (allocation.go)
}

// busyPod is a pod in its node's busy list, with a copy of its next
// completion (pod.next): a CPU wake-up looks for the pods due, and for
// the earliest completion left, in this one short array instead of
// reading each busy pod's slot, a cache line apart from the next one's
// (the wake-up was the largest part of a steady request's model cost).
type busyPod struct {
	next sim.Time
	pod  int32
}

// free is what is left for one more workload pod.
func (n *node) free() Resources {
	return Resources{
		CPUMilli:  n.alloc.CPUMilli - n.ds.CPUMilli - n.reqCPU,
		MemoryMiB: n.alloc.MemoryMiB - n.ds.MemoryMiB - n.reqMem,
		Pods:      n.alloc.Pods - n.ds.Pods - len(n.pods),
	}
}

// userCPU is the CPU workload pods may share: allocatable minus DaemonSets.
func (n *node) userCPU() int64 { return n.alloc.CPUMilli - n.ds.CPUMilli }

// addNode creates a launching node of type ti in zone zi for pool pi.
func (c *Cluster) addNode(pi, ti, zi int32, nImages int) int32 {
	t := &c.types[ti]
	id := int32(len(c.nodes))
	n := node{
		name: fmt.Sprintf("%s-%s-%d", c.pools[pi].cfg.Name, c.zones[zi].name, id),
		pool: pi, typ: ti, zone: zi, capType: c.pools[pi].cfg.Capacity, state: nodeLaunching,
		alloc:    NodeAllocatable(t, c.cfg.EvictionHardMemoryMiB),
		depPods:  make([]int32, len(c.deps)),
		images:   make([]sim.Time, nImages),
		launched: c.k.Now(), readyAt: -1, podEvent: -1, unneededSince: -1, replaces: -1, firstWake: sim.Never,
	}
	for _, d := range c.cfg.DaemonSets {
		n.ds.CPUMilli += d.CPUMilli
		n.ds.MemoryMiB += d.MemoryMiB
		n.ds.Pods++
	}
	for i := range n.images {
		n.images[i] = sim.Never
	}
	c.nodes = append(c.nodes, n)
	c.live = append(c.live, id)
	c.pools[pi].nodes++
	c.nodeCount++
	return id
}

// registerNode makes a node Ready and schedulable.
func (c *Cluster) registerNode(ni int32) {
	n := &c.nodes[ni]
	n.state = nodeReady
	n.readyAt = c.k.Now()
	c.zones[n.zone].registered++
	c.allocNodeUp(ni)
	if hk := c.cfg.StatsHousekeeping; hk > 0 {
		c.k.After(time.Duration(c.rngPhase.Int64N(int64(hk))), c, kindHousekeeping, int64(ni), n.gen)
	}
}

// launchNode starts a new node that becomes Ready after the launch delay.
func (c *Cluster) launchNode(k *sim.Kernel, pi, ti, zi int32) int32 {
	ni := c.addNode(pi, ti, zi, c.imageCount())
	n := &c.nodes[ni]
	c.note(Change{Kind: NodeLaunch, Deployment: -1, Node: n.name,
		Detail: c.types[ti].Name + " " + c.zones[zi].name, To: c.pools[pi].nodes})
	k.After(c.cfg.NodeLaunch.Sample(c.rngLaunch), c, kindNodeReady, int64(ni), n.gen)
	c.gauges()
	return ni
}

func (c *Cluster) imageCount() int {
	n := 0
	for i := range c.deps {
		n = max(n, int(c.deps[i].image)+1)
	}
	return n
}

// nodeBecameReady registers a launched node and retries pending pods.
func (c *Cluster) nodeBecameReady(k *sim.Kernel, ni int32) {
	c.registerNode(ni)
	n := &c.nodes[ni]
	c.note(Change{Kind: NodeReady, Deployment: -1, Node: n.name, Detail: c.types[n.typ].Name + " " + c.zones[n.zone].name})
	if old := n.replaces; old >= 0 {
		n.replaces = -1
		if c.nodes[old].state == nodeReady {
			c.drainNode(k, old)
		}
	}
	c.requestSchedule(k)
}

// drainNode cordons a node and evicts its pods (each terminates within its
// grace period; the ReplicaSet creates replacements at once). The node is
// deleted when its last pod is gone.
func (c *Cluster) drainNode(k *sim.Kernel, ni int32) {
	n := &c.nodes[ni]
	if n.state != nodeReady {
		return
	}
	n.state = nodeDraining
	c.note(Change{Kind: NodeDrain, Deployment: -1, Node: n.name, Detail: c.types[n.typ].Name + " " + c.zones[n.zone].name})
	for _, pi := range slices.Clone(n.pods) {
		c.deletePod(k, pi)
	}
	c.maybeRemoveDrained(k, ni)
	for di := range c.deps {
		c.reconcileReplicas(k, int32(di))
	}
}

// maybeRemoveDrained deletes a draining node once it has no pods.
func (c *Cluster) maybeRemoveDrained(k *sim.Kernel, ni int32) {
	if n := &c.nodes[ni]; n.state == nodeDraining && len(n.pods) == 0 {
		c.removeNode(k, ni, NodeRemove)
	}
}

// removeNode deletes a node (which must have no pods left unless it
// vanished) and books its lifetime.
func (c *Cluster) removeNode(k *sim.Kernel, ni int32, why ChangeKind) {
	n := &c.nodes[ni]
	if n.state == nodeGone {
		return
	}
	if n.state == nodeReady || n.state == nodeDraining || n.state == nodeLost {
		c.zones[n.zone].registered--
	}
	n.state = nodeGone
	n.gen++
	if old := n.replaces; old >= 0 {
		// A replacement that never arrived: the old node stays.
		c.nodes[old].disrupting = false
		n.replaces = -1
	}
	c.allocNodeDown(ni)
	c.pools[n.pool].nodes--
	c.nodeCount--
	c.live = slices.DeleteFunc(c.live, func(x int32) bool { return x == ni })
	addNodeUsage(&c.usage.nodes, &c.types[n.typ], n.capType, k.Now().Sub(n.launched))
	c.note(Change{Kind: why, Deployment: -1, Node: n.name, Detail: c.types[n.typ].Name + " " + c.zones[n.zone].name})
	c.gauges()
}
