package models

import (
	"fmt"
	"strings"
)

// Enum names the values of a small enumeration: value i is Names[i]. Every
// model's enumerations print and parse through one, so a name added for
// printing is at once accepted by parsing, and every package words a bad
// name the same way.
type Enum[T ~uint8] struct {
	// What a value is, in parse errors: "architecture", "routing".
	What  string
	Names []string
	// Unknown formats a value without a name, given its number ("?(%d)"
	// when empty), or is the text for every such value when it has no %.
	// Packages that printed such values their own way before the tables
	// were shared keep their format here, so no message moves.
	Unknown string
}

// String is v's name, or v formatted by Unknown.
func (e Enum[T]) String(v T) string {
	switch {
	case int(v) < len(e.Names):
		return e.Names[v]
	case e.Unknown == "":
		return fmt.Sprintf("?(%d)", v)
	case !strings.Contains(e.Unknown, "%"):
		return e.Unknown
	}
	return fmt.Sprintf(e.Unknown, v)
}

// Valid reports whether v has a name.
func (e Enum[T]) Valid(v T) bool { return int(v) < len(e.Names) }

// Lookup finds the value named exactly s.
func (e Enum[T]) Lookup(s string) (T, bool) {
	for i, n := range e.Names {
		if n == s {
			return T(i), true
		}
	}
	return 0, false
}

// Parse finds the value named s, ignoring case; the error lists the names:
// unknown architecture "sparc" (allowed: x86_64, arm64).
func (e Enum[T]) Parse(s string) (T, error) {
	for i, n := range e.Names {
		if strings.EqualFold(n, s) {
			return T(i), nil
		}
	}
	return 0, fmt.Errorf("unknown %s %q (allowed: %s)", e.What, s, e.Join(", "))
}

// ParseField finds the value named exactly s. The error is a FieldError
// whose path is What, for an enumeration named after the field that holds
// it, so a caller can Merge it under its own prefix:
// process: must be one of poisson, even (got "Poisson").
func (e Enum[T]) ParseField(s string) (T, error) {
	if v, ok := e.Lookup(s); ok {
		return v, nil
	}
	return 0, Fieldf(e.What, fmt.Sprintf("%q", s), ErrUnknown, "must be one of %s", e.Join(", "))
}

// Join lists the names, separated by sep.
func (e Enum[T]) Join(sep string) string { return strings.Join(e.Names, sep) }
