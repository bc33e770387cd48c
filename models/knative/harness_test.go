package knative

import (
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	k8s "github.com/execsim/execsim/models/kubernetes"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simtest"
)

// run is one simulated run of a Knative revision on a default cluster.
type run struct {
	k   *sim.Kernel
	m   *Model
	cl  *k8s.Cluster
	rec *metrics.Recorder
}

// lifecycle makes pod start-up deterministic: pull, start, init, probe
// period and endpoint propagation fixed, routing random (no ALB).
func lifecycle(d *k8s.Deployment, pull, start, init, probe, propagate time.Duration) {
	d.ImagePull = dist.Const(pull)
	d.ContainerStart = dist.Const(start)
	d.AppInit = dist.Const(init)
	d.ReadinessPeriod = probe
	d.EndpointPropagation = dist.Const(propagate)
	d.Routing = k8s.KubeProxyRandom
}

// simulate runs one revision (Deployment 0 of a default cluster, sized as
// the adapter does: replicas = initial scale, no HPA, the queue-proxy's
// slots and queue) against src until horizon, and checks conservation.
func simulate(t testing.TB, rev Revision, tweak func(*k8s.Deployment), src models.Source, horizon time.Duration, seed uint64) run {
	t.Helper()
	cfg := k8s.DefaultConfig()
	d := k8s.DefaultDeployment("web")
	d.Replicas = max(rev.InitialScale, rev.MinScale)
	if cc := rev.ContainerConcurrency; cc > 0 {
		d.Concurrency, d.Queue = cc, 10*cc
	}
	if tweak != nil {
		tweak(&d)
	}
	cfg.Deployments = []k8s.Deployment{d}
	k := sim.New(seed)
	rec := metrics.NewRecorder(10*time.Second, 1)
	m, err := New(k, Config{Revisions: []Revision{rev}, RevisionOf: []int{0}}, rec)
	if err != nil {
		t.Fatalf("knative.New: %v", err)
	}
	cl, err := k8s.New(k, cfg, m.Recorder())
	if err != nil {
		t.Fatalf("kubernetes.New: %v", err)
	}
	m.Attach(cl)
	models.Drive(k, src, m, rec)
	end := sim.At(horizon)
	k.RunUntil(end)
	rec.Close(end)
	simtest.CheckConservation(t, rec)
	return run{k, m, cl, rec}
}

// rescales lists the revision's spec.replicas changes: time and new count.
func (r run) rescales() (at []sim.Time, to []int) {
	for _, h := range r.cl.History() {
		if h.Kind == k8s.Rescale {
			at = append(at, h.At)
			to = append(to, h.To)
		}
	}
	return at, to
}
