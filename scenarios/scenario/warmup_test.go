package scenario_test

import (
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/scenario"
)

// warmup: is a duration from 0 (the default) to below the run's duration,
// and execsim validate shows it.
func TestWarmup(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      time.Duration
		err       string
	}{
		{"unset", "name: d\nduration: 10m\n" + body, 0, ""},
		{"zero", "name: d\nduration: 10m\nwarmup: 0s\n" + body, 0, ""},
		{"set", "name: d\nduration: 10m\nwarmup: 90s\n" + body, 90 * time.Second, ""},
		{"just below the duration", "name: d\nduration: 10m\nwarmup: 599s\n" + body, 599 * time.Second, ""},
		{"the whole run", "name: d\nduration: 10m\nwarmup: 10m\n" + body, 0, "warmup: must be at least 0s and shorter than the duration (10m0s) (got 10m0s)"},
		{"negative", "name: d\nduration: 10m\nwarmup: -1s\n" + body, 0, "warmup: must be at least 0s and shorter than the duration (10m0s) (got -1s)"},
		{"a bare number", "name: d\nwarmup: 60\n" + body, 0, "line 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan, err := scenario.Parse([]byte(tc.src), nil, platformtest.Registry())
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("error %v; want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if plan.Warmup != tc.want {
				t.Errorf("Warmup = %v; want %v", plan.Warmup, tc.want)
			}
			if want := "\nwarmup: " + tc.want.String() + "\n"; !strings.Contains(plan.Describe(), want) {
				t.Errorf("Describe() lacks %q:\n%s", want, plan.Describe())
			}
		})
	}
	// --set reaches it, as any top-level key
	plan, err := scenario.Parse([]byte("name: d\nduration: 10m\n"+body), []scenario.Override{{Path: "warmup", Value: "2m"}}, platformtest.Registry())
	if err != nil || plan.Warmup != 2*time.Minute {
		t.Errorf("--set warmup=2m: %v, %v", plan, err)
	}
}
