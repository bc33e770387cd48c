package hpa

import (
	"fmt"
	"math"
	"time"

	"github.com/execsim/execsim/models"
)

// MetricType selects what the autoscaler scales on.
type MetricType string

const (
	// CPUUtilization is a Resource metric with an averageUtilization target:
	// mean CPU usage as a percentage of the pods' CPU request.
	CPUUtilization MetricType = "CPUUtilization"
	// CPUAverageValue is a Resource metric with an averageValue target: mean
	// CPU usage per pod in milli-cores.
	CPUAverageValue MetricType = "CPUAverageValue"
	// PodsAverageValue is a Pods metric (requests per second, in-flight
	// requests, …) with an averageValue target per pod in milli-units.
	PodsAverageValue MetricType = "PodsAverageValue"
)

// MetricTarget is the HPA's single metric spec.
type MetricTarget struct {
	Type MetricType
	// Name names a Pods metric ("rps", "concurrency") in decisions.
	Name string
	// AverageUtilizationPercent is the CPUUtilization target, in percent of the pods' CPU request.
	AverageUtilizationPercent int
	// AverageValueMilli is the CPUAverageValue or PodsAverageValue target per
	// pod, in milli-units (15 requests/s = 15000).
	AverageValueMilli int64
}

// DefaultCPUUtilization is the target the API defaults to when an HPA lists
// no metric [80 %] (pkg/apis/autoscaling, DefaultCPUUtilization).
const DefaultCPUUtilization = 80

func (m MetricTarget) label() string {
	switch m.Type {
	case CPUUtilization:
		return "cpu resource utilization (percentage of request)"
	case CPUAverageValue:
		return "cpu resource"
	default:
		return "pods metric " + m.Name
	}
}

// PolicyType is a scaling policy's unit.
type PolicyType string

// Scaling policy types (autoscaling/v2 HPAScalingPolicyType).
const (
	PodsPolicy    PolicyType = "Pods"
	PercentPolicy PolicyType = "Percent"
)

// ScalingPolicy allows a change of at most Value pods, or Value percent of
// the replicas at the start of the period, within any Period.
type ScalingPolicy struct {
	Type   PolicyType
	Value  int
	Period time.Duration
}

// SelectPolicy chooses among the policies of one direction.
type SelectPolicy string

// Select policies (autoscaling/v2 ScalingPolicySelect). The empty value
// means unset and defaults to MaxChange.
const (
	MaxChange SelectPolicy = "Max"
	MinChange SelectPolicy = "Min"
	Disabled  SelectPolicy = "Disabled"
)

// ScalingRules is behavior.scaleUp or behavior.scaleDown. Unset fields (nil
// pointers and slices, empty SelectPolicy) take the API defaults, filled by
// GenerateScaleUpRules and GenerateScaleDownRules.
type ScalingRules struct {
	// StabilizationWindow: recommendations this recent are considered
	// [scale up 0; scale down the controller's 300 s flag].
	StabilizationWindow *time.Duration
	SelectPolicy        SelectPolicy
	Policies            []ScalingPolicy
	// Tolerance overrides the controller's tolerance for this direction
	// (HPAConfigurableTolerance, on by default since 1.35).
	Tolerance *float64
}

// Behavior is spec.behavior. A nil *Behavior selects the legacy path
// (normalizeDesiredReplicas); a non-nil one, even empty, the behavior path.
type Behavior struct {
	ScaleUp   *ScalingRules
	ScaleDown *ScalingRules
}

// API defaults for behavior (pkg/apis/autoscaling/v2/defaults.go).
const (
	scaleUpLimitPercent     = 100
	scaleUpLimitMinimumPods = 4
	scaleUpPeriod           = 15 * time.Second
	scaleDownLimitPercent   = 100
	scaleDownPeriod         = 15 * time.Second
)

