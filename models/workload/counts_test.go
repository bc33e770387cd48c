package workload

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/sim"
)

// counts is a Counts process over one-minute bins.
func counts(place Placement, c ...int32) Arrivals {
	return Arrivals{Process: Counts, Bin: time.Minute, Counts: c, Placement: place, Scale: 1}
}

// timesOf lists service 0's arrival times of cfg before horizon.
func timesOf(t *testing.T, cfg Config, seed uint64, horizon time.Duration) []sim.Time {
	t.Helper()
	var out []sim.Time
	s := NewStream(cfg, seed, horizon)
	for {
		req, ok := s.Next()
		if !ok {
			return out
		}
		if req.Service == 0 {
			out = append(out, req.Arrival)
		}
	}
}

// Every placement keeps every bin's count exactly.
func TestCountsKeepEveryBin(t *testing.T) {
	c := []int32{0, 3, 5030, 0, 0, 1, 7, 0}
	for _, place := range []Placement{Uniform, Equidistant, BinStart} {
		t.Run(place.String(), func(t *testing.T) {
			got := bucket(t, single(counts(place, c...)), 7, time.Minute, 10*time.Minute)
			for i := range got {
				want := 0
				if i < len(c) {
					want = int(c[i])
				}
				if got[i] != want {
					t.Errorf("minute %d: %d arrivals; want %d", i, got[i], want)
				}
			}
		})
	}
}

func TestCountsPlacement(t *testing.T) {
	for _, tc := range []struct {
		place Placement
		want  []time.Duration
	}{
		// (i+½)·60s/n: 30 s into minute 1; 10, 30 and 50 s into minute 2.
		{Equidistant, []time.Duration{90 * time.Second, 130 * time.Second, 150 * time.Second, 170 * time.Second}},
		{BinStart, []time.Duration{time.Minute, 2 * time.Minute, 2 * time.Minute, 2 * time.Minute}},
	} {
		got := timesOf(t, single(counts(tc.place, 0, 1, 3, 0)), 1, time.Hour)
		want := make([]sim.Time, len(tc.want))
		for i, d := range tc.want {
			want[i] = sim.At(d)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%v: arrivals %v; want %v", tc.place, got, want)
		}
	}
}

// Conditional Poisson placement: within a bin the offsets are uniform (a
// chi-square test over 12 sub-bins of 5 s), and their order statistics come
// out sorted.
func TestCountsUniformWithinBins(t *testing.T) {
	c := make([]int32, 60)
	for i := range c {
		c[i] = 200
	}
	got := timesOf(t, single(counts(Uniform, c...)), 3, time.Hour)
	if len(got) != 12000 {
		t.Fatalf("%d arrivals; want 12000", len(got))
	}
	var sub [12]float64
	for _, at := range got {
		sub[time.Duration(at)%time.Minute/(5*time.Second)]++
	}
	chi, want := 0.0, 1000.0
	for _, n := range sub {
		chi += (n - want) * (n - want) / want
	}
	if crit := chiSquareCritical(11, alpha); chi > crit {
		t.Errorf("offsets within the minute: chi-square %.1f > %.1f (counts %v)", chi, crit, sub)
	}
}

// A bin cut by the horizon keeps only its arrivals before it.
func TestCountsStopAtHorizon(t *testing.T) {
	got := timesOf(t, single(counts(Equidistant, 2, 2, 2)), 1, 90*time.Second)
	want := []sim.Time{sim.At(15 * time.Second), sim.At(45 * time.Second), sim.At(75 * time.Second)}
	if !slices.Equal(got, want) {
		t.Errorf("arrivals %v; want %v", got, want)
	}
}

