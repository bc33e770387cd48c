package lambda

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/models"
	model "github.com/execsim/execsim/models/lambda"
	lt "github.com/execsim/execsim/scenarios/inputs/lambdatemplates"
	"github.com/execsim/execsim/scenarios/platform"
)

// Section is the lambda: section: the region's settings and the default
// settings of every function (one per service).
type Section struct {
	Region                 string         `yaml:"region"`
	AccountConcurrency     *int           `yaml:"accountConcurrency"`
	Scaling                string         `yaml:"scaling"`
	ScalingBurst           *int           `yaml:"scalingBurst"`
	ScalingRefillPerSecond *float64       `yaml:"scalingRefillPerSecond"`
	ScalingWindowSize      *int           `yaml:"scalingWindowSize"`
	ScalingWindow          *time.Duration `yaml:"scalingWindow"`
	LegacyBurst            *int           `yaml:"legacyBurst"`
	LegacyRefillPerMinute  *float64       `yaml:"legacyRefillPerMinute"`
	UnreservedMinimum      *int           `yaml:"unreservedMinimum"`
	// IntegrationTimeout is API Gateway's integration timeout in front of
	// the functions (cost.frontDoor api-gateway-rest or http-api only):
	// REST 29 s by default, HTTP API at most 30 s (BehindFrontDoor).
	IntegrationTimeout *time.Duration `yaml:"integrationTimeout"`
	// Templates are AWS SAM / CloudFormation templates or serverless.yml
	// files, relative to the scenario file, whose functions' settings
	// become the services' (ReadSettings); Match maps a service to its
	// function's logical name where the names differ.
	Templates []string          `yaml:"templates"`
	Match     map[string]string `yaml:"match"`
	Function  `yaml:",inline"`
	// EveryFunction are settings given to every function over its own
	// (a template's MemorySize, a services[].lambda): the section's
	// inline settings are only the defaults of functions without their
	// own. execsim tune --memory sets every function's size this way, so
	// --set lambda.everyFunction.memoryMB=V reproduces one of its rows.
	EveryFunction *Function `yaml:"everyFunction"`
}

// Function holds one function's settings: the section's defaults, or a
// service's services[].lambda overrides.
type Function struct {
	MemoryMB               *int           `yaml:"memoryMB"`
	Arch                   string         `yaml:"arch"`
	Runtime                string         `yaml:"runtime"`
	Package                string         `yaml:"package"`
	Init                   string         `yaml:"init"`
	PlatformOverhead       string         `yaml:"platformOverhead"`
	AppInit                string         `yaml:"appInit"`
	SnapStart              *bool          `yaml:"snapStart"`
	Restore                string         `yaml:"restore"`
	ReservedConcurrency    *int           `yaml:"reservedConcurrency"`
	ProvisionedConcurrency *int           `yaml:"provisionedConcurrency"`
	Invocation             string         `yaml:"invocation"`
	Retry                  *Retry         `yaml:"retry"`
	MaxEventAge            *time.Duration `yaml:"maxEventAge"`
	AsyncRetries           *int           `yaml:"asyncRetries"`
	Timeout                *time.Duration `yaml:"timeout"`
	KeepAlive              string         `yaml:"keepAlive"`
	MaxLifetime            *time.Duration `yaml:"maxLifetime"`
	WarmSelection          string         `yaml:"warmSelection"`
	RPSLimit               *bool          `yaml:"rpsLimit"`
}

// Retry is a synchronous caller's retry policy.
type Retry struct {
	Attempts *int           `yaml:"attempts"`
	Base     *time.Duration `yaml:"base"`
	Max      *time.Duration `yaml:"max"`
	Jitter   string         `yaml:"jitter"`
}

