package scenarios

import (
	"fmt"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/kubernetes"
	"github.com/execsim/execsim/models/kubernetes/hpa"
)

// KubernetesFile is the kubernetes: section: the cluster, and the default
// settings of every deployment (one per service).
type KubernetesFile struct {
	Zones                  []string               `yaml:"zones"`
	InstanceTypes          []InstanceTypeFile     `yaml:"instanceTypes"`
	DaemonSets             []DaemonSetFile        `yaml:"daemonSets"`
	EvictionHardMemoryMiB  *int64                 `yaml:"evictionHardMemoryMiB"`
	NodePools              []NodePoolFile         `yaml:"nodePools"`
	NodeAutoscaler         string                 `yaml:"nodeAutoscaler"`
	ClusterAutoscaler      *ClusterAutoscalerFile `yaml:"clusterAutoscaler"`
	Karpenter              *KarpenterFile         `yaml:"karpenter"`
	NodeLaunch             string                 `yaml:"nodeLaunch"`
	Scoring                string                 `yaml:"scoring"`
	MetricResolution       *time.Duration         `yaml:"metricResolution"`
	NodeMonitorGracePeriod *time.Duration         `yaml:"nodeMonitorGracePeriod"`
	UnreachableToleration  *time.Duration         `yaml:"unreachableToleration"`
	AZFailure              *AZFailureFile         `yaml:"azFailure"`
	AZFailures             []AZFailureFile        `yaml:"azFailures"`
	DeploymentFile         `yaml:",inline"`
}

// InstanceTypeFile is a custom EC2 type added to the catalogue.
type InstanceTypeFile struct {
	Name            string  `yaml:"name"`
	Arch            string  `yaml:"arch"`
	VCPU            int     `yaml:"vcpu"`
	MemoryGiB       float64 `yaml:"memoryGiB"`
	PriceUSDPerHour float64 `yaml:"priceUSDPerHour"`
	MaxPods         int     `yaml:"maxPods"`
	ENIs            int     `yaml:"enis"`
	IPv4PerENI      int     `yaml:"ipv4PerENI"`
}

// DaemonSetFile is a per-node system pod's requests.
type DaemonSetFile struct {
	Name      string `yaml:"name"`
	CPUMilli  int64  `yaml:"cpuMilli"`
	MemoryMiB int64  `yaml:"memoryMiB"`
}

// NodePoolFile is a group of nodes.
type NodePoolFile struct {
	Name          string   `yaml:"name"`
	InstanceTypes []string `yaml:"instanceTypes"`
	Capacity      string   `yaml:"capacity"`
	Zones         []string `yaml:"zones"`
	Nodes         *int     `yaml:"nodes"`
	MinNodes      *int     `yaml:"minNodes"`
	MaxNodes      *int     `yaml:"maxNodes"`
}

// ClusterAutoscalerFile tunes the cluster autoscaler.
type ClusterAutoscalerFile struct {
	ScanInterval                  *time.Duration `yaml:"scanInterval"`
	ScaleDownUtilizationThreshold *float64       `yaml:"scaleDownUtilizationThreshold"`
	ScaleDownUnneededTime         *time.Duration `yaml:"scaleDownUnneededTime"`
	ScaleDownDelayAfterAdd        *time.Duration `yaml:"scaleDownDelayAfterAdd"`
	MaxEmptyBulkDelete            *int           `yaml:"maxEmptyBulkDelete"`
	ScaleDownDisabled             *bool          `yaml:"scaleDownDisabled"`
}

// KarpenterFile tunes Karpenter.
type KarpenterFile struct {
	BatchIdleDuration *time.Duration `yaml:"batchIdleDuration"`
	BatchMaxDuration  *time.Duration `yaml:"batchMaxDuration"`
	Consolidation     string         `yaml:"consolidation"`
	ConsolidateAfter  *time.Duration `yaml:"consolidateAfter"`
	ValidationDelay   *time.Duration `yaml:"validationDelay"`
	BudgetPercent     *int           `yaml:"budgetPercent"`
}

