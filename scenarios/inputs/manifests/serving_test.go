package manifests

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestServingContainer: the limits execsim applies are the serving
// container's, as its cgroup caps it, whatever the other containers set
// (walk2 defect 10: an envoy sidecar without limits made the app's 1-CPU
// limit disappear, and the memory-limit note with it).
func TestServingContainer(t *testing.T) {
	const head = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n"
	const svc = "---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: %s}]\n"
	tests := []struct {
		name, pod, service string
		serving            int
		cpuLim, memLim     int64
		warning            string // "" for none about the serving container
	}{
		{"probe port named by the Service; sidecar without limits",
			"      containers:\n        - {name: app, image: a, resources: {limits: {cpu: '1', memory: 1Gi}}, readinessProbe: {httpGet: {path: /, port: 8080}}}\n        - {name: envoy, image: e, resources: {requests: {cpu: 100m}}}\n",
			"8080", 0, 1000, 1024,
			"Deployment/web: spec.template.spec.containers[0]: app serves the requests (the container Service web targetPort 8080 names): its CPU limit (1000m) caps their CPU, as its cgroup does; the other containers (envoy) count in the pod's requests only"},
		{"named port of the second container",
			"      containers:\n        - {name: envoy, image: e, ports: [{containerPort: 15001}]}\n        - {name: app, image: a, ports: [{name: http, containerPort: 8080}], resources: {limits: {cpu: 500m}}}\n",
			"http", 1, 500, 0,
			"containers[1]: app serves the requests (the container Service web targetPort http names): its CPU limit (500m) caps"},
		{"sidecar limit not added to the app's",
			"      containers:\n        - {name: app, image: a, ports: [{containerPort: 80}], resources: {limits: {cpu: 300m}}}\n        - {name: log, image: l, resources: {limits: {cpu: 200m}}}\n",
			"", 0, 300, 0,
			"containers[0]: app serves the requests (no Service's targetPort names a port of one of them, so the first is taken)"},
		{"pod-level limit under the container's",
			"      resources: {limits: {cpu: '1'}}\n      containers:\n        - {name: app, image: a, resources: {limits: {cpu: '2'}}}\n",
			"", 0, 1000, 0, ""},
		{"pod-level limit without a container limit",
			"      resources: {limits: {cpu: 750m}}\n      containers:\n        - {name: app, image: a}\n",
			"", 0, 750, 0, ""},
		{"one container without a limit",
			"      containers:\n        - {name: app, image: a}\n",
			"", 0, 0, 0, ""},
	}
	for _, tt := range tests {
		data := head + tt.pod
		if tt.service != "" {
			data += strings.Replace(svc, "%s", tt.service, 1)
		}
		set, err := Read(fstest.MapFS{"m.yaml": {Data: []byte(data)}}, []string{"m.yaml"})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		d := set.Deployments[0]
		if d.Serving != tt.serving || d.CPULimitMilli != tt.cpuLim || d.MemoryLimitMiB != tt.memLim {
			t.Errorf("%s: serving %d, limits %dm %d MiB; want %d, %dm %d MiB", tt.name, d.Serving, d.CPULimitMilli, d.MemoryLimitMiB, tt.serving, tt.cpuLim, tt.memLim)
		}
		var got []string
		for _, w := range set.Warnings {
			if strings.Contains(w.String(), "serves the requests") {
				got = append(got, w.String())
			}
		}
		switch {
		case tt.warning == "" && len(got) > 0:
			t.Errorf("%s: warnings %q; want none about the serving container", tt.name, got)
		case tt.warning != "" && (len(got) != 1 || !strings.Contains(got[0], tt.warning)):
			t.Errorf("%s: warnings %q; want %q", tt.name, got, tt.warning)
		}
	}
}

// TestEmptyFile: a file that holds no object is a warning naming it (walk2
// defect 11: kind: List with items: [], or only comments and ---, read
// nothing and said nothing); a file with an object, even one execsim
// ignores, or with an error, gets no such warning.
func TestEmptyFile(t *testing.T) {
	const warn = "holds no object (only comments, empty documents or empty lists): nothing read from it"
	for _, tt := range []struct {
		data string
		warn bool
	}{
		{"apiVersion: v1\nkind: List\nitems: []\n", true},
		{"# nothing\n---\n# more\n---\n", true},
		{"", true},
		{"apiVersion: apps/v1\nkind: DeploymentList\nitems: []\n", true},
		{"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n", false},
		{"apiVersion: v1\nkind: List\nitems: [{apiVersion: v1, kind: ConfigMap, metadata: {name: c}}]\n", false},
	} {
		set, err := Read(fstest.MapFS{"e.yaml": {Data: []byte(tt.data)}}, []string{"e.yaml"})
		if err != nil {
			t.Fatalf("%q: %v", tt.data, err)
		}
		got := false
		for _, w := range set.Warnings {
			if w.String() == "e.yaml: "+warn {
				got = true
			}
		}
		if got != tt.warn {
			t.Errorf("%q: warnings %v; want the empty-file warning: %v", tt.data, set.Warnings, tt.warn)
		}
	}
	if _, err := Read(fstest.MapFS{"e.yaml": {Data: []byte("- 1\n")}}, []string{"e.yaml"}); err == nil || strings.Contains(err.Error(), warn) {
		t.Errorf("a malformed file: error %v; want the error alone", err)
	}
}
