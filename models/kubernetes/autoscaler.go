package kubernetes

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/execsim/execsim/sim"
)

// Cluster autoscaler (kubernetes/autoscaler cluster-autoscaler/FAQ.md,
// "How does scale-up work?", "How does scale-down work?"; kubernetes.md
// A.5.1). Every ScanInterval:
//
//   - Scale-up: the Pending pods that fit neither on the Ready nodes' free
//     room (FilterOutSchedulable) nor on nodes already launching (CA counts
//     upcoming nodes) are the pods to help; while all of them are younger
//     than 2 s the loop waits for more (no scale-up, no deletion). Else
//     they are bin-packed, first-fit by decreasing request, with the zone
//     and hostname DoNotSchedule constraints (each template node a hostname
//     of its own), onto template nodes of every node group — one per pool,
//     instance type and zone that is up (one ASG per AZ) — within the pool's
//     MaxNodes. The least-waste expander picks the group whose new nodes
//     would leave the smallest unused fraction of CPU plus memory
//     (expander/waste), ties at random, and that many nodes are launched.
//   - Scale-down, when nothing was scaled up in the loop: a Ready node whose
//     requests (DaemonSets included) are at most the utilisation threshold of
//     its allocatable, for CPU and memory, and whose pods all fit on the
//     other nodes (the spread constraints counting it as a domain with none
//     of them: see movable), is unneeded; once unneeded for more than
//     ScaleDownUnneededTime, and ScaleDownDelayAfterAdd after the last
//     scale-up, empty nodes are deleted in bulk and, in the same loop, one
//     non-empty node at a time is drained, never below the pool's MinNodes.
//   - Unready nodes (a failed zone's, NotReady and tainted) are unneeded
//     whatever their utilisation; CA deletes one once it has been unready
//     for more than ScaleDownUnreadyTime, under the same cooldown and MinNodes rules
//     (FAQ.md, "What are the parameters to CA?": scale-down-unready-time
//     20m, scale-down-unready-enabled true). Simplification: CA's
//     "cluster unhealthy" stop (more unready nodes than max(3, 45 %),
//     --ok-total-unready-count and --max-total-unready-percentage) is not
//     modelled, and the ASG's instance termination is taken to succeed.

type caState struct {
	lastScaleUp sim.Time
}

// bin is a node in a packing simulation: a real node's free resources, a
// launching node, or a template for a node that does not exist yet.
type bin struct {
	node      int32 // real node, or −1
	pool, typ int32
	zone      int32
	free      Resources
	used      Resources
	// dom is the bin's hostname domain in its packer's per-node counts:
	// the node's index for a real node, an index past them for a template
	// node (packer.newDomain).
	dom int32
	// got lists the pods place packed onto the bin, so that a scale-down
	// simulation can move them on again (caScaleDown).
	got []int32
}

// packer simulates placing pods on bins with the resource filter and the
// zone DoNotSchedule constraints, on its own copy of the zone counts, and
// (hostOK) the hostname ones on its own copy of the per-node counts, the
// template nodes of a scale-up estimate among them (newDomain).
type packer struct {
	c       *Cluster
	counts  [][]int32 // [deployment][zone] pods
	domains []bool    // zones that are scheduling domains
	// host holds, for each deployment with a hostname DoNotSchedule
	// constraint (else nil), its pods per node (by bin.dom: node index,
	// then template nodes) and hostMin their minimum over hostDom, the
	// nodes that are hostname domains.
	host    [][]int32
	hostMin []int32
	hostDom []bool
	// zeroMin takes every hostname global minimum as 0, as Karpenter's
	// scheduler does (kpProvision).
	zeroMin bool
	// respect is Karpenter's default preference policy, Respect: a
	// deployment's own ScheduleAnyway constraints filter as DoNotSchedule
	// ones do, but for the first relaxed of them (in depState.kpPrefer's
	// order), which Karpenter has dropped for the pod being placed
	// (kpProvision).
	respect bool
	relaxed int
}

