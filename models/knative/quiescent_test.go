package knative

import (
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/models"
	k8s "github.com/execsim/execsim/models/kubernetes"
	"github.com/execsim/execsim/sim/simtest"
)

// A revision starts at its initial scale, active, with empty metric
// windows. An hour later, with or without traffic, it has scaled to zero
// and its windows hold samples a fresh autoscaler lacks: it is not back
// at its start (the check is conservative: such runs are simulated in
// full), and says what differs.
func TestUnforgotten(t *testing.T) {
	rev := DefaultRevision("web", 0)
	quick := func(d *k8s.Deployment) { lifecycle(d, 0, 0, 0, 0, 0) }
	start := simulate(t, rev, quick, &simtest.List{}, 0, 3).m.State()
	for _, tc := range []struct {
		name    string
		src     models.Source
		horizon time.Duration
		want    string
	}{
		{"at time zero", &simtest.List{}, 0, ""},
		{"an hour without traffic", &simtest.List{}, time.Hour, "Active:false Proxy:true Desired:0"},
		{"an hour after a request", simtest.At(models.Work{IO: 200 * time.Millisecond}, 10*time.Second), time.Hour, "StableWritten:true"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := simulate(t, rev, quick, tc.src, tc.horizon, 3)
			got := strings.Join(r.m.Unforgotten(start), "; ")
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("Unforgotten = %q, want %q", got, tc.want)
			}
		})
	}
}
