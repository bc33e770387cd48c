package lambda

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/slab"
	"github.com/execsim/execsim/models/streams"
	"github.com/execsim/execsim/sim"
)

// reqState is a request in the region, from arrival to its final outcome,
// across retries. It holds the request's fields itself, not a
// models.Request: that struct's int Service and trailing Cold pad it to 56
// bytes, and the retry bookkeeping after it made the slot 72. Packed
// together the slot is 56 bytes (issue 13: at most 160 B of live heap per
// request in flight). request rebuilds the models.Request for the
// recorder.
type reqState struct {
	id       int64
	arrival  sim.Time
	work     models.Work
	service  int32  // < len(Region.fns) (Submit checks); env.fn is an int32 too
	gen      uint32 // numbers the slot's retry events
	attempts int32  // invocation attempts refused so far (sync retries, async re-queues)
	failures uint8  // timed-out attempts (async function-error retries), at most maxAsyncRetries
	cold     bool   // models.Request.Cold: some attempt waited for a new environment
	live     bool
	// answered: the front door answered the client (Config.FrontDoorTimeout)
	// while the invocation runs on; its end frees the slot unrecorded
	answered bool
}

// fnState is a function's state in the region. A fleet's request finds
// its function's state cold: 500 functions at 1 req/s each come back to a
// function some 500 requests later, by which time the lines it touched
// have left the caches, so what a warm request costs over one function's
// is a miss per distinct cache line of its function it touches (perf and
// pprof of BenchmarkFleetVsSingleCPU put the fleet's extra time on those
// loads: BENCHMARKS.md, lam4). The fields a warm invocation reads and
// writes therefore come first, in six lines: line 0 what invoke and
// start read (the RPS bucket, the CPU share, the timeout, on-demand
// concurrency), line 1 what they and release count and sample (Usage's
// per-request counters, the busy time, the keep-alive and the maximum
// lifetime, the flags that stand in for the configuration's fields), line
// 2 the function's keep-alive stream (drawn at every release) and the idle
// set's header, which runs into line 3, the other half of the aligned
// pair, with its one word of marks while 64 positions are enough, and
// lines 4 and 5, the next pair, its small page numbers and its first page
// (a function with a few environments needs no other memory). The rest,
// cold or per cold start, follows, with the function's other streams.
// TestFnStateLayout checks the split. fnState's size is a multiple of
// 128, so in a fleet's []fnState (above 32 KiB, a large object,
// page-aligned) each function starts on a
// 128-byte boundary: lines 0 and 1 are one aligned pair, which the
// processor's adjacent-line prefetch fetches together (two lines of a
// request's function for one miss: the fleet's request 323 → 311 cpu-ns,
// medians of 16 alternating runs, BENCHMARKS.md, lam4). A smaller
// region's functions start 8 bytes into a line (the runtime's allocation
// header), but fit in the L1 cache all together.
type fnState struct {
	// line 0
	rps      bucket        // 32 B
	cpuShare float64       // cfg.CPUShare()
	timeout  time.Duration // cfg.Timeout
	odConc   int           // on-demand environments initialising or busy
	odCap    int           // on-demand ceiling from reserved concurrency, −1 for the shared pool

	// line 1: Usage's Calls, Invocations and DurationMs, counted here and
	// copied into it by Region.Usage, and the busy time behind its
	// BusySeconds
	calls, invocations, durationMs int64
	busyNs                         float64         // of invocations that ended
	keepAlive                      dist.PCGSampler // cfg.KeepAlive (keepAliveOf)
	maxLife                        time.Duration   // cfg.MaxLifetime
	rpsSync                        bool            // cfg.RPSLimit && cfg.Invocation == Sync
	hasPC                          bool            // cfg.ProvisionedConcurrency > 0

	// line 2 on. rngKeep and the streams at the end are the function's own
	// (streams.go): one function's traffic moves no other's draws.
	rngKeep rand.PCG
	idle    idleSet

	cfg    *Function
	pcIdle []int32 // idle provisioned environments (a stack)
	// pcRate is the provisioned version's requests per second (10 × its
	// provisioned concurrency): only a function with provisioned
	// concurrency reads it (invokeSlot), so it stays out of line 0
	pcRate  bucket
	scaling bucket
	init    coldStart
	usage   Usage // but Calls, Invocations and DurationMs (above)

	// the pad before the last field, not after it: a zero-size last
	// field would be padded itself (so that its address is inside the
	// struct)
	_                          [fnStatePad]byte
	rngCold, rngWarm, rngRetry rand.PCG
}

