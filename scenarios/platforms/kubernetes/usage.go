package kubernetes

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/cost"
	model "github.com/execsim/execsim/models/kubernetes"
	"github.com/execsim/execsim/scenarios/platform"
)

// usage is what the cluster used in a run.
type usage struct {
	run platform.Run
	cfg *Config
	u   model.Usage
	// ingresses are the cluster's front doors: nil is the kubernetes
	// platform's one (cost.frontDoors.kubernetes); a platform running on
	// the cluster passes its own (FinishBehind).
	ingresses []Ingress
}

// Ingress is one front door of a cluster and the Deployments whose
// requests pass it. A cluster billed for more than one platform's part
// (Knative's revisions beside the kubernetes part's Deployments in a
// blend) has one per part, each of that part's kind: an ALB Ingress for
// the Deployments and another load balancer for Knative's gateway, as two
// teams would run them.
type Ingress struct {
	Door cost.FrontDoor
	// Behind marks the Deployments behind it, by index; nil is all of them.
	Behind []bool
}

// FinishBehind is Finish with the cluster's front doors given by the
// caller: the platform whose services the cluster runs decides which door
// (cost.frontDoors.<its name>) its requests pass.
func (c *cluster) FinishBehind(run platform.Run, ingresses []Ingress) platform.Usage {
	return &usage{run: run, cfg: c.cfg, u: c.Usage(), ingresses: ingresses}
}

// doors are the cluster's ingresses (Ingress).
func (us *usage) doors() []Ingress {
	if us.ingresses == nil {
		return []Ingress{{Door: us.run.Cost.FrontDoorOf(Name)}}
	}
	return us.ingresses
}

// doorOf is the door deployment di's requests pass: the first ingress
// that has it behind it, none when no ingress does.
func (us *usage) doorOf(di int) cost.FrontDoor {
	for _, in := range us.doors() {
		if in.Behind == nil || (di < len(in.Behind) && in.Behind[di]) {
			return in.Door
		}
	}
	return cost.FrontDoorNone
}

// Cost bills nodes, the control plane (cost.controlPlane), the ALB (when
// the front door is one) and cross-zone traffic (except for deployments
// the ALB routes to pods directly: an ALB's own cross-zone routing is
// free, lambda-and-prices.md §4.2). The total is spread over windows by
// node-seconds plus the hourly fixed charges.
func (us *usage) Cost() (cost.Breakdown, []cost.Money, error) {
	cp := us.run.Cost
	u := &us.u
	in := cost.KubernetesUsage{ExtendedSupport: cp.ExtendedSupport}
	if cp.ControlPlane {
		in.ControlPlaneHours = us.run.Duration.Hours()
	}
	var nodeHourUSD, nodeSeconds float64
	for _, n := range u.Nodes {
		// one line of usage per node launched: the catalogue's rule (per
		// started second, ec2.minimumSeconds) applies to each launch
		for _, life := range n.Lifetimes {
			in.Nodes = append(in.Nodes, cost.NodeUsage{InstanceType: n.InstanceType, Capacity: n.Capacity, Nodes: 1, Lifetime: life})
		}
		nodeHourUSD += n.PriceUSDPerHour * n.Seconds
		nodeSeconds += n.Seconds
	}
	if nodeSeconds > 0 {
		nodeHourUSD /= nodeSeconds
	}
	// Behind an ALB every deployment's bytes pass it; one routed by the
	// ALB to its pods (ip targets) crosses zones free (lambda-and-prices.md
	// §4.2), one routed by kube-proxy (instance targets, or no ALB: from
	// inside the VPC) pays for the bytes that cross zones.
	for di := range us.cfg.Deployments {
		if !us.CrossZoneFree(di) {
			in.CrossAZGB += cost.GB(u.Deployments[di].CrossAZBytes)
		}
	}
	var albs int // load balancers billed by the hour
	in.ALB, albs = us.albUsage()
	b, err := cp.Prices.KubernetesCost(in)
	if err != nil {
		return cost.Breakdown{}, nil, fmt.Errorf("internal error: kubernetes cost: %w", err)
	}
	if !cp.ControlPlane {
		// switched off (cost.controlPlane: false), the control plane stays
		// a line of the bill, at no hours, so every breakdown shows it
		at := len(b.Lines)
		for i, l := range b.Lines {
			if !strings.HasPrefix(l.Item, "node ") {
				at = i
				break
			}
		}
		b.Lines = slices.Insert(b.Lines, at, cost.Line{Item: "eks control plane", Unit: "cluster-h", UnitPriceUSD: cp.Prices.EKS.ClusterHourUSD,
			KeepAtZero: true})
	}
	fixedPerHour := 0.0
	if cp.ControlPlane {
		fixedPerHour += cp.Prices.EKS.ClusterHourUSD
	}
	fixedPerHour += float64(albs) * cp.Prices.ALB.HourUSD
	weights := platform.WindowWeights(us.run.Rec, func(w *metrics.Window) float64 {
		h := (w.End - w.Start).Hours()
		return w.GaugeMean[models.Nodes]*h*nodeHourUSD + fixedPerHour*h
	})
	return b, weights, nil
}

