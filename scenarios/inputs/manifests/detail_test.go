package manifests

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
)

// readOne reads one file of text and fails the test on an error.
func readOne(t *testing.T, text string) *Set {
	t.Helper()
	set, err := Read(fstest.MapFS{"m.yaml": {Data: []byte(text)}}, []string{"m.yaml"})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return set
}

func TestQuantities(t *testing.T) {
	for _, tc := range []struct {
		cpu, memory    string
		milli, mebibyt int64
	}{
		{"250m", "512Mi", 250, 512},
		{"0.5", "1Gi", 500, 1024},
		{"1", "1G", 1000, 954}, // 10⁹ bytes is 953.7 MiB, rounded up
		{"2", "128974848", 2000, 123},
		{"1.5", "129e6", 1500, 124},
		{"100m", "1.5Gi", 100, 1536},
		{"0.0001", "1Ki", 1, 1}, // rounded up to whole milli-CPU and MiB
		{"4000m", "64M", 4000, 62},
	} {
		t.Run(tc.cpu+","+tc.memory, func(t *testing.T) {
			set := readOne(t, fmt.Sprintf(`apiVersion: apps/v1
kind: Deployment
metadata: {name: q}
spec:
  template:
    spec:
      containers: [{name: a, resources: {requests: {cpu: %q, memory: %q}}}]
`, tc.cpu, tc.memory))
			d := set.Deployments[0]
			if d.CPURequestMilli != tc.milli || d.MemoryRequestMiB != tc.mebibyt {
				t.Errorf("cpu %s, memory %s = %dm, %d MiB; want %dm, %d MiB", tc.cpu, tc.memory, d.CPURequestMilli, d.MemoryRequestMiB, tc.milli, tc.mebibyt)
			}
		})
	}
}

func TestSplitDocuments(t *testing.T) {
	type doc struct {
		Line int
		Text string
	}
	for _, tc := range []struct {
		name, in string
		want     []doc
	}{
		{"one bare document", "a: 1\n", []doc{{1, "a: 1\n"}}},
		{"leading marker", "---\na: 1\n", []doc{{1, "   \na: 1\n"}}},
		{"comments before the first marker", "# header\n\n---\na: 1\n", []doc{{3, "   \na: 1\n"}}},
		{"explicit empty document counts", "a: 1\n---\n---\nb: 2\n", []doc{{1, "a: 1\n"}, {2, "   \n"}, {3, "   \nb: 2\n"}}},
		{"trailing marker", "a: 1\n---\n", []doc{{1, "a: 1\n"}}},
		{"content on the marker line", "--- {a: 1}\n--- # comment\nb: 2", []doc{{1, "    {a: 1}\n"}, {2, "    # comment\nb: 2"}}},
		{"document end marker", "a: 1\n...\n---\nb: 2\n", []doc{{1, "a: 1\n"}, {3, "   \nb: 2\n"}}},
		{"CRLF and BOM", "\ufeffa: 1\r\n---\r\nb: 2\r\n", []doc{{1, "a: 1\r\n"}, {2, "   \nb: 2\r\n"}}},
		// a CR alone ends a line, as for YAML (rev12c: the file was one line)
		{"CR line endings", "a: 1\r---\rb: 2\r", []doc{{1, "a: 1\r"}, {2, "   \nb: 2\r"}}},
		{"CR after a comment", "# c\ra: 1\r", []doc{{1, "# c\ra: 1\r"}}},
		{"--- inside a value is no marker", "a: |\n  ---\nb: ---x\n----\n", []doc{{1, "a: |\n  ---\nb: ---x\n----\n"}}},
		{"empty", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []doc
			for _, d := range splitDocuments([]byte(tc.in)) {
				got = append(got, doc{d.line, string(d.text)})
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("splitDocuments(%q) (-want +got):\n%s", tc.in, d)
			}
		})
	}
}

