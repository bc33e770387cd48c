package manifests

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// Sentinels classify an Error for errors.Is.
var (
	// ErrSyntax is YAML that does not parse, or a document that is not an
	// object.
	ErrSyntax = errors.New("malformed manifest")
	// ErrInvalid is a field of the wrong type or an impossible value.
	ErrInvalid = errors.New("invalid field")
	// ErrRequired is a missing field the object needs.
	ErrRequired = errors.New("required field")
	// ErrUnsupported is an apiVersion of a modelled kind that is not read
	// (a removed beta API).
	ErrUnsupported = errors.New("unsupported apiVersion")
	// ErrConflict is two objects that cannot both hold: a Deployment
	// written twice, two HPAs on one Deployment.
	ErrConflict = errors.New("conflicting objects")
)

// Source is where an object was read: its file (as named to Read, joined
// with the file's name for a directory) and its document, counted from 1.
// Doc is 0 for a problem with the file itself.
type Source struct {
	File string
	Doc  int
}

// Location reads "file:document N", or "file" for the file itself.
func (s Source) Location() string {
	if s.Doc == 0 {
		return s.File
	}
	return fmt.Sprintf("%s:document %d", s.File, s.Doc)
}

// Error is one document that cannot be read, or one field of it. It reads
// "file:document N: kind/name: field: what is wrong (got X)", leaving out
// the parts that are unknown. The CLI exits with status 2 for it.
type Error struct {
	Source
	Kind, Name string
	Field      string
	Msg        string
	Value      any   // what was given; nil when nothing was
	Err        error // a sentinel above, or an fs error for a file
}

func (e *Error) Error() string {
	s := e.Location() + ": " + object(e.Kind, e.Name) + field(e.Field) + e.Msg
	if e.Value != nil {
		s += fmt.Sprintf(" (got %v)", e.Value)
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Warning is a field execsim reads but cannot honour, an unknown field, or
// an object that matches nothing: the input loads, and the user is told.
type Warning struct {
	Source
	Kind, Name string
	Field      string
	Message    string
}

func (w Warning) String() string {
	return w.Location() + ": " + object(w.Kind, w.Name) + field(w.Field) + w.Message
}

// Ignored is an object of a kind execsim does not model (ConfigMap,
// Ingress, StatefulSet, …), listed once.
type Ignored struct {
	Source
	APIVersion, Kind string
	Namespace, Name  string
}

func object(kind, name string) string {
	switch {
	case kind == "" && name == "":
		return ""
	case name == "":
		return kind + ": "
	case kind == "":
		return name + ": "
	}
	return kind + "/" + name + ": "
}

func field(f string) string {
	if f == "" {
		return ""
	}
	return f + ": "
}

// problems collects errors and warnings in reading order.
type problems struct {
	errs  []*Error
	warns []Warning
	order map[string]int // file → position in reading order
}

func (p *problems) err(src Source, kind, name, fieldPath string, value any, sentinel error, format string, args ...any) {
	p.errs = append(p.errs, &Error{Source: src, Kind: kind, Name: name, Field: fieldPath,
		Msg: fmt.Sprintf(format, args...), Value: value, Err: sentinel})
}

func (p *problems) warn(src Source, kind, name, fieldPath, format string, args ...any) {
	p.warns = append(p.warns, Warning{Source: src, Kind: kind, Name: name, Field: fieldPath,
		Message: fmt.Sprintf(format, args...)})
}

// less orders sources by file reading order, then document.
func (p *problems) less(a, b Source) int {
	return cmp.Or(cmp.Compare(p.order[a.File], p.order[b.File]), cmp.Compare(a.Doc, b.Doc))
}

// result sorts what was found (stably, by file and document) and joins the errors.
func (p *problems) result() ([]Warning, error) {
	slices.SortStableFunc(p.warns, func(a, b Warning) int { return p.less(a.Source, b.Source) })
	slices.SortStableFunc(p.errs, func(a, b *Error) int { return p.less(a.Source, b.Source) })
	errs := make([]error, len(p.errs))
	for i, e := range p.errs {
		errs[i] = e
	}
	return p.warns, errors.Join(errs...)
}
