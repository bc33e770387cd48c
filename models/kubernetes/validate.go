package kubernetes

import (
	"fmt"
	"math"
	"strings"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/kubernetes/hpa"
)

// Validate reports every problem in c at once, as models.FieldErrors joined
// with errors.Join.
func (c *Config) Validate() error {
	var p models.Problems
	types := newTypeTable(c.InstanceTypes, c.NodePrices)
	zones := map[string]bool{}
	if len(c.Zones) == 0 {
		p.Add("zones", nil, models.ErrRequired, "at least one zone is required")
	}
	for i, z := range c.Zones {
		if z == "" || zones[z] {
			p.Add(fmt.Sprintf("zones[%d]", i), z, models.ErrInvalid, "zone names must be non-empty and distinct")
		}
		zones[z] = true
	}
	for i, t := range c.InstanceTypes {
		at := fmt.Sprintf("instanceTypes[%d]", i)
		if t.Name == "" {
			p.Add(at+".name", nil, models.ErrRequired, "a name is required")
		}
		models.AtLeast(&p, at+".vcpu", t.VCPU, 1)
		models.Positive(&p, at+".memoryGiB", t.MemoryGiB)
		if t.PriceUSDPerHour < 0 || math.IsNaN(t.PriceUSDPerHour) {
			p.Add(at+".priceUSDPerHour", t.PriceUSDPerHour, models.ErrRange, "must not be negative")
		}
		if nominal := int64(t.MemoryGiB * 1024 * 1024); t.KubeletMemoryKi < 0 || t.KubeletMemoryKi > nominal {
			p.Add(at+".kubeletMemoryKi", t.KubeletMemoryKi, models.ErrRange, "must be between 0 (estimate it) and memoryGiB in Ki (%d)", nominal)
		}
	}
	for i, np := range c.NodePrices {
		at := fmt.Sprintf("nodePrices[%d]", i)
		if !(np.OnDemandUSDPerHour >= 0) {
			p.Add(at+".onDemandUSDPerHour", np.OnDemandUSDPerHour, models.ErrRange, "must not be negative")
		}
		if !(np.SpotUSDPerHour >= 0) {
			p.Add(at+".spotUSDPerHour", np.SpotUSDPerHour, models.ErrRange, "must not be negative")
		}
	}
	for i, d := range c.DaemonSets {
		if d.CPUMilli < 0 || d.MemoryMiB < 0 {
			p.Add(fmt.Sprintf("daemonSets[%d]", i), d.Name, models.ErrRange, "requests must not be negative")
		}
	}
	models.NotNegative(&p, "evictionHardMemoryMiB", c.EvictionHardMemoryMiB)
	if c.NodeAutoscaler > Karpenter {
		p.Add("nodeAutoscaler", c.NodeAutoscaler, models.ErrUnknown, "must be one of %s", autoscalers.Join(", "))
	}
	if !cpuSharings.Valid(c.CPUSharing) {
		p.Add("cpuSharing", c.CPUSharing, models.ErrUnknown, "must be one of %s", cpuSharings.Join(", "))
	}
	if len(c.NodePools) == 0 {
		p.Add("nodePools", nil, models.ErrRequired, "at least one node pool is required")
	}
	// poolTypes collects every instance type some pool may launch, for the
	// pod-fits-a-node check below.
	var poolTypes []int
	seenPool := map[string]bool{}
	for i := range c.NodePools {
		np := &c.NodePools[i]
		at := p.Item("nodePools", i, np.Name, "node pool", seenPool)
		if len(np.InstanceTypes) == 0 {
			if c.NodeAutoscaler != Karpenter {
				p.Add(at+".instanceTypes", nil, models.ErrRequired, "at least one instance type is required (allowed: %s)", types.names())
			} else {
				for j := range types {
					poolTypes = append(poolTypes, j)
				}
			}
		}
		for j, name := range np.InstanceTypes {
			ti := types.index(name)
			if ti < 0 {
				p.Add(fmt.Sprintf("%s.instanceTypes[%d]", at, j), name, models.ErrUnknown, "unknown instance type (allowed: %s)", types.names())
				continue
			}
			if UserAllocatable(&types[ti], c.EvictionHardMemoryMiB, c.DaemonSets).Pods < 1 ||
				UserAllocatable(&types[ti], c.EvictionHardMemoryMiB, c.DaemonSets).CPUMilli < 1 {
				p.Add(fmt.Sprintf("%s.instanceTypes[%d]", at, j), name, models.ErrRange, "leaves no room for pods after kube-reserved and DaemonSets")
			}
			poolTypes = append(poolTypes, ti)
		}
		if np.Capacity > models.Spot {
			p.Add(at+".capacity", np.Capacity, models.ErrUnknown, "must be on-demand or spot")
		}
		for j, z := range np.Zones {
			if !zones[z] {
				p.Add(fmt.Sprintf("%s.zones[%d]", at, j), z, models.ErrUnknown, "unknown zone (cluster zones: %s)", strings.Join(c.Zones, ", "))
			}
		}
		models.NotNegative(&p, at+".nodes", np.Nodes)
		models.NotNegative(&p, at+".minNodes", np.MinNodes)
		if c.NodeAutoscaler == Karpenter && np.MinNodes > 1 {
			// Karpenter keeps no floor: a NodePool has spec.limits (a
			// ceiling) and disruption budgets, no minimum, and
			// consolidation removes any node whose pods fit elsewhere
			// (karpenter.sh docs, concepts/nodepools and disruption).
			// Accepting minNodes would promise a floor the run does not keep.
			p.Add(at+".minNodes", np.MinNodes, models.ErrInvalid,
				"karpenter keeps no minimum number of nodes (a NodePool has limits, not a floor): remove minNodes, or use nodeAutoscaler: cluster-autoscaler")
		}
		if np.MaxNodes < np.MinNodes || np.MaxNodes < 1 {
			p.Add(at+".maxNodes", np.MaxNodes, models.ErrRange, "must be at least 1 and at least minNodes (%d)", np.MinNodes)
		}
		if np.Nodes > np.MaxNodes && np.MaxNodes >= 1 {
			p.Add(at+".nodes", np.Nodes, models.ErrRange, "must not exceed maxNodes (%d)", np.MaxNodes)
		}
	}
	ca := &c.ClusterAutoscaler
	if c.NodeAutoscaler == ClusterAutoscaler {
		models.Positive(&p, "clusterAutoscaler.scanInterval", ca.ScanInterval)
		if !(ca.ScaleDownUtilizationThreshold > 0 && ca.ScaleDownUtilizationThreshold <= 1) {
			p.Add("clusterAutoscaler.scaleDownUtilizationThreshold", ca.ScaleDownUtilizationThreshold, models.ErrRange, "must be in (0, 1]")
		}
		if ca.UnremovableNodeRecheckTimeout < 0 {
			p.Add("clusterAutoscaler.unremovableNodeRecheckTimeout", ca.UnremovableNodeRecheckTimeout, models.ErrRange, "must not be negative")
		}
		if ca.ScaleDownUnneededTime < 0 || ca.ScaleDownDelayAfterAdd < 0 || ca.ScaleDownUnreadyTime < 0 {
			p.Add("clusterAutoscaler", nil, models.ErrRange, "scale-down times must not be negative")
		}
		models.AtLeast(&p, "clusterAutoscaler.maxScaleDownParallelism", ca.MaxScaleDownParallelism, 1)
	}
	kp := &c.Karpenter
	if c.NodeAutoscaler == Karpenter {
		if kp.BatchIdleDuration <= 0 || kp.BatchMaxDuration < kp.BatchIdleDuration {
			p.Add("karpenter.batchMaxDuration", kp.BatchMaxDuration, models.ErrRange, "batch durations must be positive, max ≥ idle (%v)", kp.BatchIdleDuration)
		}
		models.Positive(&p, "karpenter.disruptionPoll", kp.DisruptionPoll)
		if kp.ValidationDelay < 0 || kp.ConsolidateAfter < 0 {
			p.Add("karpenter", nil, models.ErrRange, "validationDelay and consolidateAfter must not be negative")
		}
		if kp.BudgetPercent < 0 || kp.BudgetPercent > 100 {
			p.Add("karpenter.budgetPercent", kp.BudgetPercent, models.ErrRange, "must be between 0 and 100")
		}
		if kp.Consolidation > ConsolidationNever {
			p.Add("karpenter.consolidation", kp.Consolidation, models.ErrUnknown, "must be one of %s", consolidations.Join(", "))
		}
	}
	if c.NodeLaunch == nil {
		p.Add("nodeLaunch", nil, models.ErrRequired, "a distribution is required")
	}
	if c.Scheduler.Scoring > MostAllocated {
		p.Add("scheduler.scoring", c.Scheduler.Scoring, models.ErrUnknown, "must be one of %s", scorings.Join(", "))
	}
	models.Positive(&p, "metricResolution", c.MetricResolution)
	if c.StatsHousekeeping < 0 {
		p.Add("statsHousekeeping", c.StatsHousekeeping, models.ErrRange, "must not be negative (0 means at each scrape)")
	}
	if c.NodeMonitorGracePeriod < 0 || c.UnreachableToleration < 0 {
		p.Add("nodeMonitorGracePeriod", c.NodeMonitorGracePeriod, models.ErrRange, "grace and toleration must not be negative")
	}
	if len(c.Deployments) == 0 {
		p.Add("deployments", nil, models.ErrRequired, "at least one deployment is required")
	}
	deps := models.Members{Collection: "deployments", Noun: "deployment"}
	for i := range c.Deployments {
		d := &c.Deployments[i]
		at := deps.Check(&p, i, d.Name, d.streams(), d.Validate())
		c.checkFits(&p, at, d, types, poolTypes)
	}
	for i, di := range c.ServiceDeployment {
		if di < 0 || di >= len(c.Deployments) {
			p.Add(fmt.Sprintf("serviceDeployment[%d]", i), di, models.ErrRange, "must name one of the %d deployments (0 to %d)", len(c.Deployments), len(c.Deployments)-1)
		}
	}
	for i, f := range c.AZFailures {
		at := fmt.Sprintf("azFailures[%d]", i)
		if !zones[f.Zone] {
			p.Add(at+".zone", f.Zone, models.ErrUnknown, "no such zone in the cluster (zones: %s)", strings.Join(c.Zones, ", "))
		}
		models.NotNegative(&p, at+".at", f.At)
	}
	return p.Err()
}

