package scenario_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/execsim/execsim/models/kubernetes/hpa"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/platforms/kubernetes"
	"github.com/execsim/execsim/scenarios/platforms/lambda"
	"github.com/execsim/execsim/scenarios/scenario"
)

// byofFiles are a user's files: two Deployments (cart with an HPA on a
// request-rate metric, orders without one) and a ConfigMap, a SAM
// template, and a CSV export with cart and a service without a
// Deployment (legacy).
func byofFiles() fstest.MapFS {
	return fstest.MapFS{
		"k8s/shop.yaml": {Data: []byte(`apiVersion: apps/v1
kind: Deployment
metadata: {name: cart}
spec:
  replicas: 3
  selector: {matchLabels: {app: cart}}
  template:
    metadata: {labels: {app: cart}}
    spec:
      terminationGracePeriodSeconds: 45
      containers:
      - name: cart
        image: shop/cart:7
        resources: {requests: {cpu: 300m, memory: 384Mi}, limits: {cpu: "1"}}
        readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 5}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: cart}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: cart}
  minReplicas: 3
  maxReplicas: 9
  metrics:
  - type: Pods
    pods:
      metric: {name: http_requests_per_second}
      target: {type: AverageValue, averageValue: "12"}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 600
      policies: [{type: Pods, value: 1, periodSeconds: 60}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: orders}
spec:
  selector: {matchLabels: {app: orders}}
  template:
    metadata: {labels: {app: orders}}
    spec:
      containers:
      - {name: orders, image: shop/orders:1, resources: {requests: {cpu: 100m, memory: 128Mi}}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: shop-config}
`)},
		"template.yaml": {Data: []byte(`Transform: AWS::Serverless-2016-10-31
Globals:
  Function: {Runtime: python3.12, MemorySize: 256, Timeout: 5}
Resources:
  Cart:
    Type: AWS::Serverless::Function
    Properties: {Handler: app.handler, CodeUri: cart/, MemorySize: 1024}
  OrdersFn:
    Type: AWS::Serverless::Function
    Properties: {Handler: app.handler, CodeUri: orders/, ReservedConcurrentExecutions: 20}
`)},
		"traffic.csv": {Data: []byte("timestamp,service,value\n0,cart,2\n0,legacy,1\n60,cart,4\n60,legacy,1\n")},
	}
}

const byofHead = `name: byof
duration: 2m
fleet:
  prometheus:
    file: traffic.csv
    work: {cpu: "exp(mean=5ms)", io: "20ms"}
    services:
      legacy: {work: {cpu: "50ms"}}
kubernetes:
  manifests: [k8s]
  nodePools: [{name: p, instanceTypes: [m6i.large], nodes: 2}]
  concurrency: 7
  replicas: 2
lambda:
  templates: [template.yaml]
  match: {orders: OrdersFn}
  memoryMB: 640
`

