package lambdatemplates

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/execsim/execsim/scenarios/inputs/yamltab"
	"go.yaml.in/yaml/v3"
)

const serverlessKind = "serverless.yml"

// Serverless Framework defaults for what the file leaves unset
// (serverless.com/framework/docs/providers/aws/guide/serverless.yml:
// provider.memorySize "default: 1024", provider.timeout "default: 6").
// They differ from Lambda's own (128 MB, 3 s), so a function deployed with
// the Framework gets them.
const (
	serverlessMemoryMB   = 1024
	serverlessTimeoutSec = 6
)

// ReadServerless reads the functions of a Serverless Framework
// serverless.yml: provider-level memorySize, timeout, runtime and
// architecture under each function's own, plus function-level name,
// reservedConcurrency, provisionedConcurrency, snapStart and image. A
// ${…} variable is resolved only to a literal fallback
// (${opt:stage, 'dev'}); otherwise it is warned about and left unset.
func ReadServerless(fsys fs.FS, path string) (*Set, error) {
	r := &report{file: path}
	data, err := fs.ReadFile(fsys, path)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		if n := yamltab.Line(data, err.Error()); n > 0 {
			r.fail("", "", "", nil, ErrSyntax, "malformed YAML: line %d: %s", n, yamltab.Advice)
			return nil, r.err()
		}
		r.fail("", "", "", nil, ErrSyntax, "malformed YAML: %v", strings.TrimPrefix(err.Error(), "yaml: "))
		return nil, r.err()
	}
	set := &Set{File: path}
	root := mapping(&doc)
	r.self = root
	if root == nil {
		if len(doc.Content) > 0 {
			r.fail("", "", "", nil, ErrSyntax, "the top level must be a mapping with provider and functions")
			return nil, r.err()
		}
		return set, nil
	}
	provider := mapping(get(root, "provider"))
	funcs := get(root, "functions")
	if funcs != nil && funcs.Kind != yaml.MappingNode && !(funcs.Kind == yaml.ScalarNode && funcs.Tag == "!!null") {
		r.fail("", "", "functions", nil, ErrInvalid, "must be a mapping of function names to functions")
	}
	fm := mapping(funcs)
	for i := 0; fm != nil && i+1 < len(fm.Content); i += 2 {
		name := fm.Content[i].Value
		fn := fm.Content[i+1]
		path := "functions." + name
		if name == "" {
			r.fail("function", name, "", nil, ErrInvalid, "needs a name")
			continue
		}
		if fn.Kind != yaml.MappingNode {
			if fn.Tag != "!!null" {
				r.fail("function", name, "", nil, ErrInvalid, "must be a mapping")
				continue
			}
			fn = &yaml.Node{Kind: yaml.MappingNode}
		}
		s := &settings{kind: serverlessKind, errKind: "function", name: name, path: path,
			fMemory: "memorySize", fTimeout: "timeout", fRuntime: "runtime", fArch: "architecture",
			fPackage: "image", fSnap: "snapStart", fReserved: "reservedConcurrency", fProvisioned: "provisionedConcurrency"}
		// function level first, then provider level (serverless.yml reference:
		// the provider's memorySize, timeout, runtime and architecture are
		// defaults "overwritten" by a function's own).
		s.fMemory, s.fTimeout = field(fn, "memorySize"), field(fn, "timeout")
		s.fRuntime, s.fArch = field(fn, "runtime"), field(fn, "architecture")
		s.memoryMB = r.intSetting(s, fn, provider, "memorySize", serverlessMemoryMB)
		if n, _ := lookup(fn, provider, "memorySize"); n == nil {
			s.memoryMB = ptr(serverlessMemoryMB)
		}
		s.timeoutSec = r.intSetting(s, fn, provider, "timeout", serverlessTimeoutSec)
		if n, _ := lookup(fn, provider, "timeout"); n == nil {
			s.timeoutSec = ptr(serverlessTimeoutSec)
		}
		if v, ok := r.str(s, fn, provider, "runtime"); ok {
			s.runtime = &v
			s.runtimeInherited = get(fn, "runtime") == nil || s.inherited["runtime"]
		}
		if v, ok := r.str(s, fn, provider, "architecture"); ok {
			s.architectures = []string{v}
		}
		if v, ok := r.str(s, fn, nil, "name"); ok {
			s.functionName = v
		}
		s.reserved = r.intSetting(s, fn, nil, "reservedConcurrency")
		s.provisioned = r.intSetting(s, fn, nil, "provisionedConcurrency")
		if n := get(fn, "snapStart"); n != nil {
			var b bool
			if v, ok := r.scalar(path+".snapStart", n, "left unset"); ok {
				if err := (&yaml.Node{Kind: yaml.ScalarNode, Value: v, Tag: n.Tag}).Decode(&b); err != nil || n.Tag == "!!str" && v != "true" && v != "false" {
					r.fail("function", s.name, "snapStart", v, ErrInvalid, "must be true or false")
				} else {
					s.snapStart = &b
				}
			}
		}
		if get(fn, "image") != nil {
			s.packageType = ptr("image")
		}
		set.Functions = append(set.Functions, r.build(s))
	}
	slices.SortStableFunc(set.Functions, func(a, b Function) int { return strings.Compare(a.Name, b.Name) })
	set.Warnings = r.warnings
	if err := r.err(); err != nil {
		return nil, err
	}
	return set, nil
}

