package knative

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// Cluster is what the Knative model needs of the cluster its revisions run
// on; models/kubernetes.Cluster provides it (its external.go hooks).
type Cluster interface {
	models.Submitter
	// SetReplicas sets a Deployment's spec.replicas.
	SetReplicas(k *sim.Kernel, di, n int, reason string)
	Replicas(di int) int
	// ReadyPods is a Deployment's Ready pods.
	ReadyPods(di int) int
	// ServingPods is a Deployment's pods in its endpoints.
	ServingPods(di int) int
	// Outstanding is the requests queued or in service in its pods.
	Outstanding(di int) int
	// OnServing asks to be told when a pod joins a Deployment's endpoints.
	OnServing(f func(k *sim.Kernel, di int))
}

// Model is Knative Serving's data and control plane for a cluster's
// revisions: the activator in front of them, the queue-proxy's metrics,
// the KPA's decider and the PodAutoscaler reconciler that sets their
// Deployments' replicas (doc.go). It implements sim.Handler and
// models.Submitter; requests of services that are no revision's pass to
// the cluster as they are.
type Model struct {
	cfg   Config
	k     *sim.Kernel
	rec   models.Recorder
	cl    Cluster
	revs  []revState
	depOf []int // deployment → revision, −1 for none
	wrap  recorder
	rng   *rand.Rand
}

type revState struct {
	cfg    *Revision
	spec   Spec
	dec    *Decider
	stable *window
	panicW *window
	last   Decision
	// The revision's requests in flight (in the activator or in its pods),
	// integrated over the current second; its arrivals in the second; and
	// whether the activator saw any of its requests in the second.
	inflight int
	area     float64 // request·ns since the second began
	areaAt   sim.Time
	arrivals int
	actSeen  bool

	// The PodAutoscaler's status: Active (pods serve), or inactive since
	// a time; whether the activator is in the path (SKS proxy mode) and
	// since when.
	active        bool
	activeSince   sim.Time
	inactiveSince sim.Time
	proxy         bool
	proxySince    sim.Time

	// The activator's requests held for the revision, in arrival order
	// (their deadlines are in the same order, so the head is always the
	// next to time out).
	held      []models.Request
	head      int
	tarmed    bool
	drainSoon bool

	stats RevisionStats
}

// RevisionStats is what happened to one revision during a run.
type RevisionStats struct {
	Name string
	// Activated counts the requests that went through the activator;
	// Held those of them that waited there (no capacity), HeldNs their
	// total wait and PeakHeld the most waiting at once.
	Activated, Held int64
	HeldNs          int64
	PeakHeld        int
	// TimedOut are requests failed after ActivatorTimeout in the
	// activator; QueueFull those refused because ActivatorQueue were
	// already waiting.
	TimedOut, QueueFull int64
	// ScaleFromZero and ScaleToZero count the revision's scales from and
	// to zero pods; Panics the times the decider entered panic mode.
	ScaleFromZero, ScaleToZero, Panics int64
	// ZeroAt and InactiveAt are the times of the last scale to zero and of
	// the PodAutoscaler going inactive before it (−1: never).
	ZeroAt, InactiveAt sim.Time
	PeakDesired        int
}

// New makes the Knative model on kernel k, reporting to rec. Build the
// cluster with Recorder() as its recorder, then Attach it.
func New(k *sim.Kernel, cfg Config, rec models.Recorder) (*Model, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	m := &Model{cfg: cfg, k: k, rec: rec, rng: k.Stream("knative/autoscaler")}
	m.wrap = recorder{Recorder: rec, m: m}
	for i := range m.cfg.Revisions {
		r := &m.cfg.Revisions[i]
		rs := revState{cfg: r, spec: SpecOf(r), stable: newWindow(r.StableWindow), panicW: newWindow(r.PanicWindow())}
		rs.stats = RevisionStats{Name: r.Name, ZeroAt: -1, InactiveAt: -1}
		m.revs = append(m.revs, rs)
	}
	return m, nil
}

// Recorder is the recorder the cluster must report to: the model counts
// the requests leaving the revisions' pods, then passes everything on.
func (m *Model) Recorder() models.Recorder { return &m.wrap }

