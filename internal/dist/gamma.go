package dist

import (
	"fmt"
	"math/rand/v2"
	"time"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// gamma is gamma(mean=…,cv=…): shape k = 1/cv², scale θ = mean·cv², so that
// the mean is kθ and the standard deviation is cv·mean.
type gamma struct {
	mean        time.Duration
	cv          float64
	shape, rate float64 // rate per nanosecond, 1/θ
}

func parseGamma(a *args) (Dist, error) {
	m, err := a.named("gamma(mean=250ms,cv=0.5)", "mean", "cv")
	if err != nil {
		return nil, err
	}
	v, err := a.required(m, "mean", "cv")
	if err != nil {
		return nil, err
	}
	mean, err := a.duration(v[0])
	if err != nil {
		return nil, err
	}
	cv, err := a.number("cv", v[1])
	if err != nil {
		return nil, err
	}
	switch {
	case mean <= 0:
		return nil, fmt.Errorf("gamma: mean must be positive (got %v)", mean)
	case cv <= 0:
		return nil, fmt.Errorf("gamma: cv must be positive (got %v)", formatFloat(cv))
	case cv < minGammaCV || cv > maxGammaCV:
		// beyond, the shape 1/cv² overflows or vanishes: no distribution
		return nil, fmt.Errorf("gamma: cv must be between %g and %g (got %v)", minGammaCV, maxGammaCV, formatFloat(cv))
	}
	c2 := cv * cv
	return gamma{mean: mean, cv: cv, shape: 1 / c2, rate: 1 / (float64(mean) * c2)}, nil
}

// The range of cv: shapes 1/cv² from 1e-4 (all but every sample rounds to
// 0) to 1e12 (a constant in effect), inside which sampling and quantiles are
// well defined.
const minGammaCV, maxGammaCV float64 = 1e-6, 100

func (g gamma) Sample(r *rand.Rand) time.Duration {
	return toDuration(distuv.Gamma{Alpha: g.shape, Beta: g.rate, Src: r}.Rand())
}

func (g gamma) Mean() time.Duration { return g.mean }

func (g gamma) Quantile(p float64) time.Duration {
	checkP(p)
	return toDuration(mathext.GammaIncRegInv(g.shape, p) / g.rate)
}

func (g gamma) String() string {
	return "gamma(mean=" + g.mean.String() + ",cv=" + formatFloat(g.cv) + ")"
}
