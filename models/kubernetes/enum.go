package kubernetes

import "github.com/execsim/execsim/models"

// The cluster's enumerations. Each prints and parses through a models.Enum;
// parsing ignores case, and a bad name is reported with the allowed ones.

// NodeAutoscaler selects who adds and removes nodes.
type NodeAutoscaler uint8

const (
	NoAutoscaler NodeAutoscaler = iota
	ClusterAutoscaler
	Karpenter
)

var autoscalers = models.Enum[NodeAutoscaler]{What: "node autoscaler", Names: []string{"none", "cluster-autoscaler", "karpenter"}}

func (a NodeAutoscaler) String() string { return autoscalers.String(a) }

// ParseNodeAutoscaler parses none | cluster-autoscaler | karpenter.
func ParseNodeAutoscaler(s string) (NodeAutoscaler, error) { return autoscalers.Parse(s) }

// Scoring is NodeResourcesFit's scoring strategy.
type Scoring uint8

const (
	// LeastAllocated prefers the emptiest node (spreads).
	LeastAllocated Scoring = iota
	// MostAllocated prefers the fullest node that fits (bin-packs).
	MostAllocated
)

var scorings = models.Enum[Scoring]{What: "scoring strategy", Names: []string{"least-allocated", "most-allocated"}}

func (s Scoring) String() string { return scorings.String(s) }

// ParseScoring parses least-allocated | most-allocated.
func ParseScoring(s string) (Scoring, error) { return scorings.Parse(s) }

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

var routings = models.Enum[Routing]{What: "routing", Names: []string{"alb-round-robin", "alb-least-outstanding", "kube-proxy-random"}}

func (r Routing) String() string { return routings.String(r) }

// ParseRouting parses alb-round-robin | alb-least-outstanding | kube-proxy-random.
func ParseRouting(s string) (Routing, error) { return routings.Parse(s) }

// ALB tells whether an ALB fronts the deployment.
func (r Routing) ALB() bool { return r != KubeProxyRandom }

// TopologyKey is the node label a spread constraint groups by.
type TopologyKey uint8

const (
	Zone     TopologyKey = iota // topology.kubernetes.io/zone
	Hostname                    // kubernetes.io/hostname
)

var topologyKeys = models.Enum[TopologyKey]{What: "topology key", Names: []string{"zone", "hostname"}}

func (k TopologyKey) String() string { return topologyKeys.String(k) }

// ParseTopologyKey parses zone | hostname.
func ParseTopologyKey(s string) (TopologyKey, error) { return topologyKeys.Parse(s) }

// Unsatisfiable is a spread constraint's whenUnsatisfiable.
type Unsatisfiable uint8

const (
	DoNotSchedule Unsatisfiable = iota
	ScheduleAnyway
)

var unsatisfiables = models.Enum[Unsatisfiable]{What: "whenUnsatisfiable", Names: []string{"do-not-schedule", "schedule-anyway"}}

func (u Unsatisfiable) String() string { return unsatisfiables.String(u) }

// ParseUnsatisfiable parses do-not-schedule | schedule-anyway.
func ParseUnsatisfiable(s string) (Unsatisfiable, error) { return unsatisfiables.Parse(s) }

// ConsolidationPolicy is a Karpenter NodePool's consolidationPolicy.
type ConsolidationPolicy uint8

const (
	WhenEmptyOrUnderutilized ConsolidationPolicy = iota
	WhenEmpty
	// ConsolidationNever disables consolidation (not an upstream value).
	ConsolidationNever
)

var consolidations = models.Enum[ConsolidationPolicy]{What: "consolidation policy", Names: []string{"when-empty-or-underutilized", "when-empty", "never"}}

func (c ConsolidationPolicy) String() string { return consolidations.String(c) }

// ParseConsolidationPolicy parses when-empty-or-underutilized | when-empty | never.
func ParseConsolidationPolicy(s string) (ConsolidationPolicy, error) { return consolidations.Parse(s) }

// CPUSharing is how a node's CPU is divided among its pods (cpu.go).
type CPUSharing uint8

const (
	// Shares is the kernel's: the pods with runnable work divide the node's
	// CPU in proportion to their cpu.shares (from their requests), each
	// capped by its CFS quota (its limit); idle and starting pods lend
	// their part. Work-conserving.
	Shares CPUSharing = iota
	// Isolated gives every pod whose container runs a fixed part, its
	// request's share of the node (capped by its limit), busy or not; what
	// an idle pod does not use is lost. Not work-conserving: the model
	// before issue 12, kept for comparison.
	Isolated
)

var cpuSharings = models.Enum[CPUSharing]{What: "CPU sharing", Names: []string{"shares", "isolated"}}

func (s CPUSharing) String() string { return cpuSharings.String(s) }

// ParseCPUSharing parses shares | isolated.
func ParseCPUSharing(s string) (CPUSharing, error) { return cpuSharings.Parse(s) }
