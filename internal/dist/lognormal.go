package dist

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// z99 is the 0.99 quantile of the standard normal distribution.
var z99 = mathext.NormalQuantile(0.99)

// lognormal is lognormal(p50=…,p99=…) or lognormal(mean=…,sd=…); it remembers
// which form was written so that String gives it back.
type lognormal struct {
	a, b     time.Duration // p50 and p99, or mean and sd
	moments  bool          // a, b are mean and sd
	mu, sig  float64       // of the log of the duration in nanoseconds
	meanNano float64
}

func parseLognormal(a *args) (Dist, error) {
	m, err := a.named("lognormal(p50=120ms,p99=900ms)", "p50", "p99", "mean", "sd")
	if err != nil {
		return nil, err
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
		return nil, fmt.Errorf("lognormal: give either p50 and p99, or mean and sd")
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

func (l lognormal) Sample(r *rand.Rand) time.Duration {
	return toDuration(distuv.LogNormal{Mu: l.mu, Sigma: l.sig, Src: r}.Rand())
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

func (l lognormal) String() string {
	if l.moments {
		return "lognormal(mean=" + l.a.String() + ",sd=" + l.b.String() + ")"
	}
	return "lognormal(p50=" + l.a.String() + ",p99=" + l.b.String() + ")"
}