// GenerateScaleUpRules returns r with every unset field defaulted: no
// stabilisation, policy Max of 4 pods or 100 % per 15 s
// (defaults.go, GenerateHPAScaleUpRules and copyHPAScalingRules).
func GenerateScaleUpRules(r *ScalingRules) ScalingRules {
	window := time.Duration(0)
	out := ScalingRules{
		StabilizationWindow: &window,
		SelectPolicy:        MaxChange,
		Policies: []ScalingPolicy{
			{Type: PodsPolicy, Value: scaleUpLimitMinimumPods, Period: scaleUpPeriod},
			{Type: PercentPolicy, Value: scaleUpLimitPercent, Period: scaleUpPeriod},
		},
	}
	return copyRules(r, out)
}

// GenerateScaleDownRules returns r with every unset field defaulted except
// the stabilisation window, which upstream leaves to the controller's
// --horizontal-pod-autoscaler-downscale-stabilization flag
// (maybeInitScaleDownStabilizationWindow in horizontal.go): policy Max of
// 100 % per 15 s (defaults.go, GenerateHPAScaleDownRules).
func GenerateScaleDownRules(r *ScalingRules) ScalingRules {
	out := ScalingRules{
		SelectPolicy: MaxChange,
		Policies:     []ScalingPolicy{{Type: PercentPolicy, Value: scaleDownLimitPercent, Period: scaleDownPeriod}},
	}
	return copyRules(r, out)
}

// copyRules copies the set fields of from over to (copyHPAScalingRules).
func copyRules(from *ScalingRules, to ScalingRules) ScalingRules {
	if from == nil {
		return to
	}
	if from.SelectPolicy != "" {
		to.SelectPolicy = from.SelectPolicy
	}
	if from.StabilizationWindow != nil {
		w := *from.StabilizationWindow
		to.StabilizationWindow = &w
	}
	if from.Policies != nil {
		to.Policies = append([]ScalingPolicy(nil), from.Policies...)
	}
	if from.Tolerance != nil {
		t := *from.Tolerance
		to.Tolerance = &t
	}
	return to
}

// Config is one HorizontalPodAutoscaler (spec) together with the
// kube-controller-manager flags that shape its decisions.
type Config struct {
	// MinReplicas and MaxReplicas bound the replica count [1, 10]. The API
	// has no default for maxReplicas; 10 is ours.
	MinReplicas int
	MaxReplicas int
	Metric      MetricTarget // [CPUUtilization 80 %]
	Behavior    *Behavior    // [nil: legacy normalisation]

	// SyncPeriod is how often the simulator should call Reconcile
	// [15s] (--horizontal-pod-autoscaler-sync-period).
	SyncPeriod time.Duration
	// Tolerance is --horizontal-pod-autoscaler-tolerance [0.1].
	Tolerance float64
	// DownscaleStabilizationWindow is
	// --horizontal-pod-autoscaler-downscale-stabilization [5m].
	DownscaleStabilizationWindow time.Duration
	// CPUInitializationPeriod is
	// --horizontal-pod-autoscaler-cpu-initialization-period [5m].
	CPUInitializationPeriod time.Duration
	// InitialReadinessDelay is
	// --horizontal-pod-autoscaler-initial-readiness-delay [30s].
	InitialReadinessDelay time.Duration
}

// DefaultConfig is an HPA with the API and controller defaults
// (pkg/controller/podautoscaler/config/v1alpha1/defaults.go,
// RecommendedDefaultHPAControllerConfiguration).
func DefaultConfig() Config {
	return Config{
		MinReplicas:                  1,
		MaxReplicas:                  10,
		Metric:                       MetricTarget{Type: CPUUtilization, AverageUtilizationPercent: DefaultCPUUtilization},
		SyncPeriod:                   15 * time.Second,
		Tolerance:                    0.1,
		DownscaleStabilizationWindow: 5 * time.Minute,
		CPUInitializationPeriod:      5 * time.Minute,
		InitialReadinessDelay:        30 * time.Second,
	}
}

// API validation limits (pkg/apis/autoscaling/validation).
const (
	maxStabilizationWindow = time.Hour
	maxPolicyPeriod        = 30 * time.Minute
)

