package lambda

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

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
	idlePos     int32 // position in the idle set, −1 when not idle
	req         int32 // request slot being served or waited for, −1 none
	gen         uint32
	seq         uint64        // creation order, for warm selection
	created     sim.Time      // for the maximum lifetime
	started     sim.Time      // when the current invocation started
	spill       time.Duration // init work that runs inside the next invocation
	// life numbers the slot's incarnations; expiry events carry it.
	life uint32
	// deadline is when the idle environment expires; expiryAt is the time
	// of its one pending expiry event (never when none). An environment
	// reused before its deadline keeps that event, which on firing either
	// retires it or moves to the newer deadline: at most one or two expiry
	// events per environment are queued, instead of one per idle period
	// (which piled up as rate × keep-alive stale events).
	deadline, expiryAt sim.Time
}

type reqState struct {
	req      models.Request
	attempts int32 // invocation attempts refused so far (sync retries, async re-queues)
	failures int32 // timed-out attempts (async function-error retries)
	gen      uint32
	live     bool
}

// Usage is what a function consumed, for the cost model.
type Usage struct {
	Name string
	// Invocations counts invocations that ran (billed requests).
	Invocations int64
	// DurationMs is billed invocation duration, each rounded up to 1 ms.
	DurationMs int64
	// InitMs is billed init duration of on-demand cold starts, rounded up to
	// 1 ms: the runtime's and the application's INIT phase (at most 10 s),
	// not the platform overhead, and nothing for SnapStart restores.
	InitMs int64
	// InitAlwaysBilled: a custom runtime or a container image, whose INIT
	// was billed even before 2025-08-01.
	InitAlwaysBilled bool
	// Calls is requests made to the function's front door: every
	// synchronous attempt (client retries included), every asynchronous
	// event once.
	Calls int64
	// ProvisionedDurationMs is the part of DurationMs run on provisioned environments.
	ProvisionedDurationMs int64
	ColdStarts            int64
	MemoryMB              int
	Arch                  Arch
	Provisioned           int
}

type fnState struct {
	cfg      *Function
	idle     idleSet
	pcIdle   []int32 // idle provisioned environments (a stack)
	odConc   int     // on-demand environments initialising or busy
	odCap    int     // on-demand ceiling from reserved concurrency, −1 for the shared pool
	scaling  bucket
	rps      bucket
	init     coldStart
	cpuShare float64
	usage    Usage
}

// Region is the Lambda model of one region. It implements sim.Handler and
// models.Submitter.
type Region struct {
	cfg Config
	rec models.Recorder
	fns []fnState

	envs    []env
	freeEnv []int32
	reqs    []reqState
	freeReq []int32
	nextSeq uint64

	unreservedConc int // on-demand concurrency of functions without reserved concurrency
	unreservedCap  int // quota − Σ reserved − Σ provisioned of unreserved functions
	legacy         bucket

	conc     int // all environments initialising or busy
	envCount int // all environments that exist

	rngCold, rngKeep, rngWarm, rngRetry *rand.Rand
}

// New builds a region on kernel k. cfg must be valid (Validate). Provisioned
// environments exist, initialised, from time zero.
func New(k *sim.Kernel, cfg Config, rec models.Recorder) (*Region, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	r := &Region{
		cfg:      cfg,
		rec:      rec,
		rngCold:  k.Stream("lambda/cold-start"),
		rngKeep:  k.Stream("lambda/keep-alive"),
		rngWarm:  k.Stream("lambda/warm-selection"),
		rngRetry: k.Stream("lambda/retry"),
		legacy:   newBucket(float64(cfg.LegacyBurst), cfg.LegacyRefillPerMinute/60),
	}
	r.unreservedCap = cfg.AccountConcurrency
	r.fns = make([]fnState, len(cfg.Functions))
	for i := range cfg.Functions {
		f := &r.cfg.Functions[i]
		fs := &r.fns[i]
		fs.cfg = f
		fs.idle.newest = f.WarmSelection == Newest
		fs.cpuShare = f.CPUShare()
		fs.scaling = newBucket(float64(cfg.ScalingBurst), cfg.ScalingRefillPerSecond)
		fs.odCap = -1
		limit := cfg.AccountConcurrency
		if f.ReservedConcurrency >= 0 {
			fs.odCap = f.ReservedConcurrency - f.ProvisionedConcurrency
			r.unreservedCap -= f.ReservedConcurrency
			limit = f.ReservedConcurrency
		} else {
			r.unreservedCap -= f.ProvisionedConcurrency
		}
		// gettingstarted-limits.html: each environment serves at most 10
		// requests per second, so a function's RPS is capped at 10 × its
		// concurrency limit.
		fs.rps = newBucket(float64(10*limit), float64(10*limit))
		fs.init = cold(f)
		fs.usage = Usage{Name: f.Name, MemoryMB: f.MemoryMB, Arch: f.Arch, Provisioned: f.ProvisionedConcurrency,
			InitAlwaysBilled: initAlwaysBilled(f)}
		for range f.ProvisionedConcurrency {
			e := r.newEnv(k, int32(i), true)
			r.envs[e].state = envIdle
			fs.pcIdle = append(fs.pcIdle, e)
		}
	}
	r.gauges(k.Now())
	return r, nil
}

