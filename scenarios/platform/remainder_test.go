package platform

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/execsim/execsim/models/cost"
)

// ratLargestRemainder is largestRemainder as it was written with big.Rat
// (before shares10): each share total × x / Σ a rational, floored, the
// remainders compared as rationals. The reference the integer version
// must match micro-dollar for micro-dollar.
func ratLargestRemainder(total cost.Money, amounts []*big.Rat) ([]cost.Money, bool) {
	sum := new(big.Rat)
	for _, x := range amounts {
		sum.Add(sum, x)
	}
	if sum.Sign() == 0 {
		return nil, false
	}
	out := make([]cost.Money, len(amounts))
	rem := make([]*big.Rat, len(amounts))
	left := int64(total)
	for k, x := range amounts {
		v := new(big.Rat).Mul(new(big.Rat).SetInt64(int64(total)), x)
		v.Quo(v, sum)
		q := new(big.Int).Div(v.Num(), v.Denom())
		out[k], rem[k] = cost.Money(q.Int64()), v.Sub(v, new(big.Rat).SetInt(q))
		left -= q.Int64()
	}
	order := make([]int, len(amounts))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(i, j int) int {
		return cmp.Or(rem[j].Cmp(rem[i]), cmp.Compare(i, j))
	})
	for _, k := range order {
		if left <= 0 {
			break
		}
		out[k]++
		left--
	}
	return out, true
}

// checkAgainstRat fails t when largestRemainder and the big.Rat rule split
// total differently.
func checkAgainstRat(t *testing.T, total cost.Money, amounts []*big.Rat) {
	t.Helper()
	got, gotOK := largestRemainder(total, amounts)
	want, wantOK := ratLargestRemainder(total, amounts)
	if gotOK != wantOK || !slices.Equal(got, want) {
		t.Fatalf("largestRemainder(%d, %v) = %v, %v; the big.Rat rule gives %v, %v", total, amounts, got, gotOK, want, wantOK)
	}
}

// randAmount is an amount of one of the shapes a split meets or must
// survive: small whole amounts (ties), zeros, whole amounts near int64's
// bounds (sums and products past 64 bits), small fractions (equal
// remainders) and fractions of ~100-bit numerators over ~80-bit
// denominators, as a Lambda fleet's exact parts are; credits among them.
func randAmount(r *rand.Rand, shape int) *big.Rat {
	sign := int64(1)
	if r.IntN(5) == 0 {
		sign = -1
	}
	switch shape {
	case 0:
		return big.NewRat(sign*r.Int64N(20), 1)
	case 1:
		return new(big.Rat)
	case 2:
		return big.NewRat(sign*(math.MaxInt64-r.Int64N(1000)), 1)
	case 3:
		return big.NewRat(sign*r.Int64N(1000), 1+r.Int64N(12))
	case 4:
		return big.NewRat(sign*r.Int64(), 1)
	default:
		p, q := randBits(r, 1+r.IntN(120)), randBits(r, 1+r.IntN(90))
		q.Add(q, big.NewInt(1))
		if sign < 0 {
			p.Neg(p)
		}
		return new(big.Rat).SetFrac(p, q)
	}
}

// randBits is a random number below 2ⁿ.
func randBits(r *rand.Rand, n int) *big.Int {
	x := new(big.Int)
	for i := 0; i < n; i += 64 {
		x.Lsh(x, 64).Or(x, new(big.Int).SetUint64(r.Uint64()))
	}
	return x.Rsh(x, uint((n+63)/64*64-n))
}