// newPacker is a packer on the cluster's counts with the cluster
// autoscaler's rules (the kube-scheduler's filters), or with Karpenter's
// (kp: zeroMin and respect).
func (c *Cluster) newPacker(kp bool) *packer {
	pk := &packer{c: c, domains: make([]bool, len(c.zones)), zeroMin: kp, respect: kp}
	for di := range c.deps {
		pk.counts = append(pk.counts, slices.Clone(c.deps[di].zoneCount))
	}
	for z := range c.zones {
		pk.domains[z] = c.zones[z].registered > 0
	}
	if kp {
		// Karpenter's zone domains are every zone its node pools can launch
		// in, nodes there or not, each counted from 0
		// (kubernetes-sigs/karpenter @2266468
		// pkg/controllers/provisioning/scheduling/topology.go, NewTopology
		// → buildDomainGroups, the zones of each NodePool's instance types;
		// topologygroup.go, NewTopologyGroup seeds them at 0 and
		// domainMinCount takes the minimum over them). An instance type's
		// zones are where it is offered (aws/karpenter-provider-aws
		// @1d92708 pkg/providers/instancetype/types.go, computeRequirements:
		// offering zones with a subnet), not where capacity is up, so a
		// failed zone stays one.
		for pi := range c.pools {
			for _, z := range c.pools[pi].zones {
				pk.domains[z] = true
			}
		}
	}
	// The hostname domains are the nodes of the cluster autoscaler's
	// snapshot: every Node object (as spreadMin) and, as placeholders
	// faked Ready, the nodes still launching (kubernetes/autoscaler
	// @f7bb0c3 cluster-autoscaler/core/static_autoscaler.go:501-510,
	// addUpcomingNodesToClusterSnapshot), each its own hostname with no
	// pods yet. Karpenter's scheduler likewise counts its in-flight nodes.
	for di := range c.deps {
		if !pk.hostFiltered(&c.deps[di]) {
			continue
		}
		if pk.host == nil {
			pk.host = make([][]int32, len(c.deps))
			pk.hostMin = make([]int32, len(c.deps))
			pk.hostDom = make([]bool, len(c.nodes))
			for _, ni := range c.live {
				switch c.nodes[ni].state {
				case nodeReady, nodeDraining, nodeLost, nodeLaunching:
					pk.hostDom[ni] = true
				}
			}
		}
		cnt := make([]int32, len(c.nodes))
		for _, ni := range c.live {
			cnt[ni] = c.nodes[ni].depPods[di]
		}
		pk.host[di] = cnt
		pk.hostMin[di] = pk.lowest(cnt)
	}
	return pk
}

// hostFiltered reports whether the deployment has a hostname constraint
// that filters in pk's packings (binds, relaxed or not).
func (pk *packer) hostFiltered(d *depState) bool {
	for i, s := range d.spread {
		if s.Key == Hostname && (s.WhenUnsatisfiable == DoNotSchedule || pk.respect && slices.Contains(d.kpPrefer, i)) {
			return true
		}
	}
	return false
}

// filtered reports whether any of the deployment's constraints can filter
// in pk's packings.
func (pk *packer) filtered(d *depState) bool {
	return d.hard || pk.respect && len(d.kpPrefer) > 0
}

// binds reports whether constraint i of the deployment filters the pod
// being placed: a DoNotSchedule one always; under Karpenter's Respect
// policy its own ScheduleAnyway ones too, until relaxed. Upstream
// (kubernetes-sigs/karpenter @2266468
// pkg/controllers/provisioning/scheduling/topology.go, newForTopologies)
// makes a topology group of every spread constraint, ScheduleAnyway ones
// included, unless the preference policy is Ignore (the default is
// Respect: pkg/operator/options/options.go, --preference-policy); they
// are dropped one at a time only when the pod fits no node at all
// (scheduler.go, trySchedule → preferences.go, Relax →
// removeTopologySpreadScheduleAnyway).
func (pk *packer) binds(d *depState, i int) bool {
	if d.spread[i].WhenUnsatisfiable == DoNotSchedule {
		return true
	}
	return pk.respect && slices.Index(d.kpPrefer, i) >= pk.relaxed
}

