package scenarios

import (
	"fmt"
	"strings"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models/kubernetes"
	"github.com/execsim/execsim/models/kubernetes/hpa"
	"github.com/execsim/execsim/models/lambda"
	"github.com/execsim/execsim/models/workload"
	"go.yaml.in/yaml/v3"
)

// Describe prints the compiled plan as YAML with every default filled in,
// so a user sees exactly what will run.
func (p *Plan) Describe() string {
	root := mapping()
	put(root, "name", p.Name)
	if p.Description != "" {
		put(root, "description", p.Description)
	}
	put(root, "seed", fmt.Sprint(p.Seed))
	put(root, "duration", p.Duration.String())
	put(root, "window", p.Window.String())
	svcs := &yaml.Node{Kind: yaml.SequenceNode}
	for _, s := range p.Workload.Services {
		m := mapping()
		put(m, "name", s.Name)
		m.Content = append(m.Content, key("arrivals"), describeArrivals(s.Arrivals))
		w := mapping()
		put(w, "cpu", distString(s.CPU))
		put(w, "io", distString(s.IO))
		put(w, "payloadKB", fmt.Sprint(s.PayloadKB))
		m.Content = append(m.Content, key("work"), w)
		svcs.Content = append(svcs.Content, m)
	}
	root.Content = append(root.Content, key("services"), svcs)
	if c := p.Kubernetes; c != nil {
		root.Content = append(root.Content, key("kubernetes"), describeCluster(c))
	}
	if l := p.Lambda; l != nil {
		m := mapping()
		put(m, "accountConcurrency", fmt.Sprint(l.AccountConcurrency))
		put(m, "scaling", l.Scaling.String())
		switch l.Scaling {
		case lambda.PerFunction:
			put(m, "scalingBurst", fmt.Sprint(l.ScalingBurst))
			put(m, "scalingRefillPerSecond", fmt.Sprint(l.ScalingRefillPerSecond))
		case lambda.Legacy:
			put(m, "legacyBurst", fmt.Sprint(l.LegacyBurst))
			put(m, "legacyRefillPerMinute", fmt.Sprint(l.LegacyRefillPerMinute))
		}
		put(m, "unreservedMinimum", fmt.Sprint(l.UnreservedMinimum))
		fns := &yaml.Node{Kind: yaml.SequenceNode}
		for _, f := range l.Functions {
			fns.Content = append(fns.Content, describeFunction(f))
		}
		m.Content = append(m.Content, key("functions"), fns)
		root.Content = append(root.Content, key("lambda"), m)
	}
	out, err := yaml.Marshal(root)
	if err != nil {
		panic("scenarios: describing a plan: " + err.Error())
	}
	return string(out)
}

func describeArrivals(a workload.Arrivals) *yaml.Node {
	m := mapping()
	put(m, "process", a.Process.String())
	switch a.Process {
	case workload.Poisson, workload.Even:
		put(m, "ratePerSecond", fmt.Sprint(a.RatePerSecond))
	case workload.Profile:
		put(m, "spacing", a.Spacing.String())
		put(m, "interpolation", a.Interp.String())
		put(m, "repeat", a.Repeat.String())
		if a.Repeat == workload.Daily && a.Days != 0 {
			put(m, "days", describeDays(a.Days))
		}
		pts := &yaml.Node{Kind: yaml.SequenceNode}
		for _, pt := range a.Points {
			pm := mapping()
			pm.Style = yaml.FlowStyle
			put(pm, "at", pt.At.String())
			put(pm, "ratePerSecond", fmt.Sprint(pt.RatePerSecond))
			pts.Content = append(pts.Content, pm)
		}
		m.Content = append(m.Content, key("profile"), pts)
	case workload.Diurnal:
		put(m, "spacing", a.Spacing.String())
		put(m, "meanRatePerSecond", fmt.Sprint(a.MeanRatePerSecond))
		put(m, "amplitude", fmt.Sprint(a.Amplitude))
		put(m, "period", a.Period.String())
		put(m, "peakAt", a.PeakAt.String())
	case workload.Spike:
		put(m, "spacing", a.Spacing.String())
		put(m, "ratePerSecond", fmt.Sprint(a.RatePerSecond))
		if a.Multiplier != 0 {
			put(m, "multiplier", fmt.Sprint(a.Multiplier))
		} else {
			put(m, "spikeRatePerSecond", fmt.Sprint(a.SpikeRatePerSecond))
		}
		put(m, "at", a.At.String())
		put(m, "for", a.For.String())
	}
	return m
}

