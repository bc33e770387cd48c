package platform

import (
	"cmp"
	"math"
	"math/big"
	"math/bits"
	"slices"

	"github.com/execsim/execsim/models/cost"
)

// largestRemainder splits total in proportion to amounts: each share
// total × x / Σ amounts rounded down, then the micro-dollars left over one
// each to the largest remainders, the earlier entry first on a tie. False
// when the amounts add up to 0 (nothing to weigh by).
//
// The rule is the one first written with big.Rat (a rational per share,
// compared by cross-multiplying in the sort: 1.1 s of CPU for 100,000
// parts, most of it in Rat.Cmp and the garbage; BENCHMARKS.md, shares10).
// Here it is worked out in integers, with the same floors and the same
// order of remainders, so the same micro-dollars:
// TestLargestRemainderMatchesRat checks it against the big.Rat rule on
// random amounts. Whole amounts whose products fit 128 bits (an
// allocation written in whole micro-dollars) take wholeShares, all in
// machine words; anything else (a run's exact fractions) fractionShares,
// in big.Int without the Rat's normalisations.
func largestRemainder(total cost.Money, amounts []*big.Rat) ([]cost.Money, bool) {
	sh, ok := wholeShares(int64(total), amounts)
	var tied func(run []share)
	if !ok {
		f, nonzero := newFractionShares(int64(total), amounts)
		if !nonzero {
			return nil, false
		}
		sh, tied = f.shares(), f.sortTied
	} else if sh == nil {
		return nil, false
	}
	out := make([]cost.Money, len(amounts))
	left := int64(total)
	for _, s := range sh {
		out[s.k] = cost.Money(s.floor)
		left -= s.floor
	}
	// The floors fall short of total by less than one micro-dollar per
	// amount, so 0 ≤ left < len(amounts): one each to the first left
	// entries by remainder, largest first, the earlier entry first on a
	// tie. One sort: rescanning every remainder for each micro-dollar left
	// was quadratic, 9.7 s for 10,000 services (review9b D4).
	slices.SortFunc(sh, func(x, y share) int {
		return cmp.Or(cmp.Compare(y.key, x.key), cmp.Compare(x.k, y.k))
	})
	if left <= 0 {
		return out, true
	}
	n := int(min(left, int64(len(sh))))
	if tied != nil && n < len(sh) && sh[n-1].key == sh[n].key {
		// A key keeps a remainder's first 64 bits: entries whose keys
		// are equal may differ further down. Only the run that straddles
		// the last micro-dollar can change who gets one.
		key, i, j := sh[n].key, n-1, n+1
		for i > 0 && sh[i-1].key == key {
			i--
		}
		for j < len(sh) && sh[j].key == key {
			j++
		}
		tied(sh[i:j])
	}
	for _, s := range sh[:n] {
		out[s.k]++
	}
	return out, true
}

// share is amount k's share of the total before the micro-dollars left
// over: floor is total × x / Σ amounts rounded down, and key orders what
// is left of it, the remainder in [0, 1).
type share struct {
	floor int64
	// key is the remainder r/d as a whole number: r itself where every
	// remainder is over the same d (wholeShares), else ⌊r × 2⁶⁴ / d⌋, so
	// that a larger key is a larger remainder and equal keys need a
	// closer look (fractionShares.sortTied)
	key uint64
	k   int
}

// wholeShares is the shares of whole amounts in machine words: with
// S = Σ amounts, total × x / S is a 128-bit product (math/bits) over a
// 64-bit divisor, and every remainder is over |S|. Not ok when an amount
// is a fraction or past int64, when S is, or when a share's floor is past
// int64 (mixed signs can make S much smaller than an amount): those go
// the general way. Ok with no shares when S is 0.
func wholeShares(total int64, amounts []*big.Rat) (sh []share, ok bool) {
	var sum int64
	for _, x := range amounts {
		if !x.IsInt() || !x.Num().IsInt64() {
			return nil, false
		}
		n := x.Num().Int64()
		s := sum + n
		if (n > 0 && s < sum) || (n < 0 && s > sum) {
			return nil, false
		}
		sum = s
	}
	if sum == 0 {
		return nil, true
	}
	d := absUint(sum)
	sh = make([]share, len(amounts))
	for k, x := range amounts {
		n := x.Num().Int64()
		hi, lo := bits.Mul64(absUint(total), absUint(n))
		if hi >= d {
			return nil, false // a quotient past 64 bits
		}
		q, r := bits.Div64(hi, lo, d)
		// the share's sign; where the product is 0, q and r are 0 either way
		if neg := (total < 0) != (n < 0) != (sum < 0); !neg {
			if q > math.MaxInt64 {
				return nil, false
			}
			sh[k] = share{int64(q), r, k}
		} else {
			// ⌊−(q + r/d)⌋ = −q − 1 with d − r left over, when r > 0
			if r > 0 {
				q, r = q+1, d-r
			}
			if q > 1<<63 {
				return nil, false
			}
			sh[k] = share{-int64(q), r, k} // q = 2⁶³ is math.MinInt64's magnitude, and -MinInt64 wraps to itself
		}
	}
	return sh, true
}

