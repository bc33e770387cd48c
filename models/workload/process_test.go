package workload

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/execsim/execsim/models"
)

const h = time.Hour

func TestExpected(t *testing.T) {
	stepNoRepeat := Arrivals{Process: Profile, Points: []Point{{h, 2}, {2 * h, 4}}}
	ramp := Arrivals{Process: Profile, Interp: Linear, Points: []Point{{0, 0}, {h, 10}}}
	// Up from 0 at 06:00 to 12 at 18:00, down to 0 at 06:00 the next day.
	tent := Arrivals{Process: Profile, Interp: Linear, Repeat: Daily, Points: []Point{{6 * h, 0}, {18 * h, 12}}}
	office := Arrivals{Process: Profile, Repeat: Daily, Days: Weekdays, Points: []Point{{0, 0}, {9 * h, 2}, {17 * h, 0}}}
	weekly := Arrivals{Process: Profile, Repeat: Weekly, Points: []Point{{0, 1}, {24 * h, 0}, {144 * h, 3}}}
	sine := Arrivals{Process: Diurnal, MeanRatePerSecond: 10, Amplitude: 0.5, PeakAt: 6 * h}
	tests := []struct {
		name     string
		a        Arrivals
		from, to time.Duration
		want     float64
	}{
		{"poisson minute", Arrivals{RatePerSecond: 10}, 0, time.Minute, 600},
		{"even offset", Arrivals{Process: Even, RatePerSecond: 2.5}, h, 2 * h, 9000},
		{"empty range", Arrivals{RatePerSecond: 10}, time.Minute, time.Minute, 0},
		{"reversed range", Arrivals{RatePerSecond: 10}, time.Minute, 0, 0},
		{"before zero", Arrivals{RatePerSecond: 10}, -time.Minute, time.Minute, 600},
		{"spike straddling", spike, 25 * time.Minute, 35 * time.Minute, 10*600 + 40*300},
		{"spike whole", spike, 0, h, 10*3600 + 40*600},
		{"spike after", spike, 40 * time.Minute, h, 10 * 1200},
		{"spike multiplier", burst, 0, h, 10*3600 + 40*900},
		{"step held before first point", stepNoRepeat, 0, 3 * h, 2*3600 + 2*3600 + 4*3600},
		{"step held after last point", stepNoRepeat, 2 * h, 10 * h, 4 * 8 * 3600},
		{"linear ramp", ramp, 0, h, 5 * 3600},
		{"linear ramp second half", ramp, h / 2, h, 7.5 * 1800},
		{"linear held after", ramp, h, 2 * h, 10 * 3600},
		{"linear daily one day", tent, 0, 24 * h, 6 * 86400},
		{"linear daily wrap into day", tent, 0, 6 * h, 3 * 6 * 3600},
		{"linear daily two days", tent, 0, 48 * h, 2 * 6 * 86400},
		{"linear daily across midnight", tent, 18 * h, 30 * h, 6 * 12 * 3600},
		{"weekdays one week", office, 0, week, 5 * 2 * 8 * 3600},
		{"weekdays two weeks", office, 0, 2 * week, 10 * 2 * 8 * 3600},
		{"weekdays weekend", office, 5 * day, 7 * day, 0},
		{"weekdays friday into saturday", office, 4*day + 10*h, 5*day + 10*h, 2 * 7 * 3600},
		{"weekdays partial monday 2nd week", office, 0, week + 12*h, 5*2*8*3600 + 2*3*3600},
		{"weekly one week", weekly, 0, week, 86400 + 3*86400},
		{"weekly third week", weekly, 2*week + 12*h, 3 * week, 0.5*86400 + 3*86400},
		{"diurnal period", sine, 0, day, 864000},
		{"diurnal rising half", sine, 0, 12 * h, 432000 + 10*0.5*86400/math.Pi},
		{"diurnal falling half", sine, 12 * h, 24 * h, 432000 - 10*0.5*86400/math.Pi},
		{"diurnal many periods", sine, 0, 100 * day, 100 * 864000},
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

// TestExpectedIntegratesRate checks Expected against a midpoint-rule
// integral of Rate for every process used in the sampling tests.
func TestExpectedIntegratesRate(t *testing.T) {
	for _, a := range []Arrivals{linearProfile, businessHours, linearDaily, weeklyStep, diurnal, hourly, spike, burst} {
		const step = time.Second
		from, to := 3*h+17*time.Minute, 5*day+2*h
		sum := 0.0
		for at := from; at < to; at += step {
			sum += a.Rate(at+step/2) * step.Seconds()
		}
		want := a.Expected(from, to)
		// The midpoint rule is exact on linear pieces; allow for the
		// sinusoid's curvature and for kinks inside a step.
		if math.Abs(sum-want) > 1e-6*want+10 {
			t.Errorf("%v: integral of Rate = %.3f; Expected = %.3f", a.Process, sum, want)
		}
	}
}

func TestRate(t *testing.T) {
	tent := Arrivals{Process: Profile, Interp: Linear, Repeat: Daily, Points: []Point{{6 * h, 0}, {18 * h, 12}}}
	jump := Arrivals{Process: Profile, Interp: Linear, Points: []Point{{0, 0}, {h, 10}, {h, 2}, {2 * h, 4}}}
	tests := []struct {
		name string
		a    Arrivals
		at   time.Duration
		want float64
	}{
		{"poisson", Arrivals{RatePerSecond: 7}, h, 7},
		{"before zero", Arrivals{RatePerSecond: 7}, -1, 0},
		{"spike before", spike, 29 * time.Minute, 10},
		{"spike start", spike, 30 * time.Minute, 50},
		{"spike end", spike, 40 * time.Minute, 10},
		{"multiplier", burst, 25 * time.Minute, 50},
		{"step", businessHours, 12*h + 30*time.Minute, 1.5},
		{"step at point", businessHours, 9 * h, 3},
		{"step saturday", businessHours, 5*day + 10*h, 0},
		{"step next monday", businessHours, week + 10*h, 3},
		{"linear", tent, 12 * h, 6},
		{"linear wrap", tent, 3 * h, 3},
		{"linear wrap late", tent, 21 * h, 9},
		{"linear jump", jump, h, 2},
		{"linear before jump", jump, h - time.Minute, 10 * 59.0 / 60},
		{"diurnal peak", diurnal, day + 14*h, 9},
		{"diurnal trough", diurnal, 2 * h, 1},
		{"diurnal mean", diurnal, 8 * h, 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.Rate(tc.at); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("Rate(%v) = %v; want %v", tc.at, got, tc.want)
			}
		})
	}
}

