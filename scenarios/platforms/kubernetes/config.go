package kubernetes

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/cost"
	model "github.com/execsim/execsim/models/kubernetes"
	"github.com/execsim/execsim/models/kubernetes/hpa"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/sim"
	"go.yaml.in/yaml/v3"
)

// Config is the compiled kubernetes: section: the cluster and one
// Deployment per service, or per application (Mode).
type Config struct {
	model.Config
	Mode Mode
	// With Mode PerApp: per service its average memory (platform.Needs),
	// and per Deployment whether its memory request is their sum, so that
	// a blend's part can size a Deployment by the services it keeps.
	needsMB []float64
	sized   []bool
	// served marks the services the cluster serves (a blend's part); nil
	// is all of them.
	served []bool
	// manifests are the section's manifests: (ReadSettings), for Describe.
	manifests []string
	// notes are Compile's warnings about what was written (compileNotes).
	notes []string
	// warmup is the scenario's warmup:, which startWarning suggests.
	warmup time.Duration
}

// Build implements platform.Config.
func (c *Config) Build(k *sim.Kernel, rec models.Recorder) (platform.Model, error) {
	cl, err := model.New(k, c.Config, rec)
	if err != nil {
		return nil, err
	}
	cl.CountFrom(sim.At(platform.WarmupOf(rec)))
	return &cluster{cl, c, cl.State()}, nil
}

// cluster is the model of one run.
type cluster struct {
	*model.Cluster
	cfg   *Config
	start model.State // as built, for Unforgotten
}

// Unforgotten implements platform.Regenerator.
func (c *cluster) Unforgotten() []string { return c.Cluster.Unforgotten(c.start) }

// Finish implements platform.Model.
func (c *cluster) Finish(run platform.Run) platform.Usage {
	return &usage{run: run, cfg: c.cfg, u: c.Usage()}
}

// Timeouts implements platform.Timeouter: the timeout of the Deployment
// serving each service (0: none).
func (c *Config) Timeouts() (string, []time.Duration) {
	per := make([]time.Duration, c.Services())
	for i := range per {
		per[i] = c.Deployments[c.DeploymentOf(i)].Timeout
	}
	return Name + ".timeout", per
}

// instanceType is the instance type of that name: the scenario's own
// (instanceTypes:) before the catalogue's, as the model looks them up.
func (c *Config) instanceType(name string) (model.InstanceType, bool) {
	if i := slices.IndexFunc(c.InstanceTypes, func(t model.InstanceType) bool { return t.Name == name }); i >= 0 {
		return c.InstanceTypes[i], true
	}
	cat := model.Catalogue()
	if i := slices.IndexFunc(cat, func(t model.InstanceType) bool { return t.Name == name }); i >= 0 {
		return cat[i], true
	}
	return model.InstanceType{}, false
}

// NodeTypes lists the instance types the node pools may launch
// (platform.NodeTyper); a Karpenter pool without a list may launch any.
func (c *Config) NodeTypes() ([]string, bool) {
	var names []string
	for _, np := range c.NodePools {
		if len(np.InstanceTypes) == 0 {
			return nil, true
		}
		names = append(names, np.InstanceTypes...)
	}
	return names, false
}

// AddPrices implements platform.Pricer: custom instance types price
// themselves. One named like a catalogue type is the scenario's machine
// (its vCPU and memory are used, instanceType), so its own price is
// billed too when it gives one: the catalogue's price billed a 64-vCPU
// "m6i.large" at $0.096/h without a word (hostile #7); Warnings says
// which definition is used. Without a price it keeps the catalogue's.
func (c *Config) AddPrices(prices *cost.Prices, p *models.Problems) {
	for _, t := range c.InstanceTypes {
		_, known := prices.Get("ec2." + t.Name + ".hourUSD")
		if known == nil && t.PriceUSDPerHour == 0 {
			continue
		}
		if err := prices.Override("ec2."+t.Name+".hourUSD", t.PriceUSDPerHour); err != nil {
			p.Add(Name+".instanceTypes."+t.Name+".priceUSDPerHour", nil, models.ErrInvalid, "%v", err)
		}
	}
}