// AZFailureFile takes a zone's nodes away at a time.
type AZFailureFile struct {
	Zone string        `yaml:"zone"`
	At   time.Duration `yaml:"at"`
}

// DeploymentFile holds one deployment's settings.
type DeploymentFile struct {
	Replicas            *int           `yaml:"replicas"`
	Image               string         `yaml:"image"`
	CPURequestMilli     *int64         `yaml:"cpuRequestMilli"`
	MemoryRequestMiB    *int64         `yaml:"memoryRequestMiB"`
	CPULimitMilli       *int64         `yaml:"cpuLimitMilli"`
	Concurrency         *int           `yaml:"concurrency"`
	Queue               *int           `yaml:"queue"`
	Timeout             *time.Duration `yaml:"timeout"`
	Spread              []SpreadFile   `yaml:"spread"`
	Routing             string         `yaml:"routing"`
	ImagePull           string         `yaml:"imagePull"`
	ContainerStart      string         `yaml:"containerStart"`
	AppInit             string         `yaml:"appInit"`
	ReadinessPeriod     *time.Duration `yaml:"readinessPeriod"`
	EndpointPropagation string         `yaml:"endpointPropagation"`
	ALBRegistration     string         `yaml:"albRegistration"`
	TerminationGrace    *time.Duration `yaml:"terminationGrace"`
	HPA                 *HPAFile       `yaml:"hpa"`
}

// SpreadFile is a topology spread constraint.
type SpreadFile struct {
	Key               string `yaml:"key"`
	MaxSkew           int    `yaml:"maxSkew"`
	WhenUnsatisfiable string `yaml:"whenUnsatisfiable"`
}

// HPAFile is a HorizontalPodAutoscaler (autoscaling/v2).
type HPAFile struct {
	MinReplicas *int `yaml:"minReplicas"`
	MaxReplicas *int `yaml:"maxReplicas"`
	// Metric is cpu (utilisation of the request), rps or inflight (per-pod
	// Pods metrics) [cpu].
	Metric                       string         `yaml:"metric"`
	TargetCPUUtilizationPercent  *int           `yaml:"targetCPUUtilizationPercent"`
	TargetAverageValue           *float64       `yaml:"targetAverageValue"`
	Behavior                     *BehaviorFile  `yaml:"behavior"`
	SyncPeriod                   *time.Duration `yaml:"syncPeriod"`
	Tolerance                    *float64       `yaml:"tolerance"`
	DownscaleStabilizationWindow *time.Duration `yaml:"downscaleStabilizationWindow"`
	CPUInitializationPeriod      *time.Duration `yaml:"cpuInitializationPeriod"`
	InitialReadinessDelay        *time.Duration `yaml:"initialReadinessDelay"`
}

// BehaviorFile is the HPA's behavior: field.
type BehaviorFile struct {
	ScaleUp   *RulesFile `yaml:"scaleUp"`
	ScaleDown *RulesFile `yaml:"scaleDown"`
}

// RulesFile is one direction's scaling rules.
type RulesFile struct {
	StabilizationWindow *time.Duration `yaml:"stabilizationWindow"`
	SelectPolicy        string         `yaml:"selectPolicy"`
	Policies            []PolicyFile   `yaml:"policies"`
	Tolerance           *float64       `yaml:"tolerance"`
}

// PolicyFile is one scaling policy: type Pods or Percent, value, period.
type PolicyFile struct {
	Type   string        `yaml:"type"`
	Value  int           `yaml:"value"`
	Period time.Duration `yaml:"period"`
}

