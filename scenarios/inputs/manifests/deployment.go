package manifests

import (
	"fmt"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
)

// Deployment is one apps/v1 Deployment: one execsim service.
type Deployment struct {
	Source
	Name, Namespace string
	// Replicas is spec.replicas [1, the API default].
	Replicas int
	// Image is the first container's image.
	Image string
	// CPURequestMilli and MemoryRequestMiB are the pod's requests as the
	// scheduler computes them (k8s.io/component-helpers resource
	// PodRequests): the sum over the containers and the sidecars (init
	// containers with restartPolicy: Always), or a plain init container's
	// request plus the sidecars started before it when that is larger,
	// plus spec.overhead. CPULimitMilli and MemoryLimitMiB are the limits
	// while the pod serves: the sum over the containers and sidecars (plain
	// init containers have exited), plus spec.overhead; 0, none, when one
	// of them has no limit, since the pod's use is then unbounded.
	// Pod-level spec.resources replace either when set. A container with a
	// limit and no request requests its limit (API defaulting). Memory is
	// rounded up to whole MiB.
	CPURequestMilli, CPULimitMilli   int64
	MemoryRequestMiB, MemoryLimitMiB int64
	// ReadinessPeriod is the readiness probe's periodSeconds [10s]; 0 when
	// no container has a probe (Ready when started). With several probes,
	// the longest period and initial delay (a pod is Ready when every
	// container is).
	ReadinessPeriod time.Duration
	// ReadinessInitialDelay is the probe's initialDelaySeconds [0s].
	ReadinessInitialDelay time.Duration
	// TerminationGrace is terminationGracePeriodSeconds [30s].
	TerminationGrace time.Duration
	// Spread lists the topology spread constraints over zones and hosts.
	Spread []Spread
	// Services select this Deployment's pods, in reading order.
	Services []Service
	// HPA scales this Deployment; nil when none does.
	HPA *HPA

	labels map[string]string // the pod template's, for Service matching
}

// Spread is one topologySpreadConstraint, spelled as a scenario's
// kubernetes.spread.
type Spread struct {
	Key               string // zone | hostname
	MaxSkew           int
	WhenUnsatisfiable string // do-not-schedule | schedule-anyway
}

// Topology keys read, and their scenario names.
var topologyKeys = map[string]string{
	"topology.kubernetes.io/zone":            "zone",
	"failure-domain.beta.kubernetes.io/zone": "zone",
	"kubernetes.io/hostname":                 "hostname",
}

const (
	defaultReadinessPeriod  = 10 * time.Second
	defaultTerminationGrace = 30 * time.Second
	mib                     = 1 << 20
)

