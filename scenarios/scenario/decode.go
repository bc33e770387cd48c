package scenario

import (
	"encoding"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/scenarios/platform"
	"go.yaml.in/yaml/v3"
)

// Decode returns the File and the effective YAML text (after overrides).
// A strict-decoding error (an unknown key, a mistyped value) still returns
// the File decoded as far as it goes, so that Compile can report every
// other problem too.
func Decode(src []byte, overrides []Override, reg platform.Registry) (*File, []byte, error) {
	doc, err := parseTree(src)
	if err != nil {
		return nil, nil, err
	}
	f, err := decodeFile(doc, reg)
	if err != nil {
		return f, nil, err
	}
	if len(overrides) == 0 {
		return f, src, nil
	}
	set := map[*yaml.Node]Override{}
	for _, o := range overrides {
		n, err := o.applyNode(doc)
		if err != nil {
			return nil, nil, err
		}
		set[n] = o
		made(doc, set, o)
	}
	text, err := yaml.Marshal(doc)
	if err != nil {
		return nil, nil, err
	}
	applied := doc
	if doc, err = parseTree(text); err == nil {
		f, err = decodeFile(doc, reg)
	}
	if f != nil && err == nil {
		f.sets = &setTrees{applied: applied, reread: doc, set: set}
	}
	if err != nil {
		if each := eachOverride(src, overrides, reg); each != nil {
			return nil, nil, each
		}
		paths := make([]string, len(overrides))
		for i, o := range overrides {
			paths[i] = o.Path
		}
		return nil, nil, fmt.Errorf("--set %s: %w", strings.Join(slices.Compact(paths), ", "), stripLines(err, paths))
	}
	return f, text, nil
}

// eachOverride names each --set by its own problems: the file with that
// override alone, decoded (the file without any decoded cleanly). With
// several, one decoding of them all named every --set in front of each
// problem ("--set kubernetes.replicas, workload.arrivals.ratePerSecond:
// \"abc\" is not a number"), and an unknown key lost its --set (walk13 #6).
// nil when no override fails alone: their problem is how they combine, and
// the caller names them all.
func eachOverride(src []byte, overrides []Override, reg platform.Registry) error {
	if len(overrides) < 2 {
		return nil
	}
	var errs []error
	for _, o := range overrides {
		doc, err := parseTree(src)
		if err != nil || o.apply(doc) != nil {
			continue
		}
		text, err := yaml.Marshal(doc)
		if err != nil {
			continue
		}
		if doc, err = parseTree(text); err == nil {
			_, err = decodeFile(doc, reg)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("--set %s: %w", o.Path, stripLines(err, []string{o.Path})))
		}
	}
	return errors.Join(errs...)
}

// stripLines drops "line N: " prefixes, meaningless for re-encoded
// overrides, and the field's path after one when it is an override's own:
// the message already starts with "--set <path>: ".
func stripLines(err error, paths []string) error {
	var out []error
	for _, e := range platform.Unjoin(err) {
		msg := e.Error()
		if strings.HasPrefix(msg, "line ") {
			if _, rest, ok := strings.Cut(msg, ": "); ok {
				msg = rest
				for _, p := range paths {
					if after, ok := strings.CutPrefix(msg, p+": "); ok {
						msg = after
						break
					}
				}
			}
		}
		// the line of a key's first time is the re-encoded text's too;
		// the file decoded cleanly, so both are in the --set's value
		msg = definedRE.ReplaceAllString(msg, "given twice in its value")
		out = append(out, errors.New(msg))
	}
	return errors.Join(out...)
}

// definedRE matches the decoder's "mapping key "x" already defined at
// line N" after the key.
var definedRE = regexp.MustCompile(`already defined at line \d+`)

