package lambda_test

import (
	"testing"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platforms/lambda"
)

func TestMemoryFor(t *testing.T) {
	for _, tc := range []struct {
		peak float64
		want int
	}{{0.5, 128}, {127.2, 128}, {128, 128}, {128.01, 129}, {377.9, 378}, {10240, 10240}, {10240.5, 10240}, {1e9, 10240}} {
		if got := lambda.MemoryFor(tc.peak); got != tc.want {
			t.Errorf("MemoryFor(%v) = %d; want %d", tc.peak, got, tc.want)
		}
	}
}

// A service's peak memory sizes its function unless the section or the
// service's override sets memoryMB.
func TestNeedsSizeFunctions(t *testing.T) {
	size := 512
	needs := platform.Needs{MemoryMB: 50, PeakMemoryMB: 300.2}
	for _, tc := range []struct {
		name    string
		section lambda.Section
		svc     platform.Service
		want    int
	}{
		{"from needs", lambda.Section{}, platform.Service{Name: "f", Needs: needs}, 301},
		{"no needs", lambda.Section{}, platform.Service{Name: "f"}, 128},
		{"section sets it", lambda.Section{Function: lambda.Function{MemoryMB: &size}}, platform.Service{Name: "f", Needs: needs}, 512},
		{"override sets it", lambda.Section{}, platform.Service{Name: "f", Needs: needs, Override: &lambda.Function{MemoryMB: &size}}, 512},
		{"override without memory", lambda.Section{}, platform.Service{Name: "f", Needs: needs, Override: &lambda.Function{}}, 301},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p models.Problems
			sec := tc.section
			cfg := lambda.New().Compile(platform.CompileInput{Section: &sec, Services: []platform.Service{tc.svc}, Problems: &p})
			if err := p.Err(); err != nil {
				t.Fatal(err)
			}
			if got := cfg.(*lambda.Config).Functions[0].MemoryMB; got != tc.want {
				t.Errorf("memoryMB %d; want %d", got, tc.want)
			}
		})
	}
}
