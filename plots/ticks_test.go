package plots

import (
	"os"
	"slices"
	"testing"

	"github.com/execsim/execsim/internal/format"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

func labels(ts []plot.Tick) []string {
	var out []string
	for _, t := range ts {
		if !t.IsMinor() {
			out = append(out, t.Label)
		}
	}
	return out
}

func TestLogTicks(t *testing.T) {
	cases := []struct {
		lo, hi float64
		length float64
		unit   format.Unit
		want   []string
	}{
		{1, 1000, 800, format.Plain, []string{"1", "2", "5", "10", "20", "50", "100", "200", "500", "1,000"}},
		{0.1, 1e6, 800, format.Plain, []string{"0.1", "1", "10", "100", "1,000", "10,000", "100,000", "1M"}},
		{1e-3, 1e9, 400, format.Plain, []string{"0.01", "1", "100", "10,000", "1M", "100M"}},
		{40, 90, 800, format.Plain, []string{"40", "45", "50", "55", "60", "65", "70", "75", "80", "85", "90"}},
		{40, 90, 300, format.Plain, []string{"40", "50", "60", "70", "80", "90"}},
		{0.05, 50, 600, format.Money, []string{"$0.05", "$0.10", "$0.20", "$0.50", "$1", "$2", "$5", "$10", "$20", "$50"}},
		{1, 1e5, 300, format.Money, []string{"$1", "$10", "$100", "$1,000", "$10k", "$100k"}},
	}
	for _, tc := range cases {
		tk := &logTicks{unit: tc.unit}
		tk.fit(vg.Length(tc.length), true)
		if got := labels(tk.Ticks(tc.lo, tc.hi)); !slices.Equal(got, tc.want) {
			t.Errorf("logTicks(%v, %v, %vpt) = %q; want %q", tc.lo, tc.hi, tc.length, got, tc.want)
		}
	}
}

func TestLinTicks(t *testing.T) {
	cases := []struct {
		lo, hi     float64
		length     float64
		horizontal bool
		unit       format.Unit
		want       []string
	}{
		{0, 1.07, 450, false, format.Fraction, []string{"0%", "20%", "40%", "60%", "80%", "100%"}},
		{0, 0.339, 450, false, format.Money, []string{"$0.00", "$0.05", "$0.10", "$0.15", "$0.20", "$0.25", "$0.30"}},
		{0, 44, 70, false, format.Plain, []string{"0", "20", "40"}},
		{0, 25000, 300, false, format.Money, []string{"$0", "$5k", "$10k", "$15k", "$20k", "$25k"}},
		{0, 25000, 150, false, format.Money, []string{"$0", "$10k", "$20k"}},
		{-5, 5, 800, true, format.Plain, []string{"−5", "−4", "−3", "−2", "−1", "0", "1", "2", "3", "4", "5"}},
	}
	for _, tc := range cases {
		tk := &linTicks{unit: tc.unit}
		tk.fit(vg.Length(tc.length), tc.horizontal)
		if got := labels(tk.Ticks(tc.lo, tc.hi)); !slices.Equal(got, tc.want) {
			t.Errorf("linTicks(%v, %v, %vpt) = %q; want %q", tc.lo, tc.hi, tc.length, got, tc.want)
		}
	}
}

func TestTimeTicks(t *testing.T) {
	cases := []struct {
		spanS float64
		unit  string
		want  []string
	}{
		{60, "s", []string{"0", "5", "10", "15", "20", "25", "30", "35", "40", "45", "50", "55", "60"}},
		{1800, "min", []string{"0", "5", "10", "15", "20", "25", "30"}},
		{4 * 3600, "min", []string{"0", "20", "40", "60", "80", "100", "120", "140", "160", "180", "200", "220", "240"}},
		{48 * 3600, "h", []string{"0", "4", "8", "12", "16", "20", "24", "28", "32", "36", "40", "44", "48"}},
	}
	for _, tc := range cases {
		u := timeUnitFor(tc.spanS)
		tk := &timeTicks{unit: u}
		tk.fit(800, true)
		got := labels(tk.Ticks(0, tc.spanS))
		if u.name != tc.unit || !slices.Equal(got, tc.want) {
			t.Errorf("span %vs: unit %s, ticks %q; want %s, %q", tc.spanS, u.name, got, tc.unit, tc.want)
		}
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
