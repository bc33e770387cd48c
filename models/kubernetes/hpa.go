package kubernetes

import (
	"math"
	"time"

	"github.com/execsim/execsim/models/kubernetes/hpa"
	"github.com/execsim/execsim/sim"
)

// The metrics pipeline and the HPA (kubernetes.md A.1.2, C.1.3).
//
// metrics-server scrapes every running container every MetricResolution
// and reports CPU as the rate between its last two scrapes
// (pkg/storage/types.go, resourceUsage): a pod has no metric until it has
// two points, except that a container that started at least 10 s and less
// than one resolution before a scrape gets a synthetic zero point at its
// start (pkg/storage/pod.go, freshContainerMinMetricsResolution). So a new
// pod is "missing" for roughly 10–30 s. The cumulative CPU comes from the
// processor-sharing account of serving.go. Pods metrics are computed over
// the same two scrapes: "rps" is requests routed to the pod per second,
// "inflight" the time-averaged requests queued or in service. The kubelet
// collects stats every StatsHousekeeping from a random phase per node and a
// scrape reads the last collection, so what metrics-server sees lags by a
// further 0–10 s (kubernetes.md A.1.2, "Model").
//
// Each HPA syncs every SyncPeriod from a random phase and is given every
// pod of its deployment — Pending ones, starting ones (Pending phase until
// the container runs), Ready ones and deleting ones — with its start time,
// Ready condition and metric, and spec.replicas as the current count. The
// decision is hpa.Autoscaler.Reconcile's; the ReplicaSet then creates or
// deletes pods (pod.go).

type scrapePoint struct {
	t      sim.Time
	cpuNs  float64
	routed int64
	infl   float64
}

// freshContainerMinResolution is metrics-server's
// freshContainerMinMetricsResolution.
const freshContainerMinResolution = 10 * time.Second

// scrape takes one metrics-server sample of every running pod.
func (c *Cluster) scrape(k *sim.Kernel) {
	now := k.Now()
	for pi := range int32(c.pods.Len()) {
		p := c.pods.At(pi)
		if p.state == podGone || p.lost || p.containerStart < 0 {
			continue
		}
		var pt scrapePoint
		if c.cfg.StatsHousekeeping > 0 {
			if !p.hasHK || (p.nm > 0 && p.hk.t == p.m[1].t) {
				continue // no new stats since the last scrape
			}
			pt = p.hk
		} else {
			pt = c.statsNow(pi, now)
		}
		// metrics-server's fresh-container rule (pkg/storage/pod.go): when
		// the sample was taken at least 10 s and less than one resolution
		// after the container started, the start (zero usage) serves as the
		// previous point. Upstream tests the sample's own timestamp, not the
		// scrape time, and for every new sample.
		if age := pt.t.Sub(p.containerStart); age >= freshContainerMinResolution && age < c.cfg.MetricResolution {
			p.m[0] = scrapePoint{t: p.containerStart}
			p.m[1] = pt
			p.nm = 2
			continue
		}
		p.m[0], p.m[1] = p.m[1], pt
		p.nm = min(p.nm+1, 2)
	}
}

// statsNow is pod pi's cumulative counters at now.
func (c *Cluster) statsNow(pi int32, now sim.Time) scrapePoint {
	c.psAdvance(pi, now)
	p := c.pods.At(pi)
	c.inflUpdate(p, now)
	return scrapePoint{t: now, cpuNs: p.cpuNs, routed: p.routed, infl: p.inflArea}
}

// housekeep records the stats of node ni's running pods.
func (c *Cluster) housekeep(k *sim.Kernel, ni int32) {
	for _, pi := range c.nodes[ni].pods {
		p := c.pods.At(pi)
		if p.state == podGone || p.lost || p.containerStart < 0 {
			continue
		}
		p.hk = c.statsNow(pi, k.Now())
		p.hasHK = true
	}
}

// hpaSync runs deployment di's HPA once and applies its decision.
func (c *Cluster) hpaSync(k *sim.Kernel, di int) {
	d := &c.deps[di]
	now := k.Now()
	samples := d.samples[:0]
	for _, pi := range d.pods {
		samples = append(samples, c.podSample(pi))
	}
	d.samples = samples
	want, dec := d.hpa.Reconcile(now, d.desired, samples)
	if want != d.desired {
		c.note(Change{Kind: Rescale, Deployment: di, From: d.desired, To: want, Detail: dec.RescaleReason})
		d.desired = want
		d.stats.PeakReplicas = max(d.stats.PeakReplicas, want)
		c.reconcileReplicas(k, int32(di))
	}
	k.After(d.hpa.Config().SyncPeriod, c, kindHPASync, int64(di), 0)
}

// podSample is what the HPA reads about pod pi.
func (c *Cluster) podSample(pi int32) hpa.PodSample {
	p := c.pods.At(pi)
	d := &c.deps[p.dep]
	s := hpa.PodSample{Name: p.name, Deleting: p.deleting, RequestMilliCPU: d.cfg.CPURequestMilli}
	switch {
	case p.node < 0:
		s.Phase = hpa.PodPending
		s.Unreported = true
		return s
	case p.containerStart < 0:
		s.Phase = hpa.PodPending
	default:
		s.Phase = hpa.PodRunning
	}
	s.StartTime = p.started
	s.Ready = p.state == podReady || p.state == podServing
	s.ReadyTransition = p.started
	if s.Ready {
		s.ReadyTransition = p.readyAt
	}
	if p.nm < 2 || p.lost {
		return s
	}
	a, b := &p.m[0], &p.m[1]
	w := b.t - a.t
	if w <= 0 {
		return s
	}
	var v float64
	switch d.cfg.HPA.Metric.Type {
	case hpa.PodsAverageValue:
		if d.cfg.HPA.Metric.Name == MetricInflight {
			v = (b.infl - a.infl) / float64(w) * 1000
		} else {
			v = float64(b.routed-a.routed) / w.Seconds() * 1000
		}
	default:
		v = (b.cpuNs - a.cpuNs) / float64(w) * 1000 // milli-cores
	}
	s.Metric = &hpa.Sample{ValueMilli: int64(math.Round(v)), Timestamp: b.t, Window: time.Duration(w)}
	return s
}