// Attach connects the model to the cluster, whose revision Deployments
// already run their initial scale (Ready at time zero), and starts the
// autoscaler: a tick every 2 s per revision from a random phase, and the
// metric buckets every second.
func (m *Model) Attach(cl Cluster) {
	m.cl = cl
	for i := range m.revs {
		di := m.revs[i].cfg.Deployment
		for len(m.depOf) <= di {
			m.depOf = append(m.depOf, -1)
		}
		m.depOf[di] = i
	}
	cl.OnServing(m.podServing)
	// the gauges the cluster reported while it was being built, now
	// without the hidden Deployments' pods
	m.wrap.attached = true
	m.wrap.Gauge(m.k.Now(), models.Pods, m.wrap.rawPods)
	m.wrap.Gauge(m.k.Now(), models.Slots, m.wrap.rawSlots)
	for i := range m.revs {
		rs := &m.revs[i]
		ready := cl.ServingPods(rs.cfg.Deployment)
		rs.dec = NewDecider(rs.spec, ready, 0)
		rs.last = Decision{Desired: cl.Replicas(rs.cfg.Deployment), EBC: rs.spec.ebcAt(ready, 0)}
		rs.active = ready > 0
		rs.proxy = !(rs.last.Desired > 0 && rs.last.EBC >= 0)
		m.k.After(time.Duration(m.rng.Int64N(int64(TickInterval))), m, kindTick, int64(i), 0)
	}
	m.k.After(BucketSize, m, kindSecond, 0, 0)
}

// ebcAt is the excess burst capacity with ready pods and a panic value.
func (s *Spec) ebcAt(ready int, panicValue float64) int {
	switch {
	case s.TargetBurstCapacity == 0:
		return 0
	case s.TargetBurstCapacity < 0:
		return -1
	}
	return int(math.Floor(float64(ready)*s.TotalValue - s.TargetBurstCapacity - panicValue))
}

// Stats is every revision's statistics.
func (m *Model) Stats() []RevisionStats {
	out := make([]RevisionStats, len(m.revs))
	for i := range m.revs {
		out[i] = m.revs[i].stats
	}
	return out
}

// TickPhase is the time of revision r's first autoscaler tick.
func (m *Model) TickPhase(r int) time.Duration {
	// the phases were drawn in revision order from a stream of their own
	rng := m.k.Stream("knative/autoscaler")
	var d time.Duration
	for range r + 1 {
		d = time.Duration(rng.Int64N(int64(TickInterval)))
	}
	return d
}

// Submit implements models.Submitter: a request enters through the
// ingress; it goes straight to the revision's pods unless the activator is
// in the path (or still holds earlier requests, which keep their order).
func (m *Model) Submit(k *sim.Kernel, req models.Request) {
	ri := -1
	if req.Service < len(m.cfg.RevisionOf) {
		ri = m.cfg.RevisionOf[req.Service]
	}
	if ri < 0 {
		m.cl.Submit(k, req)
		return
	}
	rs := &m.revs[ri]
	now := k.Now()
	m.advance(rs, now)
	rs.inflight++
	rs.arrivals++
	if !rs.proxy && rs.head == len(rs.held) {
		m.cl.Submit(k, req)
		return
	}
	m.activate(k, ri, req)
}

// activate hands a request to the activator.
func (m *Model) activate(k *sim.Kernel, ri int, req models.Request) {
	rs := &m.revs[ri]
	now := k.Now()
	rs.stats.Activated++
	rs.actSeen = true
	if len(rs.held)-rs.head >= rs.cfg.ActivatorQueue {
		rs.stats.QueueFull++
		m.leave(rs, now, req, models.Rejected)
		return
	}
	if rs.last.Desired == 0 {
		// The activator reports a revision's first request at once, and a
		// stat with concurrency for a revision at scale zero pokes its
		// scaler to tick now (pkg/autoscaler/scaling/multiscaler.go,
		// Poke) instead of at the next 2-s tick.
		rs.stable.record(now, 1)
		rs.panicW.record(now, 1)
		m.tick(k, ri)
	}
	rs.held = append(rs.held, req)
	if !rs.tarmed {
		rs.tarmed = true
		k.Schedule(sim.Event{At: req.Arrival.Add(rs.cfg.ActivatorTimeout), Kind: kindTimeout, ID: int64(ri), To: m})
	}
	m.drain(k, ri)
}