// albUsage is what the cluster's ALBs bill (none: zero usage) and how
// many there are.
func (us *usage) albUsage() (cost.ALBUsage, int) {
	albs := 0 // load balancers billed by the hour
	for _, ing := range us.doors() {
		if ing.Door == cost.FrontDoorALB {
			albs++
		}
	}
	if albs == 0 {
		return cost.ALBUsage{}, 0
	}
	var albBytes float64
	var albArrivals, arrivals int64
	for i, su := range us.u.Services { // each service's requests carry its payload
		arrivals += su.Arrivals
		if us.doorOf(us.cfg.DeploymentOf(i)) == cost.FrontDoorALB {
			albArrivals += su.Arrivals
			albBytes += float64(su.Arrivals) * us.run.Services[i].PayloadKB * 1024
		}
	}
	// Two ALBs bill two sets of hours; their LCU dimensions are billed
	// here as one ALB's totals (the larger dimension of the sums, at
	// most the sum of each one's larger: a small understatement), and
	// the open connections are the cluster's in proportion to the
	// requests that pass an ALB.
	a := platform.ALBUsage(us.run, models.Busy)
	a.Hours *= float64(albs)
	if albArrivals < arrivals {
		a.ActiveConnectionHours *= float64(albArrivals) / float64(arrivals)
	}
	a.ProcessedGB = cost.GB(albBytes)
	return a, albs
}

// ALB implements the hybrid blend's albBiller: the cluster's ALB usage
// as its bill counts it and the bytes an LCU-hour processes for its
// targets (EC2 instances and IP addresses: 1 GB, ELB pricing), so that a
// blend whose parts each bill an ALB can bill one, shared; ok is false
// without an ALB.
func (us *usage) ALB() (a cost.ALBUsage, gbPerLCUHour float64, ok bool) {
	a, albs := us.albUsage()
	return a, us.run.Cost.Prices.ALB.LCUProcessedGBPerHour, albs > 0
}

// CrossZoneFree is whether deployment di's cross-zone bytes are free: an
// ALB front door routing to its pods.
func (us *usage) CrossZoneFree(di int) bool {
	return us.doorOf(di) == cost.FrontDoorALB && us.cfg.Deployments[di].Routing.ALB()
}

// Allocate implements platform.Allocator the way OpenCost allocates a
// cluster (cost.Prices.KubernetesAllocation): each service owes its pods'
// share of the nodes they held (model.NodeShare: the larger of the CPU
// and memory request fractions, time-weighted) at the node price and the
// cross-zone bytes it sent; the rest of the node bill is "idle", the
// DaemonSets' share "daemonsets", and the control plane and the ALB stay
// shared lines. Services sharing a Deployment (deployments: per-app)
// split its part by their busy time (splitByService).
func (us *usage) Allocate(b cost.Breakdown) (cost.Allocation, error) {
	a, err := ClusterAllocation(&us.run.Cost.Prices, b, &us.u, us.CrossZoneFree)
	if err != nil || us.cfg.ServiceDeployment == nil {
		return a, err
	}
	return us.splitByService(a)
}