// coldStart is a function's cold start in its parts: platform overhead
// (placement, microVM, code download), the runtime's init (or the SnapStart
// restore) and the application's own init. Parts are drawn in that order
// from one stream.
type coldStart struct {
	overhead, init, app dist.Dist
	snapStart           bool
}

// maxInit is the INIT phase's limit for on-demand environments
// (lambda-runtime-environment.html): past it Lambda gives up and runs init
// again inside the first invoke, under the function timeout.
const maxInit = 10 * time.Second

// sample draws one cold start: how long the request waits before its
// invocation starts, the billed INIT duration, and init work that spills
// into the invocation (a suppressed init, when INIT exceeded 10 s).
func (c coldStart) sample(r *rand.Rand) (wait, billed, spill time.Duration) {
	draw := func(d dist.Dist) time.Duration {
		if d == nil {
			return 0
		}
		return d.Sample(r)
	}
	overhead := draw(c.overhead)
	init := draw(c.init) + draw(c.app)
	if c.snapStart {
		// SnapStart restores a snapshot taken after the whole init phase,
		// the application's included; Java restores are not billed as
		// INIT (snapstart.html; Python/.NET restore charges are not modelled)
		return overhead + init, 0, 0
	}
	if init > maxInit {
		return overhead + maxInit, maxInit, init
	}
	return overhead + init, init, 0
}

func cold(f *Function) coldStart {
	if f.SnapStart {
		restore := f.Restore
		if restore == nil {
			row, _ := LookupRestore(f.Runtime, f.MemoryMB) // checked by Validate
			restore = row.Dist()
		}
		return coldStart{overhead: f.PlatformOverhead, init: restore, snapStart: true}
	}
	init := f.Init
	if init == nil {
		row, _ := LookupInit(f.Runtime, f.Arch, f.Package, f.MemoryMB)
		init = row.Dist()
	}
	return coldStart{overhead: f.PlatformOverhead, init: init, app: f.AppInit}
}

// initAlwaysBilled tells custom runtimes (provided.al2/al2023) and container
// images, whose INIT AWS billed before 2025-08-01 too.
func initAlwaysBilled(f *Function) bool {
	if f.Package == Image {
		return true
	}
	if f.Init == nil {
		row, err := LookupInit(f.Runtime, f.Arch, f.Package, f.MemoryMB)
		return err == nil && strings.Contains(row.Raw, "prov.")
	}
	return false
}

// Usage reports every function's consumption so far.
func (r *Region) Usage() []Usage {
	out := make([]Usage, len(r.fns))
	for i := range r.fns {
		out[i] = r.fns[i].usage
	}
	return out
}

// Submit implements models.Submitter: a request arrives for function req.Service.
func (r *Region) Submit(k *sim.Kernel, req models.Request) {
	if req.Service < 0 || req.Service >= len(r.fns) {
		panic(fmt.Sprintf("lambda: request %d for function %d of %d", req.ID, req.Service, len(r.fns)))
	}
	slot := r.allocReq(req)
	r.fns[req.Service].usage.Calls++
	r.invoke(k, slot)
}

