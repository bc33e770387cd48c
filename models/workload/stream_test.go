package workload

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// alpha is the false-alarm probability of each statistical check. Seeds are
// fixed, so a check either always passes or always fails; alpha sets how
// large a deviation counts as a bug rather than sampling noise.
const alpha = 1e-4

// normalQuantile is the p-quantile of the standard normal distribution.
func normalQuantile(p float64) float64 { return math.Sqrt2 * math.Erfinv(2*p-1) }

// chiSquareCritical is the (1−alpha) quantile of the chi-square distribution
// with k degrees of freedom, by the Wilson–Hilferty approximation.
func chiSquareCritical(k int, alpha float64) float64 {
	f := float64(k)
	c := 1 - 2/(9*f) + normalQuantile(1-alpha)*math.Sqrt(2/(9*f))
	return f * c * c * c
}

// single is a one-service Config named "svc".
func single(a Arrivals) Config { return Config{Services: []Service{{Name: "svc", Arrivals: a}}} }

// bucket counts service 0's arrivals of cfg in consecutive windows up to horizon.
func bucket(t *testing.T, cfg Config, seed uint64, window, horizon time.Duration) []int {
	t.Helper()
	counts := make([]int, int((horizon+window-1)/window))
	s := NewStream(cfg, seed, horizon)
	prev := sim.Time(-1)
	for {
		req, ok := s.Next()
		if !ok {
			break
		}
		if req.Arrival < prev || req.Arrival < 0 || req.Arrival >= sim.At(horizon) {
			t.Fatalf("request %d arrives at %v after %v (horizon %v)", req.ID, req.Arrival, prev, horizon)
		}
		prev = req.Arrival
		if req.Service == 0 {
			counts[time.Duration(req.Arrival)/window]++
		}
	}
	return counts
}

// checkPoisson tests per-window counts against a.Expected: windows with zero
// expectation must be empty; the others (those below 5 pooled) pass Pearson's
// chi-square test, each window with enough expectation a Bonferroni-corrected
// z-test, and the total a z-test, all at false-alarm probability alpha.
func checkPoisson(t *testing.T, a Arrivals, counts []int, window time.Duration) {
	t.Helper()
	var chi2, poolE, totalE float64
	var poolN, totalN, bins int
	zMax := normalQuantile(1 - alpha/(2*float64(len(counts))))
	for w, n := range counts {
		from := time.Duration(w) * window
		e := a.Expected(from, from+window)
		totalE += e
		totalN += n
		switch {
		case e == 0:
			if n != 0 {
				t.Errorf("window [%v, %v): %d arrivals; want 0 (rate 0)", from, from+window, n)
			}
		case e < 5:
			poolE += e
			poolN += n
		default:
			chi2 += (float64(n) - e) * (float64(n) - e) / e
			bins++
			if z := (float64(n) - e) / math.Sqrt(e); e >= 30 && math.Abs(z) > zMax {
				t.Errorf("window [%v, %v): %d arrivals, expected %.1f: z = %.2f beyond ±%.2f", from, from+window, n, e, z, zMax)
			}
		}
	}
	if poolE >= 5 {
		chi2 += (float64(poolN) - poolE) * (float64(poolN) - poolE) / poolE
		bins++
	}
	if bins == 0 {
		t.Fatal("no window to test")
	}
	if crit := chiSquareCritical(bins, alpha); chi2 > crit {
		t.Errorf("chi-square = %.1f over %d windows; critical value %.1f", chi2, bins, crit)
	}
	if z := (float64(totalN) - totalE) / math.Sqrt(totalE); math.Abs(z) > normalQuantile(1-alpha/2) {
		t.Errorf("total %d arrivals, expected %.1f: z = %.2f", totalN, totalE, z)
	}
	t.Logf("%d arrivals (expected %.0f); chi-square %.1f over %d windows", totalN, totalE, chi2, bins)
}

