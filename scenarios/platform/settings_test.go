package platform

import (
	"strings"
	"testing"
)

func TestFilePath(t *testing.T) {
	for _, tc := range []struct{ name, want, err string }{
		{"k8s", "k8s", ""},
		{"k8s/", "k8s", ""},
		{"./k8s/prod/", "k8s/prod", ""},
		{"deploy//template.yaml", "deploy/template.yaml", ""},
		{`deploy\template.yaml`, "deploy/template.yaml", ""},
		{"k8s/../traffic.json", "traffic.json", ""},
		{".", ".", ""},
		{"../shared/k8s", "", "x.manifests[0]: ../shared/k8s is outside the scenario's folder"},
		{"/etc/k8s", "", "x.manifests[0]: /etc/k8s is outside the scenario's folder"},
		{"", "", "x.manifests[0]: a file name is empty"},
	} {
		got, err := FilePath("x.manifests[0]", tc.name)
		if got != tc.want || (err == nil) != (tc.err == "") || err != nil && !strings.Contains(err.Error(), tc.err) {
			t.Errorf("FilePath(%q) = %q, %v; want %q, %q", tc.name, got, err, tc.want, tc.err)
		}
	}
}