func init() {
	for name, t := range map[string]any{
		"KubernetesFile": KubernetesFile{}, "InstanceTypeFile": InstanceTypeFile{}, "DaemonSetFile": DaemonSetFile{},
		"NodePoolFile": NodePoolFile{}, "ClusterAutoscalerFile": ClusterAutoscalerFile{}, "KarpenterFile": KarpenterFile{},
		"AZFailureFile": AZFailureFile{}, "DeploymentFile": DeploymentFile{}, "SpreadFile": SpreadFile{},
		"HPAFile": HPAFile{}, "BehaviorFile": BehaviorFile{}, "RulesFile": RulesFile{}, "PolicyFile": PolicyFile{},
	} {
		registerSection(name, t)
	}
}

func compileCluster(p *models.Problems, f *KubernetesFile) kubernetes.Config {
	cfg := kubernetes.DefaultConfig()
	if len(f.Zones) > 0 {
		cfg.Zones = f.Zones
	}
	for _, t := range f.InstanceTypes {
		cfg.InstanceTypes = append(cfg.InstanceTypes, kubernetes.InstanceType{Name: t.Name, Arch: t.Arch, VCPU: t.VCPU,
			MemoryGiB: t.MemoryGiB, PriceUSDPerHour: t.PriceUSDPerHour, MaxPods: t.MaxPods, ENIs: t.ENIs, IPv4PerENI: t.IPv4PerENI,
			Source: "scenario file"})
	}
	if f.DaemonSets != nil {
		cfg.DaemonSets = nil
		for _, d := range f.DaemonSets {
			cfg.DaemonSets = append(cfg.DaemonSets, kubernetes.DaemonSet{Name: d.Name, CPUMilli: d.CPUMilli, MemoryMiB: d.MemoryMiB})
		}
	}
	set(&cfg.EvictionHardMemoryMiB, f.EvictionHardMemoryMiB)
	if f.NodePools != nil {
		def := cfg.NodePools[0]
		cfg.NodePools = nil
		for i, np := range f.NodePools {
			pool := kubernetes.NodePool{Name: np.Name, InstanceTypes: np.InstanceTypes, Zones: np.Zones,
				Nodes: def.Nodes, MinNodes: def.MinNodes, MaxNodes: def.MaxNodes}
			set(&pool.Nodes, np.Nodes)
			set(&pool.MinNodes, np.MinNodes)
			set(&pool.MaxNodes, np.MaxNodes)
			parseEnum(p, fmt.Sprintf("kubernetes.nodePools[%d].capacity", i), np.Capacity, kubernetes.ParseCapacityType, &pool.Capacity)
			cfg.NodePools = append(cfg.NodePools, pool)
		}
	}
	parseEnum(p, "kubernetes.nodeAutoscaler", f.NodeAutoscaler, kubernetes.ParseNodeAutoscaler, &cfg.NodeAutoscaler)
	if ca := f.ClusterAutoscaler; ca != nil {
		c := &cfg.ClusterAutoscaler
		set(&c.ScanInterval, ca.ScanInterval)
		set(&c.ScaleDownUtilizationThreshold, ca.ScaleDownUtilizationThreshold)
		set(&c.ScaleDownUnneededTime, ca.ScaleDownUnneededTime)
		set(&c.ScaleDownDelayAfterAdd, ca.ScaleDownDelayAfterAdd)
		set(&c.MaxEmptyBulkDelete, ca.MaxEmptyBulkDelete)
		set(&c.ScaleDownDisabled, ca.ScaleDownDisabled)
	}
	if k := f.Karpenter; k != nil {
		c := &cfg.Karpenter
		set(&c.BatchIdleDuration, k.BatchIdleDuration)
		set(&c.BatchMaxDuration, k.BatchMaxDuration)
		set(&c.ConsolidateAfter, k.ConsolidateAfter)
		set(&c.ValidationDelay, k.ValidationDelay)
		set(&c.BudgetPercent, k.BudgetPercent)
		parseEnum(p, "kubernetes.karpenter.consolidation", k.Consolidation, kubernetes.ParseConsolidationPolicy, &c.Consolidation)
	}
	if d := parseDist(p, "kubernetes.nodeLaunch", f.NodeLaunch); d != nil {
		cfg.NodeLaunch = d
	}
	parseEnum(p, "kubernetes.scoring", f.Scoring, kubernetes.ParseScoring, &cfg.Scheduler.Scoring)
	set(&cfg.MetricResolution, f.MetricResolution)
	set(&cfg.NodeMonitorGracePeriod, f.NodeMonitorGracePeriod)
	set(&cfg.UnreachableToleration, f.UnreachableToleration)
	if f.AZFailure != nil {
		cfg.AZFailures = append(cfg.AZFailures, kubernetes.AZFailure{Zone: f.AZFailure.Zone, At: f.AZFailure.At})
	}
	for _, a := range f.AZFailures {
		cfg.AZFailures = append(cfg.AZFailures, kubernetes.AZFailure{Zone: a.Zone, At: a.At})
	}
	return cfg
}

