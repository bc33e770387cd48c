package plots

import (
	"bytes"
	"image/png"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/execsim/execsim/internal/golden"
)

func render(t *testing.T, c *Chart, format string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(&buf, format); err != nil {
		t.Fatalf("Render(%s): %v", format, err)
	}
	return buf.Bytes()
}

// Small fixtures keep the goldens short enough to review in a diff.
func goldenCharts() map[string]func() *Chart {
	series := seriesFixtures(36, 50)
	return map[string]func() *Chart{
		"cdf": func() *Chart {
			cdfs := cdfFixtures(40)
			cdfs[1].Refused, cdfs[1].InFlight = 0.12, 0.004 // Lambda's curve ends at 87.6 %, labelled
			return LatencyCDF(testHeader, cdfs)
		},
		"tail": func() *Chart {
			// Kubernetes resolves p99.99; Lambda, 12 % refused, ends at p99.8
			k, l := quantileFixture(Kubernetes, 28, 180, 50_000), quantileFixture(Lambda, 34, 420, 600)
			l.Refused, l.InFlight = 0.12, 0.004
			return LatencyTail(testHeader, []CDF{k, l}, TailSLO{Quantile: 0.99, TargetMS: 500})
		},
		"latency":      func() *Chart { return LatencyOverTime(testHeader, series) },
		"outcomes":     func() *Chart { return Outcomes(testHeader, series) },
		"capacity":     func() *Chart { return Capacity(testHeader, series) },
		"cost":         func() *Chart { return CumulativeCost(testHeader, series) },
		"breakeven":    func() *Chart { return BreakEven(testHeader, costFixtures(9)) },
		"fleet":        func() *Chart { return Fleet(testHeader, Kubernetes, Lambda, fleetFixture(40)) },
		"fleet-placed": func() *Chart { return FleetPlaced(testHeader, placedFixture()) },
		"sweep": func() *Chart {
			return Sweep(testHeader, SweepAxes{Parameter: "Lambda reserved concurrency", ParameterUnit: "environments", Field: "latency p99", FieldUnit: "ms", LogY: true}, sweepFixtures())
		},
	}
}

// The SVG of a few charts is compared byte for byte with testdata/*.svg;
// `go test ./plots -update` rewrites them (review the diff, and look at the
// files in a browser).
func TestGoldenSVG(t *testing.T) {
	charts := goldenCharts()
	for _, name := range []string{"cdf", "tail", "latency", "capacity", "breakeven", "sweep", "fleet", "fleet-placed"} {
		t.Run(name, func(t *testing.T) {
			golden.Check(t, "testdata/"+name+".svg", render(t, charts[name](), "svg"))
		})
	}
}

// Same input, same bytes: twice from scratch, and the same chart drawn
// twice (drawing must not change a chart).
func TestDeterministic(t *testing.T) {
	for name, build := range goldenCharts() {
		for _, format := range []string{"svg", "png"} {
			t.Run(name+"."+format, func(t *testing.T) {
				c := build()
				a := render(t, c, format)
				b := render(t, c, format)
				fresh := render(t, build(), format)
				if !bytes.Equal(a, b) {
					t.Errorf("drawing the same chart twice gave different %s bytes", format)
				}
				if !bytes.Equal(a, fresh) {
					t.Errorf("building the chart twice gave different %s bytes", format)
				}
			})
		}
	}
}

func TestPNGSize(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(render(t, LatencyCDF(testHeader, cdfFixtures(20)), "png")))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 800 {
		t.Errorf("PNG is %dx%d; want 1200x800", b.Dx(), b.Dy())
	}
}

// Every model keeps its colour in every chart.
func TestModelColours(t *testing.T) {
	for name, build := range goldenCharts() {
		svg := string(render(t, build(), "svg"))
		for _, col := range []string{"#326CE5", "#E07800"} {
			if !strings.Contains(svg, col) {
				t.Errorf("%s: colour %s missing", name, col)
			}
		}
	}
}

func TestSVGFontFallback(t *testing.T) {
	svg := string(render(t, LatencyCDF(testHeader, nil), "svg"))
	if strings.Contains(svg, "font-family:Liberation Sans;") || !strings.Contains(svg, "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;") {
		t.Error("SVG text lacks the Arial/Helvetica fallback")
	}
}

