package cost

import (
	"testing"
)

func TestFrontDoorCost(t *testing.T) {
	tests := []struct {
		name   string
		u      FrontDoorUsage
		o      Options
		total  int64 // micro-dollars
		detail map[string]int64
	}{
		{"none", FrontDoorUsage{Requests: 1_000_000}, month, 0, nil},
		{"API Gateway REST per million", FrontDoorUsage{Kind: FrontDoorREST, Requests: 1_000_000}, month,
			3_500_000, map[string]int64{"api gateway rest requests": 3_500_000}},
		{"HTTP API per million", FrontDoorUsage{Kind: FrontDoorHTTPAPI, Requests: 1_000_000}, month,
			1_000_000, map[string]int64{"api gateway http requests": 1_000_000}},
		{"HTTP API 400 M a month: 300 M at $1.00, 100 M at $0.90", FrontDoorUsage{Kind: FrontDoorHTTPAPI, Requests: 400_000_000}, month,
			390_000_000, map[string]int64{"api gateway http requests tier 2 discount": -10_000_000}},
		{"REST 1 B a month: 333 M at $3.50, 667 M at $2.80", FrontDoorUsage{Kind: FrontDoorREST, Requests: 1_000_000_000}, month,
			3_033_100_000, map[string]int64{"api gateway rest requests tier 2 discount": -466_900_000}},
		{"REST 25 B a month: all four tiers", FrontDoorUsage{Kind: FrontDoorREST, Requests: 25_000_000_000}, month,
			// 333×3.5 + 667×2.8 + 19000×2.38 + 5000×1.51
			(1_165_500_000 + 1_867_600_000 + 45_220_000_000 + 7_550_000_000), nil},
		{"REST 100 M in 73 h: tier boundary at 33.3 M", FrontDoorUsage{Kind: FrontDoorREST, Requests: 100_000_000}, Options{Run: hours(73)},
			303_310_000, nil},
		{"REST 100 M in 73 h at scope run", FrontDoorUsage{Kind: FrontDoorREST, Requests: 100_000_000}, Options{Run: hours(73), Scope: RunVolume},
			350_000_000, nil},
		{"function URL is free", FrontDoorUsage{Kind: FrontDoorFunctionURL, Requests: 1_000_000}, month,
			0, map[string]int64{"function url requests": 0}},
		{"ALB: 25 new connections/s for an hour is 1 LCU", FrontDoorUsage{Kind: FrontDoorALB, ALB: ALBUsage{Hours: 1, NewConnections: 90_000}}, month,
			30_500, map[string]int64{"alb hours": 22_500, "alb lcu-hours": 8_000}},
		{"ALB: 0.8 GB to Lambda targets in an hour is 2 LCU", FrontDoorUsage{Kind: FrontDoorALB, ALB: ALBUsage{Hours: 1, NewConnections: 90_000, ProcessedGB: 0.8}}, month,
			38_500, nil},
		{"ALB: 6,000 open connections is 2 LCU", FrontDoorUsage{Kind: FrontDoorALB, ALB: ALBUsage{Hours: 2, ActiveConnectionHours: 12_000}}, month,
			45_000 + 32_000, nil},
		{"ALB: 3.6 M rule evaluations in an hour is 1 LCU", FrontDoorUsage{Kind: FrontDoorALB, ALB: ALBUsage{Hours: 1, RuleEvaluations: 3_600_000}}, month,
			30_500, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := prices(t)
			b, err := p.FrontDoorCost(tc.u, tc.o)
			checkBill(t, "FrontDoorCost", b, err, tc.total, tc.detail)
		})
	}
}

func TestHTTPAPIRequests(t *testing.T) {
	p := prices(t)
	for _, tc := range []struct {
		kb   float64
		want int64
	}{{0, 1}, {10, 1}, {512, 1}, {513, 2}, {1200, 3}} {
		if got := p.HTTPAPIRequests(tc.kb); got != tc.want {
			t.Errorf("HTTPAPIRequests(%v KB) = %d; want %d", tc.kb, got, tc.want)
		}
	}
}

func TestGB(t *testing.T) {
	if got := GB(3 << 30); got != 3 {
		t.Errorf("GB(3 GiB) = %v; want 3", got)
	}
}