// drain forwards held requests while the revision has capacity: a pod in
// its endpoints, and with a containerConcurrency fewer requests in its pods
// than pods × containerConcurrency (the activator's throttler,
// pkg/activator/net/throttler.go, sends a request only to a pod with a
// free slot; here the capacity is the revision's, and the cluster's
// routing picks the pod).
func (m *Model) drain(k *sim.Kernel, ri int) {
	rs := &m.revs[ri]
	di := rs.cfg.Deployment
	now := k.Now()
	for rs.head < len(rs.held) {
		pods := m.cl.ServingPods(di)
		if pods == 0 {
			break
		}
		if cc := rs.cfg.ContainerConcurrency; cc > 0 && m.cl.Outstanding(di) >= pods*cc {
			break
		}
		req := rs.held[rs.head]
		rs.held[rs.head] = models.Request{}
		rs.head++
		if w := now.Sub(req.Arrival); w > 0 {
			rs.stats.Held++
			rs.stats.HeldNs += int64(w)
		}
		m.cl.Submit(k, req)
	}
	m.compact(rs)
	rs.stats.PeakHeld = max(rs.stats.PeakHeld, len(rs.held)-rs.head)
}

func (m *Model) compact(rs *revState) {
	if rs.head == len(rs.held) {
		rs.held, rs.head = rs.held[:0], 0
	} else if rs.head > 64 && rs.head*2 > len(rs.held) {
		n := copy(rs.held, rs.held[rs.head:])
		rs.held, rs.head = rs.held[:n], 0
	}
}

// timeouts fails the held requests whose time in the activator is up.
func (m *Model) timeouts(k *sim.Kernel, ri int) {
	rs := &m.revs[ri]
	rs.tarmed = false
	now := k.Now()
	for rs.head < len(rs.held) && rs.held[rs.head].Arrival.Add(rs.cfg.ActivatorTimeout) <= now {
		req := rs.held[rs.head]
		rs.held[rs.head] = models.Request{}
		rs.head++
		rs.stats.TimedOut++
		rs.stats.Held++
		rs.stats.HeldNs += int64(now.Sub(req.Arrival))
		m.leave(rs, now, req, models.Failed)
	}
	m.compact(rs)
	if rs.head < len(rs.held) {
		rs.tarmed = true
		k.Schedule(sim.Event{At: rs.held[rs.head].Arrival.Add(rs.cfg.ActivatorTimeout), Kind: kindTimeout, ID: int64(ri), To: m})
	}
}

// leave ends a request the activator answers itself.
func (m *Model) leave(rs *revState, now sim.Time, req models.Request, o models.Outcome) {
	m.advance(rs, now)
	rs.inflight--
	m.rec.Finish(now, &req, o, 0)
}

// advance integrates the revision's requests in flight up to now.
func (m *Model) advance(rs *revState, now sim.Time) {
	if now > rs.areaAt {
		rs.area += float64(rs.inflight) * float64(now-rs.areaAt)
		rs.areaAt = now
	}
}

// finished is told of every request the cluster ends.
func (m *Model) finished(now sim.Time, req *models.Request) {
	if req.Service >= len(m.cfg.RevisionOf) || m.cfg.RevisionOf[req.Service] < 0 {
		return
	}
	ri := m.cfg.RevisionOf[req.Service]
	rs := &m.revs[ri]
	m.advance(rs, now)
	rs.inflight--
	m.drainLater(ri)
}

// drainLater has the activator look at its held requests once the event
// under way is over (a pod that ends a request frees its slot after it
// reports the request).
func (m *Model) drainLater(ri int) {
	rs := &m.revs[ri]
	if rs.head < len(rs.held) && !rs.drainSoon {
		rs.drainSoon = true
		m.k.After(0, m, kindDrain, int64(ri), 0)
	}
}

