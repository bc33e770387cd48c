package lambda

import (
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim/simtest"
)

// TestFrontDoorTimeout: behind API Gateway (FrontDoorTimeout 29 s) a
// request whose invocation, cold start included, runs longer fails for its
// client at 29 s after it was invoked, while the function runs on, billed,
// holding its environment (costrev item 7); a shorter one completes; the
// function's own timeout still ends an invocation; an asynchronous
// invocation is answered at once by the door and never cut.
func TestFrontDoorTimeout(t *testing.T) {
	const s = time.Second
	for _, tc := range []struct {
		name   string
		tweak  func(*Function)
		reqs   *simtest.List
		finish []string // the service log's finish lines
		billMs int64    // billed duration
		cold   int64    // cold starts
	}{
		{"shorter than the door's", nil, simtest.At(models.Work{IO: 20 * s}, 0),
			[]string{"20000000000 finish of 0: completed 20s"}, 20000, 1},
		{"longer: 504 at 29 s, billed to its end", nil, simtest.At(models.Work{IO: 40 * s}, 0),
			[]string{"29000000000 finish of 0: failed 29s"}, 40000, 1},
		// the environment is busy until 40 s: a request at 35 s starts
		// another, one at 45 s finds the first idle
		{"the environment stays busy", nil, simtest.At(models.Work{IO: 40 * s}, 0).Add(1, 35*s, 0, models.Work{IO: s}).Add(1, 45*s, 0, models.Work{IO: s}),
			[]string{"29000000000 finish of 0: failed 29s", "36000000000 finish of 35000000000: completed 1s", "46000000000 finish of 45000000000: completed 1s"}, 42000, 2},
		{"a cold start counts", func(f *Function) { f.PlatformOverhead = dist.Const(2 * s) }, simtest.At(models.Work{IO: 28 * s}, 0),
			[]string{"29000000000 finish of 0: failed 29s"}, 28000, 1},
		{"a cold start longer than the door's", func(f *Function) { f.PlatformOverhead = dist.Const(31 * s) }, simtest.At(models.Work{IO: s}, 0),
			[]string{"29000000000 finish of 0: failed 29s"}, 1000, 1},
		{"the function's timeout first", func(f *Function) { f.Timeout = 10 * s }, simtest.At(models.Work{IO: 40 * s}, 0),
			[]string{"10000000000 finish of 0: failed 10s"}, 10000, 1},
		{"asynchronous", func(f *Function) { f.Invocation = Async }, simtest.At(models.Work{IO: 40 * s}, 0),
			[]string{"40000000000 finish of 0: completed 40s"}, 40000, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := oneFunction(func(c *Config, f *Function) {
				c.FrontDoorTimeout = 29 * s
				noColdStart(f)
				f.Timeout = time.Minute
				if tc.tweak != nil {
					tc.tweak(f)
				}
			})
			log := &simtest.ServiceLog{}
			res := simulate(t, cfg, tc.reqs, 10*time.Minute, log)
			var got []string
			for _, l := range log.Lines {
				if strings.Contains(l, " finish of ") {
					l, _, _ = strings.Cut(l, " cold=") // every first request is cold
					got = append(got, l)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.finish, "\n") {
				t.Errorf("finishes\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.finish, "\n"))
			}
			u := res.r.Usage()[0]
			if u.DurationMs != tc.billMs || u.ColdStarts != tc.cold {
				t.Errorf("billed %d ms, %d cold starts; want %d ms, %d", u.DurationMs, u.ColdStarts, tc.billMs, tc.cold)
			}
		})
	}
}
