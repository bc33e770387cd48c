package workload

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

var (
	// idleBursts is near idle: one request a minute or so, and a
	// 10-minute burst at 5/s once in every 2 hours.
	idleBursts = Arrivals{Process: Bursts, RatePerSecond: 0.02, BurstRatePerSecond: 5, Every: 2 * time.Hour, For: 10 * time.Minute, BurstSeed: 7}
	// pureBursts is idle but for its bursts.
	pureBursts = Arrivals{Process: Bursts, BurstRatePerSecond: 2, Every: 30 * time.Minute, For: 3 * time.Minute, BurstSeed: 3}
	office     = &Hours{Days: Weekdays, From: 9 * time.Hour, To: 18 * time.Hour}
	// officeSteady is Poisson at 2/s in office hours only.
	officeSteady = Arrivals{RatePerSecond: 2, Hours: office}
	// officeBursts bursts on the office clock: an 11-hour interval spans
	// days and weekends.
	officeBursts = Arrivals{Process: Bursts, RatePerSecond: 0.05, BurstRatePerSecond: 3, Every: 11 * time.Hour, For: 20 * time.Minute, BurstSeed: 11, Hours: office}
	// weekInHours is businessHours with a week compressed into 7 hours.
	weekInHours = func() Arrivals { a := businessHours; a.Compress = 24; return a }()
	// fastDiurnal is diurnal with a day compressed into 30 minutes.
	fastDiurnal = func() Arrivals { a := diurnal; a.Compress = 48; return a }()
	// fastOffice is officeBursts with a week compressed into 14 hours.
	fastOffice = func() Arrivals { a := officeBursts; a.Compress = 12; return a }()
)

func TestBurstsAndClocksExpected(t *testing.T) {
	const perWeekday = (3*3 + 1.5*1 + 3*4) * 3600.0 // businessHours' count on a weekday
	tests := []struct {
		name     string
		a        Arrivals
		from, to time.Duration
		want     float64
	}{
		{"bursts whole intervals", pureBursts, 0, 5 * time.Hour, 10 * 2 * 180},
		{"bursts with base, a day", idleBursts, 0, day, 0.02*86400 + 12*5*600},
		{"bursts from an interval's start", idleBursts, 4 * time.Hour, 10 * time.Hour, 0.02*6*3600 + 3*5*600},
		{"bursts one burst long", Arrivals{Process: Bursts, BurstRatePerSecond: 1, Every: time.Hour, For: time.Hour}, 0, 3 * time.Hour, 3 * 3600},
		{"hours a week", officeSteady, 0, week, 2 * 5 * 9 * 3600},
		{"hours a weekend", officeSteady, 5 * day, 7 * day, 0},
		{"hours monday morning", officeSteady, 8 * time.Hour, 10 * time.Hour, 2 * 3600},
		{"hours across a weekend", officeSteady, 4*day + 17*time.Hour, 7*day + 10*time.Hour, 2 * 2 * 3600},
		{"hours bursts two weeks", officeBursts, 0, 2 * week, 0.05*90*3600 + 3*idleOn(officeBursts).burstTime(90*time.Hour).Seconds()},
		{"compress a week", weekInHours, 0, 7 * time.Hour, 5 * perWeekday / 24},
		{"compress a weekend", weekInHours, 5 * time.Hour, 7 * time.Hour, 0},
		{"compress a monday", weekInHours, 0, time.Hour, perWeekday / 24},
		{"compress diurnal days", fastDiurnal, 0, 5 * time.Hour, 5 * 5 * 3600},
		{"compress hours bursts a week", fastOffice, 0, 14 * time.Hour, (0.05*45*3600 + 3*idleOn(officeBursts).burstTime(45*time.Hour).Seconds()) / 12},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.a.Validate(); err != nil {
				t.Fatalf("invalid test case: %v", err)
			}
			got := tc.a.Expected(tc.from, tc.to)
			if math.Abs(got-tc.want) > 1e-9*math.Max(1, math.Abs(tc.want)) {
				t.Errorf("Expected(%v, %v) = %.6f; want %.6f", tc.from, tc.to, got, tc.want)
			}
		})
	}
}