func TestBringYourOwnFleet(t *testing.T) {
	// names as people write them: ./ and a folder's trailing /
	src := strings.NewReplacer("manifests: [k8s]", "manifests: [./k8s/]", "templates: [template.yaml]", "templates: [./template.yaml]",
		"file: traffic.csv", "file: ./traffic.csv").Replace(byofHead)
	plan, err := scenario.ParseFiles([]byte(src), byofFiles(), nil, platformtest.Registry())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range plan.Workload.Services {
		names = append(names, s.Name)
	}
	if got := strings.Join(names, " "); got != "cart legacy orders" {
		t.Fatalf("services = %s; want cart legacy orders (every series and every Deployment, by name)", got)
	}
	svc := plan.Workload.Services
	if got := svc[0].Arrivals.Expected(0, 2*time.Minute); got != 2*60+4*60 {
		t.Errorf("cart's expected arrivals = %g; want 360 (2/s then 4/s for a minute each)", got)
	}
	if got := svc[2].Arrivals.Expected(0, 2*time.Minute); got != 0 {
		t.Errorf("orders (a Deployment without a series) expects %g arrivals; want 0", got)
	}
	if got := svc[1].CPU.Mean(); got != 50*time.Millisecond {
		t.Errorf("legacy's mean CPU = %v; want its own 50ms", got)
	}
	// the keys its work: leaves out are the fleet's (walk13 #7)
	if got := svc[1].IO; got == nil || got.Mean() != 20*time.Millisecond {
		t.Errorf("legacy's io = %v; want the fleet's 20ms (its work: writes cpu alone)", got)
	}

	k := plan.Config(kubernetes.Name).(*kubernetes.Config)
	cart, legacy, orders := k.Deployments[0], k.Deployments[1], k.Deployments[2]
	if cart.Replicas != 3 || cart.CPURequestMilli != 300 || cart.MemoryRequestMiB != 384 || cart.CPULimitMilli != 1000 ||
		cart.ReadinessPeriod != 5*time.Second || cart.TerminationGrace != 45*time.Second || cart.Image != "shop/cart:7" {
		t.Errorf("cart's deployment = %+v; want the manifest's replicas, requests, limit, probe, grace and image", cart)
	}
	if cart.Concurrency != 7 {
		t.Errorf("cart's concurrency = %d; want the section's 7 (the manifest does not say)", cart.Concurrency)
	}
	if h := cart.HPA; h == nil || h.MinReplicas != 3 || h.MaxReplicas != 9 || h.Metric.Type != hpa.PodsAverageValue ||
		h.Metric.Name != "rps" || h.Metric.AverageValueMilli != 12000 || h.Behavior == nil || h.Behavior.ScaleDown == nil {
		t.Errorf("cart's HPA = %+v; want 3–9 on rps 12 per pod with its scale-down behavior", h)
	}
	if orders.Replicas != 1 || orders.HPA != nil {
		t.Errorf("orders = %d replicas, HPA %v; want the API default 1 and no HPA", orders.Replicas, orders.HPA)
	}
	if legacy.Replicas != 2 {
		t.Errorf("legacy (no Deployment) has %d replicas; want the section's 2", legacy.Replicas)
	}

	l := plan.Config(lambda.Name).(*lambda.Config)
	fns := l.Functions
	if fns[0].MemoryMB != 1024 || fns[2].MemoryMB != 256 || fns[1].MemoryMB != 640 {
		t.Errorf("memory = cart %d, legacy %d, orders %d; want 1024 (its function), 640 (the section's), 256 (OrdersFn's Globals)",
			fns[0].MemoryMB, fns[1].MemoryMB, fns[2].MemoryMB)
	}
	if fns[2].ReservedConcurrency != 20 {
		t.Errorf("orders' reserved concurrency = %v; want OrdersFn's 20 (matched by lambda.match)", fns[2].ReservedConcurrency)
	}

	// validate summarises a replayed profile (a point per sample) rather
	// than printing it
	if d := plan.Describe(); !strings.Contains(d, "- name: cart\n      arrivals:\n        process: profile\n        from: traffic.csv\n        interpolation: step\n        points: 3 # the profile's points: a sample each, and where they end\n        meanRatePerSecond: 3\n        peakRatePerSecond: 4\n") {
		t.Errorf("Describe() =\n%s\nwant cart's profile summarised: from traffic.csv, 3 points, mean 3/s, peak 4/s", d)
	}

	warnings := strings.Join(plan.Warnings, "\n")
	for _, w := range []string{
		"traffic.csv: no series (by label service) for orders (kubernetes.manifests): it gets no requests (what it holds is still billed)",
		"traffic.csv: legacy is not in kubernetes.manifests: it runs with the kubernetes: section's settings",
		"ignored: ConfigMap/shop-config",
		"service legacy has no function in the file (it runs with the lambda: section's settings)",
		"traffic.csv: its 2 samples, 1m0s apart, span 1m0s (the last one's step ends at 2m0s) and the run lasts 2m0s",
	} {
		if !strings.Contains(warnings, w) != strings.HasPrefix(w, "traffic.csv: its ") {
			t.Errorf("warnings =\n%s\nwant %q (and no warning when the traffic and the run last as long)", warnings, w)
		}
	}
}

