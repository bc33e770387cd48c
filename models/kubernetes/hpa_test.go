package kubernetes

import (
	"testing"
	"time"

	"github.com/execsim/execsim/models/kubernetes/hpa"
)

// Per-pod Pods metrics: with an rps target of 50 per pod, 400 requests/s
// settle at 8 replicas; with an in-flight target of 2 and 0.5 s requests,
// 40 requests/s (20 in flight) settle at 10.
func TestHPAPodsMetrics(t *testing.T) {
	for _, tc := range []struct {
		name   string
		metric string
		target int64
		rate   float64
		io     string
		want   int
	}{
		{"rps", MetricRPS, 50_000, 400, "exp(mean=20ms)", 8},
		{"inflight", MetricInflight, 2_000, 40, "500ms", 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := oneDeployment(func(c *Config, d *Deployment) {
				c.NodePools[0].InstanceTypes = []string{"m6i.2xlarge"}
				h := hpa.DefaultConfig()
				h.Metric = hpa.MetricTarget{Type: hpa.PodsAverageValue, Name: tc.metric, AverageValueMilli: tc.target}
				h.MinReplicas, h.MaxReplicas = 2, 30
				d.HPA = &h
			})
			src := newPoisson(tc.rate, "0s", tc.io, 900*time.Second, 2)
			res := simulate(t, cfg, src, 900*time.Second, 2)
			if got := res.c.Replicas(0); got < tc.want-1 || got > tc.want+1 {
				t.Errorf("replicas %d after 15 min; want %d ± 1 (history %v)", got, tc.want, rescales(res.c))
			}
		})
	}
}
