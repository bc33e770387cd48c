package format

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"testing"
)

// TestDecimalRounding pins the text formatters that print a fixed number
// of decimals on USD's rule (review fmt10): half away from zero on the
// digits of the value's shortest decimal form, a value that rounds to
// zero unsigned, each case chosen by the value as rounded, and NaN and the
// infinities as nonFinite prints them. Before, FormatFloat(x, 'f', dec)
// rounded the binary value (1.005 is 1.00499…: "1.00") and broke exact
// ties to even (0.125: "0.12"), so one amount could read 1.00 in a Fixed2
// column and $1.01 in a USD one.
func TestDecimalRounding(t *testing.T) {
	negZero := math.Copysign(0, -1)
	tenth := 0.1 // a variable: constant arithmetic is exact
	for _, tc := range []struct {
		name, got, want string
	}{
		{"Fixed2 x.xx5 below in binary", Fixed2(1.005), "1.01"},
		{"Fixed2 exact tie", Fixed2(0.125), "0.13"},
		{"Fixed2 exact tie odd", Fixed2(0.375), "0.38"},
		{"Fixed2 2.675", Fixed2(2.675), "2.68"},
		{"Fixed2 carries to a comma", Fixed2(999.995), "1,000.00"},
		{"Fixed2 negative half", Fixed2(-1.005), "-1.01"},
		{"Fixed2 negative exact tie", Fixed2(-0.125), "-0.13"},
		{"Fixed2 negative to zero", Fixed2(-0.001), "0.00"},
		{"Fixed2 -0", Fixed2(negZero), "0.00"},
		{"Fixed2 tiny", Fixed2(5e-324), "0.00"},
		{"Fixed2 E notation small", Fixed2(4.5e-7), "0.00"},
		{"Fixed2 E notation large", Fixed2(1e21), "1,000,000,000,000,000,000,000.00"},
		{"Fixed2 huge, its digits", Fixed2(1e23), "100,000,000,000,000,000,000,000.00"},
		{"Fixed2 NaN", Fixed2(math.NaN()), "—"},
		{"Fixed2 +Inf", Fixed2(math.Inf(1)), "∞"},
		{"Fixed2 -Inf", Fixed2(math.Inf(-1)), "−∞"},

		{"Percent half in binary below", Percent(0.00115), "0.12 %"},
		{"Percent exact tie", Percent(0.00125), "0.13 %"},
		{"Percent negative half", Percent(-0.00125), "-0.13 %"},
		{"Percent four decimals half", Percent(0.0000015), "0.0002 %"},
		{"Percent case as rounded", Percent(0.0000999996), "0.01 %"},
		{"Percent rare negative", Percent(-0.00001), "-0.0010 %"},
		{"Percent negative to zero", Percent(-0.000000001), "0.0000 %"},
		{"Percent -0", Percent(negZero), "0.00 %"},
		{"Percent E notation small", Percent(1e-9), "0.0000 %"},
		{"Percent huge, its digits", Percent(1e21), "100000000000000000000000.00 %"},
		{"Percent NaN", Percent(math.NaN()), "—"},
		{"Percent +Inf", Percent(math.Inf(1)), "∞"},
		{"PercentOf exact tie", PercentOf(1, 800), "0.13 %"},
		{"PercentOf negative", PercentOf(-1, 800), "-0.13 %"},

		{"Ratio exact tie", Ratio(2.25), "2.3×"},
		{"Ratio half below in binary", Ratio(0.15), "0.2×"},
		{"Ratio whole tie", Ratio(12.5), "13×"},
		{"Ratio case as rounded", Ratio(9.96), "10×"},
		{"Ratio below ten stays", Ratio(9.94), "9.9×"},
		{"Ratio negative half", Ratio(-2.25), "-2.3×"},
		{"Ratio negative large", Ratio(-12.5), "-13×"},
		{"Ratio -0", Ratio(negZero), "0.0×"},
		{"Ratio huge", Ratio(1e21), "1000000000000000000000×"},
		{"Ratio +Inf", Ratio(math.Inf(1)), "∞"},
		{"Ratio NaN", Ratio(math.NaN()), "—"},

		{"Millis half below in binary", Millis(1.0005), "1.001 ms"},
		{"Millis exact tie", Millis(84.25), "84.3 ms"},
		{"Millis seconds half", Millis(1204.5), "1.205 s"},
		{"Millis case as rounded to tens", Millis(9.9996), "10.0 ms"},
		{"Millis case as rounded to seconds", Millis(999.96), "1.000 s"},
		{"Millis case as rounded to minutes", Millis(59_999.6), "1m0s"},
		{"Millis below a minute stays", Millis(59_999.4), "59.999 s"},
		{"Millis half second", Millis(90_500), "1m31s"},
		{"Millis hours", Millis(3_600_000), "1h0m0s"},
		{"Millis past time.Duration", Millis(1e13), "2777777h46m40s"},
		{"Millis negative half", Millis(-84.25), "-84.3 ms"},
		{"Millis negative to zero", Millis(-0.0001), "0.000 ms"},
		{"Millis negative minutes", Millis(-125_400), "-2m5s"},
		{"Millis -0", Millis(negZero), "0.000 ms"},
		{"Millis E notation small", Millis(5e-7), "0.000 ms"},
		{"Millis NaN", Millis(math.NaN()), "—"},
		{"Millis +Inf", Millis(math.Inf(1)), "∞"},
		{"MillisShort case as rounded", MillisShort(999.6), "1 s"},
		{"MillisShort whole tie", MillisShort(412.5), "413 ms"},
		{"MillisShort hundreds stay", MillisShort(999.4), "999 ms"},
		// rev12c: Sig printed these "0", so "0 s" and "0 ms"
		{"MillisShort +Inf", MillisShort(math.Inf(1)), "∞"},
		{"MillisShort -Inf", MillisShort(math.Inf(-1)), "−∞"},
		{"MillisShort NaN", MillisShort(math.NaN()), "—"},

		{"Clock half", Clock(3909.5), "1:05:10"},
		{"Clock negative", Clock(-5), "-0:00:05"},
		{"Clock negative to zero", Clock(-0.4), "0:00:00"},
		{"Clock NaN", Clock(math.NaN()), "—"},
		{"Clock huge", Clock(1e13), "2777777777:46:40"},
		// rev12c: int64 of a remainder that h*3600 overflowed
		{"Clock the largest float", Clock(math.MaxFloat64), "499359204128421" + strings.Repeat("0", 290) + ":00:00"},

		{"RunLength half a millisecond", RunLength(64.0015), "1 min 4.002 s"},
		{"RunLength below a minute, no E notation", RunLength(1e-7), "0.0000001 s"},
		{"RunLength negative", RunLength(-90.5), "-1 min 30.5 s"},
		{"RunLength NaN", RunLength(math.NaN()), "—"},
		{"RunLength +Inf", RunLength(math.Inf(1)), "∞"},
		{"RunLength huge", RunLength(1e13), "2777777777 h 46 min 40 s"},
		{"RunLength hours and a fraction", RunLength(7200.25), "2 h 0.25 s"},
		{"RunLength -0", RunLength(negZero), "0 s"}, // rev12c: "-0 s"
		// under a minute rounded as from a minute on: a Pending pod's wait
		// printed "41.263184000000006 s" (its caller rounded it itself)
		{"RunLength under a minute, to the millisecond", RunLength(41.263184000000006), "41.263 s"},
		{"RunLength under a minute, half a millisecond", RunLength(4.0015), "4.002 s"},
		{"RunLength just under a minute", RunLength(59.9996), "1 min"},
		{"RunLength negative under a minute", RunLength(-tenth - 2*tenth), "-0.3 s"}, // -0.30000000000000004 in binary
		{"RunLength under a millisecond, three digits", RunLength(0.000123456), "0.000123 s"},
		{"RunLength half a millisecond alone", RunLength(0.0005), "0.001 s"},

		{"Sig huge, its digits", Sig(1e23, 3), "100,000,000,000,000,000,000,000"},
		{"Sig E notation small", Sig(1.5e-7, 2), "0.00000015"},
		{"Tick log, its digits moved", Tick(Plain, 2.9, 0, 2e6), "0.0000029M"},
		// rev12c: rounding up past the largest float gave +Inf, which
		// printed "+,Inf" (Sig), "$0T" (USDShort) and "+,Inf%" (Tick)
		{"Sig rounded past the largest float", Sig(math.MaxFloat64, 4), "179,769,313,486,231,570" + strings.Repeat(",000", 97)},
		{"USDShort of the largest float", USDShort(math.MaxFloat64), "$180" + strings.Repeat(",000", 98) + "T"},
		{"Tick a fraction past any percentage", Tick(Fraction, math.MaxFloat64, 0, 1), "∞"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q; want %q", tc.got, tc.want)
			}
		})
	}
}

