package lambda

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// at builds requests at the given offsets with the given io.
func at(io time.Duration, offsets ...time.Duration) *list {
	l := &list{}
	for i, o := range offsets {
		l.reqs = append(l.reqs, models.Request{ID: int64(i), Arrival: sim.At(o), Work: models.Work{IO: io}})
	}
	return l
}

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
	l := burst(200, time.Second, 10*time.Second)
	for i := range 200 {
		l.reqs = append(l.reqs, models.Request{ID: int64(200 + i), Arrival: sim.At(time.Second), Service: 1, Work: models.Work{IO: 10 * time.Second}})
	}
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
	if p50 := res.rec.Latency().Quantile(0.5); relErr(p50.Seconds(), 2) > 0.01 {
		t.Errorf("p50 %v; want 2s ± 1%% (served warm by provisioned environments)", p50)
	}
}

func TestSyncRetriesCountWaitsInLatency(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) {
		f.ReservedConcurrency = 1
		noColdStart(f)
		f.Retry = RetryPolicy{Attempts: 5, Base: time.Second, Max: 10 * time.Second, Jitter: NoJitter}
	})
	// the second request is throttled at 0 and at 1 s, then succeeds at 3 s
	res := simulate(t, cfg, at(2500*time.Millisecond, 0, 0), time.Minute, nil)
	if res.rec.Count(models.Completed) != 2 {
		t.Fatalf("completed %d; want 2", res.rec.Count(models.Completed))
	}
	if got := res.rec.Latency().Max(); got != 5500*time.Millisecond {
		t.Errorf("max latency %v; want 5.5s (1 s + 2 s of backoff, then 2.5 s of work)", got)
	}
}

func TestSyncWithoutRetryThrottlesAtOnce(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) { f.ReservedConcurrency = 1; noColdStart(f) })
	res := simulate(t, cfg, at(time.Second, 0, 0), time.Minute, nil)
	if res.rec.Count(models.Throttled) != 1 {
		t.Errorf("throttled %d; want 1", res.rec.Count(models.Throttled))
	}
}

func TestAsyncRequeuesUntilMaxEventAge(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) {
		f.ReservedConcurrency = 1
		noColdStart(f)
		f.Invocation = Async
		f.Timeout = 15 * time.Minute
		f.MaxEventAge = 10 * time.Minute
	})
	// the first event holds the only environment for 4.5 s; the second is
	// retried at 1, 3, 7 s (waits 1, 2, 4 s) and runs at 7 s
	res := simulate(t, cfg, at(4500*time.Millisecond, 0, 0), time.Minute, nil)
	if got := res.rec.Latency().Max(); got != 7*time.Second+4500*time.Millisecond {
		t.Errorf("max latency %v; want 11.5s", got)
	}
	// an event that can never run is dropped once older than the maximum age
	cfg.Functions[0].ReservedConcurrency = 0
	res = simulate(t, cfg, at(time.Second, 0), time.Hour, nil)
	if res.rec.Count(models.Throttled) != 1 {
		t.Errorf("throttled %d; want 1 (dropped after 10 min of retries)", res.rec.Count(models.Throttled))
	}
}

func TestTimeoutFailsAndDiscardsEnvironment(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) { f.Timeout = time.Second })
	res := simulate(t, cfg, at(2*time.Second, 0, 10*time.Second), time.Minute, nil)
	if res.rec.Count(models.Failed) != 2 || res.rec.ColdStarts() != 2 {
		t.Errorf("failed %d cold starts %d; want 2 and 2 (the environment is reset after a timeout)",
			res.rec.Count(models.Failed), res.rec.ColdStarts())
	}
	if res.r.Usage()[0].DurationMs != 2000 {
		t.Errorf("billed %d ms; want 2000 (each invocation billed up to the timeout)", res.r.Usage()[0].DurationMs)
	}
}

func TestAsyncTimeoutRetriedTwice(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) { f.Timeout = time.Second; f.Invocation = Async; noColdStart(f) })
	res := simulate(t, cfg, at(2*time.Second, 0), time.Hour, nil)
	if res.rec.Count(models.Failed) != 1 || res.r.Usage()[0].Invocations != 3 {
		t.Errorf("failed %d invocations %d; want 1 and 3 (two retries)", res.rec.Count(models.Failed), res.r.Usage()[0].Invocations)
	}
}

func TestKeepAliveExpiryCausesColdStart(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) { f.KeepAlive = dist.Const(5 * time.Minute) })
	res := simulate(t, cfg, at(time.Millisecond, 0, 4*time.Minute, 10*time.Minute), time.Hour, nil)
	if res.rec.ColdStarts() != 2 {
		t.Errorf("cold starts %d; want 2 (the 4-min gap is warm, the 6-min gap is cold)", res.rec.ColdStarts())
	}
}

func TestMaxLifetimeRetiresEnvironment(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) {
		f.KeepAlive = dist.Const(time.Hour)
		f.MaxLifetime = 10 * time.Minute
	})
	var offs []time.Duration
	for m := 0; m < 30; m += 2 {
		offs = append(offs, time.Duration(m)*time.Minute)
	}
	res := simulate(t, cfg, at(time.Millisecond, offs...), time.Hour, nil)
	if res.rec.ColdStarts() != 3 {
		t.Errorf("cold starts %d; want 3 (a new environment every 10 min of life)", res.rec.ColdStarts())
	}
}

