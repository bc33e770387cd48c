package scenario_test

import (
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/scenario"
)

const twoServices = `name: s
duration: 1m
slo: {p99: 1s, refused: 0.01}
services:
  - {name: api, arrivals: {ratePerSecond: 1}, work: {cpu: "10ms"}}
  - {name: batch, arrivals: {ratePerSecond: 1}, work: {io: "2s"}BATCH}
kubernetes: {}
lambda: {}
`

// A service's slo: fills what it leaves unset from the scenario's, and
// the plan says how its runs are judged: pooled while no service has an
// SLO of its own, service by service once one has (walk11 #3).
func TestServiceSLOCompiles(t *testing.T) {
	scenarioSLO := platform.SLO{Quantile: 0.99, Target: time.Second, Refused: 0.01}
	for _, tc := range []struct {
		name, batch, more string
		perService        bool
		batchSLO          platform.SLO
		minRequests       int
		how               string
	}{
		{"none", "", "", false, scenarioSLO, platform.DefaultMinRequests, "pooled"},
		{"a target", ", slo: {p99: 3s}", "", true, platform.SLO{Quantile: 0.99, Target: 3 * time.Second, Refused: 0.01}, platform.DefaultMinRequests,
			"service by service (each of the 2 services by its own SLO: 1 has an slo: of its own"},
		{"another percentile", ", slo: {p95: 2500ms, refused: 0.05}", "", true, platform.SLO{Quantile: 0.95, Target: 2500 * time.Millisecond, Refused: 0.05},
			platform.DefaultMinRequests, "service by service"},
		{"the placement's minRequests", ", slo: {p99: 3s}", "placement: {minRequests: 20}\n", true,
			platform.SLO{Quantile: 0.99, Target: 3 * time.Second, Refused: 0.01}, 20, "service by service"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan := platformtest.Plan(t, strings.Replace(twoServices, "BATCH", tc.batch, 1)+tc.more)
			per := plan.ServiceSLOs
			if per == nil || len(per.Services) != 2 {
				t.Fatalf("service SLOs %+v", per)
			}
			if per.PerService != tc.perService || per.MinRequests != tc.minRequests {
				t.Errorf("per service %t, min requests %d; want %t, %d", per.PerService, per.MinRequests, tc.perService, tc.minRequests)
			}
			if got := per.Services[1]; got.SLO != tc.batchSLO || got.Own != tc.perService || got.Name != "batch" {
				t.Errorf("batch: %+v, want %v (own %t)", got, tc.batchSLO, tc.perService)
			}
			if got := per.Services[0]; got.SLO != scenarioSLO || got.Own {
				t.Errorf("api: %+v, want the scenario's %v", got, scenarioSLO)
			}
			if how := plan.JudgedHow(); !strings.Contains(how, tc.how) {
				t.Errorf("JudgedHow %q lacks %q", how, tc.how)
			}
		})
	}
	// one service has no fleet to judge service by service
	one := platformtest.Plan(t, "name: one\nduration: 1m\nworkload: {arrivals: {ratePerSecond: 1}, work: {cpu: 10ms}}\nlambda: {}\n")
	if one.ServiceSLOs != nil || one.JudgedHow() != "" {
		t.Errorf("one service: %+v, %q", one.ServiceSLOs, one.JudgedHow())
	}
}

// A placement places a service by its own SLO: its options' meets_slo are
// judged by it.
func TestPlacementUsesServiceSLO(t *testing.T) {
	for _, tc := range []struct {
		batch string
		meets bool
	}{
		{"", false},                      // 2 s against the scenario's 1 s
		{", slo: {p99: 3s}", true},       // against its own 3 s
		{", slo: {refused: 0.5}", false}, // its own, with the scenario's target
	} {
		src := strings.Replace(twoServices, "BATCH", tc.batch, 1) + "placement: {minRequests: 1}\n"
		res := platformtest.Run(t, src)
		pl := res.Platform("hybrid").Usage.(platform.Placer).Placement()
		for _, o := range pl.Services[1].Options {
			if o.MeetsSLO != tc.meets {
				t.Errorf("batch%s on %s: meets %t, want %t", tc.batch, o.Platform, o.MeetsSLO, tc.meets)
			}
		}
		if (pl.Services[1].SLO != nil) != (tc.batch != "") || pl.Services[0].SLO != nil {
			t.Errorf("batch%s: placed service SLOs %v and %v", tc.batch, pl.Services[0].SLO, pl.Services[1].SLO)
		}
	}
}

