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

// BenchmarkRevision runs one revision at 50 requests per second for an
// hour (180,000 requests), the activator in the path (one pod at a time,
// the default burst capacity), per request.
func BenchmarkRevision(b *testing.B) {
	rev := DefaultRevision("web", 0)
	rev.ContainerConcurrency = 10
	const horizon = time.Hour
	var reqs int64
	b.ReportAllocs()
	for b.Loop() {
		src := simtest.NewPoisson(50, dist.MustParse("exp(mean=5ms)"), dist.MustParse("exp(mean=40ms)"), horizon, 7)
		r := simulate(b, rev, func(d *k8s.Deployment) { lifecycle(d, time.Second, time.Second, time.Second, 0, 0) }, src, horizon, 1)
		reqs = r.rec.Arrivals()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(int64(b.N)*reqs), "ns/request")
}

// BenchmarkPlainDeployment is the same load on the same cluster as a plain
// Deployment of one pod, no Knative in front: the baseline for
// BenchmarkRevision's overhead.
func BenchmarkPlainDeployment(b *testing.B) {
	const horizon = time.Hour
	var reqs int64
	for b.Loop() {
		cfg := k8s.DefaultConfig()
		d := k8s.DefaultDeployment("web")
		d.Replicas, d.Concurrency, d.Queue = 1, 10, 100
		lifecycle(&d, time.Second, time.Second, time.Second, 0, 0)
		cfg.Deployments = []k8s.Deployment{d}
		k := sim.New(1)
		rec := metrics.NewRecorder(10*time.Second, 1)
		cl, err := k8s.New(k, cfg, rec)
		if err != nil {
			b.Fatal(err)
		}
		models.Drive(k, simtest.NewPoisson(50, dist.MustParse("exp(mean=5ms)"), dist.MustParse("exp(mean=40ms)"), horizon, 7), cl, rec)
		k.RunUntil(sim.At(horizon))
		rec.Close(sim.At(horizon))
		reqs = rec.Arrivals()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(int64(b.N)*reqs), "ns/request")
}