// podServing is the cluster telling that a pod of Deployment di serves.
func (m *Model) podServing(k *sim.Kernel, di int) {
	if di >= len(m.depOf) || m.depOf[di] < 0 {
		return
	}
	ri := m.depOf[di]
	rs := &m.revs[ri]
	if !rs.active {
		rs.active, rs.activeSince = true, k.Now()
	}
	// New endpoints update the revision's ServerlessService, whose status
	// change has the PodAutoscaler reconciled.
	m.enqueue(k, ri, 0)
	m.drainLater(ri)
}

// Handle implements sim.Handler.
func (m *Model) Handle(k *sim.Kernel, ev sim.Event) {
	switch ev.Kind {
	case kindSecond:
		m.second(k)
		k.After(BucketSize, m, kindSecond, 0, 0)
	case kindTick:
		m.tick(k, int(ev.ID))
		k.After(TickInterval, m, kindTick, ev.ID, 0)
	case kindReconcile:
		m.reconcile(k, int(ev.ID))
	case kindTimeout:
		m.timeouts(k, int(ev.ID))
	case kindDrain:
		m.revs[ev.ID].drainSoon = false
		m.drain(k, int(ev.ID))
	default:
		panic(fmt.Sprintf("knative: unknown event kind %d", ev.Kind))
	}
}

// second closes a metric bucket: each revision that reported during the
// second (its pods are scraped while it has any in its endpoints; the
// activator reports the revisions it saw requests for) records its
// time-averaged concurrency, or its requests per second, over it.
func (m *Model) second(k *sim.Kernel) {
	now := k.Now()
	for i := range m.revs {
		rs := &m.revs[i]
		m.advance(rs, now)
		if m.cl.ServingPods(rs.cfg.Deployment) > 0 || rs.actSeen || rs.inflight > 0 {
			v := rs.area / float64(BucketSize)
			if rs.cfg.Metric == RPS {
				v = float64(rs.arrivals) / BucketSize.Seconds()
			}
			rs.stable.record(now, v)
			rs.panicW.record(now, v)
		}
		rs.area, rs.arrivals, rs.actSeen = 0, 0, rs.head < len(rs.held)
	}
}

// tick runs revision ri's decider and then its PodAutoscaler reconciler.
func (m *Model) tick(k *sim.Kernel, ri int) {
	rs := &m.revs[ri]
	if !rs.stable.hasData() {
		return // no data to scale on yet (am.ErrNoData)
	}
	now := k.Now()
	was, prev := rs.dec.Panicking(), rs.last
	rs.last = rs.dec.Scale(now, m.cl.ServingPods(rs.cfg.Deployment), rs.stable.average(now), rs.panicW.average(now))
	if !was && rs.dec.Panicking() {
		rs.stats.Panics++
	}
	rs.stats.PeakDesired = max(rs.stats.PeakDesired, rs.last.Desired)
	// The PodAutoscaler is reconciled when the decision changes: another
	// count, or the excess burst capacity changing sign
	// (multiscaler.go, updateLatestScale).
	if rs.last.Desired != prev.Desired || (rs.last.EBC < 0) != (prev.EBC < 0) {
		m.reconcile(k, ri)
	}
}

// reconcile is the KPA's PodAutoscaler reconciler for revision ri
// (pkg/reconciler/autoscaling/kpa/kpa.go, ReconcileKind, and scaler.go,
// scale): the decider's count within [minScale, maxScale], the rules for
// going to zero, then the activator in or out of the path.
func (m *Model) reconcile(k *sim.Kernel, ri int) {
	rs := &m.revs[ri]
	r := rs.cfg
	now := k.Now()
	want := rs.last.Desired
	if want < r.MinScale {
		want = r.MinScale
	}
	if r.MaxScale > 0 && want > r.MaxScale {
		want = r.MaxScale
	}
	want, apply := m.toZero(k, ri, want)
	di := r.Deployment
	if apply {
		if cur := m.cl.Replicas(di); cur != want {
			switch {
			case want == 0:
				rs.stats.ScaleToZero++
				rs.stats.ZeroAt = now
			case cur == 0:
				rs.stats.ScaleFromZero++
			}
			m.cl.SetReplicas(k, di, want, fmt.Sprintf("kpa: %d wanted (panic %v, excess burst capacity %d)", rs.last.Desired, rs.dec.Panicking(), rs.last.EBC))
		}
	}
	if !rs.active && m.cl.ServingPods(di) > 0 && want > 0 {
		rs.active, rs.activeSince = true, now
	}
	// The activator leaves the path only when pods are wanted and the
	// excess burst capacity is not negative (kpa.go: SKSOperationModeServe).
	proxy := !(want > 0 && rs.last.EBC >= 0)
	if proxy && !rs.proxy {
		rs.proxySince = now
	}
	rs.proxy = proxy
	if !proxy {
		m.drainLater(ri)
	}
}