func (r *reader) deployment(a at, apiVersion string, obj map[string]any) {
	if apiVersion != "apps/v1" {
		a.err("apiVersion", apiVersion, ErrUnsupported, "not read (removed in Kubernetes 1.16); write apps/v1")
		return
	}
	var d appsv1.Deployment
	decoded, filled := decode(a, obj, &d)
	if !filled {
		return
	}
	out := Deployment{Source: a.src, Name: d.Name, Namespace: d.Namespace, Replicas: 1,
		TerminationGrace: defaultTerminationGrace, labels: d.Spec.Template.Labels}
	ok := decoded
	if d.Name == "" {
		a.err("metadata.name", nil, ErrRequired, "required")
		ok = false
	}
	if d.Spec.Replicas != nil {
		if *d.Spec.Replicas < 0 {
			a.err("spec.replicas", *d.Spec.Replicas, ErrInvalid, "must not be negative")
			ok = false
		}
		out.Replicas = int(*d.Spec.Replicas)
	}
	pod := d.Spec.Template.Spec
	if len(pod.Containers) == 0 {
		a.err("spec.template.spec.containers", nil, ErrRequired, "required: at least one container")
		return
	}
	out.Image = pod.Containers[0].Image
	if !podResources(a, pod, &out) {
		ok = false
	}
	readiness(a, pod, &out)
	if g := pod.TerminationGracePeriodSeconds; g != nil {
		if *g < 0 {
			a.err("spec.template.spec.terminationGracePeriodSeconds", *g, ErrInvalid, "must not be negative")
			ok = false
		}
		out.TerminationGrace = time.Duration(*g) * time.Second
	}
	for i, c := range pod.TopologySpreadConstraints {
		path := fmt.Sprintf("spec.template.spec.topologySpreadConstraints[%d]", i)
		key, known := topologyKeys[c.TopologyKey]
		if !known {
			a.warn(path+".topologyKey", "%q is not modelled (zone and hostname are); constraint dropped", c.TopologyKey)
			continue
		}
		if c.MaxSkew < 1 {
			a.err(path+".maxSkew", c.MaxSkew, ErrInvalid, "must be at least 1")
			ok = false
			continue
		}
		s := Spread{Key: key, MaxSkew: int(c.MaxSkew)}
		switch c.WhenUnsatisfiable {
		case corev1.DoNotSchedule:
			s.WhenUnsatisfiable = "do-not-schedule"
		case corev1.ScheduleAnyway:
			s.WhenUnsatisfiable = "schedule-anyway"
		default:
			a.err(path+".whenUnsatisfiable", string(c.WhenUnsatisfiable), ErrInvalid, "must be DoNotSchedule or ScheduleAnyway")
			ok = false
			continue
		}
		if c.MinDomains != nil {
			a.warn(path+".minDomains", "not modelled; ignored")
		}
		if c.LabelSelector == nil {
			a.warn(path+".labelSelector", "absent (upstream then counts no pods); execsim counts the Deployment's own pods")
		}
		out.Spread = append(out.Spread, s)
	}
	if pod.NodeSelector != nil {
		a.warn("spec.template.spec.nodeSelector", "not modelled: pods may be placed on any node")
	}
	if pod.Affinity != nil {
		a.warn("spec.template.spec.affinity", "not modelled: pods may be placed on any node")
	}
	if ok {
		r.deployments = append(r.deployments, out)
	}
}

// container is one container's requests and limits in milli-CPU and bytes;
// a negative limit is none.
type container struct {
	cpuReq, cpuLim, memReq, memLim int64
}

// podResources fills the pod's requests and limits (see Deployment).
func podResources(a at, pod corev1.PodSpec, out *Deployment) bool {
	ok := true
	read := func(path string, c corev1.Container) container {
		q := func(list corev1.ResourceList, kind string, name corev1.ResourceName) (int64, bool) {
			v, set := list[name]
			if !set {
				return 0, false
			}
			if v.Sign() < 0 {
				a.err(path+".resources."+kind+"."+string(name), v.String(), ErrInvalid, "must not be negative")
				ok = false
				return 0, true
			}
			if name == corev1.ResourceCPU {
				return v.MilliValue(), true
			}
			return v.Value(), true
		}
		var k container
		var hasReq, hasLim bool
		k.cpuLim, hasLim = q(c.Resources.Limits, "limits", corev1.ResourceCPU)
		if !hasLim {
			k.cpuLim = -1
		}
		if k.cpuReq, hasReq = q(c.Resources.Requests, "requests", corev1.ResourceCPU); !hasReq && hasLim {
			k.cpuReq = k.cpuLim
		}
		k.memLim, hasLim = q(c.Resources.Limits, "limits", corev1.ResourceMemory)
		if !hasLim {
			k.memLim = -1
		}
		if k.memReq, hasReq = q(c.Resources.Requests, "requests", corev1.ResourceMemory); !hasReq && hasLim {
			k.memReq = k.memLim
		}
		other := map[string]bool{}
		for _, list := range []corev1.ResourceList{c.Resources.Requests, c.Resources.Limits} {
			for name := range list {
				switch name {
				case corev1.ResourceCPU, corev1.ResourceMemory, corev1.ResourceEphemeralStorage:
				default:
					other[string(name)] = true
				}
			}
		}
		for _, name := range sortedKeys(other) {
			a.warn(path+".resources", "resource %s is not modelled; ignored", name)
		}
		return k
	}
	var app, sidecars, inits container
	for i, c := range pod.Containers {
		k := read(fmt.Sprintf("spec.template.spec.containers[%d]", i), c)
		add(&app, k)
	}
	for i, c := range pod.InitContainers {
		k := read(fmt.Sprintf("spec.template.spec.initContainers[%d]", i), c)
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			add(&sidecars, k)
			maxOf(&inits, container{cpuReq: sidecars.cpuReq, memReq: sidecars.memReq})
			continue
		}
		k.cpuReq += sidecars.cpuReq
		k.memReq += sidecars.memReq
		k.cpuLim, k.memLim = 0, 0 // done before the pod serves
		maxOf(&inits, k)
	}
	add(&app, sidecars)
	app.cpuReq = max(app.cpuReq, inits.cpuReq)
	app.memReq = max(app.memReq, inits.memReq)
	for name, v := range pod.Overhead {
		switch name {
		case corev1.ResourceCPU:
			app.cpuReq += v.MilliValue()
			app.cpuLim = addLimit(app.cpuLim, v.MilliValue())
		case corev1.ResourceMemory:
			app.memReq += v.Value()
			app.memLim = addLimit(app.memLim, v.Value())
		}
	}
	if pr := pod.Resources; pr != nil {
		set := func(list corev1.ResourceList, name corev1.ResourceName, dst *int64) {
			if v, ok := list[name]; ok && v.Sign() >= 0 {
				if name == corev1.ResourceCPU {
					*dst = v.MilliValue()
				} else {
					*dst = v.Value()
				}
			}
		}
		set(pr.Requests, corev1.ResourceCPU, &app.cpuReq)
		set(pr.Requests, corev1.ResourceMemory, &app.memReq)
		set(pr.Limits, corev1.ResourceCPU, &app.cpuLim)
		set(pr.Limits, corev1.ResourceMemory, &app.memLim)
	}
	out.CPURequestMilli = app.cpuReq
	out.MemoryRequestMiB = ceilMiB(app.memReq)
	if app.cpuLim > 0 {
		out.CPULimitMilli = app.cpuLim
	}
	if app.memLim > 0 {
		out.MemoryLimitMiB = ceilMiB(app.memLim)
	}
	if out.CPURequestMilli == 0 {
		a.warn("spec.template.spec.containers[*].resources.requests.cpu", "no container requests CPU (execsim's default request applies)")
	}
	if out.MemoryRequestMiB == 0 {
		a.warn("spec.template.spec.containers[*].resources.requests.memory", "no container requests memory (execsim's default request applies)")
	}
	return ok
}

