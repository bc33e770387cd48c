package lambdatemplates

import (
	"errors"
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"
)

// Set is what one file declares: its functions sorted by Name, and the
// warnings met while reading them, in file order.
type Set struct {
	File      string
	Functions []Function
	Warnings  []Warning
}

// Function is one function's settings in execsim's terms. The fields have
// the names and types of the lambda section's function settings
// (scenarios/platforms/lambda.Function): a nil pointer or an empty string
// is a setting the file leaves to the defaults.
type Function struct {
	// Name is the template's logical ID, or the key under functions: in
	// serverless.yml.
	Name string
	// FunctionName is the deployed name when the file sets one.
	FunctionName string
	// Kind is AWS::Serverless::Function, AWS::Lambda::Function or
	// serverless.yml, for messages.
	Kind string

	MemoryMB *int
	Timeout  *time.Duration
	// Runtime is execsim's name for the runtime (models/lambda.Runtimes),
	// empty when unset, for an image, or when execsim does not know it
	// (then a Warning names TemplateRuntime).
	Runtime         string
	TemplateRuntime string
	Arch            string // "x86_64" | "arm64" | ""
	Package         string // "zip" | "image" | ""
	SnapStart       *bool
	// ReservedConcurrency is nil when the file sets none.
	ReservedConcurrency    *int
	ProvisionedConcurrency *int
	// Invoked says how its event sources invoke it when not synchronously
	// ("Queue (SQS) poll and invoke in batches"), "" otherwise.
	Invoked string
}

// Warning is something read that execsim cannot honour exactly.
type Warning struct {
	File     string
	Document int
	Path     string // where in the file, e.g. Resources.Checkout.Properties.MemorySize
	Msg      string
}

func (w Warning) String() string {
	return fmt.Sprintf("%s:document %d: %s: %s", w.File, w.Document, w.Path, w.Msg)
}

// Error is one problem with one field of one object of an input file.
type Error struct {
	File     string
	Document int
	Kind     string // AWS::Serverless::Function, AWS::Lambda::Function(/Alias/Version), or function (serverless.yml); empty for a file-level problem
	Name     string
	Field    string
	Value    any // what was given; nil when missing or not meaningful
	Msg      string
	Err      error // ErrRange, ErrInvalid or ErrSyntax, for errors.Is
}

// Sentinels classify an Error.
var (
	ErrSyntax  = errors.New("malformed file")
	ErrInvalid = errors.New("invalid value")
	ErrRange   = errors.New("out of range")
)

func (e *Error) Error() string {
	s := fmt.Sprintf("%s:document %d: ", e.File, e.Document)
	if e.Kind != "" || e.Name != "" {
		s += e.Kind + "/" + e.Name + ": "
	}
	if e.Field != "" {
		s += e.Field + ": "
	}
	s += e.Msg
	if e.Value != nil {
		s += fmt.Sprintf(" (got %v)", e.Value)
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// report collects the errors and warnings of one file.
type report struct {
	file     string
	errs     []error
	warnings []Warning
	// self is a serverless.yml's top level, for ${self:custom.…}
	self *yaml.Node
}

func (r *report) warn(path, format string, args ...any) {
	r.warnings = append(r.warnings, Warning{File: r.file, Document: 1, Path: path, Msg: fmt.Sprintf(format, args...)})
}

func (r *report) fail(kind, name, field string, value any, sentinel error, format string, args ...any) {
	r.errs = append(r.errs, &Error{File: r.file, Document: 1, Kind: kind, Name: name, Field: field,
		Value: value, Msg: fmt.Sprintf(format, args...), Err: sentinel})
}

func (r *report) err() error { return errors.Join(r.errs...) }