// Handle implements sim.Handler.
func (r *Region) Handle(k *sim.Kernel, ev sim.Event) {
	switch ev.Kind {
	case kindInitDone:
		e := int32(ev.ID)
		if r.envs[e].gen != ev.Gen {
			return
		}
		if slot := r.envs[e].req; slot >= 0 {
			r.start(k, e, slot)
		} else {
			r.release(k, e) // a provisioned environment re-initialised after a timeout
		}
	case kindDone:
		e := int32(ev.ID)
		if r.envs[e].gen != ev.Gen {
			return
		}
		r.done(k, e)
	case kindExpire:
		e := int32(ev.ID)
		en := &r.envs[e]
		if en.life != ev.Gen || en.expiryAt != ev.At {
			return // the slot was reused, or a sooner expiry superseded this one
		}
		en.expiryAt = sim.Never
		if en.state != envIdle {
			return // busy again; release schedules a fresh expiry
		}
		if k.Now() < en.deadline {
			r.expireAt(k, e, en.deadline)
			return
		}
		fs := &r.fns[en.fn]
		fs.idle.remove(r, int(en.idlePos))
		r.destroy(e)
		r.gauges(k.Now())
	case kindRetry:
		slot := int32(ev.ID)
		if !r.reqs[slot].live || r.reqs[slot].gen != ev.Gen {
			return
		}
		if fs := &r.fns[r.reqs[slot].req.Service]; fs.cfg.Invocation == Sync {
			fs.usage.Calls++ // a client retry is another call through the front door
		}
		r.invoke(k, slot)
	default:
		panic(fmt.Sprintf("lambda: unknown event kind %d", ev.Kind))
	}
}

// invoke tries to run the request now: a warm environment (provisioned
// first), else a new one if concurrency and the scaling rate allow, else a
// throttle.
func (r *Region) invoke(k *sim.Kernel, slot int32) {
	now := k.Now()
	rs := &r.reqs[slot]
	fs := &r.fns[rs.req.Service]
	f := fs.cfg
	// The 10 × concurrency cap limits synchronous invocations
	// (gettingstarted-limits.html); queued async events are not subject to it.
	if f.RPSLimit && f.Invocation == Sync && !fs.rps.take(now, 1) {
		r.throttle(k, slot)
		return
	}
	// Provisioned concurrency serves first; load beyond it spills over to
	// on-demand environments (provisioned-concurrency.html).
	if n := len(fs.pcIdle); n > 0 {
		e := fs.pcIdle[n-1]
		fs.pcIdle = fs.pcIdle[:n-1]
		r.envs[e].gen++
		r.conc++
		r.start(k, e, slot)
		return
	}
	// A warm environment still needs concurrency: the quota counts requests
	// in flight, and idle environments of unreserved functions do not hold
	// any of the shared pool (a reserved function's never exceed its ceiling).
	if fs.idle.len() > 0 && (fs.odCap >= 0 || r.unreservedConc < r.unreservedCap) {
		i := 0 // the heap's top: newest or oldest
		if f.WarmSelection == Random {
			i = r.rngWarm.IntN(fs.idle.len())
		}
		e := fs.idle.remove(r, i)
		r.envs[e].gen++
		r.acquire(fs)
		r.start(k, e, slot)
		return
	}
	if !r.concurrencyFree(fs) || !r.scalingToken(now, fs) {
		r.throttle(k, slot)
		return
	}
	// A cold start: the request waits for a new environment to initialise.
	e := r.newEnv(k, int32(rs.req.Service), false)
	r.acquire(fs)
	d, billed, spill := fs.init.sample(r.rngCold)
	r.envs[e].req = slot
	r.envs[e].spill = spill
	// INIT is billed for on-demand functions since 2025-08-01 (AWS Compute
	// Blog, "AWS Lambda standardizes billing for INIT Phase").
	if billed > 0 {
		fs.usage.InitMs += ceilMs(billed)
	}
	fs.usage.ColdStarts++
	r.rec.ColdStart(now, rs.req.Service)
	k.After(d, r, kindInitDone, int64(e), r.envs[e].gen)
	r.gauges(now)
}

