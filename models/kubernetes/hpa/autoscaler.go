package hpa

import (
	"fmt"

	"github.com/execsim/execsim/sim"
)

// Autoscaler is one HorizontalPodAutoscaler with the state the upstream
// controller keeps for it between syncs: the unstabilised recommendations
// and, with a behavior, the scale-up and scale-down events. The simulator
// calls Reconcile once per sync period.
type Autoscaler struct {
	cfg  Config
	calc Calculator
	tol  Tolerances
	// up and down are the resolved behavior rules (behavior path only).
	up, down ScalingRules

	recs       []Recommendation // nil until the first Reconcile
	upEvents   []ScaleEvent
	downEvents []ScaleEvent
}

// New validates cfg and returns an autoscaler with no history.
func New(cfg Config) (*Autoscaler, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	a := &Autoscaler{
		cfg:  cfg,
		calc: Calculator{CPUInitializationPeriod: cfg.CPUInitializationPeriod, InitialReadinessDelay: cfg.InitialReadinessDelay},
		tol:  Tolerances{ScaleDown: cfg.Tolerance, ScaleUp: cfg.Tolerance},
	}
	if b := cfg.Behavior; b != nil {
		a.up = GenerateScaleUpRules(b.ScaleUp)
		a.down = GenerateScaleDownRules(b.ScaleDown)
		// maybeInitScaleDownStabilizationWindow (horizontal.go).
		if a.down.StabilizationWindow == nil {
			w := cfg.DownscaleStabilizationWindow
			a.down.StabilizationWindow = &w
		}
		// Per-direction tolerances (the HPAConfigurableTolerance feature).
		if a.up.Tolerance != nil {
			a.tol.ScaleUp = *a.up.Tolerance
		}
		if a.down.Tolerance != nil {
			a.tol.ScaleDown = *a.down.Tolerance
		}
	}
	return a, nil
}

// Config returns the configuration the autoscaler was built with.
func (a *Autoscaler) Config() Config { return a.cfg }

// Tolerances returns the tolerance band in force.
func (a *Autoscaler) Tolerances() Tolerances { return a.tol }

// Decision explains one Reconcile: the numbers behind the returned count and
// the status conditions upstream would set.
type Decision struct {
	Current int // spec.replicas seen by the reconcile
	Desired int // what Reconcile returned
	Rescale bool
	// Proposed is the metric's recommendation before normalisation (0 when
	// the metric was not evaluated), Stabilized the recommendation after the
	// stabilisation window and before the rate and range limits.
	Proposed   int
	Stabilized int
	Estimate   Estimate // the replica calculator's result
	// Err is why the metric could not be evaluated; the count is unchanged.
	Err error

	ScalingActive       bool
	ScalingActiveReason Reason // ValidMetricFound, ScalingDisabled, FailedGet…Metric
	AbleToScaleReason   Reason // ReadyForNewScale, ScaleUpStabilized, ScaleDownStabilized
	ScalingLimited      bool
	LimitReason         Reason // DesiredWithinRange, TooFewReplicas, TooManyReplicas, ScaleUpLimit, ScaleDownLimit
	RescaleReason       string // as in the SuccessfulRescale event
}