// checkFits reports a deployment whose pod fits no node type of any pool.
// Each problem is told at the request that does not fit, with what the
// best type offers, so that the user knows which number to lower: the CPU
// request when no type has that much CPU, the memory request likewise, and
// when each alone fits some type but no type has both, each request with
// what the types that hold the other one offer (lowering either fixes it).
func (c *Config) checkFits(p *models.Problems, at string, d *Deployment, types typeTable, poolTypes []int) {
	if len(poolTypes) == 0 || d.CPURequestMilli < 1 || d.MemoryRequestMiB < 0 {
		return
	}
	cpuOK, memOK, fitsResources := false, false, false
	var bestCPU, bestMem Resources
	var bestCPUName, bestMemName string
	// memShort: the most memory among types with the CPU but not the
	// memory; cpuShort: the most CPU among types with the memory but not
	// the CPU.
	var memShort, cpuShort Resources
	var memShortName, cpuShortName string
	for _, ti := range poolTypes {
		r := UserAllocatable(&types[ti], c.EvictionHardMemoryMiB, c.DaemonSets)
		name := types[ti].Name
		if r.CPUMilli > bestCPU.CPUMilli {
			bestCPU, bestCPUName = r, name
		}
		if r.MemoryMiB > bestMem.MemoryMiB {
			bestMem, bestMemName = r, name
		}
		cf, mf := d.CPURequestMilli <= r.CPUMilli, d.MemoryRequestMiB <= r.MemoryMiB
		cpuOK = cpuOK || cf
		memOK = memOK || mf
		fitsResources = fitsResources || (cf && mf)
		switch {
		case cf && !mf && (memShortName == "" || r.MemoryMiB > memShort.MemoryMiB):
			memShort, memShortName = r, name
		case mf && !cf && (cpuShortName == "" || r.CPUMilli > cpuShort.CPUMilli):
			cpuShort, cpuShortName = r, name
		}
	}
	// CPU and memory are reported together when both are too large, so
	// that fixing one does not reveal the other on the next try.
	if !cpuOK {
		p.Add(at+".cpuRequestMilli", d.CPURequestMilli, models.ErrRange,
			"the pod fits no node: the largest allocatable CPU of the pools' instance types is %dm (%s)", bestCPU.CPUMilli, bestCPUName)
	}
	if !memOK {
		p.Add(at+".memoryRequestMiB", d.MemoryRequestMiB, models.ErrRange,
			"the pod fits no node: the largest allocatable memory of the pools' instance types is %d MiB (%s)", bestMem.MemoryMiB, bestMemName)
	}
	// A type with both requests but no pod slot left is told at the pool's
	// instance type ("leaves no room for pods"), not here.
	if cpuOK && memOK && !fitsResources {
		// Every type lacks one of the two: each request is told with the
		// other's best offer (walk2 follow-up: this was told at the CPU
		// request alone, also when memory was what a type lacked).
		p.Add(at+".memoryRequestMiB", d.MemoryRequestMiB, models.ErrRange,
			"the pod (%dm, %d MiB) fits no single instance type of the pools: the types with %dm of CPU allocatable offer at most %d MiB of memory (%s)",
			d.CPURequestMilli, d.MemoryRequestMiB, d.CPURequestMilli, memShort.MemoryMiB, memShortName)
		p.Add(at+".cpuRequestMilli", d.CPURequestMilli, models.ErrRange,
			"the pod (%dm, %d MiB) fits no single instance type of the pools: the types with %d MiB of memory allocatable offer at most %dm of CPU (%s)",
			d.CPURequestMilli, d.MemoryRequestMiB, d.MemoryRequestMiB, cpuShort.CPUMilli, cpuShortName)
	}
}

