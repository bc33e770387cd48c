package format

import (
	"math"
	"slices"
	"strconv"
	"testing"
)

func TestValues(t *testing.T) {
	cases := []struct {
		name, got, want string
	}{
		// Text: tables, reports, findings.
		{"USD zero", USD(0), "$0.00"},
		{"USD below a cent", USD(0.006611), "$0.006611"},
		{"USD cents", USD(12.345), "$12.35"},
		{"USD just under a thousand", USD(999.99), "$999.99"},
		{"USD thousands", USD(1234.56), "$1,234.56"},
		{"USD millions", USD(2345678.9), "$2,345,678.90"},
		{"Millis below 10", Millis(0.8434), "0.843 ms"},
		{"Millis", Millis(84.34), "84.3 ms"},
		{"Millis seconds", Millis(1204.4), "1.204 s"},
		{"Millis minutes", Millis(125_400), "2m5s"},
		{"Millis hours", Millis(3_600_000), "1h0m0s"},
		{"Count", Count(1234567), "1,234,567"},
		{"Count small", Count(999), "999"},
		{"Count negative", Count(-1000), "-1,000"},
		{"Percent", Percent(0.12345), "12.35 %"},
		{"Percent rare", Percent(0.0000123), "0.0012 %"},
		{"Percent zero", Percent(0), "0.00 %"},
		{"PercentOf", PercentOf(1, 8), "12.50 %"},
		{"PercentOf rare", PercentOf(1, 1_000_000), "0.0001 %"},
		{"PercentOf nothing", PercentOf(0, 0), "0 %"},
		{"Ratio", Ratio(3.24), "3.2×"},
		{"Ratio from ten", Ratio(12.4), "12×"},
		{"Clock", Clock(3909.4), "1:05:09"},
		{"Clock a day", Clock(93600), "26:00:00"},
		{"RunLength hours", RunLength(7200), "2 h"},
		{"RunLength minutes", RunLength(1800), "30 min"},
		{"RunLength seconds", RunLength(45.5), "45.5 s"},
		{"RunLength minutes and seconds", RunLength(90.5), "1 min 30.5 s"},
		{"RunLength hours, minutes and seconds", RunLength(42336), "11 h 45 min 36 s"},
		{"RunLength hours and seconds", RunLength(3605), "1 h 5 s"},
		{"RunLength fraction", RunLength(42336.1), "11 h 45 min 36.1 s"},
		{"RunLength rounds to the millisecond", RunLength(119.9996), "2 min"},

		// Labels inside charts.
		{"MillisShort below 1", MillisShort(0.42), "0.42 ms"},
		{"MillisShort", MillisShort(4.25), "4.3 ms"},
		{"MillisShort hundreds", MillisShort(412.4), "412 ms"},
		{"MillisShort seconds", MillisShort(1234), "1.23 s"},
		{"USDShort cents", USDShort(0.042), "$0.042"},
		{"USDShort", USDShort(12.345), "$12.35"},
		{"USDShort hundreds", USDShort(1234.4), "$1,234"},
		{"USDShort thousands", USDShort(12345), "$12.3k"},
		{"USDShort millions", USDShort(2.5e6), "$2.5M"},
		// one ladder, k M B T, as the ticks (review: "$1,000,000M")
		{"USDShort billions", USDShort(4.123e9), "$4.12B"},
		{"USDShort trillion", USDShort(1e12), "$1T"},
		{"USDShort hundreds of trillions", USDShort(2.5e14), "$250T"},
		{"USDShort rounds up a rung", USDShort(999.96e6), "$1B"},
		{"USDShort rounds up to k", USDShort(9999.9), "$10k"},
		{"USDShort zero", USDShort(0), "$0.00"},
		{"USDShort negative", USDShort(-3), "−$3.00"},
		// half away from zero on the digits shown (review7: 9995 gave "$9.99k")
		{"USDShort half rounds up to k", USDShort(9995), "$10k"},
		{"USDShort half in k", USDShort(12350), "$12.4k"},
		{"USDShort half below half", USDShort(12349.9), "$12.3k"},
		{"USDShort negative half", USDShort(-9995), "−$10k"},
		{"USDShort half dollars", USDShort(250.5), "$251"},
		{"USDShort half cents", USDShort(0.125), "$0.13"},
		{"USDShort half in M", USDShort(1.005e6), "$1.01M"},
		// the case from the value as it prints (review9a: "$100.00" and "$0.1")
		{"USDShort rounds up to dollars", USDShort(99.995), "$100"},
		{"USDShort keeps cents below", USDShort(99.994), "$99.99"},
		{"USDShort keeps cents at 99.95", USDShort(99.95), "$99.95"},
		{"USDShort rounds up to cents", USDShort(0.09996), "$0.10"},
		{"USDShort rounds up to cents at two digits", USDShort(0.0995), "$0.10"},
		{"USDShort below a dime", USDShort(0.0994), "$0.099"},
		{"USDShort negative rounds up to dollars", USDShort(-99.995), "−$100"},
		{"USDShort +Inf", USDShort(math.Inf(1)), "∞"},
		{"USDShort -Inf", USDShort(math.Inf(-1)), "−∞"},
		{"USDShort NaN", USDShort(math.NaN()), "—"},
		{"USD +Inf", USD(math.Inf(1)), "∞"},
		{"USD NaN", USD(math.NaN()), "—"},
		{"Tick +Inf", Tick(Money, math.Inf(1), 0, math.Inf(1)), "∞"},
		{"Tick -Inf", Tick(Plain, math.Inf(-1), 1, 10), "−∞"},
		{"Tick NaN", Tick(Fraction, math.NaN(), 0.1, 1), "—"},
		{"Rate", Rate(0.0423), "0.042"},
		{"Rate tens", Rate(42.4), "42"},
		{"Rate thousands", Rate(4249), "4,200"},
		{"Sig", Sig(1234.5, 3), "1,230"},
		{"Sig fraction", Sig(0.04567, 2), "0.046"},
		{"Sig trailing zeros", Sig(2.5, 3), "2.5"},
		{"Sig NaN", Sig(math.NaN(), 2), "0"},
		{"Sig half", Sig(9.995, 3), "10"},
		{"Sig half fraction", Sig(0.0445, 2), "0.045"},
		{"Sig half large", Sig(1.2345e17, 4), "123,500,000,000,000,000"},
		{"Sig power of ten", Sig(1000, 3), "1,000"},
		{"Sig negative half", Sig(-2.45, 2), "-2.5"},
		{"group", group("1234567.5"), "1,234,567.5"},
		{"group negative", group("-1000"), "-1,000"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q; want %q", tc.got, tc.want)
			}
		})
	}
}

