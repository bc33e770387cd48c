package dist

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// exponential is exp(mean=...).
type exponential struct {
	mean time.Duration
	rate float64 // per nanosecond
}

func parseExp(a *args) (Dist, error) {
	m, err := a.named("exp(mean=250ms)", "mean")
	if err != nil {
		return nil, err
	}
	v, err := a.required(m, "mean")
	if err != nil {
		return nil, err
	}
	mean, err := a.duration(v[0])
	if err != nil {
		return nil, err
	}
	if mean <= 0 {
		return nil, fmt.Errorf("exp: mean must be positive (got %v)", mean)
	}
	// A pointer: an interface holding the value would call Sample through
	// a generated wrapper that copies it first.
	return &exponential{mean: mean, rate: 1 / float64(mean)}, nil
}

// Sample divides a standard exponential variate by the rate, the same
// arithmetic as gonum's distuv.Exponential.Rand (so the same numbers), but on
// r directly: distuv wraps its Source in a second rand.Rand, an interface
// call more per draw on the hot path of every model.
func (e *exponential) Sample(r *rand.Rand) time.Duration {
	return toDuration(r.ExpFloat64() / e.rate)
}

func (e *exponential) Mean() time.Duration { return e.mean }

func (e *exponential) Quantile(p float64) time.Duration {
	checkP(p)
	return toDuration(-float64(e.mean) * math.Log1p(-p))
}

func (e *exponential) String() string { return "exp(mean=" + e.mean.String() + ")" }
