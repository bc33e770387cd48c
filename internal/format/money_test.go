package format

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"testing"
)

// TestUSD pins USD at the edges of its rounding: a fraction of .995 or more
// carries into the dollars (it was dropped: "$1,234.00" for 1234.999), the
// carry reaches a thousands comma, negatives take a sign in front of the
// dollar, and the half rule is roundAt's, as USDShort's (review9a).
func TestUSD(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{
		{0, "$0.00"},
		{0.01, "$0.01"},
		{0.006611, "$0.006611"},
		{0.0099994, "$0.009999"},
		{0.0099995, "$0.01"}, // six decimals round up to a cent: cents
		{0.00999999, "$0.01"},
		{0.005, "$0.005000"},
		{0.0000005, "$0.000001"},
		{0.0000004, "$0.000000"},
		{1.005, "$1.01"}, // binary 1.00499…: half up on the digits shown
		{0.125, "$0.13"},
		{0.994, "$0.99"},
		{0.995, "$1.00"},
		{12.345, "$12.35"},
		{99.995, "$100.00"},
		{999.99, "$999.99"},
		{999.994, "$999.99"},
		{999.995, "$1,000.00"},
		{999.999, "$1,000.00"},
		{1000, "$1,000.00"},
		{1234.56, "$1,234.56"},
		{1234.994, "$1,234.99"},
		{1234.995, "$1,235.00"},
		{1234.999, "$1,235.00"},
		{1999.996, "$2,000.00"},
		{999999.995, "$1,000,000.00"},
		{2345678.9, "$2,345,678.90"},
		{1e15, "$1,000,000,000,000,000.00"},
		{1e23, "$100,000,000,000,000,000,000,000.00"}, // its digits, not its binary value
		{-5, "-$5.00"},
		{-0.125, "-$0.13"},
		{-1234.999, "-$1,235.00"},
		{-0.006611, "-$0.006611"},
		{-0.0000004, "$0.000000"}, // no "-$0.000000"
		{math.Inf(1), "∞"},
		{math.Inf(-1), "−∞"},
		{math.NaN(), "—"},
	} {
		if got := USD(tc.x); got != tc.want {
			t.Errorf("USD(%v) = %q; want %q", tc.x, got, tc.want)
		}
	}
}

// TestOneRoundingRule checks that the text, the chart label and the axis
// tick of one amount round it alike (review9a: USD(1.005) was "$1.00" and
// USDShort(1.005) "$1.01"; a tick of $0.125 "$0.12", its label "$0.13").
func TestOneRoundingRule(t *testing.T) {
	for _, x := range []float64{1.005, 0.125, 2.675, 10.005, 1.115, 99.985, 0.155} {
		usd, short := USD(x), USDShort(x)
		tick := Ticks(Money, []float64{0, x}, 0.01)[1]
		if usd != short || usd != tick {
			t.Errorf("%v: USD %q, USDShort %q, tick %q; want one figure", x, usd, short, tick)
		}
	}
}

// FuzzUSD compares USD with a reference that rounds the amount's shortest
// decimal form exactly (math/big), half away from zero, to six decimals
// when that is under a cent and to cents otherwise, and groups the whole
// dollars on its own.
func FuzzUSD(f *testing.F) {
	for _, x := range []float64{0, 1234.999, 999.999, -5, 1.005, 0.125, 0.0099995, 1999.996, 1e23, 5e-324, -0.0000004, 123456789.125} {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, x float64) {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return
		}
		if got, want := USD(x), refUSD(x); got != want {
			t.Errorf("USD(%v) = %q; want %q", x, got, want)
		}
	})
}

func refUSD(x float64) string {
	if x == 0 {
		return "$0.00"
	}
	q, ok := new(big.Rat).SetString(strconv.FormatFloat(math.Abs(x), 'e', -1, 64))
	if !ok {
		panic("unreadable float")
	}
	dec := 6
	if refRound(q, 6).Cmp(big.NewInt(10_000)) >= 0 { // a cent at six decimals
		dec = 2
	}
	m := refRound(q, dec).String()
	if len(m) <= dec {
		m = strings.Repeat("0", dec+1-len(m)) + m
	}
	whole, cents := m[:len(m)-dec], m[len(m)-dec:]
	var b strings.Builder
	for i := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(whole[i])
	}
	s := "$" + b.String() + "." + cents
	if x < 0 && strings.Trim(m, "0") != "" {
		s = "-" + s
	}
	return s
}

// refRound is q ≥ 0 × 10^dec rounded half up to an integer.
func refRound(q *big.Rat, dec int) *big.Int {
	n := new(big.Rat).Mul(q, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(dec)), nil)))
	n.Add(n, big.NewRat(1, 2))
	return new(big.Int).Quo(n.Num(), n.Denom())
}
