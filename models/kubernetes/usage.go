package kubernetes

import (
	"slices"
	"strings"
	"time"

	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
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
	// PodStarts are pods that became Ready after time zero (and at or
	// after Cluster.CountFrom). They are not cold starts: those are
	// requests that waited for a new pod.
	PodStarts int64
	// CrossAZBytes are this deployment's request bytes that crossed zones
	// between the front door's zone and the serving pod's.
	CrossAZBytes float64
	CPUSeconds   float64
	PeakReplicas int // the largest spec.replicas (in force from Cluster.CountFrom on)
	// NodeShares is the node time its pods held, by kind of node, weighted
	// by their share of each node (allocation.go): what the cost model
	// allocates the node bill by.
	NodeShares []NodeShare
}

// ServiceUsage is what one service's requests used of the cluster, kept
// per service because several services may share a Deployment
// (Config.ServiceDeployment).
type ServiceUsage struct {
	Arrivals int64
	// Busy is the time its requests held a worker slot, from the start
	// of service to its end (completed, timed out or lost), summed over
	// its requests: the execution time a Deployment's cost can be split
	// by among the services it serves. Requests still in service count
	// up to now.
	Busy time.Duration
}

// NodeUsage is the time nodes of one instance type and capacity type existed.
type NodeUsage struct {
	InstanceType    string
	Capacity        models.Capacity
	PriceUSDPerHour float64 // for its capacity type: Config.NodePrices, else the catalogue's on-demand
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
	// Services are per service (Config.Services), in service order.
	Services []ServiceUsage

	// Wait is the waiting time of completed requests (those that arrived
	// at or after Cluster.CountFrom), arrival to the start of service: the
	// time spent in a pod's accept queue (zero for a request that found a
	// free worker slot). It is the cluster's own histogram: read it, do
	// not modify it.
	Wait *metrics.Histogram
	// Waited counts the same requests that waited in a pod's accept
	// queue; Waited over Wait.Count() is P(wait).
	Waited int64
	// BusySlotSeconds is ∫ requests in service dt (each holds a worker
	// slot), and ReadySlotSeconds ∫ worker slots of Ready pods (Ready pods
	// × concurrency) dt: their ratio is the utilisation of the slots. A pod
	// that stops being Ready takes its slots out at once, while its
	// requests in service finish.
	BusySlotSeconds, ReadySlotSeconds float64
	// QueuedSeconds is ∫ requests waiting in pods' accept queues dt: over
	// the run's length, the time-average number queued.
	QueuedSeconds float64
	// DaemonSetShares is the node time the DaemonSets held, as
	// DeploymentStats.NodeShares.
	DaemonSetShares []NodeShare
	// StillPending counts the pods not bound to a node when Usage was
	// taken, and LongestPending is how long the oldest of them had been
	// waiting (since it was created).
	StillPending   int
	LongestPending time.Duration
	// Stranded counts those of them no node was coming for: neither a
	// Ready node's free room nor a launching node would take them (by the
	// scheduler's filters), and the node autoscaler, if any, had had the
	// time to act on them (autoscalerLag). They are the pods no node ever
	// took, when the cluster was too small and nothing added nodes; the
	// others were waiting for a scale-up the run ended in. LongestStranded
	// is how long the oldest of them had been waiting.
	Stranded        int
	LongestStranded time.Duration
}

type usageState struct {
	nodes        []NodeUsage
	crossAZBytes float64
	peakPods     int
	peakNodes    int
	wait         *metrics.Histogram // created at the first completion that waited (waitHist)
	waited       int64
	// zeroWaits is the completed requests that did not wait, not yet in
	// wait. Most requests find a free worker slot, and recording each
	// zero in the ~270-KiB histogram as it completes cost a tenth of the
	// M/M/10 anchor's run (issue 13); Usage records them in one go. The
	// histogram ends the same: its counts and count do not depend on the
	// order of the values, nor do its exact minimum and maximum, and its
	// exact sum adds 0 for each, which leaves any float as it was.
	zeroWaits int64
	// The integrals of requests in service and queued are sums over
	// requests, added as each leaves service or the queue (cheaper than
	// integrating a level at every change): the requests still there are
	// added up to now by Usage.
	busyNs, queuedNs int64
	// slots is the worker slots of Ready pods, integrated up to slotLast
	// in slotArea (slot·ns).
	slots    int
	slotArea float64
	slotLast sim.Time
	// daemonSets is the DaemonSets' node time on nodes removed so far.
	daemonSets []NodeShare
}

