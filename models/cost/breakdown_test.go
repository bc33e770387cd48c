package cost

import (
	"strings"
	"testing"
	"time"
)

func TestMoney(t *testing.T) {
	for _, tc := range []struct {
		m     Money
		s     string
		cents int64
	}{
		{1_850_003, "$1.850003", 185},
		{11_633_345, "$11.633345", 1163},
		{5_000, "$0.005000", 1},
		{4_999, "$0.004999", 0},
		{-1_250_003, "-$1.250003", -125},
		{0, "$0.000000", 0},
	} {
		if got := tc.m.String(); got != tc.s {
			t.Errorf("Money(%d).String() = %q; want %q", int64(tc.m), got, tc.s)
		}
		if got := tc.m.Cents(); got != tc.cents {
			t.Errorf("Money(%d).Cents() = %d; want %d", int64(tc.m), got, tc.cents)
		}
	}
	if got := Money(1_850_003).USD(); got != 1.850003 {
		t.Errorf("USD() = %v", got)
	}
}

func TestMonthlyAndPerMillion(t *testing.T) {
	for _, tc := range []struct {
		name  string
		total Money
		run   time.Duration
		want  Money
	}{
		{"an hour at $1", 1_000_000, time.Hour, 730_000_000},
		{"a month is itself", 11_633_345, Month, 11_633_345},
		{"15 minutes", 1_000, 15 * time.Minute, 2_920_000},
		{"7 minutes rounds", 1, 7 * time.Minute, 6_257}, // 43800/7 = 6257.14
		{"no run", 5, 0, 0},
	} {
		if got := Monthly(tc.total, tc.run); got != tc.want {
			t.Errorf("%s: Monthly(%d, %v) = %d; want %d", tc.name, int64(tc.total), tc.run, int64(got), int64(tc.want))
		}
	}
	if got := PerMillion(1_850_003, 3_000_000); got != 616_668 {
		t.Errorf("PerMillion($1.850003, 3 M) = %d; want 616668", int64(got))
	}
	if got := PerMillion(5, 0); got != 0 {
		t.Errorf("PerMillion(no requests) = %d; want 0", int64(got))
	}
}

func TestBreakdownString(t *testing.T) {
	p := prices(t)
	b, err := p.LambdaCost(LambdaInput{Functions: []LambdaUsage{fn(3_000_000, 200, 128)}}, month)
	if err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{"lambda requests", "3 1M requests", "× 0.2", "= 600000 µ$", "75000 GB-s", "total", "= 1850003 µ$"} {
		if !strings.Contains(got, want) {
			t.Errorf("Breakdown.String() lacks %q:\n%s", want, got)
		}
	}
	if l, ok := b.Line("lambda duration x86_64"); !ok || l.Quantity != 75_000 || l.UnitPriceUSD != 0.0000166667 || l.USD() != 1.250003 {
		t.Errorf("Line(duration) = %+v, %v", l, ok)
	}
}

func TestRoundHalfAway(t *testing.T) {
	for _, tc := range []struct {
		a, b int64
		want int64
	}{{5, 2, 3}, {-5, 2, -3}, {7, 3, 2}, {-7, 3, -2}, {1, 2, 1}, {-1, 2, -1}, {1, 3, 0}, {0, 1, 0}} {
		if got := roundHalfAway(ratFrac(tc.a, tc.b)); got != tc.want {
			t.Errorf("roundHalfAway(%d/%d) = %d; want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestMonthlyOverProjectsTheExactAmount: a month projected from a short
// run starts from the line's unrounded amount, not the micro-dollar it was
// rounded to, whose error the projection multiplies (a walk-through found
// a $0.10-an-hour control plane shown as $72.99708 a month after 5
// minutes).
func TestMonthlyOverProjectsTheExactAmount(t *testing.T) {
	var b Breakdown
	b.add("eks control plane", dec(5.0/60), "cluster-h", dec(0.10))
	b.add("lambda init", ratFrac(1, 3), "GB-s", dec(0.0000166667))
	run := 5 * time.Minute
	if got, want := b.Lines[0].Amount, Money(8333); got != want {
		t.Fatalf("amount %d µ$, want %d", got, want)
	}
	if got, old := b.Lines[0].MonthlyOver(run), Monthly(b.Lines[0].Amount, run); got != 73_000_000 || old == got {
		t.Errorf("control plane month %v (rounded first: %v), want $73.000000", got, old)
	}
	// 1/3 GB-s × $0.0000166667 = $0.0000055556; × 8,760 = $0.048667
	if got := b.Lines[1].MonthlyOver(run); got != 48_667 {
		t.Errorf("init month %v, want $0.048667", got)
	}
	if got, want := b.MonthlyOver(run), Money(73_048_667); got != want {
		t.Errorf("bill month %v, want %v", got, want)
	}
	// A line built elsewhere (no exact amount) projects its Amount.
	other := Line{Item: "x", Amount: 8333}
	if got, want := other.MonthlyOver(run), Monthly(8333, run); got != want {
		t.Errorf("line without an exact amount: %v, want %v", got, want)
	}
	if got := b.MonthlyOver(0); got != 0 {
		t.Errorf("a run of no length projects %v, want 0", got)
	}
}
