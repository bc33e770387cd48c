package scenarios

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/kubernetes"
	"github.com/execsim/execsim/models/lambda"
	"github.com/execsim/execsim/models/workload"
)

// Plan is a compiled scenario: every default filled, every unit converted,
// every field valid. It is what the Runner runs.
type Plan struct {
	Name        string
	Description string
	Seed        uint64
	Duration    time.Duration
	Window      time.Duration
	Workload    workload.Config
	Kubernetes  *kubernetes.Config // nil when the scenario has no kubernetes: section
	Lambda      *lambda.Config     // nil when the scenario has no lambda: section
	// Source is the scenario text as run (after --set overrides), for reports.
	Source []byte
	// Ref is how the scenario was named on the command line.
	Ref string
	// Cost prices both models' usage.
	Cost CostPlan
	// Axes and Replications describe the sweep: section (none: one point).
	Axes         []Axis
	Replications int
}

// Defaults that are the scenario's own (the models' live in their DefaultConfig).
const (
	DefaultSeed     = 1
	DefaultDuration = time.Hour
	// windowsPerRun is the target number of series windows when window: is unset.
	windowsPerRun = 120
	MaxDuration   = 366 * 24 * time.Hour
)

// Compile turns a File into a Plan, reporting every problem at once.
func (f *File) Compile() (*Plan, error) {
	var p models.Problems
	plan := &Plan{Name: f.Name, Description: f.Description, Seed: DefaultSeed, Duration: f.Duration, Window: f.Window}
	if f.Seed != nil {
		plan.Seed = *f.Seed
	}
	if plan.Name == "" {
		p.Add("name", nil, models.ErrRequired, "a scenario needs a name")
	}
	switch {
	case f.Duration == 0:
		plan.Duration = DefaultDuration
	case f.Duration < 0 || f.Duration > MaxDuration:
		p.Add("duration", f.Duration, models.ErrRange, "must be between 1ns and %v", MaxDuration)
	}
	if f.Window < 0 || (f.Window > 0 && f.Window > plan.Duration) {
		p.Add("window", f.Window, models.ErrRange, "must be positive and at most the duration (%v)", plan.Duration)
	}
	if plan.Window <= 0 {
		plan.Window = autoWindow(plan.Duration)
	}
	compileSweep(&p, f, plan)

	// The workload: one service (workload:) or a fleet (services:).
	type svc struct {
		name   string
		path   string
		arr    ArrivalsFile
		work   WorkFile
		lambda *FunctionFile
		k8s    *DeploymentFile
	}
	var svcs []svc
	switch {
	case f.Workload != nil && len(f.Services) > 0:
		p.Add("services", nil, models.ErrInvalid, "give either workload: (one service) or services: (several), not both")
	case f.Workload != nil:
		svcs = append(svcs, svc{name: plan.Name, path: "workload", arr: f.Workload.Arrivals, work: f.Workload.Work})
	case len(f.Services) > 0:
		for i, s := range f.Services {
			path := fmt.Sprintf("services[%d]", i)
			if s.Name == "" {
				p.Add(path+".name", nil, models.ErrRequired, "each service needs a name")
			}
			svcs = append(svcs, svc{name: s.Name, path: path, arr: s.Arrivals, work: s.Work, lambda: s.Lambda, k8s: s.Kubernetes})
		}
	default:
		p.Add("workload", nil, models.ErrRequired, "a scenario needs a workload: (or services:)")
	}
	if svcs != nil && svcs[0].name == "" {
		svcs[0].name = "default"
	}
	for _, s := range svcs {
		arr, err := compileArrivals(s.arr)
		p.Merge(s.path+".arrivals", err)
		if err == nil {
			p.Merge(s.path+".arrivals", renamePaths(arr.Validate(), "points", "profile"))
		}
		ws := workload.Service{Name: s.name, Arrivals: arr, PayloadKB: s.work.PayloadKB}
		ws.CPU = parseDist(&p, s.path+".work.cpu", s.work.CPU)
		ws.IO = parseDist(&p, s.path+".work.io", s.work.IO)
		if s.work.PayloadKB < 0 {
			p.Add(s.path+".work.payloadKB", s.work.PayloadKB, models.ErrRange, "must not be negative")
		}
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

	if f.Lambda != nil {
		cfg := compileLambdaRegion(&p, f.Lambda)
		for _, s := range svcs {
			fn := lambda.DefaultFunction(s.name)
			applyFunction(&p, "lambda", &f.Lambda.FunctionFile, &fn)
			if s.lambda != nil {
				applyFunction(&p, s.path+".lambda", s.lambda, &fn)
			}
			cfg.Functions = append(cfg.Functions, fn)
		}
		if err := cfg.Validate(); err != nil && len(svcs) > 0 {
			p.Merge("", modelPaths(err, "lambda", "functions.", "function", len(svcs) == 1))
		}
		plan.Lambda = &cfg
	}
	if f.Kubernetes != nil {
		cfg := compileCluster(&p, f.Kubernetes)
		for _, s := range svcs {
			d := kubernetes.DefaultDeployment(s.name)
			applyDeployment(&p, "kubernetes", &f.Kubernetes.DeploymentFile, &d)
			if s.k8s != nil {
				applyDeployment(&p, s.path+".kubernetes", s.k8s, &d)
			}
			cfg.Deployments = append(cfg.Deployments, d)
		}
		if err := cfg.Validate(); err != nil && len(svcs) > 0 {
			err = modelPaths(err, "kubernetes", "deployments.", "deployment", len(svcs) == 1)
			// the model's names for what the file calls otherwise
			err = renameInfix(err, ".hpa.metric.averageValueMilli", ".hpa.targetAverageValue")
			err = renameInfix(err, ".hpa.metric.averageUtilizationPercent", ".hpa.targetCPUUtilizationPercent")
			if f.Kubernetes.AZFailure != nil {
				err = renamePaths(err, "kubernetes.azFailures[0]", "kubernetes.azFailure")
			}
			p.Merge("", err)
		}
		plan.Kubernetes = &cfg
	}
	plan.Cost = compileCost(&p, f.Cost, plan.Kubernetes)
	for i, s := range svcs {
		if s.lambda != nil && f.Lambda == nil {
			p.Add(s.path+".lambda", nil, models.ErrInvalid, "the scenario has no lambda: section for service %d to override", i)
		}
		if s.k8s != nil && f.Kubernetes == nil {
			p.Add(s.path+".kubernetes", nil, models.ErrInvalid, "the scenario has no kubernetes: section for service %d to override", i)
		}
	}
	if f.Lambda == nil && f.Kubernetes == nil {
		p.Add("lambda", nil, models.ErrRequired, "a scenario needs at least one model section (kubernetes: or lambda:)")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return plan, nil
}

// autoWindow picks a round window length giving about windowsPerRun windows.
func autoWindow(d time.Duration) time.Duration {
	steps := []time.Duration{time.Second, 5 * time.Second, 10 * time.Second, 15 * time.Second,
		30 * time.Second, time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute,
		30 * time.Minute, time.Hour, 6 * time.Hour, 24 * time.Hour}
	for _, s := range steps {
		if d/s <= windowsPerRun {
			return s
		}
	}
	return steps[len(steps)-1]
}

// distField is a distribution written in a file (spec) and where it goes.
type distField struct {
	key  string
	spec string
	dst  *dist.Dist
}

// overlayDists parses each set spec into its destination, reporting bad
// specs under path.key.
func overlayDists(p *models.Problems, path string, fields []distField) {
	for _, f := range fields {
		if v := parseDist(p, path+"."+f.key, f.spec); v != nil {
			*f.dst = v
		}
	}
}

func parseDist(p *models.Problems, path, spec string) dist.Dist {
	if strings.TrimSpace(spec) == "" {
		return nil
	}
	d, err := dist.Parse(spec)
	if err != nil {
		p.Add(path, nil, models.ErrInvalid, "%v", err) // the message quotes the spec
		return nil
	}
	return d
}

func compileArrivals(a ArrivalsFile) (workload.Arrivals, error) {
	var p models.Problems
	var out workload.Arrivals
	enum := func(path, s string, parse func(string) error) {
		if s == "" {
			return
		}
		if err := parse(s); err != nil {
			var fe *models.FieldError
			if errors.As(err, &fe) {
				p.Add(path, fe.Value, models.ErrInvalid, "%s", fe.Msg)
			} else {
				p.Add(path, nil, models.ErrInvalid, "%v", err)
			}
		}
	}
	enum("process", a.Process, func(s string) (err error) { out.Process, err = workload.ParseProcess(s); return })
	enum("spacing", a.Spacing, func(s string) (err error) { out.Spacing, err = workload.ParseSpacing(s); return })
	enum("interpolation", a.Interpolation, func(s string) (err error) { out.Interp, err = workload.ParseInterp(s); return })
	enum("repeat", a.Repeat, func(s string) (err error) { out.Repeat, err = workload.ParseRepeat(s); return })
	enum("days", a.Days, func(s string) (err error) { out.Days, err = workload.ParseDays(s); return })
	if a.Process == "" && len(a.Profile) > 0 {
		out.Process = workload.Profile
	}
	out.RatePerSecond = deref(a.RatePerSecond)
	out.MeanRatePerSecond = deref(a.MeanRatePerSecond)
	out.Amplitude = deref(a.Amplitude)
	out.SpikeRatePerSecond = deref(a.SpikeRatePerSecond)
	out.Multiplier = deref(a.Multiplier)
	out.Period, out.PeakAt, out.At, out.For = a.Period, a.PeakAt, a.At, a.For
	for _, pt := range a.Profile {
		out.Points = append(out.Points, workload.Point{At: pt.At, RatePerSecond: pt.RatePerSecond})
	}
	return out, p.Err()
}

func deref[T any](v *T) T {
	var zero T
	if v == nil {
		return zero
	}
	return *v
}

// legacyBurst is the pre-November-2023 initial burst by region
// (burst-concurrency.html): 3,000 in us-west-2, us-east-1, eu-west-1; 1,000 in
// ap-northeast-1, eu-central-1, us-east-2; 500 elsewhere.
func legacyBurst(region string) int {
	switch region {
	case "us-west-2", "us-east-1", "eu-west-1":
		return 3000
	case "ap-northeast-1", "eu-central-1", "us-east-2":
		return 1000
	}
	return 500
}

func compileLambdaRegion(p *models.Problems, l *LambdaFile) lambda.Config {
	cfg := lambda.DefaultConfig()
	region := l.Region
	if region == "" {
		region = "us-east-1"
	}
	cfg.LegacyBurst = legacyBurst(region)
	set(&cfg.AccountConcurrency, l.AccountConcurrency)
	set(&cfg.ScalingBurst, l.ScalingBurst)
	set(&cfg.ScalingRefillPerSecond, l.ScalingRefillPerSecond)
	set(&cfg.LegacyBurst, l.LegacyBurst)
	set(&cfg.LegacyRefillPerMinute, l.LegacyRefillPerMinute)
	set(&cfg.UnreservedMinimum, l.UnreservedMinimum)
	if l.Scaling != "" {
		m, err := lambda.ParseScalingMode(l.Scaling)
		if err != nil {
			p.Add("lambda.scaling", nil, models.ErrInvalid, "%v", err)
		}
		cfg.Scaling = m
	}
	// Region-level problems carry the lambda. prefix here; function-level
	// ones are mapped by lambdaPaths after Validate.
	return cfg
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// applyFunction overlays the fields set in ff onto fn.
func applyFunction(p *models.Problems, path string, ff *FunctionFile, fn *lambda.Function) {
	set(&fn.MemoryMB, ff.MemoryMB)
	set(&fn.SnapStart, ff.SnapStart)
	set(&fn.ReservedConcurrency, ff.ReservedConcurrency)
	set(&fn.ProvisionedConcurrency, ff.ProvisionedConcurrency)
	set(&fn.MaxEventAge, ff.MaxEventAge)
	set(&fn.AsyncRetries, ff.AsyncRetries)
	set(&fn.Timeout, ff.Timeout)
	set(&fn.MaxLifetime, ff.MaxLifetime)
	set(&fn.RPSLimit, ff.RPSLimit)
	if ff.Runtime != "" {
		fn.Runtime = ff.Runtime
	}
	parseEnum(p, path+".arch", ff.Arch, lambda.ParseArch, &fn.Arch)
	parseEnum(p, path+".package", ff.Package, lambda.ParsePackage, &fn.Package)
	parseEnum(p, path+".invocation", ff.Invocation, lambda.ParseInvocation, &fn.Invocation)
	parseEnum(p, path+".warmSelection", ff.WarmSelection, lambda.ParseWarmSelection, &fn.WarmSelection)
	overlayDists(p, path, []distField{
		{"init", ff.Init, &fn.Init},
		{"platformOverhead", ff.PlatformOverhead, &fn.PlatformOverhead},
		{"appInit", ff.AppInit, &fn.AppInit},
		{"restore", ff.Restore, &fn.Restore},
		{"keepAlive", ff.KeepAlive, &fn.KeepAlive},
	})
	if r := ff.Retry; r != nil {
		set(&fn.Retry.Attempts, r.Attempts)
		set(&fn.Retry.Base, r.Base)
		set(&fn.Retry.Max, r.Max)
		parseEnum(p, path+".retry.jitter", r.Jitter, lambda.ParseJitter, &fn.Retry.Jitter)
	}
}

func parseEnum[T any](p *models.Problems, path, s string, parse func(string) (T, error), dst *T) {
	if s == "" {
		return
	}
	v, err := parse(s)
	if err != nil {
		p.Add(path, nil, models.ErrInvalid, "%v", err) // parse errors quote the value
		return
	}
	*dst = v
}

// modelPaths rewrites a model package's paths into the scenario's:
// "functions.api.memoryMB" → "lambda.memoryMB" (one service) or
// "lambda.memoryMB (function api)" (a fleet); other paths get the section
// prefix ("accountConcurrency" → "lambda.accountConcurrency").
func modelPaths(err error, section, collection, noun string, single bool) error {
	var out []error
	for _, e := range unjoin(err) {
		var fe *models.FieldError
		if !errors.As(e, &fe) {
			out = append(out, e)
			continue
		}
		c := *fe
		if rest, ok := strings.CutPrefix(c.Path, collection); ok {
			name, field, _ := strings.Cut(rest, ".")
			switch {
			case field == "":
				c.Path = section
			case single:
				c.Path = section + "." + field
			default:
				c.Path = fmt.Sprintf("%s.%s (%s %s)", section, field, noun, name)
			}
		} else {
			c.Path = section + "." + c.Path
		}
		out = append(out, &c)
	}
	return errors.Join(out...)
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// renamePaths replaces a leading path element (the model's word) by the
// scenario file's word for it: points[2].at → profile[2].at.
func renamePaths(err error, from, to string) error {
	if err == nil {
		return nil
	}
	var out []error
	for _, e := range unjoin(err) {
		var fe *models.FieldError
		if errors.As(e, &fe) && (fe.Path == from || strings.HasPrefix(fe.Path, from+"[") || strings.HasPrefix(fe.Path, from+".")) {
			c := *fe
			c.Path = to + strings.TrimPrefix(c.Path, from)
			e = &c
		}
		out = append(out, e)
	}
	return errors.Join(out...)
}

// renameInfix replaces a path fragment anywhere in FieldError paths.
func renameInfix(err error, from, to string) error {
	var out []error
	for _, e := range unjoin(err) {
		var fe *models.FieldError
		if errors.As(e, &fe) && strings.Contains(fe.Path, from) {
			c := *fe
			c.Path = strings.Replace(c.Path, from, to, 1)
			e = &c
		}
		out = append(out, e)
	}
	return errors.Join(out...)
}
