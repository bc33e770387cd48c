package scenario

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	k8svalidation "k8s.io/apimachinery/pkg/util/validation"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/models/workload/trace"
	"github.com/execsim/execsim/scenarios/platform"
)

// Plan is a compiled scenario: every default filled, every unit converted,
// every field valid. It is what a run runs.
type Plan struct {
	Name        string
	Description string
	Seed        uint64
	Duration    time.Duration
	Window      time.Duration
	// Warmup is the first stretch of the run, left out of every statistic
	// and finding (requests arriving before it are simulated but not
	// counted; gauges are averaged from its end); cost keeps it. The
	// series keeps its windows, marked.
	Warmup time.Duration
	// SLO is the service-level objective every platform is judged by.
	SLO platform.SLO
	// ServiceSLOs are a fleet's services' objectives (nil for one
	// service): how a run of it is judged (Judge).
	ServiceSLOs *platform.ServiceSLOs
	Workload    workload.Config
	// Platforms are the platforms the scenario has a section for, in the
	// registry's order, each with its compiled config.
	Platforms []Compiled
	// Source is the scenario text as run (after --set overrides), for reports.
	Source []byte
	// Ref is how the scenario was named on the command line.
	Ref string
	// Cost prices every platform's usage.
	Cost platform.CostPlan
	// Axes and Replications describe the sweep: section (none: one point).
	Axes         []Axis
	Replications int
	// Registry is what the plan was compiled with (sweep points and
	// analyses recompile with it).
	Registry platform.Registry
	// Files are where the scenario's named files are read from (File.Files);
	// sweep points recompile with them.
	Files fs.FS
	// Reading is how they were read: sweep points read theirs the same
	// way (Ctrl-C, progress), and reuse a trace the plan has read.
	Reading Reading
	// Warnings are what the user is told about the files the scenario
	// names (objects not modelled, fields not honoured, services and
	// functions that match nothing): execsim validate and run print them.
	Warnings []string
	// platformWarnings are those of Warnings that are about one
	// platform's section or files, by platform (warnOf): a command that
	// runs some platforms alone leaves out the others' (WarningsFor).
	platformWarnings map[string][]string
	// replayed names the file each fleet.prometheus service's profile
	// comes from: Describe summarises those profiles rather than printing
	// a point per sample.
	replayed map[string]string
	// MaxArrivals refuses a run expected to simulate more requests (0:
	// DefaultMaxArrivals); the command line's --max-requests sets it.
	MaxArrivals float64
}

// DefaultMaxArrivals is the largest run execsim simulates unless told
// otherwise: about half an hour of CPU for two platforms.
const DefaultMaxArrivals = 2e9

// ExpectedArrivals is the number of requests the run is expected to
// simulate: the exact integral of the services' arrival rates.
func (p *Plan) ExpectedArrivals() float64 {
	var n float64
	for _, s := range p.Workload.Services {
		n += s.Arrivals.Expected(0, p.Duration)
	}
	return n
}

// perRequest is the CPU a request costs one platform (BENCHMARKS.md:
// 0.5 µs on the development machine), for estimates.
const perRequest = 500 * time.Nanosecond

// Runs is the most whole runs the plan may take: one per platform, and
// for a placement the candidates its search may simulate, the blend it
// settles on being one of them or a platform's own run (platform.Runs).
func (p *Plan) Runs() int {
	n := 0
	for _, c := range p.Platforms {
		n += platform.Runs(c.Config)
	}
	return n
}

// EstimatedCPU is about how much CPU the run will take, counting every
// run a placement's search may make: to the second under an hour, to the
// minute from an hour on, one rounding for every message that quotes it
// (walk9 saw "about 25h0m1s of CPU" in a note, then "about 25h0m0s" in
// the refusal of the same run).
func (p *Plan) EstimatedCPU() time.Duration {
	cpu := time.Duration(p.ExpectedArrivals() * float64(max(p.Runs(), 1)) * float64(perRequest))
	if cpu >= time.Hour {
		return cpu.Round(time.Minute)
	}
	return cpu.Round(time.Second)
}