// decodeFile decodes the document's mapping: the scenario's own keys into
// File, each platform's section and each service's overrides into the
// platform's types. Unknown keys anywhere are reported with their line and
// a hint, mistyped values with their line, all at once in document order.
func decodeFile(doc *yaml.Node, reg platform.Registry) (*File, error) {
	root := doc.Content[0]
	f := &File{Sections: map[string]any{}}
	var problems []lineError
	collect := func(err error) {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			for _, msg := range te.Errors {
				problems = append(problems, typeProblem(msg))
			}
		} else if err != nil {
			problems = append(problems, lineError{line: 0, err: fmt.Errorf("invalid YAML: %w", trimYAML(err))})
		}
	}
	collect(root.Decode(f))

	// The scenario's own keys, with the platforms' sections among them
	// (after services:, before cost:).
	own := yamlKeys(reflect.TypeOf(File{}))
	at := slices.Index(own, "services") + 1
	top := slices.Concat(own[:at], reg.SectionKeys(), own[at:])
	problems = append(problems, unknownKeys(root, top, "")...)
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], resolve(root.Content[i+1])
		if p := reg.BySection(key.Value); p != nil {
			sec := p.NewSection()
			problems = append(problems, checkKnown(val, reflect.TypeOf(sec), key.Value)...)
			collect(val.Decode(sec))
			f.Sections[p.Name()] = sec
			continue
		}
		if !slices.Contains(own, key.Value) {
			continue // reported above
		}
		if key.Value == "services" && val.Kind == yaml.SequenceNode {
			problems = append(problems, decodeOverrides(f, val, reg, collect)...)
			continue
		}
		if ft, ok := fieldType(reflect.TypeOf(File{}), key.Value); ok {
			problems = append(problems, checkKnown(val, ft, key.Value)...)
		}
	}
	if len(problems) == 0 {
		return f, nil
	}
	slices.SortStableFunc(problems, func(a, b lineError) int { return a.line - b.line })
	scalarLines, shapeLines, goTypes := map[int]bool{}, map[int]bool{}, map[int][]string{}
	for _, p := range problems {
		if p.scalar {
			scalarLines[p.line] = true
		}
		if p.shape {
			shapeLines[p.line] = true
		}
		if p.goType != "" {
			goTypes[p.line] = append(goTypes[p.line], p.goType)
		}
	}
	paths := valuePaths(root)
	var errs []error
	told := map[string]bool{}
	for _, p := range problems {
		if !p.scalar && scalarLines[p.line] || shapeLines[p.line] && collectionRE.MatchString(p.err.Error()) ||
			aboutType(p, goTypes[p.line]) {
			continue
		}
		// a value laid in more than one place by an alias or a merge
		// key (<<: *lam) is refused at each, by its one line
		e := withPath(p, paths[p.line])
		if told[e.Error()] {
			continue
		}
		told[e.Error()] = true
		errs = append(errs, e)
	}
	te := &typeErrors{err: errors.Join(errs...), mistyped: map[string]bool{}, unknownIn: map[string]*unknownIn{}}
	for _, s := range f.Services {
		te.services = append(te.services, s.Name)
	}
	sections := mappingPaths(root)
	for _, p := range problems {
		if p.section == root && slices.Contains(reg.SectionKeys(), p.guess) {
			te.sectionGuessed = true
		}
		if p.section != nil {
			if at, ok := sections[p.section]; ok {
				u := te.unknownIn[at]
				if u == nil {
					u = &unknownIn{node: p.section}
					te.unknownIn[at] = u
				}
				if p.guess != "" {
					u.guesses = append(u.guesses, p.guess)
				}
			}
		}
		if p.mistypedPath != "" {
			te.mistyped[p.mistypedPath] = true
		}
		if p.mistyped != "" {
			for _, v := range paths[p.line] {
				if v.value == p.mistyped {
					te.mistyped[v.path] = true
				}
			}
		}
	}
	return f, te
}

// withPath names the field of a mistyped value in its message, "line 9:
// kubernetes.cpuRequestMilli: "1e9" is not an integer", when one value on
// its line is the one the decoder refused (two alike on one line, in a
// flow mapping, keep the line alone).
func withPath(p lineError, onLine []pathValue) error {
	if p.mistyped == "" {
		return p.err
	}
	path := ""
	for _, v := range onLine {
		if v.value == p.mistyped {
			if path != "" {
				return p.err
			}
			path = v.path
		}
	}
	prefix := fmt.Sprintf("line %d: ", p.line)
	msg := p.err.Error()
	if path == "" || !strings.HasPrefix(msg, prefix) {
		return p.err
	}
	return fmt.Errorf("%s%s: %s%s", prefix, path, strings.TrimPrefix(msg, prefix), valueHint(path, p.mistyped, msg))
}

