package kubernetes

import (
	"cmp"
	"slices"
	"time"

	"github.com/execsim/execsim/sim"
)

// Karpenter (kubernetes-sigs/karpenter; karpenter.sh docs "Scheduling",
// "Disruption", "Settings"; kubernetes.md A.5.2).
//
// Provisioning: when a scheduling pass leaves new Pending pods a batch
// opens; it closes BatchIdleDuration after the last new pending pod, or
// BatchMaxDuration after it opened. The pods that fit neither on the Ready
// nodes' free room nor on nodes already launching (the scheduler's
// existing nodes, initialised first: kubernetes-sigs/karpenter
// pkg/controllers/provisioning/scheduling/scheduler.go:582-642, 844-856;
// see unhelped) are bin-packed, first-fit by decreasing request, onto
// new node claims: each claim sits in the first pool with room that can
// hold the pod, in the pool zone that satisfies the pod's zone spread (every
// zone of the node pools a domain, nodes there or not: see newPacker) and
// holds the fewest of its deployment's pods (all zones cost the same), and is
// sized by the pool's largest type. A node, existing or new, takes at most
// maxSkew pods of a deployment with a hostname DoNotSchedule spread:
// Karpenter takes the hostname global minimum as 0 (see kpProvision). Under
// its default preference policy, Respect, a deployment's own ScheduleAnyway
// spreads (not the kube-scheduler's system defaults) count as DoNotSchedule
// until a pod fits nowhere, in provisioning and consolidation alike. Each
// claim is then launched as the cheapest instance type of its pool that
// holds its pods, at the prices the bill charges (CreateFleet lowest-price;
// spot pools by spot price).
//
// Consolidation, polled every DisruptionPoll while no pod is Pending, among
// the nodes past ConsolidateAfter since their last pod event (a pod bound
// or deleted; since Ready if none; see underConsolidateAfter): empty
// nodes are deleted; with WhenEmptyOrUnderutilized, else the first node
// (fewest pods first) whose pods all fit on the other nodes is deleted, or
// else replaced by a cheaper type that holds its pods (single-node
// consolidation). A command is re-validated after ValidationDelay and then
// executed within the disruption budget (BudgetPercent of the pool's
// nodes, rounded up, minus nodes already being disrupted). A replacement is
// launched first and the old node drained once it is Ready. Multi-node
// consolidation and spot-to-spot rules are not modelled.

type kpState struct {
	batchOpen  bool
	batchStart sim.Time
	batchGen   uint32
	seen       []int32 // pending pods already in a batch
	cmds       []kpCommand
}

type kpCommand struct {
	nodes   []int32 // delete these, or replace nodes[0]
	replace int32   // instance type of the replacement, −1 for delete
	live    bool
}

// kpNotice opens or extends the provisioning batch for new pending pods.
func (c *Cluster) kpNotice(k *sim.Kernel) {
	fresh := false
	for _, pi := range c.pending {
		if !slices.Contains(c.kp.seen, pi) {
			fresh = true
			c.kp.seen = append(c.kp.seen, pi)
		}
	}
	if !fresh {
		return
	}
	now := k.Now()
	if !c.kp.batchOpen {
		c.kp.batchOpen = true
		c.kp.batchStart = now
	}
	at := min(now.Add(c.cfg.Karpenter.BatchIdleDuration), c.kp.batchStart.Add(c.cfg.Karpenter.BatchMaxDuration))
	c.kp.batchGen++
	k.Schedule(sim.Event{At: at, Kind: kindKBatch, Gen: c.kp.batchGen, To: c})
}

type claim struct {
	bin
	pods []int32
}