// shadowWarnings are the warnings for custom instance types named like a
// catalogue type but defined otherwise: the scenario's definition wins
// (vCPU, memory and, when given, price), which is what a user redefining
// a type means, but a slip in a name (a custom type meant to be a new
// machine) would silently take the catalogue's price without one.
func (c *Config) shadowWarnings() []string {
	var out []string
	cat := model.Catalogue()
	for _, t := range c.InstanceTypes {
		i := slices.IndexFunc(cat, func(ct model.InstanceType) bool { return ct.Name == t.Name })
		if i < 0 {
			continue
		}
		ct := cat[i]
		price := fmt.Sprintf("$%g/h (cost.prices.ec2.%s.hourUSD, where set, still wins)", t.PriceUSDPerHour, t.Name)
		if t.PriceUSDPerHour == 0 {
			price = fmt.Sprintf("the catalogue's $%g/h (it gives no priceUSDPerHour)", ct.PriceUSDPerHour)
		}
		if t.VCPU == ct.VCPU && t.MemoryGiB == ct.MemoryGiB && (t.PriceUSDPerHour == 0 || t.PriceUSDPerHour == ct.PriceUSDPerHour) {
			continue
		}
		out = append(out, fmt.Sprintf("%s.instanceTypes: %s is also a catalogue type (%d vCPU, %g GiB, $%g/h); the scenario's definition is used: %d vCPU, %g GiB, %s (give it another name if it is another machine)",
			Name, t.Name, ct.VCPU, ct.MemoryGiB, ct.PriceUSDPerHour, t.VCPU, t.MemoryGiB, price))
	}
	return out
}

// UsePrices implements platform.PriceUser: the cluster model is given
// every priced instance type's billed on-demand and spot prices, so that
// Karpenter launches and consolidates to the type that is cheapest at the
// scenario's prices (cost.prices overrides, cost.region), not at the
// embedded catalogue's.
func (c *Config) UsePrices(prices *cost.Prices) {
	c.NodePrices = c.NodePrices[:0:0]
	for _, typ := range prices.EC2.Types() {
		od, _ := prices.NodeHourUSD(typ, models.OnDemand)
		spot, _ := prices.NodeHourUSD(typ, models.Spot)
		c.NodePrices = append(c.NodePrices, model.NodePrice{Type: typ, OnDemandUSDPerHour: od, SpotUSDPerHour: spot})
	}
}

// poolPrices is type t's hourly price as the pools that use it buy it, the
// price Karpenter ranks by (InstanceType.HourUSD): on-demand, spot
// (marked), or both (review5: a spot pool's type was listed at its
// on-demand price).
func poolPrices(t *model.InstanceType, pools []model.NodePool) string {
	var od, spot bool
	for _, np := range pools {
		if !slices.Contains(np.InstanceTypes, t.Name) {
			continue
		}
		if np.Capacity == models.Spot {
			spot = true
		} else {
			od = true
		}
	}
	switch {
	case spot && od:
		return fmt.Sprintf("$%g/h, $%g/h spot", t.HourUSD(models.OnDemand), t.HourUSD(models.Spot))
	case spot:
		return fmt.Sprintf("$%g/h spot", t.HourUSD(models.Spot))
	}
	return fmt.Sprintf("$%g/h", t.HourUSD(models.OnDemand))
}

// Describe implements platform.Config.
func (cc *Config) Describe() *yaml.Node { return cc.DescribeFirst(0) }

