package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platforms/kubernetes"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/execsim/execsim/scenarios/summary"
)

// runOf runs a scenario written out in a test.
func runOf(t *testing.T, src string) *runner.Result {
	t.Helper()
	plan, err := scenario.Parse([]byte(src), nil, registry)
	if err != nil {
		t.Fatal(err)
	}
	res, err := runner.Run(plan, runner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// A run in which no request arrived has nothing to compare (walk report
// 5, bad/b11.yaml): no platform is judged against the SLO or called
// cheaper, latency and cost per million are "—", not 0.000 ms and $0.00,
// and summary.json, the text, summary.md and report.html agree.
func TestNothingToCompareWithoutArrivals(t *testing.T) {
	res := runOf(t, `name: empty
duration: 10m
workload:
  arrivals: {process: poisson, ratePerSecond: 1e-300}
  work: {cpu: "1ms"}
lambda: {}
kubernetes: {}
`)
	if res.Arrivals() != 0 {
		t.Fatalf("%d arrivals; the test needs none", res.Arrivals())
	}
	s := summary.Of(res, false)
	var js bytes.Buffer
	if err := JSON(&js, s); err != nil {
		t.Fatal(err)
	}
	var back struct {
		Models map[string]struct {
			SLO  map[string]any `json:"slo"`
			Cost map[string]any `json:"cost"`
		} `json:"models"`
	}
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	for name, m := range back.Models {
		if m.SLO["met"] != false || m.SLO["not_judged"] != "no request arrived" {
			t.Errorf("summary.json models.%s.slo = %v; want met false, not_judged \"no request arrived\"", name, m.SLO)
		}
		// null, not 0: nothing to divide the bill by (it is not free)
		if pm, ok := m.Cost["per_million_usd"]; !ok || pm != nil {
			t.Errorf("summary.json models.%s.cost.per_million_usd = %v (present %v); want null", name, pm, ok)
		}
	}
	// what reads summary.json back (merge, report DIR) keeps the null
	again, err := summary.Decode(js.Bytes(), registry)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range again.Models {
		if m.Cost == nil || m.Cost.PerMillionUSD != nil {
			t.Errorf("decoded %s cost %+v; want per million nil", m.Name, m.Cost)
		}
	}
	// a sweep's results.csv has an empty cell, a golden file's fields and
	// text say null
	for _, f := range s.Columns() {
		if strings.HasSuffix(f.Name, ".cost.per_million_usd") && (f.Text != "" || f.Numeric) {
			t.Errorf("results.csv %s = %q; want an empty cell", f.Name, f.Text)
		}
	}
	n := 0
	for _, f := range s.Fields() {
		if strings.HasSuffix(f.Name, ".cost.per_million_usd") {
			n++
			if f.Text != "null" || f.Numeric {
				t.Errorf("golden field %s = %q; want null", f.Name, f.Text)
			}
		}
	}
	if n != 2 {
		t.Errorf("%d per_million_usd fields; want 2 (kubernetes and lambda)", n)
	}
	g := summary.Golden(res)
	if strings.Count(g, " per_million null ") != 2 {
		t.Errorf("golden text; want per_million null on both platforms:\n%s", g)
	}
	// the golden text judges the SLO by the reports' rule: not judged
	if strings.Contains(g, " met ") || strings.Count(g, `slo p99 1s refused_max 0.001000 not_judged "no request arrived"`+"\n") != 2 {
		t.Errorf("golden text; want the SLO not judged on both platforms:\n%s", g)
	}
	var text bytes.Buffer
	if err := Text(&text, res, "execsim run empty.yaml --seed 1"); err != nil {
		t.Fatal(err)
	}
	b := FromResult(res, "execsim run empty.yaml --seed 1")
	md, h := b.Markdown(nil), b.HTML(nil)
	for writer, out := range map[string]string{"text": text.String(), "markdown": md, "html": h} {
		for _, bad := range []string{"cheaper while meeting", "0.000 ms", "met |", ">met<", "   met ", "$0.00 against $0.00", "At this load"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s holds %q:\n%s", writer, bad, out)
			}
		}
		for _, want := range []string{"No request arrived, so there is nothing to compare: no platform is judged against the SLO (p99 ≤ 1s, refused ≤ 0.10 %) or called cheaper.",
			"not judged: no request arrived", "No request arrived: no platform served or measured anything."} {
			if writer == "text" && strings.HasPrefix(want, "No request arrived:") {
				continue // findings are in summary.md and report.html
			}
			if !strings.Contains(out, want) && !strings.Contains(out, markdownText(want)) {
				t.Errorf("%s lacks %q:\n%s", writer, want, out)
			}
		}
	}
	for _, r := range summaryTable(s) {
		if strings.HasPrefix(r[0], "latency") || r[0] == "cost per million requests" {
			for _, c := range r[1:] {
				if c != "—" {
					t.Errorf("row %q = %q; want — with nothing measured", r[0], r)
				}
			}
		}
	}
	if !strings.Contains(h, `<td class="slo-unjudged">not judged: no request arrived</td>`) {
		t.Error("report.html colours an SLO not judged as met or missed")
	}
	if !strings.Contains(text.String(), "Standing idle, ") {
		t.Errorf("text lacks the idle cost:\n%s", text.String())
	}
}

// With a warm-up the bill covers the warm-up's requests too: a run with no
// arrival after it did not stand idle (a review found "Standing idle"
// beside a bill of requests and duration).
func TestNothingAfterTheWarmupIsNotIdle(t *testing.T) {
	res := runOf(t, `name: warm
duration: 2m
warmup: 119900ms
workload:
  arrivals: {process: even, ratePerSecond: 1}
  work: {cpu: "1ms"}
lambda: {}
`)
	var text bytes.Buffer
	if err := Text(&text, res, "execsim run warm.yaml"); err != nil {
		t.Fatal(err)
	}
	out := text.String()
	if strings.Contains(out, "Standing idle") || !strings.Contains(out, "Billed for the whole run, warm-up included, ") {
		t.Errorf("a run whose requests all came in the warm-up:\n%s", out)
	}
}

// Kubernetes with replicas: 0 and no HPA has no pod to send a request to:
// its rejections are said to be that, not full queues, and with nothing
// completed its latency rows are "—" (walk report 5, bad/b16.yaml).
func TestRejectionsWithNoPod(t *testing.T) {
	res := runOf(t, `name: nopod
duration: 5m
workload:
  arrivals: {process: poisson, ratePerSecond: 10}
  work: {cpu: "1ms"}
kubernetes: {nodePools: [{name: a, instanceTypes: [m6i.large], nodes: 1, minNodes: 1, maxNodes: 1}], replicas: 0}
`)
	s := summary.Of(res, false)
	v := strings.Join(verdict(s, registry), "\n")
	if !strings.Contains(v, "Main risk: Kubernetes rejected 100.00 % of requests (no pod was ready to take them).") {
		t.Errorf("verdict:\n%s\nwant the rejections put down to no pod", v)
	}
	for _, r := range summaryTable(s) {
		if strings.HasPrefix(r[0], "latency") && r[1] != "—" {
			t.Errorf("row %q; want — with nothing completed", r)
		}
	}
}

// A cause with a share in it reads as written in the main risk ("9.22 %",
// not "%!o(MISSING)").
func TestMainRiskQuotesACauseWithAPercent(t *testing.T) {
	k := judged(100, 300, 0.08, nil)
	k.Throttled, k.Rejected = 0, 8000
	k.Extra = &kubernetes.Extra{NoPodShare: 0.0922}
	s := verdictSummary(k, judged(100, 300, 0, nil), "")
	want := "Main risk: Kubernetes rejected 8.00 % of requests (full queues, and no pod ready to take 9.22 % of them)."
	if got := mainRisk(s, registry); got != want {
		t.Errorf("mainRisk = %q; want %q", got, want)
	}
}

// Behind API Gateway, a slow synchronous function's requests fail with the
// gateway's 504 at its integration timeout (29 s for REST) while the
// function runs on: the main risk says so rather than "lost with a failed
// node" (review5, repro gw.yaml). A function whose timeout ends it well
// before the gateway gives up keeps the general wording.
func TestMainRiskNamesTheGateways504(t *testing.T) {
	for _, tc := range []struct {
		timeout, want string
	}{
		{"900s", "(API Gateway's 504 after its 29s integration timeout, or a function's own timeout)."},
		{"5s", "(timed out, or lost with a failed node)."},
	} {
		res := runOf(t, `name: gw
seed: 3
duration: 3m
workload:
  arrivals: {process: poisson, ratePerSecond: 2}
  work: {io: "exp(mean=20s)"}
lambda: {memoryMB: 512, timeout: `+tc.timeout+`}
cost: {frontDoor: api-gateway-rest}
`)
		v := strings.Join(verdict(summary.Of(res, false), registry), "\n")
		if !strings.Contains(v, "Main risk: Lambda failed ") || !strings.Contains(v, tc.want) {
			t.Errorf("timeout %s: verdict:\n%s\nwant the failures put down to %q", tc.timeout, v, tc.want)
		}
	}
}
