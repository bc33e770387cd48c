package kubernetes

import (
	"fmt"
	"math"
	"strings"
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
	// MetricResolution is metrics-server's scrape period [15s] (its
	// manifests' --metric-resolution).
	MetricResolution time.Duration
	// StatsHousekeeping is how often the kubelet's cAdvisor collects
	// container stats [10s] (pkg/kubelet/cadvisor, housekeeping interval):
	// a scrape reads the last collection, so metrics lag by up to this
	// much more. 0 collects at the scrape itself.
	StatsHousekeeping time.Duration
	// NodeMonitorGracePeriod is how long after a node stops reporting its
	// pods are declared lost [40s] (kube-controller-manager nodelifecycle
	// defaults).
	NodeMonitorGracePeriod time.Duration
	// UnreachableToleration delays the eviction of a lost node's pods
	// further [0]. Upstream's DefaultTolerationSeconds admission gives pods a
	// 300 s toleration of node.kubernetes.io/unreachable; set 5m to model it.
	UnreachableToleration time.Duration
	Deployments           []Deployment
	AZFailures            []AZFailure
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
	Capacity      CapacityType // on-demand | spot [on-demand]
	// Zones the pool may use [all cluster zones].
	Zones []string
	// Nodes is the number of nodes at time zero, spread round-robin over
	// the pool's zones [3].
	Nodes int
	// MinNodes and MaxNodes bound the pool's size under the cluster
	// autoscaler [1, 30]; Karpenter honours MaxNodes only.
	MinNodes, MaxNodes int
}

// ClusterAutoscalerConfig holds cluster-autoscaler flags
// (kubernetes/autoscaler cluster-autoscaler/FAQ.md, "What are the parameters to CA?").
type ClusterAutoscalerConfig struct {
	ScanInterval                  time.Duration // [10s]
	ScaleDownUtilizationThreshold float64       // requests / allocatable [0.5]
	ScaleDownUnneededTime         time.Duration // [10m]
	ScaleDownDelayAfterAdd        time.Duration // [10m]
	MaxEmptyBulkDelete            int           // [10]
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

// Deployment is one service: its pods' shape, their lifecycle, how they
// serve and how they scale. Requests with Service i go to Deployments[i].
type Deployment struct {
	Name string
	// Replicas at time zero (clamped into the HPA's range) [2]; the
	// initial pods start Ready with their image pulled.
	Replicas int
	// Image identifies the container image for the per-node pull cache [Name].
	Image            string
	CPURequestMilli  int64 // [250]
	MemoryRequestMiB int64 // [256]
	// CPULimitMilli caps the pod's CPU; 0 means none, and the pod gets its
	// request's share of the node [0].
	CPULimitMilli int64
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

// Pods metric names understood for HPA PodsAverageValue targets.
const (
	MetricRPS      = "rps"      // requests routed to the pod per second
	MetricInflight = "inflight" // mean requests in the pod (queued or in service)
)

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
			MaxEmptyBulkDelete:            10,
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
		NodeMonitorGracePeriod: 40 * time.Second,
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
	}
}

