package dist

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"gonum.org/v1/gonum/mathext"
)

// z99 is the 0.99 quantile of the standard normal distribution.
var z99 = mathext.NormalQuantile(0.99)

// lognormal is lognormal(p50=…,p99=…), lognormal(mean=…,sd=…) or
// lognormal(median=…,sigma=…); it remembers which form was written so that
// String gives it back.
type lognormal struct {
	a, b     time.Duration // p50 and p99, or mean and sd, or the median
	moments  bool          // a, b are mean and sd
	median   bool          // a is the median and sig is as written
	mu, sig  float64       // of the log of the duration in nanoseconds
	meanNano float64
}

// maxSigma bounds a lognormal's sigma as written: beyond it the mean
// exp(mu + sigma²/2) dwarfs every sample one will ever draw.
const maxSigma = 10

func parseLognormal(a *args) (Dist, error) {
	m, err := a.named("lognormal(p50=120ms,p99=900ms)", "p50", "p99", "mean", "sd", "median", "sigma")
	if err != nil {
		return nil, err
	}
	_, median := m["median"]
	_, sigma := m["sigma"]
	if median || sigma {
		if !median || !sigma || len(m) != 2 {
			return nil, fmt.Errorf("lognormal: give either p50 and p99, or mean and sd, or median and sigma")
		}
		med, err := a.duration(m["median"])
		if err != nil {
			return nil, err
		}
		sig, err := a.number("sigma", m["sigma"])
		if err != nil {
			return nil, err
		}
		if med <= 0 {
			return nil, fmt.Errorf("lognormal: median must be positive (got %v)", med)
		}
		if err := checkSigma(sig); err != nil {
			return nil, err
		}
		mu := math.Log(float64(med))
		return lognormal{a: med, median: true, mu: mu, sig: sig, meanNano: math.Exp(mu + sig*sig/2)}, nil
	}
	_, p50 := m["p50"]
	_, p99 := m["p99"]
	_, mean := m["mean"]
	_, sd := m["sd"]
	var keys []string
	switch {
	case p50 && p99 && !mean && !sd:
		keys = []string{"p50", "p99"}
	case mean && sd && !p50 && !p99:
		keys = []string{"mean", "sd"}
	default:
		return nil, fmt.Errorf("lognormal: give either p50 and p99, or mean and sd, or median and sigma")
	}
	x, err := a.duration(m[keys[0]])
	if err != nil {
		return nil, err
	}
	y, err := a.duration(m[keys[1]])
	if err != nil {
		return nil, err
	}
	if x <= 0 {
		return nil, fmt.Errorf("lognormal: %s must be positive (got %v)", keys[0], x)
	}
	if mean {
		if y <= 0 {
			return nil, fmt.Errorf("lognormal: sd must be positive (got %v)", y)
		}
		return newLognormalMoments(x, y), nil
	}
	if y <= x {
		return nil, fmt.Errorf("lognormal: p99 must be greater than p50 (got p50=%v, p99=%v)", x, y)
	}
	return newLognormalQuantiles(x, y), nil
}

// newLognormalQuantiles fits mu = ln p50 and sigma = (ln p99 - ln p50)/z99.
func newLognormalQuantiles(p50, p99 time.Duration) lognormal {
	mu := math.Log(float64(p50))
	sig := (math.Log(float64(p99)) - mu) / z99
	return lognormal{a: p50, b: p99, mu: mu, sig: sig, meanNano: math.Exp(mu + sig*sig/2)}
}

// newLognormalMoments matches the mean and standard deviation:
// sigma² = ln(1 + sd²/mean²), mu = ln mean - sigma²/2.
func newLognormalMoments(mean, sd time.Duration) lognormal {
	cv := float64(sd) / float64(mean)
	s2 := math.Log1p(cv * cv)
	return lognormal{
		a: mean, b: sd, moments: true,
		mu: math.Log(float64(mean)) - s2/2, sig: math.Sqrt(s2),
		meanNano: float64(mean),
	}
}

// Sample is exp(mu + sigma·Z) for a standard normal Z, as
// distuv.LogNormal.Rand computes it (the same numbers), drawn from r without
// distuv's wrapping rand.Rand.
func (l lognormal) Sample(r *rand.Rand) time.Duration {
	return toDuration(math.Exp(r.NormFloat64()*l.sig + l.mu))
}

// Mean is exp(mu + sigma²/2); for the moment form, the mean as written.
func (l lognormal) Mean() time.Duration {
	if l.moments {
		return l.a
	}
	return toDuration(l.meanNano)
}

func (l lognormal) Quantile(p float64) time.Duration {
	checkP(p)
	return toDuration(math.Exp(l.mu + l.sig*mathext.NormalQuantile(p)))
}

// checkSigma refuses a sigma that is not in (0, maxSigma].
func checkSigma(sig float64) error {
	if !(sig > 0 && sig <= maxSigma) {
		return fmt.Errorf("lognormal: sigma must be positive and at most %d (got %v)", maxSigma, formatFloat(sig))
	}
	return nil
}

func (l lognormal) String() string {
	if l.median {
		return "lognormal(median=" + l.a.String() + ",sigma=" + formatFloat(l.sig) + ")"
	}
	if l.moments {
		return "lognormal(mean=" + l.a.String() + ",sd=" + l.b.String() + ")"
	}
	return "lognormal(p50=" + l.a.String() + ",p99=" + l.b.String() + ")"
}
