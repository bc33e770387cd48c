package kubernetes

import (
	"slices"

	"github.com/execsim/execsim/sim"
)

// Zones. Nodes carry topology.kubernetes.io/zone; node pools spread their
// nodes over their zones and the scheduler's zone spread constraints use
// them. Each request enters through the front door in a uniformly random
// zone that is up (an ALB has a node per enabled zone and clients resolve
// to any of them); its payload crosses zones when the pod serving it is
// elsewhere (cross-zone load balancing is on for ALBs).
//
// An AZ failure cuts the zone off at once: requests in flight on its nodes
// fail, launching nodes never arrive and no autoscaler launches into the
// zone again. As upstream, the zone's Node objects stay: after the
// node-monitor grace period the node lifecycle controller marks them
// NotReady and taints them node.kubernetes.io/unreachable (NoSchedule and
// NoExecute), which takes their pods out of the endpoints; until then the
// API still sees the pods Ready and requests routed to them fail. The
// pods tolerate the NoExecute taint for UnreachableToleration (300 s, the
// DefaultTolerationSeconds admission plugin), then the taint manager
// evicts them and their ReplicaSets replace them. The tainted nodes remain
// topology domains (scheduler.go, spreadMin) until they are deleted:
// cluster-autoscaler deletes a node unready for ScaleDownUnreadyTime
// (autoscaler.go); with Karpenter or no node autoscaler they stay to the end
// of the run. Simplification: upstream's cloud node lifecycle controller
// deletes a Node only once the cloud reports its instance gone, which an
// AZ outage does not do, and Karpenter's node repair is an alpha feature
// (NodeRepair gate, off by default); neither is modelled. A lost node is
// billed until it is deleted (its instance is not terminated).

// crossZone counts the payload of a request served by pod p. The test is
// apart so that it is inlined into arrive: most requests carry no payload.
// (Written as !(x <= 0), not x > 0, so that a NaN payload still takes the
// count and its draw, as before the split.)
func (c *Cluster) crossZone(p *pod, payloadKB float64) {
	if !(payloadKB <= 0) && len(c.zones) >= 2 {
		c.crossZoneBytes(p, payloadKB)
	}
}

// crossZoneBytes is crossZone's count: the request enters the cluster in a
// zone that is up, and its payload crosses zones if the pod is elsewhere.
func (c *Cluster) crossZoneBytes(p *pod, payloadKB float64) {
	up := 0
	for i := range c.zones {
		if !c.zones[i].down {
			up++
		}
	}
	if up == 0 {
		return
	}
	j := c.rng.From(&c.deps[p.dep].rngEntry).IntN(up)
	entry := -1
	for i := range c.zones {
		if !c.zones[i].down {
			if j == 0 {
				entry = i
				break
			}
			j--
		}
	}
	if int32(entry) != c.nodes[p.node].zone {
		c.usage.crossAZBytes += payloadKB * 1024
		c.deps[p.dep].stats.CrossAZBytes += payloadKB * 1024
	}
}

