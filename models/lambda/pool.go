package lambda

import (
	"time"

	"github.com/execsim/execsim/sim"
)

// The environment pool: environments come into being for a cold start (or
// as provisioned concurrency at time zero), serve, wait idle for reuse and
// are retired by keep-alive expiry, the maximum lifetime or a timeout.

// Environment states. Concurrency counts initialising and busy environments
// (lambda-concurrency.html).
const (
	envGone uint8 = iota
	envInit
	envBusy
	envIdle
)

type env struct {
	fn          int32
	state       uint8
	provisioned bool
	timedOut    bool  // the running invocation hit the function timeout
	idlePos     int32 // Newest, Oldest: its label, idle or not; Random: its heap position, −1 when not idle (idle.go)
	req         int32 // request slot being served or waited for, −1 none
	gen         uint32
	// life numbers the slot's incarnations; expiry events carry it. Beside
	// the other 32-bit fields, so it adds no padding (memory per in-flight
	// request, issue 13).
	life    uint32
	seq     uint64        // creation order, for warm selection
	created sim.Time      // for the maximum lifetime
	spill   time.Duration // init work that runs inside the next invocation
	// mark is when the current invocation started while the environment is
	// busy, and its keep-alive deadline while it is idle: it is never both,
	// and one field instead of two makes env 64 bytes, not 72 (memory per
	// in-flight request, issue 13). expiryAt is the time of the
	// environment's one pending expiry event (never when none). An
	// environment reused before its deadline keeps that event, which on
	// firing either retires it or moves to the newer deadline: at most one
	// or two expiry events per environment are queued, instead of one per
	// idle period (which piled up as rate × keep-alive stale events).
	mark, expiryAt sim.Time
}

// newEnv creates an initialising environment for function fn, in a
// recycled slot when there is one.
func (r *Region) newEnv(k *sim.Kernel, fn int32, provisioned bool) int32 {
	e, en := r.envs.Alloc()
	*en = env{fn: fn, state: envInit, provisioned: provisioned, idlePos: -1, req: -1,
		gen: en.gen + 1, life: en.life + 1, seq: r.nextSeq, created: k.Now(), expiryAt: sim.Never}
	r.nextSeq++
	r.envCount++
	if !provisioned {
		r.fns[fn].idle.enter(en)
	}
	return e
}

// destroy retires environment e; its pending events go stale.
func (r *Region) destroy(e int32) {
	en := r.envs.At(e)
	r.allNs[en.fn] += float64(r.k.Now() - en.created)
	if !en.provisioned {
		r.fns[en.fn].idle.forget(en)
	}
	en.state = envGone
	en.gen++
	en.life++
	en.expiryAt = sim.Never
	en.req = -1
	r.envCount--
	r.envs.Free(e)
}

// release returns a busy or initialising environment e (en) to the idle
// pool, or retires it when it has lived past the maximum lifetime.
func (r *Region) release(k *sim.Kernel, e int32, en *env) { r.releaseIn(k, e, en, &r.fns[en.fn]) }

// releaseIn is release with the environment's function state at hand.
func (r *Region) releaseIn(k *sim.Kernel, e int32, en *env, fs *fnState) {
	now := k.Now()
	en.gen++
	if en.provisioned {
		r.conc-- // busy, or re-initialising after a timeout: both count as concurrency
		en.state = envIdle
		fs.pcIdle = append(fs.pcIdle, e)
		r.gauges(now)
		return
	}
	r.unacquire(fs)
	age := now.Sub(en.created)
	if age >= fs.maxLife {
		r.destroy(e)
		r.gauges(now)
		return
	}
	en.state = envIdle
	fs.idle.pushEnv(r, e, en)
	keep := fs.keepAlive.SamplePCG(&fs.rngKeep)
	if rest := fs.maxLife - age; rest < keep {
		keep = rest
	}
	en.mark = now.Add(keep) // the deadline
	if en.mark < en.expiryAt {
		r.expireAt(k, e, en.mark)
	}
	r.gauges(now)
}

// expire handles an expiry event of environment e: it retires an
// environment idle past its deadline, or re-arms for a later deadline.
func (r *Region) expire(k *sim.Kernel, e int32, ev sim.Event) {
	en := r.envs.At(e)
	if en.life != ev.Gen || en.expiryAt != ev.At {
		return // the slot was reused, or a sooner expiry superseded this one
	}
	en.expiryAt = sim.Never
	if en.state != envIdle {
		return // busy again; release schedules a fresh expiry
	}
	if k.Now() < en.mark { // idle: mark is the deadline
		r.expireAt(k, e, en.mark)
		return
	}
	fs := &r.fns[en.fn]
	fs.idle.drop(r, e, en)
	r.destroy(e)
	r.gauges(k.Now())
}

// expireAt queues the environment's expiry check at t.
func (r *Region) expireAt(k *sim.Kernel, e int32, t sim.Time) {
	en := r.envs.At(e)
	en.expiryAt = t
	k.Schedule(sim.Event{At: t, Kind: kindExpire, ID: int64(e), Gen: en.life, To: r})
}

// concurrencyFree reports whether the function may add an on-demand
// environment: under its reserved ceiling, or under the unreserved pool.
func (r *Region) concurrencyFree(fs *fnState) bool {
	if fs.odCap >= 0 {
		return fs.odConc < fs.odCap
	}
	return r.unreservedConc < r.unreservedCap
}

// scalingToken spends one new environment of function fn (state fs) under
// the configured scale-up rule, and reports whether the rule allowed it.
func (r *Region) scalingToken(now sim.Time, fn int, fs *fnState) bool {
	switch r.cfg.Scaling {
	case Legacy:
		return r.legacy.take(now, 1)
	case Window:
		return r.windows[fn].take(now)
	case Unlimited:
		return true
	default:
		return fs.scaling.take(now, 1)
	}
}

// acquire counts one more on-demand environment initialising or busy.
func (r *Region) acquire(fs *fnState) {
	fs.odConc++
	if fs.odCap < 0 {
		r.unreservedConc++
	}
	r.conc++
}

// unacquire undoes acquire.
func (r *Region) unacquire(fs *fnState) {
	fs.odConc--
	if fs.odCap < 0 {
		r.unreservedConc--
	}
	r.conc--
}
