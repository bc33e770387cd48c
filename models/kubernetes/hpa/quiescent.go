package hpa

import (
	"time"

	"github.com/execsim/execsim/sim"
)

// Settled reports whether nothing the autoscaler remembers at now can make
// it act otherwise than it would with no history at replicas: every
// stabilization recommendation it keeps is for replicas, or older than
// every window it reads, and every scale event it keeps is outdated or
// older than every policy period. A fresh autoscaler's first
// recommendations at replicas are then the same as the settled one's, which
// is what a regeneration point of a cluster needs of its HPAs (the
// controller reads only these records of its past: horizontal.go,
// stabilizeRecommendationWithBehaviors and getReplicasChangePerPeriod).
func (a *Autoscaler) Settled(now sim.Time, replicas int) bool {
	horizon := a.memory()
	for _, r := range a.recs {
		if r.Replicas != replicas && now.Sub(r.At) < horizon {
			return false
		}
	}
	for _, evs := range [][]ScaleEvent{a.upEvents, a.downEvents} {
		for _, e := range evs {
			if !e.Outdated && now.Sub(e.At) < horizon {
				return false
			}
		}
	}
	return true
}

// memory is the longest stretch of the past the autoscaler reads: its
// stabilization windows and its policies' periods.
func (a *Autoscaler) memory() time.Duration {
	h := a.cfg.DownscaleStabilizationWindow
	for _, rules := range []ScalingRules{a.up, a.down} {
		if w := rules.StabilizationWindow; w != nil {
			h = max(h, *w)
		}
		for _, p := range rules.Policies {
			h = max(h, p.Period)
		}
	}
	return h
}