func TestDirectory(t *testing.T) {
	fsys := fstest.MapFS{
		"k8s/b.yml":          {Data: []byte(hpaYAML("api", "api"))},
		"k8s/a.yaml":         {Data: []byte(deploymentYAML("api", ""))},
		"k8s/README.md":      {Data: []byte("# not read")},
		"k8s/kustomization":  {Data: []byte("not yaml by name")},
		"k8s/nested/c.yaml":  {Data: []byte("{{ not rendered }}")},
		"extra/service.yaml": {Data: []byte("apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec: {selector: {app: api}}\n")},
	}
	set, err := Read(fsys, []string{"k8s", "extra/service.yaml"})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	want := &Set{
		Deployments: []Deployment{{
			Source: Source{File: "k8s/a.yaml", Doc: 1}, Name: "api", Replicas: 1, Image: "api:1",
			CPURequestMilli: 100, MemoryRequestMiB: 128, TerminationGrace: 30 * time.Second,
			CPURequestFrom:    "spec.template.spec.containers[0].resources.requests.cpu",
			MemoryRequestFrom: "spec.template.spec.containers[0].resources.requests.memory",
			Services:          []Service{{Source: Source{File: "extra/service.yaml", Doc: 1}, Name: "api", Type: "ClusterIP"}},
			HPA: &HPA{Source: Source{File: "k8s/b.yml", Doc: 1}, Name: "api", MinReplicas: 1, MaxReplicas: 5,
				Metrics: []Metric{{Type: CPUUtilization, UtilizationPercent: 80}}},
		}},
		Warnings: []Warning{
			{Source: Source{File: "k8s/nested"}, Message: "subdirectory not read (name it in manifests: to read it)"},
			{Source: Source{File: "k8s"}, Message: "not read (not .yaml, .yml or .json): README.md, kustomization"},
		},
	}
	if d := cmp.Diff(want, set, ignoreLabels); d != "" {
		t.Errorf("Read (-want +got):\n%s", d)
	}
}

