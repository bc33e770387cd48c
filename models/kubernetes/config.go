package kubernetes

import (
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/kubernetes/hpa"
)

// Config is one cluster: zones, node pools and their instance types, the
// node autoscaler, the deployments it runs and the failures it suffers.
// Defaults are in brackets (kubernetes.md gives the sources).
type Config struct {
	// Zones are the availability zones [us-east-1a, us-east-1b, us-east-1c].
	Zones []string
	// InstanceTypes adds custom types to the embedded catalogue (a custom
	// type replaces a catalogue type of the same name).
	InstanceTypes []InstanceType
	// NodePrices are the hourly prices the bill charges per instance type
	// (cost.prices overrides, another region's catalogue), when they differ
	// from the catalogue's: Karpenter chooses and consolidates by them.
	// Types not listed keep the catalogue's on-demand price for both
	// capacity types.
	NodePrices []NodePrice
	// DaemonSets run one pod on every node; their requests are taken from
	// each node's allocatable [aws-node 50m, kube-proxy 100m].
	DaemonSets []DaemonSet
	// EvictionHardMemoryMiB is the kubelet's memory.available hard eviction
	// threshold [100] (EKS AMI kubelet config).
	EvictionHardMemoryMiB int64
	NodePools             []NodePool
	NodeAutoscaler        NodeAutoscaler // none | cluster-autoscaler | karpenter [none]
	ClusterAutoscaler     ClusterAutoscalerConfig
	Karpenter             KarpenterConfig
	// NodeLaunch is a new node's launch → Ready delay [uniform(45s,90s)]
	// (kubernetes.md A.5.3).
	NodeLaunch dist.Dist
	Scheduler  SchedulerConfig
	// CPUSharing is how each node's CPU is divided among its pods [shares]:
	// shares is the kernel's work-conserving division by cpu.shares capped
	// by CFS quota; isolated gives each running pod a fixed part (cpu.go).
	CPUSharing CPUSharing
	// MetricResolution is metrics-server's scrape period [15s] (its
	// manifests' --metric-resolution).
	MetricResolution time.Duration
	// StatsHousekeeping is how often the kubelet's cAdvisor collects
	// container stats [10s] (pkg/kubelet/cadvisor, housekeeping interval):
	// a scrape reads the last collection, so metrics lag by up to this
	// much more. 0 collects at the scrape itself.
	StatsHousekeeping time.Duration
	// NodeMonitorGracePeriod is how long after a node stops reporting it is
	// marked NotReady, tainted unreachable and its pods leave the endpoints
	// [50s]. kube-controller-manager's --node-monitor-grace-period was 40 s
	// until Kubernetes 1.32 raised it to 50 s (kubernetes/kubernetes PR
	// #126287, "The default value for node-monitor-grace-period has been
	// increased to 50s (earlier 40s)", CHANGELOG/CHANGELOG-1.32.md; the value
	// lives in pkg/controller/nodelifecycle/config/v1alpha1/defaults.go,
	// RecommendedDefaultNodeLifecycleControllerConfiguration).
	NodeMonitorGracePeriod time.Duration
	// UnreachableToleration is how long pods tolerate the unreachable
	// NoExecute taint before they are evicted [5m]: the DefaultTolerationSeconds
	// admission plugin adds node.kubernetes.io/unreachable (and not-ready)
	// tolerations of 300 s to every pod that has none
	// (plugin/pkg/admission/defaulttolerationseconds/admission.go, flags
	// --default-unreachable-toleration-seconds and
	// --default-not-ready-toleration-seconds, both 300).
	UnreachableToleration time.Duration
	Deployments           []Deployment
	// ServiceDeployment maps a request's Service to the index of the
	// Deployment that serves it, so that several services can share one
	// Deployment (one per Azure Functions app: the app's functions run in
	// the same pods). nil means one Deployment per service: requests with
	// Service i go to Deployments[i]. Requests keep their Service, so
	// what is recorded per service stays per service.
	ServiceDeployment []int
	AZFailures        []AZFailure
}

