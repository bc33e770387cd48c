package knative

import (
	"testing"
	"time"

	"github.com/execsim/execsim/internal/validation"
	"github.com/execsim/execsim/models"
	k8s "github.com/execsim/execsim/models/kubernetes"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simtest"
)

// The cold path from zero, against the lifecycle settings: a request to a
// revision at zero pods is held by the activator, which pokes the
// autoscaler (scale 0 → 1 at the request's arrival); the pod is scheduled
// at once (the nodes have room), pulls its image (never pulled on the
// node: initial scale 0), starts, initialises, turns Ready at the first
// readiness probe at or after that, joins the endpoints after the
// propagation delay, and only then gets the request. Its latency is the
// sum, and it is a cold start.
func TestColdPathTimeline(t *testing.T) {
	const (
		pull, start, initT, probe, propagate = 3 * time.Second, time.Second, 2 * time.Second, 10 * time.Second, time.Second
		io                                   = 100 * time.Millisecond
	)
	arrive := 100 * time.Second
	rev := DefaultRevision("web", 0)
	rev.InitialScale = 0
	src := simtest.At(models.Work{IO: io}, arrive)
	r := simulate(t, rev, func(d *k8s.Deployment) { lifecycle(d, pull, start, initT, probe, propagate) }, src, 10*time.Minute, 1)
	// Ready at the first probe tick (every 10 s from container start) at
	// or after the app initialised (2 s after start).
	ready := ((initT + probe - 1) / probe) * probe
	want := pull + start + ready + propagate + io
	got := r.rec.Latency().Max()
	validation.Record(t, validation.Check{ID: "knative/cold-path/timeline", Case: "Knative, a request to a revision at zero: held in the activator until its first pod serves",
		Source:   "lifecycle settings: pull 3s + start 1s + Ready at the 10-s probe + propagation 1s + io 100ms",
		Expected: want.String(), Measured: got.String(), Tolerance: "exact", Pass: got == want})
	if got != want {
		t.Errorf("cold request latency %v; want pull %v + start %v + ready after %v + propagation %v + io %v = %v",
			got, pull, start, ready, propagate, io, want)
	}
	if n := r.rec.ColdStarts(); n != 1 {
		t.Errorf("%d cold starts; want 1", n)
	}
	at, to := r.rescales()
	if len(at) < 1 || at[0] != sim.At(arrive) || to[0] != 1 {
		t.Fatalf("rescales at %v to %v; want the first 0 → 1 at the arrival %v", at, to, arrive)
	}
	st := r.m.Stats()[0]
	if st.Activated != 1 || st.Held != 1 || time.Duration(st.HeldNs) != want-io {
		t.Errorf("activator: %+v; want 1 request held %v", st, want-io)
	}
}

