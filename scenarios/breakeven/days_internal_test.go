package breakeven

import (
	"testing"

	"github.com/execsim/execsim/models/cost"
)

// nonLinear knows the items models/cost gives non-linear lines, and no
// others: a user's instance type named "frontier" is not a tier.
func TestNonLinearItems(t *testing.T) {
	for _, tc := range []struct {
		item string
		want bool
	}{
		{"lambda duration x86_64 tier 2 discount", true},
		{"api gateway http requests tier 3 discount", true},
		{"lambda free tier requests", true},
		{"lambda free tier duration arm64", true},
		{"node frontier on-demand", false},
		{"node m6i.large on-demand", false},
		{"lambda requests", false},
		{"alb lcu-hours", false}, // only on the idle day's bill
		{"tier 2 discount", false},
		{"x tier two discount", false},
	} {
		b := cost.Breakdown{Lines: []cost.Line{{Item: tc.item, Amount: 1}}}
		if got := nonLinear(b, nil, 0) != ""; got != tc.want {
			t.Errorf("nonLinear(%q) = %v, want %v", tc.item, got, tc.want)
		}
	}
}
