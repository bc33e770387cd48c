package kubernetes

import "time"

// Section is the kubernetes: section: the cluster, and the default
// settings of every deployment (one per service, or one per application
// with deployments: per-app).
type Section struct {
	// Deployments is per-service (one Deployment per service) or per-app
	// (one per application, platform.Needs.Group) [per-service].
	Deployments            string             `yaml:"deployments"`
	Zones                  []string           `yaml:"zones"`
	InstanceTypes          []InstanceType     `yaml:"instanceTypes"`
	DaemonSets             []DaemonSet        `yaml:"daemonSets"`
	EvictionHardMemoryMiB  *int64             `yaml:"evictionHardMemoryMiB"`
	NodePools              []NodePool         `yaml:"nodePools"`
	NodeAutoscaler         string             `yaml:"nodeAutoscaler"`
	ClusterAutoscaler      *ClusterAutoscaler `yaml:"clusterAutoscaler"`
	Karpenter              *Karpenter         `yaml:"karpenter"`
	NodeLaunch             string             `yaml:"nodeLaunch"`
	Scoring                string             `yaml:"scoring"`
	CPUSharing             string             `yaml:"cpuSharing"`
	MetricResolution       *time.Duration     `yaml:"metricResolution"`
	NodeMonitorGracePeriod *time.Duration     `yaml:"nodeMonitorGracePeriod"`
	UnreachableToleration  *time.Duration     `yaml:"unreachableToleration"`
	AZFailure              *AZFailure         `yaml:"azFailure"`
	AZFailures             []AZFailure        `yaml:"azFailures"`
	// Manifests are Kubernetes YAML files or directories, relative to the
	// scenario file: one service per Deployment (ReadSettings).
	Manifests  []string `yaml:"manifests"`
	Deployment `yaml:",inline"`
}

// InstanceType is a custom EC2 type added to the catalogue.
type InstanceType struct {
	Name            string  `yaml:"name"`
	Arch            string  `yaml:"arch"`
	VCPU            int     `yaml:"vcpu"`
	MemoryGiB       float64 `yaml:"memoryGiB"`
	PriceUSDPerHour float64 `yaml:"priceUSDPerHour"`
	MaxPods         int     `yaml:"maxPods"`
	ENIs            int     `yaml:"enis"`
	IPv4PerENI      int     `yaml:"ipv4PerENI"`
	// KubeletMemoryKi is the memory capacity a node of the type reports
	// (kubectl describe node), when known; else 7.5 % below memoryGiB.
	KubeletMemoryKi int64 `yaml:"kubeletMemoryKi"`
}

// DaemonSet is a per-node system pod's requests.
type DaemonSet struct {
	Name      string `yaml:"name"`
	CPUMilli  int64  `yaml:"cpuMilli"`
	MemoryMiB int64  `yaml:"memoryMiB"`
}

// NodePool is a group of nodes.
type NodePool struct {
	Name          string   `yaml:"name"`
	InstanceTypes []string `yaml:"instanceTypes"`
	Capacity      string   `yaml:"capacity"`
	Zones         []string `yaml:"zones"`
	Nodes         *int     `yaml:"nodes"`
	MinNodes      *int     `yaml:"minNodes"`
	MaxNodes      *int     `yaml:"maxNodes"`
}

// ClusterAutoscaler tunes the cluster autoscaler.
type ClusterAutoscaler struct {
	ScanInterval                  *time.Duration `yaml:"scanInterval"`
	ScaleDownUtilizationThreshold *float64       `yaml:"scaleDownUtilizationThreshold"`
	ScaleDownUnneededTime         *time.Duration `yaml:"scaleDownUnneededTime"`
	ScaleDownDelayAfterAdd        *time.Duration `yaml:"scaleDownDelayAfterAdd"`
	MaxScaleDownParallelism       *int           `yaml:"maxScaleDownParallelism"`
	// MaxEmptyBulkDelete is MaxScaleDownParallelism's deprecated name
	// (upstream's --max-empty-bulk-delete), accepted with a warning.
	MaxEmptyBulkDelete            *int           `yaml:"maxEmptyBulkDelete"`
	UnremovableNodeRecheckTimeout *time.Duration `yaml:"unremovableNodeRecheckTimeout"`
	ScaleDownDisabled             *bool          `yaml:"scaleDownDisabled"`
}

