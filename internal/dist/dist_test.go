package dist

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func nan() float64 { return math.NaN() }

const ms = float64(time.Millisecond)

// Closed forms used below, in nanoseconds.
var (
	// lognormal(p50=120ms,p99=900ms): mu = ln p50, sigma = ln(p99/p50)/z, with
	// z = 2.3263478740408408, the 0.99 quantile of N(0,1) to 17 digits.
	lnMu    = math.Log(120 * ms)
	lnSigma = math.Log(900.0/120) / 2.3263478740408408
	lnMean  = math.Exp(lnMu + lnSigma*lnSigma/2)
	lnSD    = lnMean * math.Sqrt(math.Expm1(lnSigma*lnSigma))

	// empirical(p0=0s,p50=100ms,p100=200ms): the lower half is linear from 0
	// to 100ms, the upper half geometric from 100ms to 200ms.
	//   mean  = ½·(100ms/2) + ½·(200ms−100ms)/ln 2
	//   E[X²] = ½·(100ms)²/3 + ½·((200ms)²−(100ms)²)/(2 ln 2)
	empMean = 0.5*50*ms + 0.5*100*ms/math.Ln2
	empSD   = math.Sqrt(0.5*(100*ms)*(100*ms)/3 + 0.5*3*(100*ms)*(100*ms)/(2*math.Ln2) - empMean*empMean)
)

// azure is shaped like the Azure Functions duration percentiles: a long,
// heavy right tail.
const azure = "empirical(p0=1ms,p1=2ms,p25=40ms,p50=150ms,p75=600ms,p99=20s,p99.9=1m,p100=5m)"

// sampleCases have an analytic mean and standard deviation (sd < 0: not known
// in closed form; the sample's own is used for the standard error).
var sampleCases = []struct {
	spec     string
	mean, sd float64 // nanoseconds
}{
	{"250ms", 250 * ms, 0},
	{"exp(mean=250ms)", 250 * ms, 250 * ms},
	{"uniform(100ms,250ms)", 175 * ms, 150 * ms / math.Sqrt(12)},
	{"lognormal(p50=120ms,p99=900ms)", lnMean, lnSD},
	{"lognormal(mean=300ms,sd=200ms)", 300 * ms, 200 * ms},
	{"gamma(mean=250ms,cv=0.5)", 250 * ms, 125 * ms}, // shape 4
	{"gamma(mean=250ms,cv=1.5)", 250 * ms, 375 * ms}, // shape 0.44: Marsaglia-Tsang with boost
	{"gamma(mean=250ms,cv=3)", 250 * ms, 750 * ms},   // shape 0.11: Liu-Martin-Syring
	{"empirical(p0=0s,p50=100ms,p100=200ms)", empMean, empSD},
	{azure, -1, -1},
	{"scale(2,exp(mean=250ms))", 500 * ms, 500 * ms},
}

// TestMeanClosedForm checks Mean against the formulas above, allowing for
// rounding to the nanosecond.
func TestMeanClosedForm(t *testing.T) {
	for _, tc := range sampleCases {
		if tc.mean < 0 {
			continue
		}
		got := MustParse(tc.spec).Mean()
		if math.Abs(float64(got)-tc.mean) > 0.5+1e-12*tc.mean {
			t.Errorf("%s: Mean() = %v; want %.1fns", tc.spec, got, tc.mean)
		}
	}
}

// TestEmpiricalMeanIntegral checks the analytic mean of empirical
// distributions against a midpoint-rule integral of the inverse CDF over a
// million strips. The curve is smooth within each segment, so the rule's
// error is far below the 1e-6 relative tolerance.
func TestEmpiricalMeanIntegral(t *testing.T) {
	for _, spec := range []string{
		"empirical(p0=0s,p50=100ms,p100=200ms)",
		"empirical(p0=0s,p100=1s)",
		"empirical(p0=2s,p100=2s)",
		"empirical(p0=0s,p10=0s,p20=5ms,p90=5ms,p100=1s)",
		azure,
	} {
		e := MustParse(spec).(*empirical)
		const n = 1_000_000
		sum := 0.0
		for i := range n {
			sum += e.at((float64(i) + 0.5) / n)
		}
		want := sum / n
		if got := float64(e.Mean()); math.Abs(got-want) > 1e-6*want+0.5 {
			t.Errorf("%s: Mean() = %.0fns; integral gives %.0fns", spec, got, want)
		}
	}
}

