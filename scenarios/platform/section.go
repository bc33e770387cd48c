package platform

import (
	"errors"
	"strings"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/models"
)

// Set copies an optional field that the scenario file set.
func Set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// Deref is the value of an optional field, or its zero value.
func Deref[T any](v *T) T {
	var zero T
	if v == nil {
		return zero
	}
	return *v
}

// Enum parses an enumeration the file set into dst; parse errors quote the
// value and list what is allowed.
func Enum[T any](p *models.Problems, path, s string, parse func(string) (T, error), dst *T) {
	if s == "" {
		return
	}
	v, err := parse(s)
	if err != nil {
		p.Add(path, nil, models.ErrInvalid, "%v", err)
		return
	}
	*dst = v
}

// ParseDist parses a distribution spec; an empty spec is nil.
func ParseDist(p *models.Problems, path, spec string) dist.Dist {
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

// DistField is a distribution written in a file (its spec) and where it goes.
type DistField struct {
	Key  string
	Spec string
	Dst  *dist.Dist
}

// Dists parses each spec that is set into its destination, reporting bad
// specs under path.key.
func Dists(p *models.Problems, path string, fields []DistField) {
	for _, f := range fields {
		if v := ParseDist(p, path+"."+f.Key, f.Spec); v != nil {
			*f.Dst = v
		}
	}
}

// ModelPaths rewrites a model package's validation paths into the
// scenario's: "functions.api.memoryMB" becomes "lambda.memoryMB" (one
// service) or "lambda.memoryMB (function api)" (a fleet); other paths get
// the section prefix ("accountConcurrency" → "lambda.accountConcurrency").
// The same problem of several members is told once, naming how many and
// the first few ("kubernetes.cpuRequestMilli (300 deployments: svc-000,
// svc-001, svc-002 and 297 more): …"): a section's typo reaches every
// member, and 300 identical lines buried any other problem (walk13 #5).
func ModelPaths(err error, section, collection, noun string, single bool) error {
	var out []error
	var groups Grouped[*models.FieldError]
	for _, e := range Unjoin(modelPaths(err, section, collection, single)) {
		fe, ok := e.(*memberError)
		if !ok {
			out = append(out, e)
			continue
		}
		c := fe.FieldError
		if groups.Add(c.Error(), &c, fe.name) {
			out = append(out, &c) // in the order of the first member's
		}
	}
	for _, g := range groups.All() {
		g.Item.Path += " (" + Members(noun, g.Names) + ")"
	}
	return errors.Join(out...)
}

// Grouped collects what several members of a fleet (services,
// Deployments, functions) have in common, a problem or a warning that
// reads the same for each, so that it is told once with the members it
// is true of (Members) rather than once per member: the first item of a
// key is kept and the names of every member that had it gathered, in the
// order they came. ModelPaths and Knative's revision problems and
// capacity warnings group this way; the zero value is empty.
type Grouped[T any] struct {
	order []*Group[T]
	byKey map[string]*Group[T]
}

// Group is an item and the names of the members it is true of.
type Group[T any] struct {
	Item  T
	Names []string
}

// Add records that member name has the item of key, keeping item when
// the key is new (and telling so).
func (g *Grouped[T]) Add(key string, item T, name string) (isNew bool) {
	if g.byKey == nil {
		g.byKey = map[string]*Group[T]{}
	}
	x := g.byKey[key]
	if isNew = x == nil; isNew {
		x = &Group[T]{Item: item}
		g.byKey[key] = x
		g.order = append(g.order, x)
	}
	x.Names = append(x.Names, name)
	return isNew
}

// All is the groups in the order their keys were first added.
func (g *Grouped[T]) All() []*Group[T] { return g.order }

// Members names the members a grouped problem or warning is true of, for
// the parenthesis after its path: "deployment e" for one, "4
// deployments: a, b, c and f" or "500 functions: a, b, c and 497 more"
// for several (format.FirstNames). noun is the singular; the plural adds
// an s.
func Members(noun string, names []string) string {
	if len(names) == 1 {
		return noun + " " + names[0]
	}
	return format.Count(int64(len(names))) + " " + noun + "s: " + format.FirstNames(names, 3)
}

// memberError is one member's problem before ModelPaths groups it: its
// path the section's field, without the member.
type memberError struct {
	models.FieldError
	name string
}

// modelPaths rewrites the paths, leaving a fleet's member problems as
// memberErrors.
func modelPaths(err error, section, collection string, single bool) error {
	var out []error
	for _, e := range Unjoin(err) {
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
				c.Path = section + "." + field
				out = append(out, &memberError{FieldError: c, name: name})
				continue
			}
		} else {
			c.Path = section + "." + c.Path
		}
		out = append(out, &c)
	}
	return errors.Join(out...)
}

// Unjoin lists the errors an errors.Join holds (or err itself).
func Unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// RenamePaths replaces a leading path element (the model's word) by the
// scenario file's word for it: points[2].at → profile[2].at.
func RenamePaths(err error, from, to string) error {
	if err == nil {
		return nil
	}
	var out []error
	for _, e := range Unjoin(err) {
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

// RenameInfix replaces a path fragment anywhere in FieldError paths.
func RenameInfix(err error, from, to string) error {
	var out []error
	for _, e := range Unjoin(err) {
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

// EachService compiles one item per service (a function, a Deployment):
// its defaults from def, then the section's own settings, then the
// service's override, each laid on by apply. Problems in the section are
// reported under section, a service's under services[i].section.
func EachService[S, T any](in CompileInput, section string, shared *S, def func(name string) T,
	apply func(p *models.Problems, path string, s *S, dst *T)) []T {
	out := make([]T, 0, len(in.Services))
	for i, svc := range in.Services {
		v := def(svc.Name)
		// the section's own settings are the same for every service: their
		// problems are told once, not once per service (walk13 #5: a typo
		// in lambda.timeout printed 300 identical lines for a fleet)
		sp := in.Problems
		if i > 0 {
			sp = &models.Problems{}
		}
		apply(sp, section, shared, &v)
		if o, ok := svc.Override.(*S); ok && o != nil {
			apply(in.Problems, svc.Path+"."+section, o, &v)
		}
		out = append(out, v)
	}
	return out
}
