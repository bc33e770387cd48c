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
// processor-sharing account of serving.go. The kubelet collects stats every
// StatsHousekeeping from a random phase per node and a scrape reads the
// last collection, so what metrics-server sees lags by a further 0–10 s
// (kubernetes.md A.1.2, "Model").
//
// Pods metrics do not come from metrics-server. In a real cluster a
// custom-metrics adapter over Prometheus answers the HPA with a rate over
// its own window: prometheus-adapter's default rules compute
// rate(<series>_total[5m]) per pod (DefaultMetricWindow gives the
// sources). So at a sync at time t the HPA reads, per pod, over
// (t − W, t] with W = Deployment.HPAMetricWindow:
//
//   - "rps": the requests the pod answered in the window ÷ W. The count is
//     taken when a request leaves the pod (completed, refused by a full
//     queue, timed out), as an http_requests_total counter is incremented
//     when the handler returns by the usual instrumentation (Prometheus
//     client_golang, prometheus/promhttp/instrument_server.go,
//     InstrumentHandlerCounter; most HTTP middlewares do the same). The divisor is always W, also for a pod younger than
//     the window: Prometheus's rate() divides the increase by the range,
//     extrapolating only to a counter's zero point, which for a new pod is
//     its start. The HPA then averages over the pods that report (ready
//     pods), so the step of a load to 2× shows in full only once W has
//     passed.
//   - "inflight": the time-average of requests queued or in service over
//     the window, which is rate() of a busy-seconds counter (a
//     *_seconds_total series, another of the adapter's default rate rules)
//     — rather than the adapter's rule for a gauge, which would return
//     its last sample alone.
//
// A pod is in the custom metrics API from the same point as in the
// resource metrics API (two scrapes, or the fresh-container rule): a
// stand-in for Prometheus's two scrapes of its counter, which rate() needs.
// Prometheus's own scrape interval is not modelled: the counts are exact at
// the sync.
//
// The counters at t − W are kept by window marks: the HPA syncs every S
// from a fixed phase, so sync m at t_m has its window opened by mark m at
// t_m − W, and marks too come every S. Each pod keeps the marks of the
// windows still open, ⌈W/S⌉+1 of them, in a ring; a pod without mark m
// (it started later) counts from zero.
//
// Each HPA syncs every SyncPeriod from a random phase and is given every
// pod of its deployment — Pending ones, starting ones (Pending phase until
// the container runs), Ready ones and deleting ones — with its start time,
// Ready condition and metric, and spec.replicas as the current count. The
// decision is hpa.Autoscaler.Reconcile's; the ReplicaSet then creates or
// deletes pods (pod.go).

type scrapePoint struct {
	t     sim.Time
	cpuNs float64
}

// windowMark is a pod's counters when the window of sync seq opened.
type windowMark struct {
	seq      int64
	answered int64
	infl     float64
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
	p := c.pods.At(pi)
	p.psAdvance(now)
	return scrapePoint{t: now, cpuNs: p.cpuNs}
}

// startMarks schedules the first window mark of deployment di, whose HPA
// first syncs at phase, when it reads a Pods metric. Windows that would
// open before time zero count from zero.
func (c *Cluster) startMarks(k *sim.Kernel, di int, phase time.Duration) {
	d := &c.deps[di]
	h := d.hpa.Config()
	if h.Metric.Type != hpa.PodsAverageValue {
		return
	}
	w, sp := d.cfg.HPAMetricWindow, h.SyncPeriod
	d.marks = int((w+sp-1)/sp) + 1
	m := int64(0)
	if w > phase {
		m = int64((w - phase + sp - 1) / sp)
	}
	d.markTick = m
	k.After(phase+time.Duration(m)*sp-w, c, kindMetricMark, int64(di), 0)
}

// metricMark records the counters of deployment di's running pods as the
// window of sync d.markTick opens.
func (c *Cluster) metricMark(k *sim.Kernel, di int) {
	d := &c.deps[di]
	now := k.Now()
	seq := d.markTick
	i := int(seq % int64(d.marks))
	for _, pi := range d.pods {
		p := c.pods.At(pi)
		if p.state == podGone || p.containerStart < 0 {
			continue // nothing counted yet
		}
		c.inflUpdate(p, now)
		for len(p.win) < d.marks {
			p.win = append(p.win, windowMark{seq: -1})
		}
		p.win[i] = windowMark{seq: seq, answered: p.answered, infl: p.inflArea}
	}
	d.markTick++
	k.After(d.hpa.Config().SyncPeriod, c, kindMetricMark, int64(di), 0)
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
		samples = append(samples, c.podSample(pi, now, d.hpaTick))
	}
	d.samples = samples
	d.hpaTick++
	want, dec := d.hpa.Reconcile(now, d.desired, samples)
	if want != d.desired {
		c.note(Change{Kind: Rescale, Deployment: di, From: d.desired, To: want, Detail: dec.RescaleReason})
		d.desired = want
		c.replicasSet(d)
		c.reconcileReplicas(k, int32(di))
	}
	k.After(d.hpa.Config().SyncPeriod, c, kindHPASync, int64(di), 0)
}

// podSample is what the HPA reads about pod pi at sync tick, at now.
func (c *Cluster) podSample(pi int32, now sim.Time, tick int64) hpa.PodSample {
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
	if d.cfg.HPA.Metric.Type == hpa.PodsAverageValue {
		w := d.cfg.HPAMetricWindow
		var base windowMark // a pod that started within the window counts from zero
		if i := int(tick % int64(d.marks)); i < len(p.win) && p.win[i].seq == tick {
			base = p.win[i]
		}
		var v float64
		if d.cfg.HPA.Metric.Name == MetricInflight {
			c.inflUpdate(p, now)
			v = (p.inflArea - base.infl) / float64(w) * 1000
		} else {
			v = float64(p.answered-base.answered) / w.Seconds() * 1000
		}
		s.Metric = &hpa.Sample{ValueMilli: int64(math.Round(v)), Timestamp: now, Window: w}
		return s
	}
	a, b := &p.m[0], &p.m[1]
	w := b.t - a.t
	if w <= 0 {
		return s
	}
	v := (b.cpuNs - a.cpuNs) / float64(w) * 1000 // milli-cores
	s.Metric = &hpa.Sample{ValueMilli: int64(math.Round(v)), Timestamp: b.t, Window: time.Duration(w)}
	return s
}
