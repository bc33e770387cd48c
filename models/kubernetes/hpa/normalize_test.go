package hpa_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/validation"

	"github.com/google/go-cmp/cmp"

	"github.com/execsim/execsim/models/kubernetes/hpa"
	"github.com/execsim/execsim/sim"
)

func dur(d time.Duration) *time.Duration { return &d }

// generateScalingRules mirrors the upstream helper of the same name in
// horizontal_test.go: a Pods and/or a Percent policy (a zero value leaves it
// out), selectPolicy Max, and a stabilisation window (seconds).
func generateScalingRules(pods, podsPeriod, percent, percentPeriod, window int) *hpa.ScalingRules {
	r := &hpa.ScalingRules{StabilizationWindow: dur(time.Duration(window) * time.Second), SelectPolicy: hpa.MaxChange}
	if pods != 0 {
		r.Policies = append(r.Policies, hpa.ScalingPolicy{Type: hpa.PodsPolicy, Value: pods, Period: time.Duration(podsPeriod) * time.Second})
	}
	if percent != 0 {
		r.Policies = append(r.Policies, hpa.ScalingPolicy{Type: hpa.PercentPolicy, Value: percent, Period: time.Duration(percentPeriod) * time.Second})
	}
	return r
}

// generateEventsUniformDistribution mirrors the upstream helper: it spreads
// the events over the last periodSeconds, each in the middle of its segment.
func generateEventsUniformDistribution(now sim.Time, raw []int, periodSeconds int) []hpa.ScaleEvent {
	events := make([]hpa.ScaleEvent, len(raw))
	segment := float64(periodSeconds) / float64(len(raw))
	for i, change := range raw {
		// Upstream truncates the boundary to whole seconds the same way.
		boundary := time.Duration(float64(periodSeconds) - segment*float64(i+1) + segment/2)
		events[i] = hpa.ScaleEvent{Change: change, At: now.Add(-time.Second * boundary)}
	}
	return events
}

// TestConvertDesiredReplicasWithRules: upstream horizontal_test.go, same name.
// The last case expects calculateScaleUpLimit(3) as upstream does; upstream's
// tests raise scaleUpLimitFactor to 8, here it keeps the production 2.
func TestConvertDesiredReplicasWithRules(t *testing.T) {
	tests := []struct {
		name                             string
		current, desired, minRep, maxRep int
		wantReplicas                     int
		wantReason                       hpa.Reason
	}{
		{"prenormalized desired replicas within range", 5, 7, 3, 8, 7, hpa.ReasonDesiredWithinRange},
		{"prenormalized desired replicas < minReplicas", 3, 1, 2, 8, 2, hpa.ReasonTooFewReplicas},
		{"prenormalized desired zeroed replicas within range", 1, 0, 0, 10, 0, hpa.ReasonDesiredWithinRange},
		{"maxReplicas is the limit because maxReplicas < scaleUpLimit", 20, 1000, 1, 10, 10, hpa.ReasonTooManyReplicas},
		{"scaleUpLimit is the limit because scaleUpLimit < maxReplicas", 3, 1000, 1, 2000, hpa.ScaleUpLimit(3), hpa.ReasonScaleUpLimit},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, reason := hpa.ConvertDesiredReplicasWithRules(tc.current, tc.desired, tc.minRep, tc.maxRep)
			if got != tc.wantReplicas || reason != tc.wantReason {
				t.Errorf("ConvertDesiredReplicasWithRules(%d, %d, %d, %d) = %d replicas (%s); want %d (%s)",
					tc.current, tc.desired, tc.minRep, tc.maxRep, got, reason, tc.wantReplicas, tc.wantReason)
			}
		})
	}
}

// TestScaleUpLimit pins the legacy clamp max(2 × current, 4) (horizontal.go,
// calculateScaleUpLimit with scaleUpLimitFactor 2 and scaleUpLimitMinimum 4).
func TestScaleUpLimit(t *testing.T) {
	for _, tc := range []struct{ current, want int }{{0, 4}, {1, 4}, {2, 4}, {3, 6}, {10, 20}} {
		if got := hpa.ScaleUpLimit(tc.current); got != tc.want {
			t.Errorf("ScaleUpLimit(%d) = %d replicas; want %d", tc.current, got, tc.want)
		}
	}
}

