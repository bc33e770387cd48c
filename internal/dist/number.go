package dist

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// Number is a distribution of non-negative numbers without a unit, such as
// the mean request rates of a fleet's services or a factor, written as a
// Dist is but with plain numbers (ParseNumber).
type Number interface {
	// Sample draws one value using r, and only r.
	Sample(r *rand.Rand) float64
	// Mean returns the exact mean.
	Mean() float64
	// Quantile returns the inverse CDF at p, for p in [0,1]; it panics
	// otherwise. For an unbounded distribution Quantile(1) is +Inf.
	Quantile(p float64) float64
	// String returns the canonical spec, which ParseNumber accepts again.
	String() string
}

// ParseNumber reads a spec of a distribution of numbers:
//
//	0.5                              constant
//	uniform(0.1,2)                   uniform on [min, max]; also uniform(min=0.1,max=2)
//	exp(mean=0.5)                    exponential
//	lognormal(median=0.01,sigma=2)   log-normal with that median and sigma (the
//	                                 standard deviation of the log, 0 < sigma ≤ 10)
//	lognormal(p50=0.01,p99=2)        log-normal fitted to a median and a 99th percentile
//	lognormal(mean=0.5,sd=1)         log-normal with that mean and standard deviation
//	gamma(mean=0.5,cv=2)             gamma with that mean and coefficient of variation
//
// Values must be finite and not negative; errors name the problem and quote
// the offending text.
func ParseNumber(spec string) (Number, error) {
	s := strings.TrimSpace(spec)
	if s == "" {
		return nil, errors.New("empty distribution spec (want a number like 0.5, or a form like lognormal(median=0.01,sigma=2))")
	}
	open := strings.IndexByte(s, '(')
	if open < 0 {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
			if c := s[0]; '0' <= c && c <= '9' || c == '.' || c == '+' || c == '-' {
				return nil, fmt.Errorf("bad number %q (want a number like 0.5)", s)
			}
			return nil, unknownNumberKind(s)
		}
		if x < 0 {
			return nil, fmt.Errorf("number must not be negative (got %v)", formatFloat(x))
		}
		return numConst{x + 0}, nil // -0 is 0
	}
	kind := strings.TrimSpace(s[:open])
	switch kind {
	case "uniform", "exp", "lognormal", "gamma":
	default:
		return nil, unknownNumberKind(kind)
	}
	a, err := splitArgs(kind, s, open)
	if err != nil {
		return nil, err
	}
	switch kind {
	case "uniform":
		return parseNumUniform(a)
	case "exp":
		return parseNumExp(a)
	case "lognormal":
		return parseNumLognormal(a)
	default:
		return parseNumGamma(a)
	}
}

func unknownNumberKind(name string) error {
	return fmt.Errorf("unknown distribution %q (allowed: a number like 0.5, uniform, exp, lognormal, gamma)", name)
}

// numbers reads the named values in order as finite positive numbers, the
// first nonNeg of them as finite numbers that are not negative.
func (a *args) numbers(m map[string]string, nonNeg int, keys ...string) ([]float64, error) {
	vals, err := a.required(m, keys...)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(keys))
	for i, v := range vals {
		x, err := a.number(keys[i], v)
		if err != nil {
			return nil, err
		}
		switch {
		case i < nonNeg && x < 0:
			return nil, fmt.Errorf("%s: %s must not be negative (got %v)", a.kind, keys[i], formatFloat(x))
		case i >= nonNeg && !(x > 0):
			return nil, fmt.Errorf("%s: %s must be positive (got %v)", a.kind, keys[i], formatFloat(x))
		}
		x += 0 // -0 is 0
		out[i] = x
	}
	return out, nil
}

type numConst struct{ x float64 }

func (c numConst) Sample(*rand.Rand) float64 { return c.x }
func (c numConst) Mean() float64             { return c.x }
func (c numConst) String() string            { return formatFloat(c.x) }

func (c numConst) Quantile(p float64) float64 {
	checkP(p)
	return c.x
}

// numUniform is uniform(min,max) on [min, max].
type numUniform struct{ min, max float64 }

func parseNumUniform(a *args) (Number, error) {
	m := map[string]string{}
	if len(a.list) == 2 && a.list[0].key == "" && a.list[1].key == "" {
		m["min"], m["max"] = a.list[0].val, a.list[1].val
	} else {
		for _, x := range a.list {
			if x.key == "" {
				return nil, fmt.Errorf("uniform: want uniform(min,max) or uniform(min=…,max=…) in %s", a.spec)
			}
		}
		var err error
		if m, err = a.named("uniform(min=0.1,max=2)", "min", "max"); err != nil {
			return nil, err
		}
	}
	v, err := a.numbers(m, 2, "min", "max")
	if err != nil {
		return nil, err
	}
	if v[0] > v[1] {
		return nil, fmt.Errorf("uniform: min must not exceed max (got %v, %v)", formatFloat(v[0]), formatFloat(v[1]))
	}
	return numUniform{v[0], v[1]}, nil
}

func (u numUniform) Sample(r *rand.Rand) float64 { return u.min + r.Float64()*(u.max-u.min) }
func (u numUniform) Mean() float64               { return u.min + (u.max-u.min)/2 }

func (u numUniform) Quantile(p float64) float64 {
	checkP(p)
	return u.min + p*(u.max-u.min)
}

func (u numUniform) String() string {
	return "uniform(" + formatFloat(u.min) + "," + formatFloat(u.max) + ")"
}

// numExp is exp(mean=…).
type numExp struct{ mean float64 }

