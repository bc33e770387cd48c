package checks

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/execsim/execsim/internal/golden"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/summary"
)

// identity names the fields that identify the simulated event sequence
// rather than measure it. They change with any change to a run, so a
// scenario that sets tolerances does not compare them.
var identity = map[string]bool{"fingerprint": true, "events": true}

// identityTolerance says why a tolerance on identity fields alone is
// refused: the fields that identify a run are not compared once a
// scenario sets tolerances, so it would read as a bound it never is.
func identityTolerance(pattern string) string {
	const why = "which any change to the run changes, so it is not compared at all once a scenario sets tolerances; drop this tolerance"
	switch _, base := SplitUnit(pattern); base {
	case "fingerprint":
		return "fingerprint identifies the simulated event sequence, " + why
	case "events":
		return "events counts the simulated events, " + why + ` (an expectation can bound it: expect: {events: "<= 2000000"})`
	}
	return "it names only fingerprint and events, which identify the simulated event sequence, " + strings.Replace(why, "it is", "they are", 1)
}

// isIdentity says whether a field (of a run, or of a unit of a sweep) is
// an identity field.
func isIdentity(name string) bool {
	_, base := SplitUnit(name)
	return identity[base]
}

// outcomeFields are the counts whose sum is a platform's (or a service's)
// arrivals; a percentage in an expectation on one of them, or on
// cold_starts, is a share of those arrivals.
var outcomeFields = []string{"completed", "throttled", "rejected", "failed", "in_flight"}

// Drift is one field that moved beyond its tolerance.
type Drift struct {
	Field     string
	Golden    string // "" when the golden has no such field
	Now       string // "" when the run has no such field
	Change    string // "+2.3%", "+12"
	Tolerance string // "exact", "2% (±10.37)", "5ms"
}

// Failure is an expectation a run did not meet.
type Failure struct {
	Expect Expectation
	Field  string // the field checked (the expectation may be a pattern)
	Got    string // "12", "3.2% (12 of 375 arrivals)"
}

func (f Failure) String() string {
	e := f.Expect
	e.Field = f.Field
	return fmt.Sprintf("expect %s: got %s", e, f.Got)
}

