package kubernetes

import (
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/sim"
)

// consolidateAfter counts from the node's last pod event, not from its
// launch. Three 1000m pods fill one m6i.xlarge, launched at 1 s (batch
// idle) and Ready at 61 s; consolidateAfter is 5 min, so counted from the
// launch the node could go from 301 s. The replicas then fall to zero;
// the node may be deleted only 5 min after the first pod event of the
// last 10-s burst (the podevents controller's dedupe), then within one
// 10-s poll and the 15-s validation.
func TestKarpenterConsolidateAfterCountsFromPodEvents(t *testing.T) {
	for _, tc := range []struct {
		name  string
		steps []scaleStep
		event time.Duration // the pod event consolidateAfter counts from
	}{
		{"all pods deleted at 400 s", []scaleStep{{400 * time.Second, 0}}, 400 * time.Second},
		{"a second deletion 5 s later is deduplicated", []scaleStep{{400 * time.Second, 1}, {405 * time.Second, 0}}, 400 * time.Second},
		{"a second deletion 20 s later counts", []scaleStep{{400 * time.Second, 1}, {420 * time.Second, 0}}, 420 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := oneDeployment(func(c *Config, d *Deployment) {
				c.NodeAutoscaler = Karpenter
				c.NodeLaunch = dist.Const(60 * time.Second)
				c.NodePools = []NodePool{{Name: "kp", InstanceTypes: []string{"m6i.xlarge"}, MaxNodes: 10}}
				c.Karpenter.ConsolidateAfter = 5 * time.Minute
				d.Replicas, d.CPURequestMilli, d.MemoryRequestMiB = 3, 1000, 2048
			})
			k, c := build(t, cfg, 1)
			for _, s := range tc.steps {
				scaleAt(k, c, s.at, s.replicas)
			}
			k.RunUntil(sim.At(20 * time.Minute))
			var removed []sim.Time
			for _, h := range c.History() {
				if h.Kind == NodeRemove {
					removed = append(removed, h.At)
				}
			}
			lo := sim.At(tc.event + 5*time.Minute + 15*time.Second)
			hi := lo.Add(10 * time.Second)
			if len(removed) != 1 || removed[0] < lo || removed[0] > hi {
				t.Errorf("node removed at %v; want once, in [%v, %v]", removed, lo, hi)
			}
		})
	}
}

type scaleStep struct {
	at       time.Duration
	replicas int
}
