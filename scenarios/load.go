package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/scenario"
	"go.yaml.in/yaml/v3"
)

// builtinFS holds the built-in scenarios, addressed as builtin:NAME.
//
//go:embed builtin/*.yaml builtin/traces builtin/byof
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
		name, ok := strings.CutSuffix(e.Name(), ".yaml")
		if !ok || e.IsDir() {
			continue // the built-ins' data (traces/)
		}
		src, _ := builtinFS.ReadFile("builtin/" + e.Name())
		var head struct {
			Description string `yaml:"description"`
		}
		_ = yaml.Unmarshal(src, &head) // embedded files are tested to decode
		out = append(out, Builtin{Name: name, Description: head.Description})
	}
	return out
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
			return nil, scenario.InputError(fmt.Errorf("unknown built-in scenario %q (available: %s)", name, strings.Join(names, ", ")))
		}
		return src, nil
	}
	src, err := os.ReadFile(ref)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, scenario.InputError(fmt.Errorf("scenario file %s does not exist", ref))
		}
		return nil, scenario.InputError(fmt.Errorf("cannot read scenario: %w", err))
	}
	return src, nil
}

// Files is where a scenario's named files (traces) are read from: the
// scenario file's directory, or the built-ins' embedded folder.
func Files(ref string) fs.FS {
	if strings.HasPrefix(ref, BuiltinPrefix) {
		sub, err := fs.Sub(builtinFS, "builtin")
		if err != nil {
			panic(err) // a constant, valid directory name
		}
		return sub
	}
	return os.DirFS(filepath.Dir(ref))
}

// Load reads, decodes (strictly), overrides and compiles a scenario with
// the registry's platforms.
func Load(ref string, overrides []scenario.Override, reg platform.Registry) (*scenario.Plan, error) {
	return LoadReading(ref, overrides, reg, scenario.Reading{})
}

// LoadReading is Load reading the scenario's files as rd says: a command
// passes its context, so that Ctrl-C stops the read of a large trace, and
// its error stream for progress.
func LoadReading(ref string, overrides []scenario.Override, reg platform.Registry, rd scenario.Reading) (*scenario.Plan, error) {
	src, err := ReadSource(ref)
	if err != nil {
		return nil, err
	}
	plan, err := scenario.ParseReading(src, Files(ref), rd, overrides, reg)
	if err != nil {
		if rd.Context != nil && rd.Context.Err() != nil {
			// stopped, not wrong: the problems are those of a file read in part
			return nil, stoppedError{ref, rd.Context.Err()}
		}
		return nil, scenario.InputError(fmt.Errorf("scenario %s: %w", ref, err))
	}
	plan.Ref = ref
	return plan, nil
}

// stoppedError is the error of a load stopped by the command's context;
// errors.Is finds the context's error (Ctrl-C exits 130).
type stoppedError struct {
	ref string
	err error
}

func (e stoppedError) Error() string {
	return "scenario " + e.ref + ": stopped while reading its files"
}
func (e stoppedError) Unwrap() error { return e.err }
