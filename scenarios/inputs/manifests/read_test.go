package manifests

import (
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var ignoreLabels = cmpopts.IgnoreUnexported(Deployment{})

func ptr[T any](v T) *T { return &v }

func TestReadTestdata(t *testing.T) {
	kubectl := Source{File: "kubectl-list.yaml", Doc: 1}
	helm := func(doc int) Source { return Source{File: "helm-rendered.yaml", Doc: doc} }
	for _, tc := range []struct {
		name string
		path string
		want *Set
	}{
		{
			// kubectl get deploy,hpa,svc -n shop -o yaml, plus the API
			// server's own Service: status, managedFields, annotations
			// and resourceVersion load without a warning.
			name: "kubectl get -o yaml List",
			path: "kubectl-list.yaml",
			want: &Set{
				Deployments: []Deployment{{
					Source: kubectl, Name: "checkout", Namespace: "shop", Replicas: 4,
					Image:           "registry.example.com/shop/checkout:1.42.0",
					CPURequestMilli: 250, CPULimitMilli: 1000, MemoryRequestMiB: 512, MemoryLimitMiB: 1024,
					CPURequestFrom:    "spec.template.spec.containers[0].resources.requests.cpu",
					MemoryRequestFrom: "spec.template.spec.containers[0].resources.requests.memory",
					ReadinessPeriod:   5 * time.Second, ReadinessInitialDelay: 5 * time.Second,
					TerminationGrace: 45 * time.Second,
					Spread: []Spread{
						{Key: "zone", MaxSkew: 1, WhenUnsatisfiable: "do-not-schedule"},
						{Key: "hostname", MaxSkew: 2, WhenUnsatisfiable: "schedule-anyway"},
					},
					Services: []Service{{Source: kubectl, Name: "checkout", Namespace: "shop", Type: "ClusterIP"}},
					HPA: &HPA{
						Source: kubectl, Name: "checkout", Namespace: "shop", MinReplicas: 3, MaxReplicas: 20,
						Metrics: []Metric{{Type: CPUUtilization, UtilizationPercent: 60}},
						Behavior: &Behavior{
							ScaleUp: &Rules{StabilizationWindow: ptr(time.Duration(0)), SelectPolicy: "Max", Policies: []Policy{
								{Type: "Pods", Value: 4, Period: 15 * time.Second},
								{Type: "Percent", Value: 100, Period: 15 * time.Second},
							}},
							ScaleDown: &Rules{StabilizationWindow: ptr(10 * time.Minute), SelectPolicy: "Max", Policies: []Policy{
								{Type: "Percent", Value: 10, Period: time.Minute},
							}},
						},
					},
				}},
				Warnings: []Warning{{Source: kubectl, Kind: "Service", Name: "kubernetes", Field: "spec.selector",
					Message: "none: the Service selects no pods; not used"}},
			},
		},
		{
			// helm template output: a leading ---, # Source comments, a
			// template that rendered to nothing, a trailing ---; the
			// ConfigMap and Ingress are listed as ignored; an init
			// container and a sidecar; quantities 0.5, 1G, 64Mi.
			name: "Helm-rendered",
			path: "helm-rendered.yaml",
			want: &Set{
				Deployments: []Deployment{{
					Source: helm(4), Name: "payments", Replicas: 1, Image: "ghcr.io/example/payments:2.0.1",
					// Requests: max(app 500m + sidecar 100m, init 2 CPU) and
					// max(512Mi + 64Mi, 1G = 953.7 MiB); limits: the app
					// container's, which serves (the sidecar's cgroup caps
					// only the sidecar).
					CPURequestMilli: 2000, CPULimitMilli: 500, MemoryRequestMiB: 954, MemoryLimitMiB: 512,
					CPURequestFrom:    "spec.template.spec.initContainers[0].resources.requests.cpu",
					MemoryRequestFrom: "spec.template.spec.initContainers[0].resources.requests.memory",
					ReadinessPeriod:   10 * time.Second, TerminationGrace: 30 * time.Second,
					Services: []Service{{Source: helm(2), Name: "payments", Type: "LoadBalancer"}},
					HPA: &HPA{
						Source: helm(5), Name: "payments", MinReplicas: 2, MaxReplicas: 10,
						Metrics: []Metric{{Type: PodsAverageValue, Name: "http_requests_per_second", AverageValueMilli: 15000}},
					},
				}},
				Ignored: []Ignored{
					{Source: helm(1), APIVersion: "v1", Kind: "ConfigMap", Name: "payments-config"},
					{Source: helm(7), APIVersion: "networking.k8s.io/v1", Kind: "Ingress", Name: "payments"},
				},
				Warnings: []Warning{
					{Source: helm(5), Kind: "HorizontalPodAutoscaler", Name: "payments", Field: "spec.metrics[1].resource.name",
						Message: "memory utilisation is not modelled (only cpu); metric dropped"},
					{Source: helm(6), Kind: "HorizontalPodAutoscaler", Name: "payments-worker", Field: "spec.scaleTargetRef",
						Message: "Deployment default/payments-worker is not in the manifests read; HPA not used"},
				},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Read(os.DirFS("testdata"), []string{tc.path})
			if err != nil {
				t.Fatalf("Read(%s): %v", tc.path, err)
			}
			if d := cmp.Diff(tc.want, got, ignoreLabels); d != "" {
				t.Errorf("Read(%s) (-want +got):\n%s", tc.path, d)
			}
		})
	}
}

// TestReadErrors: every problem of every document is reported, each as
// file:document N: kind/name: field: what is wrong (got X).
func TestReadErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fsys  fstest.MapFS
		paths []string
		want  []string
	}{
		{
			name:  "bad YAML, with the file's line",
			paths: []string{"bad-yaml.yaml"},
			want:  []string{"bad-yaml.yaml:document 2: line 10: did not find expected ',' or '}'"},
		},
		{
			name:  "bad fields",
			paths: []string{"bad-fields.yaml"},
			want: []string{
				`bad-fields.yaml:document 1: Deployment/api: spec.template.spec.containers[0].resources.requests.cpu: not a quantity (such as 250m, 0.5, 512Mi, 1G) (got "two cores")`,
				`bad-fields.yaml:document 1: Deployment/api: spec.replicas: must not be negative (got -2)`,
				`bad-fields.yaml:document 2: HorizontalPodAutoscaler/api: spec.maxReplicas: must be at least minReplicas (got 2 < minReplicas 5)`,
				`bad-fields.yaml:document 3: Deployment/web: spec.replicas: must be an integer (got "three")`,
				`bad-fields.yaml:document 4: Deployment/old: apiVersion: not read (removed in Kubernetes 1.16); write apps/v1 (got apps/v1beta1)`,
			},
		},
		{
			name:  "missing file and empty directory",
			fsys:  fstest.MapFS{"empty/README.md": {Data: []byte("no manifests")}},
			paths: []string{"nope.yaml", "empty"},
			want: []string{
				"nope.yaml: cannot read: file does not exist",
				"empty: no .yaml, .yml or .json file in the directory",
			},
		},
		{
			// inputs10 #2: the parser's own words ("found character that
			// cannot start any token") do not say a tab is the problem,
			// nor what to do; in a later document, on the file's line
			name:  "tab indentation",
			fsys:  fstest.MapFS{"t.yaml": {Data: []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n\tname: web\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n\ttargetPort: 8080\n")}},
			paths: []string{"t.yaml"},
			want: []string{
				"t.yaml:document 2: line 9: YAML indentation must use spaces, not tabs",
				"t.yaml:document 3: line 18: YAML indentation must use spaces, not tabs",
			},
		},
		{
			// the same with CR line endings, a line break to YAML (rev12c:
			// the file was one line, one document, and the tab unnamed)
			name:  "tab indentation, CR line endings",
			fsys:  fstest.MapFS{"t.yaml": {Data: []byte("apiVersion: v1\rkind: ConfigMap\rmetadata:\r  name: fine\r---\rapiVersion: apps/v1\rkind: Deployment\rmetadata:\r\tname: web\r")}},
			paths: []string{"t.yaml"},
			want:  []string{"t.yaml:document 2: line 9: YAML indentation must use spaces, not tabs"},
		},
		{
			// hostile #8: the API server refuses a Deployment whose name
			// is not a DNS-1123 subdomain; a manifest is what would be
			// applied, so it is refused here too
			name:  "a name Kubernetes refuses",
			fsys:  fstest.MapFS{"n.yaml": {Data: []byte("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: API}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: api, image: api:1}]}\n")}},
			paths: []string{"n.yaml"},
			want:  []string{`n.yaml:document 1: Deployment/API: metadata.name: Kubernetes refuses it as a Deployment's name: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*') (got API)`},
		},
		{
			// hostile #9: the API server refuses a container whose request
			// is above its own limit, as the scenario section does
			name:  "requests above limits",
			fsys:  fstest.MapFS{"l.yaml": {Data: []byte("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: api, image: api:1, resources: {requests: {cpu: 250m, memory: 1Gi}, limits: {cpu: 100m, memory: 512Mi}}}]}\n")}},
			paths: []string{"l.yaml"},
			want: []string{
				"l.yaml:document 1: Deployment/api: spec.template.spec.containers[0].resources.requests.cpu: must be less than or equal to the cpu limit (limits.cpu 100m), as the API server requires (got 250m)",
				"l.yaml:document 1: Deployment/api: spec.template.spec.containers[0].resources.requests.memory: must be less than or equal to the memory limit (limits.memory 512Mi), as the API server requires (got 1Gi)",
			},
		},
		{
			name: "not objects",
			fsys: fstest.MapFS{"x.yaml": {Data: []byte("just a string\n---\n- a\n- b\n---\nmetadata: {name: x}\n---\nkind: Deployment\nmetadata: {name: w}\n---\napiVersion: 1\nkind: Service\n")}},
			want: []string{
				`x.yaml:document 1: a document must be an object (a mapping with apiVersion and kind) (got "just a string")`,
				`x.yaml:document 2: a document must be an object (a mapping with apiVersion and kind) (got a list)`,
				`x.yaml:document 3: x: kind: required: every manifest names its kind`,
				`x.yaml:document 4: Deployment/w: apiVersion: required: every manifest names its apiVersion`,
				`x.yaml:document 5: Service: apiVersion: must be a string (got 1)`,
			},
			paths: []string{"x.yaml"},
		},
		{
			name: "duplicate Deployment and two HPAs on one",
			fsys: fstest.MapFS{
				"a.yaml": {Data: []byte(deploymentYAML("api", "") + "---\n" + hpaYAML("one", "api"))},
				"b.yaml": {Data: []byte(deploymentYAML("api", "default") + "---\n" + hpaYAML("two", "api"))},
			},
			paths: []string{"a.yaml", "b.yaml"},
			want: []string{
				"b.yaml:document 1: Deployment/api: metadata.name: Deployment default/api is also in a.yaml:document 1",
				"b.yaml:document 2: HorizontalPodAutoscaler/two: spec.scaleTargetRef: Deployment default/api is also scaled by the HPA in a.yaml:document 2 (Kubernetes then scales neither)",
			},
		},
		{
			name: "HPA and spread values the API rejects",
			fsys: fstest.MapFS{"x.yaml": {Data: []byte(`apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: h}
spec:
  scaleTargetRef: {kind: Deployment, name: api}
  behavior:
    scaleUp:
      selectPolicy: Fastest
      stabilizationWindowSeconds: 7200
      policies: [{type: Replicas, value: 0, periodSeconds: 3600}]
    scaleDown: {policies: []}
---
apiVersion: autoscaling/v2beta1
kind: HorizontalPodAutoscaler
metadata: {name: old}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    spec:
      terminationGracePeriodSeconds: -1
      containers: [{name: a, resources: {limits: {memory: -1Gi}}}]
      topologySpreadConstraints:
        - {maxSkew: 0, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule}
        - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: Sometimes}
`)}},
			paths: []string{"x.yaml"},
			want: []string{
				"x.yaml:document 1: HorizontalPodAutoscaler/h: spec.maxReplicas: required, at least 1 (got 0)",
				"x.yaml:document 1: HorizontalPodAutoscaler/h: spec.behavior.scaleUp.stabilizationWindowSeconds: must be between 0 and 3600 (got 7200)",
				"x.yaml:document 1: HorizontalPodAutoscaler/h: spec.behavior.scaleUp.selectPolicy: must be Max, Min or Disabled (got Fastest)",
				"x.yaml:document 1: HorizontalPodAutoscaler/h: spec.behavior.scaleUp.policies[0].type: must be Pods or Percent (got Replicas)",
				"x.yaml:document 1: HorizontalPodAutoscaler/h: spec.behavior.scaleUp.policies[0].value: must be at least 1 (got 0)",
				"x.yaml:document 1: HorizontalPodAutoscaler/h: spec.behavior.scaleUp.policies[0].periodSeconds: must be between 1 and 1800 (got 3600)",
				"x.yaml:document 1: HorizontalPodAutoscaler/h: spec.behavior.scaleDown.policies: must list at least one policy (leave it out for the defaults) (got [])",
				"x.yaml:document 2: HorizontalPodAutoscaler/old: apiVersion: not read (removed from Kubernetes); write autoscaling/v2 (got autoscaling/v2beta1)",
				"x.yaml:document 3: Deployment/api: spec.template.spec.containers[0].resources.limits.memory: must not be negative (got -1Gi)",
				"x.yaml:document 3: Deployment/api: spec.template.spec.terminationGracePeriodSeconds: must not be negative (got -1)",
				"x.yaml:document 3: Deployment/api: spec.template.spec.topologySpreadConstraints[0].maxSkew: must be at least 1 (got 0)",
				"x.yaml:document 3: Deployment/api: spec.template.spec.topologySpreadConstraints[1].whenUnsatisfiable: must be DoNotSchedule or ScheduleAnyway (got Sometimes)",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var fsys = tc.fsys
			if fsys == nil {
				fsys = testdataFS(t)
			}
			set, err := Read(fsys, tc.paths)
			if err == nil {
				t.Fatalf("Read(%v) = %d deployments, no error; want %d errors", tc.paths, len(set.Deployments), len(tc.want))
			}
			if set != nil {
				t.Errorf("Read(%v) returned a Set with its error", tc.paths)
			}
			if d := cmp.Diff(tc.want, strings.Split(err.Error(), "\n")); d != "" {
				t.Errorf("Read(%v) errors (-want +got):\n%s", tc.paths, d)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("Read(%v) error is no *Error: %T", tc.paths, err)
			}
		})
	}
}

func testdataFS(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile("testdata/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		fsys[e.Name()] = &fstest.MapFile{Data: data}
	}
	return fsys
}

func TestErrorSentinels(t *testing.T) {
	_, err := Read(os.DirFS("testdata"), []string{"bad-fields.yaml", "bad-yaml.yaml", "missing.yaml"})
	for _, want := range []error{ErrInvalid, ErrUnsupported, ErrSyntax, os.ErrNotExist} {
		if !errors.Is(err, want) {
			t.Errorf("errors.Is(Read(...), %v) = false; want true", want)
		}
	}
}

func deploymentYAML(name, namespace string) string {
	ns := ""
	if namespace != "" {
		ns = "\n  namespace: " + namespace
	}
	return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ` + name + ns + `
spec:
  template:
    metadata: {labels: {app: ` + name + `}}
    spec:
      containers: [{name: app, image: ` + name + `:1, resources: {requests: {cpu: 100m, memory: 128Mi}}}]
`
}

func hpaYAML(name, target string) string {
	return `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: ` + name + `}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ` + target + `}
  maxReplicas: 5