// Validate reports every problem in c at once, as models.FieldErrors joined
// with errors.Join.
func (c *Config) Validate() error {
	var p models.Problems
	types := newTypeTable(c.InstanceTypes)
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
		if t.VCPU < 1 {
			p.Add(at+".vcpu", t.VCPU, models.ErrRange, "must be at least 1")
		}
		if !(t.MemoryGiB > 0) {
			p.Add(at+".memoryGiB", t.MemoryGiB, models.ErrRange, "must be positive")
		}
		if t.PriceUSDPerHour < 0 || math.IsNaN(t.PriceUSDPerHour) {
			p.Add(at+".priceUSDPerHour", t.PriceUSDPerHour, models.ErrRange, "must not be negative")
		}
	}
	for i, d := range c.DaemonSets {
		if d.CPUMilli < 0 || d.MemoryMiB < 0 {
			p.Add(fmt.Sprintf("daemonSets[%d]", i), d.Name, models.ErrRange, "requests must not be negative")
		}
	}
	if c.EvictionHardMemoryMiB < 0 {
		p.Add("evictionHardMemoryMiB", c.EvictionHardMemoryMiB, models.ErrRange, "must not be negative")
	}
	if c.NodeAutoscaler > Karpenter {
		p.Add("nodeAutoscaler", c.NodeAutoscaler, models.ErrUnknown, "must be one of %s", strings.Join(autoscalers.names, ", "))
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
		at := fmt.Sprintf("nodePools[%d]", i)
		if np.Name != "" {
			at = "nodePools." + np.Name
			if seenPool[np.Name] {
				p.Add(at, np.Name, models.ErrInvalid, "duplicate node pool name")
			}
			seenPool[np.Name] = true
		}
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
		if np.Capacity > Spot {
			p.Add(at+".capacity", np.Capacity, models.ErrUnknown, "must be on-demand or spot")
		}
		for j, z := range np.Zones {
			if !zones[z] {
				p.Add(fmt.Sprintf("%s.zones[%d]", at, j), z, models.ErrUnknown, "unknown zone (cluster zones: %s)", strings.Join(c.Zones, ", "))
			}
		}
		if np.Nodes < 0 {
			p.Add(at+".nodes", np.Nodes, models.ErrRange, "must not be negative")
		}
		if np.MinNodes < 0 {
			p.Add(at+".minNodes", np.MinNodes, models.ErrRange, "must not be negative")
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
		if ca.ScanInterval <= 0 {
			p.Add("clusterAutoscaler.scanInterval", ca.ScanInterval, models.ErrRange, "must be positive")
		}
		if !(ca.ScaleDownUtilizationThreshold > 0 && ca.ScaleDownUtilizationThreshold <= 1) {
			p.Add("clusterAutoscaler.scaleDownUtilizationThreshold", ca.ScaleDownUtilizationThreshold, models.ErrRange, "must be in (0, 1]")
		}
		if ca.ScaleDownUnneededTime < 0 || ca.ScaleDownDelayAfterAdd < 0 {
			p.Add("clusterAutoscaler", nil, models.ErrRange, "scale-down times must not be negative")
		}
		if ca.MaxEmptyBulkDelete < 1 {
			p.Add("clusterAutoscaler.maxEmptyBulkDelete", ca.MaxEmptyBulkDelete, models.ErrRange, "must be at least 1")
		}
	}
	kp := &c.Karpenter
	if c.NodeAutoscaler == Karpenter {
		if kp.BatchIdleDuration <= 0 || kp.BatchMaxDuration < kp.BatchIdleDuration {
			p.Add("karpenter.batchMaxDuration", kp.BatchMaxDuration, models.ErrRange, "batch durations must be positive, max ≥ idle (%v)", kp.BatchIdleDuration)
		}
		if kp.DisruptionPoll <= 0 {
			p.Add("karpenter.disruptionPoll", kp.DisruptionPoll, models.ErrRange, "must be positive")
		}
		if kp.ValidationDelay < 0 || kp.ConsolidateAfter < 0 {
			p.Add("karpenter", nil, models.ErrRange, "validationDelay and consolidateAfter must not be negative")
		}
		if kp.BudgetPercent < 0 || kp.BudgetPercent > 100 {
			p.Add("karpenter.budgetPercent", kp.BudgetPercent, models.ErrRange, "must be between 0 and 100")
		}
		if kp.Consolidation > ConsolidationNever {
			p.Add("karpenter.consolidation", kp.Consolidation, models.ErrUnknown, "must be one of %s", strings.Join(consolidations.names, ", "))
		}
	}
	if c.NodeLaunch == nil {
		p.Add("nodeLaunch", nil, models.ErrRequired, "a distribution is required")
	}
	if c.Scheduler.Scoring > MostAllocated {
		p.Add("scheduler.scoring", c.Scheduler.Scoring, models.ErrUnknown, "must be one of %s", strings.Join(scorings.names, ", "))
	}
	if c.MetricResolution <= 0 {
		p.Add("metricResolution", c.MetricResolution, models.ErrRange, "must be positive")
	}
	if c.StatsHousekeeping < 0 {
		p.Add("statsHousekeeping", c.StatsHousekeeping, models.ErrRange, "must not be negative (0 means at each scrape)")
	}
	if c.NodeMonitorGracePeriod < 0 || c.UnreachableToleration < 0 {
		p.Add("nodeMonitorGracePeriod", c.NodeMonitorGracePeriod, models.ErrRange, "grace and toleration must not be negative")
	}
	if len(c.Deployments) == 0 {
		p.Add("deployments", nil, models.ErrRequired, "at least one deployment is required")
	}
	seenDep := map[string]bool{}
	for i := range c.Deployments {
		d := &c.Deployments[i]
		at := fmt.Sprintf("deployments[%d]", i)
		if d.Name != "" {
			at = "deployments." + d.Name
			if seenDep[d.Name] {
				p.Add(at, d.Name, models.ErrInvalid, "duplicate deployment name")
			}
			seenDep[d.Name] = true
		}
		p.Merge(at, d.Validate())
		c.checkFits(&p, at, d, types, poolTypes)
	}
	for i, f := range c.AZFailures {
		at := fmt.Sprintf("azFailures[%d]", i)
		if !zones[f.Zone] {
			p.Add(at+".zone", f.Zone, models.ErrUnknown, "no such zone in the cluster (zones: %s)", strings.Join(c.Zones, ", "))
		}
		if f.At < 0 {
			p.Add(at+".at", f.At, models.ErrRange, "must not be negative")
		}
	}
	return p.Err()
}

