package dist

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// uniform is uniform(min,max), on the closed interval [min, max].
type uniform struct{ min, max time.Duration }

func parseUniform(a *args) (Dist, error) {
	var vals []string
	if len(a.list) == 2 && a.list[0].key == "" && a.list[1].key == "" {
		vals = []string{a.list[0].val, a.list[1].val}
	} else {
		for _, x := range a.list {
			if x.key == "" {
				return nil, fmt.Errorf("uniform: want uniform(min,max) or uniform(min=…,max=…) in %s", a.spec)
			}
		}
		m, err := a.named("uniform(min=100ms,max=250ms)", "min", "max")
		if err != nil {
			return nil, err
		}
		if vals, err = a.required(m, "min", "max"); err != nil {
			return nil, err
		}
	}
	lo, err := a.duration(vals[0])
	if err != nil {
		return nil, err
	}
	hi, err := a.duration(vals[1])
	if err != nil {
		return nil, err
	}
	switch {
	case lo < 0:
		return nil, fmt.Errorf("uniform: min must not be negative (got %v)", lo)
	case lo > hi:
		return nil, fmt.Errorf("uniform: min must not exceed max (got %v, %v)", lo, hi)
	}
	return uniform{lo, hi}, nil
}

// Sample is min + U·(max−min) in float64, as distuv.Uniform.Rand computes it
// (the same numbers), drawn from r without distuv's wrapping rand.Rand.
func (u uniform) Sample(r *rand.Rand) time.Duration { return u.fromUint64(r.Uint64()) }

// SamplePCG implements PCGSampler.
func (u uniform) SamplePCG(p *rand.PCG) time.Duration { return u.fromUint64(p.Uint64()) }

// fromUint64 is the sample for x, the one Uint64 a uniform draws: U is
// rand.Rand.Float64's float64(x<<11>>11)/2⁵³. The conversion of the
// product keeps a compiler from fusing it with the sum (the Go
// specification allows that only without it), so both callers round as
// Sample always did.
func (u uniform) fromUint64(x uint64) time.Duration {
	lo, hi := float64(u.min), float64(u.max)
	f := float64(x<<11>>11) / (1 << 53)
	return toDuration(float64(f*(hi-lo)) + lo)
}

// Mean is the midpoint, computed in integers (halves round up).
func (u uniform) Mean() time.Duration {
	d := u.max - u.min
	return u.min + d/2 + d%2
}

func (u uniform) Quantile(p float64) time.Duration {
	checkP(p)
	return toDuration(float64(u.min) + p*float64(u.max-u.min))
}

func (u uniform) String() string { return "uniform(" + u.min.String() + "," + u.max.String() + ")" }