func TestBringYourOwnFleetProblems(t *testing.T) {
	for _, tc := range []struct {
		name, from, to, want string
	}{
		{"format", "    file: traffic.csv\n", "    file: traffic.csv\n    format: parquet\n", "fleet.prometheus.format: allowed: query_range, csv (got parquet)"},
		{"scale", "    file: traffic.csv\n", "    file: traffic.csv\n    scale: 0\n", "fleet.prometheus.scale: must be a positive number (got 0)"},
		{"interpolate", "    file: traffic.csv\n", "    file: traffic.csv\n    interpolate: cubic\n", "fleet.prometheus.interpolate: allowed: step, linear (got cubic)"},
		{"no such service", "      legacy: {", "      legasy: {", "fleet.prometheus.services.legasy: names no service of the fleet (a series of traffic.csv, or a service its platforms' files define); did you mean legacy?"},
		{"missing file", "file: traffic.csv", "file: traffic-2.csv", "fleet.prometheus.file: cannot read: file does not exist (got traffic-2.csv)"},
		{"no traffic for the Deployments",
			"fleet:\n  prometheus:\n    file: traffic.csv\n    work: {cpu: \"exp(mean=5ms)\", io: \"20ms\"}\n    services:\n      legacy: {work: {cpu: \"50ms\"}}\n",
			"services: [{name: cart, arrivals: {process: poisson, ratePerSecond: 1}, work: {io: 10ms}}]\n",
			"kubernetes.manifests: 1 service defined here has no traffic: give it with fleet: {prometheus: …}, or write out services: named after it (got orders)"},
		{"a Deployment named nearly like a service", // walk9 #13
			"fleet:\n  prometheus:\n    file: traffic.csv\n    work: {cpu: \"exp(mean=5ms)\", io: \"20ms\"}\n    services:\n      legacy: {work: {cpu: \"50ms\"}}\n",
			"services: [{name: cart, arrivals: {process: poisson, ratePerSecond: 1}, work: {io: 10ms}}, {name: order, arrivals: {process: poisson, ratePerSecond: 1}, work: {io: 10ms}}]\n",
			"kubernetes.manifests: 1 service defined here has no traffic: give it with fleet: {prometheus: …}, or write out services: named after it; did you mean the service order for orders? (got orders)"},
		{"two places", "fleet:\n", "services: [{name: cart, arrivals: {process: poisson, ratePerSecond: 1}, work: {io: 10ms}, kubernetes: {replicas: 4}}]\nfleet:\n",
			"services[0].kubernetes: service cart also takes settings from kubernetes.manifests (k8s)"},
		{"outside the folder", "manifests: [k8s]", "manifests: [../k8s]", "kubernetes.manifests[0]: ../k8s is outside the scenario's folder"},
		{"match without templates", "  templates: [template.yaml]\n", "", "lambda.match: names functions of lambda.templates, and there are none"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(byofHead, tc.from, tc.to, 1)
			if src == byofHead {
				t.Fatalf("%q is not in the scenario", tc.from)
			}
			_, err := scenario.ParseFiles([]byte(src), byofFiles(), nil, platformtest.Registry())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v; want %q", err, tc.want)
			}
		})
	}
}

// scale multiplies every rate; linear interpolation runs between the
// samples and holds the last one for its step.
func TestBringYourOwnFleetScale(t *testing.T) {
	src := strings.Replace(byofHead, "    file: traffic.csv\n", "    file: traffic.csv\n    scale: 2.5\n    interpolate: linear\n", 1)
	plan, err := scenario.ParseFiles([]byte(src), byofFiles(), nil, platformtest.Registry())
	if err != nil {
		t.Fatal(err)
	}
	// 2.5 × (the ramp from 2/s to 4/s over the first minute, then 4/s)
	if got, want := plan.Workload.Services[0].Arrivals.Expected(0, 2*time.Minute), 2.5*(3*60+4*60); got != want {
		t.Errorf("cart's expected arrivals = %g; want %g", got, want)
	}
}

// A written-out service named after a Deployment takes its settings (beside
// its own lambda: ones), and
// compiling the file again (as every sweep point does) gives the same
// plan, not a complaint that the service's settings are given twice.
func TestBringYourOwnFleetWrittenOutService(t *testing.T) {
	src := strings.Replace(byofHead, "  match: {orders: OrdersFn}\n", "", 1) +
		"services: [{name: orders, arrivals: {process: poisson, ratePerSecond: 2}, work: {io: 10ms}, lambda: {memoryMB: 256}}]\n"
	f, _, err := scenario.Decode([]byte(src), nil, platformtest.Registry())
	if err != nil {
		t.Fatal(err)
	}
	f.Files = byofFiles()
	for i := range 2 {
		plan, err := f.Compile(platformtest.Registry())
		if err != nil {
			t.Fatalf("compile %d: %v", i+1, err)
		}
		k := plan.Config(kubernetes.Name).(*kubernetes.Config)
		last := len(plan.Workload.Services) - 1
		if got := plan.Workload.Services[last].Name; got != "orders" || k.Deployments[last].CPURequestMilli != 100 {
			t.Errorf("compile %d: last service %s with %dm; want orders with its Deployment's 100m", i+1, got, k.Deployments[last].CPURequestMilli)
		}
		if n := len(plan.Workload.Services); n != 3 {
			t.Errorf("compile %d: %d services; want cart, legacy (the series) and orders (written out)", i+1, n)
		}
	}
}

