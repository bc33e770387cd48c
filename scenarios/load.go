package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// builtinFS holds the built-in scenarios, addressed as builtin:NAME.
//
//go:embed builtin/*.yaml
var builtinFS embed.FS

// BuiltinPrefix marks a built-in scenario reference.
const BuiltinPrefix = "builtin:"

// Builtin describes one embedded scenario.
type Builtin struct {
	Name        string
	Description string
}

// Builtins lists the embedded scenarios in name order.
func Builtins() []Builtin {
	entries, _ := fs.ReadDir(builtinFS, "builtin")
	var out []Builtin
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".yaml")
		src, _ := builtinFS.ReadFile("builtin/" + e.Name())
		var head struct {
			Description string `yaml:"description"`
		}
		_ = yaml.Unmarshal(src, &head) // embedded files are tested to decode
		out = append(out, Builtin{Name: name, Description: head.Description})
	}
	return out
}

// ErrInput marks errors caused by the user's input (a missing file, invalid
// YAML, an invalid field): the CLI exits with status 2 for them.
var ErrInput = errors.New("invalid input")

type inputError struct{ err error }

func (e inputError) Error() string { return e.err.Error() }
func (e inputError) Unwrap() []error {
	return []error{ErrInput, e.err}
}

// InputError marks err as caused by user input.
func InputError(err error) error {
	if err == nil {
		return nil
	}
	return inputError{err}
}

// ReadSource returns the text of a scenario reference: a file path or builtin:NAME.
func ReadSource(ref string) ([]byte, error) {
	if name, ok := strings.CutPrefix(ref, BuiltinPrefix); ok {
		src, err := builtinFS.ReadFile(path.Join("builtin", name+".yaml"))
		if err != nil {
			var names []string
			for _, b := range Builtins() {
				names = append(names, b.Name)
			}
			return nil, InputError(fmt.Errorf("unknown built-in scenario %q (available: %s)", name, strings.Join(names, ", ")))
		}
		return src, nil
	}
	src, err := os.ReadFile(ref)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, InputError(fmt.Errorf("scenario file %s does not exist", ref))
		}
		return nil, InputError(fmt.Errorf("cannot read scenario: %w", err))
	}
	return src, nil
}

// Load reads, decodes (strictly), overrides and compiles a scenario.
func Load(ref string, overrides []Override) (*Plan, error) {
	src, err := ReadSource(ref)
	if err != nil {
		return nil, err
	}
	plan, err := Parse(src, overrides)
	if err != nil {
		return nil, InputError(fmt.Errorf("scenario %s: %w", ref, err))
	}
	plan.Ref = ref
	return plan, nil
}

// Parse decodes scenario text strictly, applies overrides and compiles it.
// Errors in the text carry its line numbers; errors from overrides name the
// --set path.
func Parse(src []byte, overrides []Override) (*Plan, error) {
	f, effective, err := Decode(src, overrides)
	if err != nil {
		// A strict-decoding error (an unknown key, a mistyped value) leaves
		// the rest of the file decoded: compile it anyway so the user sees
		// every problem at once.
		var te *typeErrors
		if f != nil && errors.As(err, &te) {
			if _, cerr := f.Compile(); cerr != nil {
				return nil, errors.Join(err, cerr)
			}
		}
		return nil, err
	}
	plan, err := f.Compile()
	if err != nil {
		return nil, err
	}
	plan.Source = effective
	return plan, nil
}

// Decode returns the File and the effective YAML text (after overrides).
func Decode(src []byte, overrides []Override) (*File, []byte, error) {
	doc, err := parseTree(src)
	if err != nil {
		return nil, nil, err
	}
	var f File
	dec := yaml.NewDecoder(strings.NewReader(string(src)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return &f, nil, rewriteTypeErrors(err, doc)
	}
	if len(overrides) == 0 {
		return &f, src, nil
	}
	for _, o := range overrides {
		if err := o.apply(doc); err != nil {
			return nil, nil, err
		}
	}
	text, err := yaml.Marshal(doc)
	if err != nil {
		return nil, nil, err
	}
	f = File{}
	dec = yaml.NewDecoder(strings.NewReader(string(text)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		paths := make([]string, len(overrides))
		for i, o := range overrides {
			paths[i] = o.Path
		}
		return nil, nil, fmt.Errorf("--set %s: %w", strings.Join(slices.Compact(paths), ", "), stripLines(rewriteTypeErrors(err, doc)))
	}
	return &f, text, nil
}

// stripLines drops "line N: " prefixes, meaningless for re-encoded overrides.
func stripLines(err error) error {
	var out []error
	for _, e := range unjoin(err) {
		msg := e.Error()
		if strings.HasPrefix(msg, "line ") {
			if _, rest, ok := strings.Cut(msg, ": "); ok {
				msg = rest
			}
		}
		out = append(out, errors.New(msg))
	}
	return errors.Join(out...)
}
