package kubernetes

import (
	"testing"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simtest"
)

// Requests go to the deployment their Service index names.
func TestServiceSelectsDeployment(t *testing.T) {
	cfg := oneDeployment(func(_ *Config, d *Deployment) { instant(d) })
	other := cfg.Deployments[0]
	other.Name = "api"
	other.Replicas = 0
	cfg.Deployments = append(cfg.Deployments, other)
	l := &simtest.List{Reqs: []models.Request{
		{ID: 0, Arrival: 1e9, Service: 0, Work: models.Work{IO: time.Millisecond}},
		{ID: 1, Arrival: 1e9, Service: 1, Work: models.Work{IO: time.Millisecond}},
	}}
	res := simulate(t, cfg, l, time.Minute, 1)
	u := res.c.Usage().Deployments
	if u[0].Completed != 1 || u[1].NoEndpoints != 1 {
		t.Errorf("web completed %d, api rejected %d; want 1 and 1 (api has no pods)", u[0].Completed, u[1].NoEndpoints)
	}
}

// One long request holds a pod: least-outstanding sends everything else to
// the other pod; round-robin alternates regardless.
func TestRouting(t *testing.T) {
	for _, tc := range []struct {
		routing Routing
		want    [2]int64 // routed to the pod with the long request, to the other
	}{{ALBLeastOutstanding, [2]int64{1, 4}}, {ALBRoundRobin, [2]int64{3, 2}}} {
		t.Run(tc.routing.String(), func(t *testing.T) {
			cfg := oneDeployment(func(_ *Config, d *Deployment) {
				instant(d)
				d.Routing = tc.routing
			})
			l := &simtest.List{Reqs: []models.Request{{ID: 0, Arrival: 1e9, Work: models.Work{IO: 10 * time.Second}}}}
			for i := range 4 {
				l.Reqs = append(l.Reqs, models.Request{ID: int64(i + 1), Arrival: sim.Time(2+i) * 1e9, Work: models.Work{IO: 100 * time.Millisecond}})
			}
			res := simulate(t, cfg, l, time.Minute, 1)
			c := res.c
			a, b := c.pods.At(c.deps[0].serving[0]).routed, c.pods.At(c.deps[0].serving[1]).routed
			if [2]int64{a, b} != tc.want {
				t.Errorf("routed %d and %d; want %v", a, b, tc.want)
			}
		})
	}
}
