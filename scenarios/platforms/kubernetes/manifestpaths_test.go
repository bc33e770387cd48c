package kubernetes

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/scenarios/platform"
)

// A pod from a manifest that fits no node is told at the manifest's file,
// Deployment and field, not at kubernetes.cpuRequestMilli, a setting the
// user never wrote (walk2 defect 9), with one Deployment or several.
func TestFitsNoNodeNamesTheManifest(t *testing.T) {
	dep := func(name, resources string) string {
		return "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: " + name + "}\nspec:\n  selector: {matchLabels: {app: " + name +
			"}}\n  template:\n    metadata: {labels: {app: " + name + "}}\n    spec:\n      containers: [{name: app, image: a, resources: " + resources + "}]\n"
	}
	fsys := fstest.MapFS{
		"web.yaml": {Data: []byte(dep("web", "{limits: {cpu: 2}}"))},
		"api.yaml": {Data: []byte(dep("api", "{requests: {cpu: 100m, memory: 40Gi}}"))},
	}
	tests := []struct {
		files []string
		want  []string
	}{
		{[]string{"web.yaml"}, []string{
			"web.yaml:document 1: Deployment/web: spec.template.spec.containers[0].resources.limits.cpu: the pod fits no node: the largest allocatable CPU of the pools' instance types is 1780m (m6i.large) (got 2000m)"}},
		{[]string{"web.yaml", "api.yaml"}, []string{
			"web.yaml:document 1: Deployment/web: spec.template.spec.containers[0].resources.limits.cpu: the pod fits no node",
			"api.yaml:document 1: Deployment/api: spec.template.spec.containers[0].resources.requests.memory: the pod fits no node: the largest allocatable memory of the pools' instance types is 6903 MiB (m6i.large) (got 40960Mi)"}},
	}
	for _, tt := range tests {
		_, err := compileManifests(t, fsys, tt.files...)
		if err == nil {
			t.Fatalf("%v: no error; want the pods to fit no node", tt.files)
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v: error =\n%v\nwant %q", tt.files, err, w)
			}
		}
		if strings.Contains(err.Error(), "RequestMilli") || strings.Contains(err.Error(), "RequestMiB") || !errors.Is(err, models.ErrRange) {
			t.Errorf("%v: error =\n%v\nwant no execsim setting named, and errors.Is ErrRange", tt.files, err)
		}
	}
}

// A pod whose CPU fits one of the pool's types and whose memory fits
// another, but no type both, is told at each of the manifest's fields with
// what the types holding the other offer, not at the CPU field alone.
func TestFitsNoSingleTypeNamesBothManifestFields(t *testing.T) {
	const dep = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n" +
		"      containers: [{name: app, image: a, resources: {requests: {cpu: 3, memory: 6700Mi}}}]\n"
	_, err := compileManifestsOn(t, []string{"c7g.xlarge", "m7g.large"}, fstest.MapFS{"web.yaml": {Data: []byte(dep)}}, "web.yaml")
	if err == nil {
		t.Fatal("no error; want the pod to fit no single instance type")
	}
	for _, w := range []string{
		"web.yaml:document 1: Deployment/web: spec.template.spec.containers[0].resources.requests.memory: the pod (3000m, 6700 MiB) fits no single instance type of the pools: the types with 3000m of CPU allocatable offer at most 6525 MiB of memory (c7g.xlarge) (got 6700Mi)",
		"web.yaml:document 1: Deployment/web: spec.template.spec.containers[0].resources.requests.cpu: the pod (3000m, 6700 MiB) fits no single instance type of the pools: the types with 6700 MiB of memory allocatable offer at most 1780m of CPU (m7g.large) (got 3000m)",
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error =\n%v\nwant %q", err, w)
		}
	}
	if strings.Contains(err.Error(), "RequestMi") {
		t.Errorf("error =\n%v\nwant no execsim setting named", err)
	}
}

// A serving container's limit below the pod's summed request (an app
// limited to what it requests, beside a sidecar that requests CPU too) is
// no error: the API checks limits against each container's own request,
// and the model caps the requests' CPU at the serving container's limit
// (a review found such Guaranteed pods refused with "cpuLimitMilli must
// be at least cpuRequestMilli (600)"). A limit written in the scenario is
// the pod's and is still checked.
func TestServingLimitBelowThePodsRequest(t *testing.T) {
	const dep = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n" +
		"        - {name: app, image: a, ports: [{name: http, containerPort: 8080}], resources: {requests: {cpu: 500m}, limits: {cpu: 500m}}}\n" +
		"        - {name: envoy, image: e, resources: {requests: {cpu: 100m}, limits: {cpu: 100m}}}\n" +
		"---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]\n"
	cfg, err := compileManifests(t, fstest.MapFS{"web.yaml": {Data: []byte(dep)}}, "web.yaml")
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	d := cfg.Deployments[0]
	if d.CPURequestMilli != 600 || d.CPULimitMilli != 500 || !d.ServingLimit {
		t.Errorf("request %dm, limit %dm, serving limit %v; want 600m, 500m, true", d.CPURequestMilli, d.CPULimitMilli, d.ServingLimit)
	}
	// the scenario's own limit below its request stays an error
	var q models.Problems
	lim, req := int64(500), int64(600)
	own := &Section{NodePools: []NodePool{{Name: "p", InstanceTypes: []string{"m6i.large"}}}}
	own.CPULimitMilli, own.CPURequestMilli = &lim, &req
	New().Compile(platform.CompileInput{Section: own, Services: []platform.Service{{Name: "web", Path: "services.web"}}, Problems: &q})
	if err := q.Err(); err == nil || !strings.Contains(err.Error(), "cpuLimitMilli: must be at least cpuRequestMilli (600)") {
		t.Errorf("a scenario's limit under its request: %v; want it refused", err)
	}
}

// compileManifests compiles a kubernetes: section of the manifests files
// in fsys on one m6i.large pool, one service per Deployment as a scenario
// file would match them, and returns the config and the problems.
func compileManifests(t *testing.T, fsys fstest.MapFS, files ...string) (*Config, error) {
	t.Helper()
	return compileManifestsOn(t, []string{"m6i.large"}, fsys, files...)
}

// compileManifestsOn is compileManifests with a node pool of the given
// instance types.
func compileManifestsOn(t *testing.T, instanceTypes []string, fsys fstest.MapFS, files ...string) (*Config, error) {
	t.Helper()
	sec := &Section{Manifests: files, NodePools: []NodePool{{Name: "p", InstanceTypes: instanceTypes}}}
	set, err := New().ReadSettings(sec, fsys)
	if err != nil {
		t.Fatal(err)
	}
	ovs, _, _ := set.Match(set.Services())
	var svcs []platform.Service
	for _, name := range set.Services() {
		svcs = append(svcs, platform.Service{Name: name, Path: "services." + name, Override: ovs[name]})
	}
	var p models.Problems
	cfg := New().Compile(platform.CompileInput{Section: sec, Services: svcs, Problems: &p})
	return cfg.(*Config), p.Err()
}
