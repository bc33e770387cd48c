package scenario

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// origins map each node of the text a File was decoded from after its
// --set flags (the tree with them laid in, encoded and read again) to
// where it was written: a line of the file, or a place in a --set's
// value. A problem found after decoding (a sweep: that is no list) named
// the re-encoded text's line, which is neither: "--set
// sweep={lambda.memoryMB: 512}" was told of its "line 32", and a sweep
// written in the file was told of a line its comments and blank lines no
// longer shifted (rev14c).
type origins map[[2]int]origin

// setTrees are what originsOf pairs, kept until a message needs them:
// every point of a sweep is decoded with its --set values, and only a
// problem asks where a node came from.
type setTrees struct {
	applied, reread *yaml.Node
	set             map[*yaml.Node]Override
	origins         origins
}

// origin is where one node was written.
type origin struct {
	// set is the --set the node came from; nil for the file's own
	set *Override
	// line and column are the file's, or within the --set's value
	line, column int
}

// originsOf pairs the nodes of applied (the file's tree with the
// overrides laid in: set maps each override's node to it) with those of
// reread, the same tree encoded and read again, which has the same
// shape.
func originsOf(applied, reread *yaml.Node, set map[*yaml.Node]Override) origins {
	out := origins{}
	var walk func(a, b *yaml.Node, from *Override)
	walk = func(a, b *yaml.Node, from *Override) {
		if o, ok := set[a]; ok {
			from = &o
		}
		key := [2]int{b.Line, b.Column}
		if _, seen := out[key]; !seen {
			out[key] = origin{set: from, line: a.Line, column: a.Column}
		}
		// an alias's node is walked where its anchor is; the reread
		// tree's shape is the applied one's, but a bound costs nothing
		if a.Kind != b.Kind || len(a.Content) != len(b.Content) {
			return
		}
		for i := range a.Content {
			walk(a.Content[i], b.Content[i], from)
		}
	}
	walk(applied, reread, nil)
	return out
}

// made gives o the nodes its apply created on the way to its path
// (sweep: for --set sweep.duration=[1h,2h] in a file without one): they
// have no line, and no other override has claimed them.
func made(doc *yaml.Node, set map[*yaml.Node]Override, o Override) {
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if _, ok := set[n]; ok {
			return
		}
		if n.Line == 0 {
			set[n] = o
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(doc)
}

// at says where n was written, for a message: "line 14" in the file, or
// "--set sweep, column 19 of its value".
func (f *File) at(n *yaml.Node) string {
	return f.origin(n).String()
}

// atToo says where n was written when another place, at, has just been
// named: "column 2" of the same --set's value.
func (f *File) atToo(n, at *yaml.Node) string {
	o, a := f.origin(n), f.origin(at)
	if o.set != nil && a.set != nil && o.set.Path == a.set.Path && o.line > 0 {
		if o.line > 1 || a.line > 1 {
			return fmt.Sprintf("line %d column %d of its value", o.line, o.column)
		}
		return fmt.Sprintf("column %d of its value", o.column)
	}
	return o.String()
}

func (f *File) origin(n *yaml.Node) origin {
	if s := f.sets; s != nil {
		if s.origins == nil {
			s.origins = originsOf(s.applied, s.reread, s.set)
		}
		if o, ok := s.origins[[2]int{n.Line, n.Column}]; ok {
			return o
		}
	}
	return origin{line: n.Line, column: n.Column}
}

func (o origin) String() string {
	switch {
	case o.set == nil:
		return fmt.Sprintf("line %d", o.line)
	case o.line == 0, o.line == 1 && o.column == 1:
		// a mapping it made on its way, or the whole of its value
		return "--set " + o.set.Path
	case o.line > 1:
		return fmt.Sprintf("--set %s, line %d column %d of its value", o.set.Path, o.line, o.column)
	}
	return fmt.Sprintf("--set %s, column %d of its value", o.set.Path, o.column)
}
