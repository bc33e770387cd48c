package hybrid_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/platforms/hybrid"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/execsim/execsim/scenarios/summary"
	"github.com/google/go-cmp/cmp"
)

// reproduced is a small fleet with a warm-up (the blend's parts keep
// their own recorders, spanned by the blend's warm-up), a varying rate,
// a quiet service and a Lambda function of its own architecture, on three
// platforms.
const reproduced = `name: reproduce
seed: 11
duration: 20m
warmup: 2m
services:
  - {name: busy, arrivals: {ratePerSecond: 15}, work: {cpu: "exp(mean=20ms)", io: "exp(mean=40ms)"}}
  - {name: spiky, arrivals: {process: diurnal, meanRatePerSecond: 3, amplitude: 0.8, period: 10m, peakAt: 5m}, work: {io: "lognormal(p50=80ms,p99=900ms)"}}
  - {name: quiet, lambda: {arch: arm64}, arrivals: {ratePerSecond: 0.01}, work: {io: "exp(mean=100ms)"}}
kubernetes: {}
lambda: {memoryMB: 512}
knative: {}
placement: {}
`

// all compares unexported fields too.
var all = cmp.Exporter(func(reflect.Type) bool { return true })

// A blend with every service on one platform reproduces that platform's
// own run exactly: the same events in the same order (fingerprint), the
// same recorder to the last bit of every window, gauge and per-service
// sketch, and a part whose usage prices and reports as the platform's own
// run does (the blend's model, which is no platform.Regenerator, alone
// says less of whether it is back at its start). The runner relies on it: a placement that settles on one
// platform takes that platform's run for its hybrid column instead of
// simulating it again (platform.Reuser). The blend is run here as a
// platform of its own, beside the platform it reproduces.
func TestBlendOfOnePlatformReproducesItsRun(t *testing.T) {
	plan := platformtest.Plan(t, reproduced)
	for j, name := range plan.Config(hybrid.Name).(*hybrid.Config).Peers() {
		t.Run(name, func(t *testing.T) {
			res := runAllOn(t, plan, j)
			one, blend := res.Platform(name), res.Platform(hybrid.Name)
			if one.Events != blend.Events || one.Fingerprint != blend.Fingerprint || one.End != blend.End {
				t.Errorf("events %d, fingerprint %016x, end %v on %s; %d, %016x, %v in the blend", one.Events, one.Fingerprint, one.End,
					name, blend.Events, blend.Fingerprint, blend.End)
			}
			if !reflect.DeepEqual(one.Rec, blend.Rec) {
				t.Errorf("the recorders differ (-%s +hybrid):\n%s", name, cmp.Diff(one.Rec, blend.Rec, all))
			}
			if diff := cmp.Diff(one.Cost.Cumulative, blend.Cost.Cumulative); diff != "" {
				t.Errorf("cumulative cost differs (-%s +hybrid):\n%s", name, diff)
			}
			var used []cost.Line // the platform's lines the blend keeps, under its part's name
			for _, l := range one.Cost.Breakdown.Lines {
				if l.Quantity != 0 || l.Amount != 0 || l.KeepAtZero {
					l.Item = name + ": " + l.Item
					used = append(used, l)
				}
			}
			if diff := cmp.Diff(used, blend.Cost.Breakdown.Lines, all); diff != "" {
				t.Errorf("bill differs (-%s's used lines +hybrid):\n%s", name, diff)
			}
			if diff := cmp.Diff(one.Cost.Services.Parts, blend.Cost.Services.Parts); diff != "" {
				t.Errorf("cost by service differs (-%s +hybrid):\n%s", name, diff)
			}
			s := summary.Of(res, false)
			own, err := json.Marshal(s.Models.Get(name).Extra)
			if err != nil {
				t.Fatal(err)
			}
			parts := s.Models.Get(hybrid.Name).Extra.(*hybrid.Extra).Parts
			if len(parts) <= j || parts[j].Platform != name || string(parts[j].Details) != string(own) {
				t.Errorf("the blend's part on %s:\n%+v\nwant its details as the platform's own run writes them:\n%s", name, parts, own)
			}
			for k, p := range parts {
				if k != j && (p.Services != 0 || p.Details != nil) {
					t.Errorf("part %s has %d services, details %s; want none", p.Platform, p.Services, p.Details)
				}
			}
			if one.Rec.Arrivals() == 0 || one.Cost.Breakdown.Total() == 0 {
				t.Fatalf("%s: %d arrivals, bill %v: the test compares nothing", name, one.Rec.Arrivals(), one.Cost.Breakdown.Total())
			}
		})
	}
}

