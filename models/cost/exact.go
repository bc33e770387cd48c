package cost

import (
	"fmt"
	"math/big"
	"strconv"
	"time"
)

// Amounts are computed exactly, as rationals, and rounded once per
// breakdown line: a float64 input (a price, a number of seconds) is read as
// the shortest decimal that prints it (0.0000166667 is exactly
// 166667/10^10), so 75,000 GB-s × $0.0000166667 is exactly $1.2500025 on
// every platform, with no float rounding and no fused multiply-add.

// dec is the exact decimal value of f's shortest representation.
func dec(f float64) *big.Rat {
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', -1, 64))
	if !ok {
		panic(fmt.Sprintf("cost: not a finite number: %v", f))
	}
	return r
}

func ratInt(n int64) *big.Rat { return new(big.Rat).SetInt64(n) }

func ratFrac(a, b int64) *big.Rat { return big.NewRat(a, b) }

// ratDuration is d in seconds.
func ratDuration(d time.Duration) *big.Rat { return big.NewRat(int64(d), int64(time.Second)) }

func mul(xs ...*big.Rat) *big.Rat {
	r := ratInt(1)
	for _, x := range xs {
		r.Mul(r, x)
	}
	return r
}

func add(xs ...*big.Rat) *big.Rat {
	r := new(big.Rat)
	for _, x := range xs {
		r.Add(r, x)
	}
	return r
}

func sub(a, b *big.Rat) *big.Rat { return new(big.Rat).Sub(a, b) }

func quo(a, b *big.Rat) *big.Rat { return new(big.Rat).Quo(a, b) }

func neg(a *big.Rat) *big.Rat { return new(big.Rat).Neg(a) }

func minRat(a, b *big.Rat) *big.Rat {
	if a.Cmp(b) <= 0 {
		return a
	}
	return b
}

func maxRat(a, b *big.Rat) *big.Rat {
	if a.Cmp(b) >= 0 {
		return a
	}
	return b
}

// ceilRat is the smallest integer ≥ r.
func ceilRat(r *big.Rat) *big.Rat {
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if m.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return new(big.Rat).SetInt(q)
}

func ratFloat(r *big.Rat) float64 {
	f, _ := r.Float64() // the nearest float64: deterministic
	return f
}

var million = ratInt(1_000_000)

// roundHalfAway rounds r to the nearest integer, halves away from zero.
func roundHalfAway(r *big.Rat) int64 {
	num, den := r.Num(), r.Denom()
	q, m := new(big.Int).QuoRem(num, den, new(big.Int)) // truncated toward zero
	m.Abs(m).Lsh(m, 1)
	if m.Cmp(den) >= 0 {
		q.Add(q, big.NewInt(int64(num.Sign())))
	}
	if !q.IsInt64() {
		panic(fmt.Sprintf("cost: amount %s overflows int64", r.FloatString(6)))
	}
	return q.Int64()
}

// micros rounds an amount in dollars to micro-dollars, halves away from zero.
func micros(usd *big.Rat) Money { return Money(roundHalfAway(mul(usd, million))) }
