package lambda

import (
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
)

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
		for i := range res.r.envs.Len() {
			if e := res.r.envs.At(int32(i)); e.state != envGone {
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