// runAllOn runs the plan's peer j beside the blend of every service on it,
// simulated as a platform of its own (no search).
func runAllOn(t *testing.T, plan *scenario.Plan, j int) *runner.Result {
	t.Helper()
	cfg := plan.Config(hybrid.Name).(*hybrid.Config)
	route := make([]int, len(plan.Workload.Services))
	for i := range route {
		route[i] = j
	}
	q := *plan
	q.Platforms = nil
	for _, c := range plan.Platforms {
		switch c.Name() {
		case cfg.Peers()[j]:
			q.Platforms = append(q.Platforms, c)
		case hybrid.Name:
			q.Platforms = append(q.Platforms, scenario.Compiled{Platform: c.Platform, Config: hybrid.BlendOf(cfg, route, plan.Window)})
		}
	}
	res, err := runner.Run(&q, runner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// A placement that settles on one platform takes that platform's run for
// its hybrid column rather than simulating the same run again (revplace
// finding 6: azure-500 cost 12.3 s of CPU for 7.2 s of runs): no run
// beyond the platforms' own, and a column identical, to the byte of its
// summary entry, to the blend's simulated run. Every service is pinned to
// the platform, so the search simulates nothing.
func TestSettledPlacementReusesThePlatformsRun(t *testing.T) {
	plan := platformtest.Plan(t, reproduced)
	for j, name := range plan.Config(hybrid.Name).(*hybrid.Config).Peers() {
		t.Run(name, func(t *testing.T) {
			pinned := platformtest.Plan(t, strings.Replace(reproduced, "placement: {}", "placement: {pin: {busy: "+name+", spiky: "+name+", quiet: "+name+"}}", 1))
			res, err := runner.Run(pinned, runner.Options{})
			if err != nil {
				t.Fatal(err)
			}
			s := summary.Of(res, false)
			if s.Placement.Settled != name {
				t.Fatalf("settled on %q; want %s", s.Placement.Settled, name)
			}
			if res.Runs != 3 {
				t.Errorf("%d runs; want 3, the platforms' own (the hybrid reuses %s's)", res.Runs, name)
			}
			ran := runAllOn(t, plan, j)
			got, want := res.Platform(hybrid.Name), ran.Platform(hybrid.Name)
			if got.Events != want.Events || got.Fingerprint != want.Fingerprint || got.End != want.End || got.Unforgotten != want.Unforgotten {
				t.Errorf("events %d, fingerprint %016x, end %v, unforgotten %q reused; %d, %016x, %v, %q run", got.Events, got.Fingerprint, got.End, got.Unforgotten,
					want.Events, want.Fingerprint, want.End, want.Unforgotten)
			}
			got.Rec.Services() // fills in what a read fills in (the summary read the reused one)
			want.Rec.Services()
			if !reflect.DeepEqual(got.Rec, want.Rec) {
				t.Errorf("the recorders differ (-reused +run):\n%s", cmp.Diff(got.Rec, want.Rec, all))
			}
			if diff := cmp.Diff(got.Cost, want.Cost, all); diff != "" {
				t.Errorf("cost differs (-reused +run):\n%s", diff)
			}
			entry := func(r *runner.Result) string {
				data, err := json.Marshal(summary.Of(r, false).Models.Get(hybrid.Name))
				if err != nil {
					t.Fatal(err)
				}
				return string(data)
			}
			if diff := cmp.Diff(entry(ran), entry(res)); diff != "" {
				t.Errorf("summary entry differs (-run +reused):\n%s", diff)
			}
		})
	}
}
