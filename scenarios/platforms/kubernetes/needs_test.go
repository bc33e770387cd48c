package kubernetes_test

import (
	"testing"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/scenarios/platform"
	k8s "github.com/execsim/execsim/scenarios/platforms/kubernetes"
)

// A service's average memory is its pods' memory request unless the
// section or the service's override sets memoryRequestMiB.
func TestNeedsSizePods(t *testing.T) {
	mib := int64(512)
	needs := platform.Needs{MemoryMB: 56.3, PeakMemoryMB: 300}
	for _, tc := range []struct {
		name    string
		section k8s.Section
		svc     platform.Service
		want    int64
	}{
		{"from needs", k8s.Section{}, platform.Service{Name: "d", Needs: needs}, 57},
		{"tiny", k8s.Section{}, platform.Service{Name: "d", Needs: platform.Needs{MemoryMB: 0.2}}, 1},
		{"no needs", k8s.Section{}, platform.Service{Name: "d"}, 256},
		{"section sets it", k8s.Section{Deployment: k8s.Deployment{MemoryRequestMiB: &mib}}, platform.Service{Name: "d", Needs: needs}, 512},
		{"override sets it", k8s.Section{}, platform.Service{Name: "d", Needs: needs, Override: &k8s.Deployment{MemoryRequestMiB: &mib}}, 512},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p models.Problems
			sec := tc.section
			cfg := k8s.New().Compile(platform.CompileInput{Section: &sec, Services: []platform.Service{tc.svc}, Problems: &p})
			if err := p.Err(); err != nil {
				t.Fatal(err)
			}
			if got := cfg.(*k8s.Config).Deployments[0].MemoryRequestMiB; got != tc.want {
				t.Errorf("memoryRequestMiB %d; want %d", got, tc.want)
			}
		})
	}
}