func parseNumExp(a *args) (Number, error) {
	m, err := a.named("exp(mean=0.5)", "mean")
	if err != nil {
		return nil, err
	}
	v, err := a.numbers(m, 0, "mean")
	if err != nil {
		return nil, err
	}
	return numExp{v[0]}, nil
}

func (e numExp) Sample(r *rand.Rand) float64 { return e.mean * r.ExpFloat64() }
func (e numExp) Mean() float64               { return e.mean }

func (e numExp) Quantile(p float64) float64 {
	checkP(p)
	return -e.mean * math.Log1p(-p)
}

func (e numExp) String() string { return "exp(mean=" + formatFloat(e.mean) + ")" }

// numLognormal is lognormal(median=…,sigma=…), lognormal(p50=…,p99=…) or
// lognormal(mean=…,sd=…), remembering the form written.
type numLognormal struct {
	form    string  // "median", "p50" or "mean"
	a, b    float64 // the two values as written
	mu, sig float64
	mean    float64
}

func parseNumLognormal(a *args) (Number, error) {
	m, err := a.named("lognormal(median=0.01,sigma=2)", "median", "sigma", "p50", "p99", "mean", "sd")
	if err != nil {
		return nil, err
	}
	has := func(keys ...string) bool {
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				return false
			}
		}
		return len(m) == len(keys)
	}
	l := numLognormal{}
	switch {
	case has("median", "sigma"):
		v, err := a.numbers(m, 0, "median", "sigma")
		if err != nil {
			return nil, err
		}
		if err := checkSigma(v[1]); err != nil {
			return nil, err
		}
		l = numLognormal{form: "median", a: v[0], b: v[1], mu: math.Log(v[0]), sig: v[1]}
	case has("p50", "p99"):
		v, err := a.numbers(m, 0, "p50", "p99")
		if err != nil {
			return nil, err
		}
		if v[1] <= v[0] {
			return nil, fmt.Errorf("lognormal: p99 must be greater than p50 (got p50=%v, p99=%v)", formatFloat(v[0]), formatFloat(v[1]))
		}
		mu := math.Log(v[0])
		l = numLognormal{form: "p50", a: v[0], b: v[1], mu: mu, sig: (math.Log(v[1]) - mu) / z99}
		if err := checkSigma(l.sig); err != nil {
			return nil, fmt.Errorf("%w: p99 is too far above p50", err)
		}
	case has("mean", "sd"):
		v, err := a.numbers(m, 0, "mean", "sd")
		if err != nil {
			return nil, err
		}
		cv := v[1] / v[0]
		s2 := math.Log1p(cv * cv)
		l = numLognormal{form: "mean", a: v[0], b: v[1], mu: math.Log(v[0]) - s2/2, sig: math.Sqrt(s2), mean: v[0]}
		if !(l.sig > 0) || math.IsInf(l.mu, 0) {
			return nil, fmt.Errorf("lognormal: mean and sd out of range in %s", a.spec)
		}
		return l, nil
	default:
		return nil, fmt.Errorf("lognormal: give either median and sigma, or p50 and p99, or mean and sd")
	}
	l.mean = math.Exp(l.mu + l.sig*l.sig/2)
	if math.IsInf(l.mean, 0) || math.IsInf(l.mu, 0) {
		return nil, fmt.Errorf("lognormal: out of range in %s", a.spec)
	}
	return l, nil
}

// Sample draws as lognormal.Sample does, without distuv's wrapping rand.Rand.
func (l numLognormal) Sample(r *rand.Rand) float64 {
	return math.Exp(r.NormFloat64()*l.sig + l.mu)
}

func (l numLognormal) Mean() float64 { return l.mean }

func (l numLognormal) Quantile(p float64) float64 {
	checkP(p)
	return math.Exp(l.mu + l.sig*mathext.NormalQuantile(p))
}

func (l numLognormal) String() string {
	names := map[string][2]string{"median": {"median", "sigma"}, "p50": {"p50", "p99"}, "mean": {"mean", "sd"}}[l.form]
	return "lognormal(" + names[0] + "=" + formatFloat(l.a) + "," + names[1] + "=" + formatFloat(l.b) + ")"
}

// numGamma is gamma(mean=…,cv=…).
type numGamma struct {
	mean, cv    float64
	shape, rate float64
}

func parseNumGamma(a *args) (Number, error) {
	m, err := a.named("gamma(mean=0.5,cv=2)", "mean", "cv")
	if err != nil {
		return nil, err
	}
	v, err := a.numbers(m, 0, "mean", "cv")
	if err != nil {
		return nil, err
	}
	if v[1] < minGammaCV || v[1] > maxGammaCV {
		return nil, fmt.Errorf("gamma: cv must be between %g and %g (got %v)", minGammaCV, maxGammaCV, formatFloat(v[1]))
	}
	c2 := v[1] * v[1]
	g := numGamma{mean: v[0], cv: v[1], shape: 1 / c2, rate: 1 / (v[0] * c2)}
	if math.IsInf(g.rate, 0) {
		return nil, fmt.Errorf("gamma: mean out of range in %s", a.spec)
	}
	return g, nil
}

func (g numGamma) Sample(r *rand.Rand) float64 {
	return distuv.Gamma{Alpha: g.shape, Beta: g.rate, Src: r}.Rand()
}

func (g numGamma) Mean() float64 { return g.mean }

func (g numGamma) Quantile(p float64) float64 {
	checkP(p)
	return mathext.GammaIncRegInv(g.shape, p) / g.rate
}

func (g numGamma) String() string {
	return "gamma(mean=" + formatFloat(g.mean) + ",cv=" + formatFloat(g.cv) + ")"
}