// relaxOrder lists the ScheduleAnyway constraints of spread (indices) in
// the order Karpenter's Relax drops them: the first one left each time,
// the list's last constraint moved into its place
// (removeTopologySpreadScheduleAnyway).
func relaxOrder(spread []SpreadConstraint) []int {
	idx := make([]int, len(spread))
	for i := range idx {
		idx[i] = i
	}
	var out []int
	for {
		i := slices.IndexFunc(idx, func(j int) bool { return spread[j].WhenUnsatisfiable == ScheduleAnyway })
		if i < 0 {
			return out
		}
		out = append(out, idx[i])
		idx[i] = idx[len(idx)-1]
		idx = idx[:len(idx)-1]
	}
}

// lowest is the minimum of cnt over the hostname domains (0 if none).
func (pk *packer) lowest(cnt []int32) int32 {
	lo, found := int32(math.MaxInt32), false
	for ni, ok := range pk.hostDom {
		if ok {
			lo, found = min(lo, cnt[ni]), true
		}
	}
	if !found {
		return 0
	}
	return lo
}

// clone is a copy of pk to try a packing on.
func (pk *packer) clone() *packer {
	out := &packer{c: pk.c, domains: slices.Clone(pk.domains), hostMin: slices.Clone(pk.hostMin), hostDom: slices.Clone(pk.hostDom),
		zeroMin: pk.zeroMin, respect: pk.respect, relaxed: pk.relaxed}
	for _, cnt := range pk.counts {
		out.counts = append(out.counts, slices.Clone(cnt))
	}
	if pk.host != nil {
		out.host = make([][]int32, len(pk.host))
		for di, cnt := range pk.host {
			out.host[di] = slices.Clone(cnt)
		}
	}
	return out
}

// zoneOK is the zone DoNotSchedule filter (and, under Karpenter's
// Respect policy, ScheduleAnyway: see binds) for a pod of di in zone z.
func (pk *packer) zoneOK(di int32, z int32) bool {
	d := &pk.c.deps[di]
	if !pk.filtered(d) {
		return true
	}
	for i, s := range d.spread {
		if s.Key != Zone || !pk.binds(d, i) {
			continue
		}
		lo := int32(math.MaxInt32)
		for zz, ok := range pk.domains {
			if ok || int32(zz) == z {
				lo = min(lo, pk.counts[di][zz])
			}
		}
		if pk.counts[di][z]+1-lo > int32(s.MaxSkew) {
			return false
		}
	}
	return true
}

// place tries pod pi on the first bin that takes it, with the resource,
// zone and hostname filters, on bins that are hostname domains of the
// packer (real nodes, Ready or launching, and the template nodes of a
// scale-up estimate); it reports the bin index or −1.
func (pk *packer) place(pi int32, bins []bin) int {
	di := pk.c.pods.At(pi).dep
	d := pk.c.deps[di].cfg
	for i := range bins {
		b := &bins[i]
		if fits(b.free, d) && pk.zoneOK(di, b.zone) && pk.hostOK(di, b) {
			pk.put(di, b, d)
			// Clip: bins are cloned for trial packings, and an append
			// must not write into a backing array another copy shares.
			b.got = append(slices.Clip(b.got), pi)
			return i
		}
	}
	return -1
}

func (pk *packer) put(di int32, b *bin, d *Deployment) {
	b.free.CPUMilli -= d.CPURequestMilli
	b.free.MemoryMiB -= d.MemoryRequestMiB
	b.free.Pods--
	b.used.CPUMilli += d.CPURequestMilli
	b.used.MemoryMiB += d.MemoryRequestMiB
	b.used.Pods++
	pk.counts[di][b.zone]++
	pk.domains[b.zone] = true
	if pk.host != nil && pk.host[di] != nil {
		cnt := pk.host[di]
		cnt[b.dom]++
		if pk.hostDom[b.dom] && cnt[b.dom]-1 == pk.hostMin[di] {
			pk.hostMin[di] = pk.lowest(cnt)
		}
	}
}

// newDomain adds a template node, with no pods, to the hostname domains
// and returns its index for bin.dom (−1 if no deployment has a hostname
// DoNotSchedule constraint). Upstream a template node copy gets its own
// kubernetes.io/hostname label, the node's new name (kubernetes/autoscaler
// @f7bb0c3 cluster-autoscaler/simulator/node_info_utils.go:122-130,
// createSanitizedNode), so it is a domain of every hostname constraint, and
// holding none of their pods it makes each global minimum 0.
func (pk *packer) newDomain() int32 {
	if pk.host == nil {
		return -1
	}
	for di, cnt := range pk.host {
		if cnt != nil {
			pk.host[di] = append(cnt, 0)
			pk.hostMin[di] = 0
		}
	}
	pk.hostDom = append(pk.hostDom, true)
	return int32(len(pk.hostDom) - 1)
}