// idleOn is a on its own clock: without Hours and Compress.
func idleOn(a Arrivals) *Arrivals {
	a.Hours, a.Compress = nil, 0
	return &a
}

func TestBurstsAndClocksRate(t *testing.T) {
	first := idleBursts.burstStart(0)
	tests := []struct {
		name string
		a    Arrivals
		at   time.Duration
		want float64
	}{
		{"bursts before", idleBursts, first - 1, 0.02},
		{"bursts start", idleBursts, first, 5.02},
		{"bursts last ns", idleBursts, first + 10*time.Minute - 1, 5.02},
		{"bursts end", idleBursts, first + 10*time.Minute, 0.02},
		{"hours open", officeSteady, 9 * time.Hour, 2},
		{"hours closed at to", officeSteady, 18 * time.Hour, 0},
		{"hours saturday", officeSteady, 5*day + 10*time.Hour, 0},
		{"hours next monday", officeSteady, week + 17*time.Hour, 2},
		{"compress morning", weekInHours, 9*time.Hour/24 + time.Second, 3},
		{"compress lunch", weekInHours, 12*time.Hour/24 + time.Second, 1.5},
		{"compress evening", weekInHours, 17*time.Hour/24 + time.Second, 0},
		{"compress saturday", weekInHours, 5*time.Hour + 10*time.Hour/24, 0},
		{"compress diurnal peak", fastDiurnal, 14 * time.Hour / 48, 9},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.Rate(tc.at); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("Rate(%v) = %v; want %v", tc.at, got, tc.want)
			}
		})
	}
}

// TestBurstsAndClocksIntegrateRate checks Expected against a midpoint-rule
// integral of Rate.
func TestBurstsAndClocksIntegrateRate(t *testing.T) {
	for _, tc := range []struct {
		name     string
		a        Arrivals
		from, to time.Duration
		step     time.Duration
	}{
		{"bursts", idleBursts, 17 * time.Minute, 2*day + 3*time.Hour, time.Second},
		{"hours bursts", officeBursts, 3 * time.Hour, 9 * day, time.Second},
		{"compress profile", weekInHours, 11 * time.Minute, 9 * time.Hour, 100 * time.Millisecond},
		{"compress hours bursts", fastOffice, 7 * time.Minute, 20 * time.Hour, 100 * time.Millisecond},
	} {
		sum := 0.0
		for at := tc.from; at < tc.to; at += tc.step {
			sum += tc.a.Rate(at+tc.step/2) * tc.step.Seconds()
		}
		want := tc.a.Expected(tc.from, tc.to)
		// Exact on constant pieces; allow for the pieces' ends inside a step.
		if math.Abs(sum-want) > 1e-6*want+20 {
			t.Errorf("%s: integral of Rate = %.3f; Expected = %.3f", tc.name, sum, want)
		}
	}
}

func TestBurstsAndClocksCounts(t *testing.T) {
	tests := []struct {
		name            string
		a               Arrivals
		window, horizon time.Duration
	}{
		{"bursts", idleBursts, time.Minute, 2 * day},
		{"bursts only", pureBursts, 30 * time.Second, 12 * time.Hour},
		{"hours poisson", officeSteady, 10 * time.Minute, 2 * week},
		{"hours bursts", officeBursts, 5 * time.Minute, 2 * week},
		{"compress profile", weekInHours, time.Minute, 14 * time.Hour},
		{"compress diurnal", fastDiurnal, time.Minute, 5 * time.Hour},
		{"compress hours bursts", fastOffice, 30 * time.Second, 28 * time.Hour},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			counts := bucket(t, single(tc.a), uint64(300+i), tc.window, tc.horizon)
			checkPoisson(t, tc.a, counts, tc.window)
		})
		t.Run(tc.name+" regular", func(t *testing.T) {
			a := tc.a
			a.Spacing = Regular
			checkRegular(t, a, bucket(t, single(a), 1, tc.window, tc.horizon), tc.window)
		})
	}
}