// DescribeFirst implements platform.Abridger: at most the first most
// Deployments (0: all).
func (cc *Config) DescribeFirst(most int) *yaml.Node {
	c := &cc.Config
	put := platform.Put
	m := platform.Mapping()
	if len(cc.manifests) > 0 {
		platform.PutNode(m, "manifests", platform.FlowList(cc.manifests))
	}
	platform.PutNode(m, "zones", platform.FlowList(c.Zones))
	pools := &yaml.Node{Kind: yaml.SequenceNode}
	for _, np := range c.NodePools {
		pm := platform.Mapping()
		pm.Style = yaml.FlowStyle
		put(pm, "name", np.Name)
		platform.PutNode(pm, "instanceTypes", platform.FlowList(np.InstanceTypes))
		put(pm, "capacity", np.Capacity.String())
		if len(np.Zones) > 0 {
			platform.PutNode(pm, "zones", platform.FlowList(np.Zones))
		}
		put(pm, "nodes", fmt.Sprint(np.Nodes))
		put(pm, "minNodes", fmt.Sprint(np.MinNodes))
		put(pm, "maxNodes", fmt.Sprint(np.MaxNodes))
		pools.Content = append(pools.Content, pm)
	}
	platform.PutNode(m, "nodePools", pools)
	// the allocatable of every type in use, so users see what fits
	alloc := platform.Mapping()
	seen := map[string]bool{}
	for _, np := range c.NodePools {
		for _, name := range np.InstanceTypes {
			if seen[name] {
				continue
			}
			seen[name] = true
			if t, ok := cc.instanceType(name); ok {
				a := model.UserAllocatable(&t, c.EvictionHardMemoryMiB, c.DaemonSets)
				for _, np := range c.NodePrices { // the prices the bill charges
					if np.Type == name {
						t.PriceUSDPerHour, t.SpotPriceUSDPerHour = np.OnDemandUSDPerHour, np.SpotUSDPerHour
					}
				}
				put(alloc, name, fmt.Sprintf("%d vCPU, %g GiB, %s → for pods: %dm CPU, %d MiB, %d pods",
					t.VCPU, t.MemoryGiB, poolPrices(&t, c.NodePools), a.CPUMilli, a.MemoryMiB, a.Pods))
			}
		}
	}
	platform.PutNode(m, "allocatable", alloc)
	ds := make([]string, len(c.DaemonSets))
	for i, d := range c.DaemonSets {
		ds[i] = fmt.Sprintf("%s %dm CPU %d MiB", d.Name, d.CPUMilli, d.MemoryMiB)
	}
	platform.PutNode(m, "daemonSets", platform.FlowList(ds))
	put(m, "evictionHardMemoryMiB", fmt.Sprint(c.EvictionHardMemoryMiB))
	put(m, "nodeAutoscaler", c.NodeAutoscaler.String())
	switch c.NodeAutoscaler {
	case model.ClusterAutoscaler:
		ca := c.ClusterAutoscaler
		down := fmt.Sprintf("scale down at or below %g requested for more than %v, not within %v of a scale-up, at most %d nodes deleted at once (maxScaleDownParallelism), one of them drained; a node whose pods found no place rechecked after %v",
			ca.ScaleDownUtilizationThreshold, ca.ScaleDownUnneededTime, ca.ScaleDownDelayAfterAdd, ca.MaxScaleDownParallelism, ca.UnremovableNodeRecheckTimeout)
		if ca.ScaleDownDisabled {
			down = "scale-down disabled"
		}
		// The expander is fixed: least-waste, upstream's --expander default
		// since cluster-autoscaler 1.33.0 (kubernetes/autoscaler f8a68efe,
		// FAQ.md "What are Expanders?"; random before).
		put(m, "clusterAutoscaler", fmt.Sprintf("scan %v, expander least-waste (ties at random), %s", ca.ScanInterval, down))
	case model.Karpenter:
		k := c.Karpenter
		put(m, "karpenter", fmt.Sprintf("batch %v idle / %v max, consolidation %s %v after a node's last pod event, after %v validation, budget %d%%",
			k.BatchIdleDuration, k.BatchMaxDuration, k.Consolidation, k.ConsolidateAfter, k.ValidationDelay, k.BudgetPercent))
	}
	put(m, "nodeLaunch", platform.DistString(c.NodeLaunch))
	put(m, "scoring", c.Scheduler.Scoring.String())
	switch c.CPUSharing {
	case model.Shares:
		put(m, "cpuSharing", "shares (busy pods divide the node CPU in proportion to their requests, each up to its limit; idle pods lend their part)")
	case model.Isolated:
		put(m, "cpuSharing", "isolated (each running pod has a fixed part of the node CPU in proportion to its request, up to its limit, busy or idle)")
	}
	put(m, "metricResolution", c.MetricResolution.String())
	put(m, "nodeMonitorGracePeriod", c.NodeMonitorGracePeriod.String())
	put(m, "unreachableToleration", c.UnreachableToleration.String())
	for _, f := range c.AZFailures {
		put(m, "azFailure", fmt.Sprintf("zone %s at %v", f.Zone, f.At))
	}
	deps := &yaml.Node{Kind: yaml.SequenceNode}
	members := make([]int, len(c.Deployments))
	for i := range c.Services() {
		members[c.DeploymentOf(i)]++
	}
	for di, d := range c.Deployments {
		if most > 0 && di == most {
			deps.Content = append(deps.Content, platform.Omitted(len(c.Deployments)-most, "deployments"))
			break
		}
		dm := platform.Mapping()
		put(dm, "name", d.Name)
		if cc.Mode == PerApp {
			put(dm, "services", fmt.Sprint(members[di]))
		}
		image := d.Image
		if image == "" {
			image = d.Name // the pull cache's key
		}
		put(dm, "image", image)
		put(dm, "replicas", fmt.Sprint(d.Replicas))
		if start := startReplicas(&d); start != d.Replicas {
			// the Deployment controller starts the replicas written, and
			// the HPA's first sync moves them into its range; the model
			// starts there (models/kubernetes cluster.go), so say so
			dm.Content[len(dm.Content)-1].LineComment = fmt.Sprintf("the run starts with %d pods: the HPA's minReplicas..maxReplicas is %d..%d",
				start, d.HPA.MinReplicas, d.HPA.MaxReplicas)
		}
		put(dm, "cpuRequestMilli", fmt.Sprint(d.CPURequestMilli))
		put(dm, "memoryRequestMiB", fmt.Sprint(d.MemoryRequestMiB))
		switch {
		case d.CPULimitMilli > 0:
			put(dm, "cpuLimitMilli", fmt.Sprint(d.CPULimitMilli))
		case c.CPUSharing == model.Isolated:
			put(dm, "cpuLimitMilli", "none (the request's share of the node)")
		default:
			put(dm, "cpuLimitMilli", "none (up to whatever CPU of the node the other pods leave)")
		}
		put(dm, "concurrency", fmt.Sprint(d.Concurrency))
		// the special values say what they mean where the plan shows them
		// (walk4: "queue: -1" and "timeout: 0s" were told nowhere else)
		put(dm, "queue", fmt.Sprint(d.Queue))
		if d.Queue < 0 {
			dm.Content[len(dm.Content)-1].LineComment = "unbounded"
		}
		put(dm, "timeout", d.Timeout.String())
		if d.Timeout == 0 {
			dm.Content[len(dm.Content)-1].LineComment = "none: a request waits as long as it takes"
		}
		switch {
		case len(d.Spread) == 0 && c.Scheduler.NoSystemDefaultSpread:
			put(dm, "spread", "none")
		case len(d.Spread) == 0:
			put(dm, "spread", "system defaults (zone maxSkew 5, hostname maxSkew 3, schedule-anyway)")
		default:
			sp := make([]string, len(d.Spread))
			for i, c := range d.Spread {
				sp[i] = fmt.Sprintf("%s maxSkew %d %s", c.Key, c.MaxSkew, c.WhenUnsatisfiable)
			}
			platform.PutNode(dm, "spread", platform.FlowList(sp))
		}
		put(dm, "routing", d.Routing.String())
		put(dm, "imagePull", platform.DistString(d.ImagePull))
		put(dm, "containerStart", platform.DistString(d.ContainerStart))
		put(dm, "appInit", platform.DistString(d.AppInit))
		put(dm, "readinessPeriod", d.ReadinessPeriod.String())
		put(dm, "endpointPropagation", platform.DistString(d.EndpointPropagation))
		if d.Routing.ALB() {
			put(dm, "albRegistration", platform.DistString(d.ALBRegistration))
		}
		put(dm, "terminationGrace", d.TerminationGrace.String())
		if h := d.HPA; h != nil {
			hm := platform.Mapping()
			put(hm, "minReplicas", fmt.Sprint(h.MinReplicas))
			put(hm, "maxReplicas", fmt.Sprint(h.MaxReplicas))
			if h.Metric.Type == hpa.CPUUtilization {
				put(hm, "metric", fmt.Sprintf("cpu, target %d%% of the request", h.Metric.AverageUtilizationPercent))
			} else {
				put(hm, "metric", fmt.Sprintf("%s, target %g per pod", h.Metric.Name, float64(h.Metric.AverageValueMilli)/1000))
				put(hm, "metricWindow", d.HPAMetricWindow.String())
			}
			put(hm, "syncPeriod", h.SyncPeriod.String())
			put(hm, "tolerance", fmt.Sprint(h.Tolerance))
			if h.Behavior == nil {
				put(hm, "behavior", fmt.Sprintf("none: scale-up at most max(2x, 4) per sync, downscale stabilisation %v", h.DownscaleStabilizationWindow))
			} else {
				put(hm, "behavior", "as given (upstream defaults for unset fields)")
			}
			platform.PutNode(dm, "hpa", hm)
		}
		deps.Content = append(deps.Content, dm)
	}
	platform.PutNode(m, "deployments", deps)
	if cc.Mode == PerApp {
		m.Content[len(m.Content)-2].LineComment = fmt.Sprintf("per-app: %d Deployments for %d services, one per application (services without one alone)", len(c.Deployments), c.Services())
	}
	return m
}