// FuzzDecimal compares decimal, the rounding of every fixed-decimal text
// formatter, with a reference that rounds the shortest decimal form
// exactly (math/big), half away from zero.
func FuzzDecimal(f *testing.F) {
	for _, x := range []float64{0, 1.005, -1.005, 0.125, 2.675, 999.995, -0.001, 1e21, 1e23, 5e-324, 4.5e-7, 123456789.125} {
		f.Add(x, uint8(2))
	}
	f.Fuzz(func(t *testing.T, x float64, d uint8) {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return
		}
		dec := int(d % 8)
		if got, want := decimal(x, dec), refDecimal(x, dec); got != want {
			t.Errorf("decimal(%v, %d) = %q; want %q", x, dec, got, want)
		}
	})
}

func refDecimal(x float64, dec int) string {
	q, ok := new(big.Rat).SetString(strconv.FormatFloat(math.Abs(x), 'e', -1, 64))
	if !ok {
		panic("unreadable float")
	}
	m := refRound(q, dec).String()
	if len(m) <= dec {
		m = strings.Repeat("0", dec+1-len(m)) + m
	}
	s := m
	if dec > 0 {
		s = m[:len(m)-dec] + "." + m[len(m)-dec:]
	}
	if x < 0 && strings.Trim(m, "0") != "" {
		s = "-" + s
	}
	return s
}

// TestOneRuleAcrossColumns checks that an amount prints with the same
// digits in a USD column and a Fixed2 one, and its share in a Percent one
// as the same amount in hundredths would.
func TestOneRuleAcrossColumns(t *testing.T) {
	for _, x := range []float64{1.005, 0.125, 2.675, 10.005, 1.115, 99.985, 0.155, 1234.995, -1.005} {
		usd := strings.Replace(USD(x), "$", "", 1)
		if fx := Fixed2(x); fx != usd {
			t.Errorf("%v: USD %q, Fixed2 %q; want one figure", x, USD(x), fx)
		}
		if pc := Percent(x / 100); x > 0.01 && pc != strings.ReplaceAll(usd, ",", "")+" %" && pc != usd+" %" {
			t.Errorf("%v: Percent(%v) %q, USD %q; want one figure", x, x/100, pc, USD(x))
		}
	}
}