// checkRegular tests that each window's count is within one of its expectation.
func checkRegular(t *testing.T, a Arrivals, counts []int, window time.Duration) {
	t.Helper()
	for w, n := range counts {
		from := time.Duration(w) * window
		e := a.Expected(from, from+window)
		if math.Abs(float64(n)-e) > 1+1e-9*e {
			t.Errorf("window [%v, %v): %d arrivals; want within 1 of %.3f", from, from+window, n, e)
		}
	}
}

var (
	businessHours = Arrivals{
		Process: Profile, Repeat: Daily, Days: Weekdays,
		Points: []Point{{0, 0}, {9 * time.Hour, 3}, {12 * time.Hour, 1.5}, {13 * time.Hour, 3}, {17 * time.Hour, 0}},
	}
	linearProfile = Arrivals{
		Process: Profile, Interp: Linear,
		Points: []Point{{10 * time.Minute, 5}, {time.Hour, 50}, {2 * time.Hour, 0}, {2 * time.Hour, 10}, {3 * time.Hour, 20}},
	}
	linearDaily = Arrivals{
		Process: Profile, Interp: Linear, Repeat: Daily,
		Points: []Point{{2 * time.Hour, 1}, {14 * time.Hour, 8}, {20 * time.Hour, 4}},
	}
	weeklyStep = Arrivals{
		Process: Profile, Repeat: Weekly,
		Points: []Point{{0, 0.2}, {48 * time.Hour, 0.4}, {120 * time.Hour, 0}},
	}
	// sawtooth ramps between 0 and 1/s every 2 minutes: low rates and steep
	// slopes, where only the exact quadratic solution gets counts right.
	sawtooth = func() Arrivals {
		a := Arrivals{Process: Profile, Interp: Linear}
		for i := range 181 {
			a.Points = append(a.Points, Point{At: time.Duration(i) * 2 * time.Minute, RatePerSecond: float64(i % 2)})
		}
		return a
	}()
	diurnal = Arrivals{Process: Diurnal, MeanRatePerSecond: 5, Amplitude: 0.8, PeakAt: 14 * time.Hour}
	hourly  = Arrivals{Process: Diurnal, MeanRatePerSecond: 20, Amplitude: 1, Period: time.Hour, PeakAt: 15 * time.Minute}
	spike   = Arrivals{Process: Spike, RatePerSecond: 10, SpikeRatePerSecond: 40, At: 30 * time.Minute, For: 10 * time.Minute}
	burst   = Arrivals{Process: Spike, RatePerSecond: 10, Multiplier: 5, At: 20 * time.Minute, For: 15 * time.Minute}
)

func TestCountsMatchExpected(t *testing.T) {
	tests := []struct {
		name            string
		a               Arrivals
		window, horizon time.Duration
	}{
		{"poisson", Arrivals{RatePerSecond: 20}, time.Minute, 2 * time.Hour},
		{"profile linear", linearProfile, time.Minute, 4 * time.Hour},
		{"profile linear sawtooth", sawtooth, 2 * time.Minute, 6 * time.Hour},
		{"profile linear sawtooth coarse", sawtooth, 30 * time.Minute, 6 * time.Hour},
		{"profile step daily weekdays", businessHours, time.Hour, week},
		{"profile linear daily wrap", linearDaily, 30 * time.Minute, 2 * day},
		{"profile step weekly", weeklyStep, 4 * time.Hour, 2 * week},
		{"diurnal", diurnal, 30 * time.Minute, day},
		{"diurnal hourly full amplitude", hourly, time.Minute, 3 * time.Hour},
		{"spike extra rate", spike, time.Minute, time.Hour},
		{"spike multiplier", burst, time.Minute, time.Hour},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			counts := bucket(t, single(tc.a), uint64(100+i), tc.window, tc.horizon)
			checkPoisson(t, tc.a, counts, tc.window)
		})
		t.Run(tc.name+" regular", func(t *testing.T) {
			a := tc.a
			a.Spacing = Regular
			checkRegular(t, a, bucket(t, single(a), 1, tc.window, tc.horizon), tc.window)
		})
	}
}

