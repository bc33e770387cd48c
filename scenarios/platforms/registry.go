package platforms

import (
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platforms/hybrid"
	"github.com/execsim/execsim/scenarios/platforms/knative"
	"github.com/execsim/execsim/scenarios/platforms/kubernetes"
	"github.com/execsim/execsim/scenarios/platforms/lambda"
)

// Default is every platform execsim models, in output order.
func Default() platform.Registry {
	k, l, kn := kubernetes.New(), lambda.New(), knative.New()
	return platform.New(k, l, kn, hybrid.New(k, l, kn))
}