// TestWarnings: what execsim cannot honour is reported with its object
// and field, and the object still loads.
func TestWarnings(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{
			name: "unknown fields, node placement, probes, GPUs, an unmodelled topology key",
			text: `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, labels: {app: api}}
spec:
  replicaz: 3
  template:
    metadata: {labels: {app: api}}
    spec:
      nodeSelector: {pool: general}
      affinity: {podAntiAffinity: {}}
      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: topology.kubernetes.io/region, whenUnsatisfiable: DoNotSchedule}
        - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, minDomains: 3}
      containers:
        - name: app
          image: api:1
          startupProbe: {httpGet: {path: /, port: 80}}
          readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5, successThreshold: 2}
          resources: {requests: {cpu: 1, memory: 1Gi, nvidia.com/gpu: 1}, limits: {nvidia.com/gpu: 1}}
          colour: blue
        - name: sidecar
          image: proxy:1
          readinessProbe: {tcpSocket: {port: 15021}, periodSeconds: 15, initialDelaySeconds: 2}
`,
			want: []string{
				"m.yaml:document 1: Deployment/api: spec.replicaz: unknown field, ignored",
				"m.yaml:document 1: Deployment/api: spec.template.spec.containers[0].colour: unknown field, ignored",
				"m.yaml:document 1: Deployment/api: spec.template.spec.containers[0].resources: resource nvidia.com/gpu is not modelled; ignored",
				"m.yaml:document 1: Deployment/api: spec.template.spec.containers[0].startupProbe: not modelled (appInit stands for the start-up)",
				"m.yaml:document 1: Deployment/api: spec.template.spec.containers[0].readinessProbe.successThreshold: 2 successes are not modelled; Ready after the first",
				"m.yaml:document 1: Deployment/api: spec.template.spec.containers[1].readinessProbe: differs from the first container's; execsim uses one probe per pod, the longest period and delay",
				`m.yaml:document 1: Deployment/api: spec.template.spec.topologySpreadConstraints[0].topologyKey: "topology.kubernetes.io/region" is not modelled (zone and hostname are); constraint dropped`,
				"m.yaml:document 1: Deployment/api: spec.template.spec.topologySpreadConstraints[1].minDomains: not modelled; ignored",
				"m.yaml:document 1: Deployment/api: spec.template.spec.topologySpreadConstraints[1].labelSelector: absent (upstream then counts no pods); execsim counts the Deployment's own pods",
				"m.yaml:document 1: Deployment/api: spec.template.spec.nodeSelector: not modelled: pods may be placed on any node",
				"m.yaml:document 1: Deployment/api: spec.template.spec.affinity: not modelled: pods may be placed on any node",
				"m.yaml:document 1: Deployment/api: spec.template.spec.containers[0]: app serves the requests (no Service's targetPort names a port of one of them, so the first is taken): no CPU limit; the other containers (sidecar) count in the pod's requests only",
			},
		},
		{
			name: "HPA metrics execsim does not model, several it does, targets it cannot use",
			text: deploymentYAML("api", "") + `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  maxReplicas: 10
  metrics:
    - {type: External, external: {metric: {name: sqs_depth}, target: {type: AverageValue, averageValue: "30"}}}
    - {type: Resource, resource: {name: cpu, target: {type: AverageValue, averageValue: 200m}}}
    - {type: Pods, pods: {metric: {name: inflight}, target: {type: Value, value: "3"}}}
    - {type: Pods, pods: {metric: {name: rps, selector: {matchLabels: {verb: GET}}}, target: {type: AverageValue, averageValue: 2500m}}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: db}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: db}
  maxReplicas: 3
---
apiVersion: v1
kind: Service
metadata: {name: all}
spec:
  selector: {tier: web}
`,
			want: []string{
				"m.yaml:document 2: HorizontalPodAutoscaler/api: spec.metrics[0].type: External metrics are not modelled (Resource cpu and Pods are); metric dropped",
				"m.yaml:document 2: HorizontalPodAutoscaler/api: spec.metrics[2].pods.target: a Pods target needs type AverageValue with a positive averageValue; metric dropped",
				"m.yaml:document 2: HorizontalPodAutoscaler/api: spec.metrics[3].pods.metric.selector: not modelled; ignored",
				"m.yaml:document 2: HorizontalPodAutoscaler/api: spec.metrics: 2 metrics: execsim's HPA scales on one, the first",
				"m.yaml:document 3: HorizontalPodAutoscaler/db: spec.scaleTargetRef: scales StatefulSet default/db, which execsim does not model; HPA not used",
				"m.yaml:document 4: Service/all: spec.selector: selects the pods of no Deployment read (tier=web); not used",
			},
		},
		{
			name: "older HPA versions",
			text: deploymentYAML("api", "") + `---
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  name: api
  annotations: {autoscaling.alpha.kubernetes.io/behavior: "{}"}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 0
  maxReplicas: 6
  targetCPUUtilizationPercentage: 55
---
apiVersion: autoscaling/v2beta2
kind: HorizontalPodAutoscaler
metadata: {name: api-beta}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: missing}
  maxReplicas: 6
`,
			want: []string{
				"m.yaml:document 2: HorizontalPodAutoscaler/api: spec.minReplicas: 0 (scale to zero, alpha HPAScaleToZero) is not modelled; 1 is used",
				"m.yaml:document 2: HorizontalPodAutoscaler/api: metadata.annotations.autoscaling.alpha.kubernetes.io/behavior: autoscaling/v2 fields kept in an annotation are not read; read the object as autoscaling/v2 (kubectl get hpa.v2.autoscaling)",
				"m.yaml:document 3: HorizontalPodAutoscaler/api-beta: apiVersion: autoscaling/v2beta2 (removed in Kubernetes 1.26) read as autoscaling/v2, which has its schema",
				"m.yaml:document 3: HorizontalPodAutoscaler/api-beta: spec.scaleTargetRef: Deployment default/missing is not in the manifests read; HPA not used",
			},
		},
		{
			name: "no requests, a duplicate key, one Service over two Deployments",
			text: `apiVersion: apps/v1
kind: Deployment
metadata: {name: blue}
spec:
  replicas: 1
  replicas: 2
  template:
    metadata: {labels: {app: shop, track: blue}}
    spec: {containers: [{name: a, image: a}]}
---
` + strings.Replace(deploymentYAML("green", ""), "{app: green}", "{app: shop, track: green}", 1) + `---
apiVersion: v1
kind: Service
metadata: {name: shop}
spec: {selector: {app: shop}}
`,
			want: []string{
				`m.yaml:document 1: line 6: key "replicas" already set in map (the last value is used)`,
				"m.yaml:document 1: Deployment/blue: spec.template.spec.containers[*].resources.requests.cpu: no container requests CPU (execsim's default request applies)",
				"m.yaml:document 1: Deployment/blue: spec.template.spec.containers[*].resources.requests.memory: no container requests memory (execsim's default request applies)",
				"m.yaml:document 3: Service/shop: spec.selector: selects the pods of 2 Deployments (blue, green): execsim sends each Deployment's own traffic to its own pods",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set := readOne(t, tc.text)
			var got []string
			for _, w := range set.Warnings {
				got = append(got, w.String())
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("warnings (-want +got):\n%s", d)
			}
		})
	}
}