func TestTicks(t *testing.T) {
	cases := []struct {
		name string
		unit Unit
		vs   []float64
		step float64
		want []string
	}{
		{"plain", Plain, []float64{0, 500, 1000, 1500}, 500, []string{"0", "500", "1,000", "1,500"}},
		{"plain decimals", Plain, []float64{0, 0.2, 0.4}, 0.2, []string{"0.0", "0.2", "0.4"}},
		{"plain millions", Plain, []float64{0, 1e6, 2e6}, 1e6, []string{"0", "1M", "2M"}},
		{"plain negative", Plain, []float64{-2, 0, 2}, 2, []string{"−2", "0", "2"}},
		{"plain log", Plain, []float64{0.1, 1, 10, 1e6}, 0, []string{"0.1", "1", "10", "1M"}},
		{"money cents", Money, []float64{0, 0.5, 1}, 0.5, []string{"$0.00", "$0.50", "$1.00"}},
		{"money thousands", Money, []float64{0, 5000, 10000}, 5000, []string{"$0", "$5k", "$10k"}},
		{"money log", Money, []float64{0.05, 1, 100, 1000, 1e4}, 0, []string{"$0.05", "$1", "$100", "$1,000", "$10k"}},
		{"money millions", Money, []float64{0, 1e6, 2e6}, 1e6, []string{"$0", "$1M", "$2M"}},
		// a trillion is $1T, not "$1,000,000M" (review); B and T as USDShort
		{"money trillion", Money, []float64{0, 5e11, 1e12}, 5e11, []string{"$0.0", "$0.5T", "$1.0T"}},
		{"money billions", Money, []float64{0, 2e9, 4e9}, 2e9, []string{"$0", "$2B", "$4B"}},
		{"money log ladder", Money, []float64{1e3, 1e6, 1e9, 1e12, 1e15}, 0, []string{"$1,000", "$1M", "$1B", "$1T", "$1,000T"}},
		{"plain billions", Plain, []float64{0, 1e9, 2e9}, 1e9, []string{"0", "1B", "2B"}},
		{"plain log ladder", Plain, []float64{1e4, 1e6, 1e9, 1e12}, 0, []string{"10,000", "1M", "1B", "1T"}},
		{"money negative", Money, []float64{-5, 0, 5}, 5, []string{"−$5", "$0", "$5"}},
		{"fraction", Fraction, []float64{0, 0.2, 0.4}, 0.2, []string{"0%", "20%", "40%"}},
		{"fraction fine", Fraction, []float64{0, 0.005, 0.01}, 0.005, []string{"0.0%", "0.5%", "1.0%"}},
		// half away from zero on the digits shown, as USD and USDShort (review9a)
		{"money half cent", Money, []float64{0, 0.125}, 0.01, []string{"$0.00", "$0.13"}},
		{"money half cent negative", Money, []float64{-0.125, 0}, 0.01, []string{"−$0.13", "$0.00"}},
		{"money half in k", Money, []float64{0, 12350}, 500, []string{"$0.0", "$12.4k"}},
		{"money half dollar", Money, []float64{0, 2.5}, 1, []string{"$0", "$3"}},
		{"fraction half", Fraction, []float64{0, 0.125}, 0.01, []string{"0%", "13%"}},
		{"fraction half fine", Fraction, []float64{0, 0.00125}, 0.0001, []string{"0.00%", "0.13%"}},
		{"plain half", Plain, []float64{0, 1.005}, 0.01, []string{"0.00", "1.01"}},
		{"plain rounds to zero unsigned", Plain, []float64{-1e-17, 0.5}, 0.5, []string{"0.0", "0.5"}},
		{"money rounds to zero unsigned", Money, []float64{-0.001, 0.5}, 0.5, []string{"$0.00", "$0.50"}},
		{"plain half in M", Plain, []float64{0, 1.25e6}, 1e5, []string{"0.0", "1.3M"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Ticks(tc.unit, tc.vs, tc.step); !slices.Equal(got, tc.want) {
				t.Errorf("Ticks(%v, %v, %v) = %q; want %q", tc.unit, tc.vs, tc.step, got, tc.want)
			}
		})
	}
}