// binOf is real node ni's free room as a bin.
func (c *Cluster) binOf(ni int32) bin {
	n := &c.nodes[ni]
	return bin{node: ni, pool: n.pool, typ: n.typ, zone: n.zone, free: n.free(), dom: ni}
}

// byDecreasingRequest sorts pods for first-fit decreasing packing.
func (c *Cluster) byDecreasingRequest(pods []int32) []int32 {
	out := slices.Clone(pods)
	slices.SortStableFunc(out, func(a, b int32) int {
		da, db := c.deps[c.pods.At(a).dep].cfg, c.deps[c.pods.At(b).dep].cfg
		if r := cmp.Compare(db.CPURequestMilli, da.CPURequestMilli); r != 0 {
			return r
		}
		return cmp.Compare(db.MemoryRequestMiB, da.MemoryRequestMiB)
	})
	return out
}

// readyBins are the Ready nodes' free room, for pods of the next
// scheduling pass; nodes a Karpenter command is disrupting are left out,
// as Karpenter leaves out nodes marked for deletion.
func (c *Cluster) readyBins() []bin {
	var bins []bin
	for _, ni := range c.live {
		if n := &c.nodes[ni]; n.state == nodeReady && !n.disrupting {
			bins = append(bins, c.binOf(ni))
		}
	}
	return bins
}

// launchingBins are the nodes still booting, as empty bins.
func (c *Cluster) launchingBins() []bin {
	var bins []bin
	for _, ni := range c.live {
		if n := &c.nodes[ni]; n.state == nodeLaunching {
			bins = append(bins, c.binOf(ni))
		}
	}
	return bins
}

// hostOK is the hostname DoNotSchedule filter for a pod of di on the node
// of bin b (real or template), as the scheduler's filter would see it once
// the pods packed before it were bound: its count on the node and the
// global minimum include them (filtering.go: skew = matchNum + selfMatch −
// globalMin ≤ maxSkew, the snapshot updated after each pod placed).
func (pk *packer) hostOK(di int32, b *bin) bool {
	d := &pk.c.deps[di]
	if !pk.filtered(d) {
		return true
	}
	for i, s := range d.spread {
		if s.Key != Hostname || !pk.binds(d, i) {
			continue
		}
		lo := pk.hostMin[di]
		if pk.zeroMin {
			lo = 0
		}
		if pk.host[di][b.dom]+1-lo > int32(s.MaxSkew) {
			return false
		}
	}
	return true
}

// unhelped packs pending pods onto the Ready nodes' free room, then
// onto the launching nodes, and returns those left over, in
// first-fit-decreasing order, with the packer; kp packs by Karpenter's
// rules (newPacker, kpProvision), else by the kube-scheduler's.
//
// The Ready nodes matter when a node turns Ready at the instant of a CA
// scan or a Karpenter batch: its scheduling pass is queued (After(0))
// behind the scan, whose pods are still Pending though the node holds
// them. Upstream the cluster autoscaler first drops the pods that fit on
// the nodes of its snapshot, Ready ones included, before any scale-up
// (kubernetes/autoscaler @f7bb0c3, the last commit before core moved out,
// cluster-autoscaler/core/static_autoscaler.go:539 PodListProcessor →
// core/podlistprocessor/filter_out_schedulable.go:103-116,
// filterOutSchedulableByPacking, TrySchedulePods on the snapshot), and
// Karpenter's scheduler tries the existing nodes, Ready ones first, before
// new node claims (kpProvision).
func (c *Cluster) unhelped(pending []int32, kp bool) ([]int32, *packer) {
	pk := c.newPacker(kp)
	rest, _, _ := c.packExisting(pk, pending)
	return rest, pk
}

// packExisting is unhelped on packer pk; it also returns the Ready and
// launching nodes' bins as the packing left them.
func (c *Cluster) packExisting(pk *packer, pending []int32) (rest []int32, ready, booting []bin) {
	ready, booting = c.readyBins(), c.launchingBins()
	for _, pi := range c.byDecreasingRequest(pending) {
		if pk.place(pi, ready) < 0 && pk.place(pi, booting) < 0 {
			rest = append(rest, pi)
		}
	}
	return rest, ready, booting
}

