package plots

import (
	"image/color"
	"math"
)

// Fixtures: a synthetic but plausible run — 30 minutes in 10-s windows,
// 50 req/s with a burst to 200 req/s from minute 10 to 15 — built from
// closed forms and a fixed pseudo-random sequence, so that the goldens do
// not depend on the simulator.

var testHeader = Header{Scenario: "checkout-spike", Seed: 42}

// The two looks the goldens were drawn with, as the simulator's platforms
// define them: the Kubernetes logo blue, solid, round markers; a deepened
// AWS orange (#FF9900 is too faint on white for a thin line), dashed,
// square markers; each with a darker shade for text.
var (
	Kubernetes = Model{Name: "kubernetes", Label: "Kubernetes",
		Line: rgb(0x32, 0x6C, 0xE5), Text: rgb(0x23, 0x4F, 0xB0), Dash: Solid, Glyph: Circle}
	Lambda = Model{Name: "lambda", Label: "AWS Lambda",
		Line: rgb(0xE0, 0x78, 0x00), Text: rgb(0xA6, 0x58, 0x00), Dash: Dashed, Glyph: Box}
)

// pool is a model the simulator does not have, in a look of its own.
var pool = Model{Name: "pool", Label: "Worker pool", Line: color.RGBA{G: 0x80, A: 0xFF}, Text: color.RGBA{G: 0x50, A: 0xFF}, Dash: DashDot, Glyph: Pyramid}

// noise is a deterministic sequence in [-1, 1).
type noise uint64

func (n *noise) next() float64 {
	*n = *n*6364136223846793005 + 1442695040888963407
	return float64(*n>>11)/float64(1<<53)*2 - 1
}

func lognormalCDF(x, p50, p99 float64) float64 {
	mu := math.Log(p50)
	sigma := (math.Log(p99) - mu) / 2.3263
	return 0.5 * (1 + math.Erf((math.Log(x)-mu)/(sigma*math.Sqrt2)))
}

// cdfFixture samples a lognormal CDF on a log grid of n points.
func cdfFixture(m Model, p50, p99 float64, n int) CDF {
	d := CDF{Model: m}
	for i := range n {
		x := math.Pow(10, 0.3+3.4*float64(i)/float64(n-1))
		d.LatencyMS = append(d.LatencyMS, x)
		d.Fraction = append(d.Fraction, lognormalCDF(x, p50, p99))
	}
	return d
}

func cdfFixtures(n int) []CDF {
	return []CDF{cdfFixture(Kubernetes, 28, 180, n), cdfFixture(Lambda, 34, 420, n)}
}

func seriesFixtures(windows int, windowS float64) []Series {
	nz := noise(7)
	k := Series{Model: Kubernetes}
	l := Series{Model: Lambda}
	pods, envs := 6.0, 12.0
	var kPods, kNodes, lEnvs []float64
	for i := range windows {
		t := float64(i) * windowS
		min := t / 60
		r := 50.0
		if min >= 10 && min < 15 {
			r = 200
		}
		arr := math.Round(r * windowS * (1 + 0.05*nz.next()))
		for _, s := range []*Series{&k, &l} {
			s.WindowStartS = append(s.WindowStartS, t)
			s.WindowEndS = append(s.WindowEndS, t+windowS)
			s.Arrivals = append(s.Arrivals, arr)
		}
		// Kubernetes: the HPA needs about two minutes to catch up.
		need := r / 8
		pods += (need - pods) * 0.08
		over := math.Max(0, r-pods*9)
		rej := math.Round(over * windowS * 0.6)
		k.Rejected = append(k.Rejected, rej)
		k.Throttled = append(k.Throttled, 0)
		k.Failed = append(k.Failed, 0)
		k.ColdStarts = append(k.ColdStarts, 0)
		k.Completed = append(k.Completed, arr-rej)
		kPods = append(kPods, math.Round(pods))
		kNodes = append(kNodes, math.Ceil(pods/4))
		k.Busy = append(k.Busy, r*0.03*(1+over/20)*(1+0.05*nz.next()))
		k.LatencyP50MS = append(k.LatencyP50MS, 26*(1+over/40)*(1+0.04*nz.next()))
		k.LatencyP99MS = append(k.LatencyP99MS, 170*(1+over/15)*(1+0.08*nz.next()))
		k.CostUSD = append(k.CostUSD, math.Ceil(pods/4)*0.192*windowS/3600+0.10*windowS/3600)
		// Lambda: environments follow demand at once, capped at 40 by
		// reserved concurrency; idle ones linger and are reaped.
		want := r * 0.25
		cold := math.Max(0, math.Min(want, 40)-envs)
		envs = math.Min(40, math.Max(envs*0.9, want))
		thr := math.Round(math.Max(0, want-40) / want * arr)
		l.Throttled = append(l.Throttled, thr)
		l.Rejected = append(l.Rejected, 0)
		l.Failed = append(l.Failed, 0)
		l.ColdStarts = append(l.ColdStarts, math.Round(cold*3+windowS*0.05))
		l.Completed = append(l.Completed, arr-thr)
		lEnvs = append(lEnvs, math.Round(envs))
		l.Busy = append(l.Busy, math.Min(want, 40)*(1+0.05*nz.next()))
		l.LatencyP50MS = append(l.LatencyP50MS, 33*(1+0.04*nz.next()))
		l.LatencyP99MS = append(l.LatencyP99MS, (300+cold*40)*(1+0.1*nz.next()))
		l.CostUSD = append(l.CostUSD, (arr-thr)*(0.2e-6+0.045*1.0*0.0000166667))
	}
	// peaks: a window's highest level is the mean rounded up (a step
	// within the window), the environments' one more while they grow
	peak := func(vs []float64, grow float64) []float64 {
		out := make([]float64, len(vs))
		for i, v := range vs {
			out[i] = math.Ceil(v)
			if i > 0 && v > vs[i-1] {
				out[i] = math.Ceil(v + grow)
			}
		}
		return out
	}
	k.Levels = []Level{{Name: "ready pods", Values: kPods, Main: true, Peak: peak(kPods, 1)}, {Name: "nodes", Values: kNodes, Peak: peak(kNodes, 0)}}
	l.Levels = []Level{{Name: "environments", Values: lEnvs, Main: true, Peak: peak(lEnvs, 3), Demand: true}}
	return []Series{k, l}
}