// Scale multiplies the counts in expectation: ⌊n·s⌋ plus a Bernoulli of
// the fraction, so each bin holds one of its two neighbouring integers.
func TestCountsScale(t *testing.T) {
	c := make([]int32, 1000)
	for i := range c {
		c[i] = 10
	}
	for _, s := range []float64{0.25, 1.5, 2} {
		a := counts(Uniform, c...)
		a.Scale = s
		got := bucket(t, single(a), 11, time.Minute, 1000*time.Minute)
		total := 0
		lo, hi := int(math.Floor(10*s)), int(math.Ceil(10*s))
		for i, n := range got {
			if n < lo || n > hi {
				t.Fatalf("scale %v: minute %d has %d arrivals; want %d or %d", s, i, n, lo, hi)
			}
			total += n
		}
		want := a.Expected(0, 1000*time.Minute)
		if want != 10*s*1000 {
			t.Errorf("scale %v: Expected %v; want %v", s, want, 10*s*1000)
		}
		// The fraction's Bernoulli draws: binomial(1000, frac) spread.
		frac := 10*s - math.Floor(10*s)
		sd := math.Sqrt(1000 * frac * (1 - frac))
		if math.Abs(float64(total)-want) > -normalQuantile(alpha/2)*sd+1e-9 {
			t.Errorf("scale %v: %d arrivals; want %v ± %.0f", s, total, want, sd)
		}
	}
}

func TestCountsRateAndExpected(t *testing.T) {
	a := counts(Uniform, 60, 0, 120)
	a.Scale = 0.5
	for _, tc := range []struct {
		from, to time.Duration
		want     float64
	}{
		{0, time.Minute, 30},
		{30 * time.Second, 150 * time.Second, 15 + 0 + 30},
		{0, time.Hour, 90},
		{3 * time.Minute, time.Hour, 0},
	} {
		if got := a.Expected(tc.from, tc.to); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("Expected(%v, %v) = %v; want %v", tc.from, tc.to, got, tc.want)
		}
	}
	if got := a.Rate(150 * time.Second); got != 1 {
		t.Errorf("Rate(2m30s) = %v; want 1", got)
	}
	if got := a.Rate(time.Hour); got != 0 {
		t.Errorf("Rate(1h) = %v; want 0 after the last bin", got)
	}
	if got := a.Scaled(4).Expected(0, time.Hour); got != 360 {
		t.Errorf("Scaled(4).Expected = %v; want 360", got)
	}
}

// A Duration is drawn once and split: CPU and IO add up to it exactly.
func TestDurationSplit(t *testing.T) {
	svc := Service{Name: "f", Arrivals: counts(Equidistant, 100), Duration: dist.MustParse("uniform(1ms,1s)"), CPUFraction: 0.3}
	s := NewStream(Config{Services: []Service{svc}}, 5, time.Hour)
	ref := sim.Stream(5, "workload/f/work")
	for {
		req, ok := s.Next()
		if !ok {
			break
		}
		d := svc.Duration.Sample(ref)
		if req.Work.CPU+req.Work.IO != d || math.Abs(float64(req.Work.CPU)-0.3*float64(d)) > 0.5 {
			t.Fatalf("request %d: cpu %v + io %v; want %v split 0.3", req.ID, req.Work.CPU, req.Work.IO, d)
		}
	}
}

// A feed's rows reach their services in time order, with their durations
// split; rows of services not in the Config are skipped; other services
// merge in.
func TestReplayFeed(t *testing.T) {
	rows := &Rows{}
	rows.Add(Row{At: 3 * time.Second, Service: 1, Duration: 100 * time.Millisecond})
	rows.Add(Row{At: time.Second, Service: 0, Duration: 40 * time.Millisecond})
	rows.Add(Row{At: 2 * time.Second, Service: 2, Duration: time.Second}) // no such service
	rows.Add(Row{At: 3 * time.Second, Service: 0, Duration: NoDuration})
	rows.Add(Row{At: 5 * time.Second, Service: 1, Duration: 0})
	rows.Sort()
	replay := func(i int) Arrivals {
		return Arrivals{Process: Replay, Feed: rows, FeedIndex: i, Bin: time.Minute, Counts: []int32{2}, Scale: 1}
	}
	cfg := Config{Services: []Service{
		{Name: "ticker", Arrivals: counts(BinStart, 0, 1), CPU: dist.Const(time.Millisecond)},
		{Name: "a", Arrivals: replay(0), IO: dist.Const(7 * time.Millisecond), CPUFraction: 0.5},
		{Name: "b", Arrivals: replay(1), CPUFraction: 0.5},
	}}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	type got struct {
		at       time.Duration
		svc      int
		cpu, io  time.Duration
		sequence int64
	}
	var out []got
	s := NewStream(cfg, 1, time.Hour)
	for {
		req, ok := s.Next()
		if !ok {
			break
		}
		out = append(out, got{time.Duration(req.Arrival), req.Service, req.Work.CPU, req.Work.IO, req.ID})
	}
	want := []got{
		{time.Second, 1, 20 * time.Millisecond, 20 * time.Millisecond, 0},
		{3 * time.Second, 2, 50 * time.Millisecond, 50 * time.Millisecond, 1},
		{3 * time.Second, 1, 0, 7 * time.Millisecond, 2}, // no duration: drawn
		{5 * time.Second, 2, 0, 0, 3},
		{time.Minute, 0, time.Millisecond, 0, 4},
	}
	if !slices.Equal(out, want) {
		t.Errorf("requests\n%v\nwant\n%v", out, want)
	}
}

