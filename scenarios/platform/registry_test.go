package platform_test

import (
	"testing"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/platforms"
)

func TestRegistry(t *testing.T) {
	reg := platforms.Default()
	with := reg.With(platformtest.Pool{})
	if len(reg) != 4 || len(with) != 5 {
		t.Fatalf("With changed the registry it extends: %d, %d", len(reg), len(with))
	}
	if with.Index("pool") != 3 || with.Index("hybrid") != 4 || with.Lookup("pool") == nil || reg.Lookup("pool") != nil || with.Index("fargate") != -1 {
		t.Error("Lookup/Index disagree with the registry's order")
	}
	// a blend stays after the platforms it blends
	if got := with.List("or"); got != "kubernetes, lambda, knative, pool or hybrid" {
		t.Errorf("List = %q", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("a repeated platform name did not panic")
		}
	}()
	platform.New(platformtest.Pool{}, platformtest.Pool{})
}
