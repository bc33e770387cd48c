package lambda

import (
	"fmt"
	"strings"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
)

// Config is a Lambda region: account-level limits and the functions in it.
type Config struct {
	// AccountConcurrency is the region's concurrency quota, shared by all
	// functions [1,000] (gettingstarted-limits.html).
	AccountConcurrency int
	// Scaling selects how fast functions may add environments.
	Scaling ScalingMode
	// ScalingBurst and ScalingRefillPerSecond shape the per-function token
	// bucket: at most ScalingBurst new environments at once, refilled
	// continuously [1,000 and 100/s] (scaling-behavior.html).
	ScalingBurst           int
	ScalingRefillPerSecond float64
	// LegacyBurst and LegacyRefillPerMinute shape the pre-November-2023
	// account-wide bucket [3,000 and 500/min for us-east-1] (burst-concurrency.html).
	LegacyBurst           int
	LegacyRefillPerMinute float64
	// UnreservedMinimum is what reserved concurrency must leave to the
	// other functions [100] (configuration-concurrency.html).
	UnreservedMinimum int
	Functions         []Function
}

// Function is one Lambda function.
type Function struct {
	Name     string
	MemoryMB int  // 128–10,240 [128]
	Arch     Arch // x86_64 | arm64
	Runtime  string
	Package  Package // zip | image
	// Init, when set, replaces the measured init duration of Runtime.
	Init dist.Dist
	// PlatformOverhead is placement, microVM start and code download, added
	// to every cold start [uniform(100ms,250ms)]: Shilkov's end-to-end cold
	// start minus lambda-perf's Init Duration (lambda-and-prices.md §3).
	PlatformOverhead dist.Dist
	// AppInit is the application's own initialisation (frameworks, package
	// size), added to the runtime's init [0].
	AppInit dist.Dist
	// SnapStart replaces init by a snapshot restore (Restore, or the
	// measured restore duration of Runtime).
	SnapStart bool
	Restore   dist.Dist
	// ReservedConcurrency is the function's ceiling and guaranteed share of
	// the quota; negative means none [−1]. Zero disables the function.
	ReservedConcurrency int
	// ProvisionedConcurrency is the number of environments kept initialised.
	ProvisionedConcurrency int
	Invocation             Invocation
	// Retry is the synchronous caller's retry policy on throttles.
	Retry RetryPolicy
	// MaxEventAge bounds how long an asynchronous event is retried [6h].
	MaxEventAge time.Duration
	// AsyncRetries is how often a failed (timed-out) asynchronous event is
	// retried, 1 min then 2 min later [2] (invocation-async-error-handling.html).
	AsyncRetries int
	// Timeout ends an invocation that runs longer [3s, at most 15m].
	Timeout time.Duration
	// KeepAlive is how long an idle environment lives [uniform(5m,7m)].
	KeepAlive dist.Dist
	// MaxLifetime retires an environment when it next becomes idle after
	// this age [2h] (lambda-runtime-environment.html: "every few hours").
	MaxLifetime   time.Duration
	WarmSelection WarmSelection
	// RPSLimit enforces the 10 × concurrency requests-per-second cap [true].
	RPSLimit bool
}

// RetryPolicy is a client's retry on 429: up to Attempts tries in all,
// waiting min(Max, Base·2^(n−1)) before try n+1, jittered.
type RetryPolicy struct {
	Attempts int // total tries including the first [1 = no retry]
	Base     time.Duration
	Max      time.Duration
	Jitter   Jitter
}

// DefaultConfig is a us-east-1 account with the documented defaults and no functions.
func DefaultConfig() Config {
	return Config{
		AccountConcurrency:     1000,
		Scaling:                PerFunction,
		ScalingBurst:           1000,
		ScalingRefillPerSecond: 100,
		LegacyBurst:            3000,
		LegacyRefillPerMinute:  500,
		UnreservedMinimum:      100,
	}
}

// DefaultFunction is a function with the documented defaults.
func DefaultFunction(name string) Function {
	return Function{
		Name:                name,
		MemoryMB:            128,
		Arch:                X86,
		Runtime:             "python3.12",
		Package:             Zip,
		PlatformOverhead:    dist.MustParse("uniform(100ms,250ms)"),
		ReservedConcurrency: -1,
		Invocation:          Sync,
		Retry:               RetryPolicy{Attempts: 1, Base: 100 * time.Millisecond, Max: 20 * time.Second, Jitter: FullJitter},
		MaxEventAge:         6 * time.Hour,
		AsyncRetries:        2,
		Timeout:             3 * time.Second,
		KeepAlive:           dist.MustParse("uniform(5m,7m)"),
		MaxLifetime:         2 * time.Hour,
		WarmSelection:       Newest,
		RPSLimit:            true,
	}
}