// unschedulablePodTimeBuffer: CA skips a loop's scale-up while every pod
// it would help is younger than this, waiting for more pods
// (kubernetes/autoscaler @f7bb0c3 cluster-autoscaler/core/static_autoscaler.go:80).
const unschedulablePodTimeBuffer = 2 * time.Second

// caScan is one RunOnce: scale-up, then scale-down. A loop that scaled up
// still runs the scale-down planner (kubernetes/autoscaler @f7bb0c3
// cluster-autoscaler/core/static_autoscaler.go:580-590: a successful
// scale-up only sets the status to ScaleDownInCooldown, and scaleDown runs
// whenever shouldScaleDown, calling UpdateClusterState before it checks
// the cooldown at :821, isScaleDownInCooldown). So the unneeded times and
// the unremovable rechecks move on in that loop too; only the deletions
// wait, for ScaleDownDelayAfterAdd since the scale-up just set (with it 0,
// upstream deletes in the same loop, and so does caScaleDown).
func (c *Cluster) caScan(k *sim.Kernel) {
	hold := false
	if len(c.pending) > 0 {
		switch c.caScaleUp(k) {
		case scaledUp:
			c.ca.lastScaleUp = k.Now()
		case podsNew:
			hold = true
		}
	}
	if !c.cfg.ClusterAutoscaler.ScaleDownDisabled {
		c.caScaleDown(k, hold)
	}
}

// scaleUpResult is what a loop's scale-up did.
type scaleUpResult uint8

const (
	notScaled scaleUpResult = iota // nothing to help, or no node group could
	scaledUp
	// podsNew: every pod to help is younger than
	// unschedulablePodTimeBuffer, so the loop neither scales up nor deletes
	// nodes (static_autoscaler.go:629-636, allPodsAreNew →
	// DisableScaleDownForLoop; the check itself at :1295-1296).
	podsNew
)

type caOption struct {
	pool, typ, zone int32
	nodes           int
	waste           float64
}

