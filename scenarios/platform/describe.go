package platform

import (
	"fmt"

	"github.com/execsim/execsim/internal/dist"
	"go.yaml.in/yaml/v3"
)

// Abridger is implemented by a Config whose Describe lists an entry per
// service (functions, Deployments): DescribeFirst describes at most the
// first most of them (0: all) and counts the rest in a last Omitted
// entry, so that describing a fleet of 100,000 services does not build
// the nodes of all of them (hostile #5: validate ran out of memory).
type Abridger interface {
	DescribeFirst(most int) *yaml.Node
}

// Omitted is the last entry of a list cut by a description: how many
// entries are left out and how to see them.
func Omitted(n int, what string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: fmt.Sprintf("… %d more %s omitted (execsim validate --all lists every one)", n, what)}
}

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