// fnStatePad makes fnState's size a multiple of 128 bytes (TestFnStateLayout).
const fnStatePad = 8

// Region is the Lambda model of one region. It implements sim.Handler and
// models.Submitter.
type Region struct {
	k   *sim.Kernel
	cfg Config
	rec models.Recorder
	fns []fnState
	// allNs is each function's time of environments retired, in ns,
	// kept out of fnState (see windows): it changes once per environment.
	allNs []float64

	envs    slab.Slab[env]
	reqs    slab.Slab[reqState]
	nextSeq uint64

	unreservedConc int // on-demand concurrency of functions without reserved concurrency
	unreservedCap  int // quota − Σ reserved − Σ provisioned of unreserved functions
	legacy         bucket
	// rps is the account's requests per second, 10 × its concurrency
	// quota, which every synchronous invocation of every function passes
	// besides its function's own (admitRate).
	rps bucket
	// countFrom is when the throttles counted by cause (Usage) start:
	// attempts of requests that arrived before it are not counted, as the
	// recorder counts no outcome of the warm-up (CountFrom).
	countFrom sim.Time
	// windows is the per-function state of Scaling: Window (nil otherwise),
	// kept out of fnState: a larger fnState slowed BenchmarkSteadyState.
	windows []window

	conc     int // all environments initialising or busy
	envCount int // all environments that exist
	busy     int // environments running an invocation

	// rng draws from the stream of a function it is pointed at (streams.go).
	rng *streams.Rand

	// out is the models.Request that request rebuilds for the recorder,
	// which reads it during the call and keeps no pointer to it.
	out models.Request
}

// New builds a region on kernel k. cfg must be valid (Validate). Provisioned
// environments exist, initialised, from time zero.
func New(k *sim.Kernel, cfg Config, rec models.Recorder) (*Region, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	r := &Region{
		k:      k,
		cfg:    cfg,
		rec:    rec,
		rng:    streams.New(),
		legacy: newBucket(float64(cfg.LegacyBurst), cfg.LegacyRefillPerMinute/60),
		// "Across all functions in your account, Lambda enforces a
		// requests per second limit that's equal to 10 times your account
		// concurrency" (lambda-concurrency.html, "Understanding
		// concurrency and requests per second": 10,000 at the default
		// 1,000), besides each function's own below. A bucket like the
		// function's, one second of it at once and refilled continuously:
		// AWS states the rate, not how it is metered, so the account's is
		// assumed to meter as the function's does. First come, first
		// served across functions: with exactly periodic arrivals (process
		// even) which function's requests it throttles follows their phase,
		// not the functions (TestAccountRPSSplitFollowsPhase).
		rps: newBucket(float64(10*cfg.AccountConcurrency), float64(10*cfg.AccountConcurrency)),
	}
	r.unreservedCap = cfg.AccountConcurrency
	r.fns = make([]fnState, len(cfg.Functions))
	r.allNs = make([]float64, len(cfg.Functions))
	for i := range cfg.Functions {
		f := &r.cfg.Functions[i]
		fs := &r.fns[i]
		fs.cfg = f
		fs.seed(k.Seed())
		fs.idle.newest = f.WarmSelection == Newest
		fs.idle.byAge = f.WarmSelection != Random
		fs.cpuShare = f.CPUShare()
		fs.timeout, fs.maxLife, fs.keepAlive = f.Timeout, f.MaxLifetime, keepAliveOf(f.KeepAlive, r.rng)
		fs.rpsSync = f.RPSLimit && f.Invocation == Sync
		fs.hasPC = f.ProvisionedConcurrency > 0
		fs.scaling = newBucket(float64(cfg.ScalingBurst), cfg.ScalingRefillPerSecond)
		if cfg.Scaling == Window {
			r.windows = append(r.windows, newWindow(cfg.ScalingWindowSize, cfg.ScalingWindow))
		}
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
		// ... and a version with provisioned concurrency takes at most
		// 10 × it ("Invocation requests per function version or alias": "10
		// x allocated provisioned concurrency", which "applies only to
		// functions that use provisioned concurrency", same page). AWS
		// does not say what becomes of the requests above it; they are
		// assumed to spill over to on-demand environments, as requests
		// beyond the provisioned environments do (provisioned-
		// concurrency.html), not to be throttled (invokeSlot), even while
		// provisioned environments idle: an assumption every cost verdict
		// states (scenarios/platforms/lambda, Assumptions).
		fs.pcRate = newBucket(float64(10*f.ProvisionedConcurrency), float64(10*f.ProvisionedConcurrency))
		fs.init = cold(f)
		fs.usage = newUsage(f)
		for range f.ProvisionedConcurrency {
			e := r.newEnv(k, int32(i), true)
			r.envs.At(e).state = envIdle
			fs.pcIdle = append(fs.pcIdle, e)
		}
	}
	r.gauges(k.Now())
	return r, nil
}