// Limits from the AWS quotas page (gettingstarted-limits.html).
const (
	MinMemoryMB     = 128
	MaxMemoryMB     = 10240
	MaxTimeout      = 15 * time.Minute
	MaxEventAgeCap  = 6 * time.Hour
	MinEventAge     = 60 * time.Second
	MBPerVCPU       = 1769 // configuration-memory.html: 1,769 MB = one vCPU
	maxAsyncRetries = 2
)

// CPUShare is the fraction of one vCPU a single-threaded handler gets.
func (f *Function) CPUShare() float64 { return min(1, float64(f.MemoryMB)/MBPerVCPU) }

// Validate reports every problem in c at once.
func (c *Config) Validate() error {
	var p models.Problems
	if c.AccountConcurrency < 1 {
		p.Add("accountConcurrency", c.AccountConcurrency, models.ErrRange, "must be at least 1")
	}
	if c.ScalingBurst < 1 {
		p.Add("scalingBurst", c.ScalingBurst, models.ErrRange, "must be at least 1")
	}
	if !(c.ScalingRefillPerSecond > 0) {
		p.Add("scalingRefillPerSecond", c.ScalingRefillPerSecond, models.ErrRange, "must be positive")
	}
	if c.LegacyBurst < 1 {
		p.Add("legacyBurst", c.LegacyBurst, models.ErrRange, "must be at least 1")
	}
	if !(c.LegacyRefillPerMinute > 0) {
		p.Add("legacyRefillPerMinute", c.LegacyRefillPerMinute, models.ErrRange, "must be positive")
	}
	if c.UnreservedMinimum < 0 {
		p.Add("unreservedMinimum", c.UnreservedMinimum, models.ErrRange, "must not be negative")
	}
	if len(c.Functions) == 0 {
		p.Add("functions", nil, models.ErrRequired, "at least one function is required")
	}
	reserved, pcUnreserved := 0, 0
	seen := map[string]bool{}
	for i := range c.Functions {
		f := &c.Functions[i]
		prefix := fmt.Sprintf("functions[%d]", i)
		if f.Name != "" {
			prefix = "functions." + f.Name
			if seen[f.Name] {
				p.Add(prefix, f.Name, models.ErrInvalid, "duplicate function name")
			}
			seen[f.Name] = true
		}
		p.Merge(prefix, f.Validate())
		if f.ReservedConcurrency >= 0 {
			reserved += f.ReservedConcurrency
		} else {
			pcUnreserved += f.ProvisionedConcurrency
		}
	}
	// The floor applies to provisioned concurrency too: it is carved from
	// the same pool (configuration-concurrency.html, provisioned-concurrency.html).
	if avail := c.AccountConcurrency - c.UnreservedMinimum; (reserved > 0 || pcUnreserved > 0) && reserved+pcUnreserved > avail {
		p.Add("functions", reserved+pcUnreserved, models.ErrRange,
			"reserved plus unreserved provisioned concurrency must leave %d of the account's %d unreserved (at most %d)",
			c.UnreservedMinimum, c.AccountConcurrency, max(avail, 0))
	}
	return p.Err()
}

// Validate reports every problem in f at once; paths are relative to f.
func (f *Function) Validate() error {
	var p models.Problems
	if f.MemoryMB < MinMemoryMB || f.MemoryMB > MaxMemoryMB {
		p.Add("memoryMB", f.MemoryMB, models.ErrRange, "must be between %d and %d", MinMemoryMB, MaxMemoryMB)
	}
	if f.Init == nil && !f.SnapStart {
		if _, err := LookupInit(f.Runtime, f.Arch, f.Package, f.MemoryMB); err != nil {
			p.Add("runtime", nil, models.ErrUnknown, "%v", err) // the message quotes it
		}
	}
	if f.SnapStart {
		if f.ProvisionedConcurrency > 0 {
			p.Add("snapStart", true, models.ErrInvalid, "cannot be combined with provisionedConcurrency (snapstart.html)")
		}
		if f.Restore == nil {
			if _, err := LookupRestore(f.Runtime, f.MemoryMB); err != nil {
				p.Add("snapStart", true, models.ErrInvalid, "%v; give restore: a distribution", err)
			}
		}
	}
	if f.ReservedConcurrency >= 0 && f.ProvisionedConcurrency > f.ReservedConcurrency {
		p.Add("provisionedConcurrency", f.ProvisionedConcurrency, models.ErrRange,
			"must not exceed reservedConcurrency (%d)", f.ReservedConcurrency)
	}
	if f.ProvisionedConcurrency < 0 {
		p.Add("provisionedConcurrency", f.ProvisionedConcurrency, models.ErrRange, "must not be negative")
	}
	if f.Timeout <= 0 || f.Timeout > MaxTimeout {
		p.Add("timeout", f.Timeout, models.ErrRange, "must be between 1ms and %v", MaxTimeout)
	}
	if f.MaxEventAge < MinEventAge || f.MaxEventAge > MaxEventAgeCap {
		p.Add("maxEventAge", f.MaxEventAge, models.ErrRange, "must be between %v and %v", MinEventAge, MaxEventAgeCap)
	}
	if f.AsyncRetries < 0 || f.AsyncRetries > maxAsyncRetries {
		p.Add("asyncRetries", f.AsyncRetries, models.ErrRange, "must be between 0 and %d", maxAsyncRetries)
	}
	if f.MaxLifetime <= 0 {
		p.Add("maxLifetime", f.MaxLifetime, models.ErrRange, "must be positive")
	}
	if f.KeepAlive == nil {
		p.Add("keepAlive", nil, models.ErrRequired, "a distribution is required")
	}
	if f.PlatformOverhead == nil {
		p.Add("platformOverhead", nil, models.ErrRequired, "a distribution is required")
	}
	if f.Retry.Attempts < 1 {
		p.Add("retry.attempts", f.Retry.Attempts, models.ErrRange, "must be at least 1 (1 means no retry)")
	}
	if f.Retry.Base <= 0 {
		p.Add("retry.base", f.Retry.Base, models.ErrRange, "must be positive")
	}
	if f.Retry.Max < f.Retry.Base {
		p.Add("retry.max", f.Retry.Max, models.ErrRange, "must be at least retry.base (%v)", f.Retry.Base)
	}
	return p.Err()
}