// absUint is |x|, math.MinInt64's too.
func absUint(x int64) uint64 {
	if x < 0 {
		return -uint64(x)
	}
	return uint64(x)
}

// fractionShares is the shares of exact amounts x = p/q (lowest terms,
// q > 0) in big.Int. With Σ amounts = P/Q, total × x / Σ is
// (total × Q × sgn P × p) / (q × |P|): one multiplication for the
// numerator, one for the divisor and one Euclidean division give the
// floor and the remainder, with none of the Rat's gcds (a Lambda fleet's
// amounts are ~100-bit fractions).
type fractionShares struct {
	amounts []*big.Rat
	t       big.Int // total × Q × sgn P
	absP    big.Int // |P|
	// scratch
	num, den, q, m big.Int
}

// newFractionShares adds up the amounts; false when they add up to 0.
func newFractionShares(total int64, amounts []*big.Rat) (*fractionShares, bool) {
	sum := ratSum(amounts)
	if sum.Sign() == 0 {
		return nil, false
	}
	f := &fractionShares{amounts: amounts}
	f.absP.Abs(sum.Num())
	f.t.Mul(big.NewInt(total), sum.Denom())
	if sum.Sign() < 0 {
		f.t.Neg(&f.t)
	}
	return f, true
}

// ratSum is Σ amounts, exactly: over one denominator that grows to the
// lcm of theirs, in lowest terms once, at the end. Rat.Add takes a gcd at
// every step: three quarters of a Lambda fleet's split when the rest was
// integers, where a fleet's amounts have a handful of denominators
// between them, so that after the first few each one divides the sum's.
func ratSum(amounts []*big.Rat) *big.Rat {
	num, den := new(big.Int), big.NewInt(1)
	var f, r, g big.Int
	for _, x := range amounts {
		if x.IsInt() {
			f.Mul(x.Num(), den)
			num.Add(num, &f)
			continue
		}
		q := x.Denom()
		if f.QuoRem(den, q, &r); r.Sign() != 0 {
			// den becomes lcm(den, q) = den × q / gcd(den, q)
			g.GCD(nil, nil, den, q)
			g.Quo(q, &g)
			num.Mul(num, &g)
			den.Mul(den, &g)
			f.Quo(den, q)
		}
		f.Mul(&f, x.Num())
		num.Add(num, &f)
	}
	return new(big.Rat).SetFrac(num, den)
}

// shares is each amount's floor and key.
func (f *fractionShares) shares() []share {
	sh := make([]share, len(f.amounts))
	var key big.Int
	for k := range f.amounts {
		q, m, d := f.divide(k)
		key.Lsh(m, 64)
		key.Quo(&key, d)
		// q.Int64(), as the Rat way took it: the same low 64 bits should
		// a floor ever pass int64
		sh[k] = share{q.Int64(), key.Uint64(), k}
	}
	return sh
}

// divide is amount k's floor q and remainder m/d, 0 ≤ m < d (f's scratch,
// valid until the next call).
func (f *fractionShares) divide(k int) (q, m, d *big.Int) {
	x := f.amounts[k]
	f.num.Mul(&f.t, x.Num())
	if x.IsInt() {
		f.den.Set(&f.absP) // Denom would allocate a 1
	} else {
		f.den.Mul(x.Denom(), &f.absP)
	}
	f.q.DivMod(&f.num, &f.den, &f.m) // Euclidean: the floor, as den > 0
	return &f.q, &f.m, &f.den
}

// sortTied orders run, shares whose keys are equal, by their exact
// remainders (m/d against m'/d' as m × d' against m' × d), largest
// first, the earlier entry first on a tie.
func (f *fractionShares) sortTied(run []share) {
	rems := make([]struct{ m, d big.Int }, len(run))
	order := make([]int, len(run))
	for i, s := range run {
		_, m, d := f.divide(s.k)
		rems[i].m.Set(m)
		rems[i].d.Set(d)
		order[i] = i
	}
	var l, r big.Int
	slices.SortFunc(order, func(i, j int) int {
		l.Mul(&rems[i].m, &rems[j].d)
		r.Mul(&rems[j].m, &rems[i].d)
		return cmp.Or(r.Cmp(&l), cmp.Compare(run[i].k, run[j].k))
	})
	sorted := make([]share, len(run))
	for p, i := range order {
		sorted[p] = run[i]
	}
	copy(run, sorted)
}
