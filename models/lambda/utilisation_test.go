package lambda

import (
	"testing"
	"time"

	"github.com/execsim/execsim/models"
)

// On an uncapped steady load the utilisation of the environments is the
// busy environment-time over all environment-time. By hand from the
// recorder: every invocation runs 100 ms (billed exactly, in whole ms) and
// all finish before the end, so busy time is the billed duration; all
// environment-time is the Environments gauge's time average × the run.
func TestUtilisationOfEnvironments(t *testing.T) {
	cfg := oneFunction(nil)
	const run = 10 * time.Minute
	res := simulate(t, cfg, newPoisson(50, "100ms", run-time.Minute, 3), run, nil)
	if n := res.rec.Count(models.Completed); n != res.rec.Arrivals() || n == 0 {
		t.Fatalf("completed %d of %d; want all", n, res.rec.Arrivals())
	}
	u := res.r.Usage()[0]
	busy := float64(u.DurationMs) / 1000
	all := res.rec.GaugeMean(models.Environments, res.end) * run.Seconds()
	if d := u.BusySeconds - busy; d > 1e-6 || d < -1e-6 {
		t.Errorf("busy environment-seconds %.6f; want %.6f (the billed duration)", u.BusySeconds, busy)
	}
	if d := u.EnvironmentSeconds - all; d > 1e-6*all || d < -1e-6*all {
		t.Errorf("environment-seconds %.6f; want %.6f (mean environments × run)", u.EnvironmentSeconds, all)
	}
	got, want := u.BusySeconds/u.EnvironmentSeconds, busy/all
	t.Logf("utilisation %.5f (by hand %.5f), mean environments %.3f, cold starts %d",
		got, want, all/run.Seconds(), u.ColdStarts)
	if d := got - want; d > 1e-9 || d < -1e-9 || !(got > 0 && got < 1) {
		t.Errorf("utilisation %.6f; want %.6f", got, want)
	}
	// the Busy gauge integrates to the busy environment-time
	b := res.rec.GaugeMean(models.Busy, res.end) * run.Seconds()
	if d := b - u.BusySeconds; d > 1e-6*b || d < -1e-6*b {
		t.Errorf("busy gauge × run %.6f; want the busy environment-seconds %.6f", b, u.BusySeconds)
	}
}