func TestParseEnums(t *testing.T) {
	for i, name := range processes.Names {
		if p, err := ParseProcess(name); err != nil || p != Process(i) || p.String() != name {
			t.Errorf("ParseProcess(%q) = %v, %v", name, p, err)
		}
	}
	if r, err := ParseRepeat("none"); err != nil || r != NoRepeat {
		t.Errorf("ParseRepeat(none) = %v, %v", r, err)
	}
	if i, err := ParseInterp("linear"); err != nil || i != Linear {
		t.Errorf("ParseInterp(linear) = %v, %v", i, err)
	}
	if s, err := ParseSpacing("regular"); err != nil || s != Regular {
		t.Errorf("ParseSpacing(regular) = %v, %v", s, err)
	}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"process", second(ParseProcess("Poisson")), `process: must be one of poisson, even, profile, diurnal, spike, bursts, counts, replay (got "Poisson")`},
		{"interp", second(ParseInterp("cubic")), `interp: must be one of step, linear (got "cubic")`},
		{"repeat", second(ParseRepeat("monthly")), `repeat: must be one of none, daily, weekly (got "monthly")`},
		{"spacing", second(ParseSpacing("")), `spacing: must be one of random, regular (got "")`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil || tc.err.Error() != tc.want {
				t.Fatalf("error = %v; want %s", tc.err, tc.want)
			}
			if !errors.Is(tc.err, models.ErrUnknown) {
				t.Errorf("error %v is not ErrUnknown", tc.err)
			}
		})
	}
	var p Process
	if err := p.UnmarshalText([]byte("diurnal")); err != nil || p != Diurnal {
		t.Errorf("UnmarshalText(diurnal) = %v, %v", p, err)
	}
	if b, err := Spike.MarshalText(); err != nil || string(b) != "spike" {
		t.Errorf("Spike.MarshalText() = %s, %v", b, err)
	}
	if _, err := Process(9).MarshalText(); err == nil {
		t.Error("Process(9).MarshalText() succeeded")
	}
	if s := Process(9).String(); s != "Process(9)" {
		t.Errorf("Process(9).String() = %q", s)
	}
}

func second[T any](_ T, err error) error { return err }

func TestDays(t *testing.T) {
	tests := []struct {
		in   string
		want Days
		str  string
	}{
		{"mon-fri", Weekdays, "mon-fri"},
		{"weekdays", Weekdays, "mon-fri"},
		{"sat,sun", Weekend, "sat-sun"},
		{"weekend", Weekend, "sat-sun"},
		{"mon,wed-fri", Mon | Wed | Thu | Fri, "mon,wed-fri"},
		{"sun", Sun, "sun"},
		{"everyday", EveryDay, "mon-sun"},
		{"mon-sun", EveryDay, "mon-sun"},
	}
	for _, tc := range tests {
		got, err := ParseDays(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseDays(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
		if s := got.String(); s != tc.str {
			t.Errorf("%#x.String() = %q; want %q", uint8(got), s, tc.str)
		}
	}
	for _, bad := range []string{"", "fri-mon", "monday", "mon,,tue", "mon-"} {
		if d, err := ParseDays(bad); err == nil {
			t.Errorf("ParseDays(%q) = %v; want an error", bad, d)
		} else if !errors.Is(err, models.ErrInvalid) {
			t.Errorf("ParseDays(%q) error %v is not ErrInvalid", bad, err)
		}
	}
	// Day 0 of a run is a Monday.
	for n, want := range []bool{true, true, true, true, true, false, false, true} {
		if got := Weekdays.Has(int64(n)); got != want {
			t.Errorf("Weekdays.Has(%d) = %v; want %v", n, got, want)
		}
	}
	if n := Weekdays.count(10); n != 8 {
		t.Errorf("Weekdays.count(10) = %d; want 8", n)
	}
	if n := Days(0).count(10); n != 10 {
		t.Errorf("Days(0).count(10) = %d; want 10", n)
	}
}