// TestNormalizeDesiredReplicas: upstream horizontal_test.go, same name (it
// exercises stabilizeRecommendation with a 5-minute window).
func TestNormalizeDesiredReplicas(t *testing.T) {
	now := testNow
	ago := func(d time.Duration) sim.Time { return now.Add(-d) }
	tests := []struct {
		name          string
		recs          []hpa.Recommendation
		desired       int
		wantStable    int
		wantLogLength int
	}{
		{"empty log", []hpa.Recommendation{}, 5, 5, 1},
		{"stabilize", []hpa.Recommendation{{4, ago(2 * time.Minute)}, {5, ago(time.Minute)}}, 3, 5, 3},
		{"no stabilize", []hpa.Recommendation{{1, ago(2 * time.Minute)}, {2, ago(time.Minute)}}, 3, 3, 3},
		{"no stabilize - old recommendations", []hpa.Recommendation{{10, ago(10 * time.Minute)}, {9, ago(9 * time.Minute)}}, 3, 3, 2},
		{
			"stabilize - old recommendations",
			[]hpa.Recommendation{{10, ago(10 * time.Minute)}, {4, ago(time.Minute)}, {5, ago(2 * time.Minute)}, {9, ago(9 * time.Minute)}},
			3, 5, 4,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, recs := hpa.StabilizeRecommendation(tc.recs, now, 5*time.Minute, tc.desired)
			if got != tc.wantStable {
				t.Errorf("StabilizeRecommendation(desired %d) = %d replicas; want %d", tc.desired, got, tc.wantStable)
			}
			if len(recs) != tc.wantLogLength {
				t.Errorf("StabilizeRecommendation(desired %d) left %d recommendations; want %d", tc.desired, len(recs), tc.wantLogLength)
			}
		})
	}
}

