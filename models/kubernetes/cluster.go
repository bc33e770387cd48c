package kubernetes

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/kubernetes/hpa"
	"github.com/execsim/execsim/models/slab"
	"github.com/execsim/execsim/models/streams"
	"github.com/execsim/execsim/sim"
)

// Cluster is the Kubernetes model of one cluster. It implements sim.Handler
// and models.Submitter.
type Cluster struct {
	refused models.Request // see refuse
	cfg     Config
	k       *sim.Kernel
	rec     models.Recorder
	types   typeTable
	// routed, when set (tests only), sees every routing choice: deployment,
	// the cursor it started from and the position chosen.
	routed func(di int32, start, chosen int)
	// countFrom is where the statistics the cluster keeps of its own
	// start (CountFrom).
	countFrom sim.Time

	zones []zoneState
	pools []poolState
	nodes []node
	live  []int32 // nodes not gone, in creation order

	pods slab.Slab[pod]
	reqs slab.Slab[reqState]
	deps []depState
	svcs []ServiceUsage // per service: its requests' arrivals and busy time (usage.go)

	pending     []int32 // pods not bound to a node, in creation order
	schedGen    uint32
	schedQueued bool

	busy      int // requests in service (holding a worker slot)
	queued    int // requests waiting in pods' accept queues
	readyPods int
	nodeCount int // nodes launching or registered

	usage   usageState
	history []Change

	// The cluster's own streams draw what is shared between deployments
	// (streams.go); rng draws from the stream of a deployment it is
	// pointed at.
	rngSched, rngLaunch, rngExpand, rngPhase *rand.Rand
	rng                                      *streams.Rand

	ca caState
	kp kpState

	ext external // outside models' hooks (external.go)

	scratch []int32
	shares  []share // scratch for divide (cpu.go)
	due     []int32 // scratch for cpuWake (cpu.go)
	// noLone turns the lone-request paths off and lones counts the times
	// they were taken (cpu.go), for the tests that compare the two.
	noLone bool
	lones  int64
	// drawEvery makes kube-proxy-random draw for a pick among one pod too,
	// and routeSkips counts the owed draws paid at once (routing.go), for
	// the tests that compare the two.
	drawEvery  bool
	routeSkips int64
}

type zoneState struct {
	name       string
	down       bool
	registered int // nodes Ready, draining or lost: Node objects (scheduling domains)
}

type poolState struct {
	cfg   *NodePool
	types []int32 // indices into Cluster.types
	zones []int32
	nodes int // nodes launching or registered
}

type depState struct {
	// What a request reads and writes of its deployment comes first (as in
	// pod): a fleet's request seldom finds its deployment in cache.
	cfg       *Deployment
	serving   []int32 // pods receiving traffic, in the order they joined
	rr        int
	routeOwed uint64     // kube-proxy-random: draws of rngRoute owed for picks among one pod (route)
	out       *outTree   // least-outstanding routing: serving pods' outstanding requests (outstanding.go)
	outReqs   int        // requests queued or in service in pods: the sum of their outN (Outstanding)
	timeouts  []deadline // requests in arrival order, for the timeout (serving.go)
	timeoutAt []sim.Time // when each entry reached the pod, once a request came late (serving.go)
	thead     int
	tarmed    bool
	stats     DeploymentStats

	image     int32
	desired   int // spec.replicas
	active    int // pods not being deleted
	pods      []int32
	zoneCount []int32 // bound, not-deleting pods per zone
	spread    []SpreadConstraint
	hard      bool // has a DoNotSchedule constraint
	soft      bool // has a ScheduleAnyway constraint
	hpa       *hpa.Autoscaler
	samples   []hpa.PodSample
	hpaTick   int64 // the number of the HPA's next sync
	markTick  int64 // the sync whose window the next mark opens
	marks     int   // window marks kept per pod; 0 when the HPA reads no Pods metric
	infl      bool  // the HPA reads the inflight Pods metric: its pods integrate their outstanding requests (pod.infl)
	seq       int

	// kpPrefer lists the deployment's own ScheduleAnyway constraints
	// (indices into spread) in the order Karpenter relaxes them
	// (relaxOrder); none for the system defaults, which are not in the
	// pod spec Karpenter reads.
	kpPrefer []int

	// the deployment's own streams (streams.go)
	rngRoute, rngLife, rngEntry rand.PCG
}

