package kubernetes

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/execsim/execsim/scenarios/inputs/manifests"
	"github.com/execsim/execsim/scenarios/platform"
)

// An HPA's metrics become the override's one metric: the first that
// execsim models, as the manifests reader read it.
func TestHPAOverride(t *testing.T) {
	d := manifests.Deployment{Source: manifests.Source{File: "k8s/a.yaml", Doc: 1}, Name: "a", CPURequestMilli: 400}
	for _, tc := range []struct {
		name        string
		metrics     []manifests.Metric
		metric      string
		utilisation int
		value       float64
		note        string
	}{
		{"cpu utilisation", []manifests.Metric{{Type: manifests.CPUUtilization, UtilizationPercent: 65}}, "cpu", 65, 0, ""},
		{"cpu average value as a share of the request", []manifests.Metric{{Type: manifests.CPUAverageValue, AverageValueMilli: 300}}, "cpu", 75, 0,
			"CPU averageValue 300m read as 75 % of the 400m request"},
		{"request rate", []manifests.Metric{{Type: manifests.PodsAverageValue, Name: "http_requests_per_second", AverageValueMilli: 12500}}, "rps", 0, 12.5, ""},
		{"in flight", []manifests.Metric{{Type: manifests.PodsAverageValue, Name: "requests_in_flight", AverageValueMilli: 3000}}, "inflight", 0, 3, ""},
		{"an unknown Pods metric, then cpu", []manifests.Metric{
			{Type: manifests.PodsAverageValue, Name: "queue_depth", AverageValueMilli: 5000},
			{Type: manifests.CPUUtilization, UtilizationPercent: 70}}, "cpu", 70, 0,
			`spec.metrics[0]: Pods metric "queue_depth" is neither a request rate nor in-flight requests by its name; metric dropped`},
		{"none modelled", nil, "", 0, 0, "no metric execsim models: the HPA scales on CPU at the default 80 %"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := manifests.HPA{Source: d.Source, Name: "a", MinReplicas: 2, MaxReplicas: 5, Metrics: tc.metrics}
			got, notes := hpaOverride(d, h, nil)
			if got.Metric != tc.metric || *got.MinReplicas != 2 || *got.MaxReplicas != 5 {
				t.Errorf("hpa = metric %q, %d–%d; want %q, 2–5", got.Metric, *got.MinReplicas, *got.MaxReplicas, tc.metric)
			}
			if tc.utilisation > 0 && (got.TargetCPUUtilizationPercent == nil || *got.TargetCPUUtilizationPercent != tc.utilisation) {
				t.Errorf("target utilisation = %v; want %d", got.TargetCPUUtilizationPercent, tc.utilisation)
			}
			if tc.value > 0 && (got.TargetAverageValue == nil || *got.TargetAverageValue != tc.value) {
				t.Errorf("target average value = %v; want %g", got.TargetAverageValue, tc.value)
			}
			joined := strings.Join(notes, "\n")
			if tc.note == "" && joined != "" || !strings.Contains(joined, tc.note) {
				t.Errorf("notes = %q; want %q", joined, tc.note)
			}
			if tc.note != "" && !strings.HasPrefix(joined, "k8s/a.yaml:document 1: HorizontalPodAutoscaler/a: ") {
				t.Errorf("notes = %q; want them to name the file, document and object", joined)
			}
		})
	}
}

// ReadSettings: one service per Deployment with its settings; the second
// Deployment of one name (in another namespace) is an error naming both.
func TestReadSettings(t *testing.T) {
	dep := func(ns string) string {
		return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ` + ns + `}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: web:1, resources: {requests: {cpu: 250m, memory: 300Mi}, limits: {memory: 1Gi}}}]
`
	}
	fsys := fstest.MapFS{"a.yaml": {Data: []byte(dep("shop"))}, "b.yaml": {Data: []byte(dep("staging"))}}
	set, err := New().ReadSettings(&Section{Manifests: []string{"a.yaml"}}, fsys)
	if err != nil {
		t.Fatal(err)
	}
	ovs, _, _ := set.Match([]string{"web", "other"})
	d, ok := ovs["web"].(*Deployment)
	if !ok || len(ovs) != 1 || *d.Replicas != 4 || *d.CPURequestMilli != 250 || *d.MemoryRequestMiB != 300 || *d.TerminationGrace != 30*time.Second {
		t.Errorf("Match = %v; want web only, with 4 replicas, 250m, 300 MiB and the default 30s grace", ovs)
	}
	if got := strings.Join(set.Notes(), "\n"); !strings.Contains(got, "resources.limits.memory not modelled (pods are placed and sized by their requests): Deployment/web") {
		t.Errorf("notes = %q; want the memory limit named", got)
	}
	withHPA := &Section{Manifests: []string{"a.yaml"}, Deployment: Deployment{HPA: &HPA{}}}
	if set, err := New().ReadSettings(withHPA, fsys); err != nil || !strings.Contains(strings.Join(set.Notes(), "\n"),
		"no HorizontalPodAutoscaler for Deployment/web: the kubernetes: section's hpa: scales them") {
		t.Errorf("a section hpa: and a Deployment without one: notes %v, error %v; want a note that the section's applies", set, err)
	}
	_, err = New().ReadSettings(&Section{Manifests: []string{"a.yaml", "b.yaml"}}, fsys)
	if err == nil || !strings.Contains(err.Error(), "b.yaml:document 1: Deployment/web (namespace staging): a Deployment of this name is already in a.yaml:document 1 (namespace shop)") {
		t.Errorf("two Deployments named web: error = %v", err)
	}
	// an HPA on an External metric alone: one sentence for what it then
	// scales on, not "cannot scale" beside "scales on CPU" (walk4)
	fsys["h.yaml"] = &fstest.MapFile{Data: []byte(dep("shop") + `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 6
  metrics:
    - type: External
      external:
        metric: {name: sqs_queue_length}
        target: {type: AverageValue, averageValue: "30"}
