package knative

import (
	"math"
	"testing"
	"time"

	"github.com/execsim/execsim/sim"
)

// The decider's test vectors are upstream's unit tests of the KPA decider
// (knative/serving pkg/autoscaler/scaling/autoscaler_test.go, at commit
// 98e5ef90), re-expressed: each case names its upstream test, and each
// step gives the ready pods and the stable and panic averages the fake
// metric client returned, and the decision upstream expects. Upstream's
// test decider has target utilisation 75 % (TotalValue = target / 0.75),
// panic threshold 2, max scale up and down rates 10, a stable window of
// 60 s and one ready pod unless the test sets another count.

const testUtilization = 0.75

// ebcOf is upstream's expectedEBC(totCap, targetBC, recordedConcurrency,
// numPods).
func ebcOf(target, tbc, recorded, pods float64) int {
	return int(math.Floor(target/testUtilization*pods - tbc - recorded))
}

type step struct {
	at             time.Duration // since the case's start
	ready          int
	stable, panicV float64
	want           int
	ebc            int
	panicking      int // 1: must panic, −1: must not, 0: not checked
}

func TestDeciderUpstreamVectors(t *testing.T) {
	spec := func(target, tbc float64) Spec {
		return Spec{TargetValue: target, TotalValue: target / testUtilization, TargetBurstCapacity: tbc,
			PanicThreshold: 2, MaxScaleUpRate: 10, MaxScaleDownRate: 10, StableWindow: 60 * time.Second, Reachable: true}
	}
	type tcase struct {
		name     string // upstream test (and subtest label)
		spec     Spec
		tweak    func(*Spec)
		prePanic *[2]int // panic begun 5 s before, with this maxPanicPods: {1, n}
		steps    []step
	}
	sw := 60 * time.Second
	cases := []tcase{
		{name: "TestAutoscalerStableModeIncreaseWithConcurrencyDefault", spec: spec(10, 101), steps: []step{
			{0, 1, 50, 10, 5, ebcOf(10, 101, 10, 1), 0},
			{0, 1, 100, 10, 10, ebcOf(10, 101, 10, 1), 0},
		}},
		{name: "TestAutoscalerStableModeIncreaseWithRPS", spec: spec(10, 101), steps: []step{
			{0, 1, 50, 50, 5, ebcOf(10, 101, 50, 1), 0},
			{0, 1, 100, 99, 10, ebcOf(10, 101, 99, 1), 0},
		}},
		{name: "TestAutoscalerUnpanicAfterSlowIncrease", spec: spec(1, 98), steps: []step{
			{0, 10, 11, 25, 25, ebcOf(1, 98, 25, 10), 1},
			{sw / 2, 40, 30, 41, 41, ebcOf(1, 98, 41, 40), 1},
			{sw + TickInterval, 55, 50, 56, 50, ebcOf(1, 98, 56, 55), -1},
		}},
		{name: "TestAutoscalerExtendPanicWindow", spec: spec(1, 98), steps: []step{
			{0, 10, 11, 25, 25, ebcOf(1, 98, 25, 10), 1},
			{sw / 2, 40, 30, 80, 80, ebcOf(1, 98, 80, 40), 1},
		}},
		{name: "TestAutoscalerStableModeDecrease", spec: spec(10, 98), steps: []step{
			{0, 8, 100, 100, 10, ebcOf(10, 98, 100, 8), 0},
			{0, 8, 50, 50, 5, ebcOf(10, 98, 50, 8), 0},
		}},
		{name: "TestAutoscalerStableModeNoTrafficScaleToZero", spec: spec(10, 75), steps: []step{
			{0, 1, 1, 0, 1, ebcOf(10, 75, 0, 1), 0},
			{0, 1, 0, 0, 0, ebcOf(10, 75, 0, 1), 0},
		}},
		{name: "TestAutoscalerActivationScale", spec: spec(10, 75), tweak: func(s *Spec) { s.ActivationScale = 2 }, steps: []step{
			{0, 1, 0, 0, 0, ebcOf(10, 75, 0, 1), 0},
			{0, 1, 1, 0, 2, ebcOf(10, 75, 0, 1), 0},
		}},
		{name: "TestAutoscalerPanicModeExponentialTrackAndStabilize", spec: spec(1, 101), steps: []step{
			{0, 1, 6, 6, 6, ebcOf(1, 101, 6, 1), 0},
			{0, 6, 36, 36, 36, ebcOf(1, 101, 36, 6), 1},
			{time.Second, 36, 216, 216, 216, ebcOf(1, 101, 216, 36), 1},
			{time.Second, 216, 1296, 1296, 1296, ebcOf(1, 101, 1296, 216), 1},
			{2 * time.Second, 1296, 1296, 1296, 1296, ebcOf(1, 101, 1296, 1296), 0},
		}},
		{name: "TestAutoscalerScale/AutoscalerNoDataAtZeroNoAutoscale", spec: spec(10, 100), steps: []step{
			{0, 1, 0, 0, 0, ebcOf(10, 100, 0, 1), 0}}},
		{name: "TestAutoscalerScale/AutoscalerStableModeUnlimitedTBC", spec: spec(181, -1), steps: []step{
			{0, 1, 21, 26, 1, -1, 0}}},
		{name: "TestAutoscalerScale/Autoscaler0TBC", spec: spec(10, 0), steps: []step{
			{0, 1, 50, 49, 5, 0, 0}}},
		{name: "TestAutoscalerScale/AutoscalerStableModeNoChange", spec: spec(10, 100), steps: []step{
			{0, 1, 50, 50, 5, ebcOf(10, 100, 50, 1), 0}}},
		{name: "TestAutoscalerScale/AutoscalerPanicStableLargerThanPanic", spec: spec(1, 100), prePanic: &[2]int{1, 5}, steps: []step{
			{0, 5, 50, 30, 50, ebcOf(1, 100, 30, 5), 1}}},
		{name: "TestAutoscalerScale/AutoscalerPanicStableLessThanPanic", spec: spec(1, 100), prePanic: &[2]int{1, 5}, steps: []step{
			{0, 5, 20, 30, 30, ebcOf(1, 100, 30, 5), 1}}},
		{name: "TestAutoscalerScale/AutoscalerStableModeNoChangeAlreadyScaled", spec: spec(10, 100), steps: []step{
			{0, 5, 50, 50, 5, ebcOf(10, 100, 50, 5), 0}}},
		{name: "TestAutoscalerScale/AutoscalerStableModeIncreaseWithSmallScaleUpRate", spec: spec(1, 1982),
			tweak: func(s *Spec) { s.MaxScaleUpRate = 1.1 }, steps: []step{
				{0, 2, 3, 3.1, 3, ebcOf(1, 1982, 3.1, 2), 0}}},
		{name: "TestAutoscalerScale/AutoscalerStableModeDecreaseWithSmallScaleDownRate", spec: spec(10, 1982),
			tweak: func(s *Spec) { s.MaxScaleDownRate = 1.1 }, steps: []step{
				{0, 100, 1, 1, 90, ebcOf(10, 1982, 1, 100), 0}}},
		{name: "TestAutoscalerScale/AutoscalerStableModeDecreaseNonReachable", spec: spec(10, 1982),
			tweak: func(s *Spec) { s.MaxScaleDownRate = 1.1; s.Reachable = false }, steps: []step{
				{0, 100, 1, 1, 1, ebcOf(10, 1982, 1, 100), 0}}},
		{name: "TestAutoscalerScale/AutoscalerPanicModeDoublePodCount", spec: spec(10, 84), steps: []step{
			{0, 1, 50, 100, 10, ebcOf(10, 84, 100, 1), 1}}},
		{name: "TestAutoscalerPanicThenUnPanicScaleDown", spec: spec(10, 93), steps: []step{
			{0, 1, 100, 100, 10, ebcOf(10, 93, 100, 1), 0},
			{0, 10, 100, 1000, 100, ebcOf(10, 93, 1000, 10), 1},
			{30 * time.Second, 10, 1, 1, 100, ebcOf(10, 93, 1, 10), 1},
			{61 * time.Second, 10, 1, 1, 1, ebcOf(10, 93, 1, 10), -1},
		}},
		{name: "TestAutoscalerRateLimitScaleUp", spec: spec(10, 61), steps: []step{
			{0, 1, 1000, 1001, 10, ebcOf(10, 61, 1001, 1), 0},
			{0, 10, 1000, 1001, 100, ebcOf(10, 61, 1001, 10), 0},
		}},
		{name: "TestAutoscalerRateLimitScaleDown", spec: spec(10, 61), steps: []step{
			{0, 100, 1, 1, 10, ebcOf(10, 61, 1, 100), 0},
			{0, 10, 1, 1, 1, ebcOf(10, 61, 1, 10), 0},
		}},
		{name: "TestAutoscalerUseOnePodAsMinimumIfEndpointsNotFound", spec: spec(10, 81), steps: []step{
			// upstream: ready count 0 (not found) scales as if 1 were ready
			{0, 0, 1000, 888, 10, ebcOf(10, 81, 888, 0), 0},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.spec
			if tc.tweak != nil {
				tc.tweak(&s)
			}
			start := sim.At(time.Hour)
			d := NewDecider(s, 1, start)
			if tc.prePanic != nil {
				d.panicking, d.panicTime, d.maxPanicPods = true, start.Add(-5*time.Second), tc.prePanic[1]
			}
			for i, st := range tc.steps {
				got := d.Scale(start.Add(st.at), st.ready, st.stable, st.panicV)
				if got.Desired != st.want || got.EBC != st.ebc {
					t.Errorf("step %d: got %d pods, EBC %d; upstream expects %d pods, EBC %d", i, got.Desired, got.EBC, st.want, st.ebc)
				}
				if st.panicking != 0 && d.Panicking() != (st.panicking > 0) {
					t.Errorf("step %d: panicking = %v", i, d.Panicking())
				}
			}
		})
	}
}