// variable matches a whole-value ${source:address} and an optional
// fallback after the first top-level comma.
var variable = regexp.MustCompile(`^\$\{([^,{}]*)(?:,\s*(.*))?\}$`)

// scalar returns the node's value with a variable replaced by what the
// file says: ${self:custom.…} by the plain value of the file's own
// custom: block, else by a literal fallback. A variable it cannot resolve
// is warned about, ending with instead (what is used in its place), and
// ok is false.
func (r *report) scalar(path string, n *yaml.Node, instead string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		return "", false
	}
	v := n.Value
	if !strings.Contains(v, "${") {
		return v, true
	}
	m := variable.FindStringSubmatch(v)
	if m != nil {
		if c, ok := r.custom(strings.TrimSpace(m[1])); ok {
			return c, true
		}
	}
	if m != nil && m[2] != "" && !strings.Contains(m[2], "${") {
		fb := strings.TrimSpace(m[2])
		if len(fb) >= 2 && (fb[0] == '\'' || fb[0] == '"') && fb[len(fb)-1] == fb[0] {
			fb = fb[1 : len(fb)-1]
		}
		r.warn(path, "%s cannot be resolved (its default used: %s)", v, fb)
		return fb, true
	}
	r.warn(path, "%s cannot be resolved (a variable without a literal default); %s", v, instead)
	return "", false
}

// custom resolves a ${self:custom.a.b} variable's address to a plain value
// of the file's custom: block (serverless.com/framework/docs/guides/variables
// "Reference Properties In serverless.yml"); a value that is itself a
// variable, or not a single value, is not resolved.
func (r *report) custom(address string) (string, bool) {
	rest, ok := strings.CutPrefix(address, "self:custom.")
	if !ok || r.self == nil {
		return "", false
	}
	n := get(r.self, "custom")
	for _, key := range strings.Split(rest, ".") {
		if n = get(n, key); n == nil {
			return "", false
		}
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" || strings.Contains(n.Value, "${") {
		return "", false
	}
	return n.Value, true
}

// field names a setting as the file has it: memorySize for the function's
// own, provider.memorySize for an inherited one.
func field(fn *yaml.Node, key string) string {
	if get(fn, key) != nil {
		return key
	}
	return "provider." + key
}

// field names a setting as field does, or provider.key once the
// function's own value has given way to the provider's.
func (s *settings) field(fn *yaml.Node, key string) string {
	if s.inherited[key] {
		return "provider." + key
	}
	return field(fn, key)
}

// lookup finds key in fn, else in provider.
func lookup(fn, provider *yaml.Node, key string) (*yaml.Node, string) {
	if n := get(fn, key); n != nil {
		return n, "functions."
	}
	if n := get(provider, key); n != nil {
		return n, "provider."
	}
	return nil, ""
}

// str is the function's own key, else the provider's. A function's
// variable that cannot be resolved falls back to the provider's value, as
// if the function had not set it: its own value is unknown, and dropping
// the provider's as well would leave Lambda's default, which neither
// says. def names the Framework's default when there is one.
func (r *report) str(s *settings, fn, provider *yaml.Node, key string, def ...string) (string, bool) {
	n, where := lookup(fn, provider, key)
	if n == nil {
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		r.fail("function", s.name, field(fn, key), nil, ErrInvalid, "must be a single value")
		return "", false
	}
	if where == "provider." {
		return r.scalar("provider."+key, n, unset(def))
	}
	p := get(provider, key)
	if p == nil || p.Kind != yaml.ScalarNode {
		return r.scalar(s.path+"."+key, n, unset(def))
	}
	if v, ok := r.scalar(s.path+"."+key, n, "provider."+key+" used instead"); ok {
		return v, true
	}
	s.inherit(key)
	return r.scalar("provider."+key, p, unset(def))
}

// unset is what a warning says happens to a setting left unresolved.
func unset(def []string) string {
	if len(def) > 0 {
		return "the Framework's default " + def[0] + " used instead"
	}
	return "left unset"
}

func (r *report) intSetting(s *settings, fn, provider *yaml.Node, key string, def ...int) *int {
	var defs []string
	for _, d := range def {
		defs = append(defs, strconv.Itoa(d))
	}
	v, ok := r.str(s, fn, provider, key, defs...)
	if !ok {
		if len(def) > 0 {
			return ptr(def[0])
		}
		return nil
	}
	i, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		r.fail("function", s.name, s.field(fn, key), fmt.Sprintf("%q", v), ErrInvalid, "must be a whole number")
		return nil
	}
	return &i
}

// mapping is n (or a document's content) when it is a mapping, else nil.
func mapping(n *yaml.Node) *yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	return n
}

// get is the value of key in mapping n, following an alias.
func get(n *yaml.Node, key string) *yaml.Node {
	n = mapping(n)
	if n == nil {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			v := n.Content[i+1]
			if v.Kind == yaml.AliasNode {
				v = v.Alias
			}
			return v
		}
	}
	return nil
}