// enum is a small helper for the string forms of the enumerations below.
type enum[T ~uint8] struct{ names []string }

func (e enum[T]) name(v T) string {
	if int(v) < len(e.names) {
		return e.names[v]
	}
	return "?"
}

func (e enum[T]) parse(what, s string) (T, error) {
	for i, n := range e.names {
		if strings.EqualFold(n, s) {
			return T(i), nil
		}
	}
	return 0, fmt.Errorf("unknown %s %q (allowed: %s)", what, s, strings.Join(e.names, ", "))
}

// ScalingMode selects the scale-up rule.
type ScalingMode uint8

const (
	// PerFunction is the rule since November 2023: each function has its own
	// token bucket of 1,000 environments refilled at 100/s.
	PerFunction ScalingMode = iota
	// Legacy is the account-wide burst bucket used before November 2023.
	Legacy
	// Unlimited disables the scaling rate (for checks against queueing theory).
	Unlimited
)

var scalingModes = enum[ScalingMode]{[]string{"per-function", "legacy", "unlimited"}}

func (m ScalingMode) String() string { return scalingModes.name(m) }

// ParseScalingMode parses per-function | legacy | unlimited.
func ParseScalingMode(s string) (ScalingMode, error) { return scalingModes.parse("scaling mode", s) }

// Invocation is how callers invoke a function.
type Invocation uint8

const (
	Sync Invocation = iota
	Async
)

var invocations = enum[Invocation]{[]string{"sync", "async"}}

func (i Invocation) String() string { return invocations.name(i) }

// ParseInvocation parses sync | async.
func ParseInvocation(s string) (Invocation, error) { return invocations.parse("invocation type", s) }

// WarmSelection picks which idle environment serves a request.
type WarmSelection uint8

const (
	// Newest picks the most recently created idle environment, so older
	// ones idle out (the policy SimFaaS reproduces).
	Newest WarmSelection = iota
	Oldest
	Random
)

var warmSelections = enum[WarmSelection]{[]string{"newest", "oldest", "random"}}

func (w WarmSelection) String() string { return warmSelections.name(w) }

// ParseWarmSelection parses newest | oldest | random.
func ParseWarmSelection(s string) (WarmSelection, error) {
	return warmSelections.parse("warm selection", s)
}

// Arch is the instruction set.
type Arch uint8

const (
	X86 Arch = iota
	Arm64
)

var arches = enum[Arch]{[]string{"x86_64", "arm64"}}

func (a Arch) String() string { return arches.name(a) }

// ParseArch parses x86_64 | arm64.
func ParseArch(s string) (Arch, error) { return arches.parse("architecture", s) }

// Package is how the code is shipped.
type Package uint8

const (
	Zip Package = iota
	Image
)

var packages = enum[Package]{[]string{"zip", "image"}}

func (p Package) String() string { return packages.name(p) }

// ParsePackage parses zip | image.
func ParsePackage(s string) (Package, error) { return packages.parse("package type", s) }

// Jitter randomises retry waits.
type Jitter uint8

const (
	// FullJitter waits U(0, backoff) (the AWS SDKs' default).
	FullJitter Jitter = iota
	// EqualJitter waits backoff/2 + U(0, backoff/2).
	EqualJitter
	// NoJitter waits exactly backoff.
	NoJitter
)

var jitters = enum[Jitter]{[]string{"full", "equal", "none"}}

func (j Jitter) String() string { return jitters.name(j) }

// ParseJitter parses full | equal | none.
func ParseJitter(s string) (Jitter, error) { return jitters.parse("jitter", s) }