func TestEmpiricalHandComputed(t *testing.T) {
	tests := []struct {
		spec string
		mean time.Duration
	}{
		{"empirical(p0=0s,p100=1s)", 500 * time.Millisecond},
		{"empirical(p0=2s,p100=2s)", 2 * time.Second},
		// Geometric from 1s to e·1s: mean (e−1)·1s.
		{"empirical(p0=1s,p100=2.718281828s)", 1718281828 * time.Nanosecond},
		// ½·(0+100ms)/2 + ½·(100ms/ln 2) = 25ms + 72.134752ms.
		{"empirical(p0=0s,p50=100ms,p100=200ms)", 97134752 * time.Nanosecond},
	}
	for _, tc := range tests {
		if got := MustParse(tc.spec).Mean(); got != tc.mean {
			t.Errorf("%s: Mean() = %v; want %v", tc.spec, got, tc.mean)
		}
	}
}

func TestQuantileClosedForm(t *testing.T) {
	tests := []struct {
		spec string
		p    float64
		want float64 // nanoseconds
	}{
		{"250ms", 0.3, 250 * ms},
		{"exp(mean=250ms)", 0, 0},
		{"exp(mean=250ms)", 0.5, 250 * ms * math.Ln2},
		{"exp(mean=250ms)", 0.99, 250 * ms * math.Log(100)},
		{"exp(mean=250ms)", 1, math.MaxInt64},
		{"uniform(100ms,250ms)", 0, 100 * ms},
		{"uniform(100ms,250ms)", 0.5, 175 * ms},
		{"uniform(100ms,250ms)", 1, 250 * ms},
		{"lognormal(p50=120ms,p99=900ms)", 0.5, 120 * ms},
		{"lognormal(p50=120ms,p99=900ms)", 0.99, 900 * ms},
		{"lognormal(p50=120ms,p99=900ms)", 0, 0},
		// mean=300ms, sd=200ms: median = mean/sqrt(1+cv²).
		{"lognormal(mean=300ms,sd=200ms)", 0.5, 300 * ms / math.Sqrt(1+4.0/9)},
		// cv = 1 is the exponential distribution.
		{"gamma(mean=250ms,cv=1)", 0.5, 250 * ms * math.Ln2},
		{"gamma(mean=250ms,cv=1)", 0.9, 250 * ms * math.Log(10)},
		{"empirical(p0=0s,p50=100ms,p100=200ms)", 0, 0},
		{"empirical(p0=0s,p50=100ms,p100=200ms)", 0.25, 50 * ms},
		{"empirical(p0=0s,p50=100ms,p100=200ms)", 0.5, 100 * ms},
		{"empirical(p0=0s,p50=100ms,p100=200ms)", 0.75, 100 * ms * math.Sqrt2},
		{"empirical(p0=0s,p50=100ms,p100=200ms)", 1, 200 * ms},
		{azure, 0.999, 60000 * ms},
		{azure, 0.9945, 20000 * ms * math.Sqrt(3)}, // halfway between p99 and p99.9, geometric
		{"scale(2,exp(mean=250ms))", 0.5, 500 * ms * math.Ln2},
		{"scale(0.5,exp(mean=250ms))", 1, math.MaxInt64},
	}
	for _, tc := range tests {
		got := float64(MustParse(tc.spec).Quantile(tc.p))
		// Rounding to the nanosecond, plus 1e-9 relative for gonum's
		// numerical inverses (normal quantile, regularized incomplete gamma).
		if math.Abs(got-tc.want) > 0.5+1e-9*tc.want {
			t.Errorf("%s: Quantile(%v) = %.0fns; want %.1fns", tc.spec, tc.p, got, tc.want)
		}
	}
}

