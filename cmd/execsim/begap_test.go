package main

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/breakeven"
	"github.com/execsim/execsim/scenarios/platform"
)

// Every gap between two stretches is described: who is cheaper at its
// ends, and whose SLO verdict changes across it (audit 11: nothing was
// said of 78.8–108.3 req/s, where Kubernetes goes from meeting the SLO to
// missing it and Lambda is cheaper at both ends).
func TestBetweenStretches(t *testing.T) {
	noun := func(n string) string { return map[string]string{"kubernetes": "Kubernetes", "lambda": "Lambda"}[n] }
	below := breakeven.Stretch{From: 0.1, To: 78.8, Cheaper: "lambda", Other: "kubernetes", CheaperMeets: true, OtherMeets: true}
	for _, tc := range []struct {
		name  string
		above breakeven.Stretch
		want  string
	}{
		{"verdict changes", breakeven.Stretch{From: 108.3, To: 180, Cheaper: "lambda", Other: "kubernetes", CheaperMeets: true},
			"Between 78.8 and 108 req/s nothing was simulated: Lambda is cheaper at both ends; Kubernetes meets the SLO at 78.8 req/s and misses it at 108."},
		{"cheaper changes", breakeven.Stretch{From: 108.3, To: 180, Cheaper: "kubernetes", Other: "lambda", OtherMeets: true},
			"Between 78.8 and 108 req/s nothing was simulated: Lambda is cheaper at 78.8, Kubernetes is cheaper at 108; Kubernetes meets the SLO at 78.8 req/s and misses it at 108."},
		{"nothing changes", breakeven.Stretch{From: 108.3, To: 180, Cheaper: "lambda", Other: "kubernetes", CheaperMeets: true, OtherMeets: true, Tie: true},
			"Between 78.8 and 108 req/s nothing was simulated: Lambda is cheaper at 78.8, they cost the same at 108; both keep their SLO verdicts."},
		{"the stretches meet", breakeven.Stretch{From: 78.8, To: 180, Cheaper: "kubernetes", Other: "lambda", OtherMeets: true}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := between(below, tc.above, noun, nil); got != tc.want {
				t.Errorf("between\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// A gap with a crossing refined inside it was simulated there: Reach
// leaves the gap open when the bracket's runs do not hold the stretches'
// SLO verdicts, and the sentence said "nothing was simulated" of rates
// where the costs cross (review9b M3). It says where they cross and at
// which rates, in the text and in the chart's notes; a crossing of
// another pair, or one outside the gap, changes nothing.
func TestBetweenStretchesWithACrossingInside(t *testing.T) {
	noun := func(n string) string { return map[string]string{"kubernetes": "Kubernetes", "lambda": "Lambda"}[n] }
	below := breakeven.Stretch{From: 50, To: 50, Cheaper: "lambda", Other: "kubernetes", CheaperMeets: true, OtherMeets: true}
	above := breakeven.Stretch{From: 150, To: 150, Cheaper: "kubernetes", Other: "lambda", OtherMeets: true}
	cross := breakeven.Crossing{A: "kubernetes", B: "lambda", RatePerSecond: 100.2, CheaperBelow: "lambda", CheaperAbove: "kubernetes", Lo: 100, Hi: 100.5}
	jump := cross
	jump.Jump = &breakeven.Jump{Model: "kubernetes", Other: "lambda"}
	outside := cross
	outside.Lo, outside.Hi, outside.RatePerSecond = 150, 152, 151
	const tail = ": Lambda is cheaper at 50, Kubernetes is cheaper at 150; Kubernetes meets the SLO at 50 req/s and misses it at 150."
	for _, tc := range []struct {
		name string
		cs   []breakeven.Crossing
		want string
	}{
		{"a crossing", []breakeven.Crossing{cross}, "Between 50 and 150 req/s the costs cross at ≈100.2 (simulated at 100–100.5 req/s)" + tail},
		{"a jump", []breakeven.Crossing{jump}, "Between 50 and 150 req/s Kubernetes' cost jumps past Lambda's (simulated at 100–100.5 req/s)" + tail},
		{"a crossing outside", []breakeven.Crossing{outside}, "Between 50 and 150 req/s nothing was simulated" + tail},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := between(below, above, noun, tc.cs); got != tc.want {
				t.Errorf("between\n got %q\nwant %q", got, tc.want)
			}
		})
	}
	other := cross
	other.A, other.B = "knative", "lambda"
	ranges := []pairStretch{{below, "kubernetes", "lambda"}, {above, "kubernetes", "lambda"}}
	for _, tc := range []struct {
		name string
		cs   []breakeven.Crossing
		want string
	}{
		{"the pair's crossing", []breakeven.Crossing{other, cross}, "the costs cross at ≈100.2"},
		{"another pair's", []breakeven.Crossing{other}, "nothing was simulated"},
	} {
		if notes := stretchNotes(ranges, tc.cs, platform.SLO{}, noun, 2); len(notes) != 3 || !strings.Contains(notes[1], tc.want) {
			t.Errorf("%s: notes %q; want the gap's with %q", tc.name, notes, tc.want)
		}
	}
}

// The chart's notes say of a gap what the text says, between the two
// stretches it separates (the break-even chart had none of audit 11's
// sentence, though it may be pasted on a slide alone).
func TestChartNotesSayTheGap(t *testing.T) {
	noun := func(n string) string { return map[string]string{"kubernetes": "Kubernetes", "lambda": "Lambda"}[n] }
	below := breakeven.Stretch{From: 0.1, To: 78.8, Cheaper: "lambda", Other: "kubernetes", CheaperMeets: true, OtherMeets: true}
	above := breakeven.Stretch{From: 108.3, To: 180, Cheaper: "lambda", Other: "kubernetes", CheaperMeets: true}
	ranges := []pairStretch{{below, "kubernetes", "lambda"}, {above, "kubernetes", "lambda"}}
	var slo platform.SLO
	got := stretchNotes(ranges, nil, slo, noun, 2)
	want := []string{below.Sentence(slo, noun, false), between(below, above, noun, nil), above.Sentence(slo, noun, false)}
	if !slices.Equal(got, want) {
		t.Errorf("notes\n got %q\nwant %q", got, want)
	}
	if want[1] == "" {
		t.Fatal("the case has no gap")
	}
	// with three platforms only the stretches where the cheaper misses
	if got := stretchNotes(ranges, nil, slo, noun, 3); len(got) != 0 {
		t.Errorf("three platforms, all cheaper ones meeting: %q", got)
	}
}

// A rate at which requests arrived but none completed has no latency:
// breakeven.csv leaves its p99 and tail empty, as tune.csv does, rather
// than writing 0 ms beside a cost (left noticed it).
func TestCurveCSVNoCompletedRequest(t *testing.T) {
	curve := []breakeven.CurvePoint{{RatePerSecond: 5, Models: []breakeven.ModelPoint{
		{Model: "kubernetes", MonthlyUSD: 100, PerMillionUSD: 7, Arrivals: 10, Completed: 0},
		{Model: "lambda", MonthlyUSD: 50, PerMillionUSD: 3, Arrivals: 10, Completed: 10, P99Ms: 120, TailMs: 120, MeetsSLO: true},
	}}}
	rows, err := csv.NewReader(bytes.NewReader(curveCSV(curve))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) string {
		i := slices.Index(rows[0], name)
		if i < 0 {
			t.Fatalf("no column %s in %q", name, rows[0])
		}
		return rows[1][i]
	}
	for name, want := range map[string]string{"kubernetes.latency_p99_ms": "", "kubernetes.tail_ms": "",
		"lambda.latency_p99_ms": "120", "lambda.tail_ms": "120"} {
		if got := col(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}
