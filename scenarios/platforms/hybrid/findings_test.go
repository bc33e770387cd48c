package hybrid_test

import (
	"testing"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platforms/hybrid"
)

// The capacity clause names the services once, with their number's
// agreement: "the hybrid ran 1 service on kubernetes and 12 on lambda".
func TestFindingsCapacity(t *testing.T) {
	for _, tc := range []struct {
		parts []hybrid.PartSummary
		want  string
	}{
		{[]hybrid.PartSummary{{Platform: "kubernetes", Services: 0}, {Platform: "lambda", Services: 12}}, "the hybrid ran 0 services on kubernetes and 12 on lambda"},
		{[]hybrid.PartSummary{{Platform: "kubernetes", Services: 1}, {Platform: "lambda", Services: 1}}, "the hybrid ran 1 service on kubernetes and 1 on lambda"},
	} {
		_, got := hybrid.New().Findings(&platform.Entry{Extra: &hybrid.Extra{Parts: tc.parts}}, 100)
		if got != tc.want {
			t.Errorf("Findings capacity = %q; want %q", got, tc.want)
		}
	}
}
