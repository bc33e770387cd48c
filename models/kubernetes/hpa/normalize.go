package hpa

import (
	"math"
	"time"

	"github.com/execsim/execsim/sim"
)

// Reason is the reason string of an HPA status condition (AbleToScale,
// ScalingActive, ScalingLimited), as upstream writes it.
type Reason string

// Condition reasons set by horizontal.go.
const (
	ReasonReadyForNewScale    Reason = "ReadyForNewScale"
	ReasonScaleDownStabilized Reason = "ScaleDownStabilized"
	ReasonScaleUpStabilized   Reason = "ScaleUpStabilized"

	ReasonDesiredWithinRange Reason = "DesiredWithinRange"
	ReasonTooFewReplicas     Reason = "TooFewReplicas"
	ReasonTooManyReplicas    Reason = "TooManyReplicas"
	ReasonScaleUpLimit       Reason = "ScaleUpLimit"
	ReasonScaleDownLimit     Reason = "ScaleDownLimit"

	ReasonValidMetricFound        Reason = "ValidMetricFound"
	ReasonScalingDisabled         Reason = "ScalingDisabled"
	ReasonFailedGetResourceMetric Reason = "FailedGetResourceMetric"
	ReasonFailedGetPodsMetric     Reason = "FailedGetPodsMetric"
)

// Scale-up limit without behavior: max(2 × current, 4)
// (horizontal.go, scaleUpLimitFactor and scaleUpLimitMinimum).
const (
	scaleUpLimitFactor  = 2.0
	scaleUpLimitMinimum = 4.0
)

// Recommendation is one unstabilised replica recommendation and when it was
// made (horizontal.go, timestampedRecommendation).
type Recommendation struct {
	Replicas int
	At       sim.Time
}

// ScaleEvent is one past rescale in one direction: Change is the (positive)
// number of replicas added or removed (horizontal.go, timestampedScaleEvent).
type ScaleEvent struct {
	Change   int
	At       sim.Time
	Outdated bool
}

// ---- Path without behavior: normalizeDesiredReplicas ----

// StabilizeRecommendation returns the highest of desired and the
// recommendations no older than window, and records desired in recs: it
// overwrites the last recommendation older than window, or appends
// (horizontal.go, stabilizeRecommendation). The returned slice replaces recs.
func StabilizeRecommendation(recs []Recommendation, now sim.Time, window time.Duration, desired int) (int, []Recommendation) {
	best := desired
	cutoff := now.Add(-window)
	old := -1
	for i, r := range recs {
		if r.At < cutoff {
			old = i
		} else if r.Replicas > best {
			best = r.Replicas
		}
	}
	if old >= 0 {
		recs[old] = Recommendation{Replicas: desired, At: now}
	} else {
		recs = append(recs, Recommendation{Replicas: desired, At: now})
	}
	return best, recs
}

// ScaleUpLimit is the most replicas one reconcile may ask for without a
// behavior: max(2 × current, 4) (horizontal.go, calculateScaleUpLimit).
func ScaleUpLimit(current int) int {
	return int(math.Max(scaleUpLimitFactor*float64(current), scaleUpLimitMinimum))
}

// ConvertDesiredReplicasWithRules clamps desired to [minReplicas,
// min(maxReplicas, ScaleUpLimit(current))] and names the limit that applied
// (horizontal.go, convertDesiredReplicasWithRules).
func ConvertDesiredReplicasWithRules(current, desired, minReplicas, maxReplicas int) (int, Reason) {
	limit := ScaleUpLimit(current)
	maxAllowed, reason := maxReplicas, ReasonTooManyReplicas
	if maxReplicas > limit {
		maxAllowed, reason = limit, ReasonScaleUpLimit
	}
	switch {
	case desired < minReplicas:
		return minReplicas, ReasonTooFewReplicas
	case desired > maxAllowed:
		return maxAllowed, reason
	}
	return desired, ReasonDesiredWithinRange
}

// ---- Path with behavior: normalizeDesiredReplicasWithBehaviors ----