// azFail takes zone failure i's zone down: requests running on its nodes
// fail, launching nodes are dropped and registered nodes become lost. The
// pods stay in the endpoints (requests routed to them fail) until the
// node-monitor grace period runs out.
func (c *Cluster) azFail(k *sim.Kernel, i int) {
	z := int32(slices.Index(c.cfg.Zones, c.cfg.AZFailures[i].Zone))
	c.zones[z].down = true
	notReady := k.Now().Add(c.cfg.NodeMonitorGracePeriod)
	for _, ni := range slices.Clone(c.live) {
		n := &c.nodes[ni]
		if n.zone != z {
			continue
		}
		// Mark every pod first, then fail requests: failing a terminating
		// pod's last request finalises it and edits n.pods, which must not
		// happen while ranging over it.
		pods := slices.Clone(n.pods)
		for _, pi := range pods {
			p := c.pods.At(pi)
			p.lost = true
			p.gen++ // no further lifecycle stage
			c.setReady(pi, false)
		}
		for _, pi := range pods {
			if c.pods.At(pi).state != podGone {
				c.failPodRequests(k, pi)
			}
		}
		if n.state == nodeLaunching {
			c.removeNode(k, ni, NodeLost) // never registers: no Node object
			continue
		}
		n.state = nodeLost
		n.gen++ // no further housekeeping
		n.notReady = notReady
		n.unneededSince = -1
		n.disrupting = false
		c.note(Change{Kind: NodeLost, Deployment: -1, Node: n.name, Detail: c.types[n.typ].Name + " " + c.zones[n.zone].name})
	}
	c.gauges()
	// Two upstream timers, both from the moment the node stops reporting:
	// after the node-monitor grace period the node lifecycle controller
	// sets the node's Ready condition to Unknown and taints it unreachable
	// (pkg/controller/nodelifecycle/node_lifecycle_controller.go,
	// tryUpdateNodeHealth and doNoExecuteTaintingPass), and endpoints drop
	// the pods it marks NotReady (markPodsNotReady); after the pods'
	// toleration of that taint as well, the taint manager evicts them
	// (pkg/controller/tainteviction/taint_eviction.go, processPodOnNode:
	// the pod is deleted tolerationSeconds after the taint was added).
	k.After(c.cfg.NodeMonitorGracePeriod, c, kindPodsNotReady, int64(i), 0)
	k.After(c.cfg.NodeMonitorGracePeriod+c.cfg.UnreachableToleration, c, kindPodsLost, int64(i), 0)
}

// podsNotReady takes failure i's lost pods out of the endpoints.
func (c *Cluster) podsNotReady(i int) {
	z := int32(slices.Index(c.cfg.Zones, c.cfg.AZFailures[i].Zone))
	for pi := range int32(c.pods.Len()) {
		p := c.pods.At(pi)
		if p.state != podGone && p.lost && c.nodes[p.node].zone == z {
			c.stopServing(pi)
		}
	}
}

// podsLost evicts the pods of failure i's zone and lets the ReplicaSets
// replace them. Upstream the evicted pods stay Terminating while their
// kubelet is unreachable, but they no longer count for topology spread or
// for their ReplicaSet, so the model removes them here.
func (c *Cluster) podsLost(k *sim.Kernel, i int) {
	z := int32(slices.Index(c.cfg.Zones, c.cfg.AZFailures[i].Zone))
	c.evictLost(k, func(n *node) bool { return n.zone == z }, c.zones[z].name)
}

// evictLost removes the lost pods on the nodes keep accepts, notes them
// per deployment and reconciles the ReplicaSets.
func (c *Cluster) evictLost(k *sim.Kernel, keep func(*node) bool, detail string) {
	lost := make([]int, len(c.deps))
	for pi := range int32(c.pods.Len()) {
		p := c.pods.At(pi)
		if p.state == podGone || !p.lost || !keep(&c.nodes[p.node]) {
			continue
		}
		lost[p.dep]++
		c.finalizePod(k, pi)
	}
	for di := range c.deps {
		if lost[di] > 0 {
			c.note(Change{Kind: PodsLost, Deployment: di, Detail: detail, To: lost[di]})
		}
		c.reconcileReplicas(k, int32(di))
	}
}

// deleteLostNode deletes lost node ni's Node object: pods still bound to it
// are removed (upstream the pod garbage collector deletes pods bound to a
// node that no longer exists: pkg/controller/podgc/gc_controller.go,
// gcOrphaned), and its zone or hostname stops being a topology domain, so
// Pending pods are retried (PodTopologySpread requeues on node deletion).
func (c *Cluster) deleteLostNode(k *sim.Kernel, ni int32) {
	n := &c.nodes[ni]
	if n.state != nodeLost {
		return
	}
	c.evictLost(k, func(m *node) bool { return m == n }, n.name)
	c.removeNode(k, ni, NodeRemove)
	c.requestSchedule(k)
}
