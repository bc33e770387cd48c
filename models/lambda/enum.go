package lambda

import "github.com/execsim/execsim/models"

// The region's enumerations. Each prints and parses through a models.Enum;
// parsing ignores case, and a bad name is reported with the allowed ones.

// ScalingMode selects the scale-up rule.
type ScalingMode uint8

const (
	// PerFunction is the rule since November 2023: each function has its own
	// token bucket of 1,000 environments refilled at 100/s.
	PerFunction ScalingMode = iota
	// Legacy is the account-wide burst bucket used before November 2023.
	Legacy
	// Window is the rule as it is often stated in talks and blog posts: up
	// to 1,000 new environments per function in each fixed 10-s window. AWS
	// documents a continuous refill instead (PerFunction); Window exists to
	// show where the two descriptions throttle differently.
	Window
	// Unlimited disables the scaling rate (for checks against queueing theory).
	Unlimited
)

var scalingModes = models.Enum[ScalingMode]{What: "scaling mode", Names: []string{"per-function", "legacy", "window", "unlimited"}}

func (m ScalingMode) String() string { return scalingModes.String(m) }

// ParseScalingMode parses per-function | legacy | window | unlimited.
func ParseScalingMode(s string) (ScalingMode, error) { return scalingModes.Parse(s) }

// Invocation is how callers invoke a function.
type Invocation uint8

const (
	Sync Invocation = iota
	Async
)

var invocations = models.Enum[Invocation]{What: "invocation type", Names: []string{"sync", "async"}}

func (i Invocation) String() string { return invocations.String(i) }

// ParseInvocation parses sync | async.
func ParseInvocation(s string) (Invocation, error) { return invocations.Parse(s) }

// WarmSelection picks which idle environment serves a request.
type WarmSelection uint8

const (
	// Newest picks the most recently created idle environment, so older
	// ones idle out (the policy SimFaaS reproduces).
	Newest WarmSelection = iota
	Oldest
	Random
)

var warmSelections = models.Enum[WarmSelection]{What: "warm selection", Names: []string{"newest", "oldest", "random"}}

func (w WarmSelection) String() string { return warmSelections.String(w) }

// ParseWarmSelection parses newest | oldest | random.
func ParseWarmSelection(s string) (WarmSelection, error) { return warmSelections.Parse(s) }

// Package is how the code is shipped.
type Package uint8

const (
	Zip Package = iota
	Image
)

var packages = models.Enum[Package]{What: "package type", Names: []string{"zip", "image"}}

func (p Package) String() string { return packages.String(p) }

// ParsePackage parses zip | image.
func ParsePackage(s string) (Package, error) { return packages.Parse(s) }

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

var jitters = models.Enum[Jitter]{What: "jitter", Names: []string{"full", "equal", "none"}}

func (j Jitter) String() string { return jitters.String(j) }

// ParseJitter parses full | equal | none.
func ParseJitter(s string) (Jitter, error) { return jitters.Parse(s) }
