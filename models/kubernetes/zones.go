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
// An AZ failure makes the zone's nodes vanish at once: requests in flight
// on them fail, launching nodes never arrive and no autoscaler launches
// into the zone again. The API still sees the pods Ready, so they stay in
// the endpoints — requests routed to them fail — until the node-monitor
// grace period (plus UnreachableToleration) has passed; then they are
// declared lost, deleted, and the ReplicaSet creates replacements that are
// scheduled wherever capacity exists.

// crossZone counts the payload of a request served by pod p.
func (c *Cluster) crossZone(p *pod, payloadKB float64) {
	if payloadKB <= 0 || len(c.zones) < 2 {
		return
	}
	up := 0
	for i := range c.zones {
		if !c.zones[i].down {
			up++
		}
	}
	if up == 0 {
		return
	}
	j := c.rngEntry.IntN(up)
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

// azFail takes zone failure i's zone down: its nodes vanish at once and
// requests running on them fail. The pods stay in the endpoints (requests
// routed to them fail) until the node-monitor grace period runs out.
func (c *Cluster) azFail(k *sim.Kernel, i int) {
	z := int32(slices.Index(c.cfg.Zones, c.cfg.AZFailures[i].Zone))
	c.zones[z].down = true
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
		c.removeNode(k, ni, NodeLost)
	}
	c.gauges()
	// Two upstream timers: after the node-monitor grace period the node
	// lifecycle controller marks the pods NotReady, which takes them out of
	// the EndpointSlices; after the unreachable toleration as well, they are
	// evicted and their ReplicaSets replace them (kubernetes.md; taint-based
	// eviction, default toleration 300 s).
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

// podsLost deletes the pods of failure i's zone and lets the ReplicaSets
// replace them.
func (c *Cluster) podsLost(k *sim.Kernel, i int) {
	z := int32(slices.Index(c.cfg.Zones, c.cfg.AZFailures[i].Zone))
	lost := make([]int, len(c.deps))
	for pi := range int32(c.pods.Len()) {
		p := c.pods.At(pi)
		if p.state == podGone || !p.lost || c.nodes[p.node].zone != z {
			continue
		}
		lost[p.dep]++
		c.finalizePod(k, pi)
	}
	for di := range c.deps {
		if lost[di] > 0 {
			c.note(Change{Kind: PodsLost, Deployment: di, Detail: c.zones[z].name, To: lost[di]})
		}
		c.reconcileReplicas(k, int32(di))
	}
}