// NormalizationArg carries one reconcile's numbers through the behavior path
// (horizontal.go, NormalizationArg). ScaleUp and ScaleDown are resolved
// rules (GenerateScaleUpRules, GenerateScaleDownRules); a nil stabilisation
// window counts as zero.
type NormalizationArg struct {
	ScaleUp         ScalingRules
	ScaleDown       ScalingRules
	MinReplicas     int
	MaxReplicas     int
	CurrentReplicas int
	DesiredReplicas int
}

func windowOf(r ScalingRules) time.Duration {
	if r.StabilizationWindow == nil {
		return 0
	}
	return *r.StabilizationWindow
}

// StabilizeRecommendationWithBehaviors bounds the recommendation by the
// lowest recommendation within the scale-up window and the highest within
// the scale-down window (each including desired), starting from the current
// count, then records desired: it overwrites the last recommendation older
// than both windows, or appends (horizontal.go,
// stabilizeRecommendationWithBehaviors). The reason is the one upstream sets
// when the result differs from desired.
func StabilizeRecommendationWithBehaviors(recs []Recommendation, now sim.Time, arg NormalizationArg) (int, Reason, []Recommendation) {
	up, down := arg.DesiredReplicas, arg.DesiredReplicas
	upCutoff := now.Add(-windowOf(arg.ScaleUp))
	downCutoff := now.Add(-windowOf(arg.ScaleDown))
	old := -1
	for i, r := range recs {
		if r.At > upCutoff {
			up = min(up, r.Replicas)
		}
		if r.At > downCutoff {
			down = max(down, r.Replicas)
		}
		if r.At < upCutoff && r.At < downCutoff {
			old = i
		}
	}
	rec := arg.CurrentReplicas
	if rec < up {
		rec = up
	}
	if rec > down {
		rec = down
	}
	if old >= 0 {
		recs[old] = Recommendation{Replicas: arg.DesiredReplicas, At: now}
	} else {
		recs = append(recs, Recommendation{Replicas: arg.DesiredReplicas, At: now})
	}
	reason := ReasonScaleDownStabilized
	if arg.DesiredReplicas >= arg.CurrentReplicas {
		reason = ReasonScaleUpStabilized
	}
	return rec, reason, recs
}

// ConvertDesiredReplicasWithBehaviorRate limits the change from current to
// desired by the scaling policies and the recent scale events, then by
// min/maxReplicas (horizontal.go, convertDesiredReplicasWithBehaviorRate).
// The stabilisation window is not applied here.
func ConvertDesiredReplicasWithBehaviorRate(arg NormalizationArg, now sim.Time, upEvents, downEvents []ScaleEvent) (int, Reason) {
	switch {
	case arg.DesiredReplicas > arg.CurrentReplicas:
		limit := ScaleUpLimitWithScalingRules(now, arg.CurrentReplicas, upEvents, downEvents, arg.ScaleUp)
		// Recent scale-ups may push the limit below the current count: hold
		// rather than scale down.
		limit = max(limit, arg.CurrentReplicas)
		maxAllowed, reason := arg.MaxReplicas, ReasonTooManyReplicas
		if maxAllowed > limit {
			maxAllowed, reason = limit, ReasonScaleUpLimit
		}
		if arg.DesiredReplicas > maxAllowed {
			return maxAllowed, reason
		}
	case arg.DesiredReplicas < arg.CurrentReplicas:
		limit := ScaleDownLimitWithBehaviors(now, arg.CurrentReplicas, upEvents, downEvents, arg.ScaleDown)
		limit = min(limit, arg.CurrentReplicas)
		minAllowed, reason := arg.MinReplicas, ReasonTooFewReplicas
		if minAllowed < limit {
			minAllowed, reason = limit, ReasonScaleDownLimit
		}
		if arg.DesiredReplicas < minAllowed {
			return minAllowed, reason
		}
	}
	return arg.DesiredReplicas, ReasonDesiredWithinRange
}

// ReplicasChangePerPeriod sums the changes of the events strictly newer than
// now − period (horizontal.go, getReplicasChangePerPeriod).
func ReplicasChangePerPeriod(now sim.Time, period time.Duration, events []ScaleEvent) int {
	cutoff := now.Add(-period)
	n := 0
	for _, e := range events {
		if e.At > cutoff {
			n += e.Change
		}
	}
	return n
}