// TestBurstSchedule: every interval holds exactly one burst, inside it,
// at offsets spread uniformly over [0, Every−For].
func TestBurstSchedule(t *testing.T) {
	a := idleBursts
	const n = 20_000
	const bins = 20
	hist := make([]int, bins)
	span := a.Every - a.For
	for k := range int64(n) {
		off := a.burstStart(k) - time.Duration(k)*a.Every
		if off < 0 || off > span {
			t.Fatalf("interval %d: burst at offset %v; want within [0, %v]", k, off, span)
		}
		hist[min(int(float64(off)/float64(span)*bins), bins-1)]++
		if got := a.burstTime(time.Duration(k+1) * a.Every); got != time.Duration(k+1)*a.For {
			t.Fatalf("burst time by the end of interval %d = %v; want %v", k, got, time.Duration(k+1)*a.For)
		}
	}
	chi2 := 0.0
	for _, c := range hist {
		e := float64(n) / bins
		chi2 += (float64(c) - e) * (float64(c) - e) / e
	}
	if crit := chiSquareCritical(bins-1, alpha); chi2 > crit {
		t.Errorf("burst offsets: chi-square %.1f over %d bins; critical %.1f", chi2, bins, crit)
	}
	// Another seed, another schedule.
	b := a
	b.BurstSeed++
	same := 0
	for k := range int64(1000) {
		if a.burstStart(k) == b.burstStart(k) {
			same++
		}
	}
	if same > 1 {
		t.Errorf("seeds %d and %d share %d of 1000 burst times", a.BurstSeed, b.BurstSeed, same)
	}
}

// TestBurstsSkipIdle: with no base rate, five years of daily one-minute
// bursts visit three pieces a day, whatever the horizon.
func TestBurstsSkipIdle(t *testing.T) {
	a := Arrivals{Process: Bursts, BurstRatePerSecond: 1, Every: day, For: time.Minute, BurstSeed: 5}
	horizon := 5 * 365 * day
	g := newGenerator(a).(*bursts)
	r := sim.Stream(1, "test")
	n := 0
	for {
		if _, ok := g.next(r, sim.At(horizon)); !ok {
			break
		}
		n++
	}
	if want := a.Expected(0, horizon); math.Abs(float64(n)-want) > 5*math.Sqrt(want) {
		t.Errorf("%d arrivals; expected %.0f", n, want)
	}
	if days := int(horizon / day); g.steps > 3*(days+1) {
		t.Errorf("visited %d pieces over %d days; want at most %d", g.steps, days, 3*(days+1))
	}
}

func TestHoursClock(t *testing.T) {
	for _, h := range []*Hours{office, {From: 0, To: day}, {Days: Sat | Wed, From: 23 * time.Hour, To: day}, {Days: Sun, From: time.Hour, To: 2 * time.Hour}} {
		w := h.window()
		for i := range int64(5000) {
			// Own-clock times in and at the ends of windows map back exactly.
			s := time.Duration(i) * w / 7
			u := h.calendar(s)
			if !h.open(u) || h.own(u) != s {
				t.Fatalf("%+v: calendar(%v) = %v (open %v), own of it %v", *h, s, u, h.open(u), h.own(u))
			}
			// Calendar times inside windows round-trip.
			u = time.Duration(i) * 37 * time.Minute
			if h.open(u) && h.calendar(h.own(u)) != u {
				t.Fatalf("%+v: calendar(own(%v)) = %v", *h, u, h.calendar(h.own(u)))
			}
		}
	}
	for _, tc := range []struct {
		d    Days
		n    int64
		want int64
	}{{Weekdays, 0, 0}, {Weekdays, 4, 4}, {Weekdays, 5, 7}, {Weekdays, 11, 15}, {0, 9, 9}, {EveryDay, 9, 9}, {Wed, 3, 23}, {Weekend, 3, 13}} {
		if got := tc.d.nth(tc.n); got != tc.want {
			t.Errorf("%v.nth(%d) = %d; want %d", tc.d, tc.n, got, tc.want)
		}
	}
}