// TestLargestRemainderMatchesRat splits random totals among random amounts
// with both rules: every micro-dollar must land where the big.Rat rule
// puts it. Each case draws its amounts from one or two shapes (so that
// ties and overflows are common), then sometimes all weight on one
// amount, all amounts equal, or one amount alone.
func TestLargestRemainderMatchesRat(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 10))
	totals := []func() int64{
		func() int64 { return 0 },
		func() int64 { return r.Int64N(50) },
		func() int64 { return r.Int64N(1 << 40) },
		func() int64 { return -r.Int64N(1 << 40) },
		func() int64 { return r.Int64() },
		func() int64 { return math.MaxInt64 },
		func() int64 { return math.MinInt64 },
	}
	cases := 20_000
	if testing.Short() {
		cases = 4_000
	}
	for c := range cases {
		n := []int{1, 2, 3, 5, 8, 40}[r.IntN(6)]
		s1, s2 := r.IntN(6), r.IntN(6)
		amounts := make([]*big.Rat, n)
		for k := range amounts {
			s := s1
			if r.IntN(3) == 0 {
				s = s2
			}
			amounts[k] = randAmount(r, s)
		}
		switch r.IntN(6) {
		case 0: // all weight on one
			for k := range amounts {
				amounts[k] = new(big.Rat)
			}
			amounts[r.IntN(n)] = randAmount(r, s1)
		case 1: // all equal: every remainder ties
			for k := range amounts {
				amounts[k] = new(big.Rat).Set(amounts[0])
			}
		case 2: // multiples of one amount: remainders repeat
			for k := range amounts {
				amounts[k] = new(big.Rat).Mul(amounts[0], big.NewRat(int64(1+k%3), 1))
			}
		}
		total := cost.Money(totals[r.IntN(len(totals))]())
		t.Run(fmt.Sprint(c), func(t *testing.T) { checkAgainstRat(t, total, amounts) })
	}
}

// Edges the random draws seldom hit: no amounts, amounts that cancel
// (whole and fractional: nothing to weigh by), one amount, the bounds of
// int64.
func TestLargestRemainderEdges(t *testing.T) {
	r := func(p, q int64) *big.Rat { return big.NewRat(p, q) }
	for _, tc := range []struct {
		total   cost.Money
		amounts []*big.Rat
	}{
		{5, nil},
		{5, []*big.Rat{r(0, 1)}},
		{5, []*big.Rat{r(0, 1), r(0, 1)}},
		{5, []*big.Rat{r(5, 1), r(-5, 1)}},
		{5, []*big.Rat{r(1, 2), r(-1, 2)}},
		{5, []*big.Rat{r(1, 3), r(2, 3), r(-1, 1)}},
		{7, []*big.Rat{r(1, 3)}},
		{math.MinInt64, []*big.Rat{r(1, 1)}},
		{math.MinInt64, []*big.Rat{r(math.MinInt64, 1), r(1, 1)}},
		{math.MaxInt64, []*big.Rat{r(math.MaxInt64, 1), r(math.MaxInt64, 1), r(1, 1)}},
		{math.MaxInt64, []*big.Rat{r(math.MaxInt64, 1), r(math.MinInt64, 1), r(3, 1)}},
		{-3, []*big.Rat{r(math.MinInt64, 1), r(math.MaxInt64, 1), r(2, 1)}},
	} {
		t.Run(fmt.Sprint(tc.total, tc.amounts), func(t *testing.T) { checkAgainstRat(t, tc.total, tc.amounts) })
	}
}

// A bill of credits that cancel leaves nothing to weigh by: each amount
// is projected on its own, as the big.Rat rule did.
func TestMonthlySharesOfCancellingAmounts(t *testing.T) {
	a := cost.Rounded([]*big.Rat{big.NewRat(7, 2), big.NewRat(-5, 2)}, []cost.ExactShare{{Item: "credit", Amount: big.NewRat(-1, 1)}})
	b := cost.Breakdown{Lines: []cost.Line{{Item: "ec2 on-demand", Amount: 0}}}
	run := 30 * time.Minute
	parts, shared := MonthlyShares(b, a, run)
	wantParts, wantShared := ratMonthlyShares(b, a, run)
	if !slices.Equal(parts, wantParts) || !slices.Equal(shared, wantShared) {
		t.Errorf("MonthlyShares = %v, %v; the big.Rat rule gives %v, %v", parts, shared, wantParts, wantShared)
	}
	if want := cost.Monthly(4, run); parts[0] != want {
		t.Errorf("the first part's month is %v; want its own 3.5 µ$ rounded to 4 and projected, %v", parts[0], want)
	}
}