// ClusterAllocation is OpenCost's split of b over u's Deployments, one
// part each in their order: their pods' share of the nodes they held and
// the cross-zone bytes they sent (as the bill counts them: none where
// crossZoneFree(di) says so), with the DaemonSets' share apart. Allocate
// starts from it, and so do platforms whose pods run on this cluster
// (Knative).
func ClusterAllocation(p *cost.Prices, b cost.Breakdown, u *model.Usage, crossZoneFree func(di int) bool) (cost.Allocation, error) {
	shares := func(list []model.NodeShare) []cost.NodeShare {
		out := make([]cost.NodeShare, len(list))
		for i, s := range list {
			out[i] = cost.NodeShare{InstanceType: s.InstanceType, Capacity: s.Capacity, Seconds: s.Seconds}
		}
		return out
	}
	parts := make([]cost.KubernetesPart, len(u.Deployments))
	for di, st := range u.Deployments {
		parts[di].Nodes = shares(st.NodeShares)
		if !crossZoneFree(di) {
			parts[di].CrossAZGB = cost.GB(st.CrossAZBytes)
		}
	}
	return p.KubernetesAllocation(b, parts, shares(u.DaemonSetShares))
}

// Extra is the kubernetes entry's own fields in summary.json.
type Extra struct {
	PeakPods    int64   `json:"peak_pods"`
	PeakNodes   int64   `json:"peak_nodes"`
	MeanPods    float64 `json:"mean_pods"`
	MeanNodes   float64 `json:"mean_nodes"`
	NodeSeconds float64 `json:"node_seconds"`
	CPUSeconds  float64 `json:"cpu_seconds"`
	// CrossAZGB is every byte that crossed zones, billed or not (free
	// behind an ALB's ip targets), in the GB the bill counts: 2^30 bytes
	// (cost.BytesPerGB).
	CrossAZGB float64 `json:"cross_az_gb"`
	PodStarts int64   `json:"pod_starts"` // pods Ready during the run; cold_starts counts requests
	// WaitMs is the waiting time of completed requests (arrival to the
	// start of service, in a pod's accept queue) and PWait the share of
	// them that waited.
	WaitMs platform.Latency `json:"wait_ms"`
	PWait  float64          `json:"p_wait"`
	// Utilisation is the time-average share of Ready pods' worker slots
	// busy: ∫ requests in service dt over ∫ Ready pods × concurrency dt
	// (the Busy and Slots gauges). It is not node CPU use (NodeCPUShare):
	// a request holds its slot while it waits on I/O too. SlotUtilisation
	// is the same number under a name that says so (costrev: "utilisation"
	// read as node CPU use); utilisation stays for readers of older
	// summaries.
	Utilisation     float64 `json:"utilisation"`
	SlotUtilisation float64 `json:"slot_utilisation"`
	// SlotsPerPod is what a slot of Utilisation is: the Deployments'
	// concurrency:, "40", or "20–100" when they differ (slotsPerPod).
	// Words, so neither a golden's fields nor results.csv hold it; absent
	// from summaries written before it, whose row names the default.
	SlotsPerPod string `json:"slots_per_pod,omitempty"`
	// NodeCPUShare is the requests' CPU time over the nodes' vCPU time
	// (node-seconds × the instance type's vCPUs, nominal: kube-reserved
	// and DaemonSets included in the denominator), what a reader of
	// CloudWatch's CPUUtilization would compare with; absent when no node
	// ran or a type's vCPUs are unknown.
	NodeCPUShare float64 `json:"node_cpu_share,omitempty"`
	// MeanQueued is the time-average number of requests waiting in pods'
	// accept queues (the Queued gauge).
	MeanQueued float64 `json:"mean_queued"`
	// NoPodShare is the share of the run's rejections answered at once
	// because no pod was receiving traffic (none Ready, or replicas: 0),
	// the rest being full accept queues; absent when there was none.
	NoPodShare float64 `json:"rejected_no_pod_share,omitempty"`
	// ZoneFailures are the zones the scenario takes away (azFailure), so
	// that a reader can tie failed requests to them.
	ZoneFailures []ZoneFailure       `json:"zone_failures,omitempty"`
	Deployments  []DeploymentSummary `json:"deployments,omitempty"`
}

// ZoneFailure is a zone lost during the run, and when.
type ZoneFailure struct {
	Zone string  `json:"zone"`
	AtS  float64 `json:"at_s"`
}

