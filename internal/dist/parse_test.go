package dist

import (
	"strings"
	"testing"
	"time"
)

func TestParseRoundTrip(t *testing.T) {
	tests := []struct {
		name, in, want string // want is the canonical String()
	}{
		{"const", "250ms", "250ms"},
		{"const spaces", "  1.5s ", "1.5s"},
		{"const zero", "0", "0s"},
		{"const minutes", "2m", "2m0s"},
		{"exp", "exp(mean=250ms)", "exp(mean=250ms)"},
		{"exp spaces", " exp ( mean = 250ms ) ", "exp(mean=250ms)"},
		{"uniform", "uniform(100ms,250ms)", "uniform(100ms,250ms)"},
		{"uniform named", "uniform(min=100ms, max=250ms)", "uniform(100ms,250ms)"},
		{"uniform named reversed", "uniform(max=0.25s,min=100ms)", "uniform(100ms,250ms)"},
		{"uniform degenerate", "uniform(1s,1s)", "uniform(1s,1s)"},
		{"lognormal quantiles", "lognormal(p50=120ms,p99=900ms)", "lognormal(p50=120ms,p99=900ms)"},
		{"lognormal quantiles reversed", "lognormal( p99=900ms , p50=120ms )", "lognormal(p50=120ms,p99=900ms)"},
		{"lognormal moments", "lognormal(mean=300ms,sd=200ms)", "lognormal(mean=300ms,sd=200ms)"},
		{"lognormal median", "lognormal(sigma=0.80, median=0.12s)", "lognormal(median=120ms,sigma=0.8)"},
		{"gamma", "gamma(mean=250ms,cv=0.5)", "gamma(mean=250ms,cv=0.5)"},
		{"gamma reversed", "gamma(cv=2, mean=1s)", "gamma(mean=1s,cv=2)"},
		{"gamma tiny cv", "gamma(mean=1s,cv=1e-3)", "gamma(mean=1s,cv=0.001)"},
		{"empirical", "empirical(p0=0s,p25=50ms,p50=100ms,p75=150ms,p99=900ms,p100=2s)",
			"empirical(p0=0s,p25=50ms,p50=100ms,p75=150ms,p99=900ms,p100=2s)"},
		{"empirical unordered fractional", "empirical(p100=5m, p99.90=1m, p0=1ms, p50=150ms, p0.5=1ms)",
			"empirical(p0=1ms,p0.5=1ms,p50=150ms,p99.9=1m0s,p100=5m0s)"},
		{"scale", "scale(2.5,exp(mean=250ms))", "scale(2.5,exp(mean=250ms))"},
		{"scale nested", "scale( 0.5 , scale(2, uniform(min=1s,max=2s)) )", "scale(0.5,scale(2,uniform(1s,2s)))"},
		{"scale const", "scale(3,1s)", "scale(3,1s)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Parse(tc.in)
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tc.in, err)
			}
			if got := d.String(); got != tc.want {
				t.Fatalf("Parse(%q).String() = %q; want %q", tc.in, got, tc.want)
			}
			again, err := Parse(tc.want)
			if err != nil {
				t.Fatalf("Parse(%q) (canonical) error: %v", tc.want, err)
			}
			if got := again.String(); got != tc.want {
				t.Errorf("Parse(%q).String() = %q; not a fixed point", tc.want, got)
			}
			// The canonical spec denotes the same distribution.
			if d.Mean() != again.Mean() {
				t.Errorf("Mean: %v from %q, %v from %q", d.Mean(), tc.in, again.Mean(), tc.want)
			}
			for _, p := range []float64{0, 0.1, 0.5, 0.9, 0.999} {
				if a, b := d.Quantile(p), again.Quantile(p); a != b {
					t.Errorf("Quantile(%v): %v from %q, %v from %q", p, a, tc.in, b, tc.want)
				}
			}
		})
	}
}

func TestConstructorsString(t *testing.T) {
	tests := []struct {
		d    Dist
		want string
	}{
		{Const(3 * time.Second), "3s"},
		{Const(0), "0s"},
		{Scale(MustParse("exp(mean=1s)"), 2), "scale(2,exp(mean=1s))"},
		{Scale(Const(time.Millisecond), 0.125), "scale(0.125,1ms)"},
	}
	for _, tc := range tests {
		if got := tc.d.String(); got != tc.want {
			t.Errorf("String() = %q; want %q", got, tc.want)
		}
		if got := MustParse(tc.want).String(); got != tc.want {
			t.Errorf("Parse(%q).String() = %q", tc.want, got)
		}
	}
}

