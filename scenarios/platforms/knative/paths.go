package knative

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/execsim/execsim/models"
	kn "github.com/execsim/execsim/models/knative"
	model "github.com/execsim/execsim/models/kubernetes"
	"github.com/execsim/execsim/scenarios/platform"
	k8sp "github.com/execsim/execsim/scenarios/platforms/kubernetes"
)

// revisionProblems validates each revision and tells every problem at the
// field the user wrote: services[i].knative.<field> when the revision's
// service sets it, else knative.<field>, once for all the revisions it
// applies to, naming the services when it is not all of them as
// ModelPaths names a fleet's members ("(2 services: b and c)", "(300
// services: a, b, c and 297 more)": platform.Members). The model
// names a revision's problems <revision>.<field>, which the scenario syntax
// has no place for (a walk2 follow-up found "knative.target (revision b)"
// for a target written under services[1].knative).
func revisionProblems(p *models.Problems, in platform.CompileInput, revs []kn.Revision, firstService []int) {
	var found platform.Grouped[models.FieldError]
	for _, r := range revs {
		svc := -1
		if r.Deployment < len(firstService) {
			svc = firstService[r.Deployment]
		}
		name := r.Name
		var own *Revision
		if svc >= 0 && svc < len(in.Services) {
			name = in.Services[svc].Name
			own, _ = in.Services[svc].Override.(*Revision)
		}
		for _, e := range platform.Unjoin(r.Validate()) {
			var fe *models.FieldError
			if !errors.As(e, &fe) {
				p.Merge("", e)
				continue
			}
			c := *fe
			if own != nil && writes(own, c.Path) {
				c.Path = in.Services[svc].Path + "." + Name + "." + c.Path
			} else {
				c.Path = Name + "." + c.Path
			}
			found.Add(c.Error(), c, name)
		}
	}
	for _, g := range found.All() {
		c := g.Item
		if strings.HasPrefix(c.Path, Name+".") && len(g.Names) < len(revs) {
			c.Path += " (" + platform.Members("service", g.Names) + ")"
		}
		p.Merge("", &c)
	}
}

// writes reports whether r sets the setting whose YAML key is key.
func writes(r *Revision, key string) bool {
	v := reflect.ValueOf(r).Elem()
	t := v.Type()
	for i := range t.NumField() {
		if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); tag == key {
			return !v.Field(i).IsZero()
		}
	}
	return false
}

// clusterProblems tells the cluster model's problems with the Deployments
// Knative adds to the cluster, its control plane's, at
// knative.controlPlane[i].<field>; the model names them
// deployments.<name>.<field>, and the platform's generic renaming made that
// knative.<field> (deployment <name>), a key the knative: section does not
// have. A problem with a revision's Deployment is the kubernetes: section's
// (or its defaults'), told there unless something was already reported:
// the kubernetes platform, or the defaults' compile, has said it.
// reported holds the control-plane paths already told by the section's own
// checks, so that no problem is told twice.
func clusterProblems(p *models.Problems, err error, control []ControlPod, reported map[string]bool, othersToo bool) {
	var rest []error
	for _, e := range platform.Unjoin(err) {
		var fe *models.FieldError
		if !errors.As(e, &fe) {
			rest = append(rest, e)
			continue
		}
		at := -1
		for i, c := range control {
			if strings.HasPrefix(fe.Path, "deployments."+c.Name+".") {
				at = i
			}
		}
		if at < 0 {
			rest = append(rest, e)
			continue
		}
		c := *fe
		c.Path = fmt.Sprintf("%s.controlPlane[%d].%s", Name, at, strings.TrimPrefix(fe.Path, "deployments."+control[at].Name+"."))
		if !reported[c.Path] {
			p.Merge("", &c)
		}
	}
	if othersToo && len(rest) > 0 {
		p.Merge("", platform.ModelPaths(errors.Join(rest...), k8sp.Name, "deployments.", "deployment", false))
	}
}

// capacityWarnings warns about a revision whose autoscaler aims at more
// requests in flight per pod than its pod can hold. Without
// containerConcurrency the queue-proxy limits nothing and a pod holds the
// Deployment's worker slots plus its queue (the kubernetes: section's
// concurrency and queue); the KPA, with the concurrency metric, adds a pod
// only when the pods average target × utilisation in flight
// (pkg/autoscaler/scaling/autoscaler.go divides the observed concurrency
// by it), so when that is above what a pod holds, the pods refuse requests
// (503) before the autoscaler adds one (walk2 suggestion: target 100, so
// 70 in practice, against concurrency 10 + queue 50). With
// containerConcurrency set, Knative caps the target at it
// (ResolveMetricTarget), below the queue-proxy's cc + 10·cc, so no such
// revision is warned about; nor one with the rps metric, whose load in
// flight depends on its latency.
func capacityWarnings(in platform.CompileInput, revs []kn.Revision, deps []model.Deployment, firstService []int) []string {
	type warning struct{ at, text string }
	var found platform.Grouped[warning]
	for _, r := range revs {
		if r.Metric != kn.Concurrency || r.ContainerConcurrency > 0 || r.Deployment >= len(deps) {
			continue
		}
		d := &deps[r.Deployment]
		target, _ := r.TargetValue()
		hold := d.Concurrency + d.Queue
		if d.Queue < 0 || target <= float64(hold) {
			continue
		}
		at, name := Name+".target", r.Name
		if svc := firstService[r.Deployment]; svc >= 0 && svc < len(in.Services) {
			name = in.Services[svc].Name
			if own, _ := in.Services[svc].Override.(*Revision); own != nil && (writes(own, "target") || writes(own, "targetUtilizationPercent")) {
				at = in.Services[svc].Path + "." + Name + ".target"
			}
		}
		text := fmt.Sprintf("the autoscaler aims at %s requests in flight per pod (target %s × targetUtilizationPercent %s), more than a pod holds: "+
			"the Deployment's concurrency %d + queue %d = %d (kubernetes: concurrency and queue); the pods refuse requests (503) before it adds one: "+
			"set containerConcurrency (the queue-proxy then caps the target at it), or a target of at most %d",
			num(target), num(r.Target), num(r.TargetUtilization*100), d.Concurrency, d.Queue, hold, int(float64(hold)/r.TargetUtilization))
		found.Add(at+"\x00"+text, warning{at, text}, name)
	}
	var out []string
	for _, g := range found.All() {
		out = append(out, fmt.Sprintf("%s (%s): %s", g.Item.at, platform.Members("service", g.Names), g.Item.text))
	}
	return out
}

// num shows a setting's value without float64's noise (70, not
// 70.00000000000001).
func num(x float64) string { return strconv.FormatFloat(math.Round(x*1e6)/1e6, 'f', -1, 64) }
