package scenario_test

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/scenario"
)

// A Prometheus export over the run's span has a sample at both ends (61
// for an hour at 1m): the last sample's step starts at the run's end, and
// that is not told. traffic.csv has samples at 0 and 1m.
func TestPrometheusBothEndsNotTold(t *testing.T) {
	for _, tc := range []struct {
		duration string
		told     bool
	}{{"2m", false}, {"1m", false}, {"30s", true}, {"3m", true}} {
		src := strings.Replace(byofHead, "duration: 2m\n", "duration: "+tc.duration+"\n", 1)
		plan, err := scenario.ParseFiles([]byte(src), byofFiles(), nil, platformtest.Registry())
		if err != nil {
			t.Fatal(err)
		}
		// the export as a user counts it: 2 samples a minute apart span
		// 1 minute, their last step ending at 2 (walk11: "lasts 24h5m0s
		// (289 steps)" read as contradicting README)
		told := strings.Contains(strings.Join(plan.Warnings, "\n"), "traffic.csv: its 2 samples, 1m0s apart, span 1m0s (the last one's step ends at 2m0s) and the run lasts "+tc.duration)
		if told != tc.told {
			t.Errorf("duration %s: told %v; want %v (%q)", tc.duration, told, tc.told, plan.Warnings)
		}
	}
}

// A run too large whose rates come from a Prometheus export names the
// likely cause: a counter's running totals read as rates.
func TestTooLargeNamesCounters(t *testing.T) {
	plan, err := scenario.ParseFiles([]byte(byofHead), byofFiles(), nil, platformtest.Registry())
	if err != nil {
		t.Fatal(err)
	}
	plan.MaxArrivals = 1
	err = plan.CheckSize()
	if err == nil || !strings.Contains(err.Error(), "The rates come from traffic.csv: if it holds a counter's running totals") {
		t.Errorf("error %v", err)
	}
}