// caScaleUp launches nodes for the pending pods that neither fit the
// nodes there are nor are too young.
func (c *Cluster) caScaleUp(k *sim.Kernel) scaleUpResult {
	now := k.Now()
	// A pod created at this instant has not been through the scheduling
	// pass queued behind this scan, so the scheduler has not marked it
	// unschedulable yet, which is what CA lists; filterOutYoungPods
	// (static_autoscaler.go, with the default --new-pod-scale-up-delay 0:
	// podAge > 0) would drop it too.
	tried := slices.DeleteFunc(slices.Clone(c.pending), func(pi int32) bool { return c.pods.At(pi).created >= now })
	rest, base := c.unhelped(tried, false)
	if len(rest) == 0 {
		return notScaled
	}
	oldest := c.pods.At(rest[0]).created
	for _, pi := range rest[1:] {
		oldest = min(oldest, c.pods.At(pi).created)
	}
	if oldest.Add(unschedulablePodTimeBuffer) > now {
		return podsNew
	}
	var opts []caOption
	for pi := range c.pools {
		ps := &c.pools[pi]
		room := min(ps.cfg.MaxNodes-ps.nodes, 1000) // max-nodes-per-scaleup 1000
		if room <= 0 {
			continue
		}
		for _, ti := range ps.types {
			tmpl := UserAllocatable(&c.types[ti], c.cfg.EvictionHardMemoryMiB, c.cfg.DaemonSets)
			for _, zi := range ps.zones {
				if c.zones[zi].down {
					continue
				}
				// Upstream's estimate (kubernetes/autoscaler @f7bb0c3
				// cluster-autoscaler/estimator/binpacking_estimator.go,
				// Estimate) schedules the pods with the scheduler's filters,
				// PodTopologySpread among them, onto template node copies
				// added to the snapshot one at a time, each a hostname
				// domain of its own (newDomain). A hostname constraint's
				// global minimum runs over the real nodes, the upcoming ones
				// and the template nodes so far; minDomains is not modelled,
				// and unset (1) it never zeroes a minimum once a node exists.
				// A pod with a hostname constraint that the last template
				// node refuses for its topology is tried on every other node
				// before a new template node is added
				// (tryToScheduleOnNewNodes, hasTopologyConstraintError), and
				// the fast path is never taken for pods with spread
				// constraints (shouldUseFastPath). So a new node takes a
				// deployment's pods while count+1−minimum ≤ maxSkew: up to
				// the existing nodes' minimum plus maxSkew, or what fits.
				// First fit over the template nodes so far gives the same.
				pk := base.clone()
				var bins []bin
				for _, p := range rest {
					if pk.place(p, bins) >= 0 {
						continue
					}
					if len(bins) == room {
						continue
					}
					nb := bin{node: -1, pool: int32(pi), typ: ti, zone: zi, free: tmpl}
					if !fits(nb.free, c.deps[c.pods.At(p).dep].cfg) || !pk.zoneOK(c.pods.At(p).dep, zi) {
						continue
					}
					// A new template node passes the hostname filter: it
					// holds no pod and makes the global minimum 0.
					nb.dom = pk.newDomain()
					bins = append(bins, nb)
					pk.put(c.pods.At(p).dep, &bins[len(bins)-1], c.deps[c.pods.At(p).dep].cfg)
				}
				if len(bins) == 0 {
					continue
				}
				// expander/waste: wasted CPU and memory fractions of the new nodes.
				var used Resources
				for _, b := range bins {
					used.CPUMilli += b.used.CPUMilli
					used.MemoryMiB += b.used.MemoryMiB
				}
				alloc := NodeAllocatable(&c.types[ti], c.cfg.EvictionHardMemoryMiB)
				n := float64(len(bins))
				w := (n*float64(alloc.CPUMilli)-float64(used.CPUMilli))/(n*float64(alloc.CPUMilli)) +
					(n*float64(alloc.MemoryMiB)-float64(used.MemoryMiB))/(n*float64(alloc.MemoryMiB))
				opts = append(opts, caOption{pool: int32(pi), typ: ti, zone: zi, nodes: len(bins), waste: w})
			}
		}
	}
	if len(opts) == 0 {
		return notScaled
	}
	best := math.Inf(1)
	var ties []caOption
	for _, o := range opts {
		switch {
		case o.waste < best-1e-12:
			best = o.waste
			ties = append(ties[:0], o)
		case math.Abs(o.waste-best) <= 1e-12:
			ties = append(ties, o)
		}
	}
	o := ties[0]
	if len(ties) > 1 {
		o = ties[c.rngExpand.IntN(len(ties))]
	}
	for range o.nodes {
		c.launchNode(k, o.pool, o.typ, o.zone)
	}
	return scaledUp
}

// utilization is CA's max(CPU, memory) requests over allocatable,
// DaemonSets included (scale-down-utilization-threshold).
func (n *node) utilization() float64 {
	cpu := float64(n.ds.CPUMilli+n.reqCPU) / float64(n.alloc.CPUMilli)
	mem := float64(n.ds.MemoryMiB+n.reqMem) / float64(n.alloc.MemoryMiB)
	return max(cpu, mem)
}

// underused reports whether node n may be unneeded: utilisation at or
// below the threshold (kubernetes/autoscaler @f7bb0c3
// core/scaledown/eligibility/eligibility.go:156-161, 187:
// isNodeAtOrBelowUtilizationThreshold, needed only if Utilization >
// threshold).
func (n *node) underused(threshold float64) bool { return n.utilization() <= threshold }

