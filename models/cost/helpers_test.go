package cost

import (
	"testing"
	"time"
)

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
