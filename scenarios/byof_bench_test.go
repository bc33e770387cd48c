package scenarios

import (
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
)

// BenchmarkLoadBYOF is what reading a team's own files costs before a run:
// builtin:byof's 11 manifest files, SAM template and day of Prometheus
// samples, decoded, matched and compiled (issue 14).
func BenchmarkLoadBYOF(b *testing.B) {
	reg := platformtest.Registry()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(BuiltinPrefix+"byof", nil, reg); err != nil {
			b.Fatal(err)
		}
	}
}