// Services is the number of services the cluster serves: the length of
// ServiceDeployment, or one per Deployment without it.
func (c *Config) Services() int {
	if c.ServiceDeployment != nil {
		return len(c.ServiceDeployment)
	}
	return len(c.Deployments)
}

// DeploymentOf is the index of the Deployment serving service svc.
func (c *Config) DeploymentOf(svc int) int {
	if c.ServiceDeployment != nil {
		return c.ServiceDeployment[svc]
	}
	return svc
}

// DaemonSet is one per-node system pod's requests.
type DaemonSet struct {
	Name      string
	CPUMilli  int64
	MemoryMiB int64
}

// NodePool is a group of nodes: a cluster-autoscaler node group per
// instance type and zone (one ASG per AZ, as the CA FAQ recommends), or a
// Karpenter NodePool whose instance types and zones Karpenter chooses from.
type NodePool struct {
	Name string
	// InstanceTypes allowed in the pool. Initial nodes use the first.
	// Empty means every catalogue type (Karpenter only).
	InstanceTypes []string
	Capacity      models.Capacity // on-demand | spot [on-demand]
	// Zones the pool may use [all cluster zones].
	Zones []string
	// Nodes is the number of nodes at time zero, spread round-robin over
	// the pool's zones [3].
	Nodes int
	// MinNodes and MaxNodes bound the pool's size under the cluster
	// autoscaler [1, 30]. Karpenter honours MaxNodes only and refuses a
	// MinNodes above 1 (it keeps no floor; see Validate).
	MinNodes, MaxNodes int
}

// ClusterAutoscalerConfig holds cluster-autoscaler flags
// (kubernetes/autoscaler cluster-autoscaler/FAQ.md, "What are the parameters to CA?").
type ClusterAutoscalerConfig struct {
	ScanInterval                  time.Duration // [10s]
	ScaleDownUtilizationThreshold float64       // requests / allocatable [0.5]
	ScaleDownUnneededTime         time.Duration // [10m]
	ScaleDownDelayAfterAdd        time.Duration // [10m]
	// ScaleDownUnreadyTime is how long an unready node (a failed zone's)
	// stays before CA deletes it [20m] (--scale-down-unready-time).
	ScaleDownUnreadyTime time.Duration
	// MaxScaleDownParallelism caps the nodes deleted at once, empty and
	// drained alike [10] (--max-scale-down-parallelism; kubernetes/autoscaler
	// @f7bb0c3 cluster-autoscaler/config/flags/flags.go:199). It replaced
	// --max-empty-bulk-delete, which upstream deprecated in its favour and
	// has since removed (241ad7af1e); scenario files still accept the old
	// name, with a warning.
	MaxScaleDownParallelism int
	// UnremovableNodeRecheckTimeout is how long a node whose pods the
	// scale-down simulation found no place for is left out of scale-down
	// [5m] (--unremovable-node-recheck-timeout; kubernetes/autoscaler
	// @f7bb0c3 cluster-autoscaler/config/flags/flags.go:165).
	UnremovableNodeRecheckTimeout time.Duration
	ScaleDownDisabled             bool
}

// KarpenterConfig holds Karpenter settings (kubernetes-sigs/karpenter
// pkg/operator/options, pkg/controllers/disruption; karpenter.sh docs,
// "Disruption" and "Settings").
type KarpenterConfig struct {
	BatchIdleDuration time.Duration // [1s]
	BatchMaxDuration  time.Duration // [10s]
	// Consolidation is the NodePool's consolidationPolicy
	// [when-empty-or-underutilized].
	Consolidation    ConsolidationPolicy
	ConsolidateAfter time.Duration // [0s]
	DisruptionPoll   time.Duration // [10s]
	ValidationDelay  time.Duration // [15s]
	// BudgetPercent is the disruption budget, nodes: "10%" [10].
	BudgetPercent int
}

// SchedulerConfig selects the kube-scheduler's scoring.
type SchedulerConfig struct {
	// Scoring is NodeResourcesFit's strategy [least-allocated].
	Scoring Scoring
	// NoSystemDefaultSpread turns off the system default topology spread
	// (zone maxSkew 5 and hostname maxSkew 3, ScheduleAnyway) applied to
	// deployments that declare no constraint.
	NoSystemDefaultSpread bool
}