// waitHist is the histogram of waiting times, made at its first use.
func (u *usageState) waitHist() *metrics.Histogram {
	if u.wait == nil {
		u.wait = metrics.NewHistogram()
	}
	return u.wait
}

// advanceSlots integrates the Ready pods' worker slots up to now.
func (u *usageState) advanceSlots(now sim.Time) {
	if now > u.slotLast {
		u.slotArea += float64(u.slots) * float64(now-u.slotLast)
		u.slotLast = now
	}
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
	w := c.usage.waitHist()
	w.RecordZeros(c.usage.zeroWaits)
	c.usage.zeroWaits = 0
	u.Wait, u.Waited = w, c.usage.waited
	c.usage.advanceSlots(now)
	busy, queued := c.usage.busyNs, c.usage.queuedNs
	u.Services = slices.Clone(c.svcs)
	for slot := range int32(c.reqs.Len()) {
		rs := c.reqs.At(slot)
		switch {
		case !rs.live:
		case rs.phase == phaseQueued:
			queued += int64(now.Sub(rs.req.Arrival))
		default:
			b := now.Sub(rs.req.Arrival) - rs.wait
			busy += int64(b)
			u.Services[rs.req.Service].Busy += b
		}
	}
	u.BusySlotSeconds = float64(busy) / 1e9
	u.ReadySlotSeconds = c.usage.slotArea / 1e9
	u.QueuedSeconds = float64(queued) / 1e9
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
		st.NodeShares = slices.Clone(st.NodeShares)
		u.CPUSeconds += st.CPUSeconds
		u.Deployments = append(u.Deployments, st)
	}
	u.DaemonSetShares = slices.Clone(c.usage.daemonSets)
	c.openShares(now, u.Deployments, &u.DaemonSetShares)
	u.StillPending = len(c.pending)
	for _, pi := range c.pending {
		u.LongestPending = max(u.LongestPending, now.Sub(c.pods.At(pi).created))
	}
	if len(c.pending) > 0 {
		rest, _ := c.unhelped(c.pending, false)
		for _, pi := range rest {
			age := now.Sub(c.pods.At(pi).created)
			if c.cfg.NodeAutoscaler != NoAutoscaler && age <= c.autoscalerLag() {
				continue
			}
			u.Stranded++
			u.LongestStranded = max(u.LongestStranded, age)
		}
	}
	return u
}

// autoscalerLag is how long a new Pending pod may wait before the node
// autoscaler acts on it: a cluster autoscaler scan past its 2-s wait for
// more pods (unschedulablePodTimeBuffer), or a Karpenter batch at its
// longest.
func (c *Cluster) autoscalerLag() time.Duration {
	switch c.cfg.NodeAutoscaler {
	case ClusterAutoscaler:
		return c.cfg.ClusterAutoscaler.ScanInterval + unschedulablePodTimeBuffer
	case Karpenter:
		return c.cfg.Karpenter.BatchMaxDuration
	}
	return 0
}

// addNodeUsage adds one node's lifetime to the per-type totals.
func addNodeUsage(list *[]NodeUsage, t *InstanceType, ct models.Capacity, life time.Duration) {
	i := slices.IndexFunc(*list, func(u NodeUsage) bool { return u.InstanceType == t.Name && u.Capacity == ct })
	if i < 0 {
		*list = append(*list, NodeUsage{InstanceType: t.Name, Capacity: ct, PriceUSDPerHour: t.HourUSD(ct)})
		i = len(*list) - 1
	}
	u := &(*list)[i]
	u.Launched++
	s := life.Seconds()
	u.Seconds += s
	u.BilledSeconds += max(s, 60)
	u.Lifetimes = append(u.Lifetimes, life)
}

// StartPending is how many of the initial replicas (Replicas, raised to an
// HPA's minReplicas) the starting nodes cannot hold, of how many: the pods
// New leaves Pending at time zero, placed by the scheduler's own filters
// (requests, zones, spread), so a warning can say before any run how many
// pods will wait for a node.
func StartPending(cfg Config) (pending, pods int, err error) {
	c, err := New(sim.New(0), cfg, discard{})
	if err != nil {
		return 0, 0, err
	}
	return len(c.pending), c.pods.Len(), nil
}

// discard is a models.Recorder that ignores everything (StartPending).
type discard struct{}

func (discard) Arrive(sim.Time, *models.Request)                                {}
func (discard) Finish(sim.Time, *models.Request, models.Outcome, time.Duration) {}
func (discard) ColdStart(sim.Time, *models.Request)                             {}
func (discard) Gauge(sim.Time, models.Gauge, float64)                           {}
