package hybrid

import (
	"testing"

	"github.com/execsim/execsim/models/cost"
)

// The blend keeps a part's zero line only when its platform marked it
// (cost.Line.KeepAtZero), never by what its item is called.
func TestUnusedLines(t *testing.T) {
	for _, tc := range []struct {
		name string
		line cost.Line
		want bool
	}{
		{"an unused function's duration", cost.Line{Item: "lambda duration arm64", Unit: "GB-s"}, true},
		{"a switched-off control plane, marked", cost.Line{Item: "eks control plane", Unit: "cluster-h", UnitPriceUSD: 0.1, KeepAtZero: true}, false},
		// named like one, but nothing says it is there on purpose
		{"an unmarked zero control plane", cost.Line{Item: "eks control plane", Unit: "cluster-h", UnitPriceUSD: 0.1}, true},
		{"a marked line of another name", cost.Line{Item: "load balancer", Unit: "h", KeepAtZero: true}, false},
		{"a used line", cost.Line{Item: "lambda requests", Quantity: 2, Unit: "1M requests", Amount: 400_000}, false},
		{"a credit of no quantity", cost.Line{Item: "free tier", Amount: -5}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := unused(tc.line); got != tc.want {
				t.Errorf("unused(%+v) = %t; want %t", tc.line, got, tc.want)
			}
		})
	}
}