// Compare checks the fields of a run (now) against its golden, within the
// spec's tolerances. Without tolerances the golden text must also be
// identical: the second result says whether it differs. A tolerance that
// matches no field, or whose unit does not suit its field, is an error; so
// is a golden without fields when the spec sets tolerances.
func Compare(gold, now File, spec Spec) ([]Drift, bool, error) {
	textDiffers := gold.Text != now.Text
	if gold.Fields == nil {
		if len(spec.Tolerances) > 0 {
			return nil, textDiffers, errors.New("the golden file has no [fields] section, so its tolerances cannot apply (rewrite it with --update)")
		}
		return nil, textDiffers, nil
	}
	exact := len(spec.Tolerances) == 0
	c := newComparer(gold, now, spec)
	var drifts []Drift
	var errs []error
	for _, g := range gold.Fields {
		if !exact && isIdentity(g.Name) {
			continue
		}
		n, ok := c.now[g.Name]
		if !ok {
			drifts = append(drifts, Drift{Field: g.Name, Golden: g.Text, Tolerance: "exact"})
			continue
		}
		d, err := c.field(g, n)
		if err != nil {
			errs = append(errs, err)
		} else if d != nil {
			drifts = append(drifts, *d)
		}
	}
	for _, n := range now.Fields {
		if _, ok := c.gold[n.Name]; !ok && (exact || !isIdentity(n.Name)) {
			drifts = append(drifts, Drift{Field: n.Name, Now: n.Text, Tolerance: "exact"})
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, textDiffers, err
	}
	return drifts, exact && textDiffers, nil
}

// field returns the drift of one field, or nil when it is within its
// allowance: its own tolerance, or the one its source's carries to it.
func (c *comparer) field(g, n summary.Field) (*Drift, error) {
	d := &Drift{Field: g.Name, Golden: g.Text, Now: n.Text, Tolerance: "exact"}
	if !n.Numeric || !g.Numeric {
		if g.Text == n.Text {
			return nil, nil
		}
		return d, nil
	}
	diff := n.Value - g.Value
	d.Change = change(g.Value, diff)
	if diff == 0 {
		return nil, nil
	}
	ws, err := c.allowance(g.Name, g)
	if err != nil {
		return nil, err
	}
	for _, w := range ws {
		if w.holds(diff) {
			return nil, nil
		}
	}
	// the window the move came nearest to says what it was held to
	if len(ws) > 0 {
		best, near := ws[0], math.Inf(1)
		for _, w := range ws {
			if dist := math.Abs(w.nearest(diff) - diff); dist < near {
				best, near = w, dist
			}
		}
		d.Tolerance = best.text()
	}
	return d, nil
}

// change is the difference, relative when the golden value is not zero.
func change(golden, diff float64) string {
	sign := "+"
	if diff < 0 {
		sign = "-"
	}
	if golden == 0 {
		return sign + num(math.Abs(diff))
	}
	return sign + strconv.FormatFloat(math.Abs(diff/golden)*100, 'f', 2, 64) + "%"
}

// num writes a derived number with 6 significant digits.
func num(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }

// tolerance is the tolerance for a field: the one naming it exactly, else
// the longest pattern that matches it (the first of equal length). alias,
// when not "", is another name of the field (File.alias), matched alike.
func (s Spec) tolerance(field, alias string) (Tolerance, bool) {
	best := -1
	for i, t := range s.Tolerances {
		if t.Field == field || alias != "" && t.Field == alias {
			return t, true
		}
		if matchAny(t.Field, field, alias) && (best < 0 || len(t.Field) > len(s.Tolerances[best].Field)) {
			best = i
		}
	}
	if best < 0 {
		return Tolerance{}, false
	}
	return s.Tolerances[best], true
}

// matchAny says whether pattern names a field by its name or its alias
// ("" when it has none).
func matchAny(pattern, name, alias string) bool {
	return match(pattern, name) || alias != "" && match(pattern, alias)
}

// Check evaluates the spec's expectations on a run's fields.
func Check(now File, spec Spec) ([]Failure, error) {
	var failed []Failure
	var errs []error
	for _, e := range spec.Expect {
		for _, f := range now.Fields {
			if !matchAny(e.Field, f.Name, now.alias(f.Name)) {
				continue
			}
			fail, err := check(now, e, f)
			if err != nil {
				errs = append(errs, fmt.Errorf("line %d: expect.%s: %w", e.Line, e.Field, err))
				break
			}
			if fail != nil {
				failed = append(failed, *fail)
			}
		}
	}
	return failed, errors.Join(errs...)
}

func check(now File, e Expectation, f summary.Field) (*Failure, error) {
	if !f.Numeric {
		return nil, fmt.Errorf("%s is not a number (it is %q)", f.Name, f.Text)
	}
	got, want := f.Value, 0.0
	gotText := f.Text
	if e.Amount.Unit == Percent {
		total, ok := arrivalsOf(now, f.Name)
		if !ok {
			return nil, fmt.Errorf("%s is not an outcome count, so %s (a share of arrivals) does not apply", f.Name, e.Amount.Text)
		}
		got, want = 0, e.Amount.Value
		if total > 0 {
			got = f.Value / total * 100
		}
		gotText = fmt.Sprintf("%s%% (%s of %s arrivals)", num(got), plainNumber(f.Text), num(total))
	} else if e.Amount.Unit == Bool {
		gotText = strconv.FormatBool(f.Value != 0)
		var err error
		if want, err = e.Amount.in(f.Name); err != nil {
			return nil, err
		}
	} else {
		gotText = withUnit(f.Name, plainNumber(f.Text))
		var err error
		if want, err = e.Amount.in(f.Name); err != nil {
			return nil, err
		}
	}
	var ok bool
	switch e.Op {
	case Eq:
		ok = got == want
	case Le:
		ok = got <= want
	case Ge:
		ok = got >= want
	case Lt:
		ok = got < want
	case Gt:
		ok = got > want
	}
	if ok {
		return nil, nil
	}
	return &Failure{Expect: e, Field: f.Name, Got: gotText}, nil
}

// arrivalsOf is the arrivals of the platform or service an outcome count
// belongs to: the sum of its sibling outcome fields.
func arrivalsOf(now File, field string) (float64, bool) {
	unit, base := SplitUnit(field)
	i := strings.LastIndex(base, ".")
	prefix, last := base[:i+1], base[i+1:]
	if unit != "" {
		prefix = unit + "/" + prefix
	}
	if !slices.Contains(outcomeFields, last) && last != "cold_starts" {
		return 0, false
	}
	total := 0.0
	for _, o := range outcomeFields {
		f, ok := now.Field(prefix + o)
		if !ok {
			return 0, false
		}
		total += f.Value
	}
	return total, true
}

// Validate reports every tolerance and expectation that names no field of
// the run (with the nearest field name) or whose unit does not suit its
// fields. Compare and Check expect a validated spec.
func (spec Spec) Validate(now File) error {
	names := make([]string, 0, len(now.Fields))
	for _, f := range now.Fields {
		names = append(names, f.Name)
	}
	// a field named by its alias exists too (placement.trials.all_lambda)
	for _, f := range now.Fields {
		if a := now.alias(f.Name); a != "" {
			names = append(names, a)
		}
	}
	var errs []error
	miss := func(where, field string, line int) {
		for _, n := range names {
			if match(field, n) {
				return
			}
		}
		hint := ""
		if c := platform.Closest(field, names); c != "" {
			hint = " (did you mean " + c + "?)"
		} else if c := withoutUnits(field, names); c != "" {
			hint = " (did you mean " + c + "?)"
		} else if runs := runNames(names[:len(now.Fields)]); len(runs) > 0 {
			// a sweep: the example must carry a real run's name, or
			// the reader cannot tell how to spell one
			shown := runs
			if len(shown) > 4 {
				shown = shown[:4]
			}
			list := strings.Join(shown, ", ")
			if len(runs) > len(shown) {
				list += fmt.Sprintf(", … (%d in all)", len(runs))
			}
			_, example := SplitUnit(names[0])
			hint = fmt.Sprintf(" (this sweep's runs are %s; a field is RUN/FIELD, e.g. %s/%s; a field without RUN/ names it in every run, "+
				"and a RUN without its /rN part every replication of the point)", list, runs[0], example)
		} else {
			hint = " (the fields are those of execsim run --json, joined by dots, without models.: e.g. lambda.latency_ms.p99)"
		}
		errs = append(errs, fmt.Errorf("line %d: %s.%s: no such field in this run%s", line, where, field, hint))
	}
	for _, t := range spec.Tolerances {
		miss("golden.tolerance", t.Field, t.Line)
		// a tolerance on the fields that identify the run, and on
		// nothing else, would read as a bound it never is: those
		// fields are left out once a scenario sets tolerances
		matched, identities := 0, 0
		for _, f := range now.Fields {
			if matchAny(t.Field, f.Name, now.alias(f.Name)) {
				matched++
				if isIdentity(f.Name) {
					identities++
				}
			}
		}
		if matched > 0 && identities == matched {
			errs = append(errs, fmt.Errorf("line %d: golden.tolerance.%s: %s", t.Line, t.Field, identityTolerance(t.Field)))
			continue
		}
		if t.Amount.Unit == Percent {
			continue
		}
		for _, f := range now.Fields {
			if matchAny(t.Field, f.Name, now.alias(f.Name)) && f.Numeric {
				if _, err := t.Amount.in(f.Name); err != nil {
					errs = append(errs, fmt.Errorf("line %d: golden.tolerance.%s: %w", t.Line, t.Field, err))
					break
				}
			}
		}
	}
	for _, e := range spec.Expect {
		miss("expect", e.Field, e.Line)
		for _, f := range now.Fields {
			if matchAny(e.Field, f.Name, now.alias(f.Name)) {
				if _, err := check(now, e, f); err != nil {
					errs = append(errs, fmt.Errorf("line %d: expect.%s: %w", e.Line, e.Field, err))
					break
				}
			}
		}
	}
	return errors.Join(errs...)
}

// withoutUnits is the one field whose name is field's once the unit
// suffixes of both are dropped (hybrid.latency.p99 for
// hybrid.latency_ms.p99), "" when none or several are: three letters
// apart, they are too far for Closest (walk11 #5).
func withoutUnits(field string, names []string) string {
	bare := func(name string) string {
		segs := strings.Split(name, ".")
		for i, s := range segs {
			for _, u := range []string{"_ms", "_seconds", "_s", "_usd"} {
				if t, ok := strings.CutSuffix(s, u); ok && t != "" {
					segs[i] = t
					break
				}
			}
		}
		return strings.ToLower(strings.Join(segs, "."))
	}
	want, found := bare(field), ""
	for _, n := range names {
		if bare(n) == want {
			if found != "" {
				return ""
			}
			found = n
		}
	}
	return found
}

// LineDiff is the golden text's line diff (- golden, + now), with one
// line of context.
func LineDiff(gold, now File) string { return golden.LineDiff(gold.Text, now.Text, 1) }