func TestIdleWeekend(t *testing.T) {
	for _, spacing := range []Spacing{Random, Regular} {
		t.Run(spacing.String(), func(t *testing.T) {
			a := businessHours
			a.Spacing = spacing
			s := NewStream(single(a), 7, 2*week)
			perDay := make([]int, 14)
			for {
				req, ok := s.Next()
				if !ok {
					break
				}
				at := time.Duration(req.Arrival)
				perDay[at/day]++
				if h := at % day; h < 9*time.Hour || h >= 17*time.Hour {
					t.Fatalf("request %d at %v: outside business hours", req.ID, at)
				}
			}
			for d, n := range perDay {
				weekend := d%7 >= 5
				if weekend && n != 0 || !weekend && n == 0 {
					t.Errorf("day %d (%v): %d arrivals", d, Days(1<<(d%7)), n)
				}
			}
		})
	}
}

// TestIdleSkipping checks that idle days and nights are consumed whole: five
// years of a profile active one minute a week visit a few segments per week.
func TestIdleSkipping(t *testing.T) {
	a := Arrivals{Process: Profile, Repeat: Daily, Days: Wed,
		Points: []Point{{0, 0}, {10 * time.Hour, 100}, {10*time.Hour + time.Minute, 0}}}
	const years = 5
	horizon := years * 365 * day
	g := newGenerator(a).(*piecewise)
	r := sim.Stream(1, "test")
	n := 0
	for {
		if _, ok := g.next(r, sim.At(horizon)); !ok {
			break
		}
		n++
	}
	weeks := int(horizon / week)
	if want := a.Expected(0, horizon); math.Abs(float64(n)-want) > 5*math.Sqrt(want) {
		t.Errorf("%d arrivals; expected %.0f", n, want)
	}
	if g.steps > 4*(weeks+1) {
		t.Errorf("visited %d segments over %d weeks; want at most %d", g.steps, weeks, 4*(weeks+1))
	}

	// A rate of zero everywhere ends at once, even without a horizon.
	zero := Arrivals{Process: Profile, Repeat: Weekly, Points: []Point{{0, 0}, {time.Hour, 0}}}
	if _, ok := newGenerator(zero).next(r, sim.Never); ok {
		t.Error("all-zero weekly profile produced an arrival")
	}
}

func TestPoissonInterArrivals(t *testing.T) {
	const rate = 50.0
	s := NewStream(single(Arrivals{Process: Poisson, RatePerSecond: rate}), 3, time.Hour)
	var n, sum, sumSq float64
	prev := sim.Time(0)
	for {
		req, ok := s.Next()
		if !ok {
			break
		}
		gap := req.Arrival.Sub(prev).Seconds()
		prev = req.Arrival
		n++
		sum += gap
		sumSq += gap * gap
	}
	mean := sum / n
	cv := math.Sqrt(sumSq/n-mean*mean) / mean
	// For exponential gaps the sample mean has relative standard error
	// 1/√n, and so (by the delta method) does the sample CV.
	tol := normalQuantile(1-alpha/2) / math.Sqrt(n)
	if math.Abs(mean*rate-1) > tol {
		t.Errorf("mean gap %.6fs; want 1/λ = %.6fs ± %.2g relative", mean, 1/rate, tol)
	}
	if math.Abs(cv-1) > tol {
		t.Errorf("coefficient of variation %.4f; want 1 ± %.4f", cv, tol)
	}
}

func TestEvenSpacing(t *testing.T) {
	for _, rate := range []float64{4, 3, 1000.0 / 7, 0.01} {
		t.Run(fmt.Sprint(rate), func(t *testing.T) {
			horizon := 6 * time.Hour
			s := NewStream(single(Arrivals{Process: Even, RatePerSecond: rate}), 1, horizon)
			var k int64
			for ; ; k++ {
				req, ok := s.Next()
				if !ok {
					break
				}
				want := float64(k) * 1e9 / rate
				if d := math.Abs(float64(req.Arrival) - want); d > 1 {
					t.Fatalf("arrival %d at %dns; want %.1fns ± 1ns", k, req.Arrival, want)
				}
			}
			if want := int64(math.Ceil(horizon.Seconds() * rate)); k != want {
				t.Errorf("%d arrivals in %v; want %d", k, horizon, want)
			}
		})
	}
}

