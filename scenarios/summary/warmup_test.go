package summary_test

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/platforms/kubernetes"
	"github.com/execsim/execsim/scenarios/summary"
)

// A scenario whose first two minutes differ from the rest: the pods and
// environments start cold under a burst.
const warming = `name: warming
seed: 5
duration: 10m
window: 30s
%s
workload:
  arrivals: {process: profile, interpolation: step, profile: [{at: 0s, ratePerSecond: 60}, {at: 1m, ratePerSecond: 20}]}
  work: {io: "exp(mean=100ms)", cpu: "exp(mean=5ms)"}
kubernetes: {replicas: 1, concurrency: 4, queue: 20, hpa: {minReplicas: 1, maxReplicas: 6, metric: inflight, targetAverageValue: 2, metricWindow: 30s}}
lambda: {}
`

// warmup: leaves its stretch out of every figure but cost: the same run
// (same fingerprint, same cost) counts only the requests arriving after it
// and averages its gauges from its end; conservation holds for them.
func TestWarmupLeavesItsStretchOut(t *testing.T) {
	all := platformtest.Run(t, strings.Replace(warming, "%s\n", "", 1))
	warm := platformtest.Run(t, strings.Replace(warming, "%s", "warmup: 2m", 1))
	if all.Fingerprint() != warm.Fingerprint() || all.Events() != warm.Events() {
		t.Fatalf("fingerprint %s vs %s: a warm-up must not change the simulation", all.Fingerprint(), warm.Fingerprint())
	}
	sa, sw := summary.Of(all, false), summary.Of(warm, false)
	if sa.WarmupS != 0 || sw.WarmupS != 120 {
		t.Errorf("warmup_s %v and %v; want 0 and 120", sa.WarmupS, sw.WarmupS)
	}
	for i, m := range warm.Platforms {
		name := m.Name
		ea, ew := sa.Models.Get(name), sw.Models.Get(name)
		// arrivals after the warm-up are those of the windows after it
		var after int64
		var podSeconds, span float64
		for _, w := range m.Rec.Windows() {
			if !w.Warmup {
				after += w.Arrivals
				podSeconds += w.GaugeMean[models.Pods] * (w.End - w.Start).Seconds()
				span += (w.End - w.Start).Seconds()
			} else if w.Start >= warm.Plan.Warmup {
				t.Errorf("%s: window at %v marked as warm-up", name, w.Start)
			}
		}
		if m.Rec.Arrivals() != after || sw.Arrivals != warm.Platforms[0].Rec.Arrivals() || after >= all.Platforms[i].Rec.Arrivals() {
			t.Errorf("%s: counted arrivals %d; the windows after the warm-up hold %d (of %d)", name, m.Rec.Arrivals(), after, all.Platforms[i].Rec.Arrivals())
		}
		if sum := ew.Completed + ew.Refused() + ew.InFlight; sum != m.Rec.Arrivals() {
			t.Errorf("%s: completed+refused+in flight %d; counted arrivals %d", name, sum, m.Rec.Arrivals())
		}
		if n := m.Rec.Latency().Count(); n != ew.Completed {
			t.Errorf("%s: %d latencies; %d completed", name, n, ew.Completed)
		}
		if ew.ColdStarts > ea.ColdStarts || name == "lambda" && ew.ColdStarts >= ea.ColdStarts {
			t.Errorf("%s: cold starts %d with the warm-up, %d without; the burst's are left out", name, ew.ColdStarts, ea.ColdStarts)
		}
		// cost keeps the whole run, and says so
		if c, w := ew.Cost, ea.Cost; c == nil || c.TotalUSD != w.TotalUSD || !reflect.DeepEqual(c.PerMillionUSD, w.PerMillionUSD) ||
			c.MonthlyUSD != w.MonthlyUSD || !reflect.DeepEqual(c.Breakdown, w.Breakdown) || c.IncludesWarmupS != 120 || w.IncludesWarmupS != 0 {
			t.Errorf("%s: cost %+v; want the whole run's %+v, marked as including 120 s", name, c, w)
		}
		if name == "kubernetes" {
			x := ew.Extra.(*kubernetes.Extra)
			if got, want := x.MeanPods, podSeconds/span; math.Abs(got-want) > 0.001 {
				t.Errorf("mean_pods %v; the windows after the warm-up average %v", got, want)
			}
			if xa := ea.Extra.(*kubernetes.Extra); x.PodStarts >= xa.PodStarts {
				t.Errorf("pod_starts %d with the warm-up, %d without; the burst's are left out", x.PodStarts, xa.PodStarts)
			}
		}
	}
	data, err := json.Marshal(sw)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"warmup_s":120`) || !strings.Contains(string(data), `"includes_warmup_s":120`) {
		t.Errorf("summary lacks warmup_s or cost.includes_warmup_s:\n%s", data)
	}
	if data, _ := json.Marshal(sa); strings.Contains(string(data), "warmup") {
		t.Errorf("a summary without a warm-up mentions one:\n%s", data)
	}
}

// A golden's platform lines under a warm-up are of two kinds: the counts
// after it (completed 27296) and the model's own counters, from the start
// (deployment checkout completed 30280). A whole_run line parts them, so
// that the file never gives two counts of one service unlabelled (walk13
// #10); without a warm-up they are the same counts and there is none.
func TestGoldenLabelsTheWholeRunLines(t *testing.T) {
	for _, warmup := range []string{"", "warmup: 2m"} {
		res := platformtest.Run(t, strings.Replace(warming, "%s", warmup, 1))
		text := summary.Golden(res)
		for _, section := range strings.Split(text, "\n[")[1:] {
			name, _, _ := strings.Cut(section, "]")
			label := strings.Index(section, "\nwhole_run ")
			own := strings.Index(section, "\ndeployment ")
			if own < 0 {
				own = strings.Index(section, "\nfunction ")
			}
			counts := strings.Index(section, "\ncompleted ")
			switch {
			case own < 0 || counts < 0:
				t.Fatalf("%s: no deployment or function line, or no counts:\n%s", name, section)
			case warmup == "" && label >= 0:
				t.Errorf("%s without a warm-up: a whole_run line:\n%s", name, section)
			case warmup != "" && !(counts < label && label < own):
				t.Errorf("%s with a warm-up: no whole_run line between the counts and the model's own lines:\n%s", name, section)
			}
		}
	}
}
