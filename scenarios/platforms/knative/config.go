package knative

import (
	"fmt"
	"math"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/cost"
	kn "github.com/execsim/execsim/models/knative"
	model "github.com/execsim/execsim/models/kubernetes"
	"github.com/execsim/execsim/scenarios/platform"
	k8sp "github.com/execsim/execsim/scenarios/platforms/kubernetes"
	"github.com/execsim/execsim/sim"
	"go.yaml.in/yaml/v3"
)

// Config is the compiled knative: section: a cluster (the kubernetes
// platform's compiled config, with the revisions' Deployments first and the
// control plane's after them) and the Knative model's revisions.
type Config struct {
	kube    k8sp.Config
	model   kn.Config
	revDeps int // Deployments [0, revDeps) are revisions; the rest the control plane's
	control []ControlPod
	// ownCluster is set when the scenario has no kubernetes: section: the
	// cluster is the model's defaults, not the kubernetes platform's.
	ownCluster bool
	// onHost marks, in a blend's shared cluster (ShareWith), the
	// Deployments that are the kubernetes part's; nil outside one.
	onHost []bool
	// warnings are Compile's (platform.Warner).
	warnings []string
}

// Build implements platform.Config: the Knative model in front of a
// cluster built by the kubernetes platform, which reports to the model's
// recorder.
func (c *Config) Build(k *sim.Kernel, rec models.Recorder) (platform.Model, error) {
	m, err := kn.New(k, c.model, rec)
	if err != nil {
		return nil, err
	}
	inner, err := c.kube.Build(k, m.Recorder())
	if err != nil {
		return nil, err
	}
	cl, ok := inner.(kn.Cluster)
	if !ok {
		return nil, fmt.Errorf("knative: the kubernetes platform's model lacks the cluster hooks")
	}
	m.Attach(cl)
	return &runModel{Model: m, inner: inner, cfg: c, start: m.State()}, nil
}

// runModel is the model of one run: requests enter through the Knative
// model; the cluster's usage is the bill.
type runModel struct {
	*kn.Model
	inner platform.Model
	cfg   *Config
	start kn.State // as built, for Unforgotten
}

// Unforgotten implements platform.Regenerator: the Knative layer's
// differences from its start, then the cluster's.
func (r *runModel) Unforgotten() []string {
	out := r.Model.Unforgotten(r.start)
	if g, ok := r.inner.(platform.Regenerator); ok {
		return append(out, g.Unforgotten()...)
	}
	return append(out, "the cluster behind Knative cannot tell whether it is back at its start")
}

// Finish implements platform.Model.
func (r *runModel) Finish(run platform.Run) platform.Usage {
	u := &usage{run: run, cfg: r.cfg, stats: r.Model.Stats()}
	if b, ok := r.inner.(behind); ok {
		u.inner = b.FinishBehind(run, r.cfg.ingresses(run))
	} else {
		u.inner = r.inner.Finish(run)
	}
	if c, ok := r.inner.(interface{ Usage() model.Usage }); ok {
		u.cluster = c.Usage()
	}
	u.price()
	return u
}

// behind is the kubernetes platform's cluster, which bills the front doors
// its caller gives it.
type behind interface {
	FinishBehind(platform.Run, []k8sp.Ingress) platform.Usage
}

// ingresses are the cluster's front doors: Knative's own
// (cost.frontDoors.knative, the ingress gateway's load balancer) in front
// of its revisions and control plane; in a blend's shared cluster, also
// the kubernetes part's (cost.frontDoors.kubernetes) in front of its
// Deployments. Each part keeps the door it would have alone, as every
// part of a blend does, so sharing the cluster saves nodes and the EKS
// control plane but not a load balancer: Knative's gateway is a
// LoadBalancer Service of its own (net-kourier), not a rule on the
// Deployments' ALB.
func (c *Config) ingresses(run platform.Run) []k8sp.Ingress {
	own := k8sp.Ingress{Door: run.Cost.FrontDoorOf(Name)}
	if c.onHost == nil {
		return []k8sp.Ingress{own}
	}
	own.Behind = make([]bool, len(c.kube.Deployments))
	for di := range own.Behind {
		own.Behind[di] = di >= len(c.onHost) || !c.onHost[di]
	}
	return []k8sp.Ingress{{Door: run.Cost.FrontDoorOf(k8sp.Name), Behind: c.onHost}, own}
}

// AddPrices implements platform.Pricer, as the kubernetes platform does.
func (c *Config) AddPrices(prices *cost.Prices, p *models.Problems) { c.kube.AddPrices(prices, p) }

// UsePrices implements platform.PriceUser, as the kubernetes platform does.
func (c *Config) UsePrices(prices *cost.Prices) { c.kube.UsePrices(prices) }