// New builds a cluster on kernel k. The run starts in steady state: the node
// pools' initial nodes are Ready, and each deployment's initial pods are
// scheduled, Ready and receiving traffic at time zero with their image
// pulled. Pods that do not fit stay Pending.
func New(k *sim.Kernel, cfg Config, rec models.Recorder) (*Cluster, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	c := &Cluster{
		cfg:       cfg,
		k:         k,
		rec:       rec,
		types:     newTypeTable(cfg.InstanceTypes, cfg.NodePrices),
		rngSched:  k.Stream("kubernetes/scheduler"),
		rngLaunch: k.Stream("kubernetes/node-launch"),
		rngExpand: k.Stream("kubernetes/expander"),
		rng:       streams.New(),
	}
	phases := k.Stream("kubernetes/phases")
	c.rngPhase = k.Stream("kubernetes/housekeeping")
	for _, z := range cfg.Zones {
		c.zones = append(c.zones, zoneState{name: z})
	}
	c.svcs = make([]ServiceUsage, cfg.Services())
	images := []string{}
	for i := range c.cfg.Deployments {
		d := &c.cfg.Deployments[i]
		img := d.Image
		if img == "" {
			img = d.Name
		}
		ii := slices.Index(images, img)
		if ii < 0 {
			images = append(images, img)
			ii = len(images) - 1
		}
		ds := depState{cfg: d, image: int32(ii), zoneCount: make([]int32, len(c.zones))}
		ds.stats.Name = d.Name
		ds.seed(k.Seed())
		ds.spread = d.Spread
		if len(ds.spread) == 0 && !cfg.Scheduler.NoSystemDefaultSpread {
			// PodTopologySpread system defaults (podtopologyspread/plugin.go,
			// systemDefaultConstraints).
			ds.spread = []SpreadConstraint{
				{Key: Hostname, MaxSkew: 3, WhenUnsatisfiable: ScheduleAnyway},
				{Key: Zone, MaxSkew: 5, WhenUnsatisfiable: ScheduleAnyway},
			}
		}
		for _, s := range ds.spread {
			ds.hard = ds.hard || s.WhenUnsatisfiable == DoNotSchedule
			ds.soft = ds.soft || s.WhenUnsatisfiable == ScheduleAnyway
		}
		if len(d.Spread) > 0 {
			ds.kpPrefer = relaxOrder(d.Spread)
		}
		ds.desired = d.Replicas
		if d.HPA != nil {
			a, err := hpa.New(*d.HPA)
			if err != nil {
				return nil, fmt.Errorf("deployments.%s.hpa: %w", d.Name, err)
			}
			ds.hpa = a
			ds.desired = min(max(ds.desired, d.HPA.MinReplicas), d.HPA.MaxReplicas)
			ds.infl = d.HPA.Metric.Type == hpa.PodsAverageValue && d.HPA.Metric.Name == MetricInflight
		}
		c.deps = append(c.deps, ds)
		c.replicasSet(&c.deps[len(c.deps)-1])
	}
	for i := range c.cfg.NodePools {
		np := &c.cfg.NodePools[i]
		ps := poolState{cfg: np}
		for _, t := range np.InstanceTypes {
			ps.types = append(ps.types, int32(c.types.index(t)))
		}
		if len(ps.types) == 0 {
			for j := range c.types {
				ps.types = append(ps.types, int32(j))
			}
		}
		for zi, z := range cfg.Zones {
			if len(np.Zones) == 0 || slices.Contains(np.Zones, z) {
				ps.zones = append(ps.zones, int32(zi))
			}
		}
		c.pools = append(c.pools, ps)
	}
	nImages := len(images)
	for pi := range c.pools {
		ps := &c.pools[pi]
		for j := range ps.cfg.Nodes {
			n := c.addNode(int32(pi), ps.types[0], ps.zones[j%len(ps.zones)], nImages)
			c.registerNode(n)
		}
	}
	// Initial pods: schedule them now and make the bound ones serve at once.
	for di := range c.deps {
		for range c.deps[di].desired {
			c.createPod(int32(di))
		}
	}
	c.schedulePass(k)
	for pi := range int32(c.pods.Len()) {
		p := c.pods.At(pi)
		if p.state != podStarting {
			continue
		}
		c.nodes[p.node].images[c.deps[p.dep].image] = 0
		p.gen++ // cancel the pull scheduled by bind
		p.containerStart = 0
		c.nodes[p.node].shareCPU += c.deps[p.dep].cfg.CPURequestMilli
		p.readyAt = 0
		p.state = podReady
		c.setReady(pi, true)
		c.startServing(pi)
	}
	for _, ni := range c.live { // every container counted: now the shares are right
		c.rerateNode(k, ni)
	}
	// Control loops start at random phases (kubernetes.md C.1).
	k.After(time.Duration(phases.Int64N(int64(cfg.MetricResolution))), c, kindScrape, 0, 0)
	for di := range c.deps {
		if c.deps[di].hpa != nil {
			sp := c.deps[di].hpa.Config().SyncPeriod
			phase := time.Duration(phases.Int64N(int64(sp)))
			k.After(phase, c, kindHPASync, int64(di), 0)
			c.startMarks(k, di, phase)
		}
	}
	switch cfg.NodeAutoscaler {
	case ClusterAutoscaler:
		c.ca.lastScaleUp = -sim.Time(cfg.ClusterAutoscaler.ScaleDownDelayAfterAdd)
		k.After(time.Duration(phases.Int64N(int64(cfg.ClusterAutoscaler.ScanInterval))), c, kindCAScan, 0, 0)
	case Karpenter:
		k.After(time.Duration(phases.Int64N(int64(cfg.Karpenter.DisruptionPoll))), c, kindKDisrupt, 0, 0)
	}
	for i, f := range cfg.AZFailures {
		k.Schedule(sim.Event{At: sim.At(f.At), Kind: kindAZFailure, ID: int64(i), To: c})
	}
	c.gauges()
	return c, nil
}

