package cost

import (
	"errors"
	"strings"
	"testing"

	"github.com/execsim/execsim/internal/validation"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim/simtest"
	"github.com/google/go-cmp/cmp"
)

// fn is a function of n requests of ms each at mb, x86_64.
func fn(n, ms int64, mb int) LambdaUsage {
	return LambdaUsage{Name: "f", Requests: n, BilledDurationMs: n * ms, MemoryMB: mb}
}

func TestLambdaCost(t *testing.T) {
	arm := fn(3_000_000, 200, 128)
	arm.Arch = models.Arm64
	// 7 B GB-s in a month: 7e12 ms at 1,024 MB.
	big := LambdaUsage{Name: "big", BilledDurationMs: 7_000_000_000_000, MemoryMB: 1024}
	tenth := LambdaUsage{Name: "big", BilledDurationMs: 700_000_000_000, MemoryMB: 1024} // 700 M GB-s
	armBig := LambdaUsage{Name: "arm", BilledDurationMs: 20_000_000_000_000, MemoryMB: 1024, Arch: models.Arm64}
	cold := LambdaUsage{Name: "c", Requests: 1000, BilledDurationMs: 100_000, BilledInitMs: 500_000, MemoryMB: 1024}
	// AWS pricing example: 1,024 MB, provisioned concurrency 1,000 for 2 h,
	// 1.2 M invocations of 1 s on it.
	pc := LambdaUsage{Name: "pc", Requests: 1_200_000, BilledDurationMs: 1_200_000_000, MemoryMB: 1024,
		Provisioned: 1000, ProvisionedSeconds: 7200, ProvisionedDurationMs: 1_200_000_000}
	short := LambdaUsage{Name: "s", MemoryMB: 1024, Provisioned: 1, ProvisionedSeconds: 61}
	free := LambdaUsage{Name: "free", Requests: 1_000_000, BilledDurationMs: 100_000_000, MemoryMB: 1024} // 100,000 GB-s
	x86Free := LambdaUsage{Name: "x", BilledDurationMs: 300_000_000, MemoryMB: 1024}                      // 300,000 GB-s
	armFree := LambdaUsage{Name: "a", BilledDurationMs: 300_000_000, MemoryMB: 1024, Arch: models.Arm64}
	// Python/.NET SnapStart at 2,048 MB: its snapshot cached for an hour
	// (7,200 GB-s) and 100 restores (200 GB restored)
	snap := LambdaUsage{Name: "snap", Requests: 1000, BilledDurationMs: 100_000, MemoryMB: 2048, SnapStartCacheSeconds: 3600, SnapStartRestores: 100}

	tests := []struct {
		name   string
		p      Prices
		fns    []LambdaUsage
		o      Options
		total  int64            // micro-dollars
		cents  int64            // -1: not checked
		detail map[string]int64 // lines checked, micro-dollars
	}{
		{"3M x 200ms x 128MB x86 no free tier", prices(t), []LambdaUsage{fn(3_000_000, 200, 128)}, month,
			1_850_003, 185, map[string]int64{"lambda requests": 600_000, "lambda duration x86_64": 1_250_003}},
		{"3M x 200ms x 128MB x86 free tier", prices(t), []LambdaUsage{fn(3_000_000, 200, 128)}, Options{Run: Month, FreeTier: true},
			400_000, 40, map[string]int64{"lambda free tier requests": -200_000, "lambda free tier duration x86_64": -1_250_003}},
		{"AWS example 30M x 200ms x 128MB free tier", prices(t), []LambdaUsage{fn(30_000_000, 200, 128)}, Options{Run: Month, FreeTier: true},
			11_633_345, 1163, map[string]int64{"lambda requests": 6_000_000, "lambda free tier requests": -200_000,
				"lambda duration x86_64": 12_500_025, "lambda free tier duration x86_64": -6_666_680}},
		{"AWS example 30M without free tier", prices(t), []LambdaUsage{fn(30_000_000, 200, 128)}, month,
			18_500_025, 1850, nil},
		{"arm64 3M x 200ms x 128MB", prices(t), []LambdaUsage{arm}, month,
			1_600_005, 160, map[string]int64{"lambda duration arm64": 1_000_005}},
		{"x86 7 B GB-s in a month crosses into tier 2", prices(t), []LambdaUsage{big}, month,
			115_000_200_000, -1, map[string]int64{"lambda duration x86_64": 116_666_900_000, "lambda duration x86_64 tier 2 discount": -1_666_700_000}},
		{"same at scope run", prices(t), []LambdaUsage{big}, Options{Scope: RunVolume},
			115_000_200_000, -1, nil},
		{"700 M GB-s in 73 h: tier boundary at 600 M", prices(t), []LambdaUsage{tenth}, Options{Run: hours(73)},
			11_500_020_000, -1, map[string]int64{"lambda duration x86_64 tier 2 discount": -166_670_000}},
		{"700 M GB-s in 73 h at scope run: all tier 1", prices(t), []LambdaUsage{tenth}, Options{Run: hours(73), Scope: RunVolume},
			11_666_690_000, -1, nil},
		{"arm64 20 B GB-s: three tiers", prices(t), []LambdaUsage{armBig}, month,
			248_335_000_000, -1, nil},
		{"INIT billed", prices(t), []LambdaUsage{cold}, month,
			10_200, -1, map[string]int64{"lambda requests": 200, "lambda duration x86_64": 1_667, "lambda init x86_64": 8_333}},
		{"INIT not billed (before 2025-08-01)", prices(t, "lambda.initBilled", false), []LambdaUsage{cold}, month,
			1_867, -1, map[string]int64{"lambda init x86_64": 0}},
		{"INIT within the free tier", prices(t), []LambdaUsage{cold}, Options{Run: Month, FreeTier: true},
			0, 0, map[string]int64{"lambda free tier duration x86_64": -10_000}},
		{"provisioned concurrency: AWS example $41.91", prices(t), []LambdaUsage{pc}, month,
			41_906_880, 4191, map[string]int64{"lambda requests": 240_000, "lambda provisioned concurrency x86_64": 30_000_240,
				"lambda provisioned duration x86_64": 11_666_640, "lambda duration x86_64": 0}},
		{"no free tier for a function with provisioned concurrency", prices(t), []LambdaUsage{pc}, Options{Run: Month, FreeTier: true},
			41_906_880, 4191, nil},
		{"provisioned concurrency arm64", prices(t), []LambdaUsage{{Name: "pc", MemoryMB: 1024, Arch: models.Arm64, Provisioned: 1000, ProvisionedSeconds: 7200,
			Requests: 1_200_000, BilledDurationMs: 1_200_000_000, ProvisionedDurationMs: 1_200_000_000}}, month,
			// 7.2 M × 0.0000033334 = 24.00048; 1.2 M × 0.0000077778 = 9.33336
			240_000 + 24_000_480 + 9_333_360, -1, nil},
		{"provisioned time rounded up to 5 minutes", prices(t), []LambdaUsage{short}, month,
			1_250 + 0, -1, map[string]int64{"lambda provisioned concurrency x86_64": 1_250}},
		{"provisioned time exact", prices(t, "lambda.provisionedIncrementSeconds", 0), []LambdaUsage{short}, month,
			254, -1, nil},
		{"free tier prorated for 73 h", prices(t), []LambdaUsage{free}, Options{Run: hours(73), FreeTier: true},
			1_180_002, -1, map[string]int64{"lambda requests": 200_000, "lambda free tier requests": -20_000,
				"lambda duration x86_64": 1_666_670, "lambda free tier duration x86_64": -666_668}},
		{"free tier at scope run: the whole allowance", prices(t), []LambdaUsage{free}, Options{Scope: RunVolume, FreeTier: true},
			0, 0, nil},
		{"free GB-s go to x86_64 first", prices(t), []LambdaUsage{x86Free, armFree}, Options{Run: Month, FreeTier: true},
			2_666_680, -1, map[string]int64{"lambda free tier duration x86_64": -5_000_010, "lambda free tier duration arm64": -1_333_340}},
		// 7,200 × $0.0000015046 = $0.01083312; 200 × $0.0001397998 = $0.02795996
		{"SnapStart cache and restores (Python, .NET)", prices(t), []LambdaUsage{snap}, month,
			200 + 3_333 + 10_833 + 27_960, -1, map[string]int64{"lambda snapstart cache": 10_833, "lambda snapstart restore": 27_960}},
		{"the free tier covers no SnapStart charge", prices(t), []LambdaUsage{snap}, Options{Run: Month, FreeTier: true},
			10_833 + 27_960, -1, map[string]int64{"lambda free tier duration x86_64": -3_333}},
		{"price override", prices(t, "lambda.gbSecondX86USD", 0.00002, "lambda.requestsPerMillionUSD", 0.25), []LambdaUsage{fn(3_000_000, 200, 128)}, month,
			750_000 + 1_500_000, -1, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := tc.p.LambdaCost(LambdaInput{Functions: tc.fns}, tc.o)
			checkBill(t, "LambdaCost", b, err, tc.total, tc.detail)
			if strings.HasPrefix(tc.name, "AWS example") {
				validation.Record(t, validation.Check{ID: "pricing/" + tc.name, Case: tc.name,
					Source: "AWS Lambda pricing page, worked example", Expected: Money(tc.total).String(),
					Measured: b.Total().String(), Tolerance: "exact (micro-dollars)", Pass: err == nil && b.Total() == Money(tc.total)})
			}
			if tc.cents >= 0 && b.Total().Cents() != tc.cents {
				t.Errorf("LambdaCost total = %d ¢; want %d", b.Total().Cents(), tc.cents)
			}
		})
	}
}