// valuePaths maps each line to its scalar values and their dotted paths
// ("duration", "lambda.memoryMB", "kubernetes.nodePools[0].nodes").
func valuePaths(root *yaml.Node) map[int][]pathValue {
	out := map[int][]pathValue{}
	walkPaths(root, func(n *yaml.Node, path string) {
		if n.Kind == yaml.ScalarNode {
			out[n.Line] = append(out[n.Line], pathValue{path, n.Value})
		}
	})
	return out
}

type pathValue struct{ path, value string }

// mappingPaths maps each mapping node to its dotted path, as valuePaths
// writes them ("" for the document's own mapping, "services[0].arrivals").
func mappingPaths(root *yaml.Node) map[*yaml.Node]string {
	out := map[*yaml.Node]string{}
	walkPaths(root, func(n *yaml.Node, path string) {
		if _, seen := out[n]; n.Kind == yaml.MappingNode && !seen {
			out[n] = path
		}
	})
	return out
}

// walkPaths calls visit for every node under root, parents before their
// children, with its dotted path: a mapping's values extend the path by
// their key, a sequence's items by their index. Aliases are not followed:
// their values sit at their anchors' lines, and following them could
// blow up (a billion laughs).
func walkPaths(root *yaml.Node, visit func(n *yaml.Node, path string)) {
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		visit(n, path)
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i].Value
				if path != "" {
					k = path + "." + k
				}
				walk(n.Content[i+1], k)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	walk(root, "")
}

// decodeOverrides checks each service's own keys and decodes its platform
// overrides (services[].lambda: …).
func decodeOverrides(f *File, list *yaml.Node, reg platform.Registry, collect func(error)) []lineError {
	var problems []lineError
	own := yamlKeys(reflect.TypeOf(ServiceFile{}))
	allowed := slices.Clone(own)
	for _, p := range reg {
		if p.NewOverride() != nil {
			allowed = append(allowed, p.Name())
		}
	}
	for i, item := range list.Content {
		item = resolve(item)
		if item.Kind != yaml.MappingNode {
			continue // the decoder reports it
		}
		at := fmt.Sprintf("services[%d]", i)
		problems = append(problems, unknownKeys(item, allowed, at)...)
		for j := 0; j+1 < len(item.Content); j += 2 {
			key, val := item.Content[j], item.Content[j+1]
			p := reg.Lookup(key.Value)
			if p == nil || !slices.Contains(allowed, key.Value) {
				if ft, ok := fieldType(reflect.TypeOf(ServiceFile{}), key.Value); ok {
					problems = append(problems, checkKnown(val, ft, join(at, key.Value))...)
				}
				continue
			}
			ov := p.NewOverride()
			problems = append(problems, checkKnown(val, reflect.TypeOf(ov), join(at, key.Value))...)
			collect(val.Decode(ov))
			if i < len(f.Services) {
				if f.Services[i].Overrides == nil {
					f.Services[i].Overrides = map[string]any{}
				}
				f.Services[i].Overrides[key.Value] = ov
			}
		}
	}
	return problems
}

// lineError is a decoding problem and the line it is on (0: none), for
// reporting problems in document order.
type lineError struct {
	line int
	err  error
	// scalar marks checkScalar's findings: the decoder's message about the
	// same value says less and is dropped
	scalar bool
	// mistyped is the value the decoder could not take ("3.6e3s")
	mistyped string
	// section is the mapping an unknown key sits in
	section *yaml.Node
	// guess is the key an unknown key was taken for ("did you mean
	// duration?"), "" when none was
	guess string
	// shape marks a list or a mapping where one value goes (notOne): the
	// decoder's "cannot unmarshal !!seq" about its line is dropped
	shape bool
	// mistypedPath is the path of a value the decoder could not take,
	// when the problem knows it (notOne)
	mistypedPath string
	// goType is the Go type a shape problem's value was for (notFields):
	// the decoder's message about its line naming that type is dropped
	goType string
}