// kpProvision closes the batch and launches node claims for the pods.
func (c *Cluster) kpProvision(k *sim.Kernel) {
	c.kp.batchOpen = false
	c.kp.seen = c.kp.seen[:0]
	// Karpenter's scheduler takes a hostname spread's global minimum as 0
	// on every node, existing, in flight or new: "Karpenter can always
	// create a new domain for hostname" (kubernetes-sigs/karpenter @2266468
	// pkg/controllers/provisioning/scheduling/topologygroup.go,
	// nextDomainTopologySpread, the kubernetes.io/hostname case, and
	// domainMinCount). Every node it packs has a single hostname (existing
	// nodes their own: existingnode.go, NewExistingNode; a new NodeClaim a
	// placeholder: nodeclaim.go, NewNodeClaim), so a node takes a pod only
	// while its count of the deployment's pods, the pod included, is at
	// most maxSkew, whatever the other nodes hold; a pod that no node takes
	// opens a new NodeClaim (scheduler.go, add → addToNewNodeClaim), where
	// the count is 1. The counts are the bound pods not being deleted
	// (topology.go, countDomains, IgnoredForTopology) plus the pods packed
	// in this pass (Record). So a deployment with a hostname maxSkew gets
	// at most maxSkew pods on each new node.
	//
	// Under the default preference policy, Respect, a deployment's own
	// ScheduleAnyway spreads filter as DoNotSchedule ones do (packer.binds):
	// a hostname one with maxSkew 1 opens a NodeClaim per pod. A pod that
	// fits no node, existing, claimed or new (a pool at its MaxNodes), has
	// them dropped one at a time and is tried again from the existing
	// nodes on (scheduler.go, trySchedule: add, then Relax).
	pk := c.newPacker(true)
	rest, ready, booting := c.packExisting(pk, c.pending)
	var claims []claim
	newPerPool := make([]int, len(c.pools))
	for _, pi := range rest {
		pk.relaxed = 0
		for !c.kpClaim(pk, pi, &claims, newPerPool) && pk.relaxed < len(c.deps[c.pods.At(pi).dep].kpPrefer) {
			pk.relaxed++
			if pk.place(pi, ready) >= 0 || pk.place(pi, booting) >= 0 {
				break
			}
		}
	}
	for _, cl := range claims {
		ti := c.cheapestFitting(&c.pools[cl.pool], cl.used, -1)
		c.launchNode(k, cl.pool, ti, cl.zone)
	}
}

// kpClaim puts pending pod pi on the first of the claims that takes it,
// else on a new claim in the first pool with room, and reports whether
// either did (kpProvision).
func (c *Cluster) kpClaim(pk *packer, pi int32, claims *[]claim, newPerPool []int) bool {
	di := c.pods.At(pi).dep
	d := c.deps[di].cfg
	for i := range *claims {
		cl := &(*claims)[i]
		if fits(cl.free, d) && pk.zoneOK(di, cl.zone) && pk.hostOK(di, &cl.bin) {
			pk.put(di, &cl.bin, d)
			cl.pods = append(cl.pods, pi)
			return true
		}
	}
	for poolIdx := range c.pools {
		ps := &c.pools[poolIdx]
		if ps.nodes+newPerPool[poolIdx] >= ps.cfg.MaxNodes {
			continue
		}
		big := c.largestType(ps)
		free := UserAllocatable(&c.types[big], c.cfg.EvictionHardMemoryMiB, c.cfg.DaemonSets)
		if !fits(free, d) {
			continue
		}
		zone := int32(-1)
		for _, zi := range ps.zones {
			if c.zones[zi].down || !pk.zoneOK(di, zi) {
				continue
			}
			if zone < 0 || pk.counts[di][zi] < pk.counts[di][zone] ||
				(pk.counts[di][zi] == pk.counts[di][zone] && c.zones[zi].registered < c.zones[zone].registered) {
				zone = zi
			}
		}
		if zone < 0 {
			continue
		}
		cl := claim{bin: bin{node: -1, pool: int32(poolIdx), typ: big, zone: zone, free: free, dom: pk.newDomain()}}
		pk.put(di, &cl.bin, d)
		cl.pods = append(cl.pods, pi)
		*claims = append(*claims, cl)
		newPerPool[poolIdx]++
		return true
	}
	return false
}