// TestSampleMoments draws n samples per distribution and compares the sample
// mean with Mean, and the sample's empirical CDF with Quantile.
func TestSampleMoments(t *testing.T) {
	const n = 200_000
	for _, tc := range sampleCases {
		t.Run(tc.spec, func(t *testing.T) {
			d := MustParse(tc.spec)
			r := rand.New(rand.NewPCG(1, 2))
			xs := make([]float64, n)
			sum := 0.0
			for i := range xs {
				x := d.Sample(r)
				if x < 0 {
					t.Fatalf("Sample() = %v < 0", x)
				}
				xs[i] = float64(x)
				sum += xs[i]
			}
			mean := sum / n
			sd := tc.sd
			if sd < 0 {
				ss := 0.0
				for _, x := range xs {
					ss += (x - mean) * (x - mean)
				}
				sd = math.Sqrt(ss / (n - 1))
			}
			// The sample mean is within 4 standard errors of the true mean
			// (a 6e-5 two-sided chance of failing for a correct sampler, by the
			// central limit theorem); 1ns more for rounding each sample.
			se := sd / math.Sqrt(n)
			want := float64(d.Mean())
			if se > 0 {
				t.Logf("sample mean %.0fns, Mean() %.0fns: %+.2f standard errors", mean, want, (mean-want)/se)
			}
			if math.Abs(mean-want) > 4*se+1 {
				t.Errorf("sample mean %.0fns; Mean() = %.0fns (standard error %.0fns, off by %.1f SE)",
					mean, want, se, math.Abs(mean-want)/se)
			}
			if tc.sd == 0 {
				return
			}
			// Quantile, checked in probability space: the number of samples
			// at or below the true p-quantile is Binomial(n, p) whatever the
			// shape of the distribution, so that fraction is within
			// 4·sqrt(p(1−p)/n) of p. This needs no density at the quantile,
			// unlike a tolerance on the sample quantile itself. Samples and
			// Quantile are both rounded to the nanosecond, which can put an
			// atom at a value (gamma with cv=3 rounds 9% of its samples to
			// 0s), so the fraction strictly below Quantile(p) must not exceed
			// p, and the fraction at or below it must reach p.
			slices.Sort(xs)
			for _, p := range []float64{0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999} {
				q := float64(d.Quantile(p))
				below, _ := slices.BinarySearch(xs, q)
				atOrBelow, _ := slices.BinarySearch(xs, math.Nextafter(q, math.Inf(1)))
				lo, hi := float64(below)/n, float64(atOrBelow)/n
				tol := 4 * math.Sqrt(p*(1-p)/n)
				if lo > p+tol || hi < p-tol {
					t.Errorf("Quantile(%v) = %v, but %.5f of the samples are below it and %.5f at or below (tolerance %.5f)",
						p, time.Duration(q), lo, hi, tol)
				}
			}
		})
	}
}

// TestDeterminism: the same seed gives the same samples; another seed does not.
func TestDeterminism(t *testing.T) {
	for _, tc := range sampleCases {
		d := MustParse(tc.spec)
		draw := func(seed uint64) []time.Duration {
			r := rand.New(rand.NewPCG(seed, 99))
			out := make([]time.Duration, 1000)
			for i := range out {
				out[i] = d.Sample(r)
			}
			return out
		}
		a, b, c := draw(7), draw(7), draw(8)
		if !slices.Equal(a, b) {
			t.Errorf("%s: two runs with seed 7 differ", tc.spec)
		}
		if tc.sd != 0 && slices.Equal(a, c) {
			t.Errorf("%s: seeds 7 and 8 give the same samples", tc.spec)
		}
	}
}

// TestSampleUsesOnlyR: sampling advances the given stream and nothing else,
// so two interleaved consumers on separate streams do not disturb each other.
func TestSampleUsesOnlyR(t *testing.T) {
	for _, tc := range sampleCases {
		d := MustParse(tc.spec)
		alone := rand.New(rand.NewPCG(3, 4))
		mixed, other := rand.New(rand.NewPCG(3, 4)), rand.New(rand.NewPCG(5, 6))
		for i := range 100 {
			want := d.Sample(alone)
			other.Uint64()
			if got := d.Sample(mixed); got != want {
				t.Fatalf("%s: sample %d = %v interleaved, %v alone", tc.spec, i, got, want)
			}
		}
	}
}

func TestToDuration(t *testing.T) {
	tests := []struct {
		in   float64
		want time.Duration
	}{
		{-1, 0},
		{math.NaN(), 0},
		{math.Inf(-1), 0},
		{0.49, 0},
		{0.5, 1},
		{1.5e9, 1500 * time.Millisecond},
		{1e30, math.MaxInt64},
		{math.Inf(1), math.MaxInt64},
	}
	for _, tc := range tests {
		if got := toDuration(tc.in); got != tc.want {
			t.Errorf("toDuration(%v) = %v; want %v", tc.in, got, tc.want)
		}
	}
}

