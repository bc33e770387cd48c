package hybrid_test

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/platforms"
	"github.com/execsim/execsim/scenarios/platforms/hybrid"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/summary"
	"github.com/google/go-cmp/cmp"
)

const fleet = `name: blend
seed: 7
duration: 20m
services:
  - {name: busy, PIN arrivals: {ratePerSecond: 20}, work: {cpu: "exp(mean=20ms)", io: "exp(mean=30ms)"}}
  - {name: quiet, PIN arrivals: {ratePerSecond: 0.02}, work: {io: "exp(mean=100ms)"}}
kubernetes: {}
lambda: {memoryMB: 512}
placement: {}
`

// A blend with every service pinned to one platform is that platform's
// run: the same requests, random draws and events, so the same results and
// cost. This is what makes the blend's own numbers trustworthy.
func TestBlendOfOnePlatformIsThatPlatform(t *testing.T) {
	for _, name := range []string{"kubernetes", "lambda"} {
		t.Run(name, func(t *testing.T) {
			res := platformtest.Run(t, strings.ReplaceAll(fleet, "PIN", "platform: "+name+","))
			s := summary.Of(res, false)
			one, blend := s.Models.Get(name), s.Models.Get("hybrid")
			if one == nil || blend == nil {
				t.Fatalf("models %v", s.Models)
			}
			if diff := cmp.Diff(one.Outcomes, blend.Outcomes); diff != "" {
				t.Errorf("outcomes differ (-%s +hybrid):\n%s", name, diff)
			}
			if diff := cmp.Diff(one.LatencyMs, blend.LatencyMs); diff != "" {
				t.Errorf("latency differs (-%s +hybrid):\n%s", name, diff)
			}
			if one.Cost.TotalUSD != blend.Cost.TotalUSD {
				t.Errorf("cost %v on %s, %v in the blend", one.Cost.TotalUSD, name, blend.Cost.TotalUSD)
			}
			if got := s.Placement.Counts[name]; got != 2 {
				t.Errorf("placement counts %v", s.Placement.Counts)
			}
		})
	}
}

// A mixed blend conserves requests and runs each service where it was
// placed: the busy service's requests on Kubernetes, the quiet one's on
// Lambda.
func TestMixedBlendConservesAndRoutes(t *testing.T) {
	src := strings.Replace(strings.Replace(fleet, "PIN", "platform: kubernetes,", 1), "PIN", "platform: lambda,", 1)
	res := platformtest.Run(t, src)
	blend := res.Platform("hybrid")
	if err := runner.CheckConservation("hybrid", blend.Rec); err != nil {
		t.Fatal(err)
	}
	if blend.Rec.Arrivals() != res.Platform("kubernetes").Rec.Arrivals() {
		t.Errorf("the blend saw %d arrivals, the platforms %d", blend.Rec.Arrivals(), res.Platform("kubernetes").Rec.Arrivals())
	}
	// the quiet service's requests went to Lambda: they are its only cold starts
	svcs := blend.Rec.Services()
	if svcs[1].ColdStarts == 0 || svcs[0].ColdStarts != 0 {
		t.Errorf("cold starts per service %d, %d; want only the quiet (Lambda) one's", svcs[0].ColdStarts, svcs[1].ColdStarts)
	}
	s := summary.Of(res, false)
	var lines []string
	for item := range s.Models.Get("hybrid").Cost.Breakdown {
		lines = append(lines, item)
	}
	if !slicesHave(lines, "kubernetes: ") || !slicesHave(lines, "lambda: ") {
		t.Errorf("the blend's cost lines name neither part: %v", lines)
	}
	if s.Placement.MonthlyUSD["hybrid"] == 0 || s.Placement.MonthlyUSD["all_kubernetes"] == 0 || s.Placement.MonthlyUSD["all_lambda"] == 0 {
		t.Errorf("monthly totals %v", s.Placement.MonthlyUSD)
	}
}

// The blend's bill has no line for a part's unused piece: the busy
// service, an arm64 function, went to Kubernetes, so the Lambda part
// bills no arm64 duration and prints no "0 GB-s $0.00" line for it. A
// switched-off control plane still shows, at no hours, on purpose.
func TestBlendBillLeavesOutUnusedLines(t *testing.T) {
	src := strings.Replace(strings.Replace(fleet, "PIN", "platform: kubernetes, lambda: {arch: arm64},", 1), "PIN", "platform: lambda,", 1)
	src += "cost: {controlPlane: false}\n"
	res := platformtest.Run(t, src)
	s := summary.Of(res, false)
	if _, ok := s.Models.Get("lambda").Cost.Breakdown["lambda duration arm64"]; !ok {
		t.Fatalf("the all-Lambda run bills no arm64 duration: the test no longer has an unused line to leave out")
	}
	bill := s.Models.Get("hybrid").Cost.Breakdown
	for item := range bill {
		if strings.Contains(item, "arm64") {
			t.Errorf("the blend's bill has %q; the blend runs no arm64 function", item)
		}
	}
	if !slicesHave(slices.Collect(maps.Keys(bill)), "kubernetes: eks control plane") {
		t.Errorf("the blend's bill %v; want the switched-off control plane at no hours", bill)
	}
	// nor has services.csv a shared row of nothing for it (audit 6)
	_, shared := summary.Services(res, res.Platform("hybrid"))
	for _, sh := range shared {
		if strings.Contains(sh.Item, "arm64") {
			t.Errorf("the blend's shared costs have %+v; the blend runs no arm64 function", sh)
		}
	}
}

