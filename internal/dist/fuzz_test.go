package dist

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// FuzzParse: no spec makes Parse panic; a spec it accepts gives a
// distribution whose canonical String parses to the same String, and whose
// Mean, Quantile and Sample do not panic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"250ms", "0", "  1.5s ", "exp(mean=250ms)", "uniform(100ms,250ms)", "uniform(min=1s,max=1s)",
		"lognormal(p50=120ms,p99=900ms)", "lognormal(mean=300ms,sd=200ms)", "lognormal(median=1ns,sigma=10)", "gamma(mean=250ms,cv=0.5)",
		"empirical(p0=0s,p25=50ms,p50=100ms,p99.9=9s,p100=2562047h)", "scale(2.5,exp(mean=250ms))",
		"scale(1e300,scale(1e300,1s))", "gamma(mean=1ns,cv=1e-300)", "lognormal(p50=1ns,p99=2562047h)",
		"exp(mean=-1s)", "uniform(2s,1s)", "empirical(p0=1s,p100=0s)", "scale(,)", "exp((((", "-0",
		"9223372036854775807ns", "lognormal(mean=2562047h,sd=2562047h)", "empirical(p0=0s,p1e-320=1s,p100=2s)",
	} {
		f.Add(s)
	}
	r := rand.New(rand.NewPCG(1, 2))
	f.Fuzz(func(t *testing.T, spec string) {
		d, err := Parse(spec)
		if err != nil {
			return
		}
		s := d.String()
		d2, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q) gives %s, which does not parse: %v", spec, s, err)
		}
		if s2 := d2.String(); s2 != s {
			t.Fatalf("Parse(%q) gives %s, which parses to %s", spec, s, s2)
		}
		if m := d.Mean(); m < 0 {
			t.Fatalf("%s: mean %v < 0", s, m)
		}
		for _, p := range []float64{0, 1e-9, 0.5, 0.99, 1} {
			if q := d.Quantile(p); q < 0 {
				t.Fatalf("%s: quantile(%g) = %v < 0", s, p, q)
			}
		}
		for range 3 {
			if x := d.Sample(r); x < 0 {
				t.Fatalf("%s: sample %v < 0", s, x)
			}
		}
	})
}

// TestGammaCVOutOfRange: a cv whose square overflows or vanishes is refused
// (found by FuzzParse: gamma(mean=1s,cv=1e200) panicked in Quantile).
func TestGammaCVOutOfRange(t *testing.T) {
	for _, spec := range []string{"gamma(mean=1s,cv=1e200)", "gamma(mean=1s,cv=101)", "gamma(mean=1s,cv=1e-170)"} {
		if _, err := Parse(spec); err == nil || !strings.Contains(err.Error(), "gamma: cv must be between 1e-06 and 100") {
			t.Errorf("Parse(%q): error %v; want the cv's range", spec, err)
		}
	}
	for _, spec := range []string{"gamma(mean=1s,cv=100)", "gamma(mean=2562047h,cv=1e-6)"} {
		d, err := Parse(spec)
		if err != nil {
			t.Fatalf("Parse(%q): %v", spec, err)
		}
		_ = d.Quantile(0.5)
	}
}