func describeDays(d workload.Days) string {
	names := []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
	var on []string
	for i, n := range names {
		if d&(1<<i) != 0 {
			on = append(on, n)
		}
	}
	return strings.Join(on, ",")
}

func describeFunction(f lambda.Function) *yaml.Node {
	m := mapping()
	put(m, "name", f.Name)
	put(m, "memoryMB", fmt.Sprint(f.MemoryMB))
	put(m, "cpuShare", fmt.Sprintf("%.4f", f.CPUShare()))
	put(m, "arch", f.Arch.String())
	put(m, "runtime", f.Runtime)
	put(m, "package", f.Package.String())
	switch {
	case f.SnapStart:
		put(m, "snapStart", "true")
		if f.Restore != nil {
			put(m, "restore", f.Restore.String())
		} else if row, err := lambda.LookupRestore(f.Runtime, f.MemoryMB); err == nil {
			put(m, "restore", fmt.Sprintf("%s (measured %s, %d MB, p50 %v, p99 %v)", row.Dist(), row.Raw, row.MemoryMB, row.P50, row.P99))
		}
	case f.Init != nil:
		put(m, "init", f.Init.String())
	default:
		if row, err := lambda.LookupInit(f.Runtime, f.Arch, f.Package, f.MemoryMB); err == nil {
			put(m, "init", fmt.Sprintf("%s (measured %s %s %s %d MB, n=%d)", row.Dist(), row.Raw, row.Arch, row.Package, row.MemoryMB, row.N))
		}
	}
	put(m, "platformOverhead", distString(f.PlatformOverhead))
	if !f.SnapStart {
		put(m, "appInit", distString(f.AppInit))
	}
	if f.ReservedConcurrency >= 0 {
		put(m, "reservedConcurrency", fmt.Sprint(f.ReservedConcurrency))
	} else {
		put(m, "reservedConcurrency", "none")
	}
	put(m, "provisionedConcurrency", fmt.Sprint(f.ProvisionedConcurrency))
	put(m, "invocation", f.Invocation.String())
	if f.Invocation == lambda.Sync {
		r := mapping()
		r.Style = yaml.FlowStyle
		put(r, "attempts", fmt.Sprint(f.Retry.Attempts))
		put(r, "base", f.Retry.Base.String())
		put(r, "max", f.Retry.Max.String())
		put(r, "jitter", f.Retry.Jitter.String())
		m.Content = append(m.Content, key("retry"), r)
	} else {
		put(m, "maxEventAge", f.MaxEventAge.String())
		put(m, "asyncRetries", fmt.Sprint(f.AsyncRetries))
	}
	put(m, "timeout", f.Timeout.String())
	put(m, "keepAlive", distString(f.KeepAlive))
	put(m, "maxLifetime", f.MaxLifetime.String())
	put(m, "warmSelection", f.WarmSelection.String())
	put(m, "rpsLimit", fmt.Sprint(f.RPSLimit))
	return m
}

func distString(d dist.Dist) string {
	if d == nil {
		return "0s"
	}
	return d.String()
}

func mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode} }

func key(k string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: k} }

func put(m *yaml.Node, k, v string) {
	m.Content = append(m.Content, key(k), &yaml.Node{Kind: yaml.ScalarNode, Value: v})
}