func slicesHave(items []string, prefix string) bool {
	for _, s := range items {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// Bad placement input names the field, the value and what is allowed.
func TestPlacementErrors(t *testing.T) {
	base := "name: e\nduration: 1m\nservices:\n  - {name: a, arrivals: {ratePerSecond: 1}, work: {io: 10ms}}\n"
	for _, tc := range []struct{ name, src, want string }{
		{"one platform", base + "lambda: {}\nplacement: {}\n", "a blend needs at least two platform sections to place services on (have: lambda)"},
		{"alone", base + "placement: {}\n", "a scenario needs at least one platform section (kubernetes: or lambda: or knative:)"},
		{"unknown pin", base + "lambda: {}\nkubernetes: {}\nplacement: {pin: {b: lambda}}\n", `placement.pin.b: no service is named "b"`},
		{"pin to a stranger", base + "lambda: {}\nkubernetes: {}\nplacement: {pin: {a: fargate}}\n", "placement.pin.a: not a platform of the blend (kubernetes, lambda) (got fargate)"},
		{"two targets", base + "lambda: {}\nkubernetes: {}\nplacement: {slo: {p99: 1s, p50: 100ms}}\n", "give one latency percentile target"},
		{"refused share", base + "lambda: {}\nkubernetes: {}\nplacement: {slo: {refused: 5}}\n", "placement.slo.refused: must be a share between 0 and 1 (0.001 is 0.1 %) (got 5)"},
		{"pin without a blend", strings.Replace(base, "{name: a,", "{name: a, platform: lambda,", 1) + "lambda: {}\n", "services[0].platform: pins the service in a blend; add a placement: section to blend platforms (got lambda)"},
		{"listed twice", base + "lambda: {}\nkubernetes: {}\nplacement: {platforms: [lambda, lambda]}\n", "placement.platforms[1]: listed twice (got lambda)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := platformtest.Parse(tc.src)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v; want it to contain %q", err, tc.want)
			}
		})
	}
}

// The blend places by the scenario's slo: unless placement: gives its own;
// either one's unset parts keep the defaults (p99 1s, refused 0.1 %).
func TestPlacementSLOComesFromTheScenario(t *testing.T) {
	base := "name: e\nduration: 1m\nservices:\n  - {name: a, arrivals: {ratePerSecond: 1}, work: {io: 10ms}}\nlambda: {}\nkubernetes: {}\n"
	for _, tc := range []struct{ name, src, want string }{
		{"defaults", base + "placement: {}\n", "p99: 1s, refused: 0.001"},
		{"the scenario's", base + "slo: {p95: 300ms}\nplacement: {}\n", "p95: 300ms, refused: 0.001"},
		{"its own", base + "slo: {p95: 300ms}\nplacement: {slo: {refused: 0.01}}\n", "p95: 300ms, refused: 0.01"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan := platformtest.Plan(t, tc.src)
			out := plan.Describe()
			at := strings.Index(out, "placement:")
			if at < 0 || !strings.Contains(out[at:], "slo:") {
				t.Fatalf("no placement slo in:\n%s", out)
			}
			got := strings.Join(strings.Fields(out[at:]), " ")
			if want := strings.Join(strings.Fields(strings.ReplaceAll(tc.want, ",", "")), " "); !strings.Contains(got, want) {
				t.Errorf("placement describes %q; want %q", got, want)
			}
		})
	}
	if _, err := platformtest.Parse(base + "slo: {p99: -1s}\n"); err == nil || !strings.Contains(err.Error(), "slo.p99: must be positive") {
		t.Errorf("a negative target: %v", err)
	}
}