// concurrencyFree reports whether the function may add an on-demand
// environment: under its reserved ceiling, or under the unreserved pool.
func (r *Region) concurrencyFree(fs *fnState) bool {
	if fs.odCap >= 0 {
		return fs.odConc < fs.odCap
	}
	return r.unreservedConc < r.unreservedCap
}

// scalingToken spends one token of the applicable scale-up bucket.
func (r *Region) scalingToken(now sim.Time, fs *fnState) bool {
	switch r.cfg.Scaling {
	case Legacy:
		return r.legacy.take(now, 1)
	case Unlimited:
		return true
	default:
		return fs.scaling.take(now, 1)
	}
}

func (r *Region) acquire(fs *fnState) {
	fs.odConc++
	if fs.odCap < 0 {
		r.unreservedConc++
	}
	r.conc++
}

func (r *Region) unacquire(fs *fnState) {
	fs.odConc--
	if fs.odCap < 0 {
		r.unreservedConc--
	}
	r.conc--
}

// start runs the request in slot on environment e.
func (r *Region) start(k *sim.Kernel, e int32, slot int32) {
	now := k.Now()
	en := &r.envs[e]
	fs := &r.fns[en.fn]
	rs := &r.reqs[slot]
	en.state = envBusy
	en.req = slot
	en.started = now
	// a suppressed init (INIT over 10 s) runs again inside the invocation
	d := en.spill + rs.req.Work.ServiceTime(fs.cpuShare)
	en.spill = 0
	en.timedOut = d > fs.cfg.Timeout
	if en.timedOut {
		d = fs.cfg.Timeout
	}
	ms := ceilMs(d)
	fs.usage.Invocations++
	fs.usage.DurationMs += ms
	if en.provisioned {
		fs.usage.ProvisionedDurationMs += ms
	}
	k.After(d, r, kindDone, int64(e), en.gen)
	r.gauges(now)
}

// done ends the invocation on e: success, or a timeout.
func (r *Region) done(k *sim.Kernel, e int32) {
	now := k.Now()
	en := &r.envs[e]
	slot := en.req
	en.req = -1
	rs := &r.reqs[slot]
	fs := &r.fns[en.fn]
	if !en.timedOut {
		r.finish(k, slot, models.Completed)
		r.release(k, e)
		return
	}
	// On a timeout Lambda resets the execution environment
	// (lambda-runtime-environment.html): an on-demand one is discarded, a
	// provisioned one initialises again before it serves.
	en.timedOut = false
	if en.provisioned {
		en.state = envInit
		en.gen++
		d, _, spill := fs.init.sample(r.rngCold)
		en.spill = spill
		k.After(d, r, kindInitDone, int64(e), en.gen)
	} else {
		r.unacquire(fs)
		r.destroy(e)
	}
	r.gauges(now)
	// An asynchronous event whose function failed is retried twice by
	// default, one then two minutes later (invocation-async-error-handling.html).
	if fs.cfg.Invocation == Async && int(rs.failures) < fs.cfg.AsyncRetries {
		wait := time.Minute << rs.failures
		if now.Add(wait).Sub(rs.req.Arrival) <= fs.cfg.MaxEventAge {
			rs.failures++
			rs.gen++
			k.After(wait, r, kindRetry, int64(slot), rs.gen)
			return
		}
	}
	r.finish(k, slot, models.Failed)
}

// release returns a busy or initialising environment to the idle pool, or
// retires it when it has lived past the maximum lifetime.
func (r *Region) release(k *sim.Kernel, e int32) {
	now := k.Now()
	en := &r.envs[e]
	fs := &r.fns[en.fn]
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
	if age >= fs.cfg.MaxLifetime {
		r.destroy(e)
		r.gauges(now)
		return
	}
	en.state = envIdle
	fs.idle.push(r, e)
	keep := fs.cfg.KeepAlive.Sample(r.rngKeep)
	if rest := fs.cfg.MaxLifetime - age; rest < keep {
		keep = rest
	}
	en.deadline = now.Add(keep)
	if en.deadline < en.expiryAt {
		r.expireAt(k, e, en.deadline)
	}
	r.gauges(now)
}

