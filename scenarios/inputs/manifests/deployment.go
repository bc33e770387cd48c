package manifests

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	k8svalidation "k8s.io/apimachinery/pkg/util/validation"
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
	// plus spec.overhead. Pod-level spec.resources.requests replace the
	// requests when set. A container with a limit and no request requests
	// its limit (API defaulting).
	//
	// CPULimitMilli and MemoryLimitMiB are the limits of the container
	// that serves the requests (Serving): the kubelet enforces a limit on
	// the container that sets it, through its own cgroup ("Resource
	// Management for Pods and Containers", kubernetes.io/docs/concepts/
	// configuration/manage-resources-containers: "the running container is
	// not allowed to use more of that resource than the limit you set"),
	// so a sidecar without a limit leaves the serving container's cap in
	// place, and a sidecar's limit adds nothing to it. A pod-level
	// spec.resources.limits caps the pod's cgroup above the containers', so
	// the smaller of the two applies. 0 is none. Memory is rounded up to
	// whole MiB.
	CPURequestMilli, CPULimitMilli   int64
	MemoryRequestMiB, MemoryLimitMiB int64
	// CPURequestFrom and MemoryRequestFrom name the fields the requests
	// come from ("spec.template.spec.containers[0].resources.limits.cpu",
	// several joined with " + "), so that a problem with a request names
	// what the user wrote rather than execsim's setting.
	CPURequestFrom, MemoryRequestFrom string
	// Serving is the index in spec.template.spec.containers of the
	// container taken to serve the requests: the one a selecting Service's
	// targetPort names, else the first (a warning says which when there
	// are several).
	Serving int
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
	// containers are spec.template.spec.containers' limits and ports, to
	// choose the serving one once the Services are matched; podCPULim and
	// podMemLim the pod-level limits (negative: none)
	containers           []podContainer
	podCPULim, podMemLim int64
}

// podContainer is one container of the pod template, as the serving
// container is chosen from them.
type podContainer struct {
	name  string
	ports []corev1.ContainerPort
	// probePorts are the port numbers the container's probes reach: a
	// container is often probed on the port it serves without declaring
	// it (containerPort is informational in the API)
	probePorts     []int32
	cpuLim, memLim int64 // negative: none
}

