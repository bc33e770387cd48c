package knative

import (
	"math"
	"time"

	"github.com/execsim/execsim/models"
)

// Metric is what the KPA scales on.
type Metric uint8

const (
	// Concurrency is requests in flight per pod (the default).
	Concurrency Metric = iota
	// RPS is requests per second per pod.
	RPS
)

func (m Metric) String() string {
	if m == RPS {
		return "rps"
	}
	return "concurrency"
}

// Defaults, from knative/serving config/core/configmaps/autoscaler.yaml
// (config-autoscaler) and pkg/autoscaler/config/config.go (defaultConfig),
// unless a comment says otherwise.
const (
	DefaultTargetUtilization     = 0.70             // container-concurrency-target-percentage "70"
	DefaultConcurrencyTarget     = 100              // container-concurrency-target-default (the soft target)
	DefaultRPSTarget             = 200              // requests-per-second-target-default
	DefaultTargetBurstCapacity   = 211              // target-burst-capacity "211" (200 in releases before 1.x; see doc.go)
	DefaultStableWindow          = 60 * time.Second // stable-window
	DefaultPanicWindowPercent    = 10.0             // panic-window-percentage
	DefaultPanicThresholdPercent = 200.0            // panic-threshold-percentage
	DefaultMaxScaleUpRate        = 1000.0           // max-scale-up-rate
	DefaultMaxScaleDownRate      = 2.0              // max-scale-down-rate
	DefaultScaleToZeroGrace      = 30 * time.Second // scale-to-zero-grace-period
	DefaultInitialScale          = 1                // initial-scale
	// DefaultActivatorTimeout is how long the activator holds a request:
	// the revision's timeoutSeconds, config-defaults' revision-timeout-seconds
	// "300" (config/core/configmaps/defaults.yaml); the activator's wait for
	// capacity runs under the request's context.
	DefaultActivatorTimeout = 300 * time.Second
	// DefaultActivatorQueue is the requests one revision may have waiting in
	// the activator's throttler: breakerQueueDepth = 10000
	// (pkg/activator/net/throttler.go); beyond it the activator answers 503
	// (queue.ErrRequestQueueFull, pkg/activator/handler/handler.go).
	DefaultActivatorQueue = 10000
	// TickInterval is the autoscaler's decision period
	// (pkg/autoscaler/scaling/multiscaler.go, tickInterval = 2 s).
	TickInterval = 2 * time.Second
	// BucketSize is the metric buckets' granularity (pkg/autoscaler/config,
	// BucketSize = 1 s), which is also the queue-proxy's reporting period
	// and the scraper's interval.
	BucketSize = time.Second
	// TargetMin is the smallest target the KPA accepts
	// (pkg/apis/autoscaling, TargetMin = 0.01).
	TargetMin = 0.01
	// reenqueue is the delay the KPA reconciler re-checks a revision after
	// marking it inactive with the activator already in its path
	// (pkg/reconciler/autoscaling/kpa/scaler.go, enqueueCB(pa, 3*time.Second)).
	reenqueue = 3 * time.Second
)