func TestLambdaLineOrder(t *testing.T) {
	p := prices(t)
	x := LambdaUsage{Name: "x", Requests: 2_000_000, BilledDurationMs: 7_000_000_000_000, BilledInitMs: 1000, MemoryMB: 1024}
	a := LambdaUsage{Name: "a", Requests: 10, BilledDurationMs: 20, MemoryMB: 128, Arch: models.Arm64, Provisioned: 1, ProvisionedSeconds: 60, ProvisionedDurationMs: 10}
	b, err := p.LambdaCost(LambdaInput{Functions: []LambdaUsage{a, x}, FrontDoor: FrontDoorUsage{Kind: FrontDoorHTTPAPI, Requests: 2_000_010}},
		Options{Run: Month, FreeTier: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"lambda requests", "lambda free tier requests",
		"lambda duration x86_64", "lambda init x86_64", "lambda free tier duration x86_64", "lambda duration x86_64 tier 2 discount",
		"lambda duration arm64",
		"lambda provisioned concurrency arm64", "lambda provisioned duration arm64",
		"api gateway http requests",
	}
	if diff := cmp.Diff(want, items(b)); diff != "" {
		t.Errorf("LambdaCost lines (-want +got):\n%s", diff)
	}
	for _, l := range b.Lines {
		if got, want := l.Amount, micros(mul(dec(l.Quantity), dec(l.UnitPriceUSD))); got != want && l.Quantity < 1e6 {
			t.Errorf("line %q: %v × %v = %v; amount %v", l.Item, l.Quantity, l.UnitPriceUSD, want, got)
		}
	}
}

func TestLambdaCostMergesRecordsByName(t *testing.T) {
	p := prices(t)
	one := LambdaUsage{Name: "f", Requests: 30, BilledDurationMs: 3000, MemoryMB: 512, Provisioned: 2, ProvisionedSeconds: 30, ProvisionedDurationMs: 300}
	whole := one
	whole.Requests, whole.BilledDurationMs, whole.ProvisionedSeconds, whole.ProvisionedDurationMs = 300, 30000, 300, 3000
	var tenths []LambdaUsage
	for range 10 {
		tenths = append(tenths, one)
	}
	a, err := p.LambdaCost(LambdaInput{Functions: tenths}, month)
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.LambdaCost(LambdaInput{Functions: []LambdaUsage{whole}}, month)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(b, a, sameLines); diff != "" {
		t.Errorf("ten records of one function billed unlike their sum (-sum +records):\n%s", diff)
	}
}

func TestLambdaCostValidation(t *testing.T) {
	p := prices(t)
	in := LambdaInput{
		Functions: []LambdaUsage{
			{Name: "a", MemoryMB: 64, Requests: -1},
			{Name: "b", MemoryMB: 128},
			{Name: "b", MemoryMB: 256},
			{Name: "c", MemoryMB: 128, BilledDurationMs: 5, ProvisionedDurationMs: 10, Provisioned: 1},
		},
		FrontDoor: FrontDoorUsage{Kind: FrontDoorREST, ALB: ALBUsage{Hours: 1}},
	}
	_, err := p.LambdaCost(in, Options{})
	simtest.CheckProblems(t, err,
		"run: must be > 0",
		"functions[0].requests: must be ≥ 0 (got -1)",
		"functions[0].memoryMB: must be between 128 and 10240 (got 64)",
		"functions[3].provisionedDurationMs: must be at most billedDurationMs (5) (got 10)",
		"functions[2].name: function seen before with memoryMB 128",
		"frontDoor.alb: ALB usage given for front door api-gateway-rest")
	if !errors.Is(err, models.ErrRange) || !errors.Is(err, models.ErrInvalid) {
		t.Errorf("LambdaCost error does not wrap ErrRange and ErrInvalid: %v", err)
	}
}

// Under the rule before 2025-08-01, INIT was free only for on-demand zip
// functions on managed runtimes; custom runtimes and images paid for it.
func TestInitAlwaysBilledUnderOldRule(t *testing.T) {
	p := Default()
	if err := p.Override("lambda.initBilled", false); err != nil {
		t.Fatal(err)
	}
	in := func(always bool) LambdaInput {
		return LambdaInput{Functions: []LambdaUsage{{Name: "f", Requests: 1, BilledDurationMs: 1000, BilledInitMs: 1000, MemoryMB: 1024, InitAlwaysBilled: always}}}
	}
	managed, err := p.LambdaCost(in(false), Options{Scope: RunVolume})
	if err != nil {
		t.Fatal(err)
	}
	custom, err := p.LambdaCost(in(true), Options{Scope: RunVolume})
	if err != nil {
		t.Fatal(err)
	}
	// one extra GB-s at $0.0000166667 → 16.6667 µ$, rounded per line
	if d := custom.Total().Micros() - managed.Total().Micros(); d < 16 || d > 17 {
		t.Errorf("custom runtime pays %d µ$ more; want the 1 GB-s of INIT (≈ 16.7 µ$)", d)
	}
}