// probePorts lists the numbered ports of c's readiness, liveness and
// startup probes (httpGet, tcpSocket, grpc).
func probePorts(c corev1.Container) []int32 {
	var out []int32
	for _, p := range []*corev1.Probe{c.ReadinessProbe, c.LivenessProbe, c.StartupProbe} {
		if p == nil {
			continue
		}
		if h := p.HTTPGet; h != nil && h.Port.Type == intstr.Int {
			out = append(out, h.Port.IntVal)
		}
		if t := p.TCPSocket; t != nil && t.Port.Type == intstr.Int {
			out = append(out, t.Port.IntVal)
		}
		if g := p.GRPC; g != nil {
			out = append(out, g.Port)
		}
	}
	return out
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
	} else if bad := k8svalidation.IsDNS1123Subdomain(d.Name); len(bad) > 0 {
		// the API server refuses it: a Deployment's name must be a DNS-1123
		// subdomain (RFC 1123; ValidateDeploymentName is
		// NameIsDNSSubdomain in kubernetes pkg/apis/apps/validation), and
		// a manifest is what would be applied (hostile #8: API was taken)
		a.err("metadata.name", d.Name, ErrInvalid, "Kubernetes refuses it as a Deployment's name: %s", bad[0])
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
// a negative limit is none. cpuFrom and memFrom name the fields of the
// requests.
type container struct {
	cpuReq, cpuLim, memReq, memLim int64
	cpuFrom, memFrom               string
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
		// one is a resource's request, limit (-1: none) and the field the
		// request comes from: a limit without a request is the request
		// too, as the API server defaults a pod (pkg/apis/core/v1/
		// defaults.go, SetDefaults_Pod).
		one := func(name corev1.ResourceName) (req, lim int64, from string) {
			lim, hasLim := q(c.Resources.Limits, "limits", name)
			if !hasLim {
				lim = -1
			}
			from = path + ".resources.requests." + string(name)
			req, hasReq := q(c.Resources.Requests, "requests", name)
			if !hasReq && hasLim {
				req, from = lim, path+".resources.limits."+string(name)
			}
			return req, lim, from
		}
		var k container
		k.cpuReq, k.cpuLim, k.cpuFrom = one(corev1.ResourceCPU)
		k.memReq, k.memLim, k.memFrom = one(corev1.ResourceMemory)
		// A container's request above its own limit is refused by the API
		// server ("must be less than or equal to cpu limit",
		// ValidateResourceRequirements in kubernetes pkg/apis/core/
		// validation), as the scenario's cpuLimitMilli below
		// cpuRequestMilli is (hostile #9: limits.cpu 100m under
		// requests.cpu 250m was run). Across containers a serving
		// container's limit may still be below the pod's request.
		for _, r := range []struct {
			name     corev1.ResourceName
			req, lim int64
		}{{corev1.ResourceCPU, k.cpuReq, k.cpuLim}, {corev1.ResourceMemory, k.memReq, k.memLim}} {
			rq, hasReq := c.Resources.Requests[r.name]
			lq, hasLim := c.Resources.Limits[r.name]
			if hasReq && hasLim && r.req > r.lim {
				a.err(path+".resources.requests."+string(r.name), rq.String(), ErrInvalid,
					"must be less than or equal to the %s limit (limits.%s %s), as the API server requires", r.name, r.name, lq.String())
				ok = false
			}
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
		for _, name := range slices.Sorted(maps.Keys(other)) {
			a.warn(path+".resources", "resource %s is not modelled; ignored", name)
		}
		return k
	}
	var app, sidecars, inits container
	for i, c := range pod.Containers {
		k := read(fmt.Sprintf("spec.template.spec.containers[%d]", i), c)
		add(&app, k)
		out.containers = append(out.containers, podContainer{name: c.Name, ports: c.Ports, probePorts: probePorts(c), cpuLim: k.cpuLim, memLim: k.memLim})
	}
	for i, c := range pod.InitContainers {
		k := read(fmt.Sprintf("spec.template.spec.initContainers[%d]", i), c)
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			add(&sidecars, k)
			maxOf(&inits, container{cpuReq: sidecars.cpuReq, memReq: sidecars.memReq, cpuFrom: sidecars.cpuFrom, memFrom: sidecars.memFrom})
			continue
		}
		k.cpuReq += sidecars.cpuReq
		k.memReq += sidecars.memReq
		k.cpuFrom, k.memFrom = joinFrom(k.cpuFrom, sidecars.cpuFrom), joinFrom(k.memFrom, sidecars.memFrom)
		k.cpuLim, k.memLim = 0, 0 // done before the pod serves
		maxOf(&inits, k)
	}
	add(&app, sidecars)
	maxOf(&app, inits)
	for name, v := range pod.Overhead {
		switch name {
		case corev1.ResourceCPU:
			app.cpuReq += v.MilliValue()
			app.cpuLim = addLimit(app.cpuLim, v.MilliValue())
			app.cpuFrom = joinFrom(app.cpuFrom, "spec.template.spec.overhead.cpu")
		case corev1.ResourceMemory:
			app.memReq += v.Value()
			app.memLim = addLimit(app.memLim, v.Value())
			app.memFrom = joinFrom(app.memFrom, "spec.template.spec.overhead.memory")
		}
	}
	out.podCPULim, out.podMemLim = -1, -1
	if pr := pod.Resources; pr != nil {
		set := func(list corev1.ResourceList, name corev1.ResourceName, dst *int64, from *string) {
			if v, ok := list[name]; ok && v.Sign() >= 0 {
				if name == corev1.ResourceCPU {
					*dst = v.MilliValue()
				} else {
					*dst = v.Value()
				}
				if from != nil {
					*from = "spec.template.spec.resources.requests." + string(name)
				}
			}
		}
		set(pr.Requests, corev1.ResourceCPU, &app.cpuReq, &app.cpuFrom)
		set(pr.Requests, corev1.ResourceMemory, &app.memReq, &app.memFrom)
		set(pr.Limits, corev1.ResourceCPU, &out.podCPULim, nil)
		set(pr.Limits, corev1.ResourceMemory, &out.podMemLim, nil)
	}
	out.CPURequestMilli = app.cpuReq
	out.MemoryRequestMiB = ceilMiB(app.memReq)
	out.CPURequestFrom, out.MemoryRequestFrom = app.cpuFrom, app.memFrom
	out.serve(0) // until the Services are matched
	if out.CPURequestMilli == 0 {
		a.warn("spec.template.spec.containers[*].resources.requests.cpu", "no container requests CPU (execsim's default request applies)")
	}
	if out.MemoryRequestMiB == 0 {
		a.warn("spec.template.spec.containers[*].resources.requests.memory", "no container requests memory (execsim's default request applies)")
	}
	return ok
}

