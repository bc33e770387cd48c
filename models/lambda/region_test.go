package lambda

import (
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim/simtest"
)

func TestReservedConcurrencyIsACeiling(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) { f.ReservedConcurrency = 100; f.Timeout = time.Minute })
	res := simulate(t, cfg, burst(250, time.Second, 10*time.Second), time.Minute, nil)
	if c, th := res.rec.Count(models.Completed), res.rec.Count(models.Throttled); c != 100 || th != 150 {
		t.Errorf("completed %d throttled %d; want 100 and 150", c, th)
	}
}

func TestReservedZeroDisablesFunction(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) { f.ReservedConcurrency = 0 })
	res := simulate(t, cfg, at(time.Millisecond, 0, time.Second), time.Minute, nil)
	if th := res.rec.Count(models.Throttled); th != 2 {
		t.Errorf("throttled %d; want 2 (reserved concurrency 0 disables the function)", th)
	}
}

func TestAccountQuotaSharedByFunctions(t *testing.T) {
	c := DefaultConfig()
	c.AccountConcurrency = 300
	a, b := DefaultFunction("a"), DefaultFunction("b")
	a.Timeout, b.Timeout = time.Minute, time.Minute
	c.Functions = []Function{a, b}
	l := burst(200, time.Second, 10*time.Second).Add(200, time.Second, 1, models.Work{IO: 10 * time.Second})
	res := simulate(t, c, l, time.Minute, nil)
	if got := res.rec.Count(models.Completed); got != 300 {
		t.Errorf("completed %d; want 300 (the shared quota)", got)
	}
}

func TestProvisionedServesFirstThenSpills(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) { f.ProvisionedConcurrency = 5; f.Timeout = time.Minute })
	res := simulate(t, cfg, burst(8, time.Second, 2*time.Second), time.Minute, nil)
	u := res.r.Usage()[0]
	if res.rec.ColdStarts() != 3 || u.ProvisionedDurationMs != 5*2000 || res.rec.Count(models.Completed) != 8 {
		t.Errorf("cold starts %d, provisioned ms %d, completed %d; want 3, 10000, 8",
			res.rec.ColdStarts(), u.ProvisionedDurationMs, res.rec.Count(models.Completed))
	}
	if p50 := res.rec.Latency().Quantile(0.5); simtest.RelErr(p50.Seconds(), 2) > 0.01 {
		t.Errorf("p50 %v; want 2s ± 1%% (served warm by provisioned environments)", p50)
	}
}

func TestMemorySetsCPUShare(t *testing.T) {
	for _, tc := range []struct {
		mem  int
		want time.Duration
	}{{128, 100 * time.Millisecond * 1769 / 128}, {1769, 100 * time.Millisecond}, {3538, 100 * time.Millisecond}} {
		cfg := oneFunction(func(c *Config, f *Function) { f.MemoryMB = tc.mem; noColdStart(f) })
		l := &simtest.List{Reqs: []models.Request{{Work: models.Work{CPU: 100 * time.Millisecond}}}}
		res := simulate(t, cfg, l, time.Minute, nil)
		if got := res.rec.Latency().Max(); got != tc.want {
			t.Errorf("memoryMB %d: latency %v; want %v", tc.mem, got, tc.want)
		}
	}
}

// Warm environments of an unreserved function need room in the shared pool
// too: here B fills the pool while A's environments sit idle, so A's second
// burst must be throttled, not served above the account quota.
func TestWarmReuseRespectsAccountQuota(t *testing.T) {
	c := DefaultConfig()
	c.AccountConcurrency = 300
	a, b := DefaultFunction("a"), DefaultFunction("b")
	a.Timeout, b.Timeout = 2*time.Minute, 2*time.Minute
	a.KeepAlive, b.KeepAlive = dist.Const(time.Hour), dist.Const(time.Hour)
	c.Functions = []Function{a, b}
	l := new(simtest.List).
		Add(300, time.Second, 0, models.Work{IO: time.Second}).
		Add(300, 20*time.Second, 1, models.Work{IO: time.Minute}).
		Add(300, 21*time.Second, 0, models.Work{IO: time.Second})
	res := simulate(t, c, l, 3*time.Minute, nil)
	if peak := res.rec.GaugePeak(models.Concurrency); peak > 300 {
		t.Errorf("peak concurrency %v; the account quota is 300", peak)
	}
	if th := res.rec.Count(models.Throttled); th != 300 {
		t.Errorf("throttled %d; want A's second burst (300) throttled while B holds the pool", th)
	}
}

// BenchmarkSteadyState serves a Poisson stream on one function: the cost per
// request of warm selection, the environment pool, cold starts and expiry.
func BenchmarkSteadyState(b *testing.B) {
	cfg := oneFunction(nil)
	simtest.Benchmark(b, 200*time.Second, New, cfg, func() *simtest.Poisson {
		return newPoisson(500, "exp(mean=30ms)", 200*time.Second, 1)
	})
}