// periodStart is the replica count at the start of the policy's period:
// current minus what was added plus what was removed since.
func periodStart(now sim.Time, current int, period time.Duration, upEvents, downEvents []ScaleEvent) int {
	return current - ReplicasChangePerPeriod(now, period, upEvents) + ReplicasChangePerPeriod(now, period, downEvents)
}

// ScaleUpLimitWithScalingRules is the most replicas the scale-up policies
// allow now: per policy, the count at the start of its period plus Value pods
// or Value percent (rounded up), combined by SelectPolicy (Max: the largest,
// Min: the smallest; Disabled: current) (horizontal.go,
// calculateScaleUpLimitWithScalingRules).
func ScaleUpLimitWithScalingRules(now sim.Time, current int, upEvents, downEvents []ScaleEvent, rules ScalingRules) int {
	return policyLimit(now, current, upEvents, downEvents, rules, +1, func(start int, pol ScalingPolicy) int {
		if pol.Type == PercentPolicy {
			// Rounded up, or a small percentage could never add a pod.
			return int(math.Ceil(float64(start) * (1 + float64(pol.Value)/100)))
		}
		return start + pol.Value
	})
}

// ScaleDownLimitWithBehaviors is the fewest replicas the scale-down policies
// allow now: per policy, the count at the start of its period minus Value
// pods or Value percent (truncated), combined by SelectPolicy (Max: the
// largest change, so the smallest count; Min: the largest count; Disabled:
// current) (horizontal.go, calculateScaleDownLimitWithBehaviors).
func ScaleDownLimitWithBehaviors(now sim.Time, current int, upEvents, downEvents []ScaleEvent, rules ScalingRules) int {
	return policyLimit(now, current, upEvents, downEvents, rules, -1, func(start int, pol ScalingPolicy) int {
		if pol.Type == PercentPolicy {
			return int(float64(start) * (1 - float64(pol.Value)/100))
		}
		return start - pol.Value
	})
}

// policyLimit is upstream's two limit functions in one: each policy
// proposes a count from the count at the start of its period, and
// SelectPolicy picks the proposal with the largest change in direction dir
// (+1 up, -1 down; Max) or the smallest (Min), or keeps current (Disabled).
func policyLimit(now sim.Time, current int, upEvents, downEvents []ScaleEvent, rules ScalingRules, dir int,
	propose func(start int, pol ScalingPolicy) int) int {
	if rules.SelectPolicy == Disabled {
		return current
	}
	// the largest change up is the largest count; down, the smallest
	larger := (dir > 0) != (rules.SelectPolicy == MinChange)
	result := math.MaxInt32
	if larger {
		result = math.MinInt32
	}
	for _, pol := range rules.Policies {
		proposed := propose(periodStart(now, current, pol.Period, upEvents, downEvents), pol)
		if larger {
			result = max(result, proposed)
		} else {
			result = min(result, proposed)
		}
	}
	return result
}

// LongestPolicyPeriod is the longest period among the rules' policies
// (horizontal.go, getLongestPolicyPeriod).
func LongestPolicyPeriod(rules ScalingRules) time.Duration {
	var longest time.Duration
	for _, pol := range rules.Policies {
		longest = max(longest, pol.Period)
	}
	return longest
}

// StoreScaleEvent records a change of change replicas at now in events of one
// direction: events older than longest are marked outdated, and the last
// outdated one is overwritten, or the event appended (horizontal.go,
// storeScaleEvent and markScaleEventsOutdated). The returned slice replaces
// events.
func StoreScaleEvent(events []ScaleEvent, now sim.Time, longest time.Duration, change int) []ScaleEvent {
	cutoff := now.Add(-longest)
	old := -1
	for i := range events {
		if events[i].At < cutoff {
			events[i].Outdated = true
		}
		if events[i].Outdated {
			old = i
		}
	}
	e := ScaleEvent{Change: change, At: now}
	if old >= 0 {
		events[old] = e
		return events
	}
	return append(events, e)
}
