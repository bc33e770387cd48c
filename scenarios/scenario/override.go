package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/execsim/execsim/scenarios/inputs/yamltab"
	"go.yaml.in/yaml/v3"
)

// parseTree reads YAML text into a node tree. Errors carry line numbers.
func parseTree(src []byte) (*yaml.Node, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(src))
	if err := dec.Decode(&doc); err != nil {
		if err.Error() == "EOF" {
			return nil, errors.New("the file is empty")
		}
		if line := yamltab.Line(src, err.Error()); line > 0 {
			return nil, fmt.Errorf("invalid YAML: line %d: %s", line, yamltab.Advice)
		}
		return nil, fmt.Errorf("invalid YAML: %w", trimYAML(err))
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("line 1: a scenario must be a YAML mapping (name:, duration:, workload:, …)")
	}
	// A second document would be ignored by the decoder: say so instead.
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		return nil, fmt.Errorf("line %d: a scenario file holds one YAML document; a second one starts here (remove it or the --- before it)", max(next.Line, 1))
	} else if !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("a scenario file holds one YAML document; after it comes more, and it is not valid YAML: %w", trimYAML(err))
	}
	return &doc, nil
}

func trimYAML(err error) error {
	return errors.New(strings.TrimPrefix(err.Error(), "yaml: "))
}

// Override is one --set path=value.
type Override struct {
	Path  string // dotted, with [i] for list items: lambda.memoryMB, workload.profile[1].at
	Value string // YAML scalar or flow text: 1024, 10s, [1,2], {a: 1}
}

// ParseOverride splits "path=value".
func ParseOverride(s string) (Override, error) {
	path, value, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(path) == "" {
		return Override{}, fmt.Errorf("--set %q: want path=value, e.g. workload.arrivals.ratePerSecond=50", s)
	}
	return Override{Path: strings.TrimSpace(path), Value: value}, nil
}

var segmentRE = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)$`)

// apply sets one override in the tree, creating mappings on the way.
func (o Override) apply(doc *yaml.Node) error {
	_, err := o.applyNode(doc)
	return err
}

// applyNode is apply, returning the node it set: its lines and columns
// are within the override's value.
func (o Override) applyNode(doc *yaml.Node) (*yaml.Node, error) {
	if strings.TrimSpace(o.Value) == "" {
		return nil, fmt.Errorf("--set %s=: the value is empty (to keep the default, leave this --set out)", o.Path)
	}
	var val yaml.Node
	if err := yaml.Unmarshal([]byte(o.Value), &val); err != nil {
		return nil, fmt.Errorf("--set %s: value %q is not valid YAML: %v%s", o.Path, o.Value, trimYAML(err), o.bracketKey())
	}
	value := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: ""}
	if len(val.Content) == 1 {
		value = val.Content[0]
	}
	return value, o.set(doc, value)
}

// bracketKey is advice for a value that failed to parse where a flow
// mapping's plain key holds an index ({services[0].lambda.memoryMB: [256]}):
// YAML reads the "[" as a list's start and says only "did not find
// expected ',' or '}'". "" when the value has no such key.
func (o Override) bracketKey() string {
	m := bracketKeyRE.FindStringSubmatch(o.Value)
	if m == nil {
		return ""
	}
	if o.Path == "sweep" {
		return fmt.Sprintf(" (a key with [ ] must be quoted, {%q: …}, or give the axis alone: --set 'sweep.%s=[…]')", m[1], m[1])
	}
	return fmt.Sprintf(" (a key with [ ] must be quoted: {%q: …})", m[1])
}

// bracketKeyRE finds a flow mapping's plain key with an index in it.
var bracketKeyRE = regexp.MustCompile(`[{,]\s*([A-Za-z_][A-Za-z0-9_.]*\[\d+\][A-Za-z0-9_.\[\]]*)\s*:`)

// set lays value at the override's path.
func (o Override) set(doc *yaml.Node, value *yaml.Node) error {
	node := doc.Content[0]
	if axis, ok := strings.CutPrefix(o.Path, "sweep."); ok {
		// the sweep: mapping's keys are field paths, dots and all:
		// --set sweep.lambda.memoryMB=[512,1024] is one axis, not
		// sweep: {lambda: {memoryMB: …}}, which was told "sweep.lambda:
		// give a non-empty list of values"
		if err := badElement(axis); err != nil {
			return fmt.Errorf("--set %s: %w", o.Path, err)
		}
		sweep := mapGet(node, "sweep")
		if sweep == nil || sweep.Kind == yaml.ScalarNode && sweep.Tag == "!!null" {
			sweep = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			mapSet(node, "sweep", sweep)
		}
		if sweep.Kind != yaml.MappingNode {
			return fmt.Errorf("--set %s: sweep is not a mapping", o.Path)
		}
		mapSet(sweep, axis, value)
		return nil
	}
	parts := strings.Split(o.Path, ".")
	for i, part := range parts {
		m := segmentRE.FindStringSubmatch(part)
		if m == nil {
			return fmt.Errorf("--set %s: bad path element %q (want key or key[index])", o.Path, part)
		}
		key, idx := m[1], indices(m[2])
		if node.Kind != yaml.MappingNode {
			return fmt.Errorf("--set %s: %s is not a mapping", o.Path, strings.Join(parts[:i], "."))
		}
		last := i == len(parts)-1 && len(idx) == 0
		child := mapGet(node, key)
		if child == nil || last {
			if last {
				mapSet(node, key, value)
				return nil
			}
			child = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			mapSet(node, key, child)
		}
		node = child
		for j, ix := range idx {
			if node.Kind != yaml.SequenceNode {
				return fmt.Errorf("--set %s: %s is not a list", o.Path, key)
			}
			if ix >= len(node.Content) {
				return fmt.Errorf("--set %s: %s has %d items (index %d out of range)", o.Path, key, len(node.Content), ix)
			}
			if i == len(parts)-1 && j == len(idx)-1 {
				node.Content[ix] = value
				return nil
			}
			node = node.Content[ix]
		}
	}
	return nil
}

// badElement is the problem with a dotted path's first element that is
// not a key or key[index], nil when every one is.
func badElement(path string) error {
	for _, part := range strings.Split(path, ".") {
		if !segmentRE.MatchString(part) {
			return fmt.Errorf("bad path element %q (want key or key[index])", part)
		}
	}
	return nil
}

func indices(s string) []int {
	var out []int
	for _, part := range strings.Split(strings.Trim(s, "[]"), "][") {
		if part == "" {
			continue
		}
		n, _ := strconv.Atoi(part)
		out = append(out, n)
	}
	return out
}

func mapGet(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func mapSet(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}
