package dist

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// empirical is empirical(p0=…,…,p100=…): the inverse CDF through the given
// percentile points, interpolated log-linearly between positive values and
// linearly from a zero value.
type empirical struct {
	pct  []float64       // percentiles N, increasing, from 0 to 100
	val  []time.Duration // value at each percentile, non-decreasing
	q    []float64       // pct/100
	v    []float64       // val in nanoseconds
	lr   []float64       // ln(v[i+1]/v[i]) for segment i, or NaN if v[i] == 0
	mean time.Duration
}

type point struct {
	key string // as written, for messages
	pct float64
	val time.Duration
}

func parseEmpirical(a *args) (Dist, error) {
	pts := make([]point, 0, len(a.list))
	for _, x := range a.list {
		if x.key == "" {
			return nil, fmt.Errorf("empirical: unnamed argument %q (write it like empirical(p0=5ms,p50=80ms,p100=2s))", x.val)
		}
		pct, ok := parsePercentile(x.key)
		if !ok {
			return nil, fmt.Errorf("empirical: unknown parameter %q (allowed: pN for a percentile N from 0 to 100, like p50 or p99.9)", x.key)
		}
		if pct > 100 {
			return nil, fmt.Errorf("empirical: percentile %s is above 100", x.key)
		}
		for _, p := range pts {
			if p.pct == pct {
				return nil, fmt.Errorf("empirical: percentile given twice (%s and %s)", p.key, x.key)
			}
		}
		d, err := a.duration(x.val)
		if err != nil {
			return nil, err
		}
		if d < 0 {
			return nil, fmt.Errorf("empirical: %s must not be negative (got %v)", x.key, d)
		}
		pts = append(pts, point{x.key, pct, d})
	}
	slices.SortFunc(pts, func(x, y point) int { return cmp.Compare(x.pct, y.pct) })
	if len(pts) < 2 || pts[0].pct != 0 || pts[len(pts)-1].pct != 100 {
		return nil, fmt.Errorf("empirical: p0 and p100 are required")
	}
	for i := 1; i < len(pts); i++ {
		if lo, hi := pts[i-1], pts[i]; hi.val < lo.val {
			return nil, fmt.Errorf("empirical: values must not decrease (%s=%v < %s=%v)", hi.key, hi.val, lo.key, lo.val)
		}
	}
	return newEmpirical(pts), nil
}

// Empirical returns empirical(pN=…): the inverse CDF through the points
// (pct[i] percent, val[i]), as Parse reads them: pct increasing from 0 to
// 100, values non-negative and non-decreasing.
func Empirical(pct []float64, val []time.Duration) (Dist, error) {
	if len(pct) != len(val) {
		return nil, fmt.Errorf("empirical: %d percentiles but %d values", len(pct), len(val))
	}
	pts := make([]point, len(pct))
	for i, p := range pct {
		key := "p" + strconv.FormatFloat(p, 'f', -1, 64)
		switch {
		case !(p >= 0 && p <= 100):
			return nil, fmt.Errorf("empirical: percentile %s is outside 0 to 100", key)
		case i > 0 && p <= pct[i-1]:
			return nil, fmt.Errorf("empirical: percentiles must increase (%s after p%s)", key, strconv.FormatFloat(pct[i-1], 'f', -1, 64))
		case val[i] < 0:
			return nil, fmt.Errorf("empirical: %s must not be negative (got %v)", key, val[i])
		case i > 0 && val[i] < val[i-1]:
			return nil, fmt.Errorf("empirical: values must not decrease (%s=%v < %s=%v)", key, val[i], pts[i-1].key, val[i-1])
		}
		pts[i] = point{key, p, val[i]}
	}
	if len(pts) < 2 || pts[0].pct != 0 || pts[len(pts)-1].pct != 100 {
		return nil, fmt.Errorf("empirical: p0 and p100 are required")
	}
	return newEmpirical(pts), nil
}

// parsePercentile reads the N of a key "pN": digits with at most one point.
func parsePercentile(key string) (float64, bool) {
	n, ok := strings.CutPrefix(key, "p")
	if !ok || n == "" || n == "." || strings.Count(n, ".") > 1 || strings.Trim(n, "0123456789.") != "" {
		return 0, false
	}
	x, err := strconv.ParseFloat(n, 64)
	return x, err == nil
}

func newEmpirical(pts []point) *empirical {
	n := len(pts)
	e := &empirical{
		pct: make([]float64, n), val: make([]time.Duration, n),
		q: make([]float64, n), v: make([]float64, n), lr: make([]float64, n-1),
	}
	for i, p := range pts {
		e.pct[i], e.val[i] = p.pct, p.val
		e.q[i], e.v[i] = p.pct/100, float64(p.val)
	}
	e.q[n-1] = 1 // exactly, whatever 100/100 rounds to
	mean := 0.0
	for i := range n - 1 {
		a, b, w := e.v[i], e.v[i+1], e.q[i+1]-e.q[i]
		if a == 0 {
			e.lr[i] = math.NaN()
			mean += w * b / 2 // linear from 0 to b
			continue
		}
		x := math.Log(b / a)
		e.lr[i] = x
		// ∫₀¹ a·e^{xt} dt = a·(e^x − 1)/x, the logarithmic mean of a and b.
		if x == 0 {
			mean += w * a
		} else {
			mean += w * a * math.Expm1(x) / x
		}
	}
	e.mean = toDuration(mean)
	return e
}

// at is the interpolated inverse CDF at u in [0,1], in nanoseconds.
func (e *empirical) at(u float64) float64 {
	last := len(e.q) - 1
	if u >= e.q[last] {
		return e.v[last]
	}
	lo, hi := 0, last // e.q[lo] <= u < e.q[hi]
	for hi-lo > 1 {
		mid := int(uint(lo+hi) >> 1)
		if e.q[mid] <= u {
			lo = mid
		} else {
			hi = mid
		}
	}
	t := (u - e.q[lo]) / (e.q[hi] - e.q[lo])
	if e.v[lo] == 0 {
		return t * e.v[hi]
	}
	return e.v[lo] * math.Exp(t*e.lr[lo])
}

func (e *empirical) Sample(r *rand.Rand) time.Duration { return toDuration(e.at(r.Float64())) }

// Mean integrates the interpolated inverse CDF exactly, segment by segment.
func (e *empirical) Mean() time.Duration { return e.mean }

func (e *empirical) Quantile(p float64) time.Duration {
	checkP(p)
	return toDuration(e.at(p))
}

func (e *empirical) String() string {
	var b strings.Builder
	b.WriteString("empirical(")
	for i, p := range e.pct {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("p" + strconv.FormatFloat(p, 'f', -1, 64) + "=" + e.val[i].String())
	}
	b.WriteByte(')')
	return b.String()
}