`
}

// A directory's .json files are manifests too (kubectl get -o json; kubectl
// apply -f dir/ reads them), and the files it does not read are named in
// one warning, never dropped silently.
func TestReadDirectoryJSON(t *testing.T) {
	cart := `{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "cart", "namespace": "shop"},
 "spec": {"replicas": 3, "template": {"metadata": {"labels": {"app": "cart"}},
  "spec": {"containers": [{"name": "cart", "image": "cart:1", "resources": {"requests": {"cpu": "200m", "memory": "256Mi"}}}]}}}}`
	fsys := fstest.MapFS{
		"k8s/cart.json":      {Data: []byte(cart)},
		"k8s/web.yaml":       {Data: []byte(deploymentYAML("web", "shop"))},
		"k8s/README.md":      {Data: []byte("# manifests")},
		"k8s/orders.yaml.bk": {Data: []byte(deploymentYAML("orders", "shop"))},
	}
	set, err := Read(fsys, []string{"k8s"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range set.Deployments {
		names = append(names, d.Name)
	}
	if !cmp.Equal(names, []string{"cart", "web"}) || set.Deployments[0].Replicas != 3 || set.Deployments[0].CPURequestMilli != 200 {
		t.Errorf("Deployments = %v (%+v); want cart (3 replicas, 200m) from the .json, then web", names, set.Deployments)
	}
	var warns []string
	for _, w := range set.Warnings {
		warns = append(warns, w.String())
	}
	if want := []string{"k8s: not read (not .yaml, .yml or .json): README.md, orders.yaml.bk"}; !cmp.Equal(warns, want) {
		t.Errorf("warnings = %q; want %q", warns, want)
	}
}

// A DaemonSet is read for its pod's requests (one pod per node), summed as
// a Deployment's are, not listed as ignored: it takes node capacity.
func TestReadDaemonSet(t *testing.T) {
	ds := `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluent-bit, namespace: logging}
spec:
  selector: {matchLabels: {app: fluent-bit}}
  template:
    metadata: {labels: {app: fluent-bit}}
    spec:
      containers:
      - {name: fluent-bit, image: fluent-bit:3, resources: {requests: {cpu: 100m, memory: 128Mi}}}
      - {name: exporter, image: exporter:1, resources: {requests: {cpu: 20m, memory: 32Mi}}}
---
apiVersion: extensions/v1beta1
kind: DaemonSet
metadata: {name: old}
`
	set, err := Read(fstest.MapFS{"ds.yaml": {Data: []byte(ds)}}, []string{"ds.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	want := []DaemonSet{{Source: Source{File: "ds.yaml", Doc: 1}, Name: "fluent-bit", Namespace: "logging", CPURequestMilli: 120, MemoryRequestMiB: 160}}
	if d := cmp.Diff(want, set.DaemonSets); d != "" {
		t.Errorf("DaemonSets (-want +got):\n%s", d)
	}
	if len(set.Ignored) != 1 || set.Ignored[0].Name != "old" || len(set.Warnings) != 0 {
		t.Errorf("ignored %v, warnings %v; want only the extensions/v1beta1 DaemonSet ignored, no warning", set.Ignored, set.Warnings)
	}
}