// A Scale on a replayed service thins or repeats its rows.
func TestReplayScale(t *testing.T) {
	rows := &Rows{}
	for i := range 1000 {
		rows.Add(Row{At: time.Duration(i) * time.Second, Duration: time.Millisecond})
	}
	rows.Sort()
	for _, tc := range []struct {
		scale  float64
		lo, hi int
	}{{1, 1000, 1000}, {3, 3000, 3000}, {0.5, 430, 570}} {
		a := Arrivals{Process: Replay, Feed: rows, Bin: time.Hour, Counts: []int32{1000}, Scale: tc.scale}
		got := timesOf(t, single(a), 9, time.Hour)
		if len(got) < tc.lo || len(got) > tc.hi {
			t.Errorf("scale %v: %d arrivals; want %d to %d", tc.scale, len(got), tc.lo, tc.hi)
		}
	}
}

func TestReplayOutOfOrderPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a feed going back in time did not panic")
		}
	}()
	f := &unsorted{rows: []Row{{At: 2 * time.Second}, {At: time.Second}}}
	a := Arrivals{Process: Replay, Feed: f, Bin: time.Minute, Counts: []int32{2}, Scale: 1}
	timesOf(t, Config{Services: []Service{{Name: "x", Arrivals: a, IO: dist.Const(0)}}}, 1, time.Hour)
}

type unsorted struct{ rows []Row }

func (u *unsorted) Open() FeedPass { return &rowsList{rows: u.rows} }

type rowsList struct{ rows []Row }

func (l *rowsList) Next() (Row, bool) {
	if len(l.rows) == 0 {
		return Row{}, false
	}
	r := l.rows[0]
	l.rows = l.rows[1:]
	return r, true
}

func TestRowsOpenBeforeSortPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("opening unsorted Rows did not panic")
		}
	}()
	r := &Rows{}
	r.Add(Row{})
	r.Open()
}

func TestCountsAndReplayDoNotAllocate(t *testing.T) {
	rows := &Rows{}
	for i := range 30000 {
		rows.Add(Row{At: time.Duration(i) * time.Millisecond, Service: i % 2, Duration: time.Millisecond})
	}
	rows.Sort()
	replay := func(i int) Arrivals {
		return Arrivals{Process: Replay, Feed: rows, FeedIndex: i, Bin: time.Minute, Counts: []int32{15000}, Scale: 1.5}
	}
	cfg := Config{Services: []Service{
		{Name: "c", Arrivals: Arrivals{Process: Counts, Bin: time.Minute, Counts: []int32{40000, 1, 0, 9}, Scale: 1}, Duration: dist.Const(time.Millisecond)},
		{Name: "r0", Arrivals: replay(0)},
		{Name: "r1", Arrivals: replay(1)},
	}}
	s := NewStream(cfg, 1, time.Hour)
	if n := testing.AllocsPerRun(20000, func() { s.Next() }); n != 0 {
		t.Errorf("Next allocates %v times per call; want 0", n)
	}
}
