package dist

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Parse reads a spec such as "250ms", "exp(mean=250ms)" or
// "lognormal(p50=120ms,p99=900ms)"; the package comment gives the grammar.
// Errors name the problem and quote the offending text.
func Parse(spec string) (Dist, error) {
	s := strings.TrimSpace(spec)
	if s == "" {
		return nil, errors.New("empty distribution spec (want a duration like 250ms, or a form like exp(mean=250ms))")
	}
	open := strings.IndexByte(s, '(')
	if open < 0 {
		if c := s[0]; '0' <= c && c <= '9' || c == '.' || c == '+' || c == '-' {
			return parseConst(s)
		}
		return nil, unknownKind(s)
	}
	kind := strings.TrimSpace(s[:open])
	switch kind {
	case "exp", "uniform", "lognormal", "gamma", "empirical", "scale":
	default:
		return nil, unknownKind(kind)
	}
	a, err := splitArgs(kind, s, open)
	if err != nil {
		return nil, err
	}
	switch kind {
	case "exp":
		return parseExp(a)
	case "uniform":
		return parseUniform(a)
	case "lognormal":
		return parseLognormal(a)
	case "gamma":
		return parseGamma(a)
	case "empirical":
		return parseEmpirical(a)
	default:
		return parseScale(a)
	}
}

// MustParse is Parse for tests and built-in defaults: it panics with a
// "dist: " message if spec is invalid.
func MustParse(spec string) Dist {
	d, err := Parse(spec)
	if err != nil {
		panic("dist: " + err.Error())
	}
	return d
}

func unknownKind(name string) error {
	return fmt.Errorf("unknown distribution %q (allowed: a duration like 250ms, exp, uniform, lognormal, gamma, empirical, scale)", name)
}

func parseConst(s string) (Dist, error) {
	d, err := parseDuration(s, s)
	if err != nil {
		return nil, err
	}
	if d < 0 {
		return nil, fmt.Errorf("duration must not be negative (got %v)", d)
	}
	return constant{d}, nil
}

// parseDuration reads a Go duration, turning time.ParseDuration's error into
// one that says where the bad text sits.
func parseDuration(val, spec string) (time.Duration, error) {
	d, err := time.ParseDuration(val)
	if err == nil {
		return d, nil
	}
	why := strings.TrimPrefix(err.Error(), "time: ")
	why = strings.TrimSuffix(why, " in duration "+strconv.Quote(val))
	why = strings.TrimSuffix(why, " "+strconv.Quote(val))
	where := ""
	if spec != val {
		where = " in " + spec
	}
	return 0, fmt.Errorf("bad duration %q%s: %s (want a duration like 250ms, 1.5s or 2m)", val, where, why)
}

// args are the arguments of one kind(...) spec, in the order written.
type args struct {
	kind string // "exp"
	spec string // the whole spec, trimmed, for error messages
	list []arg
}

// arg is one argument: key=val, or a bare val when key is "".
type arg struct{ key, val string }

// splitArgs splits s = kind(...) at the top-level commas between the bracket
// at open and its match, which must end s.
func splitArgs(kind, s string, open int) (*args, error) {
	a := &args{kind: kind, spec: s}
	depth, start, eq := 0, open+1, -1
	for i := open + 1; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case '=':
			if depth == 0 && eq < 0 {
				eq = i
			}
		case ',':
			if depth > 0 {
				continue
			}
			if err := a.add(s[start:i], start, eq); err != nil {
				return nil, err
			}
			start, eq = i+1, -1
		case ')':
			if depth > 0 {
				depth--
				continue
			}
			if len(a.list) == 0 && strings.TrimSpace(s[start:i]) == "" {
				return nil, fmt.Errorf("%s: missing arguments in %s", kind, s)
			}
			if err := a.add(s[start:i], start, eq); err != nil {
				return nil, err
			}
			if rest := strings.TrimSpace(s[i+1:]); rest != "" {
				return nil, fmt.Errorf("%s: unexpected %q after the closing bracket in %s", kind, rest, s)
			}
			return a, nil
		}
	}
	return nil, fmt.Errorf("%s: missing closing bracket in %s", kind, s)
}

// add appends the argument text part, which starts at offset start in the
// spec and has its top-level '=' at offset eq (none if eq < 0).
func (a *args) add(part string, start, eq int) error {
	if eq < 0 {
		v := strings.TrimSpace(part)
		if v == "" {
			return fmt.Errorf("%s: empty argument in %s", a.kind, a.spec)
		}
		a.list = append(a.list, arg{val: v})
		return nil
	}
	k, v := strings.TrimSpace(part[:eq-start]), strings.TrimSpace(part[eq-start+1:])
	if k == "" {
		return fmt.Errorf("%s: missing parameter name before = in %s", a.kind, a.spec)
	}
	if v == "" {
		return fmt.Errorf("%s: missing value for %s in %s", a.kind, k, a.spec)
	}
	a.list = append(a.list, arg{key: k, val: v})
	return nil
}

// named returns the arguments by name. All must be named, with names from
// allowed, each at most once; example shows the expected form.
func (a *args) named(example string, allowed ...string) (map[string]string, error) {
	m := make(map[string]string, len(a.list))
	for _, x := range a.list {
		if x.key == "" {
			return nil, fmt.Errorf("%s: unnamed argument %q (write it like %s)", a.kind, x.val, example)
		}
		if !slices.Contains(allowed, x.key) {
			return nil, fmt.Errorf("%s: unknown parameter %q (allowed: %s)", a.kind, x.key, strings.Join(allowed, ", "))
		}
		if _, dup := m[x.key]; dup {
			return nil, fmt.Errorf("%s: parameter %q given twice", a.kind, x.key)
		}
		m[x.key] = x.val
	}
	return m, nil
}

// required returns the named values in order, or an error naming the first
// missing one.
func (a *args) required(m map[string]string, keys ...string) ([]string, error) {
	vals := make([]string, len(keys))
	for i, k := range keys {
		v, ok := m[k]
		if !ok {
			return nil, fmt.Errorf("%s: %s is required", a.kind, k)
		}
		vals[i] = v
	}
	return vals, nil
}

func (a *args) duration(val string) (time.Duration, error) {
	return parseDuration(val, a.spec)
}

// number reads a finite float64.
func (a *args) number(name, val string) (float64, error) {
	x, err := strconv.ParseFloat(val, 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return 0, fmt.Errorf("%s: bad number %q for %s in %s (want a number like 0.5)", a.kind, val, name, a.spec)
	}
	return x, nil
}

func formatFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
