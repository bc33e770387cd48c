package manifests

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Service is one v1 Service that selects a Deployment's pods.
type Service struct {
	Source
	Name, Namespace string
	// Type is spec.type [ClusterIP]: ClusterIP, NodePort, LoadBalancer.
	Type string
}

// serviceRef is a Service with its selector and target ports, until
// matched.
type serviceRef struct {
	Service
	selector map[string]string
	targets  []serviceTarget
}

// serviceTarget is one port of a Service: the container port it sends to.
type serviceTarget struct {
	service string
	port    intstr.IntOrString
}

// names reports whether the target is one of a container's ports: by
// number (a declared port, or one its probes reach), or by the name of a
// declared port.
func (t serviceTarget) names(c podContainer) bool {
	for _, p := range c.ports {
		if t.port.Type == intstr.Int && p.ContainerPort == t.port.IntVal || t.port.Type == intstr.String && p.Name == t.port.StrVal {
			return true
		}
	}
	return t.port.Type == intstr.Int && slices.Contains(c.probePorts, t.port.IntVal)
}

func (r *reader) service(a at, apiVersion string, obj map[string]any) {
	if apiVersion != "v1" {
		a.err("apiVersion", apiVersion, ErrUnsupported, "not read; write v1")
		return
	}
	var s corev1.Service
	decoded, filled := decode(a, obj, &s)
	if !filled {
		return
	}
	if s.Name == "" {
		a.err("metadata.name", nil, ErrRequired, "required")
		return
	}
	if !decoded {
		return
	}
	typ := string(s.Spec.Type)
	if typ == "" {
		typ = string(corev1.ServiceTypeClusterIP)
	}
	ref := serviceRef{Service: Service{Source: a.src, Name: s.Name, Namespace: s.Namespace, Type: typ}, selector: s.Spec.Selector}
	for _, p := range s.Spec.Ports {
		// targetPort defaults to port (the Service API reference: "If this
		// is not specified, the value of the 'port' field is used")
		t := p.TargetPort
		if t.Type == intstr.Int && t.IntVal == 0 {
			t = intstr.FromInt32(p.Port)
		}
		ref.targets = append(ref.targets, serviceTarget{service: s.Name, port: t})
	}
	r.services = append(r.services, ref)
}

// namespaceOf is the namespace an object lands in: kubectl's default
// namespace when the manifest names none.
func namespaceOf(ns string) string {
	if ns == "" {
		return "default"
	}
	return ns
}

// match attaches HPAs and Services to their Deployments and returns the Set.
func (r *reader) match() *Set {
	set := &Set{Ignored: r.ignored, DaemonSets: r.daemonSets}
	index := map[string]int{}
	for i, d := range r.deployments {
		key := namespaceOf(d.Namespace) + "/" + d.Name
		if j, dup := index[key]; dup {
			r.p.err(d.Source, "Deployment", d.Name, "metadata.name", nil, ErrConflict,
				"Deployment %s is also in %s", key, r.deployments[j].Location())
			continue
		}
		index[key] = i
	}
	scaledBy := map[int]Source{}
	for _, h := range r.hpas {
		a := at{src: h.Source, kind: "HorizontalPodAutoscaler", name: h.Name, p: &r.p}
		target := namespaceOf(h.Namespace) + "/" + h.target
		g := group(h.apiVersion)
		if h.kind != "Deployment" || (g != "apps" && g != "extensions" && h.apiVersion != "") {
			a.warn("spec.scaleTargetRef", "scales %s %s, which execsim does not model; HPA not used", h.kind, target)
			continue
		}
		i, found := index[target]
		if !found {
			a.warn("spec.scaleTargetRef", "Deployment %s is not in the manifests read; HPA not used", target)
			continue
		}
		if prev, dup := scaledBy[i]; dup {
			a.err("spec.scaleTargetRef", nil, ErrConflict,
				"Deployment %s is also scaled by the HPA in %s (Kubernetes then scales neither)", target, prev.Location())
			continue
		}
		scaledBy[i] = h.Source
		hpa := h.HPA
		r.deployments[i].HPA = &hpa
	}
	targets := make([][]serviceTarget, len(r.deployments))
	for _, s := range r.services {
		a := at{src: s.Source, kind: "Service", name: s.Name, p: &r.p}
		if len(s.selector) == 0 {
			a.warn("spec.selector", "none: the Service selects no pods; not used")
			continue
		}
		var matched []string
		for i := range r.deployments {
			d := &r.deployments[i]
			if namespaceOf(d.Namespace) == namespaceOf(s.Namespace) && selects(s.selector, d.labels) {
				d.Services = append(d.Services, s.Service)
				targets[i] = append(targets[i], s.targets...)
				matched = append(matched, d.Name)
			}
		}
		switch {
		case len(matched) == 0:
			a.warn("spec.selector", "selects the pods of no Deployment read (%s); not used", selector(s.selector))
		case len(matched) > 1:
			a.warn("spec.selector", "selects the pods of %d Deployments (%s): execsim sends each Deployment's own traffic to its own pods", len(matched), strings.Join(matched, ", "))
		}
	}
	for i := range r.deployments {
		d := &r.deployments[i]
		d.chooseServing(at{src: d.Source, kind: "Deployment", name: d.Name, p: &r.p}, targets[i])
	}
	set.Deployments = r.deployments
	if len(index) != len(r.deployments) {
		// Drop the duplicates reported above.
		set.Deployments = nil
		for i, d := range r.deployments {
			if index[namespaceOf(d.Namespace)+"/"+d.Name] == i {
				set.Deployments = append(set.Deployments, d)
			}
		}
	}
	return set
}

// selects reports whether every label of the selector is on the pods.
func selects(selector, labels map[string]string) bool {
	for k, v := range selector {
		if got, ok := labels[k]; !ok || got != v {
			return false
		}
	}
	return true
}

func selector(s map[string]string) string {
	var b strings.Builder
	for i, k := range slices.Sorted(maps.Keys(s)) {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "%s=%s", k, s[k])
	}
	return b.String()
}