// movable reports whether every pod of node ni, and the pods moved there
// earlier in the same simulation (moved), fits on the bins, which it
// updates as if they moved.
//
// Node ni stays a zone and hostname domain, holding none of those pods:
// upstream's drain simulation unschedules them and puts a pod-less copy of
// the node, tainted ToBeDeletedByClusterAutoscaler, in its place
// (kubernetes/autoscaler @f7bb0c3 cluster-autoscaler/simulator/cluster.go:
// 237-274, 286, findPlaceFor → replaceWithTaintedGhostNode), a domain
// under the default nodeTaintsPolicy Ignore, as the node being drained is
// for the real scheduler. So a hostname DoNotSchedule constraint's global
// minimum is 0, and a pod moves only onto a node holding fewer than maxSkew
// of its deployment's pods: 1 1 1 with maxSkew 1 cannot become 2 1. That
// is what kubernetes/autoscaler#6984 reported; #8164 then removed the node
// from the snapshot, the scale-down oscillated with scale-up (#9287, the
// real scheduler does count the drained node), and #9288 brought the node
// back as the ghost: what @f7bb0c3 does, modelled here. After a
// successful simulation upstream removes the ghost for the candidates
// simulated after it; their own ghosts keep the minimum at 0 all the same.
// Karpenter's consolidation (kpCanDelete) takes the minimum as 0 anyway.
func (c *Cluster) movable(ni int32, pk *packer, bins []bin, moved []int32) bool {
	n := &c.nodes[ni]
	for _, pi := range n.pods {
		p := c.pods.At(pi)
		if p.counted {
			pk.unplace(p.dep, n.zone, ni)
		}
	}
	for _, pi := range moved {
		pk.unplace(c.pods.At(pi).dep, n.zone, ni) // put counted it here
	}
	for _, pi := range c.byDecreasingRequest(append(slices.Clone(n.pods), moved...)) {
		if c.pods.At(pi).deleting {
			continue
		}
		if pk.place(pi, bins) < 0 {
			return false
		}
	}
	return true
}

// unplace takes a pod of di off the zone and hostname counts of node ni,
// in zone z, which stays a domain.
func (pk *packer) unplace(di, z, ni int32) {
	pk.counts[di][z]--
	if pk.host != nil && pk.host[di] != nil {
		cnt := pk.host[di]
		cnt[ni]--
		if pk.hostDom[ni] {
			pk.hostMin[di] = min(pk.hostMin[di], cnt[ni])
		}
	}
}

