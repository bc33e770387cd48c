package prometheus

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/sim"
)

// alpha is the false-alarm probability of each statistical check, as in
// models/workload's tests: seeds are fixed, so a check always passes or
// always fails.
const alpha = 1e-4

func normalQuantile(p float64) float64 { return math.Sqrt2 * math.Erfinv(2*p-1) }

// chiSquareQuantile is the p-quantile of the chi-square distribution with k
// degrees of freedom (Wilson–Hilferty).
func chiSquareQuantile(k int, p float64) float64 {
	f := float64(k)
	c := 1 - 2/(9*f) + normalQuantile(p)*math.Sqrt(2/(9*f))
	return f * c * c * c
}

func testTraffic(t *testing.T) *Traffic {
	t.Helper()
	tr, err := read(t, "query_range.json", "service")
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// Rate and Expected of the profile are the samples' exactly: a step's
// expected count is rate×Step (0 in a gap), the total Σ rate×Step, and
// nothing after End; linear adds the trapezoids and holds the last rate
// for its step.
func TestArrivalsExact(t *testing.T) {
	tr := testTraffic(t)
	step := tr.Step.Seconds()
	for i, s := range tr.Services {
		rates := tr.Rates(i)
		sum, trapezoids := 0.0, 0.0
		for k, r := range rates {
			sum += r * step
			if k+1 < len(rates) {
				trapezoids += (r + rates[k+1]) / 2 * step
			}
		}
		trapezoids += rates[len(rates)-1] * step
		for _, tc := range []struct {
			interp workload.Interp
			total  float64
		}{{workload.Step, sum}, {workload.Linear, trapezoids}} {
			t.Run(fmt.Sprintf("%s %v", s.Service, tc.interp), func(t *testing.T) {
				a := tr.Arrivals(i, tc.interp)
				if err := a.Validate(); err != nil {
					t.Fatalf("Validate: %v", err)
				}
				if got := a.Expected(0, tr.End); !near(got, tc.total) {
					t.Errorf("Expected(0, End) = %.9f; want %.9f", got, tc.total)
				}
				if got := a.Expected(tr.End, tr.End+24*time.Hour); got != 0 {
					t.Errorf("Expected after End = %v; want 0", got)
				}
				for k, r := range rates {
					at := time.Duration(k) * tr.Step
					if got := a.Rate(at); !near(got, r) {
						t.Errorf("Rate(%v) = %v; want the sample %v", at, got, r)
					}
					if e := a.Expected(at, at+tr.Step); tc.interp == workload.Step && !near(e, r*step) {
						t.Errorf("Expected over step %d = %v; want %v", k, e, r*step)
					}
				}
				if got := a.Rate(tr.End); got != 0 {
					t.Errorf("Rate(End) = %v; want 0", got)
				}
			})
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// The arrivals a Stream draws from the step profile: each step's count is
// Poisson(rate×Step) (the per-step counts' chi-square lies between both
// tails, so they vary as much as Poisson counts do, no more and no less),
// the total over seeds matches Σ rate×Step, and within a step the arrivals
// are uniform (conditional Poisson), none after End.
func TestArrivalsPoissonPerStep(t *testing.T) {
	tr := testTraffic(t)
	seeds := 3
	if !testing.Short() {
		seeds = 30
	}
	cfg := workload.Config{}
	for i, s := range tr.Services {
		cfg.Services = append(cfg.Services, workload.Service{Name: s.Service, Arrivals: tr.Arrivals(i, workload.Step)})
	}
	n := tr.Steps()
	counts := make([][]int, len(cfg.Services)) // [service][seed*n + step]
	for i := range counts {
		counts[i] = make([]int, seeds*n)
	}
	var within [6]float64 // arrivals per 10-s sixth of their step
	for seed := range seeds {
		st := workload.NewStream(cfg, uint64(seed+1), tr.End+time.Hour)
		for {
			req, ok := st.Next()
			if !ok {
				break
			}
			at := time.Duration(req.Arrival)
			if req.Arrival >= sim.At(tr.End) {
				t.Fatalf("seed %d: an arrival at %v, after End %v", seed+1, at, tr.End)
			}
			counts[req.Service][seed*n+int(at/tr.Step)]++
			within[at%tr.Step*6/tr.Step]++
		}
	}
	for i, s := range tr.Services {
		a := cfg.Services[i].Arrivals
		chi2, total, want, bins := 0.0, 0, 0.0, 0
		for j, c := range counts[i] {
			k := j % n
			at := time.Duration(k) * tr.Step
			e := a.Expected(at, at+tr.Step)
			total += c
			want += e
			if e == 0 {
				if c != 0 {
					t.Errorf("%s: step %d (a gap) has %d arrivals; want 0", s.Service, k, c)
				}
				continue
			}
			chi2 += (float64(c) - e) * (float64(c) - e) / e
			bins++
		}
		lo, hi := chiSquareQuantile(bins, alpha/2), chiSquareQuantile(bins, 1-alpha/2)
		if chi2 < lo || chi2 > hi {
			t.Errorf("%s: per-step chi-square %.1f over %d steps; want within [%.1f, %.1f]", s.Service, chi2, bins, lo, hi)
		}
		if z := (float64(total) - want) / math.Sqrt(want); math.Abs(z) > normalQuantile(1-alpha/2) {
			t.Errorf("%s: %d arrivals over %d seeds; want Σ rate×step = %.1f (z = %.2f)", s.Service, total, seeds, want, z)
		}
		t.Logf("%s: %d arrivals over %d seeds (expected %.0f); per-step chi-square %.1f over %d", s.Service, total, seeds, want, chi2, bins)
	}
	all := 0.0
	for _, c := range within {
		all += c
	}
	chi2 := 0.0
	for _, c := range within {
		chi2 += (c - all/6) * (c - all/6) / (all / 6)
	}
	if crit := chiSquareQuantile(5, 1-alpha); chi2 > crit {
		t.Errorf("offsets within a step: chi-square %.1f > %.1f (counts %v)", chi2, crit, within)
	}
}

// A series that starts late and one that ends early are 0 outside their
// samples; linear interpolation ramps from the 0 of a missing step.
func TestArrivalsPartialSeries(t *testing.T) {
	in := "timestamp,service,value\n60,late,4\n120,late,6\n0,early,2\n60,early,2\n"
	tr, err := ReadCSV(strings.NewReader(in), "t.csv", "service")
	if err != nil {
		t.Fatal(err)
	}
	if tr.End != 3*time.Minute || tr.Services[0].Service != "early" {
		t.Fatalf("end %v, services %+v", tr.End, tr.Services)
	}
	tests := []struct {
		i      int
		interp workload.Interp
		want   float64
	}{
		{0, workload.Step, 2*60 + 2*60},
		{1, workload.Step, 4*60 + 6*60},
		{0, workload.Linear, 2*60 + (2+0)/2.0*60 + 0},
		{1, workload.Linear, (0+4)/2.0*60 + (4+6)/2.0*60 + 6*60},
	}
	for _, tc := range tests {
		if got := tr.Arrivals(tc.i, tc.interp).Expected(0, time.Hour); !near(got, tc.want) {
			t.Errorf("%s %v: Expected = %v; want %v", tr.Services[tc.i].Service, tc.interp, got, tc.want)
		}
	}
	want := []string{`t.csv: service "early": no samples from 2m0s (rate 0)`, `t.csv: service "late": no samples before 1m0s (rate 0)`}
	if fmt.Sprint(tr.Warnings) != fmt.Sprint(want) {
		t.Errorf("warnings %q; want %q", tr.Warnings, want)
	}
}