`)}
	set, err = New().ReadSettings(&Section{Manifests: []string{"h.yaml"}}, fsys)
	if err != nil {
		t.Fatal(err)
	}
	var about []string
	for _, n := range set.Notes() {
		if strings.Contains(n, "HorizontalPodAutoscaler") {
			about = append(about, n)
		}
	}
	if len(about) != 2 || !strings.Contains(about[0]+about[1], "External metrics are not modelled") ||
		!strings.Contains(about[0]+about[1], "no metric execsim models: the HPA scales on CPU at the default 80 %") {
		t.Errorf("an External-only HPA: notes %q; want the dropped metric and what the HPA scales on, once each", about)
	}
	// a pod without requests takes the section's (the reader warns that
	// execsim's default applies), not a request of 0
	noRequests := strings.Replace(dep("shop"), "resources: {requests: {cpu: 250m, memory: 300Mi}, limits: {memory: 1Gi}}", "resources: {requests: {}}", 1)
	fsys["c.yaml"] = &fstest.MapFile{Data: []byte(noRequests)}
	set, err = New().ReadSettings(&Section{Manifests: []string{"c.yaml"}}, fsys)
	if err != nil {
		t.Fatal(err)
	}
	ovs, _, _ = set.Match([]string{"web"})
	if d := ovs["web"].(*Deployment); d.CPURequestMilli != nil || d.MemoryRequestMiB != nil {
		t.Errorf("no requests: override cpu %v, memory %v; want both unset (the section's apply)", d.CPURequestMilli, d.MemoryRequestMiB)
	}
	// a DaemonSet takes node capacity: it joins the cluster's daemonSets
	// (execsim's default set when the section lists none, the section's
	// when it does, whose entry of the same name wins); one object not
	// modelled is one object
	fsys["d.yaml"] = &fstest.MapFile{Data: []byte(`apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluent-bit}
spec:
  template:
    spec:
      containers: [{name: f, image: f:1, resources: {requests: {cpu: 100m, memory: 200Mi}}}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-proxy}
spec:
  template:
    spec:
      containers: [{name: k, image: k:1, resources: {requests: {cpu: 120m}}}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
`)}
	for _, tc := range []struct {
		name    string
		section []DaemonSet
		want    []DaemonSet
		note    string
	}{
		{"defaults", nil, []DaemonSet{{Name: "aws-node", CPUMilli: 50}, {Name: "fluent-bit", CPUMilli: 100, MemoryMiB: 200}, {Name: "kube-proxy", CPUMilli: 120}}, ""},
		{"the section's", []DaemonSet{{Name: "fluent-bit", CPUMilli: 80}}, []DaemonSet{{Name: "fluent-bit", CPUMilli: 80}, {Name: "kube-proxy", CPUMilli: 120}},
			"d.yaml:document 1: DaemonSet/fluent-bit: kubernetes.daemonSets names it too; the section's entry is used"},
	} {
		sec := &Section{Manifests: []string{"a.yaml", "d.yaml"}, DaemonSets: tc.section}
		set, err := New().ReadSettings(sec, fsys)
		if err != nil {
			t.Fatal(err)
		}
		got := set.(platform.SectionSettings).Section(sec).(*Section)
		if !reflect.DeepEqual(got.DaemonSets, tc.want) || !reflect.DeepEqual(sec.DaemonSets, tc.section) {
			t.Errorf("%s: daemonSets = %v (section now %v); want %v (section unchanged)", tc.name, got.DaemonSets, sec.DaemonSets, tc.want)
		}
		notes := strings.Join(set.Notes(), "\n")
		for _, w := range []string{tc.note, "kubernetes.manifests: 1 object not modelled, ignored: ConfigMap/settings"} {
			if !strings.Contains(notes, w) {
				t.Errorf("%s: notes =\n%s\nwant %q", tc.name, notes, w)
			}
		}
	}
	if set, err := New().ReadSettings(&Section{}, fsys); set != nil || err != nil {
		t.Errorf("no manifests: %v, %v; want nil, nil", set, err)
	}
}
