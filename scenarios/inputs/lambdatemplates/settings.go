package lambdatemplates

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/execsim/execsim/models/lambda"
)

// settings is what either reader found for one function, in the file's own
// spelling, before it is checked and put in execsim's terms.
type settings struct {
	kind, name   string
	errKind      string // kind in error messages, when not kind
	functionName string
	memoryMB     *int
	timeoutSec   *int
	runtime      *string
	// runtimeInherited: the runtime comes from Globals or provider, so it
	// is not an image function's own (build warns of a Globals one).
	runtimeInherited bool
	architectures    []string
	packageType      *string // Zip | Image (templates), zip | image (serverless.yml)
	// snapStart is the SnapStart the file asked for; build checks it and
	// decides whether it is modelled.
	snapStart *bool
	// unpublished: a SAM function without AutoPublishAlias, invoked as
	// $LATEST, where SnapStart does not apply
	unpublished bool
	reserved    *int
	provisioned *int
	// field names as the file spells them, for messages
	fMemory, fTimeout, fRuntime, fArch, fPackage, fSnap, fReserved, fProvisioned string
	// path prefix of the function's settings, for warnings
	path string
	// globals: these are Globals.Function's, checked on their own (the
	// checks that need a function's other properties are skipped)
	globals bool
	// inherited are serverless.yml keys whose function value could not be
	// resolved, so the provider's is used
	inherited map[string]bool
}

// inherit records that key's value is the provider's after all, so
// messages name provider.key.
func (s *settings) inherit(key string) {
	if s.inherited == nil {
		s.inherited = map[string]bool{}
	}
	s.inherited[key] = true
	f := "provider." + key
	switch key {
	case "memorySize":
		s.fMemory = f
	case "timeout":
		s.fTimeout = f
	case "runtime":
		s.fRuntime = f
	case "architecture":
		s.fArch = f
	}
}

// prefix goes before a property's name in an error: the path of
// Globals.Function, whose errors name no function.
func (s *settings) prefix() string {
	if s.globals {
		return s.path + "."
	}
	return ""
}

// TimeoutProblem says why AWS would refuse d as a function's timeout, or
// "" when it takes it: Timeout is a whole number of seconds from 1 to 900
// (gettingstarted-limits.html; the CreateFunction API's Timeout is an
// integer). The scenario's lambda.timeout is checked by the same rule
// (hostile #12: 10ms and 1500ms were accepted and a 10 ms timeout failed
// nearly every request).
func TimeoutProblem(d time.Duration) string {
	most := int(lambda.MaxTimeout / time.Second)
	switch {
	case d < time.Second || d > lambda.MaxTimeout:
		return fmt.Sprintf("must be between 1 and %d seconds", most)
	case d%time.Second != 0:
		return fmt.Sprintf("must be a whole number of seconds, between 1 and %d (AWS's Timeout is an integer)", most)
	}
	return ""
}

