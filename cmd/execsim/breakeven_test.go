package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// A blend (placement:) is one more platform in break-even: every pair is
// reported, each sentence with its SLO verdict, and the chart marks the
// crossings the text reports.
func TestBreakevenWithABlend(t *testing.T) {
	f := writeScenario(t, `name: blend
seed: 7
duration: 2m
services:
  - {name: busy, arrivals: {ratePerSecond: 20}, work: {cpu: "exp(mean=20ms)", io: "exp(mean=30ms)"}}
  - {name: quiet, arrivals: {ratePerSecond: 0.02}, work: {io: "exp(mean=100ms)"}}
kubernetes: {}
lambda: {memoryMB: 512}
placement: {}
`)
	dir := t.TempDir()
	out, errOut, code := execsim(t, "breakeven", f, "--from", "1", "--to", "300", "--points", "4", "--no-progress", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{"Kubernetes and Lambda:", "Kubernetes and the hybrid:", "Lambda and the hybrid:", "hybrid $/month", "hyb SLO"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, " is cheaper") && !strings.Contains(line, "SLO") {
			t.Errorf("a sentence calls a platform cheaper without its SLO verdict: %q", line)
		}
		if strings.HasPrefix(line, "the ") {
			t.Errorf("a sentence starts in lower case: %q", line)
		}
	}
	if c := readFile(t, filepath.Join(dir, "breakeven.csv")); !strings.Contains(c, "hybrid.meets_slo") {
		t.Errorf("breakeven.csv has no hybrid.meets_slo column:\n%s", c)
	}
}