// largestType is the pool's type with the most allocatable CPU (then memory).
func (c *Cluster) largestType(ps *poolState) int32 {
	best := ps.types[0]
	for _, ti := range ps.types[1:] {
		a := UserAllocatable(&c.types[ti], c.cfg.EvictionHardMemoryMiB, c.cfg.DaemonSets)
		b := UserAllocatable(&c.types[best], c.cfg.EvictionHardMemoryMiB, c.cfg.DaemonSets)
		if a.CPUMilli > b.CPUMilli || (a.CPUMilli == b.CPUMilli && a.MemoryMiB > b.MemoryMiB) {
			best = ti
		}
	}
	return best
}

// cheapestFitting is the pool's cheapest type (then by name) that holds
// used and costs less than below (−1: any price); −1 if none. Prices are
// the pool's capacity type's, as billed (Config.NodePrices): Karpenter
// orders the instance types of a launch and of a consolidation by the
// offerings' prices, and asks CreateFleet for on-demand with the
// lowest-price allocation strategy (aws/karpenter-provider-aws
// pkg/providers/instance/instance.go, launchInstance:
// FleetOnDemandAllocationStrategyLowestPrice), which launches the cheapest
// type that fits. A what-if price (cost.prices.ec2.<type>.hourUSD) is taken
// as the price EC2 ranks by. For spot, CreateFleet's
// price-capacity-optimized also weighs pool capacity, which is not
// modelled: spot pools rank by the spot price alone.
func (c *Cluster) cheapestFitting(ps *poolState, used Resources, below float64) int32 {
	best := int32(-1)
	ct := ps.cfg.Capacity
	for _, ti := range ps.types {
		t := &c.types[ti]
		a := UserAllocatable(t, c.cfg.EvictionHardMemoryMiB, c.cfg.DaemonSets)
		if a.CPUMilli < used.CPUMilli || a.MemoryMiB < used.MemoryMiB || a.Pods < used.Pods {
			continue
		}
		if below >= 0 && t.HourUSD(ct) >= below {
			continue
		}
		if best < 0 || cmp.Or(cmp.Compare(t.HourUSD(ct), c.types[best].HourUSD(ct)), cmp.Compare(t.Name, c.types[best].Name)) < 0 {
			best = ti
		}
	}
	return best
}

// kpBudget is how many more of pool pi's nodes may be disrupted now.
func (c *Cluster) kpBudget(pi int32) int {
	allowed := (c.pools[pi].nodes*c.cfg.Karpenter.BudgetPercent + 99) / 100
	return allowed - c.poolDraining(pi)
}

// kpDisrupt looks for one consolidation command and starts validating it.
func (c *Cluster) kpDisrupt(k *sim.Kernel) {
	kc := &c.cfg.Karpenter
	if kc.Consolidation == ConsolidationNever || len(c.pending) > 0 {
		return
	}
	for _, cmd := range c.kp.cmds {
		if cmd.live {
			return // one command at a time
		}
	}
	cmd, ok := c.kpFind(k.Now())
	if !ok {
		return
	}
	cmd.live = true
	c.kp.cmds = append(c.kp.cmds, cmd)
	k.After(kc.ValidationDelay, c, kindKValidate, int64(len(c.kp.cmds)-1), 0)
}

// kpCandidates are the Ready nodes Karpenter may disrupt now, fewest pods first.
func (c *Cluster) kpCandidates(now sim.Time) []int32 {
	var out []int32
	for _, ni := range c.live {
		n := &c.nodes[ni]
		if n.state == nodeReady && !n.disrupting && !c.underConsolidateAfter(n, now) && !c.replacing(ni) {
			out = append(out, ni)
		}
	}
	slices.SortStableFunc(out, func(a, b int32) int { return cmp.Compare(len(c.nodes[a].pods), len(c.nodes[b].pods)) })
	return out
}

