package lambda

import (
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
	// ScalingWindowSize and ScalingWindow shape the fixed-window reading of
	// the same rule (Scaling: Window): at most ScalingWindowSize new
	// environments per function in each ScalingWindow from the start of the
	// run [1,000 and 10s]. Not AWS's documented semantics; for comparison.
	ScalingWindowSize int
	ScalingWindow     time.Duration
	// LegacyBurst and LegacyRefillPerMinute shape the pre-November-2023
	// account-wide bucket [3,000 and 500/min for us-east-1] (burst-concurrency.html).
	LegacyBurst           int
	LegacyRefillPerMinute float64
	// UnreservedMinimum is what reserved concurrency must leave to the
	// other functions [100] (configuration-concurrency.html).
	UnreservedMinimum int
	// FrontDoorTimeout is how long the front door waits for a synchronous
	// invocation before it answers the client itself [0: it waits as long
	// as the function runs]. API Gateway's integration timeout: REST APIs
	// 29 s by default (raisable for Regional and private REST APIs, AWS
	// What's New 2024-06-04), HTTP APIs at most 30 s (http-api-quotas.html).
	// A request whose invocation (cold start included) runs longer fails
	// for its client at that point (504), while the function runs on,
	// billed, holding its environment: Lambda does not stop an invocation
	// whose caller went away.
	FrontDoorTimeout time.Duration
	Functions        []Function
}

// Function is one Lambda function.
type Function struct {
	Name string
	// Streams names the function's random streams, <Streams>/cold-start,
	// /keep-alive, /warm-selection and /retry [lambda/<Name>] (streams.go).
	// A fleet leaves it empty, so each function draws from streams of its
	// own name; a scenario of one service sets it to "lambda", the region's
	// names before functions had streams of their own, so that its name is
	// only a label. Unique within a Config.
	Streams  string
	MemoryMB int         // 128–10,240 [128]
	Arch     models.Arch // x86_64 | arm64
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
	// KeepAlive is how long an idle environment lives [uniform(5m,7m)]:
	// an assumption, as AWS does not document it (observations run from
	// 5–7 min to 45–60 min, lambda-and-prices.md §2.1), which every cost
	// verdict states (scenarios/platforms/lambda, Assumptions).
	KeepAlive dist.Dist
	// MaxLifetime retires an environment when it next becomes idle after
	// this age [2h] (lambda-runtime-environment.html: "every few hours").
	MaxLifetime time.Duration
	// WarmSelection is which idle environment serves a request [Newest]:
	// an assumption too, as AWS says only that an available one is used
	// (lambda-concurrency.html), not which.
	WarmSelection WarmSelection
	// RPSLimit enforces the 10 × concurrency requests-per-second caps on
	// the function's synchronous invocations [true]: its own, its
	// provisioned version's, and the account's, which its invocations then
	// count towards (a function without the caps neither counts nor is
	// refused; Region.admitRate).
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
		ScalingWindowSize:      1000,
		ScalingWindow:          10 * time.Second,
		LegacyBurst:            3000,
		LegacyRefillPerMinute:  500,
		UnreservedMinimum:      100,
	}
}

// The default distributions, parsed once and shared by every function that
// keeps them (a Dist is immutable): a fleet's keep-alive draws then read one
// distribution that stays in cache, not one per function, which was a
// cache miss per request of a 500-function fleet (BENCHMARKS.md, lam4).
var (
	defaultOverhead  = dist.MustParse("uniform(100ms,250ms)")
	defaultKeepAlive = dist.MustParse("uniform(5m,7m)")
)

// DefaultFunction is a function with the documented defaults.
func DefaultFunction(name string) Function {
	return Function{
		Name:                name,
		MemoryMB:            128,
		Arch:                models.X86_64,
		Runtime:             "python3.12",
		Package:             Zip,
		PlatformOverhead:    defaultOverhead,
		ReservedConcurrency: -1,
		Invocation:          Sync,
		Retry:               RetryPolicy{Attempts: 1, Base: 100 * time.Millisecond, Max: 20 * time.Second, Jitter: FullJitter},
		MaxEventAge:         6 * time.Hour,
		AsyncRetries:        2,
		Timeout:             3 * time.Second,
		KeepAlive:           defaultKeepAlive,
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