// Compile implements platform.Platform.
func (Platform) Compile(in platform.CompileInput) platform.Config {
	p := in.Problems
	s := in.Section.(*Section)
	cfg := compileRegion(p, s)
	cfg.Functions = platform.EachService(in, Name, &s.Function, model.DefaultFunction, applyFunction)
	var own []string // the services whose function has a size of its own
	for i, svc := range in.Services {
		// A service whose workload streams have a fixed name (a scenario
		// of one service: its name is only a label) draws its function's
		// numbers from the region's fixed names too, so renaming the
		// scenario moves nothing (model.Function.Streams).
		if svc.Work.Streams != "" {
			cfg.Functions[i].Streams = Name
		}
		o, _ := svc.Override.(*Function)
		if o != nil && o.MemoryMB != nil {
			own = append(own, svc.Name)
		}
		if s.MemoryMB == nil && (o == nil || o.MemoryMB == nil) && svc.Needs.PeakMemoryMB > 0 {
			cfg.Functions[i].MemoryMB = MemoryFor(svc.Needs.PeakMemoryMB)
		}
	}
	var warns []string
	// a default that sizes some functions does its job (the others keep
	// theirs, as written); one that sizes none is read and not used, and a
	// --set of it would change nothing without a word
	// (unless everyFunction.memoryMB sizes them all, as it says to)
	if s.MemoryMB != nil && len(own) == len(in.Services) && len(in.Services) > 0 &&
		(s.EveryFunction == nil || s.EveryFunction.MemoryMB == nil) {
		warns = append(warns, memoryWarning(*s.MemoryMB, len(own), len(s.Templates) > 0))
	}
	if e := s.EveryFunction; e != nil {
		// Judged once, at its own path, on the section's function (its
		// runtime, say: SnapStart needs one with a measured restore, and
		// a review found java21's refused against a python3.12 default),
		// then given to every function.
		probe := model.DefaultFunction("")
		applyFunction(&models.Problems{}, "", &s.Function, &probe)
		var pp models.Problems
		applyFunction(&pp, Name+".everyFunction", e, &probe)
		if err := pp.Err(); err != nil {
			p.Merge("", err)
		} else if err := probe.Validate(); err != nil {
			p.Merge(Name+".everyFunction", err)
		} else {
			for i := range cfg.Functions {
				applyFunction(&models.Problems{}, "", e, &cfg.Functions[i])
			}
		}
		if e.MemoryMB != nil {
			own = nil
		}
	}
	warns = append(warns, snapStartNotes(cfg.Functions)...)
	warns = append(warns, unusedWarnings(s, cfg.Scaling, cfg.Functions, in)...)
	// asyncRetries is the retries of an asynchronous invocation; a sync
	// function ignores it (its caller retries), so a written value there
	// changed nothing without a word (hostile #13)
	set := s.AsyncRetries != nil || (s.EveryFunction != nil && s.EveryFunction.AsyncRetries != nil)
	var ignored []string
	for i, svc := range in.Services {
		o, _ := svc.Override.(*Function)
		if (set || (o != nil && o.AsyncRetries != nil)) && cfg.Functions[i].Invocation == model.Sync {
			ignored = append(ignored, svc.Name)
		}
	}
	if len(ignored) > 0 {
		warns = append(warns, fmt.Sprintf("%s.asyncRetries is set for %s, whose invocation is sync: only an asynchronous invocation (invocation: async) is retried by Lambda, so it changes nothing",
			Name, format.FirstNames(ignored, 3)))
	}
	if err := errors.Join(append(platform.Unjoin(cfg.Validate()), platform.Unjoin(initProblems(cfg.Functions))...)...); err != nil && len(in.Services) > 0 {
		p.Merge("", platform.ModelPaths(err, Name, "functions.", "function", len(in.Services) == 1))
	}
	payloads := make([]float64, len(in.Services))
	for i, svc := range in.Services {
		payloads[i] = svc.Work.PayloadKB
	}
	if w := regionWarning(s.Region); w != "" {
		warns = append(warns, w)
	}
	if w := evenPhaseWarning(&cfg, in); w != "" {
		warns = append(warns, w)
	}
	return &Config{Config: cfg, templates: s.Templates, match: s.Match, warnings: warns, ownMemory: own, integrationTimeout: s.IntegrationTimeout,
		payloadKB: payloads, region: s.Region}
}

// snapStartNotes say what SnapStart costs in the bill and what it leaves
// out, so that no part of it is a silent 0 (costrev item 5). Python and
// .NET: the snapshot's cache (per GB-s, billed for the run's length; AWS
// bills at least 3 hours per published version, which a version active
// longer than the run never meets) and each restore (per GB) are lines of
// the bill; Java's cache and restores are free. For every runtime AWS
// bills a restore's Billed Restore Duration, the time to load the runtime
// and run after-restore hooks, as duration (snapstart-monitoring.html):
// no measurement splits that from the restore time execsim draws, so it is
// not billed, and the note says so.
func snapStartNotes(fns []model.Function) []string {
	var charged, java int
	for _, f := range fns {
		if !f.SnapStart {
			continue
		}
		switch model.SnapStartOf(f.Runtime) {
		case model.SnapStartCharged:
			charged++
		case model.SnapStartJava:
			java++
		}
	}
	if charged+java == 0 {
		return nil
	}
	which := "the SnapStart function"
	if charged+java > 1 {
		which = fmt.Sprintf("%d SnapStart functions", charged+java)
	}
	note := Name + ": SnapStart: the Billed Restore Duration of each restore (loading the runtime and running after-restore hooks, billed as duration: snapstart-monitoring.html) is not modelled for " + which +
		": no measurement separates it from the restore time drawn, so none of it is billed"
	if charged > 0 {
		note += "; Python and .NET snapshots are billed for caching over the run (AWS: at least 3 hours per published version) and per GB restored (lambda snapstart cache and restore lines)"
	}
	return []string{note}
}