// CheckSize refuses a plan expected to simulate more requests than its
// limit, saying how many and how to raise the limit; a run that would
// never finish is refused before it starts.
func (p *Plan) CheckSize() error {
	limit := p.MaxArrivals
	if limit <= 0 {
		limit = DefaultMaxArrivals
	}
	n := p.ExpectedArrivals()
	if n <= limit {
		return nil
	}
	cpu := p.EstimatedCPU()
	if math.IsInf(n, 0) || math.IsNaN(n) || n > 1e15 {
		return InputError(fmt.Errorf("scenario %s would simulate about %.3g requests, far more than any run can (the limit is %.3g; --max-requests raises it)%s", p.Name, n, limit, p.countersHint()))
	}
	// a placement's runs are its search's trials: the blend it settles on
	// is one of them or a platform's own run
	own, trials := 0, 0
	for _, c := range p.Platforms {
		if _, ok := c.Config.(platform.Trier); ok {
			trials += platform.Runs(c.Config)
		} else {
			own++
		}
	}
	platforms := fmt.Sprintf("%d %s", own, format.Plural(own, "platform", "platforms"))
	if trials > 0 {
		platforms += fmt.Sprintf(" and up to %d placement trials (the blend's own run among them)", trials)
	}
	return InputError(fmt.Errorf("scenario %s would simulate about %.3g requests on %s, about %v of CPU; the limit is %.3g requests a run (--max-requests raises it)%s",
		p.Name, n, platforms, cpu, limit, p.countersHint()))
}

// countersHint is the likely cause of a run too large when its rates come
// from a Prometheus export: a counter's running total (or increase() over
// a step) read as requests per second is thousands of times the rate.
func (p *Plan) countersHint() string {
	var files []string
	for _, f := range p.replayed {
		files = append(files, f)
	}
	if len(files) == 0 {
		return ""
	}
	slices.Sort(files)
	files = slices.Compact(files)
	return fmt.Sprintf(". The rates come from %s: if it holds a counter's running totals (a *_total series) or increase() per step rather than per-second rates, export sum by (service) (rate(metric[1m])) instead", strings.Join(files, ", "))
}

// Compiled is one platform's part of a plan.
type Compiled struct {
	Platform platform.Platform
	Config   platform.Config
}

// Name is the platform's name.
func (c Compiled) Name() string { return c.Platform.Name() }

// Config returns the named platform's compiled config, or nil.
func (p *Plan) Config(name string) platform.Config {
	for _, c := range p.Platforms {
		if c.Name() == name {
			return c.Config
		}
	}
	return nil
}

// Names lists the plan's platforms in order.
func (p *Plan) Names() []string {
	out := make([]string, len(p.Platforms))
	for i, c := range p.Platforms {
		out[i] = c.Name()
	}
	return out
}

// Defaults that are the scenario's own (the platforms' live in their
// models' DefaultConfig).
const (
	DefaultSeed     = 1
	DefaultDuration = time.Hour
	// windowsPerRun is the target number of series windows when window: is unset.
	windowsPerRun = 120
	MaxDuration   = 366 * 24 * time.Hour
	// MaxWindows bounds the series windows of a run (memory and output size).
	MaxWindows = 100_000
)

// checkText refuses control characters in a name or description: they
// would reach terminals and reports as they are.
func checkText(p *models.Problems, path, s string) {
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' || path == "name" && r == '\n' {
			p.Add(path, strconv.Quote(s), models.ErrInvalid, "must not contain control characters")
			return
		}
	}
}