// Submit implements models.Submitter: a request arrives for function req.Service.
func (r *Region) Submit(k *sim.Kernel, req models.Request) {
	if req.Service < 0 || req.Service >= len(r.fns) {
		panic(fmt.Sprintf("lambda: request %d for function %d of %d", req.ID, req.Service, len(r.fns)))
	}
	slot, rs := r.reqs.Alloc()
	// Field by field, every field: a composite literal was built on the
	// stack and copied in wide loads that stalled on store forwarding, two
	// thirds of Submit's own time (perf annotate, issue 13).
	rs.id, rs.arrival, rs.work = req.ID, req.Arrival, req.Work
	rs.service, rs.gen, rs.attempts, rs.failures = int32(req.Service), rs.gen+1, 0, 0
	rs.cold, rs.live, rs.answered = req.Cold, true, false
	fs := &r.fns[req.Service]
	fs.calls++
	r.invokeSlot(k, slot, rs, fs)
}

// Handle implements sim.Handler.
func (r *Region) Handle(k *sim.Kernel, ev sim.Event) {
	switch ev.Kind {
	case kindInitDone:
		e := int32(ev.ID)
		en := r.envs.At(e)
		if en.gen != ev.Gen {
			return
		}
		if slot := en.req; slot >= 0 {
			// the invocation was asked for when the environment was
			// created for it (invokeSlot)
			r.start(k, e, en, slot, r.reqs.At(slot), &r.fns[en.fn], en.created)
		} else {
			r.release(k, e, en) // a provisioned environment re-initialised after a timeout
		}
	case kindDone:
		e := int32(ev.ID)
		en := r.envs.At(e)
		if en.gen != ev.Gen {
			return
		}
		r.done(k, e, en)
	case kindExpire:
		r.expire(k, int32(ev.ID), ev)
	case kindFrontDoorTimeout:
		slot := int32(ev.ID)
		rs := r.reqs.At(slot)
		if !rs.live || rs.gen != ev.Gen || rs.answered {
			return
		}
		// the client's request fails now; the slot stays until the
		// invocation ends (finish)
		rs.answered = true
		now := k.Now()
		r.rec.Finish(now, r.request(rs), models.Failed, now.Sub(rs.arrival))
	case kindRetry:
		slot := int32(ev.ID)
		rs := r.reqs.At(slot)
		if !rs.live || rs.gen != ev.Gen {
			return
		}
		if fs := &r.fns[rs.service]; fs.cfg.Invocation == Sync {
			fs.calls++ // a client retry is another call through the front door
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
	rs := r.reqs.At(slot)
	r.invokeSlot(k, slot, rs, &r.fns[rs.service])
}

// invokeSlot is invoke with the request's slot and its function's state
// looked up (Submit has them at hand).
func (r *Region) invokeSlot(k *sim.Kernel, slot int32, rs *reqState, fs *fnState) {
	now := k.Now()
	// The 10 × concurrency caps limit synchronous invocations
	// (gettingstarted-limits.html); queued async events are not subject to
	// them.
	if fs.rpsSync && !r.admitRate(now, rs, fs) {
		r.throttle(k, slot)
		return
	}
	// Provisioned concurrency serves first, up to 10 requests per second
	// per provisioned environment (fs.pcRate, a synchronous quota as the
	// function's is); load beyond either spills over to on-demand
	// environments (provisioned-concurrency.html).
	if fs.hasPC && len(fs.pcIdle) > 0 && (!fs.rpsSync || fs.pcRate.take(now, 1)) {
		n := len(fs.pcIdle)
		e := fs.pcIdle[n-1]
		fs.pcIdle = fs.pcIdle[:n-1]
		en := r.envs.At(e)
		en.gen++
		r.conc++
		r.start(k, e, en, slot, rs, fs, now)
		return
	}
	// A warm environment still needs concurrency: the quota counts requests
	// in flight, and idle environments of unreserved functions do not hold
	// any of the shared pool (a reserved function's never exceed its ceiling).
	if fs.idle.n > 0 && (fs.odCap >= 0 || r.unreservedConc < r.unreservedCap) {
		var e int32
		var en *env
		if fs.idle.byAge { // Newest or Oldest
			e, en = fs.idle.take(r)
		} else {
			e, en = fs.idle.remove(r, r.rng.From(&fs.rngWarm).IntN(fs.idle.len()))
		}
		en.gen++
		r.acquire(fs)
		r.start(k, e, en, slot, rs, fs, now)
		return
	}
	if !r.concurrencyFree(fs) || !r.scalingToken(now, int(rs.service), fs) {
		r.throttle(k, slot)
		return
	}
	// A cold start: the request waits for a new environment to initialise.
	e := r.newEnv(k, rs.service, false)
	r.acquire(fs)
	d, billed, spill := fs.init.sample(r.rng.From(&fs.rngCold))
	en := r.envs.At(e)
	en.req = slot
	en.spill = spill
	fs.usage.coldStart(billed)
	rs.cold = true
	r.rec.ColdStart(now, r.request(rs))
	if t := r.cfg.FrontDoorTimeout; t > 0 && d >= t && fs.cfg.Invocation == Sync {
		// the front door gives up before the environment is ready
		k.After(t, r, kindFrontDoorTimeout, int64(slot), rs.gen)
	}
	k.After(d, r, kindInitDone, int64(e), en.gen)
	r.gauges(now)
}

// admitRate passes a synchronous invocation of fs through the two
// requests-per-second caps, the function's own and the account's
// (New): it takes a token from both, or, when either is empty, from
// neither, and counts the refusal by the cap that refused it, the
// account's when both are empty: a function without reserved
// concurrency has the account's cap as its own, and raising the account's
// quota raises both. A refused invocation is a throttle, as AWS's 429 for
// it is.
//
// What an attempt spends is an assumption, which every cost verdict
// states (scenarios/platforms/lambda, Assumptions): AWS documents the
// caps' rates (lambda-concurrency.html, gettingstarted-limits.html) but
// not whether a throttled request counts against them. The model checks
// the rate first, as a request-rate quota on the Invoke API is met before
// the request is placed, and an attempt that passes keeps its tokens even
// when the concurrency quota or the scaling rate then throttles it (and a
// client's retry is another attempt, which spends again): the caps count
// the requests that reached Lambda, not the invocations that ran. An
// attempt a cap refuses spends nothing, from neither bucket: were refused
// attempts charged too, a load above a cap would keep its bucket empty
// and be refused whole, where a rate limit admits its rate. The other
// reading, handing back the tokens of an attempt that a later limit
// throttles, would throttle less under load that also hits the
// concurrency quota; TestThrottledAttemptsSpendRPS pins this one.
func (r *Region) admitRate(now sim.Time, rs *reqState, fs *fnState) bool {
	fs.rps.refill(now)
	r.rps.refill(now)
	if fs.rps.holds(1) && r.rps.holds(1) {
		fs.rps.spend(1)
		r.rps.spend(1)
		return true
	}
	if rs.arrival >= r.countFrom {
		if !r.rps.holds(1) {
			fs.usage.AccountRateThrottled++
		} else {
			fs.usage.RateThrottled++
		}
	}
	return false
}

// CountFrom makes the throttles counted by cause (Usage.Throttled,
// RateThrottled, AccountRateThrottled) those of requests that arrived at
// or after t, the recorder's warm-up, so that they are counted as the
// recorder counts outcomes. Set before the run; 0 counts all.
func (r *Region) CountFrom(t sim.Time) { r.countFrom = t }

// start runs the request in slot (rs) on environment e (en) of function fs,
// an invocation asked for at attempt (now, or when a cold start began).
// Callers pass the slots' pointers, which stay valid (slab pages never
// move), so the hot path looks each up once.
func (r *Region) start(k *sim.Kernel, e int32, en *env, slot int32, rs *reqState, fs *fnState, attempt sim.Time) {
	now := k.Now()
	en.state = envBusy
	en.req = slot
	en.mark = now // started
	// a suppressed init (INIT over 10 s) runs again inside the invocation
	d := en.spill + rs.work.ServiceTime(fs.cpuShare)
	en.spill = 0
	en.timedOut = d > fs.timeout
	if en.timedOut {
		d = fs.timeout
	}
	fs.invocation(d, en.provisioned)
	if t := r.cfg.FrontDoorTimeout; t > 0 && fs.cfg.Invocation == Sync {
		// The front door answers 504 at attempt + t if the invocation
		// ends later; a cold start that outlasted t was seen to in
		// invokeSlot.
		if at := attempt.Add(t); at > now && now.Add(d) > at {
			k.After(at.Sub(now), r, kindFrontDoorTimeout, int64(slot), rs.gen)
		}
	}
	k.After(d, r, kindDone, int64(e), en.gen)
	r.busy++
	r.rec.Gauge(now, models.Busy, float64(r.busy))
	r.gauges(now)
}

// done ends the invocation on e (en): success, or a timeout.
func (r *Region) done(k *sim.Kernel, e int32, en *env) {
	slot := en.req
	en.req = -1
	fs := &r.fns[en.fn]
	fs.busyNs += float64(k.Now() - en.mark)
	r.busy--
	r.rec.Gauge(k.Now(), models.Busy, float64(r.busy))
	if !en.timedOut {
		r.finish(k, slot, models.Completed)
		r.releaseIn(k, e, en, fs)
		return
	}
	// On a timeout Lambda resets the execution environment
	// (lambda-runtime-environment.html): an on-demand one is discarded, a
	// provisioned one initialises again before it serves.
	en.timedOut = false
	if en.provisioned {
		en.state = envInit
		en.gen++
		d, _, spill := fs.init.sample(r.rng.From(&fs.rngCold))
		en.spill = spill
		k.After(d, r, kindInitDone, int64(e), en.gen)
	} else {
		r.unacquire(fs)
		r.destroy(e)
	}
	r.gauges(k.Now())
	if r.reqs.At(slot).answered || !r.retryFailed(k, slot, fs.cfg) {
		r.finish(k, slot, models.Failed)
	}
}

// finish reports the request's outcome and frees its slot. A request the
// front door already answered (kindFrontDoorTimeout) has its outcome.
func (r *Region) finish(k *sim.Kernel, slot int32, o models.Outcome) {
	rs := r.reqs.At(slot)
	now := k.Now()
	if !rs.answered {
		r.rec.Finish(now, r.request(rs), o, now.Sub(rs.arrival))
	}
	rs.live = false
	rs.gen++
	r.reqs.Free(slot)
}

// request is the request in rs as the recorder sees it, in r.out.
func (r *Region) request(rs *reqState) *models.Request {
	// field by field, as in Submit
	o := &r.out
	o.ID, o.Arrival, o.Service, o.Work, o.Cold = rs.id, rs.arrival, int(rs.service), rs.work, rs.cold
	return o
}

func (r *Region) gauges(now sim.Time) {
	r.rec.Gauge(now, models.Concurrency, float64(r.conc))
	r.rec.Gauge(now, models.Environments, float64(r.envCount))
}

// keepAliveOf is d as releaseIn draws it: straight from the function's
// keep-alive stream when d can (dist.PCGSampler: the default uniform, a
// constant), else through rng, as every draw went before. Either way the
// same numbers from the same stream (TestKeepAliveOfDrawsAsSample).
func keepAliveOf(d dist.Dist, rng *streams.Rand) dist.PCGSampler {
	if s, ok := d.(dist.PCGSampler); ok {
		return s
	}
	return viaRand{d, rng}
}

// viaRand draws d through a rand.Rand on the stream.
type viaRand struct {
	d   dist.Dist
	rng *streams.Rand
}

func (v viaRand) SamplePCG(p *rand.PCG) time.Duration { return v.d.Sample(v.rng.From(p)) }