// checkKnown reports every key of n that t (a struct with yaml tags, or a
// pointer, slice or map of one) does not have, recursively. path is n's
// dotted path, the one compile errors name ("services[1].slo",
// "kubernetes.nodePools[0]"): the key a mapping sits under alone left the
// user to find which of a fleet's many slo: it was. Keys that land
// somewhere through an alias or a merge key are named where they land,
// whose keys they are checked against.
func checkKnown(n *yaml.Node, t reflect.Type, path string) []lineError {
	n = resolve(n)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == reflect.TypeOf(yaml.Node{}):
		return nil
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		var out []lineError
		for i, item := range n.Content {
			out = append(out, checkKnown(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i))...)
		}
		return out
	case t.Kind() == reflect.Map && n.Kind == yaml.MappingNode:
		if reflect.PointerTo(t).Implements(unmarshaler) {
			return nil // it reads itself (cost.prices: nested mappings)
		}
		var out []lineError
		for i := 0; i+1 < len(n.Content); i += 2 {
			out = append(out, checkKnown(n.Content[i+1], t.Elem(), join(path, n.Content[i].Value))...)
		}
		return out
	case t.Kind() == reflect.Struct && n.Kind != yaml.MappingNode && readsAsFields(t) && !isNull(n):
		return []lineError{notFields(n, t, path)}
	case n.Kind == yaml.ScalarNode:
		return checkScalar(n, t)
	case (n.Kind == yaml.SequenceNode || n.Kind == yaml.MappingNode) && scalarKind(t):
		return []lineError{notOne(n, t, path)}
	case t.Kind() != reflect.Struct || n.Kind != yaml.MappingNode:
		return nil
	}
	out := unknownKeys(n, yamlKeys(t), path)
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		if key.Value == mergeKey {
			// <<: *anchor (or a list of them) lays those keys in here
			for _, m := range mergedMaps(val) {
				out = append(out, checkKnown(m, t, path)...)
			}
			continue
		}
		if ft, ok := fieldType(t, key.Value); ok {
			out = append(out, checkKnown(val, ft, join(path, key.Value))...)
		}
	}
	return out
}

// join extends a dotted path by a key.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// unmarshaler is yaml.Unmarshaler's type, for the types that read
// themselves.
var unmarshaler = reflect.TypeFor[yaml.Unmarshaler]()

