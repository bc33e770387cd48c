package manifests

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzRead: no file makes Read panic; it returns a Set or an error, never
// both or neither; every error is an *Error; and what it accepts is
// consistent (Deployments with names and non-negative counts, HPAs with
// 1 ≤ min ≤ max). Seeded from testdata and a few edge cases.
func FuzzRead(f *testing.F) {
	files, err := filepath.Glob("testdata/*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"", "---", "...", "--- {}", "null", "[]", "kind: List\napiVersion: v1\nitems: [1, {}]",
		"apiVersion: apps/v1\nkind: DeploymentList\nitems: [{metadata: {name: a}, spec: {replicas: 99999999999}}]",
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {template: {spec: {containers: [{resources: {requests: {cpu: 1e400}}}]}}}",
		"a: &a [*a, *a]", "apiVersion: v1\nkind: Service\nspec: {selector: {a: null}}",
		"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec: {maxReplicas: 2, behavior: {scaleUp: {tolerance: -1}}}",
		"apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec: {template: {spec: {containers: [{resources: {requests: {cpu: -1, memory: 1Ei}}}]}}}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := Read(fstest.MapFS{"m.yaml": {Data: data}}, []string{"m.yaml"})
		if (set == nil) == (err == nil) {
			t.Fatalf("Read = %v, %v; want a Set or an error", set, err)
		}
		if err != nil {
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var me *Error
				if !errors.As(e, &me) || !strings.HasPrefix(e.Error(), "m.yaml") {
					t.Fatalf("error %q (%T) is no *Error about m.yaml", e, e)
				}
			}
			return
		}
		for _, d := range set.Deployments {
			if d.Name == "" || d.Replicas < 0 || d.CPURequestMilli < 0 || d.MemoryRequestMiB < 0 || d.TerminationGrace < 0 {
				t.Fatalf("accepted %+v", d)
			}
			if h := d.HPA; h != nil && (h.MinReplicas < 1 || h.MaxReplicas < h.MinReplicas) {
				t.Fatalf("accepted HPA %+v", *h)
			}
		}
	})
}
