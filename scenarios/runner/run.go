package runner

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/execsim/execsim/sim"
)

// Select is the plan's platforms that a run limited to names (empty:
// every platform) runs, in the plan's order: those named, and the peers a
// named composite (the hybrid blend) is built from. A command that warns
// about what a run will bill asks here (scenario.ShortRunWarning).
func Select(plan *scenario.Plan, names []string) ([]scenario.Compiled, error) {
	want := func(name string) bool { return len(names) == 0 || slices.Contains(names, name) }
	for _, c := range plan.Platforms {
		if comp, ok := c.Config.(platform.Composite); ok && want(c.Name()) {
			want = func(name string) bool {
				return len(names) == 0 || slices.Contains(names, name) || slices.Contains(comp.Peers(), name)
			}
		}
	}
	var chosen []scenario.Compiled
	for _, c := range plan.Platforms {
		if want(c.Name()) {
			chosen = append(chosen, c)
		}
	}
	if len(chosen) == 0 {
		return nil, scenario.InputError(fmt.Errorf("scenario %s defines none of the requested platforms %v", plan.Name, names))
	}
	return chosen, nil
}

// Options tune a run without changing its results.
type Options struct {
	// Platforms limits the run to these platforms (empty: every platform
	// the plan defines).
	Platforms []string
	// Progress, when set, is called with the fraction of simulated time done
	// (0..1) over all platforms, at most about 200 times per run. It may be
	// called from several goroutines, never concurrently.
	Progress func(done float64)
	// Context, when set, interrupts the run: every platform stops at the
	// same simulated time, the first 1/200th of the run that all of them
	// can reach, and Run returns what they did (Result.Partial) with an
	// error that wraps context.Canceled.
	Context context.Context

	// gate, when set, seats the run's simulations (RunAll), at urgency
	// prio.
	gate *gate
	prio int64
	// separate gives every platform a stream of its own, as before the
	// tee: the same run, bit for bit (tests compare the two).
	separate bool
	// chunk and depth size the tee's ring when set (0: teeChunk and
	// teeDepth): tests make them small, so that a run crosses chunk
	// boundaries and fills its ring all the time.
	chunk, depth int
}

// Result is everything a run produced.
type Result struct {
	Plan      *scenario.Plan
	Platforms []*PlatformResult // in the plan's order
	Wall      time.Duration     // wall-clock time of the run (not part of deterministic output)
	// Partial says the run was interrupted: Plan is then a copy of the
	// plan whose Duration is the simulated time every platform reached,
	// Asked the duration the plan asked for, and NotRun the platforms
	// that did not start (a composite, such as the hybrid blend, runs
	// only after its peers finish).
	Partial bool
	Asked   time.Duration
	NotRun  []string
	// Runs is how many whole runs were simulated: the platforms', and the
	// candidates a placement's search ran (at most Plan.Runs(); a
	// composite that reuses a peer's run costs none).
	Runs int
}

// Interrupted is the error of a run stopped before its end: how far every
// platform got of what was asked. It wraps the context's error.
type Interrupted struct {
	Reached, Asked time.Duration
	NotRun         []string // the platforms that did not run (Result.NotRun)
	// SearchCut are the composites whose search was cut short, reported
	// on the best config it had kept (a blend it ran to the end).
	SearchCut []string
	Cause     error // context.Canceled or context.DeadlineExceeded
}

func (e *Interrupted) Error() string {
	if e.Reached >= e.Asked && len(e.NotRun) == 0 && len(e.SearchCut) > 0 {
		return fmt.Sprintf("stopped during %s's search; it is reported on the best blend found so far, marked interrupted, and the other platforms ran the whole %v asked", strings.Join(e.SearchCut, ", "), e.Asked)
	}
	if e.Reached >= e.Asked && len(e.NotRun) > 0 {
		return fmt.Sprintf("stopped before %s finished; the other platforms ran the whole %v asked and are reported, marked partial", strings.Join(e.NotRun, ", "), e.Asked)
	}
	return fmt.Sprintf("stopped after %v of the %v asked; what every platform reached is reported, marked partial", e.Reached, e.Asked)
}

func (e *Interrupted) Unwrap() error { return e.Cause }

// PlatformResult is one platform's outcome.
type PlatformResult struct {
	Name        string
	Platform    platform.Platform
	Rec         *metrics.Recorder
	Events      uint64
	Fingerprint uint64
	End         sim.Time
	Usage       platform.Usage
	Cost        *Cost
	// Unforgotten is what kept the platform from being back in the state
	// it started the run in when the run ended ("" when it was: a
	// regeneration point, platform.Unforgotten).
	Unforgotten string
}