// add sums k into sum; a limit of none (negative) makes the sum none.
// Only requests that add something are named in the sum's fields.
func add(sum *container, k container) {
	if k.cpuReq > 0 {
		sum.cpuFrom = joinFrom(sum.cpuFrom, k.cpuFrom)
	}
	if k.memReq > 0 {
		sum.memFrom = joinFrom(sum.memFrom, k.memFrom)
	}
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

// maxOf raises m's requests to k's, and names k's fields for those it
// raises.
func maxOf(m *container, k container) {
	if k.cpuReq > m.cpuReq {
		m.cpuReq, m.cpuFrom = k.cpuReq, k.cpuFrom
	}
	if k.memReq > m.memReq {
		m.memReq, m.memFrom = k.memReq, k.memFrom
	}
}

// joinFrom names the fields of a sum.
func joinFrom(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " + " + b
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

// serve makes container i the serving one: its limits, under the
// pod-level ones, become the Deployment's.
func (d *Deployment) serve(i int) {
	d.Serving = i
	c := d.containers[i]
	cpu, mem := capBy(c.cpuLim, d.podCPULim), capBy(c.memLim, d.podMemLim)
	d.CPULimitMilli, d.MemoryLimitMiB = 0, 0
	if cpu > 0 {
		d.CPULimitMilli = cpu
	}
	if mem > 0 {
		d.MemoryLimitMiB = ceilMiB(mem)
	}
}

// capBy is the smaller of two limits, where a negative one is none.
func capBy(a, b int64) int64 {
	switch {
	case a < 0:
		return b
	case b < 0:
		return a
	}
	return min(a, b)
}

// chooseServing picks the container that serves the requests, once the
// Services that select the pods are known: the container whose ports a
// Service's targetPort names (by number or by name; an unset targetPort
// is the port itself, as the API defaults it), else the first. With one
// container there is no choice; with several the choice is a warning
// naming the container, since its limits are the ones execsim applies.
func (d *Deployment) chooseServing(a at, targets []serviceTarget) {
	if len(d.containers) < 2 {
		return
	}
	chosen, why := 0, "no Service's targetPort names a port of one of them, so the first is taken"
	var matched []int
	var by []string
	for i, c := range d.containers {
		for _, t := range targets {
			if t.names(c) {
				if !slices.Contains(matched, i) {
					matched = append(matched, i)
				}
				by = append(by, fmt.Sprintf("Service %s targetPort %s", t.service, t.port.String()))
				break
			}
		}
	}
	switch len(matched) {
	case 0:
	case 1:
		chosen, why = matched[0], "the container "+by[0]+" names"
	default:
		chosen, why = matched[0], fmt.Sprintf("the first of %d containers Services' targetPorts name (%s)", len(matched), strings.Join(by, ", "))
	}
	d.serve(chosen)
	var others []string
	for i, c := range d.containers {
		if i != chosen {
			others = append(others, c.name)
		}
	}
	limit := "no CPU limit"
	if d.CPULimitMilli > 0 {
		limit = fmt.Sprintf("its CPU limit (%dm) caps their CPU, as its cgroup does", d.CPULimitMilli)
	}
	a.warn(fmt.Sprintf("spec.template.spec.containers[%d]", chosen),
		"%s serves the requests (%s): %s; the other containers (%s) count in the pod's requests only",
		d.containers[chosen].name, why, limit, strings.Join(others, ", "))
}