// TestNormalizeDesiredReplicasWithBehavior: upstream horizontal_test.go, same
// name (stabilizeRecommendationWithBehaviors with explicit windows).
func TestNormalizeDesiredReplicasWithBehavior(t *testing.T) {
	now := testNow
	ago := func(d time.Duration) sim.Time { return now.Add(-d) }
	tests := []struct {
		name                 string
		recs                 []hpa.Recommendation
		current, desired     int
		upWindow, downWindow time.Duration
		wantStable           int
		wantRecs             []int // stored recommendations, in order (nil: not checked)
	}{
		{
			name: "empty recommendations for scaling down", recs: []hpa.Recommendation{},
			current: 100, desired: 5, wantStable: 5, wantRecs: []int{5},
		},
		{
			name: "simple scale down stabilization", recs: []hpa.Recommendation{{4, ago(2 * time.Minute)}, {5, ago(time.Minute)}},
			current: 100, desired: 3, downWindow: 3 * time.Minute, wantStable: 5, wantRecs: []int{4, 5, 3},
		},
		{
			name: "simple scale up stabilization", recs: []hpa.Recommendation{{4, ago(2 * time.Minute)}, {5, ago(time.Minute)}},
			current: 1, desired: 7, upWindow: 5 * time.Minute, wantStable: 4, wantRecs: []int{4, 5, 7},
		},
		{
			name: "no scale down stabilization", recs: []hpa.Recommendation{{1, ago(2 * time.Minute)}, {2, ago(time.Minute)}},
			current: 100, desired: 3, upWindow: 5 * time.Minute, wantStable: 3, wantRecs: []int{1, 2, 3},
		},
		{
			name: "no scale up stabilization", recs: []hpa.Recommendation{{4, ago(2 * time.Minute)}, {5, ago(time.Minute)}},
			current: 1, desired: 3, downWindow: 5 * time.Minute, wantStable: 3, wantRecs: []int{4, 5, 3},
		},
		{
			name: "no scale down stabilization, reuse recommendation element", recs: []hpa.Recommendation{{10, ago(10 * time.Minute)}, {9, ago(9 * time.Minute)}},
			current: 100, desired: 3, wantStable: 3, wantRecs: []int{10, 3},
		},
		{
			name: "no scale up stabilization, reuse recommendation element", recs: []hpa.Recommendation{{10, ago(10 * time.Minute)}, {9, ago(9 * time.Minute)}},
			current: 1, desired: 100, wantStable: 100, wantRecs: []int{10, 100},
		},
		{
			name:    "scale down stabilization, reuse one of obsolete recommendation element",
			recs:    []hpa.Recommendation{{10, ago(10 * time.Minute)}, {4, ago(time.Minute)}, {5, ago(2 * time.Minute)}, {9, ago(9 * time.Minute)}},
			current: 100, desired: 3, downWindow: 3 * time.Minute, wantStable: 5, wantRecs: []int{10, 4, 5, 3},
		},
		{
			name:    "scale up stabilization, reuse one of obsolete recommendation element",
			recs:    []hpa.Recommendation{{10, ago(100 * time.Minute)}, {6, ago(time.Minute)}, {5, ago(2 * time.Minute)}, {9, ago(3 * time.Minute)}},
			current: 1, desired: 100, upWindow: 300 * time.Second, wantStable: 5, wantRecs: []int{100, 6, 5, 9},
		},
		{
			name:    "scale up and down stabilization, do not scale up when prenormalized rec goes down",
			recs:    []hpa.Recommendation{{2, ago(100 * time.Minute)}, {3, ago(3 * time.Minute)}},
			current: 2, desired: 1, upWindow: 300 * time.Second, downWindow: 300 * time.Second, wantStable: 2,
		},
		{
			name:    "scale up and down stabilization, do not scale down when prenormalized rec goes up",
			recs:    []hpa.Recommendation{{2, ago(100 * time.Minute)}, {1, ago(3 * time.Minute)}},
			current: 2, desired: 3, upWindow: 300 * time.Second, downWindow: 300 * time.Second, wantStable: 2,
		},
	}
	validation.Vectors(t, "hpa/TestNormalizeDesiredReplicasWithBehavior", len(tests), "kubernetes/kubernetes pkg/controller/podautoscaler horizontal_test.go (normalizeDesiredReplicasWithBehaviors)")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			arg := hpa.NormalizationArg{
				ScaleUp:         hpa.ScalingRules{StabilizationWindow: dur(tc.upWindow)},
				ScaleDown:       hpa.ScalingRules{StabilizationWindow: dur(tc.downWindow)},
				CurrentReplicas: tc.current,
				DesiredReplicas: tc.desired,
			}
			got, _, recs := hpa.StabilizeRecommendationWithBehaviors(tc.recs, now, arg)
			if got != tc.wantStable {
				t.Errorf("StabilizeRecommendationWithBehaviors(current %d, desired %d) = %d replicas; want %d", tc.current, tc.desired, got, tc.wantStable)
			}
			if tc.wantRecs == nil {
				return
			}
			stored := make([]int, len(recs))
			for i, r := range recs {
				stored[i] = r.Replicas
			}
			if diff := cmp.Diff(tc.wantRecs, stored); diff != "" {
				t.Errorf("stored recommendations mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestScalingWithRules: upstream horizontal_test.go, same name
// (convertDesiredReplicasWithBehaviorRate with rules defaulted through
// GenerateHPAScaleUpRules/GenerateHPAScaleDownRules).
func TestScalingWithRules(t *testing.T) {
	now := testNow
	events := func(raw ...int) []hpa.ScaleEvent { return generateEventsUniformDistribution(now, raw, 120) }
	tests := []struct {
		name                 string
		upEvents, downEvents []hpa.ScaleEvent
		minRep, maxRep       int
		upRules, downRules   *hpa.ScalingRules
		current, desired     int
		wantReplicas         int
		wantReason           hpa.Reason
	}{
		{name: "prenormalized desired replicas within range", current: 5, desired: 7, minRep: 3, maxRep: 8, wantReplicas: 7, wantReason: hpa.ReasonDesiredWithinRange},
		{name: "prenormalized desired replicas < minReplicas", current: 3, desired: 1, minRep: 2, maxRep: 8, wantReplicas: 2, wantReason: hpa.ReasonTooFewReplicas},
		{name: "prenormalized desired replicas within range when minReplicas is 0", current: 1, desired: 0, minRep: 0, maxRep: 10, wantReplicas: 0, wantReason: hpa.ReasonDesiredWithinRange},
		{name: "maxReplicas is the limit because maxReplicas < scaleUpLimit", current: 20, desired: 1000, minRep: 1, maxRep: 10, wantReplicas: 10, wantReason: hpa.ReasonTooManyReplicas},
		{name: "desired replica count is more than the maximum replica count", current: 100, desired: 1000, minRep: 100, maxRep: 150, wantReplicas: 150, wantReason: hpa.ReasonTooManyReplicas},
		{
			name: "scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies", current: 3, desired: 1000, minRep: 1, maxRep: 2000,
			upRules: generateScalingRules(0, 0, 1, 60, 0), wantReplicas: 4, wantReason: hpa.ReasonScaleUpLimit,
		},
		{
			// Upstream marks this case testThis and returns before checking it.
			name: "scaleDownLimit is the limit because scaleDownLimit > minReplicas with user defined policies", current: 1000, desired: 3, minRep: 3, maxRep: 2000,
			downRules: generateScalingRules(20, 60, 0, 0, 0), wantReplicas: 980, wantReason: hpa.ReasonScaleDownLimit,
		},
		{name: "scaleUp with default behavior", minRep: 1, maxRep: 1000, current: 10, desired: 50, wantReplicas: 20, wantReason: hpa.ReasonScaleUpLimit},
		{
			name: "scaleUp with pods policy larger than percent policy", minRep: 1, maxRep: 1000, upRules: generateScalingRules(100, 60, 100, 60, 0),
			current: 10, desired: 500, wantReplicas: 110, wantReason: hpa.ReasonScaleUpLimit,
		},
		{
			name: "scaleUp with percent policy larger than pods policy", minRep: 1, maxRep: 1000, upRules: generateScalingRules(2, 60, 100, 60, 0),
			current: 10, desired: 500, wantReplicas: 20, wantReason: hpa.ReasonScaleUpLimit,
		},
		{
			name: "scaleUp with spec MaxReplicas limitation with large pod policy", minRep: 1, maxRep: 1000, upRules: generateScalingRules(100, 60, 0, 0, 0),
			current: 10, desired: 50, wantReplicas: 50, wantReason: hpa.ReasonDesiredWithinRange,
		},
		{
			name: "scaleUp with spec MaxReplicas limitation with large percent policy", minRep: 1, maxRep: 1000, upRules: generateScalingRules(10000, 60, 0, 0, 0),
			current: 10, desired: 50, wantReplicas: 50, wantReason: hpa.ReasonDesiredWithinRange,
		},
		{
			name: "scaleUp with pod policy limitation", minRep: 1, maxRep: 1000, upRules: generateScalingRules(30, 60, 0, 0, 0),
			current: 10, desired: 50, wantReplicas: 40, wantReason: hpa.ReasonScaleUpLimit,
		},
		{
			name: "scaleUp with percent policy limitation", minRep: 1, maxRep: 1000, upRules: generateScalingRules(0, 0, 200, 60, 0),
			current: 10, desired: 50, wantReplicas: 30, wantReason: hpa.ReasonScaleUpLimit,
		},
		{
			name: "scaleDown with percent policy larger than pod policy", minRep: 1, maxRep: 1000, downRules: generateScalingRules(20, 60, 1, 60, 300),
			current: 100, desired: 2, wantReplicas: 80, wantReason: hpa.ReasonScaleDownLimit,
		},
		{
			name: "scaleDown with pod policy larger than percent policy", minRep: 1, maxRep: 1000, downRules: generateScalingRules(2, 60, 1, 60, 300),
			current: 100, desired: 2, wantReplicas: 98, wantReason: hpa.ReasonScaleDownLimit,
		},
		{
			name: "scaleDown with spec MinReplicas=nil limitation with large pod policy", minRep: 1, maxRep: 1000, downRules: generateScalingRules(100, 60, 0, 0, 300),
			current: 10, desired: 0, wantReplicas: 1, wantReason: hpa.ReasonTooFewReplicas,
		},
		{
			name: "scaleDown with spec MinReplicas limitation with large pod policy", minRep: 1, maxRep: 1000, downRules: generateScalingRules(100, 60, 0, 0, 300),
			current: 10, desired: 0, wantReplicas: 1, wantReason: hpa.ReasonTooFewReplicas,
		},
		{
			name: "scaleDown with spec MinReplicas limitation with large percent policy", minRep: 5, maxRep: 1000, downRules: generateScalingRules(0, 0, 100, 60, 300),
			current: 10, desired: 2, wantReplicas: 5, wantReason: hpa.ReasonTooFewReplicas,
		},
		{
			name: "scaleDown with pod policy limitation", minRep: 1, maxRep: 1000, downRules: generateScalingRules(5, 60, 0, 0, 300),
			current: 10, desired: 2, wantReplicas: 5, wantReason: hpa.ReasonScaleDownLimit,
		},
		{
			name: "scaleDown with percent policy limitation", minRep: 1, maxRep: 1000, downRules: generateScalingRules(0, 0, 50, 60, 300),
			current: 10, desired: 5, wantReplicas: 5, wantReason: hpa.ReasonDesiredWithinRange,
		},
		{
			name: "scaleUp with spec MaxReplicas limitation with large pod policy and events", upEvents: events(1, 5, 9), minRep: 1, maxRep: 200,
			upRules: generateScalingRules(300, 60, 0, 0, 0), current: 100, desired: 500, wantReplicas: 200, wantReason: hpa.ReasonTooManyReplicas,
		},
		{
			name: "scaleUp with spec MaxReplicas limitation with large percent policy and events", upEvents: events(1, 5, 9), minRep: 1, maxRep: 200,
			upRules: generateScalingRules(0, 0, 10000, 60, 0), current: 100, desired: 500, wantReplicas: 200, wantReason: hpa.ReasonTooManyReplicas,
		},
		{
			name: "scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of recent scale up events", upEvents: events(1, 5, 9), minRep: 1, maxRep: 1000,
			upRules: generateScalingRules(5, 120, 0, 0, 0), current: 100, desired: 500, wantReplicas: 100, wantReason: hpa.ReasonScaleUpLimit,
		},
		{
			name: "scaleUp with pod policy and previous scale up events", upEvents: events(1, 5, 9), minRep: 1, maxRep: 1000,
			upRules: generateScalingRules(150, 120, 0, 0, 0), current: 100, desired: 500, wantReplicas: 235, wantReason: hpa.ReasonScaleUpLimit,
		},
		{
			name: "scaleUp with percent policy and previous scale up events", upEvents: events(1, 5, 9), minRep: 1, maxRep: 1000,
			upRules: generateScalingRules(0, 0, 200, 120, 0), current: 100, desired: 500, wantReplicas: 255, wantReason: hpa.ReasonScaleUpLimit,
		},
		{
			name: "scaleUp with percent policy and previous scale up and down events", upEvents: events(4), downEvents: events(2), minRep: 1, maxRep: 1000,
			upRules: generateScalingRules(0, 0, 300, 300, 0), current: 6, desired: 24, wantReplicas: 16, wantReason: hpa.ReasonScaleUpLimit,
		},
		{
			name: "scaleDown with default policy and previous events", downEvents: events(1, 5, 9), minRep: 1, maxRep: 1000,
			current: 10, desired: 5, wantReplicas: 5, wantReason: hpa.ReasonDesiredWithinRange,
		},
		{
			name: "scaleDown with spec MinReplicas=nil limitation with large pod policy and previous events", downEvents: events(1, 5, 9), minRep: 1, maxRep: 1000,
			downRules: generateScalingRules(115, 120, 0, 0, 300), current: 100, desired: 0, wantReplicas: 1, wantReason: hpa.ReasonTooFewReplicas,
		},
		{
			name: "scaleDown with spec MinReplicas limitation with large pod policy and previous events", downEvents: events(1, 5, 9), minRep: 5, maxRep: 1000,
			downRules: generateScalingRules(130, 120, 0, 0, 300), current: 100, desired: 0, wantReplicas: 5, wantReason: hpa.ReasonTooFewReplicas,
		},
		{
			name: "scaleDown with spec MinReplicas limitation with large percent policy and previous events", downEvents: events(1, 5, 9), minRep: 5, maxRep: 1000,
			downRules: generateScalingRules(0, 0, 100, 120, 300), current: 100, desired: 2, wantReplicas: 5, wantReason: hpa.ReasonTooFewReplicas,
		},
		{
			name: "scaleDown with pod policy limitation and previous events", downEvents: events(1, 5, 9), minRep: 1, maxRep: 1000,
			downRules: generateScalingRules(5, 120, 0, 0, 300), current: 100, desired: 2, wantReplicas: 100, wantReason: hpa.ReasonScaleDownLimit,
		},
		{
			name: "scaleDown with percent policy limitation and previous events", downEvents: events(2, 4, 6), minRep: 1, maxRep: 1000,
			downRules: generateScalingRules(0, 0, 50, 120, 300), current: 100, desired: 0, wantReplicas: 56, wantReason: hpa.ReasonScaleDownLimit,
		},
		{
			name: "scaleDown with percent policy and previous scale up and down events", upEvents: events(2), downEvents: events(4), minRep: 1, maxRep: 1000,
			downRules: generateScalingRules(0, 0, 50, 180, 0), current: 10, desired: 1, wantReplicas: 6, wantReason: hpa.ReasonScaleDownLimit,
		},
		{
			name: "scaleDown with previous events preventing further scale down", downEvents: events(10, 10, 10), minRep: 1, maxRep: 1000,
			downRules: generateScalingRules(0, 0, 10, 120, 300), current: 100, desired: 0, wantReplicas: 100, wantReason: hpa.ReasonScaleDownLimit,
		},
		{
			name: "scaleDown with with previous events still allowing more scale down", downEvents: events(10, 10, 10), minRep: 1, maxRep: 1000,
			downRules: generateScalingRules(0, 0, 1000, 120, 300), current: 10, desired: 5, wantReplicas: 5, wantReason: hpa.ReasonDesiredWithinRange,
		},
		{
			name: "check 'outdated' flag for events for one behavior for up", upEvents: events(8, 12, 9, 11), minRep: 1, maxRep: 1000,
			upRules: generateScalingRules(1000, 60, 0, 0, 0), current: 100, desired: 200, wantReplicas: 200, wantReason: hpa.ReasonDesiredWithinRange,
		},
		{
			name: "check that events were not marked 'outdated' for two different policies in the behavior for up", upEvents: events(8, 12, 9, 11), minRep: 1, maxRep: 1000,
			upRules: generateScalingRules(1000, 120, 100, 60, 0), current: 100, desired: 200, wantReplicas: 200, wantReason: hpa.ReasonDesiredWithinRange,
		},
		{
			name: "check that events were marked 'outdated' for two different policies in the behavior for up", upEvents: events(8, 12, 9, 11), minRep: 1, maxRep: 1000,
			upRules: generateScalingRules(1000, 30, 100, 60, 0), current: 100, desired: 200, wantReplicas: 200, wantReason: hpa.ReasonDesiredWithinRange,
		},
		{
			name: "check 'outdated' flag for events for one behavior for down", downEvents: events(8, 12, 9, 11), minRep: 1, maxRep: 1000,
			downRules: generateScalingRules(1000, 60, 0, 0, 300), current: 100, desired: 5, wantReplicas: 5, wantReason: hpa.ReasonDesiredWithinRange,
		},
		{
			name: "check that events were not marked 'outdated' for two different policies in the behavior for down", downEvents: events(8, 12, 9, 11), minRep: 1, maxRep: 1000,
			downRules: generateScalingRules(1000, 120, 100, 60, 300), current: 100, desired: 5, wantReplicas: 5, wantReason: hpa.ReasonDesiredWithinRange,
		},
		{
			name: "check that events were marked 'outdated' for two different policies in the behavior for down", downEvents: events(8, 12, 9, 11), minRep: 1, maxRep: 1000,
			downRules: generateScalingRules(1000, 30, 100, 60, 300), current: 100, desired: 5, wantReplicas: 5, wantReason: hpa.ReasonDesiredWithinRange,
		},
	}
	validation.Vectors(t, "hpa/TestScalingWithRules", len(tests), "kubernetes/kubernetes pkg/controller/podautoscaler horizontal_test.go (scaling rules)")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			arg := hpa.NormalizationArg{
				ScaleUp:         hpa.GenerateScaleUpRules(tc.upRules),
				ScaleDown:       hpa.GenerateScaleDownRules(tc.downRules),
				MinReplicas:     tc.minRep,
				MaxReplicas:     tc.maxRep,
				CurrentReplicas: tc.current,
				DesiredReplicas: tc.desired,
			}
			got, reason := hpa.ConvertDesiredReplicasWithBehaviorRate(arg, now, tc.upEvents, tc.downEvents)
			if got != tc.wantReplicas || reason != tc.wantReason {
				t.Errorf("ConvertDesiredReplicasWithBehaviorRate(current %d, desired %d) = %d replicas (%s); want %d (%s)",
					tc.current, tc.desired, got, reason, tc.wantReplicas, tc.wantReason)
			}
		})
	}
}

