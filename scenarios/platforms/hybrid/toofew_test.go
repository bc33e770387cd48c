package hybrid_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/summary"
)

// A service with too few requests to judge its tail is still judged on
// its refused share: batch's 5–8 s requests all pass Lambda's default 3 s
// timeout, so Lambda does not meet the SLO for it, however cheap, and it
// stays on Kubernetes. Its tail on Lambda, where none completed, is null,
// never 0 (walk9 #1: it was placed by cost on Lambda, "meeting" the SLO
// with every request failed, with a tail of 0).
func TestTooFewRequestsStillJudgesRefused(t *testing.T) {
	const src = `name: slow
seed: 2
duration: 20m
services:
  - name: api
    arrivals: {process: poisson, ratePerSecond: 5}
    work: {cpu: "exp(mean=10ms)", io: "exp(mean=40ms)"}
  - name: batch
    arrivals: {process: poisson, ratePerSecond: 0.02}
    work: {io: "uniform(5s,8s)"}
kubernetes:
  nodePools: [{name: general, instanceTypes: [m6i.large], nodes: 2, minNodes: 2, maxNodes: 4}]
lambda: {memoryMB: 512}
placement: {slo: {p99: 1s}}
`
	s := summary.Of(platformtest.Run(t, src), false)
	pl := s.Placement
	if pl == nil || len(pl.Services) != 2 {
		t.Fatalf("placement %+v", pl)
	}
	batch := pl.Services[1]
	if !batch.TooFewRequests {
		t.Fatalf("batch had %d requests: want too few (< %d) for this test", batch.Requests, pl.MinRequests)
	}
	if batch.Platform != "kubernetes" || batch.Cheapest != "kubernetes" {
		t.Errorf("batch placed on %q, cheapest alone %q; want kubernetes for both (Lambda fails all its requests)", batch.Platform, batch.Cheapest)
	}
	for _, o := range batch.Options {
		if o.Platform != "lambda" {
			continue
		}
		if o.Refused != 1 || o.MeetsSLO || o.NotJudged {
			t.Errorf("batch on lambda: refused %v, meets %v, not judged %v; want 1, false, false", o.Refused, o.MeetsSLO, o.NotJudged)
		}
		if !o.NoTail || !strings.Contains(o.Why, "its timeout there is 3s") {
			t.Errorf("batch on lambda: no tail %v, why %q; want a null tail and the 3s timeout named", o.NoTail, o.Why)
		}
		js, err := json.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(js), `"tail_ms":null`) || !strings.Contains(string(js), `"meets_slo":false`) {
			t.Errorf("batch on lambda in summary.json: %s; want tail_ms null and meets_slo false", js)
		}
	}
	if !strings.Contains(batch.Reason, "lambda misses the SLO: ") {
		t.Errorf("reason %q does not say why lambda misses the SLO", batch.Reason)
	}
}
