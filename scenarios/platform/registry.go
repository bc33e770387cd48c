package platform

import (
	"fmt"
	"slices"
	"strings"
)

// Registry lists the platforms in the fixed order in which plans, results,
// summaries and reports present them.
type Registry []Platform

// New returns a registry of ps in that order; it panics on an empty or
// repeated name, a programming error.
func New(ps ...Platform) Registry {
	seen := map[string]bool{}
	for _, p := range ps {
		n := p.Name()
		if n == "" || seen[n] {
			panic(fmt.Sprintf("platform: empty or repeated platform name %q", n))
		}
		seen[n] = true
	}
	r := Registry(append([]Platform(nil), ps...))
	// a blend comes after the platforms it blends, whatever is added later
	slices.SortStableFunc(r, func(a, b Platform) int {
		switch {
		case Blends(a) == Blends(b):
			return 0
		case Blends(a):
			return 1
		}
		return -1
	})
	return r
}

// With returns a new registry with ps added at the end.
func (r Registry) With(ps ...Platform) Registry {
	return New(append(append([]Platform(nil), r...), ps...)...)
}

// Lookup returns the named platform, or nil.
func (r Registry) Lookup(name string) Platform {
	for _, p := range r {
		if p.Name() == name {
			return p
		}
	}
	return nil
}

// Look is the named platform's look; a name the registry does not know (a
// summary written by a build with other platforms) speaks of itself by
// its name.
func (r Registry) Look(name string) Look {
	if p := r.Lookup(name); p != nil {
		return p.Look()
	}
	return Look{Label: name, Noun: name, Abbrev: name}
}

// BySection returns the platform whose scenario section is key, or nil.
func (r Registry) BySection(key string) Platform {
	for _, p := range r {
		if SectionKey(p) == key {
			return p
		}
	}
	return nil
}

// SectionKeys lists the platforms' section keys in order.
func (r Registry) SectionKeys() []string {
	out := make([]string, len(r))
	for i, p := range r {
		out[i] = SectionKey(p)
	}
	return out
}

// Names lists the platforms' names in order.
func (r Registry) Names() []string {
	out := make([]string, len(r))
	for i, p := range r {
		out[i] = p.Name()
	}
	return out
}

// Index is the position of the named platform, or -1.
func (r Registry) Index(name string) int {
	for i, p := range r {
		if p.Name() == name {
			return i
		}
	}
	return -1
}

// List is the names joined for messages: "kubernetes, lambda or pool".
func (r Registry) List(last string) string {
	names := r.Names()
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + last + " " + names[len(names)-1]
}