// FailureCause implements platform.FailureCauser: failed requests are
// those lost with a zone's nodes or timed out around it.
func (x *Extra) FailureCause() string {
	var zones []string
	for _, z := range x.ZoneFailures {
		zones = append(zones, fmt.Sprintf("zone %s at %s", z.Zone, format.Clock(z.AtS)))
	}
	if len(zones) == 0 {
		return ""
	}
	return "lost or timed out with the failure of " + format.And(zones)
}

// RejectionCause says why the cluster rejected requests: full accept
// queues, no pod receiving traffic, or both with the latter's share.
func (x *Extra) RejectionCause() string {
	switch {
	case x.NoPodShare <= 0:
		return "full queues"
	case x.NoPodShare >= 1:
		return "no pod was ready to take them"
	}
	return fmt.Sprintf("full queues, and no pod ready to take %s of them", format.Percent(x.NoPodShare))
}

// DeploymentSummary is one deployment's outcomes (fleets only).
type DeploymentSummary struct {
	Name string `json:"name"`
	platform.Outcomes
	LatencyMs    platform.Latency `json:"latency_ms"`
	PodStarts    int64            `json:"pod_starts"`
	PeakReplicas int              `json:"peak_replicas"`
}

// Extra implements platform.Usage.
func (us *usage) Extra() platform.Extra {
	u, rec := &us.u, us.run.Rec
	x := &Extra{
		PeakPods:   int64(rec.GaugePeak(models.Pods)),
		PeakNodes:  int64(rec.GaugePeak(models.Nodes)),
		MeanPods:   platform.Round(rec.GaugeMean(models.Pods, us.run.End), 3),
		MeanNodes:  platform.Round(rec.GaugeMean(models.Nodes, us.run.End), 3),
		CPUSeconds: platform.Round(u.CPUSeconds, 3),
		CrossAZGB:  platform.Round(cost.GB(u.CrossAZBytes), 6),
	}
	for _, n := range u.Nodes {
		x.NodeSeconds += n.Seconds
	}
	for _, f := range us.cfg.AZFailures {
		x.ZoneFailures = append(x.ZoneFailures, ZoneFailure{Zone: f.Zone, AtS: f.At.Seconds()})
	}
	x.NodeSeconds = platform.Round(x.NodeSeconds, 3)
	var noPod, queueFull int64
	for _, d := range u.Deployments {
		x.PodStarts += d.PodStarts
		noPod += d.NoEndpoints
		queueFull += d.QueueFull
	}
	if noPod > 0 {
		x.NoPodShare = platform.Round(float64(noPod)/float64(noPod+queueFull), 6)
	}
	if u.Wait != nil {
		x.WaitMs = platform.LatencyOf(u.Wait)
		if n := u.Wait.Count(); n > 0 {
			x.PWait = platform.Round(float64(u.Waited)/float64(n), 6)
		}
	}
	x.Utilisation = platform.Utilisation(rec, models.Slots, us.run.End)
	x.SlotUtilisation = x.Utilisation
	x.SlotsPerPod = us.slotsPerPod()
	x.NodeCPUShare = us.nodeCPUShare()
	x.MeanQueued = platform.Round(rec.GaugeMean(models.Queued, us.run.End), 3)
	if svc := rec.Services(); svc != nil {
		per := svc
		if us.cfg.ServiceDeployment != nil { // a Deployment's outcomes are its services'
			per = make([]metrics.ServiceStats, len(u.Deployments))
			for i := range svc {
				d := &per[us.cfg.DeploymentOf(i)]
				d.Arrivals += svc[i].Arrivals
				for o, n := range svc[i].Outcomes {
					d.Outcomes[o] += n
				}
				d.ColdStarts += svc[i].ColdStarts
				d.Latency.Merge(&svc[i].Latency)
			}
		}
		for i, d := range u.Deployments {
			x.Deployments = append(x.Deployments, DeploymentSummary{Name: d.Name,
				Outcomes: platform.ServiceOutcomes(per[i]), LatencyMs: platform.LatencyOf(&per[i].Latency),
				PodStarts: d.PodStarts, PeakReplicas: d.PeakReplicas})
		}
	}
	return x
}