// Submit implements models.Submitter: a request for service req.Service
// arrives at the front door of its Deployment (Config.DeploymentOf).
func (c *Cluster) Submit(k *sim.Kernel, req models.Request) {
	if req.Service < 0 || req.Service >= len(c.svcs) {
		panic(fmt.Sprintf("kubernetes: request %d for service %d of %d", req.ID, req.Service, len(c.svcs)))
	}
	c.arrive(k, &req)
}

// dep is the state of the Deployment serving service svc.
func (c *Cluster) dep(svc int) (int32, *depState) {
	di := c.cfg.DeploymentOf(svc)
	return int32(di), &c.deps[di]
}

// Handle implements sim.Handler.
func (c *Cluster) Handle(k *sim.Kernel, ev sim.Event) {
	switch ev.Kind {
	case kindIODone:
		slot := int32(ev.ID)
		if rs := c.reqs.At(slot); rs.live && rs.gen == ev.Gen && rs.phase == phaseIO {
			c.complete(k, slot, rs)
		}
	case kindTimeout:
		c.timeouts(k, int32(ev.ID))
	case kindCPUDone:
		c.cpuWake(k, int32(ev.ID))
	case kindPulled, kindContainerStarted, kindAppInitialised, kindReady, kindServing, kindGraceEnd:
		if p := c.pods.At(int32(ev.ID)); p.gen == ev.Gen {
			c.podStage(k, int32(ev.ID), ev.Kind)
		}
	case kindSchedule:
		if ev.Gen == c.schedGen {
			c.schedQueued = false
			c.schedulePass(k)
		}
	case kindScrape:
		c.scrape(k)
		k.After(c.cfg.MetricResolution, c, kindScrape, 0, 0)
	case kindHPASync:
		c.hpaSync(k, int(ev.ID))
	case kindMetricMark:
		c.metricMark(k, int(ev.ID))
	case kindNodeReady:
		if n := &c.nodes[ev.ID]; n.gen == ev.Gen && n.state == nodeLaunching {
			c.nodeBecameReady(k, int32(ev.ID))
		}
	case kindCAScan:
		c.caScan(k)
		k.After(c.cfg.ClusterAutoscaler.ScanInterval, c, kindCAScan, 0, 0)
	case kindKBatch:
		if ev.Gen == c.kp.batchGen {
			c.kpProvision(k)
		}
	case kindKDisrupt:
		c.kpDisrupt(k)
		k.After(c.cfg.Karpenter.DisruptionPoll, c, kindKDisrupt, 0, 0)
	case kindKValidate:
		c.kpValidate(k, int(ev.ID))
	case kindAZFailure:
		c.azFail(k, int(ev.ID))
	case kindPodsNotReady:
		c.podsNotReady(int(ev.ID))
	case kindPodsLost:
		c.podsLost(k, int(ev.ID))
	case kindHousekeeping:
		if n := &c.nodes[ev.ID]; n.gen == ev.Gen && n.state != nodeGone {
			c.housekeep(k, int32(ev.ID))
			k.After(c.cfg.StatsHousekeeping, c, kindHousekeeping, ev.ID, ev.Gen)
		}
	default:
		panic(fmt.Sprintf("kubernetes: unknown event kind %d", ev.Kind))
	}
}

