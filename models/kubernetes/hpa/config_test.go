package hpa_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/kubernetes/hpa"
)

func TestDefaultConfigIsValid(t *testing.T) {
	c := hpa.DefaultConfig()
	if err := c.Validate(); err != nil {
		t.Fatalf("DefaultConfig().Validate() = %v; want nil", err)
	}
	if _, err := hpa.New(c); err != nil {
		t.Fatalf("New(DefaultConfig()) = %v; want nil", err)
	}
}

func TestValidate(t *testing.T) {
	neg := -time.Second
	tests := []struct {
		name     string
		edit     func(c *hpa.Config)
		want     []string // every line of the joined error
		sentinel error
	}{
		{
			name:     "max below min",
			edit:     func(c *hpa.Config) { c.MinReplicas, c.MaxReplicas = 2, 1 },
			want:     []string{"maxReplicas: must be ≥ minReplicas (got 1 < 2)"},
			sentinel: models.ErrRange,
		},
		{
			name: "several problems at once",
			edit: func(c *hpa.Config) {
				c.MinReplicas = 0
				c.Metric.AverageUtilizationPercent = 0
				c.SyncPeriod = 0
			},
			want: []string{
				"minReplicas: must be at least 1 (got 0)",
				"metric.averageUtilizationPercent: must be at least 1 (percent of request) (got 0)",
				"syncPeriod: must be positive (got 0s)",
			},
			sentinel: models.ErrRange,
		},
		{
			name:     "unknown metric type",
			edit:     func(c *hpa.Config) { c.Metric.Type = "Memory" },
			want:     []string{"metric.type: must be one of CPUUtilization, CPUAverageValue, PodsAverageValue (got Memory)"},
			sentinel: models.ErrUnknown,
		},
		{
			name: "behavior rules",
			edit: func(c *hpa.Config) {
				c.Behavior = &hpa.Behavior{
					ScaleUp: &hpa.ScalingRules{StabilizationWindow: &neg, SelectPolicy: "Fastest"},
					ScaleDown: &hpa.ScalingRules{Policies: []hpa.ScalingPolicy{
						{Type: "Nodes", Value: 0, Period: time.Hour},
					}},
				}
			},
			want: []string{
				"behavior.scaleUp.stabilizationWindow: must be between 0s and 1h0m0s (got -1s)",
				"behavior.scaleUp.selectPolicy: must be one of Max, Min, Disabled (got Fastest)",
				"behavior.scaleDown.policies[0].type: must be Pods or Percent (got Nodes)",
				"behavior.scaleDown.policies[0].value: must be at least 1 (got 0)",
				"behavior.scaleDown.policies[0].period: must be greater than 0s and at most 30m0s (got 1h0m0s)",
			},
		},
		{
			name: "empty policy list",
			edit: func(c *hpa.Config) {
				c.Behavior = &hpa.Behavior{ScaleUp: &hpa.ScalingRules{Policies: []hpa.ScalingPolicy{}}}
			},
			want:     []string{"behavior.scaleUp.policies: must specify at least one policy"},
			sentinel: models.ErrRequired,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := hpa.DefaultConfig()
			tc.edit(&c)
			err := c.Validate()
			if err == nil {
				t.Fatalf("Validate() = nil; want %q", tc.want)
			}
			if got := strings.Split(err.Error(), "\n"); strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("Validate() = %q; want %q", got, tc.want)
			}
			if tc.sentinel != nil && !errors.Is(err, tc.sentinel) {
				t.Errorf("errors.Is(Validate(), %v) = false; want true", tc.sentinel)
			}
			if _, err := hpa.New(c); err == nil {
				t.Errorf("New(invalid config) error = nil; want the validation error")
			}
		})
	}
}