// podEventDedupe is how long Karpenter's podevents controller leaves a
// node's LastPodEventTime alone after setting it (dedupeTimeout, 10 s:
// kubernetes-sigs/karpenter pkg/controllers/nodeclaim/podevents/controller.go:44,85).
const podEventDedupe = 10 * time.Second

// podEventOn records a pod event on node ni at now: a pod bound to it or
// given a deletion timestamp (the controller's bound and terminating
// updates, controller.go:114-118). Its third event, the pod's turning
// terminal (Succeeded/Failed), is not recorded: a deleted pod ends within
// its grace period, mostly inside the 10-s dedupe window. Within 10 s of
// the last recorded event a new one changes nothing (controller.go:85-91),
// so the time kept is the first of a burst, not the last.
func (c *Cluster) podEventOn(ni int32, now sim.Time) {
	n := &c.nodes[ni]
	if n.podEvent >= 0 && now.Sub(n.podEvent) < podEventDedupe {
		return
	}
	n.podEvent = now
}

// underConsolidateAfter reports whether node n is still inside
// consolidateAfter: counted from its last pod event, or from its
// initialisation (here: Ready) if it has had none, and never with
// consolidateAfter 0 (pkg/utils/disruption/disruption.go:79-92,
// IsUnderConsolidateAfter; the nodeclaim disruption controller sets the
// Consolidatable condition from it, nodeclaim/disruption/consolidation.go:63).
func (c *Cluster) underConsolidateAfter(n *node, now sim.Time) bool {
	after := c.cfg.Karpenter.ConsolidateAfter
	if after == 0 {
		return false
	}
	since := n.readyAt
	if n.podEvent >= 0 {
		since = n.podEvent
	}
	return now.Sub(since) < after
}

// replacing reports whether a launching node is to replace ni.
func (c *Cluster) replacing(ni int32) bool {
	for _, x := range c.live {
		if c.nodes[x].replaces == ni {
			return true
		}
	}
	return false
}

func (c *Cluster) kpFind(now sim.Time) (kpCommand, bool) {
	cands := c.kpCandidates(now)
	var empty []int32
	budget := make([]int, len(c.pools))
	for pi := range c.pools {
		budget[pi] = c.kpBudget(int32(pi))
	}
	for _, ni := range cands {
		if n := &c.nodes[ni]; len(n.pods) == 0 && budget[n.pool] > 0 {
			budget[n.pool]--
			empty = append(empty, ni)
		}
	}
	if len(empty) > 0 {
		return kpCommand{nodes: empty, replace: -1}, true
	}
	if c.cfg.Karpenter.Consolidation != WhenEmptyOrUnderutilized {
		return kpCommand{}, false
	}
	for _, ni := range cands {
		n := &c.nodes[ni]
		if budget[n.pool] <= 0 {
			continue
		}
		if c.kpCanDelete(ni) {
			return kpCommand{nodes: []int32{ni}, replace: -1}, true
		}
		if ti := c.kpReplacement(ni); ti >= 0 {
			return kpCommand{nodes: []int32{ni}, replace: ti}, true
		}
	}
	return kpCommand{}, false
}

// kpCanDelete reports whether node ni's pods fit on the other Ready nodes,
// as Karpenter's provisioning scheduler would place them
// (kubernetes-sigs/karpenter @2266468 pkg/controllers/disruption/helpers.go,
// SimulateScheduling): with a hostname spread's global minimum taken as 0
// (packer.zeroMin; see kpProvision), and the deployments' own
// ScheduleAnyway spreads filtering under the Respect policy, as the
// simulation is built with it (helpers.go: IgnorePreferences only with
// --preference-policy Ignore). They are not relaxed here: upstream relaxes
// only a pod that no new NodeClaim could take either, and a pod needing a
// new NodeClaim makes the command a replacement, not a deletion (Karpenter
// logs "pod(s) have a preferred TopologySpreadConstraint which can prevent
// consolidation", provisioner.go, consolidationWarnings).
func (c *Cluster) kpCanDelete(ni int32) bool {
	var bins []bin
	for _, x := range c.live {
		if n := &c.nodes[x]; x != ni && n.state == nodeReady && !n.disrupting {
			bins = append(bins, c.binOf(x))
		}
	}
	return c.movable(ni, c.newPacker(true), bins, nil)
}

