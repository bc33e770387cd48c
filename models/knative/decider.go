package knative

import (
	"math"
	"time"

	"github.com/execsim/execsim/sim"
)

// Spec is what the KPA decider decides by (knative/serving
// pkg/autoscaler/scaling, DeciderSpec).
type Spec struct {
	// TargetValue is the per-pod value the decider aims at; TotalValue the
	// per-pod capacity counted for the excess burst capacity.
	TargetValue, TotalValue float64
	TargetBurstCapacity     float64
	// PanicThreshold is a ratio (2 for 200 %).
	PanicThreshold                   float64
	MaxScaleUpRate, MaxScaleDownRate float64
	ActivationScale                  int
	StableWindow                     time.Duration
	// Reachable is whether the revision takes traffic (false: it may drop
	// to any count at once).
	Reachable bool
}

// SpecOf is the decider's spec for revision r.
func SpecOf(r *Revision) Spec {
	target, total := r.TargetValue()
	return Spec{TargetValue: target, TotalValue: total, TargetBurstCapacity: r.TargetBurstCapacity,
		PanicThreshold: r.PanicThresholdPercent / 100, MaxScaleUpRate: r.MaxScaleUpRate, MaxScaleDownRate: r.MaxScaleDownRate,
		ActivationScale: r.ActivationScale, StableWindow: r.StableWindow, Reachable: true}
}

// Decision is one decision of the decider: the pods wanted, and the excess
// burst capacity (negative: keep the activator in the path).
type Decision struct {
	Desired int
	EBC     int
}

// Decider is the KPA's decider for one revision: its state is whether it
// panics, since when, and the most pods it asked for while panicking.
type Decider struct {
	spec         Spec
	panicking    bool
	panicTime    sim.Time
	maxPanicPods int
}

// NewDecider starts a decider for a revision with ready pods. Upstream
// starts in panic mode when more than one pod is ready, so that an
// autoscaler that restarted without metric history does not scale down
// at once (pkg/autoscaler/scaling/autoscaler.go, newAutoscaler).
func NewDecider(spec Spec, ready int, now sim.Time) *Decider {
	d := &Decider{spec: spec, maxPanicPods: ready}
	if ready > 1 {
		d.panicking, d.panicTime = true, now
	}
	return d
}

// Update replaces the spec from the next tick on (autoscaler.go, Update).
func (d *Decider) Update(s Spec) { d.spec = s }

// Panicking reports whether the decider is in panic mode.
func (d *Decider) Panicking() bool { return d.panicking }

// Scale is one tick of the decider at now (autoscaler.go, Scale), given the
// revision's ready pods and the metric's stable- and panic-window averages.
// In words:
//
//   - the desired pods of each window are ⌈value / target⌉, kept within
//     [⌊ready / maxScaleDownRate⌋, ⌈ready × maxScaleUpRate⌉] (ready counted
//     as at least 1), and raised to the activation scale when positive;
//   - the panic window's count at or above panicThreshold × ready starts
//     (or extends) panic mode; panic ends once a whole stable window passed
//     since the last time it was over the threshold;
//   - in panic mode the larger of the two counts is wanted, and the count
//     never decreases: the decider keeps the most it asked for;
//   - the excess burst capacity is ⌊ready × total − TBC − panic value⌋ (0
//     when TBC is 0, −1 when it is −1).
func (d *Decider) Scale(now sim.Time, ready int, stable, panicValue float64) Decision {
	s := &d.spec
	readyF := math.Max(1, float64(ready))
	maxUp := math.Ceil(s.MaxScaleUpRate * readyF)
	maxDown := 0.0
	if s.Reachable {
		maxDown = math.Floor(readyF / s.MaxScaleDownRate)
	}
	dspc := math.Ceil(stable / s.TargetValue)
	dppc := math.Ceil(panicValue / s.TargetValue)
	stablePods := int(math.Min(math.Max(dspc, maxDown), maxUp))
	panicPods := int(math.Min(math.Max(dppc, maxDown), maxUp))
	if s.ActivationScale > 1 {
		if dspc > 0 && s.ActivationScale > stablePods {
			stablePods = s.ActivationScale
		}
		if dppc > 0 && s.ActivationScale > panicPods {
			panicPods = s.ActivationScale
		}
	}
	over := dppc/readyF >= s.PanicThreshold
	switch {
	case over:
		d.panicking, d.panicTime = true, now
	case d.panicking && d.panicTime.Add(s.StableWindow) < now:
		d.panicking = false
		d.maxPanicPods = 0
	}
	want := stablePods
	if d.panicking {
		want = max(want, panicPods)
		d.maxPanicPods = max(d.maxPanicPods, want)
		want = d.maxPanicPods
	}
	ebc := -1.0
	switch {
	case s.TargetBurstCapacity == 0:
		ebc = 0
	case s.TargetBurstCapacity > 0:
		ebc = math.Floor(float64(ready)*s.TotalValue - s.TargetBurstCapacity - panicValue)
	}
	return Decision{Desired: want, EBC: int(ebc)}
}