// Golden implements platform.Usage: peaks, nodes and deployments, then
// the cost lines.
func (us *usage) Golden(w io.Writer, costLines func()) {
	u := &us.u
	fmt.Fprintf(w, "peak_pods %d peak_nodes %d cpu_seconds %.3f cross_az_bytes %.0f\n", u.PeakPods, u.PeakNodes, u.CPUSeconds, u.CrossAZBytes)
	for _, n := range u.Nodes {
		fmt.Fprintf(w, "nodes %s %s launched %d seconds %.3f billed %.3f\n", n.InstanceType, n.Capacity, n.Launched, n.Seconds, n.BilledSeconds)
	}
	for _, d := range u.Deployments {
		fmt.Fprintf(w, "deployment %s completed %d queue_full %d no_endpoints %d timed_out %d lost %d pod_starts %d peak_replicas %d\n",
			d.Name, d.Completed, d.QueueFull, d.NoEndpoints, d.TimedOut, d.Lost, d.PodStarts, d.PeakReplicas)
	}
	costLines()
}

// SlotsBusyRow starts the row of Utilisation: the share of the Ready
// pods' worker slots in use, which reads like node CPU use under the name
// "utilisation" and is not (costrev); node CPU use has a row of its own.
// The row says what a slot is, since 0.53 % of slots busy beside 23.77 %
// of node CPU invited "the pods are idle" (walk9 #7): one of a pod's
// concurrency: requests at once, as many as the scenario sets
// (SlotsBusyLabel).
const SlotsBusyRow = "worker slots busy"

// SlotsBusyLabel is the slots' row: "worker slots busy (concurrency: 40 a
// pod)", "(concurrency: 20–100 a pod, by Deployment)" when they differ. A
// summary written before it recorded the setting names it and its default
// (walk13 #8: that label read "default 100" with concurrency: 40).
func (x *Extra) SlotsBusyLabel() string {
	switch {
	case x.SlotsPerPod == "":
		return SlotsBusyRow + " (concurrency: a pod, default 100)"
	case strings.ContainsRune(x.SlotsPerPod, '–'):
		return SlotsBusyRow + " (concurrency: " + x.SlotsPerPod + " a pod, by Deployment)"
	}
	return SlotsBusyRow + " (concurrency: " + x.SlotsPerPod + " a pod)"
}

// slotsPerPod is the Deployments' concurrency (Extra.SlotsPerPod): one
// value, or the lowest and highest; "" for a cluster without one.
func (us *usage) slotsPerPod() string {
	lo, hi := 0, 0
	for i, d := range us.cfg.Deployments {
		if i == 0 || d.Concurrency < lo {
			lo = d.Concurrency
		}
		hi = max(hi, d.Concurrency)
	}
	switch {
	case hi == 0:
		return ""
	case lo == hi:
		return fmt.Sprint(lo)
	}
	return fmt.Sprintf("%d–%d", lo, hi)
}

// Rows implements platform.Extra.
func (x *Extra) Rows() [][2]string {
	rows := [][2]string{
		{"peak pods", format.Count(x.PeakPods)}, {"mean pods", format.Fixed2(x.MeanPods)},
		{"peak nodes", format.Count(x.PeakNodes)}, {"mean nodes", format.Fixed2(x.MeanNodes)},
		{"node hours", format.Fixed2(x.NodeSeconds / 3600)}, {"pod starts", format.Count(x.PodStarts)},
		{x.SlotsBusyLabel(), format.Percent(x.Utilisation)},
	}
	if x.NodeCPUShare > 0 {
		// beside the slots, so the two shares read together
		rows = append(rows, [2]string{"node CPU busy", format.Percent(x.NodeCPUShare)})
	}
	return append(rows, [2]string{"mean queued", format.Fixed2(x.MeanQueued)})
}

// nodeCPUShare is the requests' CPU-seconds over the nodes' vCPU-seconds
// (Extra.NodeCPUShare); 0 when no node ran or a type is not known.
func (us *usage) nodeCPUShare() float64 {
	var vcpuSeconds float64
	vcpus := map[string]int{} // by type, looked up once each
	for _, n := range us.u.Nodes {
		v, ok := vcpus[n.InstanceType]
		if !ok {
			t, _ := us.cfg.instanceType(n.InstanceType)
			v = t.VCPU
			vcpus[n.InstanceType] = v
		}
		if v == 0 {
			return 0
		}
		vcpuSeconds += n.Seconds * float64(v)
	}
	if vcpuSeconds <= 0 {
		return 0
	}
	return platform.Round(us.u.CPUSeconds/vcpuSeconds, 6)
}

