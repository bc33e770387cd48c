package dist

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestParseNumberRoundTrip(t *testing.T) {
	tests := []struct {
		name, in, want string
		mean           float64
		p50            float64
	}{
		{"const", " 0.25 ", "0.25", 0.25, 0.25},
		{"const zero", "-0", "0", 0, 0},
		{"const exponent", "1e-3", "0.001", 0.001, 0.001},
		{"uniform", "uniform(0.5, 1.5)", "uniform(0.5,1.5)", 1, 1},
		{"uniform named", "uniform(max=3,min=1)", "uniform(1,3)", 2, 2},
		{"exp", "exp(mean=2)", "exp(mean=2)", 2, 2 * math.Ln2},
		{"lognormal median", "lognormal(sigma=2, median=0.01)", "lognormal(median=0.01,sigma=2)", 0.01 * math.Exp(2), 0.01},
		{"lognormal quantiles", "lognormal(p50=1,p99=10)", "lognormal(p50=1,p99=10)", math.Exp(0.5 * math.Pow(math.Log(10)/z99, 2)), 1},
		{"lognormal moments", "lognormal(mean=3,sd=4)", "lognormal(mean=3,sd=4)", 3, 3 / math.Sqrt(1+16.0/9)},
		{"gamma", "gamma(mean=5,cv=1)", "gamma(mean=5,cv=1)", 5, 5 * math.Ln2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ParseNumber(tc.in)
			if err != nil {
				t.Fatalf("ParseNumber(%q) error: %v", tc.in, err)
			}
			if got := d.String(); got != tc.want {
				t.Fatalf("ParseNumber(%q).String() = %q; want %q", tc.in, got, tc.want)
			}
			again, err := ParseNumber(tc.want)
			if err != nil || again.String() != tc.want {
				t.Fatalf("ParseNumber(%q) = %v, %v; not a fixed point", tc.want, again, err)
			}
			if m := d.Mean(); math.Abs(m-tc.mean) > 1e-12*math.Max(1, tc.mean) {
				t.Errorf("Mean() = %v; want %v", m, tc.mean)
			}
			if q := d.Quantile(0.5); math.Abs(q-tc.p50) > 1e-9*math.Max(1, tc.p50) {
				t.Errorf("Quantile(0.5) = %v; want %v", q, tc.p50)
			}
		})
	}
}

// TestNumberSamples checks each kind's samples against its Mean and
// Quantile: the sample mean within 5 standard errors (from the sample's own
// spread), and the fraction below the median within 5 standard errors of 0.5.
func TestNumberSamples(t *testing.T) {
	for _, spec := range []string{"0.5", "uniform(1,3)", "exp(mean=2)", "lognormal(median=0.01,sigma=1)",
		"lognormal(p50=1,p99=4)", "lognormal(mean=3,sd=2)", "gamma(mean=5,cv=0.5)"} {
		d, err := ParseNumber(spec)
		if err != nil {
			t.Fatal(err)
		}
		r := rand.New(rand.NewPCG(7, 11))
		const n = 200_000
		var sum, sum2 float64
		below := 0
		med := d.Quantile(0.5)
		for range n {
			x := d.Sample(r)
			if x < 0 || math.IsNaN(x) {
				t.Fatalf("%s: sample %v", spec, x)
			}
			sum += x
			sum2 += x * x
			if x < med {
				below++
			}
		}
		mean := sum / n
		se := math.Sqrt((sum2/n - mean*mean) / n)
		if math.Abs(mean-d.Mean()) > 5*se+1e-12 {
			t.Errorf("%s: sample mean %.6g; Mean() %.6g (standard error %.3g)", spec, mean, d.Mean(), se)
		}
		if frac := float64(below) / n; spec != "0.5" && math.Abs(frac-0.5) > 5*math.Sqrt(0.25/n) {
			t.Errorf("%s: %.4f of samples below Quantile(0.5) = %.6g; want 0.5", spec, frac, med)
		}
	}
}

func TestParseNumberErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "empty distribution spec"},
		{"fast", `unknown distribution "fast" (allowed: a number like 0.5, uniform, exp, lognormal, gamma)`},
		{"1.2.3", `bad number "1.2.3"`},
		{"-1", "number must not be negative (got -1)"},
		{"250ms", `bad number "250ms"`},
		{"empirical(p0=1,p100=2)", `unknown distribution "empirical"`},
		{"exp(mean=0)", "exp: mean must be positive (got 0)"},
		{"exp(mean=1s)", `exp: bad number "1s" for mean`},
		{"uniform(2,1)", "uniform: min must not exceed max (got 2, 1)"},
		{"uniform(-1,1)", "uniform: min must not be negative (got -1)"},
		{"lognormal(median=1)", "lognormal: give either median and sigma, or p50 and p99, or mean and sd"},
		{"lognormal(median=1,sd=2)", "lognormal: give either median and sigma"},
		{"lognormal(median=0,sigma=1)", "lognormal: median must be positive (got 0)"},
		{"lognormal(median=1,sigma=11)", "lognormal: sigma must be positive and at most 10 (got 11)"},
		{"lognormal(p50=2,p99=1)", "lognormal: p99 must be greater than p50 (got p50=2, p99=1)"},
		{"gamma(mean=1,cv=1000)", "gamma: cv must be between 1e-06 and 100 (got 1000)"},
		{"lognormal(median=1,rate=2)", `lognormal: unknown parameter "rate"`},
	}
	for _, tc := range tests {
		_, err := ParseNumber(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseNumber(%q) error = %v; want it to contain %q", tc.in, err, tc.want)
		}
	}
}

// FuzzParseNumber: no spec makes ParseNumber panic; a spec it accepts gives
// a canonical String that parses to itself, and finite, non-negative means,
// quantiles below 1 and samples.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"0.5", "-0", "uniform(0,1e308)", "exp(mean=1e-300)", "lognormal(median=1e300,sigma=10)",
		"lognormal(p50=1e-300,p99=1e300)", "lognormal(mean=1e308,sd=1e308)", "gamma(mean=1e308,cv=1e-6)", "exp((("} {
		f.Add(s)
	}
	r := rand.New(rand.NewPCG(1, 2))
	f.Fuzz(func(t *testing.T, spec string) {
		d, err := ParseNumber(spec)
		if err != nil {
			return
		}
		s := d.String()
		d2, err := ParseNumber(s)
		if err != nil || d2.String() != s {
			t.Fatalf("ParseNumber(%q) gives %s, which gives %v, %v", spec, s, d2, err)
		}
		if m := d.Mean(); !(m >= 0) {
			t.Fatalf("%s: mean %v", s, m)
		}
		for _, p := range []float64{0, 1e-9, 0.5, 0.99} {
			if q := d.Quantile(p); !(q >= 0) {
				t.Fatalf("%s: quantile(%g) = %v", s, p, q)
			}
		}
		for range 3 {
			if x := d.Sample(r); !(x >= 0) {
				t.Fatalf("%s: sample %v", s, x)
			}
		}
	})
}
