package lambda

import (
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simtest"
)

// A region forgets a stretch of traffic once its on-demand environments
// have expired and its token buckets refilled; it remembers environments
// kept warm, invocations still running and a scaling bucket still short.
func TestUnforgotten(t *testing.T) {
	for _, tc := range []struct {
		name    string
		tweak   func(*Config, *Function)
		src     models.Source
		horizon time.Duration
		want    string // a phrase of the reason; "" for none
	}{
		{"no traffic", nil, &simtest.List{}, time.Hour, ""},
		{"traffic long over", nil, at(100*time.Millisecond, time.Second, 2*time.Second), time.Hour, ""},
		{"provisioned environments back idle", func(_ *Config, f *Function) { f.ProvisionedConcurrency = 2 },
			burst(5, time.Second, 100*time.Millisecond), time.Hour, ""},
		{"kept warm past the end", func(_ *Config, f *Function) { f.KeepAlive = dist.Const(23 * time.Hour); f.MaxLifetime = 48 * time.Hour },
			at(100*time.Millisecond, time.Second), time.Hour, "1 idle on-demand environments kept warm (0 at the start)"},
		{"an invocation running", nil, at(10*time.Minute, 59*time.Minute), time.Hour, "environments busy or initialising"},
		{"a scaling bucket still short", func(_ *Config, f *Function) { noColdStart(f) },
			burst(1000, time.Hour-time.Second, 100*time.Millisecond), time.Hour, "token bucket is not yet refilled"},
		// 100 requests take 10 ms of the account's 10,000 req/s to refill
		{"the account's RPS bucket still short", func(_ *Config, f *Function) { noColdStart(f) },
			burst(100, time.Hour-time.Millisecond, time.Microsecond), time.Hour, "the account's RPS token bucket is not yet refilled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := oneFunction(func(c *Config, f *Function) {
				f.Timeout = 15 * time.Minute
				if tc.tweak != nil {
					tc.tweak(c, f)
				}
			})
			fresh, err := New(sim.New(1), cfg, simtest.Discard{})
			if err != nil {
				t.Fatal(err)
			}
			r := simulate(t, cfg, tc.src, tc.horizon, nil)
			got := strings.Join(r.r.Unforgotten(fresh.State()), "; ")
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("Unforgotten = %q, want %q", got, tc.want)
			}
		})
	}
}
