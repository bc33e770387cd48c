package manifests

import (
	appsv1 "k8s.io/api/apps/v1"
)

// DaemonSet is one apps/v1 DaemonSet: a pod on every node, whose requests
// the scheduler subtracts from each node's allocatable before placing
// anything else (the cluster's daemonSets:, not a service).
type DaemonSet struct {
	Source
	Name, Namespace string
	// CPURequestMilli and MemoryRequestMiB are one pod's requests, summed
	// as a Deployment's pod's are (containers, sidecars, init containers,
	// overhead).
	CPURequestMilli  int64
	MemoryRequestMiB int64
}

// daemonSet reads a DaemonSet's pod requests. One execsim cannot read
// (another apiVersion, a malformed pod) is listed in Ignored instead, as
// before: its pods still take node capacity, which the caller says.
func (r *reader) daemonSet(a at, apiVersion, namespace string, obj map[string]any) {
	var d appsv1.DaemonSet
	ignore := func() {
		r.ignored = append(r.ignored, Ignored{Source: a.src, APIVersion: apiVersion, Kind: a.kind, Namespace: namespace, Name: a.name})
	}
	if apiVersion != "apps/v1" {
		ignore()
		return
	}
	// Its fields are not execsim's settings: read them without warnings
	// (the "default request applies" of a Deployment does not apply).
	scratch := at{src: a.src, kind: a.kind, name: a.name, p: &problems{order: map[string]int{}}}
	decoded, filled := decode(scratch, obj, &d)
	var pod Deployment
	if !decoded || !filled || d.Name == "" || !podResources(scratch, d.Spec.Template.Spec, &pod) || len(scratch.p.errs) > 0 {
		ignore()
		return
	}
	r.daemonSets = append(r.daemonSets, DaemonSet{Source: a.src, Name: d.Name, Namespace: d.Namespace,
		CPURequestMilli: pod.CPURequestMilli, MemoryRequestMiB: pod.MemoryRequestMiB})
}