// service is one service as written, before compiling.
type service struct {
	name      string
	streams   string // workload.Service.Streams
	path      string
	arr       ArrivalsFile
	work      WorkFile
	overrides map[string]any
	// compiled, when set, is the service already compiled (a fleet's
	// generated or replayed services): arr and work are then unused.
	compiled *workload.Service
	pin      string // the platform it is pinned to in a blend
	// slo is the service's own objective as written (nil: the
	// scenario's), and sloPath where (services[3].slo).
	slo     *platform.SLOFile
	sloPath string
	// needs are what the service itself asks of a platform (memory), for
	// the platforms to size it by when its override does not.
	needs platform.Needs
	// trace holds the services a trace replays, on the first of them
	// (traceUnitWarning).
	trace []trace.Service
}

// Compile turns a File into a Plan with the registry's platforms,
// reporting every problem at once.
func (f *File) Compile(reg platform.Registry) (*Plan, error) {
	var p models.Problems
	plan := &Plan{Name: f.Name, Description: f.Description, Seed: DefaultSeed, Duration: DefaultDuration, Registry: reg, Files: f.Files, Reading: f.Reading}
	if f.Seed != nil {
		plan.Seed = *f.Seed
	}
	if plan.Name == "" {
		p.Add("name", nil, models.ErrRequired, "a scenario needs a name")
	}
	checkText(&p, "name", f.Name)
	checkText(&p, "description", f.Description)
	if d := f.Duration; d != nil {
		if *d <= 0 || *d > MaxDuration {
			p.Add("duration", *d, models.ErrRange, "must be between 1ns and %v", MaxDuration)
		} else {
			plan.Duration = *d
		}
	}
	plan.Window = autoWindow(plan.Duration)
	if w := f.Window; w != nil {
		switch {
		case *w <= 0 || *w > plan.Duration:
			p.Add("window", *w, models.ErrRange, "must be positive and at most the duration (%v)", plan.Duration)
		case plan.Duration / *w > MaxWindows:
			p.Add("window", *w, models.ErrRange, "at most %d windows per run (%v / %v is %d): give a longer window", MaxWindows, plan.Duration, *w, plan.Duration / *w)
		default:
			plan.Window = *w
		}
	}
	if w := f.Warmup; w != nil {
		if *w < 0 || *w >= plan.Duration {
			p.Add("warmup", *w, models.ErrRange, "must be at least 0s and shorter than the duration (%v)", plan.Duration)
		} else {
			plan.Warmup = *w
		}
	}
	plan.SLO = platform.CompileSLO(&p, "slo", f.SLO, sectionSLO(f, reg))
	plan.Warnings = append(plan.Warnings, platform.SLOWarnings("slo", f.SLO)...)
	compileSweep(&p, f, plan)
	settings := readSettings(&p, f, reg)
	defs := definedServices(settings)
	svcs := compileWorkload(&p, f, plan, defs)
	checkDefined(&p, f, defs, svcs)
	applySettings(&p, settings, svcs, plan)
	plan.ServiceSLOs = compileServiceSLOs(&p, plan, svcs)

	for _, pf := range reg {
		sec, ok := f.Sections[pf.Name()]
		if !ok {
			continue
		}
		sec = sectionWithSettings(settings, pf.Name(), sec)
		in := platform.CompileInput{Section: sec, Problems: &p, SLO: plan.SLO, Duration: plan.Duration, Warmup: plan.Warmup}
		for _, c := range plan.Platforms {
			in.Peers = append(in.Peers, platform.Peer{Platform: c.Platform, Config: c.Config})
		}
		for i, s := range svcs {
			in.Services = append(in.Services, platform.Service{Name: s.name, Path: s.path,
				Override: s.overrides[pf.Name()], Work: plan.Workload.Services[i], Needs: s.needs, Pin: s.pin, SLO: ownSLO(plan.ServiceSLOs, i)})
		}
		cfg := pf.Compile(in)
		if w, ok := cfg.(platform.Warner); ok {
			plan.warnOf(pf.Name(), w.Warnings()...)
		}
		plan.Platforms = append(plan.Platforms, Compiled{pf, cfg})
	}
	judgedBy(plan)
	if w := traceUnitWarning(svcs, plan); w != "" {
		plan.Warnings = append(plan.Warnings, w)
	}
	plan.Cost = compileCost(&p, f.Cost, plan)
	pinOverPayloads(&p, plan)
	for i, s := range svcs {
		for _, pf := range reg {
			if _, ok := s.overrides[pf.Name()]; ok && f.Sections[pf.Name()] == nil {
				p.Add(s.path+"."+pf.Name(), nil, models.ErrInvalid, "the scenario has no %s: section for service %d to override", pf.Name(), i)
			}
		}
	}
	blends := slices.ContainsFunc(plan.Platforms, func(c Compiled) bool { return platform.Blends(c.Platform) })
	for _, s := range svcs {
		if s.pin != "" && !blends {
			p.Add(s.path+".platform", s.pin, models.ErrInvalid, "pins the service in a blend; add a placement: section to blend platforms")
		}
	}
	if !slices.ContainsFunc(plan.Platforms, func(c Compiled) bool { return !platform.Blends(c.Platform) }) {
		p.Merge("", noPlatformError{sections(reg)})
	}
	if err := p.Err(); err != nil {
		return nil, once(err)
	}
	return plan, nil
}