// checkFits reports a deployment whose pod fits no node type of any pool.
func (c *Config) checkFits(p *models.Problems, at string, d *Deployment, types typeTable, poolTypes []int) {
	if len(poolTypes) == 0 || d.CPURequestMilli < 1 || d.MemoryRequestMiB < 0 {
		return
	}
	cpuOK, memOK, bothOK := false, false, false
	var bestCPU, bestMem Resources
	var bestCPUName, bestMemName string
	for _, ti := range poolTypes {
		r := UserAllocatable(&types[ti], c.EvictionHardMemoryMiB, c.DaemonSets)
		if r.CPUMilli > bestCPU.CPUMilli {
			bestCPU, bestCPUName = r, types[ti].Name
		}
		if r.MemoryMiB > bestMem.MemoryMiB {
			bestMem, bestMemName = r, types[ti].Name
		}
		cf, mf := d.CPURequestMilli <= r.CPUMilli, d.MemoryRequestMiB <= r.MemoryMiB
		cpuOK = cpuOK || cf
		memOK = memOK || mf
		bothOK = bothOK || (cf && mf && r.Pods >= 1)
	}
	switch {
	case !cpuOK:
		p.Add(at+".cpuRequestMilli", d.CPURequestMilli, models.ErrRange,
			"the pod fits no node: the largest allocatable CPU of the pools' instance types is %dm (%s)", bestCPU.CPUMilli, bestCPUName)
	case !memOK:
		p.Add(at+".memoryRequestMiB", d.MemoryRequestMiB, models.ErrRange,
			"the pod fits no node: the largest allocatable memory of the pools' instance types is %d MiB (%s)", bestMem.MemoryMiB, bestMemName)
	case !bothOK:
		p.Add(at+".cpuRequestMilli", d.CPURequestMilli, models.ErrRange,
			"the pod (%dm, %d MiB) fits no single instance type of the pools", d.CPURequestMilli, d.MemoryRequestMiB)
	}
}

// Validate reports every problem in d; paths are relative to d.
func (d *Deployment) Validate() error {
	var p models.Problems
	if d.Replicas < 0 {
		p.Add("replicas", d.Replicas, models.ErrRange, "must not be negative")
	}
	if d.CPURequestMilli < 1 {
		p.Add("cpuRequestMilli", d.CPURequestMilli, models.ErrRange, "must be at least 1")
	}
	if d.MemoryRequestMiB < 0 {
		p.Add("memoryRequestMiB", d.MemoryRequestMiB, models.ErrRange, "must not be negative")
	}
	if d.CPULimitMilli < 0 {
		p.Add("cpuLimitMilli", d.CPULimitMilli, models.ErrRange, "must not be negative (0 means no limit)")
	} else if d.CPULimitMilli > 0 && d.CPULimitMilli < d.CPURequestMilli {
		p.Add("cpuLimitMilli", d.CPULimitMilli, models.ErrRange, "must be at least cpuRequestMilli (%d)", d.CPURequestMilli)
	}
	if d.Concurrency < 1 {
		p.Add("concurrency", d.Concurrency, models.ErrRange, "must be at least 1")
	}
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
		if s.MaxSkew < 1 {
			p.Add(at+".maxSkew", s.MaxSkew, models.ErrRange, "must be at least 1")
		}
		if s.WhenUnsatisfiable > ScheduleAnyway {
			p.Add(at+".whenUnsatisfiable", s.WhenUnsatisfiable, models.ErrUnknown, "must be do-not-schedule or schedule-anyway")
		}
	}
	if d.Routing > KubeProxyRandom {
		p.Add("routing", d.Routing, models.ErrUnknown, "must be one of %s", strings.Join(routings.names, ", "))
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
	if d.TerminationGrace < 0 {
		p.Add("terminationGrace", d.TerminationGrace, models.ErrRange, "must not be negative")
	}
	if d.HPA != nil {
		p.Merge("hpa", d.HPA.Validate())
		if d.HPA.Metric.Type == hpa.PodsAverageValue && d.HPA.Metric.Name != MetricRPS && d.HPA.Metric.Name != MetricInflight {
			p.Add("hpa.metric.name", d.HPA.Metric.Name, models.ErrUnknown, "a Pods metric must be %s or %s", MetricRPS, MetricInflight)
		}
	}
	return p.Err()
}

// enum is a small helper for the string forms of the enumerations below.
type enum[T ~uint8] struct{ names []string }

func (e enum[T]) name(v T) string {
	if int(v) < len(e.names) {
		return e.names[v]
	}
	return fmt.Sprintf("?(%d)", v)
}