// Cost is one platform's money: the run's exact breakdown and its
// cumulative total per series window.
type Cost struct {
	Breakdown  cost.Breakdown
	Cumulative []cost.Money // one per window, ending at Breakdown.Total()
	// Services splits Breakdown by service (one part per service of the
	// plan, in order), or is nil for a platform that is no
	// platform.Allocator.
	Services *cost.Allocation
}

// Platform returns the named platform's result, or nil.
func (r *Result) Platform(name string) *PlatformResult {
	for _, m := range r.Platforms {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// Arrivals is the number of requests in the run (the same for every platform).
func (r *Result) Arrivals() int64 {
	if len(r.Platforms) == 0 {
		return 0
	}
	return r.Platforms[0].Rec.Arrivals()
}

// Events is the number of events over all platforms.
func (r *Result) Events() uint64 {
	var n uint64
	for _, m := range r.Platforms {
		n += m.Events
	}
	return n
}

// Fingerprint folds the platforms' fingerprints in their fixed order.
func (r *Result) Fingerprint() string {
	h := uint64(14695981039346656037)
	for _, m := range r.Platforms {
		h ^= m.Fingerprint
		h *= 1099511628211
	}
	return fmt.Sprintf("%016x", h)
}

// Run executes the plan: each platform in its own kernel on its own
// goroutine, all reading the arrival stream of the plan's seed, generated
// once (tee), the faster platforms waiting for the slowest.
// Results are gathered by index, so they never depend on which platform
// finishes first. A composite platform (the hybrid blend) runs after the
// platforms it is built from, which run too when it is asked for alone.
func Run(plan *scenario.Plan, opt Options) (*Result, error) {
	started := time.Now()
	chosen, err := Select(plan, opt.Platforms)
	if err != nil {
		return nil, err
	}
	if err := plan.CheckSize(); err != nil {
		return nil, err
	}
	// a platform that cannot take some services' payloads runs anyway and
	// fails their requests (scenario.PayloadProblems, which the command
	// prints as warnings)
	ctx := opt.Context
	if ctx == nil {
		ctx = context.Background()
	}
	res := &Result{Plan: plan, Platforms: make([]*PlatformResult, len(chosen)), Asked: plan.Duration}
	prog := newProgress(chosen, opt.Progress)
	var first, later []int
	for i, c := range chosen {
		if _, ok := c.Config.(platform.Composite); ok {
			later = append(later, i)
		} else {
			first = append(first, i)
		}
	}
	reached, err := runPhase(ctx, plan, chosen, first, res, prog, &opt)
	cutLater := false      // a composite interrupted after its peers finished
	var searchCut []string // composites reported on what a cut search kept
	if err == nil && reached == stretches && len(later) > 0 {
		var run []int // the composites whose config no trial has run already
		for _, i := range later {
			c := chosen[i]
			tried := map[platform.Config]*PlatformResult{}
			cfg, cerr := compose(ctx, plan, c, res, tried, &opt, func(trial int, f float64) { prog.trial(i, trial, f) })
			if cerr != nil {
				return nil, cerr
			}
			chosen[i] = scenario.Compiled{Platform: c.Platform, Config: cfg}
			prog.last(i) // the settled config's run, when it needs one
			if r, ok := tried[cfg]; ok {
				res.Platforms[i] = r
				prog.set(i, 1)
				if cut, ok := cfg.(platform.Cut); ok && cut.SearchCut() {
					searchCut = append(searchCut, c.Name())
				}
			} else if p, r := reusable(ctx, res, cfg); p != nil {
				if res.Platforms[i], err = reuse(plan, chosen[i], r, p); err != nil {
					return nil, err
				}
				prog.set(i, 1)
			} else {
				run = append(run, i)
			}
		}
		r := stretches
		if len(run) > 0 {
			r, err = runPhase(ctx, plan, chosen, run, res, prog, &opt)
		}
		if err == nil && r < stretches {
			// Its peers ran the whole run: a blend cut short would cover
			// less time than they do (and every figure of a run is over
			// one span), so it is left out, as not run.
			for _, i := range later {
				res.Platforms[i] = nil
			}
			cutLater = true
		}
	}
	if err != nil {
		return nil, err
	}
	for i, p := range res.Platforms {
		if p == nil {
			res.NotRun = append(res.NotRun, chosen[i].Name())
		}
	}
	res.Platforms = slices.DeleteFunc(res.Platforms, func(p *PlatformResult) bool { return p == nil })
	res.Wall = time.Since(started)
	if reached < stretches || cutLater || len(searchCut) > 0 {
		if reached < stretches {
			q := *plan
			q.Duration = time.Duration(sliceEnd(plan, reached))
			res.Plan = &q
		}
		res.Partial = true
		return res, &Interrupted{Reached: res.Plan.Duration, Asked: plan.Duration, NotRun: res.NotRun, SearchCut: searchCut, Cause: ctx.Err()}
	}
	return res, nil
}

// reusable is the finished peer run that cfg reproduces and cfg as a
// platform.Reuser, or nil when it must run. An interrupted run reuses
// nothing: the config then runs, is cut at once and is left out, as any
// composite interrupted after its peers finished.
func reusable(ctx context.Context, res *Result, cfg platform.Config) (*PlatformResult, platform.Reuser) {
	r, ok := cfg.(platform.Reuser)
	if !ok || r.Reuses() == "" || ctx.Err() != nil {
		return nil, nil
	}
	for _, p := range res.Platforms {
		if p != nil && p.Name == r.Reuses() && p.End == sim.At(res.Plan.Duration) {
			return p, r
		}
	}
	return nil, nil
}

// reuse makes a composite's result from the finished run of the peer its
// config reproduces (platform.Reuser): that run's recorder, events and
// fingerprint, shared, and the config's own model finishing on them.
// Nothing writes a finished run's recorder, so sharing it is safe.
func reuse(plan *scenario.Plan, c scenario.Compiled, r platform.Reuser, p *PlatformResult) (*PlatformResult, error) {
	out := &PlatformResult{Name: c.Name(), Platform: c.Platform, Rec: p.Rec, Events: p.Events, Fingerprint: p.Fingerprint, End: p.End}
	if err := account(out, r.Reuse(p.Usage, p.Rec), plan); err != nil {
		return nil, err
	}
	return out, nil
}

// runPhase runs the chosen platforms at the given indices in parallel and
// returns the stretch they all reached. Two or more read one arrival
// stream (tee), unless opt says separate.
func runPhase(ctx context.Context, plan *scenario.Plan, chosen []scenario.Compiled, which []int, res *Result, prog *progress, opt *Options) (int, error) {
	res.Runs += len(which)
	errs := make([]error, len(which))
	stop := newStopper(len(which))
	reached := make([]int, len(which))
	var t *tee
	if len(which) > 1 && !opt.separate {
		var err error
		if t, err = newPlanTee(plan, len(which)); err != nil {
			return 0, err
		}
		if opt.chunk > 0 && opt.depth > 0 {
			t.chunk, t.depth = opt.chunk, opt.depth
		}
		defer t.interruptOn(ctx)()
	}
	var wg sync.WaitGroup
	for j, i := range which {
		c := chosen[i]
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { stop.leave(reached[j]) }()
			s := &seat{g: opt.gate, prio: opt.prio}
			defer s.drop()
			var src models.Source
			if t != nil {
				r := t.reader(j, s)
				defer r.leave() // before the seat goes: nobody waits for it
				src = r
			}
			defer recoverInto(&errs[j], c.Name())
			res.Platforms[i], reached[j], errs[j] = runPlatform(ctx, stop, plan, c, src, s, func(f float64) { prog.set(i, f) })
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return 0, err
		}
	}
	return reached[0], nil
}

// compose settles a composite's config. A platform.Trier gets to run
// candidates, one at a time, each over the whole run as runPlatform runs
// a platform (so deterministic); tried keeps their results by config, so
// that the candidate it settles on is not run twice.
//
// progress is told each trial's number (from 0) and how far it is.
func compose(ctx context.Context, plan *scenario.Plan, c scenario.Compiled, res *Result, tried map[platform.Config]*PlatformResult, opt *Options, progress func(trial int, f float64)) (platform.Config, error) {
	t, ok := c.Config.(platform.Trier)
	if !ok {
		return c.Config.(platform.Composite).Compose(res.done())
	}
	trials := 0
	return t.ComposeTrying(res.done(), func(cfg platform.Config) (platform.Done, bool, error) {
		if ctx.Err() != nil {
			return platform.Done{}, false, nil
		}
		n := trials
		trials++
		res.Runs++
		var p *PlatformResult
		var reached int
		err := func() (err error) {
			s := &seat{g: opt.gate, prio: opt.prio}
			defer s.drop()
			defer recoverInto(&err, c.Name())
			p, reached, err = runPlatform(ctx, newStopper(1), plan, scenario.Compiled{Platform: c.Platform, Config: cfg}, nil, s, func(f float64) { progress(n, f) })
			return err
		}()
		if err != nil || reached < stretches {
			return platform.Done{}, false, err
		}
		tried[cfg] = p
		return platform.Done{Name: p.Name, Rec: p.Rec, Usage: p.Usage, Breakdown: p.Cost.Breakdown, Services: p.Cost.Services}, true, nil
	})
}

// done lists the finished platforms' results for a Composite.
func (r *Result) done() []platform.Done {
	var out []platform.Done
	for _, p := range r.Platforms {
		if p != nil {
			out = append(out, platform.Done{Name: p.Name, Rec: p.Rec, Usage: p.Usage, Breakdown: p.Cost.Breakdown, Services: p.Cost.Services})
		}
	}
	return out
}

// stretches is how many stretches a run is cut into, for progress and for
// stopping every platform at the same time when interrupted.
const stretches = 200

// sliceEnd is the simulated time at the end of slice i (of stretches).
func sliceEnd(plan *scenario.Plan, i int) sim.Time {
	if i >= stretches {
		return sim.At(plan.Duration)
	}
	return sim.Time(int64(plan.Duration) / stretches * int64(i))
}

// stopper makes interrupted platforms stop at one common slice: each that
// sees the interruption arrives and waits until every platform has arrived
// or left; all then run on to the furthest slice any had reached.
type stopper struct {
	mu      sync.Mutex
	cond    *sync.Cond
	n       int
	arrived int
	gone    int
	at      int
}

func newStopper(n int) *stopper {
	s := &stopper{n: n}
	s.cond = sync.NewCond(&s.mu)
	return s
}

// agree is called once by a platform that saw the interruption after
// slice i; it returns the slice every platform stops at.
func (s *stopper) agree(i int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.arrived++
	s.at = max(s.at, i)
	s.cond.Broadcast()
	for s.arrived+s.gone < s.n {
		s.cond.Wait()
	}
	return s.at
}

// leave is called by every platform when it ends, at the slice it reached.
func (s *stopper) leave(reached int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gone++
	s.at = max(s.at, reached)
	s.cond.Broadcast()
}

// runPlatform runs one platform of the plan on arrivals from src, or from
// a stream of its own when src is nil, computing while it holds its seat
// s (which it takes, and which its caller gives back).
func runPlatform(ctx context.Context, stop *stopper, plan *scenario.Plan, c scenario.Compiled, src models.Source, s *seat, progress func(float64)) (*PlatformResult, int, error) {
	s.take()
	k := sim.New(plan.Seed)
	rec := metrics.NewRecorder(plan.Window, len(plan.Workload.Services))
	rec.SetSpan(plan.Warmup, plan.Duration)
	m, err := c.Config.Build(k, rec)
	if err != nil {
		return nil, 0, scenario.InputError(err)
	}
	if src == nil {
		src = workload.NewStream(plan.Workload, plan.Seed, plan.Duration)
	}
	models.Drive(k, src, m, rec)

	// Run in stretches of simulated time so progress can be shown, and so
	// that an interruption stops every platform at the same time.
	target, agreed := stretches, false
	for i := 1; i <= target; i++ {
		k.RunUntil(sliceEnd(plan, i))
		if progress != nil {
			progress(float64(i) / stretches)
		}
		if i < target && !agreed && ctx.Err() != nil {
			s.drop() // while it waits for the others
			target, agreed = stop.agree(i), true
			s.take()
		}
		s.yield()
	}
	end := sliceEnd(plan, target)
	k.RunUntil(end)
	rec.Close(end)
	out := &PlatformResult{Name: c.Name(), Platform: c.Platform, Rec: rec,
		Events: k.Events(), Fingerprint: k.Fingerprint(), End: end}
	if err := CheckConservation(out.Name, rec); err != nil {
		return nil, target, err
	}
	if err := account(out, m, plan); err != nil {
		return nil, target, err
	}
	return out, target, nil
}

// account fills in a run's usage and cost from its model m, once the run
// has ended (out.End) and its recorder is closed.
func account(out *PlatformResult, m platform.Model, plan *scenario.Plan) error {
	out.Unforgotten = platform.Unforgotten(m, out.Rec.InFlight())
	out.Usage = m.Finish(platform.Run{Duration: time.Duration(out.End), Services: plan.Workload.Services, Cost: &plan.Cost, Rec: out.Rec, End: out.End})
	b, weights, err := out.Usage.Cost()
	if err != nil {
		return err
	}
	out.Cost = &Cost{Breakdown: b, Cumulative: cost.Cumulative(b.Total(), weights)}
	out.Cost.Services, err = allocate(out.Name, out.Usage, b, len(plan.Workload.Services))
	return err
}

// allocate splits a platform's bill by service when the platform can, and
// checks that the split covers every service and adds up to the bill.
func allocate(name string, u platform.Usage, b cost.Breakdown, services int) (*cost.Allocation, error) {
	al, ok := u.(platform.Allocator)
	if !ok {
		return nil, nil
	}
	a, err := al.Allocate(b)
	if err == nil && len(a.Parts) != services {
		err = fmt.Errorf("%d parts for %d services", len(a.Parts), services)
	}
	if err == nil {
		err = a.Check(b)
	}
	if err != nil {
		return nil, fmt.Errorf("internal error: %s cost by service: %w", name, err)
	}
	return &a, nil
}

// recoverInto turns a panic of the goroutine running what into an internal
// error with its stack, so that a bug in one platform's model is reported
// as a bug (exit status 1) rather than crashing the process with a trace
// and the status reserved for bad input.
func recoverInto(err *error, what string) {
	if r := recover(); r != nil {
		*err = &PanicError{What: what, Value: r, Stack: debug.Stack()}
	}
}

// PanicError is a panic recovered from a goroutine: a bug in execsim.
type PanicError struct {
	What  string
	Value any
	Stack []byte
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("internal error: %s panicked: %v", e.What, e.Value)
}

// CheckConservation enforces arrivals = completed + throttled + rejected +
// failed + in_flight (DESIGN §7). A violation is a bug in a model.
func CheckConservation(name string, rec *metrics.Recorder) error {
	sum := rec.InFlight()
	for _, o := range []models.Outcome{models.Completed, models.Throttled, models.Rejected, models.Failed} {
		sum += rec.Count(o)
	}
	if rec.InFlight() < 0 || sum != rec.Arrivals() {
		return fmt.Errorf("internal error: %s model broke conservation: arrivals %d, completed %d + throttled %d + rejected %d + failed %d + in flight %d",
			name, rec.Arrivals(), rec.Count(models.Completed), rec.Count(models.Throttled), rec.Count(models.Rejected), rec.Count(models.Failed), rec.InFlight())
	}
	return nil
}

// progress combines per-platform fractions into one callback, each
// platform weighted by the most runs it may take (platform.Runs): a
// placement's search runs candidates, each of which advances its slot by
// a share, so that the whole only ever rises.
type progress struct {
	mu     sync.Mutex
	frac   []float64
	weight []float64
	// lo and span map a run's own fraction into its slot: a trial's run
	// covers its share of the slot, a run after the trials what is left.
	lo, span []float64
	fn       func(float64)
}

func newProgress(chosen []scenario.Compiled, fn func(float64)) *progress {
	p := &progress{frac: make([]float64, len(chosen)), fn: fn}
	for _, c := range chosen {
		w := float64(platform.Runs(c.Config))
		p.weight = append(p.weight, w)
		p.lo = append(p.lo, 0)
		p.span = append(p.span, 1/w) // a Trier's runs are its trials
	}
	return p
}

// trial sets slot i to trial n's fraction f: (n + f) / runs; a trial
// beyond the bound (a search that broke it) holds the slot where it is.
func (p *progress) trial(i, n int, f float64) {
	p.mu.Lock()
	w := p.weight[i]
	p.lo[i], p.span[i] = float64(n)/w, 1/w
	if float64(n) >= w {
		p.lo[i], p.span[i] = p.frac[i], 0
	}
	p.mu.Unlock()
	p.set(i, f)
}

// last maps slot i's next run, a settled config no trial ran, to the rest
// of the slot, from where it is.
func (p *progress) last(i int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lo[i] = p.frac[i]
	p.span[i] = 1 - p.lo[i]
}

func (p *progress) set(i int, f float64) {
	if p.fn == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.frac[i] = max(p.frac[i], p.lo[i]+p.span[i]*f)
	var sum, total float64
	for k, x := range p.frac {
		sum += x * p.weight[k]
		total += p.weight[k]
	}
	p.fn(sum / total)
}

func isCanceled(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