// scalarKind tells whether t holds one value written as a scalar (a
// number, a duration, a string, true or false).
func scalarKind(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.String, reflect.Float32, reflect.Float64,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// notOne is the problem with a list or a mapping where one value goes
// (duration: [1m]): the decoder said "line 2: cannot unmarshal !!seq
// into time.Duration", naming neither the field nor what it takes, and
// compiling the zero it left added "duration: must be between 1ns and …
// (got 0s)" about nothing written.
func notOne(n *yaml.Node, t reflect.Type, path string) lineError {
	what := "a list"
	if n.Kind == yaml.MappingNode {
		what = "a mapping"
	}
	word := goTypeWord(t.String())
	if t.Kind() == reflect.Float64 && t.Name() == "Share" {
		word = "a share (a fraction, e.g. 0.001, or a percentage, e.g. 0.1%)"
	}
	return lineError{line: n.Line, err: fmt.Errorf("line %d: %s: %s is not %s; write one value", n.Line, path, what, word),
		shape: true, mistypedPath: path}
}

// readsAsFields tells whether the decoder reads t by its fields' keys
// alone: a struct that reads itself (UnmarshalYAML) may take other
// shapes, and a yaml.Node (sweep:, golden:) takes any.
func readsAsFields(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return t != reflect.TypeFor[yaml.Node]() && !pt.Implements(unmarshaler) && !pt.Implements(textUnmarshaler) && len(yamlKeys(t)) > 0
}

// textUnmarshaler is encoding.TextUnmarshaler's type: the decoder gives
// such a type a scalar's text.
var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// isNull tells whether n is YAML's null (nothing, ~, null): the decoder
// leaves the field unset, as not written.
func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// notFields is the problem with a list or a single value where a mapping
// of fields goes (arrivals: [1], work: 5): the decoder said "cannot
// unmarshal !!seq into scenario.ArrivalsFile", naming a Go type and no
// field, and compiling the zero it left added "ratePerSecond: must be
// positive (got 0)" about nothing written.
func notFields(n *yaml.Node, t reflect.Type, path string) lineError {
	what := "a list"
	if n.Kind == yaml.ScalarNode {
		what = strconv.Quote(n.Value)
	}
	return lineError{line: n.Line, err: fmt.Errorf("line %d: %s: %s is not a mapping; write its fields as key: value (allowed: %s)",
		n.Line, path, what, strings.Join(yamlKeys(t), ", ")), shape: true, mistypedPath: path, goType: t.String()}
}

// mergeKey is YAML's merge key: its value's keys are laid into the mapping.
const mergeKey = "<<"

// resolve follows an alias (*anchor) to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// mergedMaps are the mappings a merge key's value names: one, or a list.
func mergedMaps(v *yaml.Node) []*yaml.Node {
	v = resolve(v)
	if v.Kind == yaml.SequenceNode {
		var out []*yaml.Node
		for _, m := range v.Content {
			out = append(out, resolve(m))
		}
		return out
	}
	return []*yaml.Node{v}
}

// checkScalar catches what the decoder would coerce without a word: a
// fraction into an integer field (2.5 replicas become 2) and an integer
// too large for its field (a seed of 2^64 becomes 2^63).
func checkScalar(n *yaml.Node, t reflect.Type) []lineError {
	var max string
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if t == reflect.TypeOf(time.Duration(0)) {
			return nil
		}
		max = strconv.FormatInt(int64(1)<<(t.Bits()-1)-1, 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		max = strconv.FormatUint(uint64(1)<<(t.Bits()-1)<<1-1, 10)
	default:
		return nil
	}
	tag := n.ShortTag()
	if tag != "!!float" && tag != "!!int" {
		return nil
	}
	b, ok := new(big.Int).SetString(strings.ReplaceAll(n.Value, "_", ""), 0)
	if !ok {
		if tag == "!!int" {
			return nil // the decoder reads it
		}
		return []lineError{{line: n.Line, err: fmt.Errorf("line %d: %q is not an integer", n.Line, n.Value), scalar: true, mistyped: n.Value}}
	}
	hi, _ := new(big.Int).SetString(max, 10)
	lo := new(big.Int).Neg(new(big.Int).Add(hi, big.NewInt(1)))
	if t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uint64 {
		lo = big.NewInt(0)
	}
	switch {
	case b.Cmp(hi) > 0:
		return []lineError{{line: n.Line, err: fmt.Errorf("line %d: %s is too large (at most %s)", n.Line, b, max), scalar: true, mistyped: n.Value}}
	case b.Cmp(lo) < 0 && lo.Sign() == 0:
		return []lineError{{line: n.Line, err: fmt.Errorf("line %d: %s is negative (this field is a count from 0)", n.Line, b), scalar: true, mistyped: n.Value}}
	case b.Cmp(lo) < 0:
		return []lineError{{line: n.Line, err: fmt.Errorf("line %d: %s is too small (at least %s)", n.Line, b, lo), scalar: true, mistyped: n.Value}}
	}
	return nil
}

// unknownKeys reports the keys of mapping n that are not in allowed.
// shortList is the most keys a section may have for an unknown key's
// message to list them all beside its guess.
const shortList = 8

// synonyms are keys users write for another that no spelling distance
// finds: a profile's points go in profile: (walk4 wrote points: and got
// only the list of allowed keys).
var synonyms = map[string]string{
	"points": "profile",
	"rate":   "ratePerSecond",
	"rps":    "ratePerSecond",
}

func unknownKeys(n *yaml.Node, allowed []string, path string) []lineError {
	n = resolve(n)
	var out []lineError
	prefix := ""
	if path != "" {
		prefix = path + ": "
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := n.Content[i]
		if slices.Contains(allowed, key.Value) || key.Value == mergeKey {
			continue
		}
		hint := ""
		s := platform.Closest(key.Value, allowed)
		if w, ok := synonyms[key.Value]; ok && slices.Contains(allowed, w) {
			s = w
		}
		switch {
		case s != "" && len(allowed) <= shortList:
			// a guess in a short section may be another valid key
			// (p98 is not p90): name them all
			hint = fmt.Sprintf(" (did you mean %s? allowed: %s)", s, strings.Join(allowed, ", "))
		case s != "":
			hint = fmt.Sprintf(" (did you mean %s?)", s)
		case len(allowed) > 0:
			hint = fmt.Sprintf(" (allowed: %s)", strings.Join(allowed, ", "))
		}
		out = append(out, lineError{line: key.Line, err: fmt.Errorf("line %d: %sunknown field %q%s", key.Line, prefix, key.Value, hint), section: n, guess: s})
	}
	return out
}

// yamlKeys lists a struct's yaml keys in declaration order, inline
// structs' keys in their place.
func yamlKeys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		if strings.Contains(tag, "inline") {
			keys = append(keys, yamlKeys(f.Type)...)
			continue
		}
		if name, _, _ := strings.Cut(tag, ","); name != "" && name != "-" {
			keys = append(keys, name)
		}
	}
	return keys
}