// Units implements platform.Extra: the per-deployment table of a fleet.
func (x *Extra) Units() (string, [][]string) {
	if len(x.Deployments) <= 1 {
		return "", nil
	}
	rows := [][]string{{"", "completed", "rejected", "failed", "refused", "cold starts", "pod starts", "p50", "p99", "max", "peak replicas"}}
	for _, d := range x.Deployments {
		rows = append(rows, []string{d.Name, format.Count(d.Completed), format.Count(d.Rejected), format.Count(d.Failed),
			d.RefusedCell(), format.Count(d.ColdStarts), format.Count(d.PodStarts),
			d.LatencyCell(d.LatencyMs.P50), d.LatencyCell(d.LatencyMs.P99), d.LatencyCell(d.LatencyMs.Max), fmt.Sprint(d.PeakReplicas)})
	}
	return "kubernetes, per deployment", rows
}

// UnitsCompleted gives the completed requests of each row of Units, as
// numbers, for the text summary to rank the Deployments by (Knative's
// revisions, whose table is this one, too).
func (x *Extra) UnitsCompleted() []int64 {
	out := make([]int64, len(x.Deployments))
	for i, d := range x.Deployments {
		out[i] = d.Completed
	}
	return out
}

// CapsReached names the scenario's configured ceilings the run reached
// (breakeven.CapReacher): a Deployment whose spec.replicas reached its
// HPA's maxReplicas (the autoscaler clamps its desired count there:
// kubernetes pkg/controller/podautoscaler, "Current number of replicas
// above Spec.MaxReplicas"), and a cluster whose nodes reached the pools'
// maxNodes together (the Cluster Autoscaler and Karpenter stop adding
// there). Refusals at a rate where one is reached are the scenario's
// limit, not the platform's (costrev: steady at 316 req/s and more). The
// peaks are those of the run from the end of the warm-up on: replicas
// from Cluster.CountFrom, nodes the recorder's Nodes gauge (the cluster's
// own PeakNodes is the whole run's, warm-up included: review5), as
// Lambda's concurrency is judged. The model keeps no peak per node pool,
// so maxNodes is judged on the pools' sum: a pool at its own cap while
// another still has room is not reported, and the text says "all pools".
func (us *usage) CapsReached() []string {
	var out []string
	deps := us.cfg.Deployments
	for di, d := range us.u.Deployments {
		if di >= len(deps) || deps[di].HPA == nil || d.PeakReplicas < deps[di].HPA.MaxReplicas {
			continue
		}
		what := fmt.Sprintf("maxReplicas %d", deps[di].HPA.MaxReplicas)
		if len(deps) > 1 {
			what += " (" + d.Name + ")"
		}
		out = append(out, what)
	}
	maxNodes := 0
	for _, p := range us.cfg.NodePools {
		maxNodes += p.MaxNodes
	}
	if maxNodes > 0 && int(us.run.Rec.GaugePeak(models.Nodes)) >= maxNodes {
		what := fmt.Sprintf("maxNodes %d", maxNodes)
		if len(us.cfg.NodePools) > 1 {
			what += " (all pools together)"
		}
		out = append(out, what)
	}
	return out
}

// RunWarnings implements platform.RunWarner: pods still Pending at the
// run's end found no node and none was coming for them (Usage.Stranded),
// the oldest of them for how long; their deployments ran short of pods
// meanwhile, which the results show only as rejections (walk11 finding 2).
// Pods waiting for nodes still launching, or too new for the node
// autoscaler to have acted on, are a scale-up the run ended in, not a
// cluster too small: no warning (rev12b).
func (us *usage) RunWarnings() []string {
	n := us.u.Stranded
	if n == 0 {
		return nil
	}
	longest := us.u.LongestStranded.Seconds()
	return []string{fmt.Sprintf("kubernetes: %d %s still Pending at the run's end, the oldest for %s: no node took %s and none was launching for %s, so %s ran short of pods (add nodes, a nodeAutoscaler or a larger maxNodes)",
		n, format.Plural(n, "pod was", "pods were"), format.RunLength(longest), format.Plural(n, "it", "them"), format.Plural(n, "it", "them"), format.Plural(n, "its deployment", "their deployments"))}
}
