package kubernetes

import (
	"fmt"
	"math"
	"strings"

	"github.com/execsim/execsim/models"
	model "github.com/execsim/execsim/models/kubernetes"
	"github.com/execsim/execsim/models/kubernetes/hpa"
	"github.com/execsim/execsim/scenarios/platform"
	k8svalidation "k8s.io/apimachinery/pkg/util/validation"
)

func compileCluster(p *models.Problems, f *Section) model.Config {
	cfg := model.DefaultConfig()
	if len(f.Zones) > 0 {
		cfg.Zones = f.Zones
	} else if f.Zones != nil {
		// written empty: it became the three default zones without a word
		// (hostile #14)
		p.Add(Name+".zones", nil, models.ErrInvalid, "give at least one zone, or leave zones: out for the default %s", strings.Join(cfg.Zones, ", "))
	}
	for _, t := range f.InstanceTypes {
		cfg.InstanceTypes = append(cfg.InstanceTypes, model.InstanceType{Name: t.Name, Arch: t.Arch, VCPU: t.VCPU,
			MemoryGiB: t.MemoryGiB, PriceUSDPerHour: t.PriceUSDPerHour, MaxPods: t.MaxPods, ENIs: t.ENIs, IPv4PerENI: t.IPv4PerENI,
			KubeletMemoryKi: t.KubeletMemoryKi,
			Source:          "scenario file"})
	}
	// A name twice is refused, as the API server refuses two objects of
	// one name: two instance types of one name resolved to the first
	// silently, and two DaemonSets of one name were both counted on every
	// node (hostile #16).
	seenType, seenDS := map[string]int{}, map[string]int{}
	for i, t := range f.InstanceTypes {
		if j, dup := seenType[t.Name]; dup && t.Name != "" {
			p.Add(fmt.Sprintf("%s.instanceTypes[%d].name", Name, i), t.Name, models.ErrInvalid, "instanceTypes[%d] already defines this type; the second would never be used", j)
		} else {
			seenType[t.Name] = i
		}
	}
	for i, d := range f.DaemonSets {
		if j, dup := seenDS[d.Name]; dup && d.Name != "" {
			p.Add(fmt.Sprintf("%s.daemonSets[%d].name", Name, i), d.Name, models.ErrInvalid, "daemonSets[%d] already has this name; both would be counted on every node", j)
		} else {
			seenDS[d.Name] = i
		}
	}
	if f.DaemonSets != nil {
		cfg.DaemonSets = nil
		for _, d := range f.DaemonSets {
			cfg.DaemonSets = append(cfg.DaemonSets, model.DaemonSet{Name: d.Name, CPUMilli: d.CPUMilli, MemoryMiB: d.MemoryMiB})
		}
	}
	platform.Set(&cfg.EvictionHardMemoryMiB, f.EvictionHardMemoryMiB)
	if f.NodePools != nil {
		def := cfg.NodePools[0]
		cfg.NodePools = nil
		for i, np := range f.NodePools {
			pool := model.NodePool{Name: np.Name, InstanceTypes: np.InstanceTypes, Zones: np.Zones,
				Nodes: def.Nodes, MinNodes: def.MinNodes, MaxNodes: def.MaxNodes}
			platform.Set(&pool.Nodes, np.Nodes)
			platform.Set(&pool.MinNodes, np.MinNodes)
			platform.Set(&pool.MaxNodes, np.MaxNodes)
			platform.Enum(p, fmt.Sprintf("%s.nodePools[%d].capacity", Name, i), np.Capacity, models.ParseCapacity, &pool.Capacity)
			poolName(p, i, np.Name)
			cfg.NodePools = append(cfg.NodePools, pool)
		}
	}
	platform.Enum(p, Name+".nodeAutoscaler", f.NodeAutoscaler, model.ParseNodeAutoscaler, &cfg.NodeAutoscaler)
	if ca := f.ClusterAutoscaler; ca != nil {
		c := &cfg.ClusterAutoscaler
		platform.Set(&c.ScanInterval, ca.ScanInterval)
		platform.Set(&c.ScaleDownUtilizationThreshold, ca.ScaleDownUtilizationThreshold)
		platform.Set(&c.ScaleDownUnneededTime, ca.ScaleDownUnneededTime)
		platform.Set(&c.ScaleDownDelayAfterAdd, ca.ScaleDownDelayAfterAdd)
		// The old name is an alias: upstream deprecated
		// --max-empty-bulk-delete for --max-scale-down-parallelism and,
		// while both existed, one given alone set the other
		// (kubernetes/autoscaler 1e4507819a, main.go). Both given and
		// different cannot both hold: refused, not resolved by a rule the
		// reader would have to know.
		platform.Set(&c.MaxScaleDownParallelism, ca.MaxEmptyBulkDelete)
		platform.Set(&c.MaxScaleDownParallelism, ca.MaxScaleDownParallelism)
		if o, n := ca.MaxEmptyBulkDelete, ca.MaxScaleDownParallelism; o != nil && n != nil && *o != *n {
			p.Add(Name+".clusterAutoscaler.maxEmptyBulkDelete", *o, models.ErrInvalid,
				"is the deprecated name of maxScaleDownParallelism, given as %d: give only maxScaleDownParallelism", *n)
		}
		platform.Set(&c.UnremovableNodeRecheckTimeout, ca.UnremovableNodeRecheckTimeout)
		platform.Set(&c.ScaleDownDisabled, ca.ScaleDownDisabled)
	}
	if k := f.Karpenter; k != nil {
		c := &cfg.Karpenter
		platform.Set(&c.BatchIdleDuration, k.BatchIdleDuration)
		platform.Set(&c.BatchMaxDuration, k.BatchMaxDuration)
		platform.Set(&c.ConsolidateAfter, k.ConsolidateAfter)
		platform.Set(&c.ValidationDelay, k.ValidationDelay)
		platform.Set(&c.BudgetPercent, k.BudgetPercent)
		platform.Enum(p, Name+".karpenter.consolidation", k.Consolidation, model.ParseConsolidationPolicy, &c.Consolidation)
	}
	if d := platform.ParseDist(p, Name+".nodeLaunch", f.NodeLaunch); d != nil {
		cfg.NodeLaunch = d
	}
	platform.Enum(p, Name+".scoring", f.Scoring, model.ParseScoring, &cfg.Scheduler.Scoring)
	platform.Enum(p, Name+".cpuSharing", f.CPUSharing, model.ParseCPUSharing, &cfg.CPUSharing)
	platform.Set(&cfg.MetricResolution, f.MetricResolution)
	platform.Set(&cfg.NodeMonitorGracePeriod, f.NodeMonitorGracePeriod)
	platform.Set(&cfg.UnreachableToleration, f.UnreachableToleration)
	if f.AZFailure != nil {
		cfg.AZFailures = append(cfg.AZFailures, model.AZFailure{Zone: f.AZFailure.Zone, At: f.AZFailure.At})
	}
	for _, a := range f.AZFailures {
		cfg.AZFailures = append(cfg.AZFailures, model.AZFailure{Zone: a.Zone, At: a.At})
	}
	return cfg
}