// fieldType is the type of the field with yaml key name, looking into
// inline structs.
func fieldType(t reflect.Type, name string) (reflect.Type, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		if strings.Contains(tag, "inline") {
			if ft, ok := fieldType(f.Type, name); ok {
				return ft, true
			}
			continue
		}
		if n, _, _ := strings.Cut(tag, ","); n == name {
			return f.Type, true
		}
	}
	return nil, false
}

// aboutType tells whether p is the decoder's own message about a value
// for one of types, which a shape problem (notFields) has said better.
func aboutType(p lineError, types []string) bool {
	if p.shape {
		return false
	}
	msg := p.err.Error()
	for _, t := range types {
		if strings.HasSuffix(msg, " into "+t) || strings.HasSuffix(msg, "(a "+t+")") {
			return true
		}
	}
	return false
}

// collectionRE matches the decoder's message about a list or a mapping
// where one value goes.
var collectionRE = regexp.MustCompile(`^line \d+: cannot unmarshal !!(seq|map) into `)

var unmarshRE = regexp.MustCompile(`^line (\d+): cannot unmarshal !!(\w+) ` + "`" + `(.*)` + "`" + ` into (\S+)$`)

// typeProblem rewrites one of yaml's type errors in the scenario's words.
func typeProblem(msg string) lineError {
	if m := unmarshRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		if why := durationProblem(m[3]); why != "" && strings.HasSuffix(m[4], "time.Duration") {
			return lineError{line: line, err: fmt.Errorf("line %s: %q is not a duration: %s", m[1], m[3], why), mistyped: m[3]}
		}
		return lineError{line: line, err: fmt.Errorf("line %s: %q is not %s", m[1], m[3], goTypeWord(m[4])), mistyped: m[3]}
	}
	if m := notRE.FindStringSubmatch(msg); m != nil {
		// a reader's own message about the value it was given (a share
		// of "0.001%%"): the value names its field (withPath)
		line, _ := strconv.Atoi(m[1])
		if v, err := strconv.Unquote(m[2]); err == nil {
			return lineError{line: line, err: errors.New(msg), mistyped: v}
		}
	}
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		n, _, _ := strings.Cut(rest, ":")
		line, _ = strconv.Atoi(n)
	}
	return lineError{line: line, err: errors.New(msg)}
}

// notRE matches a type error an UnmarshalYAML of the scenario's writes
// about its value: `line 6: "0.001%%" is not a share: …`.
var notRE = regexp.MustCompile(`^line (\d+): ("(?:[^"\\]|\\.)*") is not `)

// typeErrors are strict-decoding problems after which the File is still
// usable for compiling (unknown keys, mistyped values).
type typeErrors struct {
	err error
	// mistyped are the dotted paths of the values the decoder could not
	// take: compiling sees them as unset, and its complaint about them
	// ("must be between 1ns and …, got 0s") would mislead
	mistyped map[string]bool
	// unknownIn are the mappings with an unknown key, by dotted path: a
	// field left out of one that an unknown key was taken for (a typo,
	// ratePerSeconds) was most likely meant by that key, and its zero
	// value's complaint ("must be positive (got 0)") is about nothing the
	// user wrote. Another field left out is missing all the same, and is
	// reported in the same run (durration: beside no name:).
	unknownIn map[string]*unknownIn
	// sectionGuessed tells that an unknown top-level key was taken for a
	// platform's section: the complaint that there is none follows from it
	sectionGuessed bool
	// services are the services' names in order, to find the override a
	// fleet's path names ("lambda.memoryMB (function images)")
	services []string
}