// Reconcile runs one sync of the autoscaler at now, for a target whose
// spec.replicas is current and whose pods are pods, and returns the replica
// count to set (current when it does not rescale). It ports
// reconcileAutoscaler in horizontal.go for a single metric.
func (a *Autoscaler) Reconcile(now sim.Time, current int, pods []PodSample) (int, Decision) {
	d := Decision{Current: current}
	// recordInitialRecommendation: the first sync remembers the current
	// count, so an early scale-down is stabilised against it.
	if a.recs == nil {
		a.recs = []Recommendation{{Replicas: current, At: now}}
	}
	minReplicas, maxReplicas := a.cfg.MinReplicas, a.cfg.MaxReplicas

	desired := 0
	rescale := true
	switch {
	case current == 0 && minReplicas != 0:
		// The target was scaled to zero by hand: autoscaling is off.
		rescale = false
		d.ScalingActiveReason = ReasonScalingDisabled
	case current > maxReplicas:
		desired = maxReplicas
		d.RescaleReason = "Current number of replicas above Spec.MaxReplicas"
	case current < minReplicas:
		desired = minReplicas
		d.RescaleReason = "Current number of replicas below Spec.MinReplicas"
	default:
		est, err := a.estimate(now, current, pods)
		d.Estimate = est
		if err != nil {
			// computeReplicasForMetrics fails for the only metric: no
			// scaling and no recommendation recorded.
			d.Err = err
			d.ScalingActiveReason = ReasonFailedGetResourceMetric
			if a.cfg.Metric.Type == PodsAverageValue {
				d.ScalingActiveReason = ReasonFailedGetPodsMetric
			}
			d.Desired = current
			return current, d
		}
		d.ScalingActive = true
		d.ScalingActiveReason = ReasonValidMetricFound
		rescaleMetric := ""
		if est.Replicas > desired {
			desired = est.Replicas
			rescaleMetric = a.cfg.Metric.label()
		}
		if desired > current {
			d.RescaleReason = fmt.Sprintf("%s above target", rescaleMetric)
		}
		if desired < current {
			d.RescaleReason = "All metrics below target"
		}
		d.Proposed = desired
		if a.cfg.Behavior == nil {
			desired = a.normalize(now, &d, current, desired)
		} else {
			desired = a.normalizeWithBehaviors(now, &d, current, desired)
		}
		rescale = desired != current
	}

	if rescale {
		a.storeScaleEvent(now, current, desired)
	} else {
		desired = current
	}
	d.Desired, d.Rescale = desired, rescale
	return desired, d
}

// estimate dispatches on the metric type (computeReplicasForMetric).
func (a *Autoscaler) estimate(now sim.Time, current int, pods []PodSample) (Estimate, error) {
	m := a.cfg.Metric
	switch m.Type {
	case CPUUtilization:
		return a.calc.ResourceReplicas(now, current, m.AverageUtilizationPercent, a.tol, pods)
	case CPUAverageValue:
		return a.calc.PlainReplicas(now, current, m.AverageValueMilli, a.tol, pods, true)
	default:
		return a.calc.PlainReplicas(now, current, m.AverageValueMilli, a.tol, pods, false)
	}
}

// normalize is normalizeDesiredReplicas: stabilise scale-down over the
// downscale window, then clamp to the range and the scale-up limit.
func (a *Autoscaler) normalize(now sim.Time, d *Decision, current, desired int) int {
	stabilized, recs := StabilizeRecommendation(a.recs, now, a.cfg.DownscaleStabilizationWindow, desired)
	a.recs = recs
	d.Stabilized = stabilized
	d.AbleToScaleReason = ReasonReadyForNewScale
	if stabilized != desired {
		d.AbleToScaleReason = ReasonScaleDownStabilized
	}
	out, reason := ConvertDesiredReplicasWithRules(current, stabilized, a.cfg.MinReplicas, a.cfg.MaxReplicas)
	d.LimitReason, d.ScalingLimited = reason, out != stabilized
	return out
}

// normalizeWithBehaviors is normalizeDesiredReplicasWithBehaviors:
// per-direction stabilisation, then the policy rate limits and the range.
func (a *Autoscaler) normalizeWithBehaviors(now sim.Time, d *Decision, current, desired int) int {
	arg := NormalizationArg{
		ScaleUp:         a.up,
		ScaleDown:       a.down,
		MinReplicas:     a.cfg.MinReplicas,
		MaxReplicas:     a.cfg.MaxReplicas,
		CurrentReplicas: current,
		DesiredReplicas: desired,
	}
	stabilized, reason, recs := StabilizeRecommendationWithBehaviors(a.recs, now, arg)
	a.recs = recs
	d.Stabilized = stabilized
	d.AbleToScaleReason = ReasonReadyForNewScale
	if stabilized != desired {
		d.AbleToScaleReason = reason
	}
	arg.DesiredReplicas = stabilized
	out, limit := ConvertDesiredReplicasWithBehaviorRate(arg, now, a.upEvents, a.downEvents)
	d.LimitReason, d.ScalingLimited = limit, out != stabilized
	return out
}

// storeScaleEvent keeps the event history the policies need; without a
// behavior nothing is stored (horizontal.go, storeScaleEvent).
func (a *Autoscaler) storeScaleEvent(now sim.Time, prev, next int) {
	if a.cfg.Behavior == nil {
		return
	}
	if next > prev {
		a.upEvents = StoreScaleEvent(a.upEvents, now, LongestPolicyPeriod(a.up), next-prev)
	} else {
		a.downEvents = StoreScaleEvent(a.downEvents, now, LongestPolicyPeriod(a.down), prev-next)
	}
}