// Two overlapping requests create environments 0 and 1; afterwards one
// request every 30 s keeps exactly one of them warm and the other idles out.
// Newest keeps the younger (created second), Oldest the older.
func TestWarmSelection(t *testing.T) {
	for _, tc := range []struct {
		sel     WarmSelection
		wantSeq uint64
	}{{Newest, 1}, {Oldest, 0}} {
		cfg := oneFunction(func(c *Config, f *Function) {
			f.WarmSelection = tc.sel
			f.KeepAlive = dist.Const(time.Minute)
			noColdStart(f)
		})
		offs := []time.Duration{0, 0}
		for s := 10; s < 300; s += 30 {
			offs = append(offs, time.Duration(s)*time.Second)
		}
		res := simulate(t, cfg, at(time.Second, offs...), 5*time.Minute, nil)
		var alive []uint64
		for _, e := range res.r.envs {
			if e.state != envGone {
				alive = append(alive, e.seq)
			}
		}
		if len(alive) != 1 || alive[0] != tc.wantSeq {
			t.Errorf("%v: environments alive %v; want only #%d", tc.sel, alive, tc.wantSeq)
		}
		if res.rec.ColdStarts() != 2 {
			t.Errorf("%v: cold starts %d; want 2", tc.sel, res.rec.ColdStarts())
		}
	}
}

func TestMemorySetsCPUShare(t *testing.T) {
	for _, tc := range []struct {
		mem  int
		want time.Duration
	}{{128, 100 * time.Millisecond * 1769 / 128}, {1769, 100 * time.Millisecond}, {3538, 100 * time.Millisecond}} {
		cfg := oneFunction(func(c *Config, f *Function) { f.MemoryMB = tc.mem; noColdStart(f) })
		l := &list{reqs: []models.Request{{Work: models.Work{CPU: 100 * time.Millisecond}}}}
		res := simulate(t, cfg, l, time.Minute, nil)
		if got := res.rec.Latency().Max(); got != tc.want {
			t.Errorf("memoryMB %d: latency %v; want %v", tc.mem, got, tc.want)
		}
	}
}

func TestSnapStartUsesRestoreTime(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) {
		f.Runtime = "java21"
		f.PlatformOverhead = dist.Const(0)
		f.SnapStart = true
		f.Restore = dist.Const(123 * time.Millisecond)
	})
	res := simulate(t, cfg, at(0, 0), time.Minute, nil)
	if got := res.rec.Latency().Max(); got != 123*time.Millisecond {
		t.Errorf("latency %v; want the 123ms restore", got)
	}
	row, err := LookupRestore("java21", 1024)
	if err != nil || row.P50 < 500*time.Millisecond {
		t.Errorf("LookupRestore(java21) = %+v, %v; want the measured restore row", row, err)
	}
}

func TestInitTableLookup(t *testing.T) {
	for _, tc := range []struct {
		runtime  string
		mem      int
		p50, p99 time.Duration // the measured row's bounds
	}{
		{"go", 128, 30 * time.Millisecond, 200 * time.Millisecond},
		{"python3.12", 512, 50 * time.Millisecond, 400 * time.Millisecond},
		{"java21", 1024, 150 * time.Millisecond, 1500 * time.Millisecond},
	} {
		row, err := LookupInit(tc.runtime, X86, Zip, tc.mem)
		if err != nil {
			t.Fatalf("LookupInit(%s): %v", tc.runtime, err)
		}
		if row.P50 < tc.p50 || row.P99 > tc.p99 || row.MemoryMB != tc.mem {
			t.Errorf("LookupInit(%s, %d MB) = %+v; want p50 ≥ %v, p99 ≤ %v", tc.runtime, tc.mem, row, tc.p50, tc.p99)
		}
	}
	if row, _ := LookupInit("go", X86, Zip, 3000); row.MemoryMB != 1024 {
		t.Errorf("3000 MB picked the %d MB row; want the nearest measured, 1024", row.MemoryMB)
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		tweak func(*Config, *Function)
		want  []string
	}{
		{"memory too small", func(c *Config, f *Function) { f.MemoryMB = 64 },
			[]string{"functions.fn.memoryMB: must be between 128 and 10240 (got 64)"}},
		{"unknown runtime", func(c *Config, f *Function) { f.Runtime = "cobol" },
			[]string{`functions.fn.runtime: unknown runtime "cobol" (allowed: `, "python3.12"}},
		{"unreserved minimum", func(c *Config, f *Function) { f.ReservedConcurrency = 950 },
			[]string{"must leave 100 of the account's 1000 unreserved (at most 900) (got 950)"}},
		{"provisioned over reserved", func(c *Config, f *Function) { f.ReservedConcurrency = 10; f.ProvisionedConcurrency = 20 },
			[]string{"functions.fn.provisionedConcurrency: must not exceed reservedConcurrency (10) (got 20)"}},
		{"timeout too long", func(c *Config, f *Function) { f.Timeout = time.Hour },
			[]string{"functions.fn.timeout: must be between 1ms and 15m0s (got 1h0m0s)"}},
		{"snapstart without data", func(c *Config, f *Function) { f.SnapStart = true; f.Runtime = "nodejs22.x" },
			[]string{`functions.fn.snapStart: no measured SnapStart restore time for runtime "nodejs22.x"`}},
		{"several at once", func(c *Config, f *Function) { f.MemoryMB = 64; f.Timeout = 0 },
			[]string{"memoryMB", "timeout"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := oneFunction(tc.tweak)
			err := cfg.Validate()
			if err == nil {
				t.Fatal("Validate() = nil; want an error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %q; want it to contain %q", err, w)
				}
			}
			var fe *models.FieldError
			if !errors.As(err, &fe) {
				t.Errorf("error %v is not a *models.FieldError", err)
			}
		})
	}
}