func TestTitle(t *testing.T) {
	c := LatencyCDF(Header{Scenario: "lambda-burst", Seed: 7}, nil)
	if want := "Latency distribution (CDF) — lambda-burst, seed 7"; c.Title != want {
		t.Errorf("Title = %q; want %q", c.Title, want)
	}
}

func TestSave(t *testing.T) {
	dir := t.TempDir() + "/plots"
	if err := Save(CumulativeCost(testHeader, seriesFixtures(10, 60)), dir, "cost"); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"cost.png", "cost.svg"} {
		if !fileExists(dir + "/" + f) {
			t.Errorf("Save did not write %s", f)
		}
	}
}

// Odd inputs render cleanly: no panic, no NaN or Inf in the output.
func TestEdgeCases(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	one := func(m Model) Series {
		return Series{Model: m, WindowStartS: []float64{0}, WindowEndS: []float64{60},
			Arrivals: []float64{10}, Completed: []float64{10}, Throttled: []float64{0},
			LatencyP50MS: []float64{12}, LatencyP99MS: []float64{80},
			Levels: []Level{{Name: "ready pods", Values: []float64{2}, Main: true, Peak: []float64{2}}, {Name: "environments", Values: []float64{3}, Main: true, Demand: true}, {Name: "nodes", Values: []float64{1}}},
			Busy:   []float64{1}, CostUSD: []float64{0.01}}
	}
	zeros := func(m Model) Series {
		z := make([]float64, 5)
		return Series{Model: m, WindowStartS: []float64{0, 10, 20, 30, 40},
			Arrivals: z, Completed: z, Throttled: z, Rejected: z, Failed: z, ColdStarts: z,
			LatencyP50MS: z, LatencyP99MS: z, Busy: z, CostUSD: z,
			Levels: []Level{{Name: "ready pods", Values: z, Main: true, Peak: z}, {Name: "environments", Values: z, Main: true}, {Name: "nodes", Values: z}}}
	}
	gappy := Series{Model: Lambda, WindowStartS: []float64{0, 10, 20, 30}, WindowEndS: []float64{10, 20, 30, 40},
		Arrivals: []float64{5, nan, 5, 5}, Completed: []float64{5, 5, inf, 5},
		LatencyP50MS: []float64{nan, 10, -1, 12}, LatencyP99MS: []float64{nan, nan, 90, nan},
		Levels: []Level{{Name: "environments", Values: []float64{1, nan, 2, 2}, Main: true, Peak: []float64{2, 1, nan, 3}, Demand: true}}, Busy: []float64{0.5, 0.5, nan, 1}, CostUSD: []float64{0.1, nan, 0.1, inf}}
	lambdaOnly := seriesFixtures(12, 10)[1:]
	pt1 := CostCurve{Model: Kubernetes, RatePerSecond: []float64{10}, MonthlyUSD: []float64{200}}
	free := CostCurve{Model: Lambda, RatePerSecond: []float64{0, 0.1, 1, 10, 100}, MonthlyUSD: []float64{0, 0, 0, 20, 300}}
	flat := CostCurve{Model: Kubernetes, RatePerSecond: []float64{0.1, 1, 10, 100}, MonthlyUSD: []float64{150, 150, 150, 150}}
	same := CostCurve{Model: Lambda, RatePerSecond: []float64{0.1, 1, 10, 100}, MonthlyUSD: []float64{150, 150, 150, 150}}
	axes := SweepAxes{Parameter: "workload.ratePerSecond", ParameterUnit: "req/s", Field: "cost per million", FieldUnit: "$"}

	cases := []struct {
		name  string
		build func() *Chart
	}{
		{"cdf/none", func() *Chart { return LatencyCDF(testHeader, nil) }},
		{"cdf/one model", func() *Chart { return LatencyCDF(testHeader, cdfFixtures(30)[1:]) }},
		{"cdf/empty model", func() *Chart {
			return LatencyCDF(testHeader, []CDF{{Model: Kubernetes}, cdfFixture(Lambda, 30, 300, 20)})
		}},
		{"cdf/single point", func() *Chart {
			return LatencyCDF(testHeader, []CDF{{Model: Kubernetes, LatencyMS: []float64{42}, Fraction: []float64{1}}})
		}},
		{"cdf/bad points", func() *Chart {
			return LatencyCDF(testHeader, []CDF{{Model: Lambda, LatencyMS: []float64{0, -3, nan, 5, 2, inf, 9}, Fraction: []float64{0.1, 0.2, 0.3, 0.9, 0.4, 0.95, nan}}})
		}},
		{"cdf/all zero fraction", func() *Chart {
			return LatencyCDF(testHeader, []CDF{{Model: Kubernetes, LatencyMS: []float64{1, 2, 3}, Fraction: []float64{0, 0, 0}}})
		}},
		{"cdf/given percentiles", func() *Chart {
			d := cdfFixture(Kubernetes, 20, 200, 30)
			d.P50MS, d.P95MS, d.P99MS = 21, 120, 210
			return LatencyCDF(testHeader, []CDF{d})
		}},
		{"cdf/everything refused", func() *Chart {
			return LatencyCDF(testHeader, []CDF{{Model: Lambda, Refused: 1}, {Model: Kubernetes, Refused: nan, InFlight: -1, LatencyMS: []float64{1, 2}, Fraction: []float64{0.5, 1}}})
		}},
		{"cdf/refused and in flight", func() *Chart {
			a, b := cdfFixture(Kubernetes, 20, 200, 30), cdfFixture(Lambda, 30, 300, 30)
			a.Refused, a.InFlight, b.Refused = 0.39, 0.02, 0.0001
			return LatencyCDF(testHeader, []CDF{a, b})
		}},
		{"cdf/other model", func() *Chart { return LatencyCDF(testHeader, []CDF{cdfFixture(Model{Name: "cloud-run"}, 20, 200, 30)}) }},
		{"latency/none", func() *Chart { return LatencyOverTime(testHeader, nil) }},
		{"latency/one window", func() *Chart { return LatencyOverTime(testHeader, []Series{one(Kubernetes)}) }},
		{"latency/zeros", func() *Chart { return LatencyOverTime(testHeader, []Series{zeros(Kubernetes), zeros(Lambda)}) }},
		{"latency/gaps", func() *Chart { return LatencyOverTime(testHeader, []Series{gappy}) }},
		{"latency/one model", func() *Chart { return LatencyOverTime(testHeader, lambdaOnly) }},
		{"latency/no end", func() *Chart {
			s := one(Lambda)
			s.WindowEndS = nil
			return LatencyOverTime(testHeader, []Series{s})
		}},
		{"outcomes/none", func() *Chart { return Outcomes(testHeader, nil) }},
		{"outcomes/zeros", func() *Chart { return Outcomes(testHeader, []Series{zeros(Kubernetes), zeros(Lambda)}) }},
		{"outcomes/one window", func() *Chart { return Outcomes(testHeader, []Series{one(Kubernetes), one(Lambda)}) }},
		{"outcomes/gaps", func() *Chart { return Outcomes(testHeader, []Series{gappy}) }},
		{"outcomes/one model", func() *Chart { return Outcomes(testHeader, lambdaOnly) }},
		{"capacity/none", func() *Chart { return Capacity(testHeader, nil) }},
		{"capacity/zeros", func() *Chart { return Capacity(testHeader, []Series{zeros(Kubernetes)}) }},
		{"capacity/one window", func() *Chart { return Capacity(testHeader, []Series{one(Kubernetes), one(Lambda)}) }},
		{"capacity/gaps", func() *Chart { return Capacity(testHeader, []Series{gappy}) }},
		{"capacity/one model", func() *Chart { return Capacity(testHeader, lambdaOnly) }},
		{"cost/none", func() *Chart { return CumulativeCost(testHeader, nil) }},
		{"cost/zeros", func() *Chart { return CumulativeCost(testHeader, []Series{zeros(Kubernetes), zeros(Lambda)}) }},
		{"cost/one window", func() *Chart { return CumulativeCost(testHeader, []Series{one(Lambda)}) }},
		{"cost/gaps", func() *Chart { return CumulativeCost(testHeader, []Series{gappy}) }},
		{"cost/no windows", func() *Chart { return CumulativeCost(testHeader, []Series{{Model: Lambda, CostUSD: []float64{}}}) }},
		{"breakeven/none", func() *Chart { return BreakEven(testHeader, nil) }},
		{"breakeven/one model", func() *Chart { return BreakEven(testHeader, costFixtures(7)[1:]) }},
		{"breakeven/single points", func() *Chart {
			return BreakEven(testHeader, []CostCurve{pt1, {Model: Lambda, RatePerSecond: []float64{10}, MonthlyUSD: []float64{30}}})
		}},
		{"breakeven/free tier zeros", func() *Chart { return BreakEven(testHeader, []CostCurve{flat, free}) }},
		{"breakeven/identical", func() *Chart { return BreakEven(testHeader, []CostCurve{flat, same}) }},
		{"breakeven/empty curve", func() *Chart { return BreakEven(testHeader, []CostCurve{{Model: Kubernetes}, free}) }},
		{"breakeven/three models", func() *Chart {
			cs := costFixtures(9)
			third := CostCurve{Model: Model{Name: "fargate"}, RatePerSecond: cs[0].RatePerSecond, MonthlyUSD: make([]float64, 9)}
			for i, r := range third.RatePerSecond {
				third.MonthlyUSD[i] = 60 + 3*r
			}
			return BreakEven(testHeader, append(cs, third))
		}},
		{"sweep/none", func() *Chart { return Sweep(testHeader, axes, nil) }},
		{"sweep/single point", func() *Chart {
			return Sweep(testHeader, axes, []SweepSeries{{Name: "lambda", Model: Lambda, X: []float64{50}, Mean: []float64{1.2}, Lo: []float64{1.1}, Hi: []float64{1.3}}})
		}},
		{"sweep/no interval", func() *Chart {
			return Sweep(testHeader, axes, []SweepSeries{{Model: Kubernetes, X: []float64{1, 2, 3}, Mean: []float64{3, 2, 1}}})
		}},
		{"sweep/log with zeros and NaN", func() *Chart {
			ax := axes
			ax.LogX, ax.LogY = true, true
			return Sweep(testHeader, ax, []SweepSeries{{Model: Lambda, X: []float64{0, 1, 10, 100}, Mean: []float64{1, 0, nan, 3}, Lo: []float64{0.5, nan, 1, 2}, Hi: []float64{2, 1, 2, 4}}})
		}},
		{"sweep/groups", func() *Chart {
			var ss []SweepSeries
			for i, name := range []string{"memoryMB=512", "memoryMB=1024", "memoryMB=2048"} {
				f := float64(i + 1)
				ss = append(ss, SweepSeries{Name: name, Model: Lambda, X: []float64{10, 20, 40, 80},
					Mean: []float64{5 / f, 6 / f, 8 / f, 12 / f}, Lo: []float64{4 / f, 5 / f, 7 / f, 10 / f}, Hi: []float64{6 / f, 7 / f, 9 / f, 14 / f}})
			}
			return Sweep(testHeader, axes, ss)
		}},
		{"sweep/constant", func() *Chart {
			return Sweep(testHeader, axes, []SweepSeries{{Model: Kubernetes, X: []float64{5, 5}, Mean: []float64{7, 7}}})
		}},
	}
	dir := os.Getenv("PLOTS_SAMPLES") // see TestWriteSamples
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.build()
			if dir != "" {
				if err := Save(c, dir+"/edge", strings.NewReplacer("/", "-", " ", "-").Replace(tc.name)); err != nil {
					t.Fatal(err)
				}
			}
			svg := string(render(t, c, "svg"))
			for _, bad := range []string{"NaN", "Inf"} {
				if strings.Contains(svg, bad) {
					t.Errorf("SVG contains %q", bad)
				}
			}
			if len(render(t, c, "png")) == 0 {
				t.Error("empty PNG")
			}
		})
	}
}

