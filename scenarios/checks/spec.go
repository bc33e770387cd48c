package checks

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Spec is what a scenario file asks of its runs besides its golden's exact
// numbers, under two top-level keys the scenario decoder does not know:
//
//	golden: {tolerance: {kubernetes.latency_ms.p99: 2%, lambda.cost.total_usd: $0.01}}
//	expect: {lambda.throttled: 0, kubernetes.latency_ms.p99: "<= 800ms"}
//
// Field names may use * for any run of characters (lambda.latency_ms.*).
type Spec struct {
	Tolerances []Tolerance   // in file order
	Expect     []Expectation // in file order
}

// Tolerance lets a field of the golden move by an amount: a percentage of
// the golden value, or an absolute amount in the field's unit.
type Tolerance struct {
	Field  string // a field name or a pattern with *
	Amount Amount
	Line   int
}

// Op compares a field with a value.
type Op string

// The comparisons an expectation may use.
const (
	Eq Op = "=="
	Le Op = "<="
	Ge Op = ">="
	Lt Op = "<"
	Gt Op = ">"
)

// Expectation is an assertion on a field of every run, golden or not.
type Expectation struct {
	Field  string // a field name or a pattern with *
	Op     Op
	Amount Amount
	Line   int
}

func (e Expectation) String() string { return e.Field + " " + string(e.Op) + " " + e.Amount.Text }

// Split takes the golden: and expect: sections out of a scenario's text,
// for the scenario decoder, which rejects keys it does not know. The lines
// they took are left empty, so that the decoder's line numbers still point
// into the file. Text without them, or that is not a YAML mapping, comes back
// unchanged (the decoder reports what is wrong with it). Every problem in
// the two sections is reported, each with its line.
func Split(src []byte) ([]byte, Spec, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil || doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 ||
		doc.Content[0].Kind != yaml.MappingNode {
		return src, Spec{}, nil
	}
	top := doc.Content[0]
	var spec Spec
	var errs []error
	var cut []int // indexes of the keys to remove
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		switch k.Value {
		case "golden":
			errs = append(errs, spec.readGolden(v)...)
		case "expect":
			errs = append(errs, spec.readExpect(v)...)
		default:
			continue
		}
		cut = append(cut, i)
	}
	if len(cut) == 0 {
		return src, spec, errors.Join(errs...)
	}
	return blank(src, top, cut), spec, errors.Join(errs...)
}

// blank empties the lines of the top-level entries at the cut indexes: from
// each key's line to the line before the next key (or the end of the
// document). A flow mapping ({name: x, golden: …}) is re-encoded without
// them instead.
func blank(src []byte, top *yaml.Node, cut []int) []byte {
	lines := bytes.SplitAfter(src, []byte("\n"))
	block := top.Style&yaml.FlowStyle == 0
	for _, i := range cut {
		if k := top.Content[i]; k.Column != 1 || (i+2 < len(top.Content) && top.Content[i+2].Line <= k.Line) {
			block = false
		}
	}
	if !block {
		keep := &yaml.Node{Kind: yaml.MappingNode, Tag: top.Tag}
		for i := 0; i+1 < len(top.Content); i += 2 {
			if !slices.Contains(cut, i) {
				keep.Content = append(keep.Content, top.Content[i], top.Content[i+1])
			}
		}
		out, err := yaml.Marshal(keep)
		if err != nil {
			return src
		}
		return out
	}
	for _, i := range cut {
		from, to := top.Content[i].Line-1, len(lines) // 0-based, to exclusive
		if i+2 < len(top.Content) {
			to = top.Content[i+2].Line - 1
		}
		for l := from; l < to; l++ {
			if l > from && docEnd.Match(lines[l]) {
				break
			}
			if bytes.HasSuffix(lines[l], []byte("\n")) {
				lines[l] = []byte("\n")
			} else {
				lines[l] = nil
			}
		}
	}
	return bytes.Join(lines, nil)
}