// FrontDoors implements platform.FrontDoorer: the ingress gateway's
// traffic arrives as the cluster's would (an ALB in front, or none).
func (c *Config) FrontDoors() []cost.FrontDoor { return c.kube.FrontDoors() }

// NodeTypes is the cluster's (platform.NodeTyper).
func (c *Config) NodeTypes() ([]string, bool) { return c.kube.NodeTypes() }

// Subset implements platform.Subsetter: the revisions of the services left
// out start at zero and receive nothing; the control plane stays.
func (c *Config) Subset(keep []bool) platform.Config {
	out := *c
	sub := c.kube.Subset(keep).(*k8sp.Config)
	out.kube = *sub
	deps := out.kube.Deployments
	for di := c.revDeps; di < len(deps); di++ {
		deps[di].Replicas = c.kube.Deployments[di].Replicas // Subset dropped the pods no service uses
	}
	// The pools start sized for the pods kept at time zero, the control
	// plane's among them, as the kubernetes platform sizes its part
	// (Config.Subset there).
	var before, after float64
	for di := range deps {
		before += float64(c.kube.Deployments[di].Replicas) * float64(c.kube.Deployments[di].CPURequestMilli)
		after += float64(deps[di].Replicas) * float64(deps[di].CPURequestMilli)
	}
	if before > 0 {
		out.kube.NodePools = append(out.kube.NodePools[:0:0], c.kube.NodePools...)
		for i := range out.kube.NodePools {
			np := &out.kube.NodePools[i]
			np.Nodes = max(np.MinNodes, int(math.Ceil(float64(np.Nodes)*after/before)))
		}
	}
	kept := make([]bool, c.revDeps)
	for i := range c.kube.Services() {
		if i >= len(keep) || keep[i] {
			kept[c.kube.DeploymentOf(i)] = true
		}
	}
	out.model.Revisions = append([]kn.Revision(nil), c.model.Revisions...)
	for ri := range out.model.Revisions {
		if r := &out.model.Revisions[ri]; !kept[r.Deployment] {
			r.InitialScale, r.MinScale = 0, 0
		}
	}
	return &out
}

// Describe implements platform.Config: the cluster as the kubernetes
// platform describes it, then each revision's Knative settings and the
// control plane.
func (c *Config) Describe() *yaml.Node {
	m := c.kube.Describe()
	// the control plane's Deployments are described by one line below
	for i := 0; i+1 < len(m.Content); i += 2 {
		if v := m.Content[i+1]; m.Content[i].Value == "deployments" && len(v.Content) > c.revDeps {
			v.Content = v.Content[:c.revDeps]
		}
	}
	put := platform.Put
	revs := &yaml.Node{Kind: yaml.SequenceNode}
	for _, r := range c.model.Revisions {
		rm := platform.Mapping()
		target, total := r.TargetValue()
		put(rm, "name", r.Name)
		cc := "0 (unlimited)"
		if r.ContainerConcurrency > 0 {
			cc = fmt.Sprintf("%d (queue-proxy queue %d)", r.ContainerConcurrency, 10*r.ContainerConcurrency)
		}
		put(rm, "containerConcurrency", cc)
		put(rm, "metric", fmt.Sprintf("%s, target %g per pod (%g × %g%% utilisation)", r.Metric, target, total, r.TargetUtilization*100))
		put(rm, "windows", fmt.Sprintf("stable %v, panic %v, panic at %g%%", r.StableWindow, r.PanicWindow(), r.PanicThresholdPercent))
		put(rm, "rates", fmt.Sprintf("scale up at most ×%g, down at most ÷%g per %v tick", r.MaxScaleUpRate, r.MaxScaleDownRate, kn.TickInterval))
		scale := fmt.Sprintf("min %d, max %d, initial %d, activation %d", r.MinScale, r.MaxScale, r.InitialScale, r.ActivationScale)
		if r.MaxScale == 0 {
			scale = fmt.Sprintf("min %d, max unbounded, initial %d, activation %d", r.MinScale, r.InitialScale, r.ActivationScale)
		}
		put(rm, "scale", scale)
		if r.EnableScaleToZero && r.MinScale == 0 {
			put(rm, "scaleToZero", scaleToZeroRule(&r))
		} else {
			put(rm, "scaleToZero", "never")
		}
		tbc := fmt.Sprintf("%g", r.TargetBurstCapacity)
		if r.TargetBurstCapacity < 0 {
			tbc = "-1 (activator always in the path)"
		}
		put(rm, "targetBurstCapacity", tbc)
		put(rm, "activator", fmt.Sprintf("holds up to %d requests for at most %v", r.ActivatorQueue, r.ActivatorTimeout))
		revs.Content = append(revs.Content, rm)
	}
	platform.PutNode(m, "revisions", revs)
	cp := make([]string, len(c.control))
	for i, p := range c.control {
		cp[i] = fmt.Sprintf("%s ×%d %dm CPU %d MiB", p.Name, p.Replicas, p.CPURequestMilli, p.MemoryRequestMiB)
	}
	platform.PutNode(m, "controlPlane", platform.FlowList(cp))
	return m
}