// A Prometheus label value that is not a DNS-1123 label becomes a
// service (a Deployment, a function): it is mapped to one with a warning,
// as a CSV trace's names are, and two values that map to one name are
// an error (hostile #8: API_v1 ran unchecked).
func TestBringYourOwnFleetLabelNames(t *testing.T) {
	const head = "name: byof\nduration: 2m\nfleet:\n  prometheus:\n    file: traffic.csv\n    work: {cpu: \"5ms\"}\nlambda: {memoryMB: 512}\n"
	for _, tc := range []struct {
		name, csv string
		services  []string
		warn, err string
	}{
		{"mapped", "timestamp,service,value\n0,API_v1,2\n0,cart,1\n60,API_v1,2\n60,cart,1\n", []string{"api-v1", "cart"},
			`traffic.csv: 1 service name is not a DNS-1123 label (the names of Kubernetes objects and Lambda functions), so it runs as: "API_v1" → api-v1`, ""},
		{"two values, one name", "timestamp,service,value\n0,API_v1,2\n0,api-v1,1\n60,API_v1,2\n60,api-v1,1\n", nil, "",
			`fleet.prometheus.file: services "API_v1" and "api-v1" of traffic.csv would both be api-v1`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := byofFiles()
			files["traffic.csv"] = &fstest.MapFile{Data: []byte(tc.csv)}
			plan, err := scenario.ParseFiles([]byte(head), files, nil, platformtest.Registry())
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v; want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, s := range plan.Workload.Services {
				names = append(names, s.Name)
			}
			if !slices.Equal(names, tc.services) {
				t.Errorf("services %v; want %v", names, tc.services)
			}
			if !slices.Contains(plan.Warnings, tc.warn) {
				t.Errorf("warnings %q; want %q", plan.Warnings, tc.warn)
			}
		})
	}
}

// A label value that names a Deployment of the manifests is that
// service's as it is: a Deployment may be a DNS-1123 subdomain (api.v1),
// and mapping the series to api-v1 gave the Deployment no requests and
// ran the series as a second service (review9b D3). A value that names
// nothing defined is still mapped.
func TestBringYourOwnFleetLabelNamesADeployment(t *testing.T) {
	const head = "name: byof\nduration: 2m\nfleet:\n  prometheus:\n    file: traffic.csv\n    work: {cpu: \"5ms\"}\n" +
		"kubernetes:\n  manifests: [k8s]\n  nodePools: [{name: p, instanceTypes: [m6i.large], nodes: 2}]\n"
	files := fstest.MapFS{
		"k8s/api.yaml": {Data: []byte("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api.v1}\nspec:\n  selector: {matchLabels: {app: api}}\n" +
			"  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: api, image: api:1, resources: {requests: {cpu: 250m, memory: 256Mi}}}]}\n")},
		"traffic.csv": {Data: []byte("timestamp,service,value\n0,api.v1,2\n0,web.v2,1\n60,api.v1,2\n60,web.v2,1\n")},
	}
	plan, err := scenario.ParseFiles([]byte(head), files, nil, platformtest.Registry())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range plan.Workload.Services {
		names = append(names, s.Name)
	}
	if want := []string{"api.v1", "web-v2"}; !slices.Equal(names, want) {
		t.Errorf("services %v; want %v", names, want)
	}
	want := `traffic.csv: 1 service name is not a DNS-1123 label (the names of Kubernetes objects and Lambda functions), so it runs as: "web.v2" → web-v2`
	if !slices.Contains(plan.Warnings, want) {
		t.Errorf("warnings %q; want %q", plan.Warnings, want)
	}
	for _, w := range plan.Warnings {
		if strings.Contains(w, "no series") || strings.Contains(w, `"api.v1"`) {
			t.Errorf("warning %q: api.v1's series is its Deployment's", w)
		}
	}
}