func TestAnd(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{{nil, ""}, {[]string{"a"}, "a"}, {[]string{"a", "b"}, "a and b"}, {[]string{"a", "b", "c"}, "a, b and c"}} {
		if got := And(tc.in); got != tc.want {
			t.Errorf("And(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestOr(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{{nil, ""}, {[]string{"a"}, "a"}, {[]string{"a", "b"}, "a or b"}, {[]string{"a", "b", "c"}, "a, b or c"}} {
		if got := Or(tc.in); got != tc.want {
			t.Errorf("Or(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestPlural(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "services"}, {1, "service"}, {2, "services"}, {-1, "services"}} {
		if got := Plural(tc.n, "service", "services"); got != tc.want {
			t.Errorf("Plural(%d, ...) = %q; want %q", tc.n, got, tc.want)
		}
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"lambda.memoryMB=1024":          "lambda.memoryMB=1024",
		`description=a "b" c # x`:       `'description=a "b" c # x'`,
		"name=it's":                     `'name=it'\''s'`,
		"":                              "''",
		"workload.work.io=exp(mean=2s)": "'workload.work.io=exp(mean=2s)'",
	} {
		if got := ShellQuote(in); got != want {
			t.Errorf("ShellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestFixed2(t *testing.T) {
	for x, want := range map[float64]string{1004.978: "1,004.98", 2.5: "2.50", 0: "0.00", 20099.554: "20,099.55"} {
		if got := Fixed2(x); got != want {
			t.Errorf("Fixed2(%v) = %s, want %s", x, got, want)
		}
	}
}

func TestMegabytesApart(t *testing.T) {
	for _, tc := range []struct {
		kb, limit    float64
		size, limit2 string
	}{
		{7373, 6144, "7.2 MB", "6 MB"},
		{6145, 6144, "6.001 MB", "6 MB"},
		{2048, 1024, "2 MB", "1 MB"},
	} {
		if s, l := MegabytesApart(tc.kb, tc.limit); s != tc.size || l != tc.limit2 {
			t.Errorf("MegabytesApart(%v, %v) = %q, %q; want %q, %q", tc.kb, tc.limit, s, l, tc.size, tc.limit2)
		}
	}
}

func TestFirstNames(t *testing.T) {
	names := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = "s" + strconv.Itoa(i)
		}
		return out
	}
	for _, tc := range []struct {
		names []string
		k     int
		want  string
	}{
		{nil, 3, ""},
		{[]string{"a"}, 3, "a"},
		{[]string{"a", "b"}, 3, "a and b"},
		{[]string{"a", "b", "c"}, 3, "a, b and c"},
		// one more is named, not counted: "and 1 more" hides a name for
		// no shorter a sentence
		{[]string{"a", "b", "c", "d"}, 3, "a, b, c and d"},
		{[]string{"a", "b", "c", "d", "e"}, 3, "a, b, c and 2 more"},
		{[]string{"a", "b", "c", "d", "e", "f", "g"}, 5, "a, b, c, d, e and 2 more"},
		{names(1203), 3, "s0, s1, s2 and 1,200 more"},
	} {
		if got := FirstNames(tc.names, tc.k); got != tc.want {
			t.Errorf("FirstNames(%q, %d) = %q, want %q", tc.names, tc.k, got, tc.want)
		}
	}
}
