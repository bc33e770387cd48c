package knative

import (
	"fmt"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	k8s "github.com/execsim/execsim/models/kubernetes"
	"github.com/execsim/execsim/sim/simtest"
)

// One pod at a fixed scale (minScale = maxScale = 1) with
// containerConcurrency c, cpu 0, exponential io and Poisson arrivals is an
// M/M/c queue on the queue-proxy's limit: the waiting probability is
// Erlang C and the mean response 1/μ + C/(cμ − λ). Two request paths give
// it: straight to the pod (target-burst-capacity 0 keeps the activator out
// once the pod is up), where requests over the limit wait in the
// queue-proxy's breaker queue (10 × c deep, so that at ρ = 0.8 no request
// is refused in practice); and through the activator (target-burst-capacity
// −1), which holds them in its own FIFO until a slot frees. The tolerance
// is the Kubernetes model's for the same check (models/kubernetes
// theory_test.go).
func TestErlangC(t *testing.T) {
	const c, lambda, mu = 10, 8.0, 1.0
	wantWait := simtest.ErlangC(c, lambda/mu)
	wantMean := 1/mu + wantWait/(float64(c)*mu-lambda)
	for _, tc := range []struct {
		path    string
		tbc     float64
		horizon time.Duration
		long    bool
	}{
		{"direct", 0, 60_000 * time.Second, false},
		{"activator", -1, 60_000 * time.Second, false},
		{"direct", 0, 400_000 * time.Second, true},
		{"activator", -1, 400_000 * time.Second, true},
	} {
		t.Run(fmt.Sprintf("%s horizon=%v", tc.path, tc.horizon), func(t *testing.T) {
			if tc.long && testing.Short() {
				t.Skip("long statistical check")
			}
			rev := DefaultRevision("web", 0)
			rev.ContainerConcurrency = c
			rev.MinScale, rev.MaxScale, rev.InitialScale = 1, 1, 1
			rev.TargetBurstCapacity = tc.tbc
			src := simtest.NewPoisson(lambda, dist.Const(0), dist.MustParse("exp(mean=1s)"), tc.horizon, 7)
			r := simulate(t, rev, func(d *k8s.Deployment) {
				lifecycle(d, 0, 0, 0, 0, 0)
				d.Timeout = 0
			}, src, tc.horizon, 1)
			dep := r.cl.Usage().Deployments[0]
			st := r.m.Stats()[0]
			var pWait float64
			if tc.path == "direct" {
				pWait = float64(dep.Queued) / float64(r.rec.Arrivals())
				if st.Activated > 100 {
					t.Errorf("%d requests went through the activator; want (almost) none", st.Activated)
				}
			} else {
				pWait = float64(st.Held+dep.Queued) / float64(r.rec.Arrivals())
				if dep.Queued != 0 {
					t.Errorf("%d requests queued in the pod; the activator should hold them", dep.Queued)
				}
			}
			mean := r.rec.Latency().Mean().Seconds()
			t.Logf("arrivals %d P(wait) %.5f (Erlang C %.5f) mean %.5f s (M/M/c %.5f s)", r.rec.Arrivals(), pWait, wantWait, mean, wantMean)
			name := fmt.Sprintf("Knative, one pod, containerConcurrency 10, λ = 8, μ = 1, %s, %v", tc.path, tc.horizon)
			simtest.CheckMMc(t, "knative", name, pWait, wantWait, mean, wantMean)
			if n := r.rec.Count(models.Rejected) + r.rec.Count(models.Failed); n != 0 {
				t.Errorf("%d rejected or failed; want none", n)
			}
		})
	}
}