// Revision is one Knative revision's autoscaling and request-path settings:
// the per-revision annotations (autoscaling.knative.dev/…) and
// containerConcurrency, with the cluster-wide config-autoscaler defaults
// filled in.
type Revision struct {
	// Deployment is the index of the revision's Deployment in the cluster.
	Deployment int
	Name       string
	// ContainerConcurrency is the queue-proxy's hard limit of requests in
	// the pod at once; 0 is unlimited [0].
	ContainerConcurrency int
	Metric               Metric
	// Target is the per-pod target before utilisation: the target
	// annotation, or containerConcurrency, or the soft default (100
	// concurrent, 200 rps) [ResolveMetricTarget].
	Target            float64
	TargetUtilization float64
	StableWindow      time.Duration
	// PanicWindowPercent is the panic window as a share of the stable one.
	PanicWindowPercent    float64
	PanicThresholdPercent float64
	MaxScaleUpRate        float64
	MaxScaleDownRate      float64
	// TargetBurstCapacity is the spare capacity, in requests, below which
	// the activator stays in the path; 0: only at zero pods; −1: always.
	TargetBurstCapacity float64
	EnableScaleToZero   bool
	ScaleToZeroGrace    time.Duration
	// ScaleToZeroPodRetention keeps the last pod this long after the
	// revision went inactive [0].
	ScaleToZeroPodRetention time.Duration
	MinScale                int
	// MaxScale bounds the pods; 0 is unbounded.
	MaxScale     int
	InitialScale int
	// ActivationScale is the least number of pods a scale from zero asks
	// for [1].
	ActivationScale int
	// ActivatorTimeout is how long a request may wait in the activator.
	ActivatorTimeout time.Duration
	// ActivatorQueue is how many requests may wait in the activator.
	ActivatorQueue int
}

// DefaultRevision is a revision of Deployment di with upstream's defaults.
func DefaultRevision(name string, di int) Revision {
	return Revision{Deployment: di, Name: name, Target: DefaultConcurrencyTarget,
		TargetUtilization: DefaultTargetUtilization, StableWindow: DefaultStableWindow,
		PanicWindowPercent: DefaultPanicWindowPercent, PanicThresholdPercent: DefaultPanicThresholdPercent,
		MaxScaleUpRate: DefaultMaxScaleUpRate, MaxScaleDownRate: DefaultMaxScaleDownRate,
		TargetBurstCapacity: DefaultTargetBurstCapacity, EnableScaleToZero: true,
		ScaleToZeroGrace: DefaultScaleToZeroGrace, InitialScale: DefaultInitialScale, ActivationScale: 1,
		ActivatorTimeout: DefaultActivatorTimeout, ActivatorQueue: DefaultActivatorQueue}
}

// TargetValue and TotalValue are the per-pod target the KPA divides by and
// the per-pod capacity of the burst capacity sum
// (pkg/reconciler/autoscaling/resources/target.go, ResolveMetricTarget):
// with the concurrency metric the total is containerConcurrency when set,
// capped there when a target is also given.
func (r *Revision) TargetValue() (target, total float64) {
	total = r.Target
	if r.Metric == Concurrency && r.ContainerConcurrency > 0 {
		total = math.Min(total, float64(r.ContainerConcurrency))
	}
	return math.Max(TargetMin, total*r.TargetUtilization), total
}

// ScaleToZeroDelay is how long a revision with one pod left waits, once
// inactive (a stable window without traffic), before it goes to zero, as
// Model.toZero follows kpa/scaler.go's handleScaleToZero: when the
// activator is already in its path (targetBurstCapacity −1, or above one
// pod's capacity, so the excess burst capacity is negative) the
// reconciler's re-check 3 s later, or the pod retention if longer;
// otherwise the activator goes into the path at that moment and the grace
// period runs from there, or the pod retention if longer. inPath says
// which.
func (r *Revision) ScaleToZeroDelay() (d time.Duration, inPath bool) {
	spec := SpecOf(r)
	inPath = spec.ebcAt(1, 0) < 0
	if inPath {
		return max(reenqueue, r.ScaleToZeroPodRetention), true
	}
	return max(r.ScaleToZeroGrace, r.ScaleToZeroPodRetention), false
}

// PanicWindow is the panic window's length, whole buckets, at least one.
func (r *Revision) PanicWindow() time.Duration {
	w := time.Duration(float64(r.StableWindow) * r.PanicWindowPercent / 100)
	return max(BucketSize, w.Truncate(BucketSize))
}