// kpReplacement is a cheaper type for node ni's pods, or −1.
func (c *Cluster) kpReplacement(ni int32) int32 {
	n := &c.nodes[ni]
	used := Resources{CPUMilli: n.reqCPU, MemoryMiB: n.reqMem, Pods: len(n.pods)}
	ps := &c.pools[n.pool]
	ti := c.cheapestFitting(ps, used, c.types[n.typ].HourUSD(ps.cfg.Capacity))
	if ti < 0 || !c.kpOneClaim(ni, ti) {
		return -1
	}
	return ti
}

// kpOneClaim reports whether Karpenter's scheduler could place the pods of
// node ni that a hostname spread binds (packer.hostFiltered) on the other
// Ready nodes and one new NodeClaim of type ti. A single-node replacement
// is a simulation (kubernetes-sigs/karpenter @2266468
// pkg/controllers/disruption/helpers.go, SimulateScheduling) whose pods
// all schedule with exactly one new NodeClaim (disruption/consolidation.go:
// 190, computeConsolidation: "Can't remove without creating %d
// candidates" otherwise), and a new NodeClaim takes at most maxSkew pods
// of such a deployment (see kpProvision): a node holding more of them
// than the other nodes and one claim can take is not replaced. The
// replacement is still sized by all of the node's pods, as before.
func (c *Cluster) kpOneClaim(ni, ti int32) bool {
	n := &c.nodes[ni]
	pk := c.newPacker(true)
	if pk.host == nil {
		return true
	}
	var bins []bin
	for _, x := range c.live {
		if m := &c.nodes[x]; x != ni && m.state == nodeReady && !m.disrupting {
			bins = append(bins, c.binOf(x))
		}
	}
	free := UserAllocatable(&c.types[ti], c.cfg.EvictionHardMemoryMiB, c.cfg.DaemonSets)
	claim := []bin{{node: -1, pool: n.pool, typ: ti, zone: n.zone, free: free, dom: pk.newDomain()}}
	for _, pi := range n.pods {
		if p := c.pods.At(pi); p.counted {
			pk.unplace(p.dep, n.zone, ni)
		}
	}
	for _, pi := range c.byDecreasingRequest(n.pods) {
		p := c.pods.At(pi)
		if p.deleting || pk.host[p.dep] == nil {
			continue
		}
		if pk.place(pi, bins) < 0 && pk.place(pi, claim) < 0 {
			return false
		}
	}
	return true
}

// kpValidate re-checks command i after the validation delay and runs it.
func (c *Cluster) kpValidate(k *sim.Kernel, i int) {
	cmd := &c.kp.cmds[i]
	cmd.live = false
	defer func() { c.kp.cmds = c.kp.cmds[:0] }()
	now := k.Now()
	valid := func(ni int32) bool {
		n := &c.nodes[ni]
		return n.state == nodeReady && !n.disrupting && slices.Contains(c.kpCandidates(now), ni)
	}
	if cmd.replace < 0 {
		for _, ni := range cmd.nodes {
			n := &c.nodes[ni]
			if !valid(ni) || c.kpBudget(n.pool) <= 0 {
				continue
			}
			if len(n.pods) > 0 && !c.kpCanDelete(ni) {
				continue
			}
			n.disrupting = true
			c.drainNode(k, ni)
		}
		return
	}
	ni := cmd.nodes[0]
	n := &c.nodes[ni]
	if !valid(ni) || c.kpBudget(n.pool) <= 0 || c.kpReplacement(ni) != cmd.replace {
		return
	}
	n.disrupting = true
	nn := c.launchNode(k, n.pool, cmd.replace, n.zone)
	c.nodes[nn].replaces = ni
}
