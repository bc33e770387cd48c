package knative

import (
	"testing"
	"time"

	"github.com/execsim/execsim/sim"
)

// Upstream's TestTimedFloat64BucketsWindowAverage (knative/serving
// pkg/autoscaler/aggregation/bucketing_test.go) as steps: a 5-s window of
// 1-s buckets; each step records (when rec is set) and then expects the
// average at a time.
func TestWindowUpstreamWindowAverage(t *testing.T) {
	type step struct {
		rec  bool
		at   time.Duration // record time
		v    float64
		avg  time.Duration // average time
		want float64
		why  string
	}
	s := time.Second
	steps := []step{
		{true, 0, 1, 0, 1, "first write: divides by the buckets since it, not by the window"},
		{true, 1 * s, 2, 1 * s, 3. / 2, ""},
		{true, 2 * s, 3, 2 * s, 6. / 3, ""},
		{true, 3 * s, 4, 3 * s, 10. / 4, ""},
		{true, 4 * s, 5, 4 * s, 15. / 5, ""},
		{false, 0, 0, 3600 * time.Millisecond, 15. / 5, "now lags behind the last write"},
		{false, 0, 0, 6 * s, (15. - 1 - 2) / (5 - 2), "a short hole"},
		{false, 0, 0, 10 * s, 0, "a hole of a window"},
		{true, 6 * s, 91, 6 * s, (15. - 1 - 2 + 91) / 5, "a write after a hole"},
		{true, 66 * s, 1984, 66 * s, 1984, "much later: starts afresh"},
		{true, 63 * s, 4, 66 * s, (4. + 1984) / 4, "an earlier write moves the first write back"},
		{true, 67 * s, 5, 67 * s, (4. + 1984 + 5) / 5, ""},
		{true, 64 * s, 10, 67 * s, (4. + 10 + 1984 + 5) / 5, "an earlier write again"},
		{true, 61 * s, 10, 67 * s, (4. + 10 + 1984 + 5) / 5, "a write older than the window is dropped"},
		{true, 62 * s, 10, 67 * s, (4. + 10 + 1984 + 5) / 5, "a write a window old is dropped"},
		{true, 72 * s, 10, 72 * s, 10, "a write a window after the last starts afresh"},
	}
	w := newWindow(5 * time.Second)
	base := sim.At(1000 * time.Second)
	for i, st := range steps {
		if st.rec {
			w.record(base.Add(st.at), st.v)
		}
		if got := w.average(base.Add(st.avg)); got != round6(st.want) {
			t.Errorf("step %d (%s): average %v; want %v", i, st.why, got, round6(st.want))
		}
	}
}

// Before any write there is no data, and the average is 0.
func TestWindowNoData(t *testing.T) {
	w := newWindow(time.Minute)
	if w.hasData() || w.average(sim.At(time.Hour)) != 0 {
		t.Error("an empty window has data")
	}
}