// Remainders that agree in their first 64 bits: the keys tie and the run
// that straddles the last micro-dollar is ordered exactly. Here the later
// entry's remainder is larger by 2⁻⁹⁰ of a micro-dollar, so it, not the
// earlier one, gets the micro-dollar.
func TestLargestRemainderBeyondTheKey(t *testing.T) {
	third := big.NewRat(1, 3)
	tiny := new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Lsh(big.NewInt(1), 90))
	for _, tc := range []struct {
		name    string
		amounts []*big.Rat
		want    []cost.Money
	}{
		// total 4 over weights (1/3, 1/3 + ε, 1/3 − ε): 4/3 each, give or
		// take; one micro-dollar left, to the second
		{"the later is larger", []*big.Rat{third, new(big.Rat).Add(third, tiny), new(big.Rat).Sub(third, tiny)}, []cost.Money{1, 2, 1}},
		{"the earlier is larger", []*big.Rat{new(big.Rat).Add(third, tiny), third, new(big.Rat).Sub(third, tiny)}, []cost.Money{2, 1, 1}},
		{"an exact tie goes to the earlier", []*big.Rat{third, third, third}, []cost.Money{2, 1, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := largestRemainder(4, tc.amounts)
			if !slices.Equal(got, tc.want) {
				t.Errorf("largestRemainder(4, %v) = %v; want %v", tc.amounts, got, tc.want)
			}
			checkAgainstRat(t, 4, tc.amounts)
		})
	}
}

// A Lambda fleet's and a Kubernetes-shaped fleet's monthly shares are the
// big.Rat rule's: every part and every shared amount.
func TestMonthlySharesMatchRat(t *testing.T) {
	lb, la := lambdaFleetBill(t, 500)
	kb, ka := fleetBill(2_000)
	for _, tc := range []struct {
		name string
		b    cost.Breakdown
		a    cost.Allocation
		run  time.Duration
	}{
		{"lambda 500", lb, la, 30 * time.Minute},
		{"lambda 500, 7 minutes", lb, la, 7 * time.Minute},
		{"fleet 2000", kb, ka, 307 * time.Second},
		{"fleet 2000, an hour", kb, ka, time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parts, shared := MonthlyShares(tc.b, tc.a, tc.run)
			wantParts, wantShared := ratMonthlyShares(tc.b, tc.a, tc.run)
			if !slices.Equal(parts, wantParts) || !slices.Equal(shared, wantShared) {
				t.Errorf("MonthlyShares differs from the big.Rat rule")
			}
		})
	}
}

// ratMonthlyShares is MonthlyShares over ratLargestRemainder.
func ratMonthlyShares(b cost.Breakdown, a cost.Allocation, run time.Duration) (parts, shared []cost.Money) {
	parts, shared = make([]cost.Money, len(a.Parts)), make([]cost.Money, len(a.Shared))
	rest := b.MonthlyOver(run)
	var amounts []*big.Rat
	var into []*cost.Money
	for i, x := range a.UnroundedParts() {
		amounts, into = append(amounts, x), append(into, &parts[i])
	}
	unrounded := a.UnroundedShared()
	for i, s := range a.ExactShared() {
		if l, ok := b.Line(s.Item); ok && s.Amount.Cmp(new(big.Rat).SetInt64(l.Amount.Micros())) == 0 {
			shared[i] = l.MonthlyOver(run)
			rest -= shared[i]
			continue
		}
		amounts, into = append(amounts, unrounded[i].Amount), append(into, &shared[i])
	}
	split, ok := ratLargestRemainder(rest, amounts)
	for k := range amounts {
		if ok {
			*into[k] = split[k]
		} else {
			*into[k] = cost.Monthly(roundMicros(amounts[k]), run)
		}
	}
	return parts, shared
}

// FuzzLargestRemainder reads a total and amounts (each a numerator of 8
// to 16 bytes over a denominator of 8) and splits with both rules.
func FuzzLargestRemainder(f *testing.F) {
	f.Add(int64(10), []byte{1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0})
	f.Add(int64(math.MinInt64), []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0x80, 1, 0, 0, 0, 0, 0, 0, 0})
	f.Add(int64(4), []byte{9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33})
	f.Fuzz(func(t *testing.T, total int64, data []byte) {
		var amounts []*big.Rat
		for len(data) >= 16 && len(amounts) < 64 {
			wide := data[0]%2 == 1 && len(data) >= 24
			p := new(big.Int).SetInt64(int64(binary.LittleEndian.Uint64(data)))
			data = data[8:]
			if wide { // a numerator past 64 bits
				p.Lsh(p, 64).Add(p, new(big.Int).SetUint64(binary.LittleEndian.Uint64(data)))
				data = data[8:]
			}
			q := new(big.Int).SetUint64(binary.LittleEndian.Uint64(data)%(1<<62) + 1)
			data = data[8:]
			amounts = append(amounts, new(big.Rat).SetFrac(p, q))
		}
		checkAgainstRat(t, cost.Money(total), amounts)
	})
}
