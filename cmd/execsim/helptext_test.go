package main

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/internal/report"
	"github.com/execsim/execsim/scenarios/platforms"
)

// No flag's help says its default twice: a Usage that names its default
// sets DefaultText instead (walk9 #12: tune --rate read "(default: its
// own) (default: 0)").
func TestHelpSaysEachDefaultOnce(t *testing.T) {
	var out, errOut strings.Builder
	app := withNew(newApp(&out, &errOut), platforms.Default())
	for _, c := range app.Commands {
		help, _, _ := execsim(t, c.Name, "--help")
		for _, line := range strings.Split(help, "\n") {
			if strings.Count(line, "(default:") > 1 {
				t.Errorf("execsim %s --help: %q", c.Name, strings.TrimSpace(line))
			}
		}
	}
}

// run --help's --out names every file a run folder may hold (walk9 #12:
// it left out services.csv, cost.csv and placement.csv).
func TestRunHelpNamesEveryOutFile(t *testing.T) {
	help, _, _ := execsim(t, "run", "--help")
	var line string
	for _, l := range strings.Split(help, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "--out") {
			line = l
		}
	}
	for _, f := range report.RunFiles() {
		if strings.HasSuffix(f, ".svg") || strings.HasSuffix(f, ".png") {
			continue // "the charts (PNG, SVG)"
		}
		if !strings.Contains(line, f) {
			t.Errorf("run --help --out %q lacks %s", strings.TrimSpace(line), f)
		}
	}
}
