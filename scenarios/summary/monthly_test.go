package summary_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/summary"
)

// The services' monthly costs and the shared ones add up to the bill's
// monthly total to the micro-dollar, and a shared amount that is a whole
// line of the bill projects as the line does, from its unrounded amount
// (audit 3: projected from run amounts rounded to micro-dollars, a
// 30-minute fleet's services came to $2,332.19 a month against a bill of
// $2,332.09, and steady's "(alb lcu-hours)" to $3.999670 against cost.csv's
// $3.999962). A 5-minute run multiplies every micro-dollar by 8,760.
func TestServicesMonthlyAddUpToTheBill(t *testing.T) {
	var src strings.Builder
	src.WriteString("name: months\nseed: 9\nduration: 5m\nservices:\n")
	for i := range 12 {
		fmt.Fprintf(&src, "  - {name: s%02d, arrivals: {ratePerSecond: %g}, work: {cpu: \"exp(mean=5ms)\", io: \"exp(mean=40ms)\", payloadKB: %d}}\n",
			i, 0.05+0.7*float64(i), 1+3*i)
	}
	src.WriteString("kubernetes: {}\nlambda: {memoryMB: 256}\ncost: {frontDoor: alb}\n")
	res := platformtest.Run(t, src.String())
	s := summary.Of(res, false)
	micros := func(usd float64) int64 { return int64(math.Round(usd * 1e6)) }
	for _, name := range []string{"kubernetes", "lambda"} {
		t.Run(name, func(t *testing.T) {
			e := s.Models.Get(name)
			svcs, shared := summary.Services(res, res.Platform(name))
			var sum int64
			for _, sv := range svcs {
				if sv.MonthlyUSD == nil {
					t.Fatalf("%s has no monthly cost", sv.Name)
				}
				sum += micros(*sv.MonthlyUSD)
			}
			for _, sh := range shared {
				sum += micros(sh.MonthlyUSD)
				for _, l := range e.Cost.Lines {
					if l.Item == sh.Item && micros(l.USD) == micros(sh.CostUSD) && micros(l.MonthlyUSD) != micros(sh.MonthlyUSD) {
						t.Errorf("shared %q: $%v a month; the bill's line says $%v", sh.Item, sh.MonthlyUSD, l.MonthlyUSD)
					}
				}
			}
			if want := micros(e.Cost.MonthlyUSD); sum != want {
				t.Errorf("services and shared costs come to %d µ$ a month; the bill to %d µ$", sum, want)
			}
		})
	}
}

// cost.csv's monthly lines add up to summary.json's monthly total to the
// micro-dollar, each within a micro-dollar of its own projection (rev11b
// 9: knative-blend's Kubernetes lines came to 169.313825 against
// 169.313824, each line and the total rounded on its own). The shared
// amounts services.csv shows whole keep the line's month, which
// TestServicesMonthlyAddUpToTheBill checks on the same runs.
func TestCostLinesMonthlyAddUpToTheBill(t *testing.T) {
	var fleet strings.Builder
	fleet.WriteString("name: months\nseed: 9\nduration: 5m\nservices:\n")
	for i := range 12 {
		fmt.Fprintf(&fleet, "  - {name: s%02d, arrivals: {ratePerSecond: %g}, work: {cpu: \"exp(mean=5ms)\", io: \"exp(mean=40ms)\", payloadKB: %d}}\n",
			i, 0.05+0.7*float64(i), 1+3*i)
	}
	fleet.WriteString("kubernetes: {}\nlambda: {memoryMB: 256}\ncost: {frontDoor: alb}\n")
	for _, src := range []string{fleet.String(), knativeBlend} {
		res := platformtest.Run(t, src)
		s := summary.Of(res, false)
		micros := func(usd float64) int64 { return int64(math.Round(usd * 1e6)) }
		for _, m := range s.Models {
			if m.Cost == nil {
				continue
			}
			var sum int64
			b := res.Platform(m.Name).Cost.Breakdown
			for i, l := range m.Cost.Lines {
				sum += micros(l.MonthlyUSD)
				if own := b.Lines[i].MonthlyOver(res.Plan.Duration).Micros(); max(own-micros(l.MonthlyUSD), micros(l.MonthlyUSD)-own) > 1 {
					t.Errorf("%s %s %q: %d µ$ a month; its own projection %d µ$", res.Plan.Name, m.Name, l.Item, micros(l.MonthlyUSD), own)
				}
			}
			if want := micros(m.Cost.MonthlyUSD); sum != want {
				t.Errorf("%s %s: the lines come to %d µ$ a month; the bill to %d µ$", res.Plan.Name, m.Name, sum, want)
			}
		}
	}
}

// knativeBlend is scenarios/testdata/knative-blend.yaml (rev11b's kb): a
// busy service pinned to Kubernetes and a quiet one to Knative, on one
// cluster.
const knativeBlend = `name: knative-blend
seed: 11
duration: 30m
services:
  - {name: busy, platform: kubernetes, arrivals: {ratePerSecond: 15}, work: {cpu: "exp(mean=20ms)", io: "exp(mean=30ms)"}}
  - {name: quiet, platform: knative, arrivals: {ratePerSecond: 0.004}, work: {io: "exp(mean=100ms)"}}
kubernetes:
  nodePools: [{name: general, instanceTypes: [m7g.large], nodes: 2, minNodes: 1, maxNodes: 6}]
  nodeAutoscaler: cluster-autoscaler
  replicas: 1
  hpa: {minReplicas: 1, maxReplicas: 6, metric: cpu, targetCPUUtilizationPercent: 60}
lambda: {memoryMB: 512}
knative: {containerConcurrency: 20}
placement: {slo: {p99: 10s}}
`