func TestScaledDoublesCounts(t *testing.T) {
	for i, a := range []Arrivals{{RatePerSecond: 20}, linearProfile, diurnal, spike} {
		t.Run(a.Process.String(), func(t *testing.T) {
			horizon := 3 * time.Hour
			base := a.Expected(0, horizon)
			if got := a.Scaled(2).Expected(0, horizon); math.Abs(got-2*base) > 1e-9*base {
				t.Errorf("Scaled(2).Expected = %v; want 2×%v", got, base)
			}
			n := 0
			for _, c := range bucket(t, single(a.Scaled(2)), uint64(i), horizon, horizon) {
				n += c
			}
			if z := (float64(n) - 2*base) / math.Sqrt(2*base); math.Abs(z) > normalQuantile(1-alpha/2) {
				t.Errorf("Scaled(2): %d arrivals; expected %.0f (z = %.2f)", n, 2*base, z)
			}
		})
	}
	if linearProfile.Scaled(3); linearProfile.Points[1].RatePerSecond != 50 {
		t.Error("Scaled modified the original points")
	}
}

// fleet is a three-service Config with work.
func fleet() Config {
	return Config{Services: []Service{
		{Name: "api", Arrivals: Arrivals{RatePerSecond: 5},
			CPU: dist.MustParse("exp(mean=20ms)"), IO: dist.MustParse("lognormal(p50=60ms,p99=500ms)"), PayloadKB: 4},
		{Name: "batch", Arrivals: businessHours, CPU: dist.MustParse("uniform(min=1s,max=3s)")},
		{Name: "web", Arrivals: diurnal.Scaled(0.2), IO: dist.Const(10 * time.Millisecond)},
	}}
}

func collect(cfg Config, seed uint64, horizon time.Duration) []models.Request {
	var out []models.Request
	s := NewStream(cfg, seed, horizon)
	for {
		req, ok := s.Next()
		if !ok {
			return out
		}
		out = append(out, req)
	}
}

// arrivalsOf is the arrival times of the named service's requests.
func arrivalsOf(reqs []models.Request, service int) []sim.Time {
	var out []sim.Time
	for _, r := range reqs {
		if r.Service == service {
			out = append(out, r.Arrival)
		}
	}
	return out
}

