package lambda

import (
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim/simtest"
)

// A cold start's latency is its warm latency plus the init it waited for:
// ten requests wait for new environments, ten more reuse them warm.
func TestColdStartLatencyIsKeptApart(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) {
		f.Init = dist.Const(250 * time.Millisecond)
		f.PlatformOverhead = dist.Const(0)
		f.KeepAlive = dist.Const(time.Hour)
	})
	l := burst(10, time.Second, 20*time.Millisecond).Add(10, 2*time.Second, 0, models.Work{IO: 20 * time.Millisecond})
	res := simulate(t, cfg, l, time.Minute, nil)
	cold := res.rec.ColdLatency()
	if cold == nil {
		t.Fatal("ColdLatency() = nil; want the histogram of 10 cold starts")
	}
	if n, cs := cold.Count(), res.rec.ColdStarts(); n != 10 || cs != 10 {
		t.Errorf("cold latencies %d, cold starts %d; want 10 and 10", n, cs)
	}
	if got, want := cold.Max(), 270*time.Millisecond; got != want || cold.Mean() != want {
		t.Errorf("cold latency max %v mean %v; want %v (250 ms init + 20 ms work)", got, cold.Mean(), want)
	}
	p50, coldP50 := res.rec.Latency().Quantile(0.5), cold.Quantile(0.5)
	if simtest.RelErr(p50.Seconds(), 0.020) > 0.01 || simtest.RelErr(coldP50.Seconds(), 0.270) > 0.01 {
		t.Errorf("latency p50 %v, cold-start p50 %v; want 20ms and 270ms ± 1%% (half the requests warm)", p50, coldP50)
	}
}

// A request whose first attempt waited for a new environment stays a cold
// start when a later attempt completes: here an asynchronous event's cold
// attempt times out (the init's overflow past 10 s runs inside the
// invocation) and its retry a minute later runs warm on the provisioned
// environment.
func TestColdStartSurvivesAsyncRetry(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) {
		f.Invocation = Async
		f.Timeout = 2 * time.Second
		f.ProvisionedConcurrency = 1
		f.Init = dist.Const(12 * time.Second)
		f.PlatformOverhead = dist.Const(0)
	})
	l := new(simtest.List).
		Add(1, 0, 0, models.Work{IO: 1500 * time.Millisecond}).         // warm on the provisioned environment
		Add(1, time.Second, 0, models.Work{IO: 500 * time.Millisecond}) // cold, times out, retried at 73 s
	res := simulate(t, cfg, l, 5*time.Minute, nil)
	if c, cs := res.rec.Count(models.Completed), res.rec.ColdStarts(); c != 2 || cs != 1 {
		t.Fatalf("completed %d, cold starts %d; want 2 and 1", c, cs)
	}
	cold := res.rec.ColdLatency()
	if cold == nil || cold.Count() != 1 || cold.Max() != 72500*time.Millisecond {
		t.Errorf("cold latencies %v; want one of 72.5s (retried at 73 s, 0.5 s of work)", cold)
	}
}

func TestNoColdStartNoColdLatency(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) { f.ProvisionedConcurrency = 5 })
	res := simulate(t, cfg, burst(5, time.Second, 20*time.Millisecond), time.Minute, nil)
	if res.rec.ColdStarts() != 0 || res.rec.ColdLatency() != nil {
		t.Errorf("cold starts %d, cold latency %v; want 0 and nil", res.rec.ColdStarts(), res.rec.ColdLatency())
	}
}