// Deployment is one service (or several, Config.ServiceDeployment): its
// pods' shape, their lifecycle, how they serve and how they scale.
type Deployment struct {
	Name string
	// Streams names the deployment's random streams, <Streams>/routing,
	// /lifecycle and /entry-zone [kubernetes/<Name>] (streams.go). A fleet
	// leaves it empty, so each deployment draws from streams of its own
	// name; a scenario of one service sets it to "kubernetes", the
	// cluster's names before deployments had streams of their own, so that
	// its name is only a label. Unique within a Config.
	Streams string
	// Replicas at time zero (clamped into the HPA's range) [2]; the
	// initial pods start Ready with their image pulled.
	Replicas int
	// Image identifies the container image for the per-node pull cache [Name].
	Image            string
	CPURequestMilli  int64 // [250]
	MemoryRequestMiB int64 // [256]
	// CPULimitMilli caps the pod's CPU (its CFS quota); 0 means none: the
	// pod may use whatever CPU of its node the others leave [0].
	CPULimitMilli int64
	// ServingLimit says CPULimitMilli is the serving container's own
	// limit, read from a manifest, while CPURequestMilli is the whole
	// pod's: the limit may then be below the request (an app limited to
	// 500m beside an envoy requesting 100m), as the API allows across
	// containers. Set by, e.g., scenarios' manifest reader; a limit set in
	// a scenario is the pod's and must be at least its request.
	ServingLimit bool
	// Concurrency is the number of worker slots per pod [100].
	Concurrency int
	// Queue bounds the accept queue in front of the slots; a full queue
	// rejects with 503; −1 is unbounded [100].
	Queue int
	// Timeout fails a request not completed this long after arrival; 0 is
	// none [60s, the ALB idle timeout].
	Timeout time.Duration
	// Spread lists topology spread constraints [none: system defaults].
	Spread []SpreadConstraint
	// Routing is how the front door picks a pod [alb-round-robin].
	Routing Routing

	// Lifecycle stages after scheduling (kubernetes.md A.4).
	ImagePull      dist.Dist // on a node without the image [uniform(2s,4s)]
	ContainerStart dist.Dist // sandbox, CNI IP and container start [uniform(1s,2s)]
	AppInit        dist.Dist // the application's own start-up [5s]
	// ReadinessPeriod is the readiness probe's period; Ready comes at the
	// first probe at or after the app is initialised, probes ticking from
	// container start [10s]. 0 means no probe: Ready when initialised.
	ReadinessPeriod time.Duration
	// EndpointPropagation is Ready → in the Service's endpoints [1s]
	// (kube-proxy minSyncPeriod).
	EndpointPropagation dist.Dist
	// ALBRegistration is the extra delay of ALB target registration and the
	// first passing health check, when an ALB routes [uniform(2s,17s)]
	// (registration plus up to one 15 s AWS Load Balancer Controller check
	// interval; verify).
	ALBRegistration dist.Dist
	// TerminationGrace is terminationGracePeriodSeconds [30s].
	TerminationGrace time.Duration

	// HPA, when set, scales the deployment (Pods metrics are named "rps"
	// or "inflight"). nil keeps Replicas fixed.
	HPA *hpa.Config
	// HPAMetricWindow is the range over which the custom-metrics adapter
	// computes a Pods metric for the HPA (the [5m] of its rate query)
	// [DefaultMetricWindow]. CPU is not affected: it comes from
	// metrics-server's last two scrapes.
	HPAMetricWindow time.Duration
}

// SpreadConstraint is one topologySpreadConstraint over the deployment's pods.
type SpreadConstraint struct {
	Key               TopologyKey // zone | hostname
	MaxSkew           int
	WhenUnsatisfiable Unsatisfiable // do-not-schedule | schedule-anyway
}

// AZFailure takes every node of Zone away At this offset into the run.
type AZFailure struct {
	Zone string
	At   time.Duration
}