func equalTimes(a, b []sim.Time) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDeterminism(t *testing.T) {
	const horizon = 10 * time.Hour
	base := collect(fleet(), 42, horizon)
	t.Run("same seed", func(t *testing.T) {
		again := collect(fleet(), 42, horizon)
		if len(again) != len(base) {
			t.Fatalf("%d requests, then %d", len(base), len(again))
		}
		for i := range base {
			if base[i] != again[i] {
				t.Fatalf("request %d: %+v, then %+v", i, base[i], again[i])
			}
		}
	})
	t.Run("other seed", func(t *testing.T) {
		if equalTimes(arrivalsOf(collect(fleet(), 43, horizon), 0), arrivalsOf(base, 0)) {
			t.Error("seeds 42 and 43 gave identical arrivals")
		}
	})
	t.Run("work change keeps arrivals", func(t *testing.T) {
		cfg := fleet()
		cfg.Services[0].CPU = dist.MustParse("gamma(mean=50ms,cv=2)")
		cfg.Services[0].IO = nil
		got := collect(cfg, 42, horizon)
		for s := range cfg.Services {
			if !equalTimes(arrivalsOf(got, s), arrivalsOf(base, s)) {
				t.Errorf("service %d: arrival times changed with service 0's work", s)
			}
		}
		if got[0].Work == base[0].Work {
			t.Error("work did not change")
		}
	})
	t.Run("added service keeps arrivals", func(t *testing.T) {
		cfg := fleet()
		only := Config{Services: cfg.Services[:1]}
		alone := collect(only, 42, horizon)
		if !equalTimes(arrivalsOf(alone, 0), arrivalsOf(base, 0)) {
			t.Error("service 0's arrivals depend on the other services")
		}
		var work []models.Work
		for _, r := range base {
			if r.Service == 0 {
				work = append(work, r.Work)
			}
		}
		for i, r := range alone {
			if r.Work != work[i] {
				t.Fatalf("service 0 request %d: work %+v alone, %+v in the fleet", i, r.Work, work[i])
			}
		}
	})
	t.Run("added service keeps the others' arrivals", func(t *testing.T) {
		cfg := fleet()
		cfg.Services = append([]Service{{Name: "new", Arrivals: Arrivals{RatePerSecond: 50}, IO: dist.Const(time.Millisecond)}}, cfg.Services...)
		got := collect(cfg, 42, horizon)
		for s := range fleet().Services {
			if !equalTimes(arrivalsOf(got, s+1), arrivalsOf(base, s)) {
				t.Errorf("service %s: arrivals changed when a service was added before it", cfg.Services[s+1].Name)
			}
		}
	})
	t.Run("renamed service draws other arrivals", func(t *testing.T) {
		cfg := fleet()
		cfg.Services[0].Name = "api-v2"
		if equalTimes(arrivalsOf(collect(cfg, 42, horizon), 0), arrivalsOf(base, 0)) {
			t.Error("a fleet service's arrivals do not follow its name")
		}
	})
	t.Run("fixed streams ignore the name", func(t *testing.T) {
		a, b := fleet(), fleet()
		a.Services[0].Streams, b.Services[0].Streams = "workload", "workload"
		b.Services[0].Name = "renamed"
		got, again := collect(a, 42, horizon), collect(b, 42, horizon)
		if !equalTimes(arrivalsOf(got, 0), arrivalsOf(again, 0)) {
			t.Error("with Streams set, renaming the service changed its arrivals")
		}
		if equalTimes(arrivalsOf(got, 0), arrivalsOf(base, 0)) {
			t.Error("Streams did not change which streams the service draws from")
		}
	})
	t.Run("merge order", func(t *testing.T) {
		for i, r := range base {
			if r.ID != int64(i) {
				t.Fatalf("request %d has ID %d", i, r.ID)
			}
			if i > 0 && r.Arrival < base[i-1].Arrival {
				t.Fatalf("request %d at %v before request %d at %v", i, r.Arrival, i-1, base[i-1].Arrival)
			}
		}
		seen := map[int]bool{}
		for _, r := range base {
			seen[r.Service] = true
		}
		if len(seen) != 3 {
			t.Errorf("services seen: %v; want all 3", seen)
		}
	})
}

func TestTiesInServiceOrder(t *testing.T) {
	even := Arrivals{Process: Even, RatePerSecond: 10}
	cfg := Config{Services: []Service{{Name: "c", Arrivals: even}, {Name: "a", Arrivals: even}, {Name: "b", Arrivals: even}}}
	reqs := collect(cfg, 1, time.Second)
	if len(reqs) != 30 {
		t.Fatalf("%d requests; want 30", len(reqs))
	}
	for i, r := range reqs {
		if r.Service != i%3 || r.Arrival != sim.Time(i/3)*sim.Time(100*time.Millisecond) {
			t.Errorf("request %d = service %d at %v; want service %d at %v", i, r.Service, r.Arrival, i%3, time.Duration(i/3)*100*time.Millisecond)
		}
	}
}

func TestStreamEnds(t *testing.T) {
	s := NewStream(single(Arrivals{RatePerSecond: 100}), 1, 0)
	if _, ok := s.Next(); ok {
		t.Error("zero horizon produced a request")
	}
	s = NewStream(single(Arrivals{RatePerSecond: 100}), 1, time.Second)
	for {
		if _, ok := s.Next(); !ok {
			break
		}
	}
	if _, ok := s.Next(); ok {
		t.Error("Next after the end produced a request")
	}
}

func TestNewStreamPanicsOnInvalidConfig(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Error("NewStream(invalid) did not panic")
		}
	}()
	NewStream(Config{}, 1, time.Hour)
}

func TestNextDoesNotAllocate(t *testing.T) {
	s := NewStream(fleet(), 1, 1000*day)
	if n := testing.AllocsPerRun(10000, func() { s.Next() }); n != 0 {
		t.Errorf("Next allocates %v times per call; want 0", n)
	}
}

