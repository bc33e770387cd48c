package scenarios

import (
	"fmt"
	"sync"
	"time"

	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/kubernetes"
	"github.com/execsim/execsim/models/lambda"
	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/sim"
)

// Model names, in the fixed order results are reported.
const (
	ModelKubernetes = "kubernetes"
	ModelLambda     = "lambda"
)

// Options tune a run without changing its results.
type Options struct {
	// Models limits the run to these models (empty: every model the plan defines).
	Models []string
	// Progress, when set, is called with the fraction of simulated time done
	// (0..1) over all models, at most about 200 times per run. It may be
	// called from several goroutines, never concurrently.
	Progress func(done float64)
}

// Result is everything a run produced.
type Result struct {
	Plan   *Plan
	Models []*ModelResult // in ModelKubernetes, ModelLambda order
	Wall   time.Duration  // wall-clock time of the run (not part of deterministic output)
}

// ModelResult is one model's outcome.
type ModelResult struct {
	Name        string
	Rec         *metrics.Recorder
	Events      uint64
	Fingerprint uint64
	End         sim.Time
	Lambda      []lambda.Usage    // per function, for the lambda model
	Kubernetes  *kubernetes.Usage // for the kubernetes model
	Cost        *ModelCost
}

// Model returns the named model's result, or nil.
func (r *Result) Model(name string) *ModelResult {
	for _, m := range r.Models {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// Arrivals is the number of requests in the run (the same for every model).
func (r *Result) Arrivals() int64 {
	if len(r.Models) == 0 {
		return 0
	}
	return r.Models[0].Rec.Arrivals()
}

// Events is the number of events over all models.
func (r *Result) Events() uint64 {
	var n uint64
	for _, m := range r.Models {
		n += m.Events
	}
	return n
}

// Fingerprint folds the models' fingerprints in their fixed order.
func (r *Result) Fingerprint() string {
	h := uint64(14695981039346656037)
	for _, m := range r.Models {
		h ^= m.Fingerprint
		h *= 1099511628211
	}
	return fmt.Sprintf("%016x", h)
}

// model is what the runner needs of an execution model.
type model interface {
	sim.Handler
	models.Submitter
}

// Run executes the plan: each model in its own kernel on its own goroutine,
// all regenerating the same arrival stream from the plan's seed. Results are
// gathered by index, so they never depend on which model finishes first.
func Run(plan *Plan, opt Options) (*Result, error) {
	started := time.Now()
	var names []string
	if plan.Kubernetes != nil && wanted(opt.Models, ModelKubernetes) {
		names = append(names, ModelKubernetes)
	}
	if plan.Lambda != nil && wanted(opt.Models, ModelLambda) {
		names = append(names, ModelLambda)
	}
	if len(names) == 0 {
		return nil, InputError(fmt.Errorf("scenario %s defines none of the requested models %v", plan.Name, opt.Models))
	}
	res := &Result{Plan: plan, Models: make([]*ModelResult, len(names))}
	errs := make([]error, len(names))
	prog := newProgress(len(names), opt.Progress)
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res.Models[i], errs[i] = runModel(plan, name, func(f float64) { prog.set(i, f) })
			if errs[i] == nil {
				errs[i] = price(plan, res.Models[i])
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	res.Wall = time.Since(started)
	return res, nil
}

func wanted(list []string, name string) bool {
	if len(list) == 0 {
		return true
	}
	for _, n := range list {
		if n == name {
			return true
		}
	}
	return false
}

func runModel(plan *Plan, name string, progress func(float64)) (*ModelResult, error) {
	k := sim.New(plan.Seed)
	rec := metrics.NewRecorder(plan.Window, len(plan.Workload.Services))
	out := &ModelResult{Name: name, Rec: rec}
	var m model
	switch name {
	case ModelLambda:
		r, err := lambda.New(k, *plan.Lambda, rec)
		if err != nil {
			return nil, InputError(err)
		}
		m = r
		defer func() { out.Lambda = r.Usage() }()
	case ModelKubernetes:
		c, err := kubernetes.New(k, *plan.Kubernetes, rec)
		if err != nil {
			return nil, InputError(err)
		}
		m = c
		defer func() { u := c.Usage(); out.Kubernetes = &u }()
	default:
		return nil, fmt.Errorf("scenarios: unknown model %q", name)
	}
	src := workload.NewStream(plan.Workload, plan.Seed, plan.Duration)
	models.Drive(k, src, m, rec)

	// Run in slices of simulated time so progress can be shown.
	end := sim.At(plan.Duration)
	const slices = 200
	for i := 1; i <= slices; i++ {
		k.RunUntil(sim.Time(int64(end) / slices * int64(i)))
		if progress != nil {
			progress(float64(i) / slices)
		}
	}
	k.RunUntil(end)
	rec.Close(end)
	out.Events, out.Fingerprint, out.End = k.Events(), k.Fingerprint(), end
	if err := checkConservation(name, rec); err != nil {
		return nil, err
	}
	return out, nil
}

// price puts money on a finished model result.
func price(plan *Plan, m *ModelResult) error {
	var err error
	switch {
	case m.Kubernetes != nil:
		m.Cost, err = kubernetesCost(plan, m.Kubernetes, m.Rec)
	case m.Lambda != nil:
		m.Cost, err = lambdaCost(plan, m.Lambda, m.Rec)
	}
	return err
}

// checkConservation enforces arrivals = completed + throttled + rejected +
// failed + in_flight (DESIGN §7). A violation is a bug in a model.
func checkConservation(name string, rec *metrics.Recorder) error {
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

// progress combines per-model fractions into one callback.
type progress struct {
	mu   sync.Mutex
	frac []float64
	fn   func(float64)
}

func newProgress(n int, fn func(float64)) *progress {
	return &progress{frac: make([]float64, n), fn: fn}
}

func (p *progress) set(i int, f float64) {
	if p.fn == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.frac[i] = f
	var sum float64
	for _, x := range p.frac {
		sum += x
	}
	p.fn(sum / float64(len(p.frac)))
}