// once leaves out a problem told before: the same field's same problem
// with the same value, or the same other error. It is a guard: a
// section's setting is compiled into each service's function or
// Deployment, and platform.EachService and ModelPaths already tell its
// problem once (a fleet of three said "lambda.arch: unknown architecture
// "x86"" three times); once catches a repeat that a platform's own checks
// would let through (no test's scenario has one today). It compares the
// problems, not their
// text, so that it cannot hide a second, distinct problem that happens
// to read the same: a field given 5 where a string "5" was also wrong,
// a problem of one kind (models.ErrRange) beside one of another, an error
// of its own beside a field's.
func once(err error) error {
	var out []error
	seen := map[string]bool{}
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		if k := problemKey(err); !seen[k] {
			seen[k] = true
			out = append(out, err)
		}
	}
	walk(err)
	return errors.Join(out...)
}

// problemKey is what tells two problems apart: a field error's path,
// value (with its type: 5 is not "5"), message and kind; any other
// error's type and text.
func problemKey(err error) string {
	if fe, ok := err.(*models.FieldError); ok {
		return fmt.Sprintf("field\x00%s\x00%#v\x00%s\x00%T:%v", fe.Path, fe.Value, fe.Msg, fe.Err, fe.Err)
	}
	return fmt.Sprintf("%T\x00%s", err, err.Error())
}

// noPlatformError is the complaint of a scenario with no platform
// section; it is left out when an unknown key was taken for one
// (lambdaa:), whose own message says what to fix.
type noPlatformError struct{ sections []string }

func (e noPlatformError) Error() string {
	return fmt.Sprintf("a scenario needs at least one platform section (%s)", strings.Join(e.sections, " or "))
}

// sections names the registry's sections as written: "kubernetes:".
func sections(reg platform.Registry) []string {
	var out []string
	for _, p := range reg {
		if !platform.Blends(p) {
			out = append(out, platform.SectionKey(p)+":")
		}
	}
	return out
}

