package platforms_test

import (
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/platforms"
)

// Every platform execsim ships meets the contract, in a fixed order.
func TestDefaultRegistry(t *testing.T) {
	reg := platforms.Default()
	if got := reg.List("and"); got != "kubernetes, lambda, knative and hybrid" {
		t.Errorf("registry %s; want kubernetes, lambda, knative and hybrid, in that order", got)
	}
	for _, p := range reg {
		t.Run(p.Name(), func(t *testing.T) { platformtest.Conformance(t, p) })
	}
}
