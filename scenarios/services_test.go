package scenarios

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/summary"
)

// On every platform of every fleet, the services' costs plus the shared
// lines (idle, daemonsets, control plane, free tier, …) add up to the
// platform's total to the micro-dollar, and the services' arrivals to the
// run's.
func TestServiceCostsAddUp(t *testing.T) {
	for _, ref := range []string{"testdata/fleet-three.yaml", "testdata/lambda-fleet-provisioned.yaml", BuiltinPrefix + "java-cold-start"} {
		t.Run(ref, func(t *testing.T) {
			plan, err := Load(ref, nil, platformtest.Registry())
			if err != nil {
				t.Fatal(err)
			}
			res, err := runner.Run(plan, runner.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range res.Platforms {
				a := m.Cost.Services
				if a == nil {
					t.Fatalf("%s: no cost by service", m.Name)
				}
				if len(a.Parts) != len(plan.Workload.Services) {
					t.Errorf("%s: %d parts for %d services", m.Name, len(a.Parts), len(plan.Workload.Services))
				}
				if got, want := a.Total(), m.Cost.Breakdown.Total(); got != want {
					t.Errorf("%s: services + shared = %v; total %v", m.Name, got, want)
				}
				services, shared := summary.Services(res, m)
				var arrivals int64
				var usd float64
				for i, s := range services {
					arrivals += s.Arrivals
					if s.CostUSD == nil || *s.CostUSD != a.Parts[i].USD() {
						t.Errorf("%s %s: cost_usd %v; allocated %v", m.Name, s.Name, s.CostUSD, a.Parts[i])
					}
					usd += *s.CostUSD
				}
				for _, s := range shared {
					usd += s.CostUSD
				}
				if arrivals != res.Arrivals() {
					t.Errorf("%s: services' arrivals add up to %d; the run had %d", m.Name, arrivals, res.Arrivals())
				}
				if total := m.Cost.Breakdown.Total().USD(); usd < total-1e-9 || usd > total+1e-9 {
					t.Errorf("%s: cost_usd adds up to $%.6f; total $%.6f", m.Name, usd, total)
				}
			}
		})
	}
}

// On Lambda only the account's free-tier credits are shared (each
// function's own part is exact: models/cost TestLambdaAllocationIsExact);
// Kubernetes keeps idle capacity and the DaemonSets as their own lines and
// charges the busiest service most.
func TestServiceCostsPerPlatform(t *testing.T) {
	res := platformtest.Run(t, platformtest.ReadFile(t, "testdata/fleet-three.yaml"))
	lambda := res.Platform("lambda")
	shared := map[string]cost.Money{}
	for _, s := range lambda.Cost.Services.Shared {
		shared[s.Item] = s.Amount
	}
	if len(shared) != 2 || shared["lambda free tier requests"] >= 0 || shared["lambda free tier duration x86_64"] >= 0 {
		t.Errorf("lambda shared %v; want the two free-tier credits only", lambda.Cost.Services.Shared)
	}
	k8s := res.Platform("kubernetes")
	var idle, daemonsets bool
	for _, s := range k8s.Cost.Services.Shared {
		idle = idle || s.Item == "idle" && s.Amount > 0
		daemonsets = daemonsets || s.Item == "daemonsets" && s.Amount > 0
	}
	if !idle || !daemonsets {
		t.Errorf("kubernetes shared %v; want idle and daemonsets lines", k8s.Cost.Services.Shared)
	}
	// the busiest service holds the most of the cluster
	parts := k8s.Cost.Services.Parts
	if !(parts[0] > parts[1] && parts[1] > parts[2] && parts[2] > 0) {
		t.Errorf("kubernetes parts %v; want api > reports > webhook > 0", parts)
	}
}

// The summary lists services for fleets only, so single-service summaries
// keep their shape.
func TestSummaryServicesForFleetsOnly(t *testing.T) {
	single := summary.Of(platformtest.Run(t, costSrc), false)
	for _, m := range single.Models {
		if m.Services != nil || m.SharedCost != nil {
			t.Errorf("single-service %s entry lists services", m.Name)
		}
	}
	fleet := summary.Of(platformtest.Run(t, platformtest.ReadFile(t, "testdata/fleet-three.yaml")), false)
	for _, m := range fleet.Models {
		if len(m.Services) != 3 || m.SharedCost == nil {
			t.Errorf("fleet %s entry: %d services, shared %v; want 3 and shared lines", m.Name, len(m.Services), m.SharedCost)
		}
	}
}

// A fleet's per-service results flatten into named sweep columns.
func TestServiceFields(t *testing.T) {
	s := summary.Of(platformtest.Run(t, platformtest.ReadFile(t, "testdata/fleet-three.yaml")), false)
	names := map[string]bool{}
	for _, f := range s.Fields() {
		names[f.Name] = true
	}
	for _, want := range []string{"kubernetes.services.api.cost_usd", "lambda.services.webhook.p99_ms",
		"kubernetes.shared_cost.idle.monthly_usd", "lambda.shared_cost.lambda free tier requests.cost_usd"} {
		if !names[want] {
			t.Errorf("no field %s", want)
		}
	}
	for name := range names {
		if strings.HasSuffix(name, ".item") {
			t.Errorf("field %s: an item is a label, not a value", name)
		}
	}
}