// compileWorkload compiles the services: one (workload:) or a fleet
// (services:).
func compileWorkload(p *models.Problems, f *File, plan *Plan, defs []defined) []service {
	var svcs []service
	switch {
	case f.Workload != nil && (len(f.Services) > 0 || f.Fleet != nil):
		p.Add("services", nil, models.ErrInvalid, "give either workload: (one service) or services: and fleet: (several), not both")
	case f.Workload != nil:
		// The one service is labelled with the scenario's name but draws
		// from streams of a fixed name, so renaming the scenario keeps its
		// arrivals and work. A fleet's services draw from streams of their
		// own names, so adding one moves no other's.
		svcs = append(svcs, service{name: plan.Name, streams: "workload", path: "workload", arr: f.Workload.Arrivals, work: f.Workload.Work})
	case len(f.Services) > 0 || f.Fleet != nil:
		// A fleet's generated or replayed services come first, then the
		// ones written out.
		svcs = compileFleet(p, f, plan, defs)
		for i, s := range f.Services {
			path := fmt.Sprintf("services[%d]", i)
			if s.Name == "" {
				p.Add(path+".name", nil, models.ErrRequired, "each service needs a name")
			} else if bad := k8svalidation.IsDNS1123Label(s.Name); len(bad) > 0 {
				// The name becomes a Deployment's, a Service's and a Lambda
				// function's: a DNS-1123 label is what all three accept
				// (Lambda also takes capitals and _, Kubernetes does not).
				p.Add(path+".name", s.Name, models.ErrInvalid, "a service name is a Kubernetes object's and a Lambda function's name: %s", bad[0])
			}
			svcs = append(svcs, service{name: s.Name, path: path, arr: s.Arrivals, work: s.Work, overrides: s.Overrides, pin: s.Platform,
				slo: s.SLO, sloPath: path + ".slo"})
		}
	default:
		p.Add("workload", nil, models.ErrRequired, "a scenario needs a workload: (or services:)")
	}
	if svcs != nil && svcs[0].name == "" {
		svcs[0].name = "default"
	}
	for _, s := range svcs {
		if s.compiled != nil {
			plan.Workload.Services = append(plan.Workload.Services, *s.compiled)
			continue
		}
		arr, err := compileArrivals(s.arr)
		p.Merge(s.path+".arrivals", err)
		if err == nil {
			verr := arr.Validate()
			p.Merge(s.path+".arrivals", profilePaths(verr))
			if verr == nil {
				r := reachOf(plan, s.path+".arrivals", arr)
				plan.Warnings = append(plan.Warnings, pointsPastEnd(s.path+".arrivals", arr, r)...)
				plan.Warnings = append(plan.Warnings, sweptProfiles(plan, s.path+".arrivals", s.arr, arr, r)...)
			}
		}
		// at: is on the arrivals' clock, and the furthest run of a sweep
		// is the one to judge it by, as a profile's points (rev11c #3)
		if r := reachOf(plan, s.path+".arrivals", arr); arr.Process == workload.Spike && arr.At >= r.end(arr) {
			p.Add(s.path+".arrivals.at", arr.At, models.ErrRange, "the spike starts after the run ends (%s)", r.spikeEnd(arr))
		} else if arr.Process == workload.Spike {
			plan.Warnings = append(plan.Warnings, spikeMissed(plan, s.path+".arrivals", arr)...)
		}
		checkCompress(p, s.path+".arrivals.compress", arr.Compress, plan.Duration)
		ws := workload.Service{Name: s.name, Streams: s.streams, Arrivals: arr, PayloadKB: checkKB(p, s.path+".work.payloadKB", s.work.PayloadKB)}
		ws.CPU = platform.ParseDist(p, s.path+".work.cpu", s.work.CPU)
		ws.IO = platform.ParseDist(p, s.path+".work.io", s.work.IO)
		if strings.TrimSpace(s.work.CPU) == "" && strings.TrimSpace(s.work.IO) == "" {
			p.Add(s.path+".work", nil, models.ErrRequired, "give cpu: and/or io: as distributions (e.g. io: \"exp(mean=100ms)\")")
		}
		plan.Workload.Services = append(plan.Workload.Services, ws)
	}
	if len(svcs) > 1 {
		seen := map[string]bool{}
		for _, s := range svcs {
			if seen[s.name] && s.name != "" {
				p.Add(s.path+".name", s.name, models.ErrInvalid, "duplicate service name")
			}
			seen[s.name] = true
		}
	}
	return svcs
}

