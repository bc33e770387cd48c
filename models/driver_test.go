package models_test

import (
	"slices"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simtest"
)

// nextOnly hides a source's NextInto, so the driver takes Next.
type nextOnly struct{ src models.Source }

func (n nextOnly) Next() (models.Request, bool) { return n.src.Next() }

// collector is a model that keeps what it is submitted, with the time.
type collector struct{ got []models.Request }

func (c *collector) Submit(k *sim.Kernel, req models.Request) {
	if req.Arrival != k.Now() {
		panic("submitted at the wrong time")
	}
	c.got = append(c.got, req)
}

// The driver delivers the same requests at the same times whether its
// source writes them in place (models.IntoSource) or returns them.
func TestDriverIntoSourceMatchesNext(t *testing.T) {
	run := func(hide bool) ([]models.Request, uint64) {
		var src models.Source = simtest.NewPoisson(50, dist.MustParse("exp(mean=5ms)"), dist.MustParse("exp(mean=30ms)"), time.Minute, 3)
		if _, ok := src.(models.IntoSource); !ok {
			t.Fatal("simtest.Poisson should be an IntoSource")
		}
		if hide {
			src = nextOnly{src}
		}
		k := sim.New(1)
		c := &collector{}
		models.Drive(k, src, c, simtest.Discard{})
		k.Run()
		return c.got, k.Fingerprint()
	}
	into, fpInto := run(false)
	next, fpNext := run(true)
	if !slices.Equal(into, next) || fpInto != fpNext || len(into) < 2000 {
		t.Errorf("NextInto gave %d requests (fingerprint %x), Next %d (%x); want the same, about 3,000", len(into), fpInto, len(next), fpNext)
	}
}