// Columns of different lengths are a caller's bug and say so.
func TestLengthMismatchPanics(t *testing.T) {
	cases := []struct {
		name string
		f    func()
		want string
	}{
		{"series", func() {
			Outcomes(testHeader, []Series{{Model: Lambda, WindowStartS: []float64{0, 1}, Completed: []float64{1}}})
		}, "plots: lambda series: Completed has 1 values for 2 windows"},
		{"level", func() {
			Capacity(testHeader, []Series{{Model: Kubernetes, WindowStartS: []float64{0, 1}, Levels: []Level{{Name: "ready pods", Values: []float64{1, 2, 3}, Main: true}}}})
		}, `plots: kubernetes series: level "ready pods" has 3 values for 2 windows`},
		{"cdf", func() {
			LatencyCDF(testHeader, []CDF{{Model: Kubernetes, LatencyMS: []float64{1, 2}, Fraction: []float64{1}}})
		}, "plots: kubernetes CDF has 2 latencies and 1 fractions"},
		{"cost curve", func() {
			BreakEven(testHeader, []CostCurve{{Model: Lambda, RatePerSecond: []float64{1}}})
		}, "plots: lambda cost curve has 1 rates, 0 monthly costs and 0 per-million costs"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != tc.want {
					t.Errorf("panic = %v; want %q", r, tc.want)
				}
			}()
			tc.f()
		})
	}
}

