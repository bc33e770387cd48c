package platform_test

import (
	"encoding/json"
	"testing"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
)

// An entry's JSON has the common fields first, then the platform's own,
// and reads back into both.
func TestEntryJSON(t *testing.T) {
	e := platform.Entry{Outcomes: platform.Outcomes{Completed: 7, Rejected: 1}, RefusedFraction: 0.125, RefusedCI95: &[2]float64{0.1, 0.15},
		LatencyMs: platform.Latency{P99: 12.5, MeanCI95: &[2]float64{1, 2}}, Extra: &platformtest.Extra{Servers: 3, PeakQueue: 4}}
	data, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"completed":7,"throttled":0,"rejected":1,"failed":0,"in_flight":0,"cold_starts":0,"refused_fraction":0.125,"refused_ci95":[0.1,0.15],` +
		`"latency_ms":{"mean":0,"mean_ci95":[1,2],"p50":0,"p90":0,"p95":0,"p99":12.5,"p999":0,"max":0},"servers":3,"peak_queue":4}`
	if string(data) != want {
		t.Errorf("JSON\n%s\nwant\n%s", data, want)
	}
	back, err := platform.DecodeEntry(data, &platformtest.Extra{})
	if err != nil {
		t.Fatal(err)
	}
	if back.Completed != 7 || back.Refused() != 1 || back.LatencyMs.P99 != 12.5 || *back.RefusedCI95 != [2]float64{0.1, 0.15} ||
		*back.LatencyMs.MeanCI95 != [2]float64{1, 2} || back.RefusedFraction != 0.125 || *back.Extra.(*platformtest.Extra) != (platformtest.Extra{Servers: 3, PeakQueue: 4}) {
		t.Errorf("read back %+v", back)
	}
	noExtra, _ := json.Marshal(platform.Entry{})
	if string(noExtra) != `{"completed":0,"throttled":0,"rejected":0,"failed":0,"in_flight":0,"cold_starts":0,"refused_fraction":0,"latency_ms":{"mean":0,"p50":0,"p90":0,"p95":0,"p99":0,"p999":0,"max":0}}` {
		t.Errorf("an entry without Extra: %s", noExtra)
	}
}