// ShortRunWarning says when a run is shorter than EC2's minimum bill per
// node launch (60 s) and one of the platforms that run (run: the plan's
// platforms a command actually runs, runner.Select) bills nodes: every
// node is billed the minimum, and a month projected from the run
// multiplies it by 730 h / duration (a review saw $8.4 M a month for a
// 1-ms run). "" when the run is long enough or none of them bills nodes.
// It is not one of the plan's Warnings, which hold for every run of the
// plan: `execsim run --model lambda` of a scenario with a kubernetes:
// section bills no node, and must not be warned.
func ShortRunWarning(plan *Plan, run []Compiled) string {
	minimum := time.Duration(plan.Cost.Prices.EC2.MinimumSeconds * float64(time.Second))
	if plan.Duration <= 0 || plan.Duration >= minimum {
		return ""
	}
	i := slices.IndexFunc(run, func(c Compiled) bool { _, ok := c.Config.(platform.NodeTyper); return ok })
	if i < 0 {
		return ""
	}
	return fmt.Sprintf("%s: duration %v is shorter than EC2's minimum bill of %v a node: each node is billed %v, and the monthly figures multiply that by 730 h / %v; simulate at least %v for monthly costs",
		run[i].Platform.Name(), plan.Duration, minimum, minimum, plan.Duration, minimum)
}

// sectionSLO is the SLO a scenario without an slo: of its own judges its
// runs by: the one a section of it writes (placement.slo, the only SLO
// its user wrote), else DefaultSLO. The section's own compile reports
// any problem with it, under its own path, so here they are dropped.
func sectionSLO(f *File, reg []platform.Platform) platform.SLO {
	if f.SLO != nil {
		return platform.DefaultSLO
	}
	for _, pf := range reg {
		if sec, ok := f.Sections[pf.Name()].(platform.SLOSection); ok && sec.SectionSLO() != nil {
			var scratch models.Problems
			return platform.CompileSLO(&scratch, pf.Name()+".slo", sec.SectionSLO(), platform.DefaultSLO)
		}
	}
	return platform.DefaultSLO
}

// profilePaths names a profile's points as the scenario writes them,
// profile[i], in each problem's path and in its message: the model's
// "must not be before points[0].at" named a field no scenario has.
func profilePaths(err error) error {
	var out []error
	for _, e := range platform.Unjoin(platform.RenamePaths(err, "points", "profile")) {
		if fe, ok := e.(*models.FieldError); ok && strings.Contains(fe.Msg, "points[") {
			c := *fe
			c.Msg = strings.ReplaceAll(c.Msg, "points[", "profile[")
			e = &c
		}
		out = append(out, e)
	}
	return errors.Join(out...)
}

// warnOf adds platform name's warnings ws to the plan's Warnings, and
// notes whose they are (WarningsFor).
func (p *Plan) warnOf(name string, ws ...string) {
	if len(ws) == 0 {
		return
	}
	p.Warnings = append(p.Warnings, ws...)
	if p.platformWarnings == nil {
		p.platformWarnings = map[string][]string{}
	}
	p.platformWarnings[name] = append(p.platformWarnings[name], ws...)
}

// WarningsFor are the plan's Warnings less those about the platforms not
// among chosen (their sections, manifests or templates), in their order:
// what a command that runs chosen alone warns of (tune, which ran
// Lambda alone, printed a fleet's Kubernetes manifest warnings too).
func (p *Plan) WarningsFor(chosen []Compiled) []string {
	drop := map[string]int{} // counted: the same words may be two platforms'
	for name, ws := range p.platformWarnings {
		if !slices.ContainsFunc(chosen, func(c Compiled) bool { return c.Name() == name }) {
			for _, w := range ws {
				drop[w]++
			}
		}
	}
	var out []string
	for _, w := range p.Warnings {
		if drop[w] > 0 {
			drop[w]--
			continue
		}
		out = append(out, w)
	}
	return out
}
