package breakeven

import (
	"fmt"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/scenario"
)

// Tunable lists the plan's platforms that have a tunable setting, with it.
func Tunable(plan *scenario.Plan) map[string]platform.Tuning {
	out := map[string]platform.Tuning{}
	for _, c := range plan.Platforms {
		if t, ok := c.Platform.(platform.Tunable); ok {
			if _, ok := c.Config.(platform.Tuner); ok {
				out[c.Name()] = t.Tuning()
			}
		}
	}
	return out
}

// Tuned is a copy of the plan that runs only the named platform, with its
// tunable setting at value.
func Tuned(plan *scenario.Plan, name string, value int) (*scenario.Plan, error) {
	for _, c := range plan.Platforms {
		if c.Name() != name {
			continue
		}
		t, ok := c.Config.(platform.Tuner)
		tn, ok2 := c.Platform.(platform.Tunable)
		if !ok || !ok2 {
			break
		}
		cfg, err := t.Tune(value)
		if err != nil {
			return nil, scenario.InputError(fmt.Errorf("--%s %d: %w", tn.Tuning().Flag, value, err))
		}
		q := *plan
		q.Platforms = []scenario.Compiled{{Platform: c.Platform, Config: cfg}}
		return &q, nil
	}
	return nil, scenario.InputError(fmt.Errorf("scenario %s has no %s: section with a tunable setting", plan.Name, name))
}