// Validate reports every problem in c at once, as models.FieldErrors joined
// with errors.Join.
func (c *Config) Validate() error {
	var p models.Problems
	// Scale to zero needs the alpha HPAScaleToZero gate and an Object or
	// External metric, neither of which is modelled.
	models.AtLeast(&p, "minReplicas", c.MinReplicas, 1)
	if c.MaxReplicas < 1 {
		p.Add("maxReplicas", c.MaxReplicas, models.ErrRange, "must be at least 1")
	} else if c.MaxReplicas < c.MinReplicas {
		p.Add("maxReplicas", fmt.Sprintf("%d < %d", c.MaxReplicas, c.MinReplicas), models.ErrRange, "must be ≥ minReplicas")
	}
	switch c.Metric.Type {
	case CPUUtilization:
		if c.Metric.AverageUtilizationPercent < 1 {
			p.Add("metric.averageUtilizationPercent", c.Metric.AverageUtilizationPercent, models.ErrRange, "must be at least 1 (percent of request)")
		}
	case CPUAverageValue, PodsAverageValue:
		models.Positive(&p, "metric.averageValueMilli", c.Metric.AverageValueMilli)
	case "":
		p.Add("metric.type", nil, models.ErrRequired, "must be one of %s, %s, %s", CPUUtilization, CPUAverageValue, PodsAverageValue)
	default:
		p.Add("metric.type", c.Metric.Type, models.ErrUnknown, "must be one of %s, %s, %s", CPUUtilization, CPUAverageValue, PodsAverageValue)
	}
	models.Positive(&p, "syncPeriod", c.SyncPeriod)
	if !validTolerance(c.Tolerance) {
		p.Add("tolerance", c.Tolerance, models.ErrRange, "must be a finite number ≥ 0")
	}
	models.NotNegative(&p, "downscaleStabilizationWindow", c.DownscaleStabilizationWindow)
	models.NotNegative(&p, "cpuInitializationPeriod", c.CPUInitializationPeriod)
	models.NotNegative(&p, "initialReadinessDelay", c.InitialReadinessDelay)
	if c.Behavior != nil {
		validateRules(&p, "behavior.scaleUp", c.Behavior.ScaleUp)
		validateRules(&p, "behavior.scaleDown", c.Behavior.ScaleDown)
	}
	return p.Err()
}

func validTolerance(t float64) bool { return t >= 0 && !math.IsInf(t, 1) }

// validateRules follows validateScalingRules in pkg/apis/autoscaling/validation.
func validateRules(p *models.Problems, path string, r *ScalingRules) {
	if r == nil {
		return
	}
	if w := r.StabilizationWindow; w != nil && (*w < 0 || *w > maxStabilizationWindow) {
		p.Add(path+".stabilizationWindow", *w, models.ErrRange, "must be between 0s and %v", maxStabilizationWindow)
	}
	switch r.SelectPolicy {
	case "", MaxChange, MinChange, Disabled:
	default:
		p.Add(path+".selectPolicy", r.SelectPolicy, models.ErrUnknown, "must be one of %s, %s, %s", MaxChange, MinChange, Disabled)
	}
	if r.Policies != nil && len(r.Policies) == 0 {
		p.Add(path+".policies", nil, models.ErrRequired, "must specify at least one policy")
	}
	for i, pol := range r.Policies {
		at := fmt.Sprintf("%s.policies[%d]", path, i)
		if pol.Type != PodsPolicy && pol.Type != PercentPolicy {
			p.Add(at+".type", pol.Type, models.ErrUnknown, "must be %s or %s", PodsPolicy, PercentPolicy)
		}
		models.AtLeast(p, at+".value", pol.Value, 1)
		if pol.Period <= 0 || pol.Period > maxPolicyPeriod {
			p.Add(at+".period", pol.Period, models.ErrRange, "must be greater than 0s and at most %v", maxPolicyPeriod)
		}
	}
	if r.Tolerance != nil && !validTolerance(*r.Tolerance) {
		p.Add(path+".tolerance", *r.Tolerance, models.ErrRange, "must be a finite number ≥ 0")
	}
}
