package platforms

import (
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
)

// Every platform execsim ships meets the contract, in a fixed order.
func TestDefaultRegistry(t *testing.T) {
	reg := Default()
	if got := reg.List("and"); got != "kubernetes and lambda" {
		t.Errorf("registry %s; want kubernetes and lambda, in that order", got)
	}
	for _, p := range reg {
		t.Run(p.Name(), func(t *testing.T) { platformtest.Conformance(t, p) })
	}
}
