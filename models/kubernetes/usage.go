package kubernetes

import (
	"slices"
	"strings"
	"time"

	"github.com/execsim/execsim/models"
)

// DeploymentStats counts what happened to one deployment's requests and pods.
type DeploymentStats struct {
	Name        string
	Arrivals    int64
	Queued      int64 // requests that waited in a pod's accept queue
	QueueFull   int64 // Rejected: the chosen pod's queue was full
	NoEndpoints int64 // Rejected: no pod was receiving traffic (503)
	TimedOut    int64 // Failed: the request timeout ran out
	Lost        int64 // Failed: killed at the end of a grace period or by an AZ failure
	Completed   int64
	// PodStarts are pods that became Ready after time zero. They are not
	// cold starts: those are requests that waited for a new pod.
	PodStarts int64
	// CrossAZBytes are this deployment's request bytes that crossed zones
	// between the front door's zone and the serving pod's.
	CrossAZBytes float64
	CPUSeconds   float64
	PeakReplicas int // the largest spec.replicas
}

// NodeUsage is the time nodes of one instance type and capacity type existed.
type NodeUsage struct {
	InstanceType    string
	Capacity        models.Capacity
	PriceUSDPerHour float64 // on-demand, from the catalogue
	Launched        int     // nodes of this kind that existed
	Seconds         float64 // node-seconds, launch to removal
	// BilledSeconds applies EC2's per-second billing with a 60-s minimum per node.
	BilledSeconds float64
	// Lifetimes are the nodes' lives one by one (launch to removal, or to
	// now), so a cost model can apply its own billing rule per launch.
	Lifetimes []time.Duration
}

// Usage is what the cluster consumed so far, for the cost model.
type Usage struct {
	Nodes []NodeUsage // by instance type, then capacity type
	// CrossAZBytes are request payload bytes that crossed zones between the
	// front door's zone and the serving pod's zone. An ALB does not charge
	// its own cross-zone traffic (lambda-and-prices.md §4.2): the cost model
	// decides what to price.
	CrossAZBytes float64
	PeakPods     int // Ready pods
	PeakNodes    int // nodes launching or registered
	CPUSeconds   float64
	Deployments  []DeploymentStats
}

type usageState struct {
	nodes        []NodeUsage
	crossAZBytes float64
	peakPods     int
	peakNodes    int
}

// Usage reports consumption up to the kernel's current time; nodes that
// still exist count up to now.
func (c *Cluster) Usage() Usage {
	now := c.k.Now()
	u := Usage{
		Nodes:        slices.Clone(c.usage.nodes),
		CrossAZBytes: c.usage.crossAZBytes,
		PeakPods:     c.usage.peakPods,
		PeakNodes:    c.usage.peakNodes,
	}
	for i := range u.Nodes { // the live nodes are appended below: never into c.usage's arrays
		u.Nodes[i].Lifetimes = slices.Clone(u.Nodes[i].Lifetimes)
	}
	for _, ni := range c.live {
		n := &c.nodes[ni]
		addNodeUsage(&u.Nodes, &c.types[n.typ], n.capType, now.Sub(n.launched))
	}
	slices.SortFunc(u.Nodes, func(a, b NodeUsage) int {
		if s := strings.Compare(a.InstanceType, b.InstanceType); s != 0 {
			return s
		}
		return int(a.Capacity) - int(b.Capacity)
	})
	for di := range c.deps {
		d := &c.deps[di]
		st := d.stats
		st.CPUSeconds += c.liveCPUSeconds(di)
		u.CPUSeconds += st.CPUSeconds
		u.Deployments = append(u.Deployments, st)
	}
	return u
}

// addNodeUsage adds one node's lifetime to the per-type totals.
func addNodeUsage(list *[]NodeUsage, t *InstanceType, ct models.Capacity, life time.Duration) {
	i := slices.IndexFunc(*list, func(u NodeUsage) bool { return u.InstanceType == t.Name && u.Capacity == ct })
	if i < 0 {
		*list = append(*list, NodeUsage{InstanceType: t.Name, Capacity: ct, PriceUSDPerHour: t.PriceUSDPerHour})
		i = len(*list) - 1
	}
	u := &(*list)[i]
	u.Launched++
	s := life.Seconds()
	u.Seconds += s
	u.BilledSeconds += max(s, 60)
	u.Lifetimes = append(u.Lifetimes, life)
}
