package kubernetes

import (
	"fmt"
	"slices"
)

// State is what a cluster carries from one stretch of a run into the next,
// in counts: enough to tell whether it is back in the state it was built
// in (a regeneration point, scenarios/platform.Regenerator). It leaves out
// what a cluster at rest does not depend on (names, the order of slots,
// the statistics it keeps of itself) and compares the rest exactly.
type State struct {
	Busy, Queued int // requests in service and in pods' accept queues
	Pending      int // pods not bound to a node
	ReadyPods    int
	// Nodes counts nodes not gone by pool, instance type, zone and state;
	// Unneeded those the cluster autoscaler has found unneeded; Images the
	// deployments' images present on them (a node that replaced another
	// overnight may lack one: its next pod waits for the pull).
	Nodes    []int
	Unneeded int
	Images   int
	// Pods counts each deployment's pods by state, with its spec.replicas
	// and its pods per zone.
	Pods      [][]int
	Desired   []int
	ZonePods  [][]int32
	ZonesDown int
	// Karpenter's open provisioning batch and live disruption commands.
	Batch    bool
	Commands int
}

// State is the cluster's state now (see State).
func (c *Cluster) State() State {
	s := State{Busy: c.busy, Queued: c.queued, Pending: len(c.pending), ReadyPods: c.readyPods, Batch: c.kp.batchOpen}
	nz := max(1, len(c.zones))
	key := func(n *node) int {
		return ((int(n.pool)*len(c.types)+int(n.typ))*nz+int(n.zone))*int(nodeGone+1) + int(n.state)
	}
	s.Nodes = make([]int, max(1, len(c.pools))*max(1, len(c.types))*nz*int(nodeGone+1))
	for _, ni := range c.live {
		n := &c.nodes[ni]
		if n.state == nodeGone {
			continue
		}
		s.Nodes[key(n)]++
		if n.unneededSince >= 0 {
			s.Unneeded++
		}
		for _, at := range n.images {
			if at <= c.k.Now() {
				s.Images++
			}
		}
	}
	for di := range c.deps {
		d := &c.deps[di]
		counts := make([]int, podGone+1)
		for _, pi := range d.pods {
			p := c.pods.At(pi)
			if p.state != podGone {
				counts[p.state]++
			}
		}
		s.Pods = append(s.Pods, counts)
		s.Desired = append(s.Desired, d.desired)
		s.ZonePods = append(s.ZonePods, slices.Clone(d.zoneCount))
	}
	for _, z := range c.zones {
		if z.down {
			s.ZonesDown++
		}
	}
	for _, cmd := range c.kp.cmds {
		if cmd.live {
			s.Commands++
		}
	}
	return s
}

// Unforgotten lists how the cluster now differs from start, a state taken
// when it was built, and what else keeps it from forgetting its past: an
// HPA whose windows still hold a recommendation or a scale event that a
// fresh one would not have, a cluster autoscaler still inside its
// scale-down delay after a scale-up or still waiting to recheck a node it
// found unremovable, or zone failures the configuration
// sets at fixed times (one-off events that a repeated day would not have).
// None means the cluster is at a regeneration point.
func (c *Cluster) Unforgotten(start State) []string {
	var out []string
	now := c.k.Now()
	add := func(ok bool, format string, args ...any) {
		if !ok {
			out = append(out, fmt.Sprintf(format, args...))
		}
	}
	s := c.State()
	add(s.Busy == start.Busy && s.Queued == start.Queued, "%d requests in service and %d queued in pods (%d and %d at the start)", s.Busy, s.Queued, start.Busy, start.Queued)
	add(s.Pending == start.Pending, "%d pending pods (%d at the start)", s.Pending, start.Pending)
	add(s.ReadyPods == start.ReadyPods && slices.EqualFunc(s.Pods, start.Pods, slices.Equal), "pods by state differ from the start's (%d ready, %d at the start)", s.ReadyPods, start.ReadyPods)
	add(slices.Equal(s.Desired, start.Desired), "replicas %v (%v at the start)", s.Desired, start.Desired)
	add(slices.EqualFunc(s.ZonePods, start.ZonePods, slices.Equal), "pods per zone differ from the start's")
	add(slices.Equal(s.Nodes, start.Nodes), "nodes by pool, type, zone and state differ from the start's")
	add(s.Images == start.Images, "%d images on the nodes (%d at the start)", s.Images, start.Images)
	add(s.Unneeded == start.Unneeded, "%d nodes marked unneeded by the cluster autoscaler (%d at the start)", s.Unneeded, start.Unneeded)
	add(s.ZonesDown == start.ZonesDown, "%d zones down (%d at the start)", s.ZonesDown, start.ZonesDown)
	add(s.Batch == start.Batch && s.Commands == start.Commands, "Karpenter holds a batch or a disruption command")
	for di := range c.deps {
		d := &c.deps[di]
		if d.hpa != nil {
			add(d.hpa.Settled(now, d.desired), "the HPA of %s still remembers the day (a recommendation or scale event inside its windows)", d.cfg.Name)
		}
	}
	if c.cfg.NodeAutoscaler == ClusterAutoscaler {
		add(now.Sub(c.ca.lastScaleUp) >= c.cfg.ClusterAutoscaler.ScaleDownDelayAfterAdd, "the cluster autoscaler is still inside its scale-down delay after a scale-up")
		// A node found unremovable is not simulated again until its recheck
		// time: a fresh cluster would simulate it at its first scan, so
		// until then the day has not returned to its start.
		waiting := 0
		for _, ni := range c.live {
			if n := &c.nodes[ni]; n.state != nodeGone && n.recheckAt > now {
				waiting++
			}
		}
		add(waiting == 0, "the cluster autoscaler is still waiting to recheck %d nodes it found unremovable", waiting)
	}
	add(len(c.cfg.AZFailures) == 0, "zone failures are set at fixed times")
	return out
}
