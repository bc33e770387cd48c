package platformtest

import (
	"os"
	"testing"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platforms"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
)

// Registry is execsim's own platforms followed by more (tests add Pool).
func Registry(more ...platform.Platform) platform.Registry {
	return platforms.Default().With(more...)
}

// Parse compiles scenario text with Registry(more...).
func Parse(src string, more ...platform.Platform) (*scenario.Plan, error) {
	return scenario.Parse([]byte(src), nil, Registry(more...))
}

// ReadFile returns a test file's text, failing the test if it cannot.
func ReadFile(t testing.TB, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// Plan compiles scenario text with Registry(more...), failing the test on
// any problem.
func Plan(t testing.TB, src string, more ...platform.Platform) *scenario.Plan {
	t.Helper()
	plan, err := Parse(src, more...)
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

// Run compiles scenario text with Registry(more...) and runs it, failing
// the test on any problem.
func Run(t testing.TB, src string, more ...platform.Platform) *runner.Result {
	t.Helper()
	res, err := runner.Run(Plan(t, src, more...), runner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}