// toZero is scaler.go's handleScaleToZero: a revision goes to zero only
// once it has been active for a stable window and then backed by the
// activator for the grace period. It returns the scale and whether to
// apply it now; when it is to look again later it enqueues itself, as the
// reconciler's enqueueCB does.
func (m *Model) toZero(k *sim.Kernel, ri int, want int) (int, bool) {
	rs := &m.revs[ri]
	r := rs.cfg
	now := k.Now()
	if want != 0 {
		return want, true
	}
	if !r.EnableScaleToZero {
		return 1, true
	}
	if rs.active {
		af := now.Sub(rs.activeSince)
		if af >= r.StableWindow {
			// Mark inactive: the activator goes into the path now.
			rs.active, rs.inactiveSince = false, now
			rs.stats.InactiveAt = now
			if rs.proxy {
				m.enqueue(k, ri, reenqueue)
			} else {
				// The activator probe fails until the mode switch below is
				// done; the reconciler looks again once it is.
				m.enqueue(k, ri, 0)
			}
			return 0, false
		}
		m.enqueue(k, ri, r.StableWindow-af)
		return 1, true
	}
	if m.cl.Replicas(r.Deployment) == 0 {
		return 0, true
	}
	if !rs.proxy {
		m.enqueue(k, ri, 0)
		return 0, false
	}
	inactive := now.Sub(rs.inactiveSince)
	if inactive >= max(r.ScaleToZeroGrace, r.ScaleToZeroPodRetention) {
		return 0, true
	}
	if ret := r.ScaleToZeroPodRetention; ret > 0 && inactive < ret {
		m.enqueue(k, ri, ret-inactive)
		return 0, false
	}
	if to := r.ScaleToZeroGrace - now.Sub(rs.proxySince); to > 0 {
		m.enqueue(k, ri, to)
		return 0, false
	}
	return 0, true
}

func (m *Model) enqueue(k *sim.Kernel, ri int, d time.Duration) {
	k.After(d, m, kindReconcile, int64(ri), 0)
}

// recorder passes the cluster's reports on, noting the requests that leave
// the revisions' pods and taking the hidden Deployments' pods out of the
// Pods and Slots gauges. Until the cluster is attached those two gauges
// are held back (the cluster reports them as it is built, before the
// hidden pods can be told apart) and reported at Attach.
type recorder struct {
	models.Recorder
	m                 *Model
	attached          bool
	rawPods, rawSlots float64
}

// Gauge implements models.Recorder.
func (r *recorder) Gauge(now sim.Time, g models.Gauge, v float64) {
	switch g {
	case models.Pods, models.Slots:
		if g == models.Pods {
			r.rawPods = v
		} else {
			r.rawSlots = v
		}
		if !r.attached {
			return
		}
		for _, h := range r.m.cfg.Hidden {
			n := r.m.cl.ReadyPods(h.Deployment)
			if g == models.Slots {
				n *= h.Slots
			}
			v -= float64(n)
		}
	}
	r.Recorder.Gauge(now, g, v)
}

// Finish implements models.Recorder.
func (r *recorder) Finish(now sim.Time, req *models.Request, o models.Outcome, latency time.Duration) {
	r.m.finished(now, req)
	r.Recorder.Finish(now, req, o, latency)
}

// Warmup passes the outer recorder's warm-up on (platform.WarmupOf).
func (r *recorder) Warmup() time.Duration {
	if w, ok := r.Recorder.(interface{ Warmup() time.Duration }); ok {
		return w.Warmup()
	}
	return 0
}