// TestCalculateScaleUpLimitWithScalingRules and
// TestCalculateScaleDownLimitWithBehaviors: upstream horizontal_test.go, same
// names (selectPolicy Min picks the smaller change).
func TestCalculateLimitsWithMinChangePolicy(t *testing.T) {
	rules := hpa.ScalingRules{
		StabilizationWindow: dur(300 * time.Second),
		SelectPolicy:        hpa.MinChange,
		Policies: []hpa.ScalingPolicy{
			{Type: hpa.PodsPolicy, Value: 2, Period: 60 * time.Second},
			{Type: hpa.PercentPolicy, Value: 50, Period: 60 * time.Second},
		},
	}
	if got := hpa.ScaleUpLimitWithScalingRules(testNow, 1, nil, nil, rules); got != 2 {
		t.Errorf("TestCalculateScaleUpLimitWithScalingRules: ScaleUpLimitWithScalingRules(current 1) = %d replicas; want 2", got)
	}
	if got := hpa.ScaleDownLimitWithBehaviors(testNow, 5, nil, nil, rules); got != 3 {
		t.Errorf("TestCalculateScaleDownLimitWithBehaviors: ScaleDownLimitWithBehaviors(current 5) = %d replicas; want 3", got)
	}
}

// TestSelectPolicyDisabled: selectPolicy Disabled freezes its direction
// (horizontal.go, calculateScaleUpLimitWithScalingRules and
// calculateScaleDownLimitWithBehaviors return currentReplicas).
func TestSelectPolicyDisabled(t *testing.T) {
	off := &hpa.ScalingRules{SelectPolicy: hpa.Disabled}
	for _, tc := range []struct {
		name             string
		up, down         *hpa.ScalingRules
		current, desired int
		want             int
		wantReason       hpa.Reason
	}{
		{"scale up disabled", off, nil, 5, 9, 5, hpa.ReasonScaleUpLimit},
		{"scale down disabled", nil, off, 5, 2, 5, hpa.ReasonScaleDownLimit},
		{"scale up allowed while down disabled", nil, off, 5, 9, 9, hpa.ReasonDesiredWithinRange},
	} {
		t.Run(tc.name, func(t *testing.T) {
			arg := hpa.NormalizationArg{
				ScaleUp: hpa.GenerateScaleUpRules(tc.up), ScaleDown: hpa.GenerateScaleDownRules(tc.down),
				MinReplicas: 1, MaxReplicas: 100, CurrentReplicas: tc.current, DesiredReplicas: tc.desired,
			}
			got, reason := hpa.ConvertDesiredReplicasWithBehaviorRate(arg, testNow, nil, nil)
			if got != tc.want || reason != tc.wantReason {
				t.Errorf("ConvertDesiredReplicasWithBehaviorRate(current %d, desired %d) = %d replicas (%s); want %d (%s)",
					tc.current, tc.desired, got, reason, tc.want, tc.wantReason)
			}
		})
	}
}