// applyDeployment overlays the fields set in df onto d.
func applyDeployment(p *models.Problems, path string, df *DeploymentFile, d *kubernetes.Deployment) {
	set(&d.Replicas, df.Replicas)
	if df.Image != "" {
		d.Image = df.Image
	}
	set(&d.CPURequestMilli, df.CPURequestMilli)
	set(&d.MemoryRequestMiB, df.MemoryRequestMiB)
	set(&d.CPULimitMilli, df.CPULimitMilli)
	set(&d.Concurrency, df.Concurrency)
	set(&d.Queue, df.Queue)
	set(&d.Timeout, df.Timeout)
	set(&d.ReadinessPeriod, df.ReadinessPeriod)
	set(&d.TerminationGrace, df.TerminationGrace)
	parseEnum(p, path+".routing", df.Routing, kubernetes.ParseRouting, &d.Routing)
	if df.Spread != nil {
		d.Spread = nil
		for i, s := range df.Spread {
			c := kubernetes.SpreadConstraint{MaxSkew: s.MaxSkew}
			at := fmt.Sprintf("%s.spread[%d]", path, i)
			parseEnum(p, at+".key", s.Key, kubernetes.ParseTopologyKey, &c.Key)
			parseEnum(p, at+".whenUnsatisfiable", s.WhenUnsatisfiable, kubernetes.ParseUnsatisfiable, &c.WhenUnsatisfiable)
			d.Spread = append(d.Spread, c)
		}
	}
	overlayDists(p, path, []distField{
		{"imagePull", df.ImagePull, &d.ImagePull},
		{"containerStart", df.ContainerStart, &d.ContainerStart},
		{"appInit", df.AppInit, &d.AppInit},
		{"endpointPropagation", df.EndpointPropagation, &d.EndpointPropagation},
		{"albRegistration", df.ALBRegistration, &d.ALBRegistration},
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
	}
}

func applyHPA(p *models.Problems, path string, h *HPAFile, c *hpa.Config) {
	set(&c.MinReplicas, h.MinReplicas)
	set(&c.MaxReplicas, h.MaxReplicas)
	set(&c.SyncPeriod, h.SyncPeriod)
	set(&c.Tolerance, h.Tolerance)
	set(&c.DownscaleStabilizationWindow, h.DownscaleStabilizationWindow)
	set(&c.CPUInitializationPeriod, h.CPUInitializationPeriod)
	set(&c.InitialReadinessDelay, h.InitialReadinessDelay)
	switch h.Metric {
	case "":
	case "cpu":
		c.Metric = hpa.MetricTarget{Type: hpa.CPUUtilization, AverageUtilizationPercent: hpa.DefaultCPUUtilization}
	case kubernetes.MetricRPS, kubernetes.MetricInflight:
		c.Metric = hpa.MetricTarget{Type: hpa.PodsAverageValue, Name: h.Metric}
	default:
		p.Add(path+".metric", h.Metric, models.ErrInvalid, "allowed: cpu, %s, %s", kubernetes.MetricRPS, kubernetes.MetricInflight)
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

func rules(p *models.Problems, path string, r *RulesFile) *hpa.ScalingRules {
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