// applyDeployment overlays the fields set in df onto d.
func applyDeployment(p *models.Problems, path string, df *Deployment, d *model.Deployment) {
	platform.Set(&d.Replicas, df.Replicas)
	if df.Image != "" {
		d.Image = df.Image
	}
	platform.Set(&d.CPURequestMilli, df.CPURequestMilli)
	platform.Set(&d.MemoryRequestMiB, df.MemoryRequestMiB)
	platform.Set(&d.CPULimitMilli, df.CPULimitMilli)
	if df.from != nil && df.CPULimitMilli != nil {
		// a manifest's limit is its serving container's, its request the
		// pod's (manifests.go)
		d.ServingLimit = true
	}
	platform.Set(&d.Concurrency, df.Concurrency)
	platform.Set(&d.Queue, df.Queue)
	platform.Set(&d.Timeout, df.Timeout)
	platform.Set(&d.ReadinessPeriod, df.ReadinessPeriod)
	platform.Set(&d.TerminationGrace, df.TerminationGrace)
	platform.Enum(p, path+".routing", df.Routing, model.ParseRouting, &d.Routing)
	if df.Spread != nil {
		d.Spread = nil
		for i, s := range df.Spread {
			c := model.SpreadConstraint{MaxSkew: s.MaxSkew}
			at := fmt.Sprintf("%s.spread[%d]", path, i)
			platform.Enum(p, at+".key", s.Key, model.ParseTopologyKey, &c.Key)
			platform.Enum(p, at+".whenUnsatisfiable", s.WhenUnsatisfiable, model.ParseUnsatisfiable, &c.WhenUnsatisfiable)
			d.Spread = append(d.Spread, c)
		}
	}
	platform.Dists(p, path, []platform.DistField{
		{Key: "imagePull", Spec: df.ImagePull, Dst: &d.ImagePull},
		{Key: "containerStart", Spec: df.ContainerStart, Dst: &d.ContainerStart},
		{Key: "appInit", Spec: df.AppInit, Dst: &d.AppInit},
		{Key: "endpointPropagation", Spec: df.EndpointPropagation, Dst: &d.EndpointPropagation},
		{Key: "albRegistration", Spec: df.ALBRegistration, Dst: &d.ALBRegistration},
	})
	if h := df.HPA; h != nil {
		if d.HPA == nil {
			c := hpa.DefaultConfig()
			d.HPA = &c
		} else {
			c := *d.HPA // services overlay a copy, never the shared default
			d.HPA = &c
		}
		applyHPA(p, path+".hpa", h, d.HPA)
		if h.MetricWindow != nil && d.HPA.Metric.Type != hpa.PodsAverageValue {
			p.Add(path+".hpa.metricWindow", *h.MetricWindow, models.ErrInvalid, "only for metric: rps or inflight (cpu comes from metrics-server's scrapes)")
		}
		platform.Set(&d.HPAMetricWindow, h.MetricWindow)
	}
}

