package kubernetes

import (
	"fmt"
	"testing"
)

// A manifests note names up to a dozen Deployments, and beyond that how
// many (all of them, when they are) and the first three (walk13: one 9 KB
// line named 300).
func TestDeploymentList(t *testing.T) {
	names := func(n int) []string {
		var out []string
		for i := range n {
			out = append(out, fmt.Sprintf("Deployment/d%03d", i))
		}
		return out
	}
	for _, tc := range []struct {
		n, of int
		want  string
	}{
		{2, 5, "Deployment/d000, Deployment/d001"},
		{12, 300, "Deployment/d000, Deployment/d001, Deployment/d002, Deployment/d003, Deployment/d004, Deployment/d005, Deployment/d006, Deployment/d007, Deployment/d008, Deployment/d009, Deployment/d010, Deployment/d011"},
		{300, 300, "all 300 Deployments (Deployment/d000, Deployment/d001, Deployment/d002 and 297 more)"},
		{13, 300, "13 of the 300 Deployments (Deployment/d000, Deployment/d001, Deployment/d002 and 10 more)"},
	} {
		if got := deploymentList(names(tc.n), tc.of); got != tc.want {
			t.Errorf("%d of %d: %q; want %q", tc.n, tc.of, got, tc.want)
		}
	}
}