// Pods metric names understood for HPA PodsAverageValue targets, each a
// per-pod average over Deployment.HPAMetricWindow (hpa.go).
const (
	MetricRPS      = "rps"      // requests the pod answered per second
	MetricInflight = "inflight" // mean requests in the pod (queued or in service)
)

// DefaultMetricWindow is the rate window of prometheus-adapter's default
// rules [5m]: its config generator's --rate-interval defaults to 5m
// (kubernetes-sigs/prometheus-adapter cmd/config-gen/main.go, line 37,
// used by cmd/config-gen/utils/default.go for every rule on a *_total or
// *_seconds_total series), and the prometheus-community Helm chart's
// default rules query rate(...[5m]) (prometheus-community/helm-charts
// charts/prometheus-adapter/templates/configmap.yaml). The adapter's docs
// show [2m] in their examples (docs/config.md); KEDA's prometheus scaler
// runs whatever query the user writes, so it has no default to follow.
const DefaultMetricWindow = 5 * time.Minute

// maxMetricWindow bounds HPAMetricWindow: a window mark is kept per pod
// for every sync period the window spans (hpa.go).
const maxMetricWindow = time.Hour

// DefaultConfig is a three-zone us-east-1 cluster of three m6i.large nodes
// with no node autoscaler and no deployments.
func DefaultConfig() Config {
	return Config{
		Zones: []string{"us-east-1a", "us-east-1b", "us-east-1c"},
		DaemonSets: []DaemonSet{
			{Name: "aws-node", CPUMilli: 50},    // aws/amazon-vpc-cni-k8s config/master/aws-k8s-cni.yaml: 25m + 25m
			{Name: "kube-proxy", CPUMilli: 100}, // EKS add-on (verify)
		},
		EvictionHardMemoryMiB: 100,
		NodePools: []NodePool{{
			Name: "default", InstanceTypes: []string{"m6i.large"}, Nodes: 3, MinNodes: 1, MaxNodes: 30,
		}},
		NodeAutoscaler: NoAutoscaler,
		ClusterAutoscaler: ClusterAutoscalerConfig{
			ScanInterval:                  10 * time.Second,
			ScaleDownUtilizationThreshold: 0.5,
			ScaleDownUnneededTime:         10 * time.Minute,
			ScaleDownDelayAfterAdd:        10 * time.Minute,
			ScaleDownUnreadyTime:          20 * time.Minute,
			MaxScaleDownParallelism:       10,
			UnremovableNodeRecheckTimeout: 5 * time.Minute,
		},
		Karpenter: KarpenterConfig{
			BatchIdleDuration: time.Second,
			BatchMaxDuration:  10 * time.Second,
			Consolidation:     WhenEmptyOrUnderutilized,
			DisruptionPoll:    10 * time.Second,
			ValidationDelay:   15 * time.Second,
			BudgetPercent:     10,
		},
		NodeLaunch:             dist.MustParse("uniform(45s,90s)"),
		MetricResolution:       15 * time.Second,
		StatsHousekeeping:      10 * time.Second,
		NodeMonitorGracePeriod: 50 * time.Second,
		UnreachableToleration:  5 * time.Minute,
	}
}

// DefaultDeployment is a deployment with the defaults above.
func DefaultDeployment(name string) Deployment {
	return Deployment{
		Name:                name,
		Replicas:            2,
		CPURequestMilli:     250,
		MemoryRequestMiB:    256,
		Concurrency:         100,
		Queue:               100,
		Timeout:             60 * time.Second,
		Routing:             ALBRoundRobin,
		ImagePull:           dist.MustParse("uniform(2s,4s)"),
		ContainerStart:      dist.MustParse("uniform(1s,2s)"),
		AppInit:             dist.Const(5 * time.Second),
		ReadinessPeriod:     10 * time.Second,
		EndpointPropagation: dist.Const(time.Second),
		ALBRegistration:     dist.MustParse("uniform(2s,17s)"),
		TerminationGrace:    30 * time.Second,
		HPAMetricWindow:     DefaultMetricWindow,
	}
}
