package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/breakeven"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platforms"
)

// Judged service by service, breakeven's legend says a ✓ is every
// service's own verdict and the tail columns are pooled, names the
// services that missed, and breakeven.csv has a column of them (walk13
// #3: Kubernetes "p99 1.042 s ✓" under "✓ meets p99 ≤ 600ms", and
// tail_ms 1042 with meets_slo true). A pooled curve keeps its columns.
func TestBreakevenSaysPerServiceJudgement(t *testing.T) {
	pt := func(rate float64, per bool, missed ...string) breakeven.CurvePoint {
		return breakeven.CurvePoint{RatePerSecond: rate, Models: []breakeven.ModelPoint{
			{Model: "kubernetes", MonthlyUSD: 229, TailMs: 1042, Completed: 1000, Arrivals: 1000, MeetsSLO: len(missed) == 0, PerService: per, Missed: missed},
			{Model: "lambda", MonthlyUSD: 20, TailMs: 1185, Completed: 1000, Arrivals: 1000, MeetsSLO: true, PerService: per}}}
	}
	slo := platform.SLO{Quantile: 0.99, Target: 600e6, Refused: 0.001}
	per := []breakeven.CurvePoint{pt(1, true), pt(300, true, "web", "auth")}
	var w bytes.Buffer
	b := &breakevenText{w: &w, reg: platforms.Default(), slo: slo}
	b.curve(per)
	text := w.String()
	for _, want := range []string{"kubernetes p99 pooled", "SLO ✓ every service meets its own SLO at that rate (each service's own slo:, else p99 ≤ 600ms, refused ≤ 0.10 %)",
		"the pooled p99 columns pool every service's requests and judge nothing", "✗ Kubernetes: web and auth at 300 req/s"} {
		if !strings.Contains(text, want) {
			t.Errorf("breakeven text lacks %q:\n%s", want, text)
		}
	}
	csv := string(curveCSV(per))
	if lines := strings.Split(csv, "\n"); !strings.HasSuffix(lines[0], "kubernetes.missed_services,lambda.missed_services") || !strings.HasSuffix(lines[2], ",web;auth,") {
		t.Errorf("breakeven.csv:\n%s\nwant missed_services columns, web;auth at 300 req/s", csv)
	}
	pooled := []breakeven.CurvePoint{pt(1, false)}
	if csv := string(curveCSV(pooled)); strings.Contains(csv, "missed_services") {
		t.Errorf("a pooled curve's breakeven.csv has missed_services:\n%s", csv)
	}
	w.Reset()
	b.curve(pooled)
	if !strings.Contains(w.String(), "SLO ✓ meets p99 ≤ 600ms, refused ≤ 0.10 % at that rate, ✗ misses it") {
		t.Errorf("a pooled curve's legend changed:\n%s", w.String())
	}
}

// Judged service by service, tune's legend and tune.csv say so and name
// the services that missed at each value (walk13 #3: "p99 463.7 ms ✗"
// under "p99 ≤ 800ms", tail_ms 463.744 with meets_slo false, and no
// word of catalog-profile-175).
func TestTuneSaysPerServiceJudgement(t *testing.T) {
	tuning := platform.Tuning{Setting: "memory", Unit: "MB"}
	pts := []breakeven.TunePoint{
		{Value: 256, ModelPoint: breakeven.ModelPoint{Model: "lambda", MonthlyUSD: 250, P99Ms: 463.7, TailMs: 463.7, Completed: 100, Arrivals: 100, PerService: true, Missed: []string{"catalog-profile-175"}}},
		{Value: 1024, ModelPoint: breakeven.ModelPoint{Model: "lambda", MonthlyUSD: 400, P99Ms: 396.7, TailMs: 396.7, Completed: 100, Arrivals: 100, PerService: true, MeetsSLO: true}},
	}
	slo := platform.SLO{Quantile: 0.99, Target: 800e6, Refused: 0.001}
	var w bytes.Buffer
	printTune(&w, tuning, slo, pts, breakeven.Choose(pts, 0.5))
	for _, want := range []string{"SLO ✓ every service meets its own SLO at that value (each service's own slo:, else p99 ≤ 800ms, refused ≤ 0.10 %)",
		"Services that miss their own SLO: 256 MB: catalog-profile-175."} {
		if !strings.Contains(w.String(), want) {
			t.Errorf("tune text lacks %q:\n%s", want, w.String())
		}
	}
	csv := strings.Split(string(tuneCSV(tuning, pts, breakeven.Choose(pts, 0.5))), "\n")
	if !strings.HasSuffix(csv[0], ",missed_services") || !strings.HasSuffix(csv[1], ",catalog-profile-175") || !strings.HasSuffix(csv[2], ",") {
		t.Errorf("tune.csv:\n%s\nwant a missed_services column naming catalog-profile-175 at 256 MB", strings.Join(csv, "\n"))
	}
	for i := range pts {
		pts[i].PerService, pts[i].Missed = false, nil
	}
	if csv := string(tuneCSV(tuning, pts, breakeven.Choose(pts, 0.5))); strings.Contains(csv, "missed_services") {
		t.Errorf("a pooled tuning's tune.csv has missed_services:\n%s", csv)
	}
}