// costFixtures: Lambda's cost grows with the rate; the cluster's in node
// steps over a fixed base, so they cross once.
func costFixtures(n int) []CostCurve {
	k := CostCurve{Model: Kubernetes}
	l := CostCurve{Model: Lambda}
	for i := range n {
		r := math.Pow(10, -1+4*float64(i)/float64(n-1))
		perMonth := r * 3600 * HoursPerMonth
		k.RatePerSecond = append(k.RatePerSecond, r)
		k.MonthlyUSD = append(k.MonthlyUSD, 73+140*math.Max(2, math.Ceil(r/120)))
		l.RatePerSecond = append(l.RatePerSecond, r)
		l.MonthlyUSD = append(l.MonthlyUSD, perMonth*(0.2e-6+0.12*0.5*0.0000166667)+16.2)
	}
	return []CostCurve{k, l}
}

func sweepFixtures() []SweepSeries {
	xs := []float64{100, 200, 400, 800}
	return []SweepSeries{
		{Name: "Kubernetes", Model: Kubernetes, X: xs,
			Mean: []float64{180, 176, 181, 179}, Lo: []float64{165, 160, 168, 166}, Hi: []float64{195, 190, 193, 192}},
		{Name: "AWS Lambda", Model: Lambda, X: xs,
			Mean: []float64{1900, 640, 330, 310}, Lo: []float64{1500, 540, 300, 290}, Hi: []float64{2300, 740, 360, 330}},
	}
}

// quantileFixture is a lognormal distribution as a run saves it: its
// latency at the quantiles 0, 0.01, …, 0.99, 0.991, …, 0.999, 0.9991, …,
// 0.9999 and 1 (the largest, taken at the 0.99999 quantile), of n
// completed requests.
func quantileFixture(m Model, p50, p99 float64, n int64) CDF {
	d := CDF{Model: m, Completed: n}
	var qs []float64
	for i := range 100 {
		qs = append(qs, float64(i)/100)
	}
	for i := 1; i <= 9; i++ {
		qs = append(qs, 0.99+float64(i)/1000)
	}
	for i := 1; i <= 9; i++ {
		qs = append(qs, 0.999+float64(i)/10000)
	}
	qs = append(qs, 1)
	mu := math.Log(p50)
	sigma := (math.Log(p99) - mu) / 2.3263
	for _, q := range qs {
		at := math.Min(math.Max(q, 1e-5), 1-1e-5)
		x := math.Exp(mu + sigma*math.Sqrt2*math.Erfinv(2*at-1))
		d.LatencyMS = append(d.LatencyMS, math.Round(x*1000)/1000)
		d.Fraction = append(d.Fraction, q)
	}
	return d
}