// The hybrid column's rows of each part are that platform's own rows,
// named and formatted as its column prints them, whether from the run or
// read back from summary.json (walk report 8: "lambda: utilisation 0.18"
// beside Lambda's "17.92 %", "cpu seconds 1347.97", "p wait").
func TestBlendRowsAreItsPartsRows(t *testing.T) {
	src := strings.Replace(strings.Replace(fleet, "PIN", "platform: kubernetes,", 1), "PIN", "platform: lambda,", 1)
	res := platformtest.Run(t, src)
	s := summary.Of(res, false)
	data, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := summary.Decode(data, platforms.Default())
	if err != nil {
		t.Fatal(err)
	}
	for how, sum := range map[string]summary.Summary{"run": s, "summary.json": back} {
		rows := sum.Models.Get("hybrid").Extra.Rows()
		var want [][2]string
		for _, ps := range s.Models.Get("hybrid").Extra.(*hybrid.Extra).Parts {
			x := platforms.Default().Lookup(ps.Platform).NewExtra()
			if err := json.Unmarshal(ps.Details, x); err != nil {
				t.Fatal(err)
			}
			for _, kv := range x.Rows() {
				want = append(want, [2]string{ps.Platform + ": " + kv[0], kv[1]})
			}
		}
		if len(want) < 6 {
			t.Fatalf("the parts have %d rows of their own; want Kubernetes' and Lambda's", len(want))
		}
		for _, w := range want {
			if !slices.Contains(rows, w) {
				t.Errorf("%s: the hybrid's rows lack %q:\n%v", how, w, rows)
			}
		}
		for _, r := range rows {
			if strings.Contains(r[0], "utilisation") && !strings.HasSuffix(r[1], " %") || strings.Contains(r[0], "p wait") || strings.Contains(r[0], "cpu seconds") {
				t.Errorf("%s: row %q is not as its platform's column prints it", how, r)
			}
		}
	}
}

// summary.json's placement judges every run by the placement's SLO, as it
// judges the services (walk report 2): with one service the run is the
// service, so run_slo and meets_slo agree, while models.<p>.slo judges by
// the scenario's slo:.
func TestPlacementJudgesRunsByItsOwnSLO(t *testing.T) {
	src := `name: one
seed: 7
duration: 10m
services:
  - {name: only, arrivals: {ratePerSecond: 5}, work: {io: "exp(mean=100ms)"}}
kubernetes: {}
lambda: {memoryMB: 512}
slo: {p99: 1s}
placement: {slo: {p99: 20ms}}
`
	s := summary.Of(platformtest.Run(t, src), false)
	pl := s.Placement
	if pl == nil || len(pl.Services) != 1 {
		t.Fatalf("placement %+v", pl)
	}
	for _, o := range pl.Services[0].Options {
		r := pl.RunSLO["all_"+o.Platform]
		if r == nil || r.Met != o.MeetsSLO || r.TargetMs != 20 || r.MeasuredMs != o.TailMs {
			t.Errorf("%s: run_slo %+v; want the service's judgement (meets %t, tail %v ms) by p99 ≤ 20ms", o.Platform, r, o.MeetsSLO, o.TailMs)
		}
		if m := s.Models.Get(o.Platform).SLO; m.TargetMs != 1000 || !m.Met {
			t.Errorf("%s: models slo %+v; want the scenario's p99 ≤ 1s, met", o.Platform, m)
		}
	}
	if r := pl.RunSLO["hybrid"]; r == nil || r.Met || r.TargetMs != 20 {
		t.Errorf("hybrid run_slo %+v; want judged by p99 ≤ 20ms, missed", r)
	}
}

// A pinned service says so in summary.json's pinned field; a summary
// written before the field (its services' objects without it) still reads
// as pinned the services whose reason says so, as `execsim plot` reads an
// old run folder.
func TestPinnedServicesArePinnedInTheSummary(t *testing.T) {
	src := strings.Replace(strings.Replace(fleet, "PIN", "platform: kubernetes,", 1), "PIN", "", 1)
	s := summary.Of(platformtest.Run(t, src), false)
	check := func(how string, pl []platform.PlacedService) {
		t.Helper()
		if len(pl) != 2 || !pl[0].Pinned || pl[1].Pinned || pl[0].Platform != "kubernetes" {
			t.Errorf("%s: services %+v; want busy pinned to kubernetes, quiet not pinned", how, pl)
		}
	}
	check("run", s.Placement.Services)
	data, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), `"pinned":`); n != 2 {
		t.Fatalf("summary.json has %d pinned fields; want one per service", n)
	}
	back, err := summary.Decode(data, platforms.Default())
	if err != nil {
		t.Fatal(err)
	}
	check("summary.json", back.Placement.Services)
	old := strings.NewReplacer(`"pinned":true,`, "", `"pinned":false,`, "").Replace(string(data))
	if strings.Contains(old, `"pinned":`) {
		t.Fatalf("the old summary keeps a pinned field")
	}
	back, err = summary.Decode([]byte(old), platforms.Default())
	if err != nil {
		t.Fatal(err)
	}
	check("summary.json without the field", back.Placement.Services)
}
