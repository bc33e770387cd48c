package cost

import (
	"math/big"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// sameLines lets cmp compare Lines, their exact amounts included.
var sameLines = cmp.Options{
	cmp.AllowUnexported(Line{}),
	cmp.Comparer(func(a, b *big.Rat) bool {
		if a == nil || b == nil {
			return a == b
		}
		return a.Cmp(b) == 0
	}),
}

func prices(t *testing.T, overrides ...any) Prices {
	t.Helper()
	p := Default()
	for i := 0; i+1 < len(overrides); i += 2 {
		if err := p.Override(overrides[i].(string), overrides[i+1]); err != nil {
			t.Fatalf("Override(%v, %v): %v", overrides[i], overrides[i+1], err)
		}
	}
	return p
}

// month is a run of one 730-h month, tiers and free tier unscaled.
var month = Options{Run: Month, Scope: MonthlyVolume}

func hours(h float64) time.Duration { return time.Duration(h * float64(time.Hour)) }

// amounts maps item → micro-dollars, for compact expectations.
func amounts(b Breakdown) map[string]int64 {
	m := make(map[string]int64, len(b.Lines))
	for _, l := range b.Lines {
		m[l.Item] = int64(l.Amount)
	}
	return m
}

func items(b Breakdown) []string {
	out := make([]string, len(b.Lines))
	for i, l := range b.Lines {
		out[i] = l.Item
	}
	return out
}

// checkBill fails t unless what returned the bill b without error, totalling
// total micro-dollars, with each line of detail at its amount.
func checkBill(t *testing.T, what string, b Breakdown, err error, total int64, detail map[string]int64) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if got := int64(b.Total()); got != total {
		t.Errorf("%s total = %d µ$; want %d\n%s", what, got, total, b)
	}
	got := amounts(b)
	for item, want := range detail {
		if a, ok := got[item]; !ok || a != want {
			t.Errorf("line %q = %d µ$ (present %v); want %d\n%s", item, a, ok, want, b)
		}
	}
}