func TestHPAConversions(t *testing.T) {
	set := readOne(t, deploymentYAML("api", "")+`---
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: api}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  maxReplicas: 6
  targetCPUUtilizationPercentage: 55
`)
	want := &HPA{Source: Source{File: "m.yaml", Doc: 2}, Name: "api", MinReplicas: 1, MaxReplicas: 6,
		Metrics: []Metric{{Type: CPUUtilization, UtilizationPercent: 55}}}
	if d := cmp.Diff(want, set.Deployments[0].HPA); d != "" {
		t.Errorf("autoscaling/v1 HPA (-want +got):\n%s", d)
	}

	set = readOne(t, deploymentYAML("api", "")+`---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  maxReplicas: 6
  metrics:
    - {type: Resource, resource: {name: cpu, target: {type: AverageValue, averageValue: 300m}}}
    - {type: Pods, pods: {metric: {name: rps}, target: {type: AverageValue, averageValue: 2500m}}}
  behavior:
    scaleDown: {selectPolicy: Disabled, tolerance: 0.05}
    scaleUp: {stabilizationWindowSeconds: 30}
`)
	h := set.Deployments[0].HPA
	wantMetrics := []Metric{{Type: CPUAverageValue, AverageValueMilli: 300}, {Type: PodsAverageValue, Name: "rps", AverageValueMilli: 2500}}
	wantBehavior := &Behavior{ScaleUp: &Rules{StabilizationWindow: ptr(30 * time.Second)}, ScaleDown: &Rules{SelectPolicy: "Disabled", Tolerance: ptr(0.05)}}
	if d := cmp.Diff(wantMetrics, h.Metrics); d != "" {
		t.Errorf("metrics (-want +got):\n%s", d)
	}
	if d := cmp.Diff(wantBehavior, h.Behavior); d != "" {
		t.Errorf("behavior (-want +got):\n%s", d)
	}
}

// TestTypedList: the API's own DeploymentList leaves out its items'
// apiVersion and kind; a List may also carry ignored kinds.
func TestTypedList(t *testing.T) {
	set := readOne(t, `apiVersion: apps/v1
kind: DeploymentList
metadata: {resourceVersion: "7"}
items:
  - metadata: {name: a, namespace: x}
    spec: {template: {spec: {containers: [{name: a, image: a, resources: {requests: {cpu: 1, memory: 1Gi}}}]}}}
---
apiVersion: v1
kind: List
items:
  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: x}}
`)
	if len(set.Deployments) != 1 || set.Deployments[0].Name != "a" || set.Deployments[0].Namespace != "x" {
		t.Errorf("Deployments = %+v; want one, x/a", set.Deployments)
	}
	want := []Ignored{{Source: Source{File: "m.yaml", Doc: 2}, APIVersion: "v1", Kind: "ConfigMap", Namespace: "x", Name: "c"}}
	if d := cmp.Diff(want, set.Ignored); d != "" {
		t.Errorf("Ignored (-want +got):\n%s", d)
	}
}

// TestDeterministic: reading twice gives the same Set (no map order leaks).
func TestDeterministic(t *testing.T) {
	fsys := testdataFS(t)
	paths := []string{"kubectl-list.yaml", "helm-rendered.yaml"}
	first, err := Read(fsys, paths)
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		again, err := Read(fsys, paths)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(first, again, ignoreLabels); d != "" {
			t.Fatalf("second Read differs (-first +again):\n%s", d)
		}
	}
}