// Replicas is deployment i's spec.replicas.
func (c *Cluster) Replicas(i int) int { return c.deps[i].desired }

// ReadyPods is the number of Ready pods of deployment i, as the Pods and
// Slots gauges count them (pod.readyCounted). Read by state, a pod being
// deleted was still serving when setReady reported the gauges without
// it, so Knative's recorder, which takes the hidden Deployments' pods out
// of those gauges, took it out twice: knative-blend's Slots read −100 for
// ten seconds (found by gauge13's integer gauges).
func (c *Cluster) ReadyPods(i int) int {
	n := 0
	for _, pi := range c.deps[i].pods {
		if c.pods.At(pi).readyCounted {
			n++
		}
	}
	return n
}

// CountFrom makes the statistics the cluster keeps of its own, beside the
// recorder's, start at t (a run's warm-up), as the recorder's totals do:
// the waiting times (Usage.Wait, Waited) of requests arriving at or after
// t, the pods that become Ready at or after t (PodStarts), and the largest
// spec.replicas in force from t on (PeakReplicas). What the cluster bills
// (nodes, CPU, traffic), its other counts and its slot and queue
// integrals stay the whole run's. Call it before the run.
func (c *Cluster) CountFrom(t sim.Time) { c.countFrom = t }

// replicasSet notes d's spec.replicas for PeakReplicas: before countFrom
// the value in force, from it on the largest.
func (c *Cluster) replicasSet(d *depState) {
	if c.k.Now() < c.countFrom {
		d.stats.PeakReplicas = d.desired
	} else {
		d.stats.PeakReplicas = max(d.stats.PeakReplicas, d.desired)
	}
}

// Nodes is the number of nodes launching or registered.
func (c *Cluster) Nodes() int { return c.nodeCount }

func (c *Cluster) gauges() {
	now := c.k.Now()
	c.rec.Gauge(now, models.Busy, float64(c.busy))
	c.rec.Gauge(now, models.Pods, float64(c.readyPods))
	c.rec.Gauge(now, models.Nodes, float64(c.nodeCount))
	c.usage.peakPods = max(c.usage.peakPods, c.readyPods)
	c.usage.peakNodes = max(c.usage.peakNodes, c.nodeCount)
}
