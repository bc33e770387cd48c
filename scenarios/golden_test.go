package scenarios

import (
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/execsim/execsim/internal/golden"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/summary"
)

// Each testdata/<case>.yaml carries its own seed; its exact results live in
// testdata/<case>.golden (rewrite with go test ./scenarios -update).
func TestGoldenScenarios(t *testing.T) {
	files, err := filepath.Glob("testdata/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden scenarios: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		t.Run(name, func(t *testing.T) {
			golden.Check(t, strings.TrimSuffix(f, ".yaml")+".golden", []byte(goldenOf(t, f)))
		})
	}
}

// Each built-in scenario's summary is pinned in testdata/builtin/<name>.golden.
func TestBuiltinGoldens(t *testing.T) {
	for _, b := range Builtins() {
		t.Run(b.Name, func(t *testing.T) {
			golden.Check(t, filepath.Join("testdata", "builtin", b.Name+".golden"), []byte(goldenOf(t, BuiltinPrefix+b.Name)))
		})
	}
}

// Every built-in and golden scenario run twice gives the same fingerprint and
// the same golden text (FoundationDB-style re-run of a seed).
func TestDeterminism(t *testing.T) {
	refs, _ := filepath.Glob("testdata/*.yaml")
	for _, b := range Builtins() {
		refs = append(refs, BuiltinPrefix+b.Name)
	}
	for _, ref := range refs {
		t.Run(ref, func(t *testing.T) {
			if testing.Short() && strings.HasPrefix(ref, BuiltinPrefix) {
				t.Skip("built-ins are re-run in the full suite")
			}
			var texts []string
			for range 2 {
				texts = append(texts, goldenOf(t, ref))
			}
			if texts[0] != texts[1] {
				t.Errorf("two runs of %s differ:\n%s\n---\n%s", ref, texts[0], texts[1])
			}
		})
	}
}

// The same scenario and seed give the same results on any number of cores.
func TestDeterminismAcrossCores(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var texts []string
	for _, procs := range []int{1, 4} {
		runtime.GOMAXPROCS(procs)
		texts = append(texts, goldenOf(t, BuiltinPrefix+"spike"))
	}
	if texts[0] != texts[1] {
		t.Error("GOMAXPROCS 1 and 4 gave different results")
	}
}

// goldenOf loads, runs and renders a scenario's golden text.
func goldenOf(t *testing.T, ref string) string {
	t.Helper()
	plan, err := Load(ref, nil, platformtest.Registry())
	if err != nil {
		t.Fatal(err)
	}
	res, err := runner.Run(plan, runner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return summary.Golden(res)
}