func applyHPA(p *models.Problems, path string, h *HPA, c *hpa.Config) {
	platform.Set(&c.MinReplicas, h.MinReplicas)
	platform.Set(&c.MaxReplicas, h.MaxReplicas)
	platform.Set(&c.SyncPeriod, h.SyncPeriod)
	platform.Set(&c.Tolerance, h.Tolerance)
	platform.Set(&c.DownscaleStabilizationWindow, h.DownscaleStabilizationWindow)
	platform.Set(&c.CPUInitializationPeriod, h.CPUInitializationPeriod)
	platform.Set(&c.InitialReadinessDelay, h.InitialReadinessDelay)
	switch h.Metric {
	case "":
	case "cpu":
		c.Metric = hpa.MetricTarget{Type: hpa.CPUUtilization, AverageUtilizationPercent: hpa.DefaultCPUUtilization}
	case model.MetricRPS, model.MetricInflight:
		c.Metric = hpa.MetricTarget{Type: hpa.PodsAverageValue, Name: h.Metric}
	default:
		p.Add(path+".metric", h.Metric, models.ErrInvalid, "allowed: cpu, %s, %s", model.MetricRPS, model.MetricInflight)
	}
	if h.TargetCPUUtilizationPercent != nil {
		if c.Metric.Type != hpa.CPUUtilization {
			p.Add(path+".targetCPUUtilizationPercent", *h.TargetCPUUtilizationPercent, models.ErrInvalid, "only for metric: cpu (use targetAverageValue)")
		}
		c.Metric.AverageUtilizationPercent = *h.TargetCPUUtilizationPercent
	}
	if h.TargetAverageValue != nil {
		if c.Metric.Type != hpa.PodsAverageValue {
			p.Add(path+".targetAverageValue", *h.TargetAverageValue, models.ErrInvalid, "only for metric: rps or inflight (use targetCPUUtilizationPercent)")
		}
		c.Metric.AverageValueMilli = int64(*h.TargetAverageValue*1000 + 0.5)
	}
	if b := h.Behavior; b != nil {
		c.Behavior = &hpa.Behavior{
			ScaleUp:   rules(p, path+".behavior.scaleUp", b.ScaleUp),
			ScaleDown: rules(p, path+".behavior.scaleDown", b.ScaleDown),
		}
	}
}

func rules(p *models.Problems, path string, r *Rules) *hpa.ScalingRules {
	if r == nil {
		return nil
	}
	out := &hpa.ScalingRules{StabilizationWindow: r.StabilizationWindow, Tolerance: r.Tolerance}
	switch r.SelectPolicy {
	case "":
	case "Max", "max":
		out.SelectPolicy = hpa.MaxChange
	case "Min", "min":
		out.SelectPolicy = hpa.MinChange
	case "Disabled", "disabled":
		out.SelectPolicy = hpa.Disabled
	default:
		p.Add(path+".selectPolicy", r.SelectPolicy, models.ErrInvalid, "allowed: Max, Min, Disabled")
	}
	for i, pol := range r.Policies {
		sp := hpa.ScalingPolicy{Value: pol.Value, Period: pol.Period}
		switch pol.Type {
		case "Pods", "pods":
			sp.Type = hpa.PodsPolicy
		case "Percent", "percent":
			sp.Type = hpa.PercentPolicy
		default:
			p.Add(fmt.Sprintf("%s.policies[%d].type", path, i), pol.Type, models.ErrInvalid, "allowed: Pods, Percent")
		}
		out.Policies = append(out.Policies, sp)
	}
	return out
}