func TestBreakEvenPoints(t *testing.T) {
	rates := []float64{1, 10, 100, 1000}
	curve := func(m Model, cost ...float64) CostCurve {
		return CostCurve{Model: m, RatePerSecond: rates, MonthlyUSD: cost}
	}
	flat := curve(Kubernetes, 100, 100, 100, 100)
	cases := []struct {
		name  string
		other CostCurve
		want  []float64 // rates
	}{
		{"one crossing at a sweep point", curve(Lambda, 1, 10, 100, 1000), []float64{100}},
		{"one crossing between points", curve(Lambda, 1, 10, 200, 2000), []float64{math.Pow(10, 1+90.0/190)}}, // straight in log rate
		{"never", curve(Lambda, 1, 2, 3, 4), nil},
		{"touch without crossing", curve(Lambda, 1, 100, 50, 10), nil},
		{"two crossings", curve(Lambda, 1, 300, 300, 1), []float64{math.Pow(10, 0.99/2.99), math.Pow(10, 3-0.99/2.99)}},
		{"identical", curve(Lambda, 100, 100, 100, 100), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := BreakEvenPoints(flat, tc.other)
			if len(got) != len(tc.want) {
				t.Fatalf("BreakEvenPoints = %v; want rates %v", got, tc.want)
			}
			for i := range got {
				if math.Abs(got[i].RatePerSecond-tc.want[i]) > 1e-9*tc.want[i] || math.Abs(got[i].MonthlyUSD-100) > 1e-9 {
					t.Errorf("crossing %d = %+v; want rate %v at $100", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestCheaperWhere(t *testing.T) {
	cs := costFixtures(17)
	if got, want := cheaperWhere(cs[0], cs[1]), "AWS Lambda is cheaper below ≈ 110 req/s, Kubernetes above."; got != want {
		t.Errorf("cheaperWhere = %q; want %q", got, want)
	}
}

// The outcomes chart's shared arrivals curve counts the models it stands
// for: "both" only for two.
func TestOutcomesArrivalsLegendCountsModels(t *testing.T) {
	one := func(m Model) Series {
		return Series{Model: m, WindowStartS: []float64{0, 60}, WindowEndS: []float64{60, 120},
			Arrivals: []float64{10, 12}, Completed: []float64{10, 12}}
	}
	for _, tc := range []struct {
		models []Model
		want   string
	}{
		{[]Model{Kubernetes}, "arrivals"},
		{[]Model{Kubernetes, Lambda}, "arrivals (same for both models)"},
		{[]Model{Kubernetes, Lambda, pool}, "arrivals (same for all 3 models)"},
	} {
		var ss []Series
		for _, m := range tc.models {
			ss = append(ss, one(m))
		}
		c := Outcomes(testHeader, ss)
		var labels []string
		for _, e := range c.legend {
			labels = append(labels, e.label)
		}
		if !slices.Contains(labels, tc.want) {
			t.Errorf("%d models: legend %q; want %q", len(tc.models), labels, tc.want)
		}
	}
}

// A banner is drawn under the title, in the banner's red, wrapped to the
// chart's width; a chart without one draws no red text.
func TestBanner(t *testing.T) {
	c := CumulativeCost(testHeader, seriesFixtures(10, 60))
	if svg := string(render(t, c, "svg")); strings.Contains(svg, "#B01C1C") {
		t.Error("a chart without a banner draws red text")
	}
	c.Banner = "PARTIAL RUN: interrupted after 16m48s of the 4h0m0s asked (7.00 % simulated), and this sentence goes on long enough to need a second line under the first."
	svg := string(render(t, c, "svg"))
	if !strings.Contains(svg, ">PARTIAL RUN: interrupted after 16m48s") || !strings.Contains(svg, "#B01C1C") || !strings.Contains(svg, "under the first.<") {
		t.Errorf("the banner is not drawn in red on two lines")
	}
}