func TestBurstsScaled(t *testing.T) {
	for _, a := range []Arrivals{idleBursts, officeBursts, fastOffice} {
		base := a.Expected(0, 3*day)
		if got := a.Scaled(2).Expected(0, 3*day); math.Abs(got-2*base) > 1e-9*base {
			t.Errorf("%v: Scaled(2).Expected = %v; want 2×%v", a.Process, got, base)
		}
	}
}

func TestValidateBurstsAndClocks(t *testing.T) {
	tests := []struct {
		name string
		a    Arrivals
		want []string
		is   error
	}{
		{"bursts missing", Arrivals{Process: Bursts},
			[]string{
				"services[0].arrivals.burstRatePerSecond: must be positive (got 0)",
				"services[0].arrivals.every: must be positive (got 0s)",
				"services[0].arrivals.for: must be positive (got 0s)",
			}, models.ErrRange},
		{"burst longer than interval", Arrivals{Process: Bursts, RatePerSecond: -1, BurstRatePerSecond: 1, Every: time.Minute, For: time.Hour},
			[]string{
				"services[0].arrivals.ratePerSecond: must not be negative (got -1)",
				"services[0].arrivals.for: must not exceed every (1m0s): one burst per interval (got 1h0m0s)",
			}, models.ErrRange},
		{"burst fields elsewhere", Arrivals{RatePerSecond: 1, BurstRatePerSecond: 1, Every: time.Hour, BurstSeed: 3},
			[]string{
				"services[0].arrivals.burstRatePerSecond: not used by process poisson (only by bursts)",
				"services[0].arrivals.every: not used by process poisson (only by bursts)",
				"services[0].arrivals.burstSeed: not used by process poisson (only by bursts)",
			}, models.ErrInvalid},
		{"hours on a profile", Arrivals{Process: Profile, Points: []Point{{0, 1}}, Hours: &Hours{From: time.Hour, To: 2 * time.Hour}},
			[]string{"services[0].arrivals.hours: only for processes without a calendar of their own (poisson, even, bursts), not profile"}, models.ErrInvalid},
		{"hours reversed", Arrivals{RatePerSecond: 1, Hours: &Hours{From: 18 * time.Hour, To: 9 * time.Hour}},
			[]string{"services[0].arrivals.hours.to: must be after hours.from (18h0m0s) and at most 24h (got 9h0m0s)"}, models.ErrRange},
		{"hours from", Arrivals{RatePerSecond: 1, Hours: &Hours{Days: 0x80, From: -time.Hour, To: 9 * time.Hour}},
			[]string{
				"services[0].arrivals.hours.days: must be a set of days Mon..Sun (got 0x80)",
				"services[0].arrivals.hours.from: must be within [0s, 24h) (got -1h0m0s)",
			}, models.ErrInvalid},
		{"compress", Arrivals{RatePerSecond: 1, Compress: -2},
			[]string{"services[0].arrivals.compress: must be positive and at most 1e+06 (got -2)"}, models.ErrRange},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := single(tc.a).Validate()
			if err == nil {
				t.Fatal("Validate() = nil")
			}
			if got := strings.Split(err.Error(), "\n"); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("Validate() =\n%s\nwant\n%s", err, strings.Join(tc.want, "\n"))
			}
			if !errors.Is(err, tc.is) {
				t.Errorf("error is not %v", tc.is)
			}
		})
	}
}

func TestBurstsAndClocksDoNotAllocate(t *testing.T) {
	var cfg Config
	for i, a := range []Arrivals{idleBursts, officeSteady, officeBursts, weekInHours, fastDiurnal, fastOffice} {
		cfg.Services = append(cfg.Services, Service{Name: fmt.Sprint("svc", i), Arrivals: a})
	}
	s := NewStream(cfg, 1, 1000*day)
	if n := testing.AllocsPerRun(10000, func() { s.Next() }); n != 0 {
		t.Errorf("Next allocates %v times per call; want 0", n)
	}
}
