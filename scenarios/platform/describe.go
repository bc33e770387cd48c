package platform

import (
	"github.com/execsim/execsim/internal/dist"
	"go.yaml.in/yaml/v3"
)

// Mapping is a new YAML mapping node, for Describe.
func Mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode} }

// Key is a scalar node.
func Key(k string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: k} }

// Put appends k: v to a mapping.
func Put(m *yaml.Node, k, v string) {
	m.Content = append(m.Content, Key(k), &yaml.Node{Kind: yaml.ScalarNode, Value: v})
}

// PutNode appends k: n to a mapping.
func PutNode(m *yaml.Node, k string, n *yaml.Node) {
	m.Content = append(m.Content, Key(k), n)
}

// FlowList is [a, b, c].
func FlowList(items []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, it := range items {
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: it})
	}
	return n
}

// DistString prints a distribution, "0s" for none.
func DistString(d dist.Dist) string {
	if d == nil {
		return "0s"
	}
	return d.String()
}