// scaleToZeroRule is when revision r goes to zero, as the model does it
// (kn.Revision.ScaleToZeroDelay): with the defaults the activator is
// already in the path of the last pod, so the grace period does not apply.
func scaleToZeroRule(r *kn.Revision) string {
	d, inPath := r.ScaleToZeroDelay()
	_, total := r.TargetValue()
	lead := fmt.Sprintf("%v after a stable window (%v) without traffic", d, r.StableWindow)
	retained := ""
	if r.ScaleToZeroPodRetention > 0 {
		retained = fmt.Sprintf(", or its pod retention %v if longer", r.ScaleToZeroPodRetention)
	}
	if inPath {
		why := fmt.Sprintf("targetBurstCapacity %g is above the capacity of one pod, %g", r.TargetBurstCapacity, total)
		if r.TargetBurstCapacity < 0 {
			why = "targetBurstCapacity -1, always"
		}
		return fmt.Sprintf("%s; the activator is already in the path (%s), so the pod goes at the next check of the reconciler%s, not after the %v grace period", lead, why, retained, r.ScaleToZeroGrace)
	}
	return fmt.Sprintf("%s; the activator goes into the path then and the pod stays for the %v grace period%s", lead, r.ScaleToZeroGrace, retained)
}

// ShareHost implements hybrid.ClusterSharer: Knative runs on the
// kubernetes platform's cluster.
func (c *Config) ShareHost() string { return k8sp.Name }

// ShareWith implements hybrid.ClusterSharer: one cluster (the kubernetes
// part's) running the kubernetes part's services as its Deployments, with
// their HPAs, and Knative's as revisions, with the control plane. The node
// pools start sized for the services' pods both keep at time zero, as the
// kubernetes platform sizes a part (its Config.Subset); the control plane's
// pods are left out of that proportion (the host's pools were not sized
// for them) and the node autoscaler makes room for them as for any pod. It
// cannot when Knative's cluster is not the kubernetes: section's.
func (c *Config) ShareWith(host platform.Config, keepHost, keepSelf []bool) (platform.Config, bool) {
	hk, ok := host.(*k8sp.Config)
	if !ok || c.ownCluster || len(hk.Deployments) != c.revDeps {
		return nil, false
	}
	both := make([]bool, len(keepSelf))
	for i := range both {
		both[i] = keepSelf[i] || (i < len(keepHost) && keepHost[i])
	}
	out := c.Subset(both).(*Config)
	deps := out.kube.Deployments
	onHost := make([]bool, c.revDeps)
	for i, k := range keepHost {
		if k && i < c.kube.Services() {
			onHost[c.kube.DeploymentOf(i)] = true
		}
	}
	for di := range c.revDeps {
		if onHost[di] {
			deps[di] = hk.Deployments[di]
		}
	}
	out.onHost = onHost
	var revs []kn.Revision
	index := make([]int, c.revDeps)
	for _, r := range out.model.Revisions {
		index[r.Deployment] = -1
		if !onHost[r.Deployment] {
			index[r.Deployment] = len(revs)
			revs = append(revs, r)
		}
	}
	out.model.Revisions = revs
	out.model.RevisionOf = make([]int, len(c.model.RevisionOf))
	for i := range out.model.RevisionOf {
		out.model.RevisionOf[i] = index[c.kube.DeploymentOf(i)]
	}
	var before, after float64
	for di := range hk.Deployments {
		before += initialCPU(&hk.Deployments[di])
	}
	for di := range c.revDeps { // the control plane is no part of what the host's pools were sized for
		after += initialCPU(&deps[di])
	}
	out.kube.NodePools = append(out.kube.NodePools[:0:0], hk.NodePools...)
	if before > 0 {
		for i := range out.kube.NodePools {
			np := &out.kube.NodePools[i]
			np.Nodes = max(np.MinNodes, int(math.Ceil(float64(np.Nodes)*after/before)))
		}
	}
	return out, true
}

// initialCPU is the CPU a Deployment's pods request at time zero, in
// millicores: its replicas within its HPA's range.
func initialCPU(d *model.Deployment) float64 {
	n := d.Replicas
	if d.HPA != nil {
		n = min(max(n, d.HPA.MinReplicas), d.HPA.MaxReplicas)
	}
	return float64(n) * float64(d.CPURequestMilli)
}
