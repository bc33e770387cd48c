package checks

import (
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	cases := []struct {
		in      string
		value   float64
		unit    Unit
		wantErr string
	}{
		{in: "0", value: 0, unit: Number},
		{in: "3", value: 3, unit: Number},
		{in: " 0.5 ", value: 0.5, unit: Number},
		{in: "1e3", value: 1000, unit: Number},
		{in: "2%", value: 2, unit: Percent},
		{in: "0.5 %", value: 0.5, unit: Percent},
		{in: "800ms", value: 0.8, unit: Seconds},
		{in: "1.5s", value: 1.5, unit: Seconds},
		{in: "250µs", value: 0.00025, unit: Seconds},
		{in: "2m", value: 120, unit: Seconds},
		{in: "$0.01", value: 0.01, unit: USD},
		{in: "true", value: 1, unit: Bool},
		{in: "false", value: 0, unit: Bool},
		{in: "", wantErr: "no value"},
		{in: "800 ms", wantErr: `"800 ms" is not a number`},
		{in: "inf", wantErr: `"inf" is not a number`},
		{in: "NaN", wantErr: `"NaN" is not a number`},
		{in: "$", wantErr: `"$" is not a number`},
		{in: "abc%", wantErr: `"abc%" is not a number`},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			a, err := ParseAmount(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("ParseAmount(%q) error = %v; want %q", tc.in, err, tc.wantErr)
				}
				return
			}
			if err != nil || a.Value != tc.value || a.Unit != tc.unit {
				t.Errorf("ParseAmount(%q) = %v %v, %v; want %v %v", tc.in, a.Value, a.Unit, err, tc.value, tc.unit)
			}
		})
	}
}

func TestAmountInFieldUnit(t *testing.T) {
	cases := []struct {
		amount, field string
		want          float64
		wantErr       string
	}{
		{amount: "800ms", field: "lambda.latency_ms.p99", want: 800},
		{amount: "1.5s", field: "kubernetes.latency_ms.max", want: 1500},
		{amount: "2m", field: "duration_s", want: 120},
		{amount: "500ms", field: "kubernetes.node_seconds", want: 0.5},
		{amount: "10s", field: "lambda.functions.checkout.billed_duration_ms", want: 10000},
		{amount: "$0.01", field: "lambda.cost.total_usd", want: 0.01},
		{amount: "$0.5", field: "kubernetes.cost.breakdown.alb hours", want: 0.5},
		{amount: "7", field: "lambda.throttled", want: 7},
		{amount: "7", field: "lambda.latency_ms.p50", want: 7},
		{amount: "5ms", field: "lambda.throttled", wantErr: "lambda.throttled is a number without a unit; 5ms does not apply (write a plain number)"},
		{amount: "$1", field: "lambda.latency_ms.p99", wantErr: "lambda.latency_ms.p99 is in milliseconds; $1 does not apply"},
		{amount: "5ms", field: "lambda.cost.monthly_usd", wantErr: "is in US dollars"},
	}
	for _, tc := range cases {
		t.Run(tc.amount+" "+tc.field, func(t *testing.T) {
			a, err := ParseAmount(tc.amount)
			if err != nil {
				t.Fatal(err)
			}
			got, err := a.in(tc.field)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("%s in %s: error %v; want %q", tc.amount, tc.field, err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("%s in %s = %v, %v; want %v", tc.amount, tc.field, got, err, tc.want)
			}
		})
	}
}
