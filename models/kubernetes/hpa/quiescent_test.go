package hpa

import (
	"testing"
	"time"

	"github.com/execsim/execsim/sim"
)

// An autoscaler is settled when nothing it remembers differs from a fresh
// one at the current replicas: the default 5-minute downscale window
// bounds what it reads.
func TestSettled(t *testing.T) {
	at := sim.At(24 * time.Hour)
	for _, tc := range []struct {
		name string
		recs []Recommendation
		up   []ScaleEvent
		want bool
	}{
		{"no history", nil, nil, true},
		{"recommendations of the current replicas", []Recommendation{{Replicas: 2, At: at.Add(-time.Minute)}}, nil, true},
		{"a recommendation of more inside the window", []Recommendation{{Replicas: 5, At: at.Add(-4 * time.Minute)}}, nil, false},
		{"a recommendation of more before the window", []Recommendation{{Replicas: 5, At: at.Add(-6 * time.Minute)}}, nil, true},
		{"a recommendation below the floor", []Recommendation{{Replicas: 1, At: at.Add(-time.Minute)}}, nil, true},
		{"a recent scale-up", nil, []ScaleEvent{{Change: 3, At: at.Add(-time.Minute)}}, false},
		{"an outdated scale-up", nil, []ScaleEvent{{Change: 3, At: at.Add(-time.Minute), Outdated: true}}, true},
		{"an old scale-up", nil, []ScaleEvent{{Change: 3, At: at.Add(-time.Hour)}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := New(testConfig(2, 10, cpu(50), nil))
			if err != nil {
				t.Fatal(err)
			}
			a.recs, a.upEvents = tc.recs, tc.up
			if got := a.Settled(at, 2); got != tc.want {
				t.Errorf("Settled = %v, want %v", got, tc.want)
			}
			// above the floor (2), a lower recommendation holds a scale-down
			a.cfg.MinReplicas = 1
			lower := len(tc.recs) > 0 && tc.recs[0].Replicas < 2
			if got := a.Settled(at, 2); got != (tc.want && !lower) {
				t.Errorf("Settled = %v, want %v", got, tc.want)
			}
		})
	}
}