// Validate reports every setting out of the ranges upstream accepts
// (pkg/autoscaler/config/config.go, validate), with field paths relative
// to the revision.
func (r *Revision) Validate() error {
	var p models.Problems
	if r.ContainerConcurrency < 0 || r.ContainerConcurrency > 1000 {
		p.Add("containerConcurrency", r.ContainerConcurrency, models.ErrRange, "must be between 0 (unlimited) and 1000")
	}
	if r.Target < TargetMin {
		p.Add("target", r.Target, models.ErrRange, "must be at least %v", TargetMin)
	}
	if r.TargetUtilization <= 0 || r.TargetUtilization > 1 {
		p.Add("targetUtilizationPercent", r.TargetUtilization*100, models.ErrRange, "must be in (0, 100]")
	}
	if r.StableWindow < 6*time.Second || r.StableWindow > time.Hour || r.StableWindow%time.Second != 0 {
		p.Add("stableWindow", r.StableWindow, models.ErrRange, "must be whole seconds in [6s, 1h]")
	}
	if r.PanicWindowPercent < 1 || r.PanicWindowPercent > 100 {
		p.Add("panicWindowPercent", r.PanicWindowPercent, models.ErrRange, "must be in [1, 100]")
	}
	if r.PanicThresholdPercent < 110 || r.PanicThresholdPercent > 1000 {
		p.Add("panicThresholdPercent", r.PanicThresholdPercent, models.ErrRange, "must be in [110, 1000]")
	}
	if r.MaxScaleUpRate <= 1 {
		p.Add("maxScaleUpRate", r.MaxScaleUpRate, models.ErrRange, "must be greater than 1")
	}
	if r.MaxScaleDownRate <= 1 {
		p.Add("maxScaleDownRate", r.MaxScaleDownRate, models.ErrRange, "must be greater than 1")
	}
	if r.TargetBurstCapacity < 0 && r.TargetBurstCapacity != -1 {
		p.Add("targetBurstCapacity", r.TargetBurstCapacity, models.ErrRange, "must be at least 0, or -1 (activator always in the path)")
	}
	if r.ScaleToZeroGrace < 6*time.Second {
		p.Add("scaleToZeroGracePeriod", r.ScaleToZeroGrace, models.ErrRange, "must be at least 6s")
	}
	models.NotNegative(&p, "scaleToZeroPodRetention", r.ScaleToZeroPodRetention)
	models.NotNegative(&p, "minScale", r.MinScale)
	models.NotNegative(&p, "maxScale", r.MaxScale)
	if r.MaxScale > 0 && r.MinScale > r.MaxScale {
		p.Add("minScale", r.MinScale, models.ErrRange, "must be at most maxScale (%d)", r.MaxScale)
	}
	models.NotNegative(&p, "initialScale", r.InitialScale)
	if r.ActivationScale < 1 {
		p.Add("activationScale", r.ActivationScale, models.ErrRange, "must be at least 1")
	}
	if r.ActivatorTimeout <= 0 {
		p.Add("activatorTimeout", r.ActivatorTimeout, models.ErrRange, "must be positive")
	}
	if r.ActivatorQueue < 1 {
		p.Add("activatorQueue", r.ActivatorQueue, models.ErrRange, "must be at least 1")
	}
	return p.Err()
}

// Config is the Knative part of a cluster: its revisions, and the service
// each request belongs to.
type Config struct {
	Revisions []Revision
	// RevisionOf maps a request's service to its revision (an index into
	// Revisions), or −1 for a service that is not Knative's.
	RevisionOf []int
	// Hidden are Deployments of the cluster that are no revision and whose
	// pods the Pods and Slots gauges leave out: Knative's control plane,
	// which occupies nodes (and is billed) but serves no request.
	Hidden []Hidden
}

// Hidden is a Deployment left out of the gauges, with its pods' worker
// slots.
type Hidden struct {
	Deployment, Slots int
}

// Validate checks every revision; paths are revisions[i].field.
func (c *Config) Validate() error {
	var p models.Problems
	for i := range c.Revisions {
		if err := c.Revisions[i].Validate(); err != nil {
			p.Merge(c.Revisions[i].Name, err)
		}
	}
	return p.Err()
}
