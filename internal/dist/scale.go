package dist

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Scale returns a distribution whose samples are those of d multiplied by f
// (f>0); String() gives "scale(<f>,<d>)" and Parse accepts it. Scale panics
// if f is not a positive finite number.
func Scale(d Dist, f float64) Dist {
	if !(f > 0) || math.IsInf(f, 1) {
		panic(fmt.Sprintf("dist: scale factor must be positive and finite (got %v)", f))
	}
	return scaled{d, f}
}

type scaled struct {
	d Dist
	f float64
}

func parseScale(a *args) (Dist, error) {
	if len(a.list) != 2 || a.list[0].key != "" || a.list[1].key != "" {
		return nil, fmt.Errorf("scale: want scale(factor,spec), like scale(2.5,exp(mean=250ms)), in %s", a.spec)
	}
	f, err := a.number("factor", a.list[0].val)
	if err != nil {
		return nil, err
	}
	if f <= 0 {
		return nil, fmt.Errorf("scale: factor must be positive (got %v)", formatFloat(f))
	}
	d, err := Parse(a.list[1].val)
	if err != nil {
		return nil, err
	}
	return scaled{d, f}, nil
}

func (s scaled) Sample(r *rand.Rand) time.Duration { return s.mul(s.d.Sample(r)) }
func (s scaled) Mean() time.Duration               { return s.mul(s.d.Mean()) }
func (s scaled) Quantile(p float64) time.Duration  { return s.mul(s.d.Quantile(p)) }

func (s scaled) String() string {
	return "scale(" + formatFloat(s.f) + "," + s.d.String() + ")"
}

// mul scales d, keeping math.MaxInt64 (an infinite quantile) as it is.
func (s scaled) mul(d time.Duration) time.Duration {
	if d == math.MaxInt64 {
		return d
	}
	return toDuration(float64(d) * s.f)
}