// docEnd matches the line that ends a YAML document.
var docEnd = regexp.MustCompile(`^(---|\.\.\.)(\s|$)`)

func (s *Spec) readGolden(v *yaml.Node) []error {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		return []error{fmt.Errorf("line %d: golden: must be a mapping such as {tolerance: {lambda.latency_ms.p99: 2%%}}", v.Line)}
	}
	var errs []error
	seen := map[string]int{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		if first, twice := seen[k.Value]; twice {
			errs = append(errs, fmt.Errorf("line %d: golden: mapping key %q already defined at line %d", k.Line, k.Value, first))
			continue
		}
		seen[k.Value] = k.Line
		if k.Value != "tolerance" {
			errs = append(errs, fmt.Errorf("line %d: golden: unknown field %q (allowed: tolerance)", k.Line, k.Value))
			continue
		}
		errs = append(errs, eachEntry("golden.tolerance", val, func(field, value string, line int) error {
			a, err := ParseAmount(value)
			if err != nil && strings.TrimSpace(value) == "" {
				return fmt.Errorf("%w (write a share of the golden value, 2%%, or an amount in the field's unit: 5ms, $0.01, 3)", err)
			}
			if err == nil && a.Unit == Bool {
				err = fmt.Errorf("a tolerance is an amount, not %s (a yes/no field has no tolerance: it is the same or it drifts)", a.Text)
			}
			if err == nil && a.Value < 0 {
				err = fmt.Errorf("a tolerance cannot be negative (got %s)", a.Text)
			}
			if err != nil {
				return err
			}
			s.Tolerances = append(s.Tolerances, Tolerance{Field: field, Amount: a, Line: line})
			return nil
		})...)
	}
	return errs
}

func (s *Spec) readExpect(v *yaml.Node) []error {
	return eachEntry("expect", v, func(field, value string, line int) error {
		op, rest := Eq, strings.TrimSpace(value)
		for _, o := range []Op{Le, Ge, Eq, Lt, Gt} { // two-character operators first
			if r, ok := strings.CutPrefix(rest, string(o)); ok {
				op, rest = o, r
				break
			}
		}
		a, err := ParseAmount(rest)
		if err != nil {
			return fmt.Errorf("%w (write e.g. 0, \"<= 800ms\", \"< 1%%\", \">= $0.5\", true)", err)
		}
		if a.Unit == Bool && op != Eq {
			return fmt.Errorf("%s %s compares a yes/no value; write %s alone", op, a.Text, a.Text)
		}
		s.Expect = append(s.Expect, Expectation{Field: field, Op: op, Amount: a, Line: line})
		return nil
	})
}

// eachEntry calls read for each `field: value` of a mapping of scalars.
func eachEntry(where string, v *yaml.Node, read func(field, value string, line int) error) []error {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		return []error{fmt.Errorf("line %d: %s: must be a mapping of field names to values", v.Line, where)}
	}
	var errs []error
	seen := map[string]int{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		// refused as the scenario decoder refuses a key twice: kept as
		// YAML, these mappings let the last expectation (or the first
		// tolerance) win without a word (hostile #6)
		if first, twice := seen[k.Value]; twice && k.Kind == yaml.ScalarNode {
			errs = append(errs, fmt.Errorf("line %d: %s: mapping key %q already defined at line %d", k.Line, where, k.Value, first))
			continue
		}
		seen[k.Value] = k.Line
		if k.Kind != yaml.ScalarNode || val.Kind != yaml.ScalarNode {
			errs = append(errs, fmt.Errorf("line %d: %s: each entry must be `field: value`", k.Line, where))
			continue
		}
		if _, err := path.Match(k.Value, ""); err != nil || k.Value == "" {
			errs = append(errs, fmt.Errorf("line %d: %s: %q is not a field name or pattern", k.Line, where, k.Value))
			continue
		}
		if err := read(k.Value, val.Value, k.Line); err != nil {
			errs = append(errs, fmt.Errorf("line %d: %s.%s: %w", k.Line, where, k.Value, err))
		}
	}
	return errs
}