// Subset implements platform.Subsetter: the Deployments of the services
// left out have no pods and no HPA; the cluster, its node pools and its
// shared lines (control plane, load balancer) stay as configured. With
// deployments: per-app an application's Deployment keeps running while
// any of its services is kept (its pods run the application's code,
// whichever of its functions they are sent), and a memory request sized
// by the services' needs counts the kept services only.
func (c *Config) Subset(keep []bool) platform.Config {
	out := *c
	cfg := &out.Config
	cfg.Deployments = append(cfg.Deployments[:0:0], c.Deployments...)
	out.served = make([]bool, c.Services())
	for i := range out.served {
		out.served[i] = i >= len(keep) || keep[i]
	}
	kept := make([]bool, len(cfg.Deployments))
	memMB := make([]float64, len(cfg.Deployments))
	for i, k := range out.served {
		if di := cfg.DeploymentOf(i); k {
			kept[di] = true
			if c.needsMB != nil {
				memMB[di] += c.needsMB[i]
			}
		}
	}
	var before, after float64 // CPU the Deployments' pods request at time zero
	for di := range cfg.Deployments {
		d := &cfg.Deployments[di]
		before += initialCPU(d)
		switch {
		case !kept[di]:
			d.Replicas = 0
			d.HPA = nil
		case di < len(c.sized) && c.sized[di] && memMB[di] > 0:
			d.MemoryRequestMiB = MemoryRequestFor(memMB[di])
		}
		after += initialCPU(d)
	}
	// The cluster starts sized for the services it keeps, as a team that
	// moved the others away would have shrunk it: each pool's initial nodes
	// in proportion to the CPU its pods request at time zero, never below
	// its minimum (the autoscaler does the rest, as in any run). Starting
	// at the whole fleet's size would bill the scale-down the blend never
	// needed, projected over the month.
	if before > 0 {
		cfg.NodePools = append(cfg.NodePools[:0:0], c.NodePools...)
		for i := range cfg.NodePools {
			np := &cfg.NodePools[i]
			np.Nodes = max(np.MinNodes, int(math.Ceil(float64(np.Nodes)*after/before)))
		}
	}
	return &out
}