// expireAt queues the environment's expiry check at t.
func (r *Region) expireAt(k *sim.Kernel, e int32, t sim.Time) {
	en := &r.envs[e]
	en.expiryAt = t
	k.Schedule(sim.Event{At: t, Kind: kindExpire, ID: int64(e), Gen: en.life, To: r})
}

// throttle refuses one attempt of the request in slot: a synchronous caller
// may retry with backoff; an asynchronous event goes back to the internal
// queue and is retried with waits doubling from 1 s to 5 min until it is
// older than the maximum event age (invocation-async-error-handling.html).
func (r *Region) throttle(k *sim.Kernel, slot int32) {
	rs := &r.reqs[slot]
	f := r.fns[rs.req.Service].cfg
	now := k.Now()
	var wait time.Duration
	if f.Invocation == Async {
		wait = min(time.Second<<min(rs.attempts, 20), 5*time.Minute)
		if now.Add(wait).Sub(rs.req.Arrival) > f.MaxEventAge {
			r.finish(k, slot, models.Throttled)
			return
		}
	} else {
		if int(rs.attempts)+1 >= f.Retry.Attempts {
			r.finish(k, slot, models.Throttled)
			return
		}
		wait = backoff(f.Retry, int(rs.attempts), r.rngRetry)
	}
	rs.attempts++
	rs.gen++
	k.After(wait, r, kindRetry, int64(slot), rs.gen)
}

// backoff is the wait before retry n+1 (n from 0): exponential from Base,
// capped at Max, with the policy's jitter.
func backoff(p RetryPolicy, n int, rng *rand.Rand) time.Duration {
	b := p.Max
	if n < 40 && p.Base<<n > 0 && p.Base<<n < p.Max {
		b = p.Base << n
	}
	switch p.Jitter {
	case FullJitter:
		return time.Duration(rng.Int64N(int64(b) + 1))
	case EqualJitter:
		return b/2 + time.Duration(rng.Int64N(int64(b/2)+1))
	default:
		return b
	}
}

func (r *Region) finish(k *sim.Kernel, slot int32, o models.Outcome) {
	rs := &r.reqs[slot]
	now := k.Now()
	r.rec.Finish(now, &rs.req, o, now.Sub(rs.req.Arrival))
	rs.live = false
	rs.gen++
	r.freeReq = append(r.freeReq, slot)
}

func (r *Region) allocReq(req models.Request) int32 {
	var slot int32
	if n := len(r.freeReq); n > 0 {
		slot = r.freeReq[n-1]
		r.freeReq = r.freeReq[:n-1]
	} else {
		r.reqs = append(r.reqs, reqState{})
		slot = int32(len(r.reqs) - 1)
	}
	rs := &r.reqs[slot]
	gen := rs.gen
	*rs = reqState{req: req, gen: gen + 1, live: true}
	return slot
}

func (r *Region) newEnv(k *sim.Kernel, fn int32, provisioned bool) int32 {
	var e int32
	if n := len(r.freeEnv); n > 0 {
		e = r.freeEnv[n-1]
		r.freeEnv = r.freeEnv[:n-1]
	} else {
		r.envs = append(r.envs, env{})
		e = int32(len(r.envs) - 1)
	}
	gen, life := r.envs[e].gen, r.envs[e].life
	r.envs[e] = env{fn: fn, state: envInit, provisioned: provisioned, idlePos: -1, req: -1,
		gen: gen + 1, life: life + 1, seq: r.nextSeq, created: k.Now(), expiryAt: sim.Never}
	r.nextSeq++
	r.envCount++
	return e
}

func (r *Region) destroy(e int32) {
	en := &r.envs[e]
	en.state = envGone
	en.gen++
	en.life++
	en.expiryAt = sim.Never
	en.req = -1
	r.envCount--
	r.freeEnv = append(r.freeEnv, e)
}

func (r *Region) gauges(now sim.Time) {
	r.rec.Gauge(now, models.Concurrency, float64(r.conc))
	r.rec.Gauge(now, models.Environments, float64(r.envCount))
}

// ceilMs rounds a duration up to whole milliseconds, at least one (Lambda
// bills in 1-ms increments since December 2020).
func ceilMs(d time.Duration) int64 {
	return max(1, int64((d+time.Millisecond-1)/time.Millisecond))
}