// Validate reports every problem in d; paths are relative to d.
func (d *Deployment) Validate() error {
	var p models.Problems
	models.NotNegative(&p, "replicas", d.Replicas)
	models.AtLeast(&p, "cpuRequestMilli", d.CPURequestMilli, 1)
	models.NotNegative(&p, "memoryRequestMiB", d.MemoryRequestMiB)
	if d.CPULimitMilli < 0 {
		p.Add("cpuLimitMilli", d.CPULimitMilli, models.ErrRange, "must not be negative (0 means no limit)")
	} else if d.CPULimitMilli > 0 && d.CPULimitMilli < d.CPURequestMilli && !d.ServingLimit {
		p.Add("cpuLimitMilli", d.CPULimitMilli, models.ErrRange, "must be at least cpuRequestMilli (%d)", d.CPURequestMilli)
	}
	models.AtLeast(&p, "concurrency", d.Concurrency, 1)
	if d.Queue < -1 {
		p.Add("queue", d.Queue, models.ErrRange, "must be at least 0, or −1 for unbounded")
	}
	if d.Timeout < 0 {
		p.Add("timeout", d.Timeout, models.ErrRange, "must not be negative (0 means none)")
	}
	for i, s := range d.Spread {
		at := fmt.Sprintf("spread[%d]", i)
		if s.Key > Hostname {
			p.Add(at+".key", s.Key, models.ErrUnknown, "must be zone or hostname")
		}
		models.AtLeast(&p, at+".maxSkew", s.MaxSkew, 1)
		if s.WhenUnsatisfiable > ScheduleAnyway {
			p.Add(at+".whenUnsatisfiable", s.WhenUnsatisfiable, models.ErrUnknown, "must be do-not-schedule or schedule-anyway")
		}
	}
	if d.Routing > KubeProxyRandom {
		p.Add("routing", d.Routing, models.ErrUnknown, "must be one of %s", routings.Join(", "))
	}
	for _, s := range []struct {
		name string
		d    dist.Dist
	}{{"imagePull", d.ImagePull}, {"containerStart", d.ContainerStart}, {"appInit", d.AppInit},
		{"endpointPropagation", d.EndpointPropagation}, {"albRegistration", d.ALBRegistration}} {
		if s.d == nil {
			p.Add(s.name, nil, models.ErrRequired, "a distribution is required")
		}
	}
	if d.ReadinessPeriod < 0 {
		p.Add("readinessPeriod", d.ReadinessPeriod, models.ErrRange, "must not be negative (0 means no probe)")
	}
	models.NotNegative(&p, "terminationGrace", d.TerminationGrace)
	if d.HPA != nil {
		p.Merge("hpa", d.HPA.Validate())
		if d.HPA.Metric.Type == hpa.PodsAverageValue && d.HPA.Metric.Name != MetricRPS && d.HPA.Metric.Name != MetricInflight {
			p.Add("hpa.metric.name", d.HPA.Metric.Name, models.ErrUnknown, "a Pods metric must be %s or %s", MetricRPS, MetricInflight)
		}
		if d.HPA.Metric.Type == hpa.PodsAverageValue && (d.HPAMetricWindow <= 0 || d.HPAMetricWindow > maxMetricWindow) {
			p.Add("hpa.metricWindow", d.HPAMetricWindow, models.ErrRange, "must be greater than 0s and at most %v", maxMetricWindow)
		}
	}
	return p.Err()
}