// Karpenter tunes Karpenter.
type Karpenter struct {
	BatchIdleDuration *time.Duration `yaml:"batchIdleDuration"`
	BatchMaxDuration  *time.Duration `yaml:"batchMaxDuration"`
	Consolidation     string         `yaml:"consolidation"`
	ConsolidateAfter  *time.Duration `yaml:"consolidateAfter"`
	ValidationDelay   *time.Duration `yaml:"validationDelay"`
	BudgetPercent     *int           `yaml:"budgetPercent"`
}

// AZFailure takes a zone's nodes away at a time.
type AZFailure struct {
	Zone string        `yaml:"zone"`
	At   time.Duration `yaml:"at"`
}

// Deployment holds one deployment's settings.
type Deployment struct {
	Replicas            *int           `yaml:"replicas"`
	Image               string         `yaml:"image"`
	CPURequestMilli     *int64         `yaml:"cpuRequestMilli"`
	MemoryRequestMiB    *int64         `yaml:"memoryRequestMiB"`
	CPULimitMilli       *int64         `yaml:"cpuLimitMilli"`
	Concurrency         *int           `yaml:"concurrency"`
	Queue               *int           `yaml:"queue"`
	Timeout             *time.Duration `yaml:"timeout"`
	Spread              []Spread       `yaml:"spread"`
	Routing             string         `yaml:"routing"`
	ImagePull           string         `yaml:"imagePull"`
	ContainerStart      string         `yaml:"containerStart"`
	AppInit             string         `yaml:"appInit"`
	ReadinessPeriod     *time.Duration `yaml:"readinessPeriod"`
	EndpointPropagation string         `yaml:"endpointPropagation"`
	ALBRegistration     string         `yaml:"albRegistration"`
	TerminationGrace    *time.Duration `yaml:"terminationGrace"`
	HPA                 *HPA           `yaml:"hpa"`

	from *manifestFrom // the manifest that gave these settings (manifests.go), for errors
}

// Spread is a topology spread constraint.
type Spread struct {
	Key               string `yaml:"key"`
	MaxSkew           int    `yaml:"maxSkew"`
	WhenUnsatisfiable string `yaml:"whenUnsatisfiable"`
}

// HPA is a HorizontalPodAutoscaler (autoscaling/v2).
type HPA struct {
	MinReplicas *int `yaml:"minReplicas"`
	MaxReplicas *int `yaml:"maxReplicas"`
	// Metric is cpu (utilisation of the request), rps or inflight (per-pod
	// Pods metrics) [cpu].
	Metric                       string         `yaml:"metric"`
	TargetCPUUtilizationPercent  *int           `yaml:"targetCPUUtilizationPercent"`
	TargetAverageValue           *float64       `yaml:"targetAverageValue"`
	Behavior                     *Behavior      `yaml:"behavior"`
	SyncPeriod                   *time.Duration `yaml:"syncPeriod"`
	Tolerance                    *float64       `yaml:"tolerance"`
	DownscaleStabilizationWindow *time.Duration `yaml:"downscaleStabilizationWindow"`
	CPUInitializationPeriod      *time.Duration `yaml:"cpuInitializationPeriod"`
	InitialReadinessDelay        *time.Duration `yaml:"initialReadinessDelay"`
	// MetricWindow is the range of the metrics adapter's rate for rps and
	// inflight [5m, prometheus-adapter's default].
	MetricWindow *time.Duration `yaml:"metricWindow"`
}

// Behavior is the HPA's behavior: field.
type Behavior struct {
	ScaleUp   *Rules `yaml:"scaleUp"`
	ScaleDown *Rules `yaml:"scaleDown"`
}

// Rules is one direction's scaling rules.
type Rules struct {
	StabilizationWindow *time.Duration `yaml:"stabilizationWindow"`
	SelectPolicy        string         `yaml:"selectPolicy"`
	Policies            []Policy       `yaml:"policies"`
	Tolerance           *float64       `yaml:"tolerance"`
}

// Policy is one scaling policy: type Pods or Percent, value, period.
type Policy struct {
	Type   string        `yaml:"type"`
	Value  int           `yaml:"value"`
	Period time.Duration `yaml:"period"`
}