// The merge yields each service's own arrivals and work (those of a stream
// of that service alone: its random streams are named after it) in order
// of (arrival, service), whatever the number of services; here 1 to 37,
// powers of two and not, with ties (even spacing at shared rates) and
// services that run out at different times (spikes ending, a zero rate).
func TestMergeMatchesEachServiceAlone(t *testing.T) {
	for _, n := range []int{1, 2, 3, 8, 37} {
		cfg := mixedFleet(n)
		const horizon = 20 * time.Second
		var want []models.Request
		for i, svc := range cfg.Services {
			for _, r := range collect(Config{Services: []Service{svc}}, 7, horizon) {
				r.Service = i
				want = append(want, r)
			}
		}
		slices.SortStableFunc(want, func(a, b models.Request) int {
			return cmp.Or(cmp.Compare(a.Arrival, b.Arrival), cmp.Compare(a.Service, b.Service))
		})
		for i := range want {
			want[i].ID = int64(i)
		}
		if got := collect(cfg, 7, horizon); !slices.Equal(got, want) {
			t.Errorf("%d services: the merge differs from each service alone (%d requests against %d)", n, len(got), len(want))
		}
		if len(want) < 5*n {
			t.Fatalf("%d services: %d requests; the test needs more", n, len(want))
		}
	}
}

// mixedFleet is n services of 1 to 4 requests a second: Poisson, evenly
// spaced (ties at shared rates) and spikes that end at different times.
func mixedFleet(n int) Config {
	var cfg Config
	for i := range n {
		a := Arrivals{RatePerSecond: float64(1 + i%4)}
		switch i % 3 {
		case 1:
			a.Spacing = Regular
		case 2:
			a = Arrivals{Process: Profile, Points: []Point{{0, float64(i)}, {time.Duration(i) * 100 * time.Millisecond, 0}}}
		}
		cfg.Services = append(cfg.Services, Service{Name: fmt.Sprintf("s%02d", i), Arrivals: a, IO: dist.MustParse("exp(mean=10ms)")})
	}
	return cfg
}

// mergeRef is the stream's order by definition: of the sources' pending
// arrivals, the earliest, the lowest source first on ties, one request at
// a time, as a merge of the sources returns them.
func mergeRef(cfg Config, seed uint64, horizon time.Duration) []models.Request {
	s := NewStream(cfg, seed, horizon)
	var out []models.Request
	for {
		best := -1
		for i := range s.src {
			if s.src[i].next != sim.Never && (best < 0 || s.src[i].next < s.src[best].next) {
				best = i
			}
		}
		if best < 0 {
			return out
		}
		var a arrival
		s.take(best, &a)
		out = append(out, models.Request{ID: int64(len(out)), Arrival: a.at, Service: int(a.svc), Work: a.work})
	}
}

