package lambda

import (
	"fmt"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/validation"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim/simtest"
)

// With a concurrency cap c, no cold start, no scaling-rate limit, Poisson
// arrivals and synchronous calls without retries, Lambda is an M/G/c/c loss
// system: the throttled fraction is Erlang B(c, λ·E[S]) whatever the service
// distribution (DESIGN §8).
func TestThrottleFractionIsErlangB(t *testing.T) {
	cases := []struct {
		name    string
		c       int
		rate    float64
		service string
		horizon time.Duration
		long    bool
	}{
		{"c=50 a=45 exp", 50, 450, "exp(mean=100ms)", 4000 * time.Second, false},
		{"c=50 a=45 lognormal", 50, 450, "lognormal(mean=100ms,sd=150ms)", 4000 * time.Second, true},
		{"c=1000 a=2016 uniform", 1000, 2016, "uniform(0s,2s)", 400 * time.Second, false},
		{"c=1000 a=2016 exp", 1000, 2016, "exp(mean=1s)", 2000 * time.Second, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.long && testing.Short() {
				t.Skip("long statistical check; run by make validate")
			}
			cfg := oneFunction(func(c *Config, f *Function) {
				c.AccountConcurrency = tc.c
				c.Scaling = Unlimited
				noColdStart(f)
				f.RPSLimit = false
				f.Timeout = MaxTimeout
				f.KeepAlive = dist.Const(time.Hour)
				f.MaxLifetime = 1000 * time.Hour
			})
			src := newPoisson(tc.rate, tc.service, tc.horizon, 7)
			res := simulate(t, cfg, src, tc.horizon, nil)
			a := tc.rate * src.IO.(dist.Dist).Mean().Seconds()
			want := simtest.ErlangB(tc.c, a)
			got := float64(res.rec.Count(models.Throttled)) / float64(res.rec.Arrivals())
			t.Logf("arrivals %d throttled %.5f Erlang B(%d, %.0f) = %.5f", res.rec.Arrivals(), got, tc.c, a, want)
			validation.Record(t, validation.Check{ID: "lambda/erlang-b/" + tc.name,
				Case:   fmt.Sprintf("cap %d, λ·E[S] = %.0f, %s service, %v", tc.c, a, tc.service, tc.horizon),
				Source: "Erlang B (M/G/c/c)", Expected: fmt.Sprintf("%.5f", want), Measured: fmt.Sprintf("%.5f", got),
				Tolerance: "2 %", Pass: simtest.RelErr(got, want) <= 0.02})
			if simtest.RelErr(got, want) > 0.02 {
				t.Errorf("throttled/arrivals = %.5f; want Erlang B %.5f ± 2%%", got, want)
			}
		})
	}
}

// Uncapped and without cold starts, busy environments form an M/G/∞ system:
// their time average is λ·E[S] (Little's law).
func TestBusyEnvironmentsLittlesLaw(t *testing.T) {
	const rate, horizon = 200.0, 2000 * time.Second
	cfg := oneFunction(func(c *Config, f *Function) {
		c.AccountConcurrency = 100_000
		c.Scaling = Unlimited
		noColdStart(f)
		f.RPSLimit = false
		f.Timeout = MaxTimeout
	})
	src := newPoisson(rate, "lognormal(p50=300ms,p99=3s)", horizon, 3)
	res := simulate(t, cfg, src, horizon, nil)
	want := rate * src.IO.(dist.Dist).Mean().Seconds()
	got := res.rec.GaugeMean(models.Concurrency, res.end)
	t.Logf("mean busy %.3f; λE[S] = %.3f", got, want)
	validation.Record(t, validation.Check{ID: "lambda/little", Case: "uncapped, no cold start, λ = 200/s, lognormal(p50=300ms,p99=3s)",
		Source: "M/G/∞ and Little's law: mean busy = λ·E[S]", Expected: fmt.Sprintf("%.3f", want), Measured: fmt.Sprintf("%.3f", got),
		Tolerance: "1 %", Pass: simtest.RelErr(got, want) <= 0.01})
	if simtest.RelErr(got, want) > 0.01 {
		t.Errorf("time-average busy environments = %.3f; want λ·E[S] = %.3f ± 1%%", got, want)
	}
	if res.rec.Count(models.Throttled) != 0 || res.rec.ColdStarts() == 0 {
		t.Errorf("throttled %d cold starts %d; want 0 and > 0", res.rec.Count(models.Throttled), res.rec.ColdStarts())
	}
}

// SimFaaS (Mahmoudi & Khazaei, "SimFaaS: A Performance Simulator for
// Serverless Computing Platforms", CLOSER 2021), steady-state example:
// λ = 0.9/s, warm service exponential with mean 1.991 s, cold response mean
// 2.244 s, expiration threshold 600 s, newest-first routing. Published:
// cold-start probability ≈ 0.00135, average instance count ≈ 7.70.
func TestSimFaaSSteadyState(t *testing.T) {
	const horizon = 1_000_000 * time.Second
	cfg := oneFunction(func(c *Config, f *Function) {
		f.PlatformOverhead = dist.Const(0)
		f.Init = dist.Const(253 * time.Millisecond) // 2.244 s − 1.991 s
		f.KeepAlive = dist.Const(600 * time.Second)
		f.MaxLifetime = 10_000 * time.Hour
		f.Timeout = MaxTimeout
		f.WarmSelection = Newest
	})
	src := newPoisson(0.9, "exp(mean=1.991s)", horizon, 11)
	res := simulate(t, cfg, src, horizon, nil)
	pCold := float64(res.rec.ColdStarts()) / float64(res.rec.Arrivals())
	envs := res.rec.GaugeMean(models.Environments, res.end)
	t.Logf("arrivals %d cold-start probability %.5f mean environments %.3f", res.rec.Arrivals(), pCold, envs)
	const simfaas = "SimFaaS (Mahmoudi & Khazaei, CLOSER 2021), steady-state example"
	validation.Record(t, validation.Check{ID: "lambda/simfaas/p-cold", Case: "λ = 0.9/s, warm 1.991 s, cold 2.244 s, keep-alive 600 s: P(cold start)",
		Source: simfaas, Expected: "0.00135", Measured: fmt.Sprintf("%.5f", pCold), Tolerance: "± 0.00010", Pass: pCold >= 0.00125 && pCold <= 0.00145})
	validation.Record(t, validation.Check{ID: "lambda/simfaas/environments", Case: "the same: mean environments",
		Source: simfaas, Expected: "7.70", Measured: fmt.Sprintf("%.3f", envs), Tolerance: "± 0.05", Pass: envs >= 7.65 && envs <= 7.75})
	if pCold < 0.00125 || pCold > 0.00145 {
		t.Errorf("cold-start probability = %.5f; want 0.00135 ± 0.00010", pCold)
	}
	if envs < 7.65 || envs > 7.75 {
		t.Errorf("mean environments = %.3f; want 7.70 ± 0.05", envs)
	}
}
