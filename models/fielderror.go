package models

import (
	"errors"
	"fmt"
)

// Sentinels classify a FieldError for errors.Is.
var (
	ErrRange    = errors.New("out of range")
	ErrRequired = errors.New("required")
	ErrInvalid  = errors.New("invalid")
	ErrUnknown  = errors.New("unknown")
)

// FieldError is one problem with one configuration field. Validation collects
// every FieldError with errors.Join, so a user sees all problems at once.
type FieldError struct {
	Path  string // dotted path, e.g. "lambda.memoryMB" or "workload.profile[2].at"
	Value any    // what was given (nil when the field was missing)
	Msg   string // what is wrong and what is allowed, e.g. "must be between 128 and 10240"
	Err   error  // a sentinel above, for errors.Is
}

func (e *FieldError) Error() string {
	if e.Value == nil {
		return fmt.Sprintf("%s: %s", e.Path, e.Msg)
	}
	return fmt.Sprintf("%s: %s (got %v)", e.Path, e.Msg, e.Value)
}

func (e *FieldError) Unwrap() error { return e.Err }

// Fieldf builds a FieldError.
func Fieldf(path string, value any, sentinel error, format string, args ...any) *FieldError {
	return &FieldError{Path: path, Value: value, Msg: fmt.Sprintf(format, args...), Err: sentinel}
}

// Problems accumulates FieldErrors under a path prefix.
type Problems struct {
	errs []error
}

// Add records a problem at path (already fully qualified).
func (p *Problems) Add(path string, value any, sentinel error, format string, args ...any) {
	p.errs = append(p.errs, Fieldf(path, value, sentinel, format, args...))
}

// Merge adds every FieldError in err (as returned by another Validate),
// prefixing their paths with prefix+"." when prefix is not empty.
func (p *Problems) Merge(prefix string, err error) {
	if err == nil {
		return
	}
	var list []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	} else {
		list = []error{err}
	}
	for _, e := range list {
		var fe *FieldError
		if prefix != "" && errors.As(e, &fe) {
			c := *fe
			c.Path = prefix + "." + c.Path
			e = &c
		}
		p.errs = append(p.errs, e)
	}
}

// Err is nil when nothing was added, else errors.Join of every problem in order.
func (p *Problems) Err() error { return errors.Join(p.errs...) }

// Item is the path of item i of a collection whose items may have names:
// "collection.name", or "collection[i]" for an item without one. A name
// already in seen is reported as a duplicate noun name ("duplicate function
// name"); seen collects the names.
func (p *Problems) Item(collection string, i int, name, noun string, seen map[string]bool) string {
	if name == "" {
		return fmt.Sprintf("%s[%d]", collection, i)
	}
	at := collection + "." + name
	if seen[name] {
		p.Add(at, name, ErrInvalid, "duplicate %s name", noun)
	}
	seen[name] = true
	return at
}

// Members checks, as Validate walks them, the members of a model that
// each draw from random streams of their own (a region's functions, a
// cluster's deployments): each name once, and each member's streams its
// own, since two members of one stream would draw the same numbers.
type Members struct {
	Collection string // the field that lists them: "functions"
	Noun       string // one of them, in messages: "function"
	names      map[string]bool
	streams    map[string]bool
}

// Check is member i's path (as Item gives it), under which it adds the
// problems of the member's own Validate (err) and, unless its name is a
// duplicate (told once, as such), a streams base another member has.
func (m *Members) Check(p *Problems, i int, name, streams string, err error) string {
	if m.names == nil {
		m.names, m.streams = map[string]bool{}, map[string]bool{}
	}
	dup := name != "" && m.names[name]
	at := p.Item(m.Collection, i, name, m.Noun, m.names)
	p.Merge(at, err)
	if m.streams[streams] && !dup {
		p.Add(at+".streams", streams, ErrInvalid, "another %s draws from streams of this name; give each %s its own", m.Noun, m.Noun)
	} else {
		m.streams[streams] = true
	}
	return at
}

// Number is what a range check compares: a count, a duration, a rate.
type Number interface {
	~int | ~int32 | ~int64 | ~float64
}

// AtLeast adds a problem at path unless v ≥ min: "must be at least 1 (got 0)".
func AtLeast[T Number](p *Problems, path string, v, min T) {
	if v < min {
		p.Add(path, v, ErrRange, "must be at least %v", min)
	}
}

// Positive adds a problem at path unless v > 0 (a NaN is not):
// "must be positive (got 0s)".
func Positive[T Number](p *Problems, path string, v T) {
	if !(v > 0) {
		p.Add(path, v, ErrRange, "must be positive")
	}
}

// NotNegative adds a problem at path if v < 0: "must not be negative (got -1)".
func NotNegative[T Number](p *Problems, path string, v T) {
	if v < 0 {
		p.Add(path, v, ErrRange, "must not be negative")
	}
}
