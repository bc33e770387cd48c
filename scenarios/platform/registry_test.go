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
	if len(reg) != 2 || len(with) != 3 {
		t.Fatalf("With changed the registry it extends: %d, %d", len(reg), len(with))
	}
	if with.Index("pool") != 2 || with.Lookup("pool") == nil || reg.Lookup("pool") != nil || with.Index("fargate") != -1 {
		t.Error("Lookup/Index disagree with the registry's order")
	}
	if got := with.List("or"); got != "kubernetes, lambda or pool" {
		t.Errorf("List = %q", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("a repeated platform name did not panic")
		}
	}()
	platform.New(platformtest.Pool{}, platformtest.Pool{})
}
