package kubernetes

import (
	"fmt"
	"testing"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simtest"
	"github.com/google/go-cmp/cmp"
)

// lateFinish records outcomes as "outcome at time after latency".
type lateFinish struct {
	simtest.Discard
	got []string
}

func (l *lateFinish) Finish(now sim.Time, _ *models.Request, o models.Outcome, latency time.Duration) {
	l.got = append(l.got, fmt.Sprintf("%v at %v after %v", o, now, latency))
}

// lateSubmit hands the cluster, at its own time, a request that arrived
// earlier, as Knative's activator does after holding it.
type lateSubmit struct {
	c   *Cluster
	req models.Request
}

func (s *lateSubmit) Handle(k *sim.Kernel, _ sim.Event) { s.c.Submit(k, s.req) }

// A request handed over after its arrival times out a full timeout after
// it reached the pod (as the queue-proxy counts it), and its latency runs
// from its arrival.
func TestTimeoutOfALateRequest(t *testing.T) {
	cfg := oneDeployment(func(c *Config, d *Deployment) {
		instant(d)
		d.Replicas, d.Concurrency, d.Queue, d.Timeout = 1, 2, 0, 3*time.Second
	})
	k := sim.New(1)
	rec := &lateFinish{}
	c, err := New(k, cfg, rec)
	if err != nil {
		t.Fatal(err)
	}
	// Two requests, held 5 s and 6 s: the second's deadline is 12 s + 3 s,
	// not its arrival (6 s) + 3 s, which is already past when it comes.
	for i, at := range []time.Duration{5 * time.Second, 6 * time.Second} {
		req := models.Request{ID: int64(i), Arrival: sim.At(at), Work: models.Work{IO: 10 * time.Second}}
		k.Schedule(sim.Event{At: sim.At(at + time.Duration(5+i)*time.Second), To: &lateSubmit{c, req}})
	}
	k.RunUntil(sim.At(time.Minute))
	want := []string{
		fmt.Sprintf("%v at %v after 8s", models.Failed, sim.At(13*time.Second)),
		fmt.Sprintf("%v at %v after 9s", models.Failed, sim.At(15*time.Second)),
	}
	if diff := cmp.Diff(want, rec.got); diff != "" {
		t.Errorf("outcomes (-want +got):\n%s", diff)
	}
}