// startReplicas is the number of pods a Deployment starts with: its
// replicas clamped into its HPA's range, as the model does.
func startReplicas(d *model.Deployment) int {
	n := d.Replicas
	if d.HPA != nil {
		n = min(max(n, d.HPA.MinReplicas), d.HPA.MaxReplicas)
	}
	return n
}

// initialCPU is the CPU a Deployment's pods request at time zero, in
// millicores.
func initialCPU(d *model.Deployment) float64 {
	return float64(startReplicas(d)) * float64(d.CPURequestMilli)
}

// Warnings implements platform.Warner: a Deployment that serves a service
// but has replicas: 0 and no HPA to raise them never runs a pod, so every
// request sent to it is rejected (no endpoints). That is legal Kubernetes
// (a Deployment scaled to zero) but in a run it is almost always a slip.
// A blend's part zeroes the Deployments of the services it moved away on
// purpose; those serve nothing and are not warned about. A pool that may
// launch burstable types is warned about too (burstable.go).
func (c *Config) Warnings() []string {
	serves := make([]bool, len(c.Deployments))
	for i := range c.Services() {
		if c.served == nil || c.served[i] {
			serves[c.DeploymentOf(i)] = true
		}
	}
	var out []string
	for di, d := range c.Deployments {
		if serves[di] && d.Replicas == 0 && d.HPA == nil {
			out = append(out, fmt.Sprintf("kubernetes: deployment %s has replicas: 0 and no HPA: no pod ever runs, so every request to it will be rejected (set replicas above 0, or add an hpa:)", d.Name))
		}
	}
	if w := c.burstableWarning(); w != "" {
		out = append(out, w)
	}
	// Legal, as replicas: 0 is, but a cluster of no nodes that nothing
	// scales up rejects every request (hostile #11: 100 % rejected, with
	// minNodes: 1 in the plan, without a word)
	if c.NodeAutoscaler == model.NoAutoscaler {
		if c.startNodes() == 0 && len(c.NodePools) > 0 {
			out = append(out, "kubernetes: the node pools start with no node and nodeAutoscaler is none: no pod can run, so every request will be rejected (set nodes: above 0, or a nodeAutoscaler)")
		}
	}
	if w := c.startWarning(); w != "" {
		out = append(out, w)
	}
	out = append(out, c.shadowWarnings()...)
	return append(out, c.notes...)
}