func TestParseErrors(t *testing.T) {
	const allowed = `(allowed: a duration like 250ms, exp, uniform, lognormal, gamma, empirical, scale)`
	tests := []struct {
		spec, want string // want is a substring of the error
	}{
		{"", "empty distribution spec"},
		{"   ", "empty distribution spec"},
		{"weibull(k=1.5,lambda=1s)", `unknown distribution "weibull" ` + allowed},
		{"weibull", `unknown distribution "weibull" ` + allowed},
		{"Exp(mean=1s)", `unknown distribution "Exp"`},
		{"(1s)", `unknown distribution ""`},

		// Durations.
		{"12xs", `bad duration "12xs": unknown unit "xs" (want a duration like 250ms, 1.5s or 2m)`},
		{"1.5", `bad duration "1.5": missing unit`},
		{"-1s", "duration must not be negative (got -1s)"},
		{"exp(mean=12xs)", `bad duration "12xs" in exp(mean=12xs): unknown unit "xs"`},
		{"exp(mean=1 s)", `bad duration "1 s" in exp(mean=1 s)`},

		// Syntax.
		{"exp()", "exp: missing arguments in exp()"},
		{"exp( )", "exp: missing arguments"},
		{"exp(mean=1s", "exp: missing closing bracket in exp(mean=1s"},
		{"exp(mean=1s) x", `exp: unexpected "x" after the closing bracket`},
		{"exp(mean=1s))", `exp: unexpected ")" after the closing bracket`},
		{"exp(mean=1s,)", "exp: empty argument in exp(mean=1s,)"},
		{"exp(mean=)", "exp: missing value for mean"},
		{"exp(=1s)", "exp: missing parameter name before ="},
		{"exp(250ms)", `exp: unnamed argument "250ms" (write it like exp(mean=250ms))`},
		{"exp(mean=1s,mean=2s)", `exp: parameter "mean" given twice`},
		{"exp(rate=1s)", `exp: unknown parameter "rate" (allowed: mean)`},

		// exp.
		{"exp(mean=-1s)", "exp: mean must be positive (got -1s)"},
		{"exp(mean=0s)", "exp: mean must be positive (got 0s)"},

		// uniform.
		{"uniform(5s,1s)", "uniform: min must not exceed max (got 5s, 1s)"},
		{"uniform(min=5s,max=1s)", "uniform: min must not exceed max (got 5s, 1s)"},
		{"uniform(-1s,1s)", "uniform: min must not be negative (got -1s)"},
		{"uniform(1s)", "uniform: want uniform(min,max) or uniform(min=…,max=…)"},
		{"uniform(1s,2s,3s)", "uniform: want uniform(min,max)"},
		{"uniform(1s,max=2s)", "uniform: want uniform(min,max)"},
		{"uniform(min=1s)", "uniform: max is required"},
		{"uniform(lo=1s,hi=2s)", `uniform: unknown parameter "lo" (allowed: min, max)`},
		{"uniform(1s,2x)", `bad duration "2x" in uniform(1s,2x)`},

		// lognormal.
		{"lognormal(p50=900ms,p99=120ms)", "lognormal: p99 must be greater than p50 (got p50=900ms, p99=120ms)"},
		{"lognormal(p50=1s,p99=1s)", "lognormal: p99 must be greater than p50 (got p50=1s, p99=1s)"},
		{"lognormal(p50=0s,p99=1s)", "lognormal: p50 must be positive (got 0s)"},
		{"lognormal(p50=120ms)", "lognormal: give either p50 and p99, or mean and sd"},
		{"lognormal(p50=120ms,sd=1s)", "lognormal: give either p50 and p99, or mean and sd"},
		{"lognormal(p50=1s,p99=2s,mean=1s,sd=1s)", "lognormal: give either p50 and p99, or mean and sd"},
		{"lognormal(mean=-1s,sd=1s)", "lognormal: mean must be positive (got -1s)"},
		{"lognormal(mean=1s,sd=0s)", "lognormal: sd must be positive (got 0s)"},
		{"lognormal(median=1s)", "lognormal: give either p50 and p99, or mean and sd, or median and sigma"},
		{"lognormal(median=1s,sigma=2,p99=3s)", "lognormal: give either p50 and p99, or mean and sd, or median and sigma"},
		{"lognormal(median=0s,sigma=2)", "lognormal: median must be positive (got 0s)"},
		{"lognormal(median=1s,sigma=0)", "lognormal: sigma must be positive and at most 10 (got 0)"},
		{"lognormal(mu=1,sigma=2)", `lognormal: unknown parameter "mu" (allowed: p50, p99, mean, sd, median, sigma)`},

		// gamma.
		{"gamma(mu=1s,cv=1)", `gamma: unknown parameter "mu" (allowed: mean, cv)`},
		{"gamma(mean=1s)", "gamma: cv is required"},
		{"gamma(cv=1)", "gamma: mean is required"},
		{"gamma(mean=0s,cv=1)", "gamma: mean must be positive (got 0s)"},
		{"gamma(mean=1s,cv=0)", "gamma: cv must be positive (got 0)"},
		{"gamma(mean=1s,cv=-0.5)", "gamma: cv must be positive (got -0.5)"},
		{"gamma(mean=1s,cv=x)", `gamma: bad number "x" for cv in gamma(mean=1s,cv=x)`},
		{"gamma(mean=1s,cv=NaN)", `gamma: bad number "NaN" for cv`},
		{"gamma(mean=1s,cv=1s)", `gamma: bad number "1s" for cv`},

		// empirical.
		{"empirical(p50=1s,p100=2s)", "empirical: p0 and p100 are required"},
		{"empirical(p0=1s,p50=2s)", "empirical: p0 and p100 are required"},
		{"empirical(p0=1s)", "empirical: p0 and p100 are required"},
		{"empirical(p0=0s,p25=200ms,p50=100ms,p100=1s)", "empirical: values must not decrease (p50=100ms < p25=200ms)"},
		{"empirical(p0=0s,p101=1s,p100=1s)", "empirical: percentile p101 is above 100"},
		{"empirical(p0=0s,q5=1s,p100=1s)", `empirical: unknown parameter "q5" (allowed: pN for a percentile N from 0 to 100, like p50 or p99.9)`},
		{"empirical(p0=0s,p-5=1s,p100=1s)", `empirical: unknown parameter "p-5"`},
		{"empirical(p0=0s,p1e1=1s,p100=1s)", `empirical: unknown parameter "p1e1"`},
		{"empirical(p0=0s,p=1s,p100=1s)", `empirical: unknown parameter "p"`},
		{"empirical(p0=0s,p50=1s,p50.0=1s,p100=2s)", "empirical: percentile given twice (p50 and p50.0)"},
		{"empirical(p0=-1ms,p100=1s)", "empirical: p0 must not be negative (got -1ms)"},
		{"empirical(p0=0s,1s)", `empirical: unnamed argument "1s"`},
		{"empirical(p0=0s,p100=1h2)", `bad duration "1h2" in empirical(p0=0s,p100=1h2): missing unit`},

		// scale.
		{"scale(0,1s)", "scale: factor must be positive (got 0)"},
		{"scale(-2,1s)", "scale: factor must be positive (got -2)"},
		{"scale(2)", "scale: want scale(factor,spec), like scale(2.5,exp(mean=250ms))"},
		{"scale(f=2,1s)", "scale: want scale(factor,spec)"},
		{"scale(Inf,1s)", `scale: bad number "Inf" for factor`},
		{"scale(2,weibull(k=1))", `unknown distribution "weibull"`},
		{"scale(2,exp(mean=-1s))", "exp: mean must be positive (got -1s)"},
	}
	for _, tc := range tests {
		t.Run(tc.spec, func(t *testing.T) {
			d, err := Parse(tc.spec)
			if err == nil {
				t.Fatalf("Parse(%q) = %v; want error containing %q", tc.spec, d, tc.want)
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.want) {
				t.Errorf("Parse(%q) error = %q; want it to contain %q", tc.spec, msg, tc.want)
			}
			if strings.HasSuffix(msg, ".") || msg != strings.ToLower(msg[:1])+msg[1:] {
				t.Errorf("Parse(%q) error = %q; want lower case and no final period", tc.spec, msg)
			}
		})
	}
}

func TestPanics(t *testing.T) {
	tests := []struct {
		name string
		f    func()
		want string
	}{
		{"MustParse", func() { MustParse("exp(mean=-1s)") }, "dist: exp: mean must be positive (got -1s)"},
		{"Const negative", func() { Const(-time.Second) }, "dist: negative constant -1s"},
		{"Scale zero", func() { Scale(Const(time.Second), 0) }, "dist: scale factor must be positive"},
		{"Quantile above 1", func() { MustParse("exp(mean=1s)").Quantile(1.5) }, "dist: quantile probability 1.5 outside [0,1]"},
		{"Quantile NaN", func() { MustParse("empirical(p0=0s,p100=1s)").Quantile(nan()) }, "dist: quantile probability NaN"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				msg, _ := r.(string)
				if !strings.HasPrefix(msg, tc.want) {
					t.Errorf("panic = %v; want %q", r, tc.want)
				}
			}()
			tc.f()
		})
	}
}