// Windows return the merge's requests in the merge's order whatever their
// size, cut short or not: tiny windows that are cut nearly every time
// (leftovers from several sources, ties at one instant from a feed's
// copies and from regular spacing), and the default ones, over a fleet
// whose quiet stretch widens the window before a burst arrives in it.
func TestWindowsKeepTheMergeOrder(t *testing.T) {
	rows := &Rows{}
	for i := range 3000 {
		rows.Add(Row{At: time.Duration(i/3) * time.Millisecond, Service: i % 2, Duration: time.Millisecond})
	}
	rows.Sort()
	replay := func(i int) Arrivals {
		return Arrivals{Process: Replay, Feed: rows, FeedIndex: i, Bin: time.Minute, Counts: []int32{1500}, Scale: 2.5}
	}
	feeds := Config{Services: []Service{
		{Name: "c", Arrivals: Arrivals{Process: Counts, Bin: time.Second, Counts: []int32{400, 1, 0, 9}, Scale: 1}, Duration: dist.Const(time.Millisecond)},
		{Name: "r0", Arrivals: replay(0), CPUFraction: 0.5},
		{Name: "even", Arrivals: Arrivals{Process: Even, RatePerSecond: 1000}, IO: dist.Const(time.Millisecond)},
		{Name: "r1", Arrivals: replay(1)},
	}}
	mixed := mixedFleet(37)
	// One service trickles for ten hours, widening the window to hours;
	// then twenty more burst at 500/s each.
	burst := Config{Services: []Service{{Name: "trickle", Arrivals: Arrivals{RatePerSecond: 0.01}}}}
	for i := range 20 {
		burst.Services = append(burst.Services, Service{Name: fmt.Sprint("burst", i),
			Arrivals: Arrivals{Process: Profile, Points: []Point{{0, 0}, {10 * time.Hour, 500}, {10*time.Hour + 30*time.Second, 0}}},
			CPU:      dist.MustParse("exp(mean=5ms)")})
	}
	for _, tc := range []struct {
		name    string
		cfg     Config
		horizon time.Duration
	}{
		{"fleet", fleet(), 3 * day},
		{"mixed", mixed, 20 * time.Second},
		{"feeds", feeds, 10 * time.Second},
		{"burst", burst, 11 * time.Hour},
	} {
		want := mergeRef(tc.cfg, 5, tc.horizon)
		for _, size := range []struct{ target, limit int }{{0, 0}, {1, 2}, {3, 5}, {64, 100}} {
			s := NewStream(tc.cfg, 5, tc.horizon)
			if size.target > 0 {
				s.target, s.limit = size.target, size.limit
			}
			var got []models.Request
			most := 0
			for {
				req, ok := s.Next()
				if !ok {
					break
				}
				got = append(got, req)
				most = max(most, len(s.out)+len(s.left))
			}
			if !slices.Equal(got, want) {
				i := 0
				for i < min(len(got), len(want)) && got[i] == want[i] {
					i++
				}
				t.Errorf("%s, target %d, limit %d: %d requests against the merge's %d, first difference at %d", tc.name, s.target, s.limit, len(got), len(want), i)
			}
			if bound := 4*s.limit + 64; most > bound {
				t.Errorf("%s, target %d, limit %d: %d requests held at once; want ≤ %d", tc.name, s.target, s.limit, most, bound)
			}
			t.Logf("%s, target %d, limit %d: %d requests, at most %d held", tc.name, s.target, s.limit, len(got), most)
		}
	}
}

// sortArrivals orders by (at, src) and keeps the order of equal keys, on
// every path: spread arrivals, arrivals crowded into a few buckets, a
// window too long for its keys and one too full for their positions.
func TestSortArrivals(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct {
		name     string
		n        int
		span     sim.Time
		crowd    bool
		instants int
	}{
		{"spread", 5000, sim.Time(8 * time.Second), false, 0},
		{"ties", 3000, sim.Time(time.Second), false, 50},
		{"crowded", 5000, sim.Time(time.Hour), true, 0},
		{"long", 2000, 1 << 50, false, 0},
		{"full", 70000, sim.Time(time.Minute), false, 0},
	} {
		var a []arrival
		for i := range tc.n {
			at := sim.Time(r.Int64N(int64(tc.span)))
			switch {
			case tc.crowd && i%100 != 0:
				at = sim.Time(r.Int64N(1000)) // most in the first bucket
			case tc.instants > 0:
				at = sim.Time(r.IntN(tc.instants)) * tc.span / sim.Time(tc.instants)
			}
			// a source draws in time order; sources one after another
			a = append(a, arrival{at: at, src: int32(i / 10), svc: int32(i)})
		}
		for i := 0; i < len(a); i += 10 {
			run := a[i:min(i+10, len(a))]
			slices.SortStableFunc(run, func(x, y arrival) int { return cmp.Compare(x.at, y.at) })
		}
		want := slices.Clone(a)
		slices.SortStableFunc(want, func(x, y arrival) int { return cmp.Or(cmp.Compare(x.at, y.at), cmp.Compare(x.src, y.src)) })
		var scratch sortScratch
		got, _ := sortArrivals(slices.Clone(a), nil, 0, tc.span, &scratch)
		if !slices.Equal(got, want) {
			t.Errorf("%s: not in (at, src) order, equal keys in their order", tc.name)
		}
	}
}