// drop leaves out of a compile error the problems with mistyped values,
// and those with an unset (zero) value that a mistyped value or an unknown
// key stands in for: a top-level lambda.timeout of 10000 leaves every
// function's timeout at 0s, services[2].lambda.memoryMB: 2GB the function
// images' memory at 0.
func (e *typeErrors) drop(cerr error) error {
	var out []error
	for _, c := range platform.Unjoin(cerr) {
		var fe *models.FieldError
		if errors.As(c, &fe) && (e.mistyped[fe.Path] || isZero(fe.Value) && e.standsIn(fe.Path)) {
			continue
		}
		if _, ok := errors.AsType[noPlatformError](c); ok && e.sectionGuessed {
			continue
		}
		out = append(out, c)
	}
	return errors.Join(out...)
}

// unknownIn is a mapping with unknown keys, and the keys they were taken
// for.
type unknownIn struct {
	node    *yaml.Node
	guesses []string
}

// standsIn tells whether a compile problem's path is a mistyped value's,
// or lies under a key left out of a mapping where an unknown key was taken
// for it (arrivls: stands in for arrivals and all below it). A
// fleet's path "lambda.timeout (function auth)" is the section's default
// (lambda.timeout) and service auth's override (services[0].lambda.timeout).
func (e *typeErrors) standsIn(path string) bool {
	field, qual, _ := strings.Cut(path, " (")
	paths := []string{field}
	if qual != "" {
		if _, name, ok := strings.Cut(strings.TrimSuffix(qual, ")"), " "); ok {
			for i, s := range e.services {
				if s == name {
					paths = append(paths, fmt.Sprintf("services[%d].%s", i, field))
				}
			}
		}
	} else if len(e.services) == 1 {
		paths = append(paths, "services[0]."+field)
	}
	for _, p := range paths {
		if e.mistyped[p] {
			return true
		}
		// under a value the decoder could not take (arrivals: [1] left
		// ratePerSecond 0), or the mapping holding one (work: {io: [1s]}
		// left work with neither cpu: nor io:)
		for m := range e.mistyped {
			if strings.HasPrefix(p, m+".") || strings.HasPrefix(p, m+"[") {
				return true
			}
			if dot := strings.LastIndex(m, "."); dot > 0 && m[:dot] == p {
				return true
			}
		}
		// each mapping on the way down: the document's own, then each
		// key's (services[0], services[0].arrivals, …)
		for at := -1; ; {
			sec := ""
			if at >= 0 {
				sec = p[:at]
			}
			rest := p[at+1:]
			key, _, _ := strings.Cut(rest, ".")
			key, _, _ = strings.Cut(key, "[")
			if u, ok := e.unknownIn[sec]; ok && slices.Contains(u.guesses, key) && !hasKey(u.node, key) {
				return true
			}
			next := strings.Index(rest, ".")
			if next < 0 {
				break
			}
			at += next + 1
		}
	}
	return false
}

// hasKey tells whether mapping n has key, itself or through a merge key.
func hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		switch k := n.Content[i].Value; {
		case k == key:
			return true
		case k == mergeKey:
			for _, m := range mergedMaps(n.Content[i+1]) {
				if m.Kind == yaml.MappingNode && hasKey(m, key) {
					return true
				}
			}
		}
	}
	return false
}

// isZero tells whether a problem's value is one nobody wrote: none, or
// its type's zero (0, 0s, "").
func isZero(v any) bool {
	return v == nil || reflect.ValueOf(v).IsZero()
}

func (e *typeErrors) Error() string   { return e.err.Error() }
func (e *typeErrors) Unwrap() []error { return platform.Unjoin(e.err) }