// memoryWarning says that the section's memoryMB, a default, is the size
// of no function, since all n have their own, and how to size every
// function.
func memoryWarning(mb, n int, templates bool) string {
	from := "services[].lambda.memoryMB"
	if templates {
		from = "a template's MemorySize or " + from
	}
	what := fmt.Sprintf("%d MB is the size of no function: all %d have their own (%s)", mb, n, from)
	if n == 1 {
		what = fmt.Sprintf("%d MB is not the function's size: it has its own (%s)", mb, from)
	}
	return Name + ".memoryMB: " + what + "; lambda.everyFunction.memoryMB sizes every function, as execsim tune --memory does"
}

// MemoryFor is the Lambda memory size for a function that needs peakMB:
// rounded up to a whole MB (sizes go in 1-MB steps), at least 128 MB and
// at most 10,240 MB (configuration-memory.html). A function that needs
// more gets the largest size.
func MemoryFor(peakMB float64) int {
	if !(peakMB < model.MaxMemoryMB) {
		return model.MaxMemoryMB
	}
	return max(model.MinMemoryMB, int(math.Ceil(peakMB)))
}

// regions are the commercial AWS regions with Lambda (aws-service-
// endpoints / the Lambda endpoints page, as of 2026).
var regions = []string{
	"us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-east-2",
	"ap-south-1", "ap-south-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
	"ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7",
	"ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3",
	"eu-south-1", "eu-south-2", "eu-north-1", "il-central-1", "me-south-1", "me-central-1",
	"mx-central-1", "sa-east-1",
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

func compileRegion(p *models.Problems, l *Section) model.Config {
	cfg := model.DefaultConfig()
	region := l.Region
	switch {
	case region == "":
		region = "us-east-1"
	case !slices.Contains(regions, region):
		hint := "allowed: " + strings.Join(regions, ", ")
		if s := platform.Closest(region, regions); s != "" {
			hint = "did you mean " + s + "?"
		}
		p.Add(Name+".region", region, models.ErrUnknown, "not an AWS region with Lambda (%s)", hint)
	}
	cfg.LegacyBurst = legacyBurst(region)
	platform.Set(&cfg.AccountConcurrency, l.AccountConcurrency)
	platform.Set(&cfg.ScalingBurst, l.ScalingBurst)
	platform.Set(&cfg.ScalingRefillPerSecond, l.ScalingRefillPerSecond)
	platform.Set(&cfg.ScalingWindowSize, l.ScalingWindowSize)
	platform.Set(&cfg.ScalingWindow, l.ScalingWindow)
	platform.Set(&cfg.LegacyBurst, l.LegacyBurst)
	platform.Set(&cfg.LegacyRefillPerMinute, l.LegacyRefillPerMinute)
	platform.Set(&cfg.UnreservedMinimum, l.UnreservedMinimum)
	// the floor is a part of the account's pool (configuration-
	// concurrency.html: Lambda keeps 100 of it unreserved); one written
	// above the pool was accepted (hostile #14). The default floor above a
	// small account's pool is AWS's own case (no function may reserve), so
	// only a written one is refused.
	if u := l.UnreservedMinimum; u != nil && *u > cfg.AccountConcurrency && cfg.AccountConcurrency >= 1 {
		p.Add(Name+".unreservedMinimum", *u, models.ErrRange,
			"must not exceed accountConcurrency (%d): it is the part of the account's concurrency kept unreserved", cfg.AccountConcurrency)
	}
	if l.Scaling != "" {
		m, err := model.ParseScalingMode(l.Scaling)
		if err != nil {
			p.Add(Name+".scaling", nil, models.ErrInvalid, "%v", err)
		}
		cfg.Scaling = m
	}
	// Region-level problems carry the lambda. prefix here; function-level
	// ones are mapped by ModelPaths after Validate.
	return cfg
}

// applyFunction overlays the fields set in ff onto fn.
func applyFunction(p *models.Problems, path string, ff *Function, fn *model.Function) {
	platform.Set(&fn.MemoryMB, ff.MemoryMB)
	platform.Set(&fn.SnapStart, ff.SnapStart)
	platform.Set(&fn.ReservedConcurrency, ff.ReservedConcurrency)
	// The model's -1 means none; written, it was read as "none" without a
	// word, while the template reader refuses it as AWS does (hostile
	// #14): none is written by leaving the key out.
	if r := ff.ReservedConcurrency; r != nil && *r < 0 {
		p.Add(path+".reservedConcurrency", *r, models.ErrRange, "must not be negative (leave it out for no reserved concurrency)")
	}
	platform.Set(&fn.ProvisionedConcurrency, ff.ProvisionedConcurrency)
	platform.Set(&fn.MaxEventAge, ff.MaxEventAge)
	platform.Set(&fn.AsyncRetries, ff.AsyncRetries)
	// AWS takes whole seconds from 1 to 900, the template reader's rule,
	// for every value written: 0s and 16m were left to the model, whose
	// "must be between 1ms and 15m0s" contradicted the "between 1 and 900
	// seconds" 1ms got (review9b M2). A refused value stands in as the
	// longest valid one: the model's own range then says nothing more of
	// it, and the checks that depend on it (initProblems: an appInit that
	// can never finish) judge no more strictly than any valid timeout.
	if t := ff.Timeout; t != nil {
		fn.Timeout = *t
		if why := lt.TimeoutProblem(*t); why != "" {
			p.Add(path+".timeout", *t, models.ErrRange, "%s", why)
			fn.Timeout = model.MaxTimeout
		}
	}
	platform.Set(&fn.MaxLifetime, ff.MaxLifetime)
	platform.Set(&fn.RPSLimit, ff.RPSLimit)
	if ff.Runtime != "" {
		fn.Runtime = ff.Runtime
	}
	platform.Enum(p, path+".arch", ff.Arch, models.ParseArch, &fn.Arch)
	platform.Enum(p, path+".package", ff.Package, model.ParsePackage, &fn.Package)
	platform.Enum(p, path+".invocation", ff.Invocation, model.ParseInvocation, &fn.Invocation)
	platform.Enum(p, path+".warmSelection", ff.WarmSelection, model.ParseWarmSelection, &fn.WarmSelection)
	platform.Dists(p, path, []platform.DistField{
		{Key: "init", Spec: ff.Init, Dst: &fn.Init},
		{Key: "platformOverhead", Spec: ff.PlatformOverhead, Dst: &fn.PlatformOverhead},
		{Key: "appInit", Spec: ff.AppInit, Dst: &fn.AppInit},
		{Key: "restore", Spec: ff.Restore, Dst: &fn.Restore},
		{Key: "keepAlive", Spec: ff.KeepAlive, Dst: &fn.KeepAlive},
	})
	if r := ff.Retry; r != nil {
		platform.Set(&fn.Retry.Attempts, r.Attempts)
		platform.Set(&fn.Retry.Base, r.Base)
		platform.Set(&fn.Retry.Max, r.Max)
		platform.Enum(p, path+".retry.jitter", r.Jitter, model.ParseJitter, &fn.Retry.Jitter)
	}
}

// initProblems refuses an appInit that can never finish: its shortest
// draw is past the longest init AWS lets run (model.Function.InitLimit),
// so every environment fails its init, and a run of it completed nothing
// and was judged on nothing (hostile #1: appInit 1000h, timeout 15m). One
// that only sometimes runs past is the model's to play out (a failed
// init). Paths are the model's (functions.<name>.appInit), for ModelPaths.
func initProblems(fns []model.Function) error {
	var p models.Problems
	for _, f := range fns {
		if f.AppInit == nil || f.SnapStart || f.Timeout <= 0 {
			continue // SnapStart's init runs when a version is published
		}
		if shortest, lim := f.AppInit.Quantile(0), f.InitLimit(); shortest > lim {
			p.Add("functions."+f.Name+".appInit", f.AppInit.String(), models.ErrRange,
				"can never finish: its shortest (%v) is longer than %v, the longest an init may run (%s)", shortest, lim, f.InitLimitWhy())
		}
	}
	return p.Err()
}