func describeCluster(c *kubernetes.Config) *yaml.Node {
	m := mapping()
	m.Content = append(m.Content, key("zones"), flowList(c.Zones))
	pools := &yaml.Node{Kind: yaml.SequenceNode}
	for _, np := range c.NodePools {
		pm := mapping()
		pm.Style = yaml.FlowStyle
		put(pm, "name", np.Name)
		pm.Content = append(pm.Content, key("instanceTypes"), flowList(np.InstanceTypes))
		put(pm, "capacity", np.Capacity.String())
		if len(np.Zones) > 0 {
			pm.Content = append(pm.Content, key("zones"), flowList(np.Zones))
		}
		put(pm, "nodes", fmt.Sprint(np.Nodes))
		put(pm, "minNodes", fmt.Sprint(np.MinNodes))
		put(pm, "maxNodes", fmt.Sprint(np.MaxNodes))
		pools.Content = append(pools.Content, pm)
	}
	m.Content = append(m.Content, key("nodePools"), pools)
	// the allocatable of every type in use, so users see what fits
	alloc := mapping()
	seen := map[string]bool{}
	for _, np := range c.NodePools {
		for _, name := range np.InstanceTypes {
			if seen[name] {
				continue
			}
			seen[name] = true
			for _, t := range append(c.InstanceTypes, kubernetes.Catalogue()...) {
				if t.Name == name {
					a := kubernetes.UserAllocatable(&t, c.EvictionHardMemoryMiB, c.DaemonSets)
					put(alloc, name, fmt.Sprintf("%d vCPU, %g GiB, $%g/h → for pods: %dm CPU, %d MiB, %d pods",
						t.VCPU, t.MemoryGiB, t.PriceUSDPerHour, a.CPUMilli, a.MemoryMiB, a.Pods))
					break
				}
			}
		}
	}
	m.Content = append(m.Content, key("allocatable"), alloc)
	put(m, "nodeAutoscaler", c.NodeAutoscaler.String())
	switch c.NodeAutoscaler {
	case kubernetes.ClusterAutoscaler:
		ca := c.ClusterAutoscaler
		put(m, "clusterAutoscaler", fmt.Sprintf("scan %v, scale down below %g requested for %v, not within %v of a scale-up",
			ca.ScanInterval, ca.ScaleDownUtilizationThreshold, ca.ScaleDownUnneededTime, ca.ScaleDownDelayAfterAdd))
	case kubernetes.Karpenter:
		k := c.Karpenter
		put(m, "karpenter", fmt.Sprintf("batch %v idle / %v max, consolidation %s after %v validation, budget %d%%",
			k.BatchIdleDuration, k.BatchMaxDuration, k.Consolidation, k.ValidationDelay, k.BudgetPercent))
	}
	put(m, "nodeLaunch", distString(c.NodeLaunch))
	put(m, "scoring", c.Scheduler.Scoring.String())
	put(m, "metricResolution", c.MetricResolution.String())
	put(m, "nodeMonitorGracePeriod", c.NodeMonitorGracePeriod.String())
	for _, f := range c.AZFailures {
		put(m, "azFailure", fmt.Sprintf("zone %s at %v", f.Zone, f.At))
	}
	deps := &yaml.Node{Kind: yaml.SequenceNode}
	for _, d := range c.Deployments {
		dm := mapping()
		put(dm, "name", d.Name)
		put(dm, "replicas", fmt.Sprint(d.Replicas))
		put(dm, "cpuRequestMilli", fmt.Sprint(d.CPURequestMilli))
		put(dm, "memoryRequestMiB", fmt.Sprint(d.MemoryRequestMiB))
		if d.CPULimitMilli > 0 {
			put(dm, "cpuLimitMilli", fmt.Sprint(d.CPULimitMilli))
		} else {
			put(dm, "cpuLimitMilli", "none (the request's share of the node)")
		}
		put(dm, "concurrency", fmt.Sprint(d.Concurrency))
		put(dm, "queue", fmt.Sprint(d.Queue))
		put(dm, "timeout", d.Timeout.String())
		put(dm, "routing", d.Routing.String())
		put(dm, "imagePull", distString(d.ImagePull))
		put(dm, "containerStart", distString(d.ContainerStart))
		put(dm, "appInit", distString(d.AppInit))
		put(dm, "readinessPeriod", d.ReadinessPeriod.String())
		put(dm, "endpointPropagation", distString(d.EndpointPropagation))
		if d.Routing.ALB() {
			put(dm, "albRegistration", distString(d.ALBRegistration))
		}
		put(dm, "terminationGrace", d.TerminationGrace.String())
		if h := d.HPA; h != nil {
			hm := mapping()
			put(hm, "minReplicas", fmt.Sprint(h.MinReplicas))
			put(hm, "maxReplicas", fmt.Sprint(h.MaxReplicas))
			if h.Metric.Type == hpa.CPUUtilization {
				put(hm, "metric", fmt.Sprintf("cpu, target %d%% of the request", h.Metric.AverageUtilizationPercent))
			} else {
				put(hm, "metric", fmt.Sprintf("%s, target %g per pod", h.Metric.Name, float64(h.Metric.AverageValueMilli)/1000))
			}
			put(hm, "syncPeriod", h.SyncPeriod.String())
			put(hm, "tolerance", fmt.Sprint(h.Tolerance))
			if h.Behavior == nil {
				put(hm, "behavior", fmt.Sprintf("none: scale-up at most max(2x, 4) per sync, downscale stabilisation %v", h.DownscaleStabilizationWindow))
			} else {
				put(hm, "behavior", "as given (upstream defaults for unset fields)")
			}
			dm.Content = append(dm.Content, key("hpa"), hm)
		}
		deps.Content = append(deps.Content, dm)
	}
	m.Content = append(m.Content, key("deployments"), deps)
	return m
}

func flowList(items []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, it := range items {
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: it})
	}
	return n
}
