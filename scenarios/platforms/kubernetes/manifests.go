package kubernetes

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/models"
	model "github.com/execsim/execsim/models/kubernetes"
	"github.com/execsim/execsim/scenarios/inputs/manifests"
	"github.com/execsim/execsim/scenarios/platform"
)

// ReadSettings implements platform.SettingsReader: the manifests the
// section names (kubernetes: {manifests: [dir-or-file, …]}) define one
// service per Deployment, named after it, whose settings become that
// service's deployment override. The section's own deployment settings
// stay the defaults of what a manifest does not say (concurrency, queue,
// the lifecycle stages).
func (Platform) ReadSettings(section any, files fs.FS) (platform.Settings, error) {
	s := section.(*Section)
	if len(s.Manifests) == 0 {
		return nil, nil
	}
	if files == nil {
		return nil, fmt.Errorf("kubernetes.manifests: this scenario cannot name files (it was not read from a file)")
	}
	paths := make([]string, len(s.Manifests))
	var errs []error
	for i, name := range s.Manifests {
		var err error
		paths[i], err = platform.FilePath(fmt.Sprintf("%s.manifests[%d]", Name, i), name)
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	set, err := manifests.Read(files, paths)
	if err != nil {
		return nil, err
	}
	out := &manifestSettings{files: s.Manifests, byName: map[string]*Deployment{}}
	where := map[string]manifests.Deployment{}
	for _, d := range set.Deployments {
		if prev, dup := where[d.Name]; dup {
			// Services are named after their Deployment; two namespaces
			// holding one name would make two services of one name.
			return nil, fmt.Errorf("%s: Deployment/%s (namespace %s): a Deployment of this name is already in %s (namespace %s); execsim names services after their Deployment, so give only one of them",
				d.Location(), d.Name, d.Namespace, prev.Location(), prev.Namespace)
		}
		where[d.Name] = d
		out.names = append(out.names, d.Name)
		ov, notes := deploymentOverride(d)
		out.byName[d.Name] = ov
		out.notes = append(out.notes, notes...)
	}
	if s.HPA != nil {
		// an override cannot say "no autoscaler": the section's applies
		var fixed []string
		for _, d := range set.Deployments {
			if d.HPA == nil {
				fixed = append(fixed, "Deployment/"+d.Name)
			}
		}
		if len(fixed) > 0 {
			out.notes = append(out.notes, fmt.Sprintf("kubernetes.manifests: no HorizontalPodAutoscaler for %s: the kubernetes: section's hpa: scales them", deploymentList(fixed, len(set.Deployments))))
		}
	}
	var memLimits []string
	for _, d := range set.Deployments {
		if d.MemoryLimitMiB > 0 {
			memLimits = append(memLimits, "Deployment/"+d.Name)
		}
	}
	if len(memLimits) > 0 {
		// one line for a field most manifests set
		out.notes = append(out.notes, fmt.Sprintf("kubernetes.manifests: resources.limits.memory not modelled (pods are placed and sized by their requests): %s", deploymentList(memLimits, len(set.Deployments))))
	}
	for _, w := range set.Warnings {
		out.notes = append(out.notes, w.String())
	}
	// A DaemonSet's pod takes its requests on every node before any
	// service's pod is placed (the model's UserAllocatable), so it moves
	// the node count and cost: each joins the cluster's daemonSets
	// (Section). An entry the section writes out by the same name wins.
	for _, d := range set.DaemonSets {
		if slices.ContainsFunc(s.DaemonSets, func(x DaemonSet) bool { return x.Name == d.Name }) {
			out.notes = append(out.notes, fmt.Sprintf("%s: DaemonSet/%s: kubernetes.daemonSets names it too; the section's entry is used", d.Location(), d.Name))
			continue
		}
		out.daemonSets = append(out.daemonSets, DaemonSet{Name: d.Name, CPUMilli: d.CPURequestMilli, MemoryMiB: d.MemoryRequestMiB})
	}
	if n := len(set.Ignored); n > 0 {
		var objs []string
		for _, x := range set.Ignored {
			objs = append(objs, x.Kind+"/"+x.Name)
		}
		out.notes = append(out.notes, fmt.Sprintf("kubernetes.manifests: %d %s not modelled, ignored: %s", n, format.Plural(n, "object", "objects"), strings.Join(objs, ", ")))
	}
	return out, nil
}

// manifestSettings is what a Set of manifests says, by Deployment name.
type manifestSettings struct {
	files      []string
	names      []string
	byName     map[string]*Deployment
	notes      []string
	daemonSets []DaemonSet // the manifests', in reading order
}

// Section adds the manifests' DaemonSets to the cluster's: to the
// section's daemonSets when it lists them, else to execsim's default
// set, which a DaemonSet of the same name (kubectl get ds -n
// kube-system shows aws-node and kube-proxy) replaces.
func (m *manifestSettings) Section(section any) any {
	if len(m.daemonSets) == 0 {
		return section
	}
	s := *section.(*Section)
	base := s.DaemonSets
	if base == nil {
		for _, d := range model.DefaultConfig().DaemonSets {
			if !slices.ContainsFunc(m.daemonSets, func(x DaemonSet) bool { return x.Name == d.Name }) {
				base = append(base, DaemonSet{Name: d.Name, CPUMilli: d.CPUMilli, MemoryMiB: d.MemoryMiB})
			}
		}
	}
	s.DaemonSets = append(slices.Clip(base), m.daemonSets...)
	return &s
}

func (m *manifestSettings) Services() []string { return m.names }
func (m *manifestSettings) Notes() []string    { return m.notes }
func (m *manifestSettings) Files() []string    { return m.files }
func (m *manifestSettings) Source() string     { return Name + ".manifests" }

// Match gives every named service its Deployment's override; the scenario
// layer makes sure each Deployment is a service, so nothing is left over.
func (m *manifestSettings) Match(services []string) (map[string]any, []string, error) {
	out := map[string]any{}
	for _, s := range services {
		if d, ok := m.byName[s]; ok {
			out[s] = d
		}
	}
	return out, nil, nil
}

// deploymentOverride spells a Deployment as a services[].kubernetes
// override. What the override cannot say is a note naming the object and
// field.
func deploymentOverride(d manifests.Deployment) (*Deployment, []string) {
	var notes []string
	note := func(field, format string, args ...any) {
		notes = append(notes, fmt.Sprintf("%s: Deployment/%s: %s: %s", d.Location(), d.Name, field, fmt.Sprintf(format, args...)))
	}
	ov := &Deployment{
		Replicas:         ptr(d.Replicas),
		Image:            d.Image,
		TerminationGrace: ptr(d.TerminationGrace),
		from:             &manifestFrom{where: fmt.Sprintf("%s: Deployment/%s", d.Location(), d.Name), cpu: d.CPURequestFrom, memory: d.MemoryRequestFrom},
	}
	// A pod without a request leaves it to the section's (the reader has
	// warned that execsim's default applies): 0 is not a request.
	if d.CPURequestMilli > 0 {
		ov.CPURequestMilli = ptr(d.CPURequestMilli)
	}
	if d.MemoryRequestMiB > 0 {
		ov.MemoryRequestMiB = ptr(d.MemoryRequestMiB)
	}
	if d.CPULimitMilli > 0 {
		ov.CPULimitMilli = ptr(d.CPULimitMilli)
	}
	if d.ReadinessPeriod > 0 {
		ov.ReadinessPeriod = ptr(d.ReadinessPeriod)
	}
	if d.ReadinessInitialDelay > 0 {
		// The model's readiness is the first probe that succeeds after the
		// app is up (appInit); a fixed initial delay is not a stage of it.
		note("readinessProbe.initialDelaySeconds", "%v not modelled: the first probe runs one period after the app is ready (set appInit to cover a slow start)", d.ReadinessInitialDelay)
	}
	for _, s := range d.Spread {
		ov.Spread = append(ov.Spread, Spread{Key: s.Key, MaxSkew: s.MaxSkew, WhenUnsatisfiable: s.WhenUnsatisfiable})
	}
	if h := d.HPA; h != nil {
		ov.HPA, notes = hpaOverride(d, *h, notes)
	}
	return ov, notes
}

// hpaOverride spells an HPA as the override's hpa: with the first metric
// execsim models; the manifests reader has already warned about the rest.
func hpaOverride(d manifests.Deployment, h manifests.HPA, notes []string) (*HPA, []string) {
	note := func(field, format string, args ...any) {
		notes = append(notes, fmt.Sprintf("%s: HorizontalPodAutoscaler/%s: %s: %s", h.Location(), h.Name, field, fmt.Sprintf(format, args...)))
	}
	out := &HPA{MinReplicas: ptr(h.MinReplicas), MaxReplicas: ptr(h.MaxReplicas)}
	chosen := false
	for i, m := range h.Metrics {
		if chosen {
			break
		}
		field := fmt.Sprintf("spec.metrics[%d]", i)
		switch m.Type {
		case manifests.CPUUtilization:
			out.Metric, out.TargetCPUUtilizationPercent, chosen = "cpu", ptr(m.UtilizationPercent), true
		case manifests.CPUAverageValue:
			// The controller compares the pods' mean CPU with the value;
			// as a share of the request it is the same target
			// (podautoscaler/replica_calculator.go, GetRawMetricReplicas).
			if d.CPURequestMilli <= 0 {
				note(field, "an averageValue CPU target needs the pods' CPU request to be expressed in execsim; metric dropped")
				continue
			}
			pct := int((m.AverageValueMilli*100 + d.CPURequestMilli/2) / d.CPURequestMilli)
			note(field, "CPU averageValue %dm read as %d %% of the %dm request", m.AverageValueMilli, pct, d.CPURequestMilli)
			out.Metric, out.TargetCPUUtilizationPercent, chosen = "cpu", ptr(max(pct, 1)), true
		case manifests.PodsAverageValue:
			kind := podsMetric(m.Name)
			if kind == "" {
				note(field, "Pods metric %q is neither a request rate nor in-flight requests by its name; metric dropped", m.Name)
				continue
			}
			out.Metric, out.TargetAverageValue, chosen = kind, ptr(float64(m.AverageValueMilli)/1000), true
		}
	}
	if !chosen {
		note("spec.metrics", "no metric execsim models: the HPA scales on CPU at the default %d %%", 80)
	}
	if b := h.Behavior; b != nil {
		out.Behavior = &Behavior{ScaleUp: rulesOf(b.ScaleUp), ScaleDown: rulesOf(b.ScaleDown)}
	}
	return out, notes
}

// podsMetric names a Pods metric's kind by its name, as
// prometheus-adapter's rules name them (http_requests_per_second,
// requests_in_flight): "rps", "inflight", or "" when the name says neither.
func podsMetric(name string) string {
	n := strings.ToLower(name)
	switch {
	case strings.Contains(n, "inflight") || strings.Contains(n, "in_flight") || strings.Contains(n, "concurren") || strings.Contains(n, "active_requests"):
		return model.MetricInflight
	case strings.Contains(n, "request") || strings.Contains(n, "rps") || strings.Contains(n, "qps"):
		return model.MetricRPS
	}
	return ""
}

func rulesOf(r *manifests.Rules) *Rules {
	if r == nil {
		return nil
	}
	out := &Rules{StabilizationWindow: r.StabilizationWindow, SelectPolicy: r.SelectPolicy, Tolerance: r.Tolerance}
	for _, p := range r.Policies {
		out.Policies = append(out.Policies, Policy{Type: p.Type, Value: p.Value, Period: p.Period})
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// manifestFrom is where a service's settings came from: the Deployment's
// location and the fields its pod's requests are the sum of.
type manifestFrom struct {
	where       string // file:document N: Deployment/name
	cpu, memory string // e.g. spec.template.spec.containers[0].resources.limits.cpu
}

// manifestPaths renames the model's problems with a request of a
// Deployment read from a manifest (the pod fits no node, say) to the
// manifest's file, Deployment and fields: the user wrote
// resources.limits.cpu: 2, not kubernetes.cpuRequestMilli: 2000. The model
// names a deployment deployments.<service>.<field>; other problems pass
// through unchanged.
func manifestPaths(err error, services []platform.Service) error {
	from := map[string]*manifestFrom{}
	for _, s := range services {
		if o, _ := s.Override.(*Deployment); o != nil && o.from != nil {
			from[s.Name] = o.from
		}
	}
	if len(from) == 0 {
		return err
	}
	var out []error
	for _, e := range platform.Unjoin(err) {
		var fe *models.FieldError
		if errors.As(e, &fe) {
			name, field, _ := strings.Cut(strings.TrimPrefix(fe.Path, "deployments."), ".")
			f := from[name]
			switch {
			case f == nil || !strings.HasPrefix(fe.Path, "deployments."):
			case field == "cpuRequestMilli" && f.cpu != "":
				e = &manifestError{at: f.where + ": " + f.cpu, got: fmt.Sprintf("%vm", fe.Value), fe: fe}
			case field == "memoryRequestMiB" && f.memory != "":
				e = &manifestError{at: f.where + ": " + f.memory, got: fmt.Sprintf("%vMi", fe.Value), fe: fe}
			}
		}
		out = append(out, e)
	}
	return errors.Join(out...)
}

// manifestError is a model's problem with a setting, told at the manifest
// field it came from. It unwraps to the model's sentinel (ErrRange), not to
// the FieldError, so that no later renaming of model paths rewrites it.
type manifestError struct {
	at, got string
	fe      *models.FieldError
}

func (e *manifestError) Error() string {
	return fmt.Sprintf("%s: %s (got %s)", e.at, e.fe.Msg, e.got)
}

func (e *manifestError) Unwrap() error { return e.fe.Err }

// deploymentList names the Deployments a manifests note is about: every
// one up to a dozen, else how many (all of them, when they are) and the
// first few (walk13: a 9 KB line naming 300 Deployments).
func deploymentList(names []string, of int) string {
	const most = 12
	switch {
	case len(names) <= most:
		return strings.Join(names, ", ")
	case len(names) == of:
		return fmt.Sprintf("all %d Deployments (%s)", of, format.FirstNames(names, 3))
	}
	return fmt.Sprintf("%d of the %d Deployments (%s)", len(names), of, format.FirstNames(names, 3))
}
