package main

import (
	"fmt"
	"strings"
	"testing"
)

// The method sentence names each stretch a crossing refined first spared
// whole: with two or more, joined bounds ("between 10 and 20 and 30 and
// 40 req/s") could not be told apart; and the runs made first were made
// around the crossings, not "the crossing", when there are several.
func TestBreakevenMethodSaysEachSparedStretch(t *testing.T) {
	points := []methodPoint{{RatePerSecond: 10}, {RatePerSecond: 20}, {RatePerSecond: 15, Refined: true}, {RatePerSecond: 30}, {RatePerSecond: 40}}
	for _, tc := range []struct {
		name   string
		points []methodPoint
		spared []methodNotRefined
		first  []methodNarrowed
		want   string
	}{
		{"one, nothing refined", points[:2], []methodNotRefined{{10, 20}}, []methodNarrowed{{Runs: 2}},
			"then none: between 10 and 20 req/s the only change is a crossing, placed by its own runs before the curve was refined;"},
		{"two, nothing refined", points[:2], []methodNotRefined{{10, 20}, {30, 40}}, []methodNarrowed{{Runs: 2}, {Runs: 2}},
			"then none: between 10 and 20 req/s and between 30 and 40 req/s the only change in each is a crossing, placed by its own runs before the curve was refined;"},
		{"three beside a refined rate", points, []methodNotRefined{{1, 2}, {3, 4}, {5, 6}}, []methodNarrowed{{Runs: 2}, {Runs: 2}, {Runs: 4}},
			"then 1 where neighbours differ in the cheaper platform, an SLO verdict or a cost gap's sign (15 req/s), none between 1 and 2 req/s, between 3 and 4 req/s and between 5 and 6 req/s, where the only change in each is a crossing, placed by its own runs before the curve was refined;"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := breakevenMethod{Search: "adaptive", GridPoints: 25, Stride: 4, Refine: "secant", Tolerance: 0.005,
				CrossingsFirst: true, Points: tc.points, NotRefinedBetween: tc.spared, NarrowedFirst: tc.first}
			runs := 0
			for _, n := range tc.first {
				runs += n.Runs
			}
			m.CrossingRuns = runs
			around := "the crossing"
			if len(tc.first) > 1 {
				around = "the crossings"
			}
			tail := fmt.Sprintf("in %d more runs (%d of them before the curve was refined around %s)", runs, runs, around)
			got := m.Sentence()
			if !strings.Contains(got, tc.want) || !strings.HasSuffix(got, tail) {
				t.Errorf("method:\n%s\nwant it to contain:\n%s\nand end:\n%s", got, tc.want, tail)
			}
		})
	}
}