// build checks s and turns it into a Function. Ranges are AWS's
// (gettingstarted-limits.html, configuration-memory.html): memory
// 128–10,240 MB, timeout 1–900 s; concurrency settings are not negative.
func (r *report) build(s *settings) Function {
	f := Function{Name: s.name, FunctionName: s.functionName, Kind: s.kind}
	if s.errKind != "" {
		s.kind = s.errKind
	}
	if v := s.memoryMB; v != nil {
		if *v < lambda.MinMemoryMB || *v > lambda.MaxMemoryMB {
			r.fail(s.kind, s.name, s.fMemory, *v, ErrRange, "must be between %d and %d", lambda.MinMemoryMB, lambda.MaxMemoryMB)
		} else {
			f.MemoryMB = ptr(*v)
		}
	}
	if v := s.timeoutSec; v != nil {
		// clamped first: a huge count of seconds would wrap the Duration
		d := time.Duration(min(max(*v, 0), int(lambda.MaxTimeout/time.Second)+1)) * time.Second
		if why := TimeoutProblem(d); why != "" {
			r.fail(s.kind, s.name, s.fTimeout, *v, ErrRange, "%s", why)
		} else {
			f.Timeout = &d
		}
	}
	if v := s.reserved; v != nil {
		if *v < 0 {
			r.fail(s.kind, s.name, s.fReserved, *v, ErrRange, "must not be negative")
		} else {
			f.ReservedConcurrency = ptr(*v)
		}
	}
	if v := s.provisioned; v != nil {
		if *v < 0 {
			r.fail(s.kind, s.name, s.fProvisioned, *v, ErrRange, "must not be negative")
		} else {
			f.ProvisionedConcurrency = ptr(*v)
		}
	}
	switch len(s.architectures) {
	case 0:
	case 1:
		switch a := s.architectures[0]; a {
		case "x86_64", "arm64":
			f.Arch = a
		default:
			r.fail(s.kind, s.name, s.fArch, a, ErrInvalid, "must be x86_64 or arm64")
		}
	default:
		r.fail(s.kind, s.name, s.fArch, s.architectures, ErrInvalid, "must name exactly one architecture")
	}
	if v := s.packageType; v != nil {
		switch strings.ToLower(*v) {
		case "zip":
			f.Package = "zip"
		case "image":
			f.Package = "image"
		default:
			r.fail(s.kind, s.name, s.fPackage, *v, ErrInvalid, "must be Zip or Image")
		}
	}
	if s.snapStart != nil {
		f.SnapStart = ptr(*s.snapStart)
	}
	if !s.globals && *ptrOr(f.SnapStart, false) {
		// A .zip function can have SnapStart on the managed runtimes
		// Java 11+, Python 3.12+ and .NET 8+ only (snapstart.html); Lambda
		// refuses it on any other runtime. A container image can have it
		// since July 2026 (snapstart-runtime-hooks-custom.html: AWS's base
		// images for those runtimes as they are, others with restore
		// hooks or a label; aws/aws-lambda-roadmap#98 links the
		// announcement), so the template deploys, but execsim has no
		// measured restore time for an image and models none
		// (models/lambda SnapStartOf): modelled without SnapStart, as a
		// SnapStart without AutoPublishAlias is, and said so.
		switch {
		case f.Package == "image":
			r.warn(s.path+"."+s.fSnap, "execsim does not model SnapStart for a container image (AWS supports it since July 2026, snapstart-runtime-hooks-custom.html, but no restore time for one is measured): modelled without SnapStart")
			f.SnapStart = ptr(false)
		case s.runtime != nil && *s.runtime != "" && runtimeKnown(*s.runtime) && lambda.SnapStartOf(*s.runtime) == lambda.NoSnapStart:
			// Lambda's CreateFunction refuses it ("nodejs22.x is not
			// supported for SnapStart enabled functions",
			// localstack/localstack#12458 against AWS), so the
			// deployment fails: an error, not a model without SnapStart
			r.fail(s.kind, s.name, s.fSnap, nil, ErrInvalid, "cannot be on for runtime %s: Lambda refuses to create such a function (snapstart.html: managed Java 11+, Python 3.12+ and .NET 8+ only)", *s.runtime)
			f.SnapStart = ptr(false)
		case s.unpublished:
			r.warn(s.path+"."+s.fSnap, "applies to published versions only, and without AutoPublishAlias (absent, empty or AWS::NoValue) the function is invoked as $LATEST: modelled without SnapStart (set AutoPublishAlias to publish a version and invoke it through the alias)")
			f.SnapStart = ptr(false)
		}
	}
	if !s.globals && *ptrOr(f.SnapStart, false) && *ptrOr(f.ProvisionedConcurrency, 0) > 0 {
		r.fail(s.kind, s.name, s.fSnap, nil, ErrInvalid, "cannot be combined with provisioned concurrency (snapstart.html)")
	}
	if v := s.runtime; v != nil && *v != "" && f.Package == "image" && s.runtimeInherited && s.kind == samFunction {
		// SAM's transform refuses Runtime with PackageType Image, and
		// Globals.Function's is merged into every function
		// ("Runtime, Handler, Layers cannot be present when PackageType
		// is of type Image", aws/aws-sam-cli#2478, open; review10 M2).
		// Not checked against the transform here, so a warning naming
		// the function; the runtime is not used for it.
		r.warn("Globals.Function.Runtime", "%s is inherited by %s, which has PackageType Image: SAM's transform may refuse the template (aws/aws-sam-cli#2478: Runtime cannot be present with PackageType Image); ignored for %s, whose image holds its own runtime", *v, s.name, s.name)
	}
	if v := s.runtime; v != nil && *v != "" && !(f.Package == "image" && s.runtimeInherited) {
		f.TemplateRuntime = *v
		if !runtimeKnown(*v) {
			// CloudFormation's schema enumerates Runtime (awsRuntimes):
			// a value outside it, or execsim's own names (go, rust,
			// bun), never deploys
			r.fail(s.kind, s.name, s.fRuntime, *v, ErrInvalid, "is not a Lambda runtime identifier (e.g. nodejs22.x, python3.13, java21, dotnet8, ruby3.4, provided.al2023; lambda-runtimes.html)")
		} else if f.Package == "image" && s.kind != serverlessKind {
			// CreateFunction: "Specifying a runtime results in an error
			// if you're deploying a function using a container image"
			// (Lambda API reference, FunctionConfiguration.Runtime); a
			// runtime in Globals.Function is not the function's own
			r.fail(s.kind, s.name, s.fRuntime, *v, ErrInvalid, "must not be set with PackageType Image: Lambda refuses a runtime for a container image, which holds its own")
		} else if f.Package == "image" {
			r.warn(s.path+"."+s.fRuntime, "runtime %s is ignored for an image function", *v)
		} else if name, note := runtimeName(*v); name == "" {
			r.warn(s.path+"."+s.fRuntime, "runtime %s has no measured init duration in execsim (known: %s); the scenario's runtime applies", *v, strings.Join(lambda.Runtimes(), ", "))
		} else {
			f.Runtime = name
			if note != "" {
				r.warn(s.path+"."+s.fRuntime, "%s", note)
			}
		}
	}
	return f
}

// runtimeName maps a Lambda runtime identifier (aws-resource-lambda-function
// Runtime, lambda-runtimes.html) to execsim's name for its measured init
// duration. The OS-only runtimes provided, provided.al2 and provided.al2023
// carry Go and Rust binaries alike; they map to go, whose init lambda-perf
// measures close to Rust's (lambda-and-prices.md §3: 45/60 ms both), with a
// note saying so.
func runtimeName(id string) (name, note string) {
	s := strings.ToLower(strings.TrimSpace(id))
	if s == "provided" || strings.HasPrefix(s, "provided.") {
		return "go", "custom runtime " + id + " is taken as go (Go and Rust initialise alike; set runtime: rust to choose)"
	}
	if slices.Contains(lambda.Runtimes(), s) {
		return s, ""
	}
	return "", ""
}

func ptr[T any](v T) *T { return &v }

func ptrOr[T any](p *T, def T) *T {
	if p == nil {
		return &def
	}
	return p
}