// caScaleDown tracks the unneeded nodes and, unless hold (or the cooldown
// after a scale-up) forbids deletions in this loop, deletes some.
func (c *Cluster) caScaleDown(k *sim.Kernel, hold bool) {
	cfg := &c.cfg.ClusterAutoscaler
	now := k.Now()
	pk := c.newPacker(false)
	var bins []bin
	for _, ni := range c.live {
		if n := &c.nodes[ni]; n.state == nodeReady {
			bins = append(bins, c.binOf(ni))
		}
	}
	var unneeded []int32
	var drain []bool // unneeded[i] has pods to move, real or simulated
	draining := 0
	var cands []int32
	for _, ni := range c.live {
		switch c.nodes[ni].state {
		case nodeDraining:
			draining++
		case nodeReady:
			cands = append(cands, ni)
		}
	}
	// Upstream simulates the candidates empty nodes first, then those
	// found unneeded in the last loop (kubernetes/autoscaler @f7bb0c3
	// cluster-autoscaler/builder/autoscaler.go:257-265: the
	// ScaleDownCandidatesSortingProcessor with emptycandidates and
	// previouscandidates), so pods are not moved onto an empty node that
	// could go at once. Stable: otherwise in creation order.
	slices.SortStableFunc(cands, func(a, b int32) int {
		na, nb := &c.nodes[a], &c.nodes[b]
		if ea, eb := len(na.pods) == 0, len(nb.pods) == 0; ea != eb {
			if ea {
				return -1
			}
			return 1
		}
		if pa, pb := na.unneededSince >= 0, nb.unneededSince >= 0; pa != pb {
			if pa {
				return -1
			}
			return 1
		}
		return 0
	})
	for _, ni := range cands {
		n := &c.nodes[ni]
		// A node whose pods found no place in an earlier loop is not
		// simulated again until the recheck timeout has passed; meanwhile
		// it is ineligible, so not unneeded (kubernetes/autoscaler @f7bb0c3
		// cluster-autoscaler/core/scaledown/planner/planner.go:289, 330:
		// AddTimeout(unremovable, latestUpdate + UnremovableNodeRecheckTimeout);
		// eligibility/eligibility.go:83, IsRecent → RecentlyUnremovable;
		// unremovable/nodes.go:50-66, an entry kept while its time is after
		// the loop's). Only a failed simulation sets it: a node above the
		// utilisation threshold is checked again every loop.
		if now < n.recheckAt {
			n.unneededSince = -1
			continue
		}
		if !n.underused(cfg.ScaleDownUtilizationThreshold) {
			n.unneededSince = -1
			continue
		}
		// Simulate the pods moving to the other nodes, not onto this one
		// nor onto nodes already found unneeded. The moves found for nodes
		// before it stay (the planner's simulations persist in its snapshot
		// within a loop: kubernetes/autoscaler @f7bb0c3
		// simulator/cluster.go:205, 221-234, withForkedSnapshot commits when
		// canPersist), so the pods moved onto this node must move on too.
		others := bins[:0:0]
		var moved []int32
		for _, b := range bins {
			if b.node == ni {
				moved = b.got
			} else if !slices.Contains(unneeded, b.node) {
				others = append(others, b)
			}
		}
		trial := pk.clone()
		trialBins := slices.Clone(others)
		if !c.movable(ni, trial, trialBins, moved) {
			n.unneededSince = -1
			n.recheckAt = now.Add(cfg.UnremovableNodeRecheckTimeout)
			continue
		}
		// Commit the simulated moves.
		pk = trial
		for _, tb := range trialBins {
			for j := range bins {
				if bins[j].node == tb.node {
					bins[j] = tb
				}
			}
		}
		if n.unneededSince < 0 {
			n.unneededSince = now
		}
		unneeded = append(unneeded, ni)
		// Upstream a node the simulation moved pods onto is one to drain,
		// not empty (core/scaledown/planner/planner.go:187, NodesToDelete
		// splits by PodsToReschedule).
		drain = append(drain, len(n.pods)+len(moved) > 0)
	}
	if hold || now.Sub(c.ca.lastScaleUp) < cfg.ScaleDownDelayAfterAdd {
		return
	}
	// A node goes once unneeded (unready) for strictly more than the
	// threshold, or at once with a zero threshold (kubernetes/autoscaler
	// @f7bb0c3 core/scaledown/unneeded/nodes.go:273, unremovableReason:
	// removalThreshold > 0 && !since.Add(removalThreshold).Before(ts)). A lost
	// node's time counts from when it was marked NotReady, not from the
	// first scan that saw it (a simplification: at most one scan sooner).
	longEnough := func(since sim.Time, threshold time.Duration) bool {
		return threshold == 0 || now.Sub(since) > threshold
	}
	aboveMin := func(ni int32) bool {
		ps := &c.pools[c.nodes[ni].pool]
		return ps.nodes-c.poolDraining(c.nodes[ni].pool) > ps.cfg.MinNodes
	}
	// One loop deletes empty nodes and starts a drain (StartDeletion(empty,
	// needDrain), static_autoscaler.go:854), within CropNodes' budgets
	// (core/scaledown/budgets/budgets.go, CropNodes):
	// MaxScaleDownParallelism (--max-scale-down-parallelism, default 10)
	// minus the deletions in progress, and for drains
	// --max-drain-parallelism 1 minus the drains in progress, within what
	// the empty nodes left. Empty and lost nodes go at once here, so the
	// drains are the deletions in progress.
	budget := cfg.MaxScaleDownParallelism - draining
	for _, ni := range slices.Clone(c.live) {
		n := &c.nodes[ni]
		if n.state == nodeLost && budget > 0 && longEnough(n.notReady, cfg.ScaleDownUnreadyTime) && aboveMin(ni) {
			c.deleteLostNode(k, ni)
			budget--
		}
	}
	for i, ni := range unneeded {
		if budget > 0 && !drain[i] && longEnough(c.nodes[ni].unneededSince, cfg.ScaleDownUnneededTime) && aboveMin(ni) {
			c.drainNode(k, ni)
			budget--
		}
	}
	if draining > 0 || budget <= 0 {
		return
	}
	for i, ni := range unneeded {
		if drain[i] && longEnough(c.nodes[ni].unneededSince, cfg.ScaleDownUnneededTime) && aboveMin(ni) {
			c.drainNode(k, ni)
			return
		}
	}
}

// poolDraining counts pool pi's draining nodes.
func (c *Cluster) poolDraining(pi int32) int {
	n := 0
	for _, ni := range c.live {
		if c.nodes[ni].pool == pi && (c.nodes[ni].state == nodeDraining || c.nodes[ni].disrupting) {
			n++
		}
	}
	return n
}
