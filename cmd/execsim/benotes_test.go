package main

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/breakeven"
	"github.com/execsim/execsim/scenarios/platforms"
	"github.com/execsim/execsim/scenarios/scenario"
)

func benoteNoun(name string) string {
	return map[string]string{"kubernetes": "Kubernetes", "lambda": "Lambda"}[name]
}

// Refusals where a configured cap is reached are named with the cap and
// its rates; refusals without a cap reached, and caps reached without
// refusals, say nothing (costrev: steady's caps bind from 281 req/s).
func TestCapSentences(t *testing.T) {
	pt := func(rate, refused float64, caps ...string) breakeven.CurvePoint {
		return breakeven.CurvePoint{RatePerSecond: rate, Models: []breakeven.ModelPoint{
			{Model: "kubernetes", Refused: refused, CapsReached: caps}, {Model: "lambda"}}}
	}
	for _, tc := range []struct {
		name  string
		curve []breakeven.CurvePoint
		want  string
	}{
		{"no refusals", []breakeven.CurvePoint{pt(10, 0, "maxNodes 3")}, ""},
		{"refusals without a cap", []breakeven.CurvePoint{pt(10, 0.2)}, ""},
		{"two caps", []breakeven.CurvePoint{pt(10, 0), pt(280.7, 0.0005, "maxReplicas 12"), pt(1000, 0.65, "maxReplicas 12", "maxNodes 12")},
			"Kubernetes's refusals at 280.7 and 1,000 req/s coincide with the scenario's caps reached (maxReplicas 12 at 280.7 and 1,000 req/s; maxNodes 12 at 1,000 req/s)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Join(capSentences(tc.curve, []string{"kubernetes", "lambda"}, benoteNoun), "\n")
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("capSentences = %q; want %q", got, tc.want)
			}
		})
	}
}

// A control-plane sentence opens with a capital when the platform's noun
// is lower-case in mid-sentence ("the hybrid"): it is a sentence of its
// own on stdout and on the chart (walkfix's chart: "the hybrid includes
// the EKS control plane").
func TestControlPlaneSentenceOpensWithACapital(t *testing.T) {
	p, err := scenario.Parse([]byte("name: b\nseed: 1\nduration: 10m\nworkload:\n  arrivals: {ratePerSecond: 5}\n  work: {io: 10ms}\nkubernetes: {}\n"), nil, platforms.Default())
	if err != nil {
		t.Fatal(err)
	}
	curve := []breakeven.CurvePoint{{RatePerSecond: 1, Models: []breakeven.ModelPoint{{Model: "kubernetes", ControlPlaneUSD: 73}}}}
	noun := func(string) string { return "the hybrid" }
	got := controlPlaneSentences(p, curve, nil, noun)
	want := "The hybrid includes the EKS control plane, $73.00/month: a cluster of its own for this workload."
	if len(got) == 0 || got[0] != want {
		t.Errorf("controlPlaneSentences = %q; want first %q", got, want)
	}
}

// The control-plane sentence says at which rates a platform pays for it
// when it does not at all of them: a blend all on Lambda at low rates has
// no cluster there (walk13 #9: "The hybrid includes the EKS control
// plane, $73.00/month" for a curve whose hybrid paid none up to 44.8
// req/s). A platform that pays it everywhere keeps the plain sentence.
func TestControlPlaneSentenceSaysWhere(t *testing.T) {
	pt := func(rate, k, h float64) breakeven.CurvePoint {
		return breakeven.CurvePoint{RatePerSecond: rate, Models: []breakeven.ModelPoint{
			{Model: "kubernetes", ControlPlaneUSD: k}, {Model: "hybrid", ControlPlaneUSD: h}}}
	}
	curve := []breakeven.CurvePoint{pt(1, 73, 0), pt(1.885, 73, 0), pt(44.81, 73, 0), pt(84.46, 73, 73), pt(300, 73, 73)}
	noun := func(n string) string { return map[string]string{"kubernetes": "Kubernetes", "hybrid": "the hybrid"}[n] }
	for _, tc := range []struct{ name, want string }{
		{"kubernetes", "Kubernetes includes the EKS control plane, $73.00/month: a cluster of its own for this workload."},
		{"hybrid", "The hybrid includes the EKS control plane, $73.00/month, at 84.46–300 req/s, where it runs services on a cluster of its own for this workload; at 1–44.81 req/s it runs none on a cluster and pays for no control plane."},
	} {
		if got := controlPlaneSentence(curve, tc.name, noun); got != tc.want {
			t.Errorf("controlPlaneSentence(%s) = %q; want %q", tc.name, got, tc.want)
		}
	}
	if got := controlPlaneSentence([]breakeven.CurvePoint{pt(1, 73, 0)}, "hybrid", noun); got != "" {
		t.Errorf("controlPlaneSentence of a hybrid with no control plane = %q; want none", got)
	}
}