// Scale to zero exactly as configured (scaler.go, handleScaleToZero): the
// decider wants 0 once the last second with a request in flight has left
// the stable window; the PodAutoscaler, active for a stable window by then,
// goes inactive at that tick. With the activator out of the path
// (target-burst-capacity 0) it is put in and the pod stays for the grace
// period; with the activator already in the path (the default burst
// capacity, one pod) the reconciler's re-check 3 s later scales to zero.
func TestScaleToZeroTiming(t *testing.T) {
	for _, tc := range []struct {
		name      string
		tbc       float64
		grace     time.Duration
		retention time.Duration
		after     time.Duration // inactive → zero
	}{
		{"activator out of the path, grace 30s", 0, 30 * time.Second, 0, 30 * time.Second},
		{"activator out of the path, grace 45s", 0, 45 * time.Second, 0, 45 * time.Second},
		{"activator in the path", DefaultTargetBurstCapacity, 30 * time.Second, 0, reenqueue},
		{"activator in the path, pod retention 20s", DefaultTargetBurstCapacity, 30 * time.Second, 20 * time.Second, 20 * time.Second},
		{"activator out of the path, pod retention 50s", 0, 30 * time.Second, 50 * time.Second, 50 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rev := DefaultRevision("web", 0)
			rev.TargetBurstCapacity = tc.tbc
			rev.ScaleToZeroGrace = tc.grace
			rev.ScaleToZeroPodRetention = tc.retention
			// the rule validate prints (ScaleToZeroDelay) is the one simulated
			if d, inPath := rev.ScaleToZeroDelay(); d != tc.after || inPath != (tc.tbc != 0) {
				t.Errorf("ScaleToZeroDelay() = %v, in path %v; want %v, %v", d, inPath, tc.after, tc.tbc != 0)
			}
			last := 90*time.Second + 300*time.Millisecond
			src := simtest.At(models.Work{IO: 200 * time.Millisecond}, 10*time.Second, 50*time.Second, last)
			r := simulate(t, rev, func(d *k8s.Deployment) { lifecycle(d, 0, 0, 0, 0, 0) }, src, 10*time.Minute, 3)
			// The last request is in flight in the second ending at 91 s:
			// the stable window (60 buckets) is all zeros from the bucket
			// of 151 s on, so at the first tick at or after 151 s.
			done := sim.At(last + 200*time.Millisecond)
			lastBucket := (done + sim.At(BucketSize) - 1) / sim.At(BucketSize) * sim.At(BucketSize)
			clear := lastBucket.Add(rev.StableWindow)
			phase := sim.At(r.m.TickPhase(0))
			tick := phase
			for tick < clear {
				tick = tick.Add(TickInterval)
			}
			st := r.m.Stats()[0]
			if st.InactiveAt != tick {
				t.Errorf("inactive at %v; want the first tick at or after %v: %v", st.InactiveAt, clear, tick)
			}
			want := tick.Add(tc.after)
			validation.Record(t, validation.Check{ID: "knative/scale-to-zero/" + t.Name(), Case: "Knative, scale to zero, " + tc.name,
				Source:   "knative/serving kpa/scaler.go handleScaleToZero: inactive at the first tick with an empty stable window, then " + tc.after.String(),
				Expected: time.Duration(want).String(), Measured: time.Duration(st.ZeroAt).String(), Tolerance: "exact", Pass: st.ZeroAt == want && st.InactiveAt == tick})
			if st.ZeroAt != want {
				t.Errorf("scaled to zero at %v; want %v (inactive at %v + %v)", st.ZeroAt, want, tick, tc.after)
			}
			if st.ScaleToZero != 1 {
				t.Errorf("%d scales to zero; want 1", st.ScaleToZero)
			}
		})
	}
}

// Requests the activator cannot place before its timeout fail, counted by
// the model and the recorder, and none is lost.
func TestActivatorTimeout(t *testing.T) {
	rev := DefaultRevision("web", 0)
	rev.InitialScale = 0
	rev.ActivatorTimeout = 20 * time.Second
	src := simtest.At(models.Work{IO: time.Second}, 10*time.Second, 11*time.Second, 12*time.Second)
	// The image takes an hour to pull: no pod is Ready in time.
	r := simulate(t, rev, func(d *k8s.Deployment) { lifecycle(d, time.Hour, 0, 0, 0, 0) }, src, 5*time.Minute, 1)
	if got := r.rec.Count(models.Failed); got != 3 {
		t.Errorf("%d failed; want 3", got)
	}
	if st := r.m.Stats()[0]; st.TimedOut != 3 || time.Duration(st.HeldNs) != 3*rev.ActivatorTimeout {
		t.Errorf("activator stats %+v; want 3 timed out after %v each", st, rev.ActivatorTimeout)
	}
}

// The activator refuses what it cannot queue.
func TestActivatorQueueFull(t *testing.T) {
	rev := DefaultRevision("web", 0)
	rev.InitialScale = 0
	rev.ActivatorQueue = 2
	src := simtest.At(models.Work{IO: time.Second}, 10*time.Second, 10*time.Second, 10*time.Second, 10*time.Second)
	r := simulate(t, rev, nil, src, 5*time.Minute, 1)
	if got := r.rec.Count(models.Rejected); got != 2 {
		t.Errorf("%d rejected; want 2", got)
	}
	if got := r.rec.Count(models.Completed); got != 2 {
		t.Errorf("%d completed; want 2", got)
	}
}
