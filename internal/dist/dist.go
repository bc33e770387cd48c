package dist

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Dist is a distribution of non-negative durations.
type Dist interface {
	// Sample draws one duration using r, and only r.
	Sample(r *rand.Rand) time.Duration
	// Mean returns the exact mean, rounded to the nearest nanosecond.
	Mean() time.Duration
	// Quantile returns the inverse CDF at p, for p in [0,1]; it panics
	// otherwise. For an unbounded distribution Quantile(1) is math.MaxInt64.
	Quantile(p float64) time.Duration
	// String returns the canonical spec, which Parse accepts again.
	String() string
}

// PCGSampler is implemented by a Dist that can draw straight from a PCG
// stream: SamplePCG(p) returns what Sample(rand.New(p)) would and leaves p
// where it would, without going through a rand.Rand and its Source
// interface. A caller that keeps its stream as a rand.PCG and samples on
// every request (Lambda's keep-alive, at every release) saves those calls;
// a uniform draw cost about 107 instructions, most of them the wrapping
// (BENCHMARKS.md, lam14).
type PCGSampler interface {
	SamplePCG(p *rand.PCG) time.Duration
}

// Const returns the distribution that always yields d. It panics if d is
// negative.
func Const(d time.Duration) Dist {
	if d < 0 {
		panic(fmt.Sprintf("dist: negative constant %v", d))
	}
	return constant{d}
}

type constant struct{ d time.Duration }

func (c constant) Sample(*rand.Rand) time.Duration { return c.d }

// SamplePCG implements PCGSampler: a constant draws nothing.
func (c constant) SamplePCG(*rand.PCG) time.Duration { return c.d }
func (c constant) Mean() time.Duration               { return c.d }
func (c constant) String() string                    { return c.d.String() }

func (c constant) Quantile(p float64) time.Duration {
	checkP(p)
	return c.d
}

// toDuration converts nanoseconds to a Duration: rounded to the nearest
// nanosecond, clamped to [0, math.MaxInt64]; NaN gives 0.
func toDuration(ns float64) time.Duration {
	switch {
	case !(ns > 0):
		return 0
	case ns >= 1<<63:
		return math.MaxInt64
	}
	return time.Duration(RoundHalfUp(ns))
}

// RoundHalfUp is int64(math.Round(x)) for 0 ≤ x < 2^63, in a few
// instructions instead of math.Round's bit surgery (which Go does not turn
// into one instruction on amd64): the truncated integer part is exact
// there, and so is x minus it (its fraction), so the half-away-from-zero
// rule is one comparison of the fraction. Every draw of a model's work and
// keep-alive converts through here, and the Poisson generator's offsets
// (callgrind, issue 13). Outside that range (negatives, NaN) it is not
// math.Round: callers guard it. TestRoundHalfUpIsMathRound checks the
// halves, the neighbours of 0.5 and the integers past 2^52.
func RoundHalfUp(x float64) int64 {
	n := int64(x)
	up := int64(0)
	if x-float64(n) >= 0.5 {
		up = 1
	}
	return n + up
}

// checkP panics if p is not a probability.
func checkP(p float64) {
	if !(p >= 0 && p <= 1) {
		panic(fmt.Sprintf("dist: quantile probability %v outside [0,1]", p))
	}
}
