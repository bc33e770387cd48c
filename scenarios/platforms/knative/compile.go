package knative

import (
	"fmt"
	"slices"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	kn "github.com/execsim/execsim/models/knative"
	model "github.com/execsim/execsim/models/kubernetes"
	"github.com/execsim/execsim/scenarios/platform"
	k8sp "github.com/execsim/execsim/scenarios/platforms/kubernetes"
)

// Compile implements platform.Platform: the cluster is the kubernetes:
// section's when the scenario has one (its compiled config, a peer compiled
// before this one), else the cluster model's defaults; each service's
// Deployment becomes a revision, scaled by the KPA instead of an HPA; the
// control plane's pods join the cluster as Deployments of their own.
func (Platform) Compile(in platform.CompileInput) platform.Config {
	p := in.Problems
	s := in.Section.(*Section)
	out := &Config{}
	var kube *k8sp.Config
	for _, peer := range in.Peers {
		if c, ok := peer.Config.(*k8sp.Config); ok && peer.Platform.Name() == k8sp.Name {
			kube = c
		}
	}
	if kube == nil {
		var scratch models.Problems
		svcs := make([]platform.Service, len(in.Services))
		for i, svc := range in.Services {
			svc.Override = nil // services[].kubernetes: needs a kubernetes: section, reported there
			svcs[i] = svc
		}
		out.ownCluster = true
		kube, _ = k8sp.New().Compile(platform.CompileInput{Section: &k8sp.Section{}, Services: svcs, Problems: &scratch, SLO: in.SLO}).(*k8sp.Config)
		// Told at the kubernetes: section's keys, where the cluster is
		// set: the knative: section has none of them.
		p.Merge("", scratch.Err())
	}
	out.kube = *kube
	mc := &out.kube.Config
	mc.Deployments = slices.Clone(kube.Deployments)
	n := kube.Services()
	if kube.ServiceDeployment == nil {
		mc.ServiceDeployment = make([]int, n)
		for i := range n {
			mc.ServiceDeployment[i] = i
		}
	} else {
		mc.ServiceDeployment = slices.Clone(kube.ServiceDeployment)
	}
	perService := platform.EachService(in, Name, &s.Revision, func(name string) kn.Revision { return kn.DefaultRevision(name, 0) }, applyRevision)
	out.revDeps = len(mc.Deployments)
	out.model.RevisionOf = make([]int, n)
	// firstService[di] is the first service of Deployment di (−1: none),
	// what slices.Index(mc.ServiceDeployment, di) finds, in one pass
	firstService := make([]int, len(mc.Deployments))
	for di := range firstService {
		firstService[di] = -1
	}
	for i, di := range mc.ServiceDeployment {
		if di >= 0 && di < len(firstService) && firstService[di] < 0 {
			firstService[di] = i
		}
	}
	for di := range mc.Deployments {
		d := &mc.Deployments[di]
		first := firstService[di]
		r := kn.DefaultRevision(d.Name, di)
		if first >= 0 && first < len(perService) {
			r = perService[first]
		}
		r.Deployment, r.Name = di, d.Name
		// The KPA scales the Deployment; the revision starts at its
		// initial scale within its bounds, Ready at time zero.
		d.HPA = nil
		d.Replicas = max(r.InitialScale, r.MinScale)
		if r.MaxScale > 0 {
			d.Replicas = min(d.Replicas, r.MaxScale)
		}
		// The queue-proxy probes the container every 50 ms until it
		// answers when the user's probe leaves periodSeconds at 0,
		// Knative's default (pkg/queue/readiness/probe.go, retryInterval),
		// instead of the kubelet's 10-s period.
		d.ReadinessPeriod = readinessRetry
		// Requests reach the pods from the ingress gateway or the
		// activator, which route to the revision's endpoints themselves:
		// no ALB target registration, whatever the front door. The
		// activator sends a request only to a pod with a free slot
		// (pkg/activator/net/throttler.go: first available for
		// containerConcurrency ≤ 3, round robin over pods with capacity
		// above, the better of two random picks when unlimited); routing
		// to the pod with the fewest requests, ties in turn, does that
		// within the capacity the activator admits (model.go, drain).
		// Cross-zone bytes then count as the ALB's routing does (free
		// behind an ALB front door), a small understatement.
		d.ALBRegistration = dist.Const(0)
		d.Routing = model.ALBLeastOutstanding
		if cc := r.ContainerConcurrency; cc > 0 {
			// the queue-proxy's breaker: cc at once, 10 × cc waiting
			d.Concurrency, d.Queue = cc, 10*cc
		}
		out.model.Revisions = append(out.model.Revisions, r)
	}
	for i := range n {
		out.model.RevisionOf[i] = mc.DeploymentOf(i)
	}
	if len(in.Services) > 0 {
		revisionProblems(p, in, out.model.Revisions, firstService)
		out.warnings = capacityWarnings(in, out.model.Revisions, mc.Deployments, firstService)
	}
	cp := DefaultControlPlane()
	if s.ControlPlane != nil {
		cp = make([]ControlPod, len(*s.ControlPlane))
		for i, w := range *s.ControlPlane {
			cp[i] = ControlPod{Name: w.Name, Replicas: platform.Deref(w.Replicas), CPURequestMilli: w.CPURequestMilli, MemoryRequestMiB: w.MemoryRequestMiB}
			if w.Replicas == nil {
				p.Add(fmt.Sprintf("%s.controlPlane[%d].replicas", Name, i), nil, models.ErrRequired,
					"each control-plane Deployment needs its replicas (Knative's manifests run 1 of each; write 0 for none)")
			}
		}
	}
	told := map[string]bool{}
	for i, c := range cp {
		at := fmt.Sprintf("%s.controlPlane[%d]", Name, i)
		switch {
		case c.Name == "":
			p.Add(at+".name", c.Name, models.ErrRequired, "each control-plane Deployment needs a name")
		case slices.ContainsFunc(mc.Deployments, func(d model.Deployment) bool { return d.Name == c.Name }):
			p.Add(at+".name", c.Name, models.ErrInvalid, "already the name of a Deployment of the cluster")
		}
		if c.Replicas < 0 {
			models.NotNegative(p, at+".replicas", c.Replicas)
			told[at+".replicas"] = true
		}
		if c.CPURequestMilli <= 0 {
			p.Add(at+".cpuRequestMilli", c.CPURequestMilli, models.ErrRange, "must be positive")
			told[at+".cpuRequestMilli"] = true
		}
		if c.MemoryRequestMiB <= 0 {
			p.Add(at+".memoryRequestMiB", c.MemoryRequestMiB, models.ErrRange, "must be positive")
			told[at+".memoryRequestMiB"] = true
		}
		d := model.DefaultDeployment(c.Name)
		d.Image = "knative/" + c.Name
		d.Replicas, d.CPURequestMilli, d.MemoryRequestMiB = c.Replicas, c.CPURequestMilli, c.MemoryRequestMiB
		out.model.Hidden = append(out.model.Hidden, kn.Hidden{Deployment: len(mc.Deployments), Slots: d.Concurrency})
		mc.Deployments = append(mc.Deployments, d)
	}
	out.control = cp
	// The control plane's pods are checked whatever else is wrong (a pod
	// that fits no node, say); the rest of the cluster only when nothing
	// was: the kubernetes: section's compile has told its problems, and a
	// control-plane name that clashes has been told above.
	if err := mc.Validate(); err != nil && len(in.Services) > 0 {
		clusterProblems(p, err, cp, told, p.Err() == nil)
	}
	return out
}