// MemoryRequestFor is the pod memory request of a service that uses
// memoryMB on average: whole MiB, rounded up (the trace's MB and the
// request's Mi are both taken as 2^20 bytes). The model has no memory
// limit (nothing in it runs out of memory), so a service's peak is not
// used here.
func MemoryRequestFor(memoryMB float64) int64 {
	return max(1, int64(math.Ceil(min(memoryMB, 1<<40))))
}

// Compile implements platform.Platform.
func (Platform) Compile(in platform.CompileInput) platform.Config {
	p := in.Problems
	s := in.Section.(*Section)
	cfg := compileCluster(p, s)
	out := &Config{manifests: s.Manifests}
	platform.Enum(p, Name+".deployments", s.Deployments, ParseMode, &out.Mode)
	cfg.Deployments = platform.EachService(in, Name, &s.Deployment, model.DefaultDeployment, applyDeployment)
	for i, svc := range in.Services {
		// A service whose workload streams have a fixed name (a scenario
		// of one service: its name is only a label) draws its Deployment's
		// numbers from the cluster's fixed names too, so renaming the
		// scenario moves nothing (model.Deployment.Streams).
		if svc.Work.Streams != "" {
			cfg.Deployments[i].Streams = Name
		}
	}
	if out.Mode == PerApp {
		cfg.Deployments, cfg.ServiceDeployment, out.sized = groupDeployments(p, in, s, cfg.Deployments)
		out.needsMB = make([]float64, len(in.Services))
		for i, svc := range in.Services {
			out.needsMB[i] = svc.Needs.MemoryMB
		}
	} else {
		for i, svc := range in.Services {
			if o, _ := svc.Override.(*Deployment); s.MemoryRequestMiB == nil && (o == nil || o.MemoryRequestMiB == nil) && svc.Needs.MemoryMB > 0 {
				cfg.Deployments[i].MemoryRequestMiB = MemoryRequestFor(svc.Needs.MemoryMB)
			}
		}
	}
	if err := cfg.Validate(); err != nil && len(in.Services) > 0 {
		err = manifestPaths(err, in.Services)
		err = platform.ModelPaths(err, Name, "deployments.", "deployment", len(cfg.Deployments) == 1 && len(in.Services) == 1)
		// the model's names for what the file calls otherwise
		err = platform.RenameInfix(err, ".hpa.metric.averageValueMilli", ".hpa.targetAverageValue")
		err = platform.RenameInfix(err, ".hpa.metric.averageUtilizationPercent", ".hpa.targetCPUUtilizationPercent")
		if s.AZFailure != nil {
			err = platform.RenamePaths(err, Name+".azFailures[0]", Name+".azFailure")
		}
		if ca := s.ClusterAutoscaler; ca != nil && ca.MaxEmptyBulkDelete != nil && ca.MaxScaleDownParallelism == nil {
			err = platform.RenamePaths(err, Name+".clusterAutoscaler.maxScaleDownParallelism", Name+".clusterAutoscaler.maxEmptyBulkDelete")
		}
		p.Merge("", err)
	}
	out.Config = cfg
	out.notes = compileNotes(s, cfg, in.Duration)
	out.warmup = in.Warmup
	return out
}

// poolName refuses a node pool name that no cluster would take: "GPU
// pool" or "batch_pool" was accepted, and the model named nodes after it.
// A pool is a Karpenter NodePool or a Cluster Autoscaler node group. A
// NodePool's name is its metadata.name, which the API server takes only
// as a DNS-1123 subdomain, and Karpenter writes it on every node it
// launches as the value of the karpenter.sh/nodepool label
// (kubernetes-sigs/karpenter @2266468 pkg/apis/v1/labels.go,
// NodePoolLabelKey), a label value of at most 63 characters. A DNS-1123
// label (lower-case letters, digits and '-', at most 63) meets both, and
// an EKS managed node group's name too: the rule the scenario's service
// names follow.
func poolName(p *models.Problems, i int, name string) {
	if name == "" {
		return // the model names it nodePools[i]
	}
	if bad := k8svalidation.IsDNS1123Label(name); len(bad) > 0 {
		p.Add(fmt.Sprintf("%s.nodePools[%d].name", Name, i), name, models.ErrInvalid,
			"a node pool's name is a Karpenter NodePool's and a node group's name, and a node label's value: %s", bad[0])
	}
}