// Empirical builds what Parse reads from the same points, and refuses what
// Parse refuses.
func TestEmpiricalConstructor(t *testing.T) {
	ms := time.Millisecond
	d, err := Empirical([]float64{0, 1, 25, 50, 75, 99, 100}, []time.Duration{ms, ms, 2 * ms, 3 * ms, 5 * ms, 40 * ms, 500 * ms})
	if err != nil {
		t.Fatal(err)
	}
	want := MustParse("empirical(p0=1ms,p1=1ms,p25=2ms,p50=3ms,p75=5ms,p99=40ms,p100=500ms)")
	if d.String() != want.String() || d.Mean() != want.Mean() || d.Quantile(0.9) != want.Quantile(0.9) {
		t.Errorf("Empirical = %v (mean %v); want %v (mean %v)", d, d.Mean(), want, want.Mean())
	}
	for _, tc := range []struct {
		pct  []float64
		val  []time.Duration
		want string
	}{
		{[]float64{0, 100}, []time.Duration{ms}, "empirical: 2 percentiles but 1 values"},
		{[]float64{0, 50, 50, 100}, []time.Duration{ms, ms, ms, ms}, "empirical: percentiles must increase (p50 after p50)"},
		{[]float64{0, 100}, []time.Duration{2 * ms, ms}, "empirical: values must not decrease (p100=1ms < p0=2ms)"},
		{[]float64{0, 100}, []time.Duration{-ms, ms}, "empirical: p0 must not be negative (got -1ms)"},
		{[]float64{1, 100}, []time.Duration{ms, ms}, "empirical: p0 and p100 are required"},
		{[]float64{0, 101}, []time.Duration{ms, ms}, "empirical: percentile p101 is outside 0 to 100"},
	} {
		if _, err := Empirical(tc.pct, tc.val); err == nil || err.Error() != tc.want {
			t.Errorf("Empirical(%v, %v) error = %v; want %s", tc.pct, tc.val, err, tc.want)
		}
	}
}

func TestRoundHalfUpIsMathRound(t *testing.T) {
	xs := []float64{0, 0.25, 0.5, 1, 1.5, 2.5, 3.5, 0.49999999999999994, math.Nextafter(0.5, 1), math.Nextafter(1.5, 0),
		1 << 51, 1<<52 - 0.5, 1<<52 + 1, 1<<53 + 2, 1 << 62, math.Nextafter(1<<63, 0), 123456789.5, 123456789.49999997}
	r := rand.New(rand.NewPCG(7, 7))
	for range 100_000 {
		xs = append(xs, r.ExpFloat64()*1e9, math.Floor(r.Float64()*1e12)+0.5, r.Float64()*float64(uint64(1)<<uint(r.IntN(63))))
	}
	for _, x := range xs {
		if got, want := RoundHalfUp(x), int64(math.Round(x)); got != want {
			t.Errorf("RoundHalfUp(%v) = %d; math.Round gives %d", x, got, want)
		}
	}
}

// A PCGSampler's SamplePCG returns what Sample returns through a
// rand.Rand on the same stream, and leaves the stream where Sample does:
// the shortcut changes no number. Bounds of every size are tried,
// including an empty range and ones far past 2⁵³ ns.
func TestSamplePCGIsSample(t *testing.T) {
	for _, spec := range []string{"uniform(5m,7m)", "uniform(0s,1ns)", "uniform(3s,3s)", "uniform(0s,1ms)",
		"uniform(1ns,2000h)", "uniform(100ms,250ms)", "600s", "0s"} {
		d := MustParse(spec)
		s, ok := d.(PCGSampler)
		if !ok {
			t.Fatalf("%s: not a PCGSampler", spec)
		}
		for seed := range uint64(4) {
			a, b := rand.NewPCG(seed, 7), rand.NewPCG(seed, 7)
			r := rand.New(b)
			for i := range 20000 {
				if got, want := s.SamplePCG(a), d.Sample(r); got != want {
					t.Fatalf("%s seed %d draw %d: SamplePCG %d; Sample %d", spec, seed, i, got, want)
				}
			}
			if a.Uint64() != b.Uint64() {
				t.Fatalf("%s seed %d: the streams parted", spec, seed)
			}
		}
	}
}

// The uniform's sample is still rand.Rand.Float64's U scaled as before,
// written out: min + U·(max−min).
func TestUniformSampleIsFloat64Scaled(t *testing.T) {
	u := MustParse("uniform(5m,7m)")
	a, b := rand.New(rand.NewPCG(3, 4)), rand.New(rand.NewPCG(3, 4))
	lo, hi := float64(5*time.Minute), float64(7*time.Minute)
	for i := range 100000 {
		if got, want := u.Sample(a), toDuration(b.Float64()*(hi-lo)+lo); got != want {
			t.Fatalf("draw %d: %d; want %d", i, got, want)
		}
	}
}