// startWarning tells when the starting nodes cannot hold the initial
// replicas' requests: those pods wait Pending from time zero, and the
// requests to their deployments are rejected or queue meanwhile. With no
// node autoscaler they never start and the whole run judges a cluster
// short of pods; with one, the start-up (a scan, a node launch) counts in
// the results unless warmup: leaves it out. A walk-through found a
// cluster of 2 nodes for 80 pods reporting 92.61 % rejected without a
// word (walk11 finding 2).
func (c *Config) startWarning() string {
	total := c.startNodes()
	if total == 0 && c.NodeAutoscaler == model.NoAutoscaler {
		return "" // Warnings already says no pod can run
	}
	pending, pods, err := model.StartPending(c.Config)
	if err != nil || pending == 0 {
		return "" // an invalid config is Compile's error, not a warning
	}
	head := fmt.Sprintf("kubernetes: the starting nodes (%d) cannot hold the initial replicas' requests: %d of %d pods will wait Pending from the start", total, pending, pods)
	if c.NodeAutoscaler == model.NoAutoscaler {
		return head + ", and with nodeAutoscaler none they never start: their deployments run short of pods all run, and requests no ready pod can take are rejected (raise nodes: in the node pools, or set a nodeAutoscaler)"
	}
	tail := fmt.Sprintf(" until the node autoscaler (%s) adds nodes, and the requests meanwhile count in the results", c.NodeAutoscaler)
	if c.warmup == 0 {
		return head + tail + ": set warmup: (e.g. warmup: 15m) to judge the cluster once it has caught up, or raise nodes: in the node pools"
	}
	return head + tail + fmt.Sprintf(" unless warmup: %v covers the catching up", c.warmup)
}

// startNodes is how many nodes the node pools start with.
func (c *Config) startNodes() int {
	total := 0
	for _, np := range c.NodePools {
		total += np.Nodes
	}
	return total
}

// FrontDoors implements platform.FrontDoorer: an ALB in front of the
// cluster (its hours and LCUs billed), or none (traffic from inside the
// VPC, through the deployments' Services; nothing billed but cross-zone
// bytes).
func (c *Config) FrontDoors() []cost.FrontDoor {
	return []cost.FrontDoor{cost.FrontDoorALB, cost.FrontDoorNone}
}