// Warnings implements platform.Warner: Compile's, about settings that
// combine badly (capacityWarnings).
func (c *Config) Warnings() []string { return c.warnings }

// readinessRetry is the queue-proxy's aggressive probe interval.
const readinessRetry = 50 * time.Millisecond

// applyRevision overlays the settings written in r onto dst.
func applyRevision(p *models.Problems, path string, r *Revision, dst *kn.Revision) {
	platform.Set(&dst.ContainerConcurrency, r.ContainerConcurrency)
	switch r.Metric {
	case "":
	case "concurrency":
		dst.Metric = kn.Concurrency
	case "rps":
		if dst.Metric != kn.RPS && r.Target == nil {
			dst.Target = kn.DefaultRPSTarget // requests-per-second-target-default
		}
		dst.Metric = kn.RPS
	default:
		p.Add(path+".metric", r.Metric, models.ErrInvalid, "allowed: concurrency, rps")
	}
	platform.Set(&dst.Target, r.Target)
	if r.TargetUtilizationPercent != nil {
		dst.TargetUtilization = *r.TargetUtilizationPercent / 100
	}
	platform.Set(&dst.StableWindow, r.StableWindow)
	platform.Set(&dst.PanicWindowPercent, r.PanicWindowPercent)
	platform.Set(&dst.PanicThresholdPercent, r.PanicThresholdPercent)
	platform.Set(&dst.MaxScaleUpRate, r.MaxScaleUpRate)
	platform.Set(&dst.MaxScaleDownRate, r.MaxScaleDownRate)
	platform.Set(&dst.EnableScaleToZero, r.ScaleToZero)
	platform.Set(&dst.ScaleToZeroGrace, r.ScaleToZeroGracePeriod)
	platform.Set(&dst.ScaleToZeroPodRetention, r.ScaleToZeroPodRetention)
	platform.Set(&dst.MinScale, r.MinScale)
	platform.Set(&dst.MaxScale, r.MaxScale)
	platform.Set(&dst.InitialScale, r.InitialScale)
	platform.Set(&dst.ActivationScale, r.ActivationScale)
	platform.Set(&dst.TargetBurstCapacity, r.TargetBurstCapacity)
	platform.Set(&dst.ActivatorTimeout, r.ActivatorTimeout)
	platform.Set(&dst.ActivatorQueue, r.ActivatorQueue)
}
