package scenario

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

// Prices by path may be written flat or as nested mappings, which is
// what --set cost.prices.lambda.requestsPerMillionUSD=0.3 makes (walk4:
// refused with "cannot unmarshal !!map into float64"); a later form of
// one path wins; a value that is not a number names its path.
func TestPriceOverridesFlattenNestedPaths(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      PriceOverrides
		err       string
	}{
		{"flat", "prices: {lambda.requestsPerMillionUSD: 0.3, ec2.m6i.large.hourUSD: 0.08}",
			PriceOverrides{"lambda.requestsPerMillionUSD": 0.3, "ec2.m6i.large.hourUSD": 0.08}, ""},
		{"nested", "prices: {lambda: {requestsPerMillionUSD: 0.3}, ec2: {m6i: {large: {hourUSD: 0.08}}}}",
			PriceOverrides{"lambda.requestsPerMillionUSD": 0.3, "ec2.m6i.large.hourUSD": 0.08}, ""},
		{"both forms of one path: the later wins", "prices: {lambda.requestsPerMillionUSD: 0.2, lambda: {requestsPerMillionUSD: 0.3}}",
			PriceOverrides{"lambda.requestsPerMillionUSD": 0.3}, ""},
		{"no prices", "prices: {}", PriceOverrides{}, ""},
		{"null", "prices:", nil, ""},
		{"not a number", "prices: {lambda: {requestsPerMillionUSD: abc}}", nil, `cost.prices.lambda.requestsPerMillionUSD: want a number (got "abc")`},
		{"a list", "prices: [1, 2]", nil, "cost.prices: want prices by path"},
		// hostile #6: a key twice in one mapping is refused, as the
		// decoder refuses it elsewhere (the last price won)
		{"a key twice", "prices:\n  lambda.requestsPerMillionUSD: 0.2\n  lambda.requestsPerMillionUSD: 5\n", nil,
			`line 3: cost.prices: mapping key "lambda.requestsPerMillionUSD" already defined at line 2`},
		{"a nested key twice", "prices: {lambda: {requestsPerMillionUSD: 0.2, requestsPerMillionUSD: 5}}", nil,
			`cost.prices.lambda: mapping key "requestsPerMillionUSD" already defined at line 1`},
		// A key left without a value is YAML null, which decoded to a
		// price of 0 without a word; a real 0 stays a price.
		{"a real 0", "prices: {lambda.requestsPerMillionUSD: 0}", PriceOverrides{"lambda.requestsPerMillionUSD": 0}, ""},
		{"empty", "prices:\n  lambda.requestsPerMillionUSD:\n", nil,
			"line 2: cost.prices.lambda.requestsPerMillionUSD: the price is empty (got nothing); want a number in USD, 0 for free"},
		{"null, nested", "prices: {lambda: {requestsPerMillionUSD: null}}", nil, "cost.prices.lambda.requestsPerMillionUSD: the price is empty (got null)"},
		{"an empty string", `prices: {lambda.requestsPerMillionUSD: ""}`, nil, `cost.prices.lambda.requestsPerMillionUSD: the price is empty (got "")`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var f CostFile
			err := yaml.Unmarshal([]byte(tc.src), &f)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v; want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, f.Prices); d != "" {
				t.Errorf("prices (-want +got):\n%s", d)
			}
		})
	}
}