// TestPercentPolicyRounding pins the rounding of Percent policies: up
// rounds the allowed count up (so 10 % of 5 still adds a pod), down
// truncates the remaining count (horizontal.go,
// calculateScaleUpLimitWithScalingRules, calculateScaleDownLimitWithBehaviors).
func TestPercentPolicyRounding(t *testing.T) {
	up := hpa.GenerateScaleUpRules(generateScalingRules(0, 0, 10, 15, 0))
	if got := hpa.ScaleUpLimitWithScalingRules(testNow, 5, nil, nil, up); got != 6 {
		t.Errorf("ScaleUpLimitWithScalingRules(current 5, 10 %%) = %d replicas; want 6", got)
	}
	down := hpa.GenerateScaleDownRules(generateScalingRules(0, 0, 50, 15, 0))
	if got := hpa.ScaleDownLimitWithBehaviors(testNow, 5, nil, nil, down); got != 2 {
		t.Errorf("ScaleDownLimitWithBehaviors(current 5, 50 %%) = %d replicas; want 2", got)
	}
}

// TestGenerateRules pins the API defaults of
// pkg/apis/autoscaling/v2/defaults.go and the field-by-field merge of
// copyHPAScalingRules.
func TestGenerateRules(t *testing.T) {
	sec := func(n int) time.Duration { return time.Duration(n) * time.Second }
	tests := []struct {
		name string
		got  hpa.ScalingRules
		want hpa.ScalingRules
	}{
		{
			name: "scale up defaults",
			got:  hpa.GenerateScaleUpRules(nil),
			want: hpa.ScalingRules{StabilizationWindow: dur(0), SelectPolicy: hpa.MaxChange, Policies: []hpa.ScalingPolicy{
				{Type: hpa.PodsPolicy, Value: 4, Period: sec(15)}, {Type: hpa.PercentPolicy, Value: 100, Period: sec(15)},
			}},
		},
		{
			name: "scale down defaults leave the window to the controller",
			got:  hpa.GenerateScaleDownRules(nil),
			want: hpa.ScalingRules{SelectPolicy: hpa.MaxChange, Policies: []hpa.ScalingPolicy{{Type: hpa.PercentPolicy, Value: 100, Period: sec(15)}}},
		},
		{
			name: "set fields win, unset ones default",
			got:  hpa.GenerateScaleUpRules(&hpa.ScalingRules{SelectPolicy: hpa.MinChange, StabilizationWindow: dur(sec(60))}),
			want: hpa.ScalingRules{StabilizationWindow: dur(sec(60)), SelectPolicy: hpa.MinChange, Policies: []hpa.ScalingPolicy{
				{Type: hpa.PodsPolicy, Value: 4, Period: sec(15)}, {Type: hpa.PercentPolicy, Value: 100, Period: sec(15)},
			}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.got); diff != "" {
				t.Errorf("Generate…Rules mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func ExampleScaleUpLimitWithScalingRules() {
	now := sim.At(time.Minute)
	rules := hpa.GenerateScaleUpRules(nil) // max(4 pods, 100 %) per 15 s
	// Five seconds ago the autoscaler went from 3 to 6 replicas.
	up := []hpa.ScaleEvent{{Change: 3, At: now.Add(-5 * time.Second)}}
	fmt.Println(hpa.ScaleUpLimitWithScalingRules(now, 6, up, nil, rules))
	// Output: 7
}