func (e enum[T]) parse(what, s string) (T, error) {
	for i, n := range e.names {
		if strings.EqualFold(n, s) {
			return T(i), nil
		}
	}
	return 0, fmt.Errorf("unknown %s %q (allowed: %s)", what, s, strings.Join(e.names, ", "))
}

// NodeAutoscaler selects who adds and removes nodes.
type NodeAutoscaler uint8

const (
	NoAutoscaler NodeAutoscaler = iota
	ClusterAutoscaler
	Karpenter
)

var autoscalers = enum[NodeAutoscaler]{[]string{"none", "cluster-autoscaler", "karpenter"}}

func (a NodeAutoscaler) String() string { return autoscalers.name(a) }

// ParseNodeAutoscaler parses none | cluster-autoscaler | karpenter.
func ParseNodeAutoscaler(s string) (NodeAutoscaler, error) {
	return autoscalers.parse("node autoscaler", s)
}

// CapacityType is how a node is bought.
type CapacityType uint8

const (
	OnDemand CapacityType = iota
	Spot
)

var capacities = enum[CapacityType]{[]string{"on-demand", "spot"}}

func (c CapacityType) String() string { return capacities.name(c) }

// ParseCapacityType parses on-demand | spot.
func ParseCapacityType(s string) (CapacityType, error) { return capacities.parse("capacity type", s) }

// Scoring is NodeResourcesFit's scoring strategy.
type Scoring uint8

const (
	// LeastAllocated prefers the emptiest node (spreads).
	LeastAllocated Scoring = iota
	// MostAllocated prefers the fullest node that fits (bin-packs).
	MostAllocated
)

var scorings = enum[Scoring]{[]string{"least-allocated", "most-allocated"}}

func (s Scoring) String() string { return scorings.name(s) }

// ParseScoring parses least-allocated | most-allocated.
func ParseScoring(s string) (Scoring, error) { return scorings.parse("scoring strategy", s) }

// Routing is how requests are spread over a deployment's pods.
type Routing uint8

const (
	// ALBRoundRobin: an ALB in IP mode, round_robin per request (the default algorithm).
	ALBRoundRobin Routing = iota
	// ALBLeastOutstanding: an ALB with least_outstanding_requests.
	ALBLeastOutstanding
	// KubeProxyRandom: a Service behind kube-proxy (iptables/nftables):
	// uniformly random per request (one request per connection).
	KubeProxyRandom
)

var routings = enum[Routing]{[]string{"alb-round-robin", "alb-least-outstanding", "kube-proxy-random"}}

func (r Routing) String() string { return routings.name(r) }

// ParseRouting parses alb-round-robin | alb-least-outstanding | kube-proxy-random.
func ParseRouting(s string) (Routing, error) { return routings.parse("routing", s) }

// ALB tells whether an ALB fronts the deployment.
func (r Routing) ALB() bool { return r != KubeProxyRandom }

// TopologyKey is the node label a spread constraint groups by.
type TopologyKey uint8

const (
	Zone     TopologyKey = iota // topology.kubernetes.io/zone
	Hostname                    // kubernetes.io/hostname
)

var topologyKeys = enum[TopologyKey]{[]string{"zone", "hostname"}}

func (k TopologyKey) String() string { return topologyKeys.name(k) }

// ParseTopologyKey parses zone | hostname.
func ParseTopologyKey(s string) (TopologyKey, error) { return topologyKeys.parse("topology key", s) }

// Unsatisfiable is a spread constraint's whenUnsatisfiable.
type Unsatisfiable uint8

const (
	DoNotSchedule Unsatisfiable = iota
	ScheduleAnyway
)

var unsatisfiables = enum[Unsatisfiable]{[]string{"do-not-schedule", "schedule-anyway"}}

func (u Unsatisfiable) String() string { return unsatisfiables.name(u) }

// ParseUnsatisfiable parses do-not-schedule | schedule-anyway.
func ParseUnsatisfiable(s string) (Unsatisfiable, error) {
	return unsatisfiables.parse("whenUnsatisfiable", s)
}

// ConsolidationPolicy is a Karpenter NodePool's consolidationPolicy.
type ConsolidationPolicy uint8

const (
	WhenEmptyOrUnderutilized ConsolidationPolicy = iota
	WhenEmpty
	// ConsolidationNever disables consolidation (not an upstream value).
	ConsolidationNever
)

var consolidations = enum[ConsolidationPolicy]{[]string{"when-empty-or-underutilized", "when-empty", "never"}}

func (c ConsolidationPolicy) String() string { return consolidations.name(c) }

// ParseConsolidationPolicy parses when-empty-or-underutilized | when-empty | never.
func ParseConsolidationPolicy(s string) (ConsolidationPolicy, error) {
	return consolidations.parse("consolidation policy", s)
}
