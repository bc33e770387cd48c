package hpa

import (
	"time"

	"github.com/execsim/execsim/sim"
)

// Settled reports whether nothing the autoscaler remembers at now can make
// it act otherwise than it would with no history at replicas: no
// stabilization recommendation inside the windows it reads is above
// replicas (it would hold a scale-down: the downscale window takes the
// highest), none is below unless replicas is the floor and no upscale
// window is set (a lower one would hold a scale-up or a scale-down to it;
// at the floor and without an upscale window it changes nothing, any
// recommendation being raised to the floor), and every scale event inside
// the policies' periods is outdated. A fresh autoscaler's first
// recommendations at replicas are then the same as the settled one's, which
// is what a regeneration point of a cluster needs of its HPAs (the
// controller reads only these records of its past: horizontal.go,
// stabilizeRecommendationWithBehaviors and getReplicasChangePerPeriod).
func (a *Autoscaler) Settled(now sim.Time, replicas int) bool {
	horizon := a.memory()
	floor := replicas <= a.cfg.MinReplicas && (a.up.StabilizationWindow == nil || *a.up.StabilizationWindow == 0)
	for _, r := range a.recs {
		if now.Sub(r.At) >= horizon {
			continue
		}
		if r.Replicas > replicas || r.Replicas < replicas && !floor {
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