// add sums k into sum; a limit of none (negative) makes the sum none.
func add(sum *container, k container) {
	sum.cpuReq += k.cpuReq
	sum.memReq += k.memReq
	sum.cpuLim = addLimit(sum.cpuLim, k.cpuLim)
	sum.memLim = addLimit(sum.memLim, k.memLim)
}

func addLimit(a, b int64) int64 {
	if a < 0 || b < 0 {
		return -1
	}
	return a + b
}

// maxOf raises m's requests to k's.
func maxOf(m *container, k container) {
	m.cpuReq = max(m.cpuReq, k.cpuReq)
	m.memReq = max(m.memReq, k.memReq)
}

func ceilMiB(bytes int64) int64 { return (bytes + mib - 1) / mib }

// readiness reads the containers' readiness probes (see Deployment).
func readiness(a at, pod corev1.PodSpec, out *Deployment) {
	var first *corev1.Probe
	for i, c := range pod.Containers {
		path := fmt.Sprintf("spec.template.spec.containers[%d]", i)
		if c.StartupProbe != nil {
			a.warn(path+".startupProbe", "not modelled (appInit stands for the start-up)")
		}
		p := c.ReadinessProbe
		if p == nil {
			continue
		}
		period := defaultReadinessPeriod
		if p.PeriodSeconds > 0 {
			period = time.Duration(p.PeriodSeconds) * time.Second
		}
		delay := time.Duration(max(p.InitialDelaySeconds, 0)) * time.Second
		if p.SuccessThreshold > 1 {
			a.warn(path+".readinessProbe.successThreshold", "%d successes are not modelled; Ready after the first", p.SuccessThreshold)
		}
		if first != nil && (first.PeriodSeconds != p.PeriodSeconds || first.InitialDelaySeconds != p.InitialDelaySeconds) {
			a.warn(path+".readinessProbe", "differs from the first container's; execsim uses one probe per pod, the longest period and delay")
		}
		if first == nil {
			first = p
		}
		out.ReadinessPeriod = max(out.ReadinessPeriod, period)
		out.ReadinessInitialDelay = max(out.ReadinessInitialDelay, delay)
	}
}