// A service's SLO is checked as slo: is, each problem under the path of
// the service's own slo: (exit 2 with the field, the value and what is
// allowed), however many services a generated shape gives it.
func TestServiceSLOErrors(t *testing.T) {
	gen := `name: gen
duration: 10m
fleet:
  generate:
    count: 5
    rate: "uniform(0.1,1)"
    work: {io: "exp(mean=50ms)"}
    shapes:
      - {shape: steady, share: 0.6}
      - {shape: idle, share: 0.4, slo: SLO}
lambda: {}
`
	for _, tc := range []struct {
		name, src string
		files     bool
		want      []string
	}{
		{"negative target", strings.Replace(twoServices, "BATCH", ", slo: {p99: -1s}", 1), false,
			[]string{"services[1].slo.p99: must be positive (got -1s)"}},
		{"two targets", strings.Replace(twoServices, "BATCH", ", slo: {p99: 1s, p95: 1s}", 1), false,
			[]string{"services[1].slo: give one latency percentile target (p50, p90, p95, p99 or p999), not 2"}},
		{"refused past 1", strings.Replace(twoServices, "BATCH", ", slo: {refused: 2}", 1), false,
			[]string{"services[1].slo.refused: must be a share between 0 and 1"}},
		{"unknown percentile", strings.Replace(twoServices, "BATCH", ", slo: {p98: 1s}", 1), false,
			[]string{`line 6: services[1].slo: unknown field "p98" (did you mean p90? allowed: p50, p90, p95, p99, p999, refused)`}},
		{"a shape's unknown key", strings.Replace(gen, "SLO", "{refusd: 0.1}", 1), false,
			[]string{`line 10: fleet.generate.shapes[1].slo: unknown field "refusd" (did you mean refused?`}},
		{"a Prometheus service's unknown key", strings.Replace(byofHead, "legacy: {work: {cpu: \"50ms\"}}", "legacy: {slo: {p99: 1s, p98: 2s}}", 1), true,
			[]string{`line 8: fleet.prometheus.services.legacy.slo: unknown field "p98" (did you mean p90?`}},
		{"a malformed percentage", strings.Replace(twoServices, "BATCH", ", slo: {refused: 0.001%%}", 1), false,
			[]string{`line 6: services[1].slo.refused: "0.001%%" is not a share: write a fraction, e.g. 0.001, or a percentage, e.g. 0.1%`}},
		{"not a number", strings.Replace(twoServices, "BATCH", ", slo: {refused: .nan}", 1), false,
			[]string{`line 6: services[1].slo.refused: ".nan" is not a share`}},
		{"a shape's malformed percentage", strings.Replace(gen, "SLO", "{refused: 1 %s}", 1), false,
			[]string{`line 10: fleet.generate.shapes[1].slo.refused: "1 %s" is not a share`}},
		{"a Prometheus service's malformed percentage", strings.Replace(byofHead, "legacy: {work: {cpu: \"50ms\"}}", "legacy: {slo: {refused: \"%\"}}", 1), true,
			[]string{`line 8: fleet.prometheus.services.legacy.slo.refused: "%" is not a share`}},
		{"a shape's, once", strings.Replace(gen, "SLO", "{p99: 0s}", 1), false,
			[]string{"fleet.generate.shapes[1].slo.p99: must be positive (got 0s)"}},
		{"a Prometheus service's", strings.Replace(byofHead, "legacy: {work: {cpu: \"50ms\"}}", "legacy: {work: {cpu: \"50ms\"}, slo: {p99: 0s}}", 1), true,
			[]string{"fleet.prometheus.services.legacy.slo.p99: must be positive (got 0s)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.files {
				_, err = scenario.ParseFiles([]byte(tc.src), byofFiles(), nil, platformtest.Registry())
			} else {
				_, err = platformtest.Parse(tc.src)
			}
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
				if n := strings.Count(err.Error(), w); n > 1 {
					t.Errorf("%q said %d times:\n%v", w, n, err)
				}
			}
		})
	}
}

// A generated shape's and a Prometheus service's slo: are their services'.
func TestFleetServiceSLOs(t *testing.T) {
	plan, err := scenario.ParseFiles([]byte(strings.Replace(byofHead, "legacy: {work: {cpu: \"50ms\"}}", "legacy: {slo: {p90: 300ms}}", 1)), byofFiles(), nil, platformtest.Registry())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range plan.ServiceSLOs.Services {
		if own := s.Name == "legacy"; s.Own != own || own && (s.SLO.Quantile != 0.9 || s.SLO.Target != 300*time.Millisecond) {
			t.Errorf("%s: %+v", s.Name, s)
		}
	}
}