// TestAutoscalerUpdateTarget: a new spec applies from the next tick.
func TestDeciderUpdateTarget(t *testing.T) {
	s := Spec{TargetValue: 10, TotalValue: 10 / testUtilization, TargetBurstCapacity: 77, PanicThreshold: 2,
		MaxScaleUpRate: 10, MaxScaleDownRate: 10, StableWindow: time.Minute, Reachable: true}
	d := NewDecider(s, 1, 0)
	if got := d.Scale(0, 1, 100, 101); got != (Decision{10, ebcOf(10, 77, 101, 1)}) {
		t.Fatalf("before the update: %+v", got)
	}
	d.Update(Spec{TargetValue: 1, TotalValue: 1 / testUtilization, TargetBurstCapacity: 71, PanicThreshold: 2,
		MaxScaleUpRate: 10, MaxScaleDownRate: 10, StableWindow: time.Minute})
	if got := d.Scale(0, 10, 100, 101); got != (Decision{100, ebcOf(1, 71, 101, 10)}) {
		t.Fatalf("after the update: %+v", got)
	}
}

// TestStartInPanicMode: a decider made with more than one ready pod starts
// panicking, holding the pods it found; with 0 or 1 it does not.
func TestDeciderStartInPanicMode(t *testing.T) {
	s := Spec{TargetValue: 100, TotalValue: 120, TargetBurstCapacity: 11, PanicThreshold: 2.2,
		MaxScaleUpRate: 10, MaxScaleDownRate: 10, StableWindow: time.Minute}
	for ready := range 3 {
		d := NewDecider(s, ready, 0)
		if d.Panicking() != (ready > 1) || d.maxPanicPods != ready {
			t.Errorf("ready %d: panicking %v, max panic pods %d", ready, d.Panicking(), d.maxPanicPods)
		}
	}
}
