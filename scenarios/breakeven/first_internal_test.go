package breakeven

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
)

// costs stands in for the simulator with known curves: each run's point
// is Kubernetes's and Lambda's cost and SLO verdict at its rate. It counts
// the runs, and how many of them were at rates off the grid.
type costs struct {
	k, l           func(r float64) float64
	kMeets, lMeets func(r float64) bool
	// kRefused, when set, is Kubernetes's refused share, and its SLO
	// verdict that share against the plan's ceiling (0.1 %)
	kRefused func(r float64) float64
	runs     int
}

func (c *costs) eval(_ context.Context, _ []*scenario.Plan, rates []float64, _ int, _ runner.Progress) ([]CurvePoint, error) {
	var out []CurvePoint
	for _, r := range rates {
		k := ModelPoint{Model: "kubernetes", MonthlyUSD: c.k(r), MeetsSLO: c.kMeets(r)}
		if c.kRefused != nil {
			k.Refused = c.kRefused(r)
			k.MeetsSLO = k.Refused <= 0.001
		}
		out = append(out, CurvePoint{RatePerSecond: r, Models: []ModelPoint{k, {Model: "lambda", MonthlyUSD: c.l(r), MeetsSLO: c.lMeets(r)}}})
		c.runs++
	}
	return out, nil
}

// capped is the share refused by a platform that serves at most c req/s.
func capped(c float64) func(float64) float64 {
	return func(r float64) float64 { return max(0, 1-c/r) }
}

func always(float64) bool { return true }

// Narrowing a crossing before the curve is refined around it
// (CrossingsFirst) reports what the exhaustive method reports: on curves
// with one crossing, two, none, a jump, an SLO boundary in the same
// coarse stretch as a crossing or in the same bracket, and a tie, the
// search with it finds the exhaustive method's crossings (the same pair,
// the same sides, the same SLO verdicts) within the tolerance, and its
// stretches (who is cheaper where, and whether each meets the SLO, after
// Reach joins them at the crossings) have the exhaustive ones' bounds:
// the same grid rate where an SLO verdict changes, the crossing's rate
// within the tolerance where the cheaper platform does. Every point it
// reports is the exhaustive curve's at that rate. Where the only change
// between two coarse neighbours is a crossing it spares the grid rates
// the search without it adds, and in no case does it run more.
func TestCrossingsFirstMatchExhaustive(t *testing.T) {
	src := strings.NewReplacer("duration: 10m", "duration: 1s").Replace(platformtest.ReadFile(t, "../testdata/breakeven/fixed-nodes.yaml"))
	plan := platformtest.Plan(t, src)
	grid := LogSpace(1, 1000, 25)
	const tol = 0.005
	flat := func(float64) float64 { return 300 }
	line := func(r float64) float64 { return 1.7 * r }
	below := func(x float64) func(float64) bool { return func(r float64) bool { return r < x } }
	for _, tc := range []struct {
		name           string
		k, l           func(float64) float64
		kMeets, lMeets func(float64) bool
		kRefused       func(float64) float64
		// crossings the exhaustive method must find; whether the search
		// must spare grid rates (run fewer than without), and how many
		// runs more than without it may take (a pair tried first for a
		// crossing whose gap is not near-linear across the neighbours)
		crossings int
		spares    bool
		slack     int
	}{
		{"one crossing", flat, line, always, always, nil, 1, true, 0},
		{"one crossing, Kubernetes missing the SLO in the same coarse stretch", flat, line, below(80), always, nil, 1, true, 0},
		{"the SLO boundary inside the crossing's bracket", flat, line, below(176.6), always, nil, 1, false, 0},
		{"the SLO boundary just beside the crossing", flat, line, below(190), always, nil, 1, true, 0},
		{"two crossings, each of a gap linear in rate", flat, func(r float64) float64 { return 100 + 4*math.Abs(r-100) }, always, always, nil, 2, true, 0},
		{"two crossings, curved", flat, func(r float64) float64 { return 300 + 200*math.Sin(math.Log(r)) }, always, always, nil, 2, false, 4},
		{"none, an SLO boundary", flat, func(r float64) float64 { return r / 10 }, below(200), always, nil, 0, false, 0},
		{"none", flat, func(r float64) float64 { return 1000 + r }, always, always, nil, 0, false, 0},
		{"a crossing, then a jump back", func(r float64) float64 {
			if r < 100 {
				return 300
			}
			return 5300
		}, func(r float64) float64 { return 10 * r }, always, always, nil, 3, true, 0},
		{"a crossing through a tie", flat, func(r float64) float64 {
			switch {
			case r < 20:
				return 100
			case r < 40:
				return 300
			}
			return 400
		}, always, always, nil, 1, false, 0},
		{"Lambda missing the SLO past a crossing", flat, line, always, below(400), nil, 1, true, 0},
		{"Kubernetes capped at 80 req/s, a crossing in the same coarse stretch", flat, line, always, always, capped(80), 1, true, 0},
		{"Kubernetes capped at 80 req/s, no crossing", flat, func(r float64) float64 { return r / 10 }, always, always, capped(80), 0, true, 0},
		{"a refused share that grows late: the estimate misses", flat, func(r float64) float64 { return r / 10 }, always, always,
			func(r float64) float64 { return max(0, math.Pow((r-40)/960, 4)) }, 0, false, 1},
		// adversarial (rev13b): ties and crossings on or beside a
		// simulated rate, at the range's ends, verdicts that change with
		// the crossing, a platform missing the SLO everywhere, a step
		{"a tie at a coarse grid rate", flat, func(r float64) float64 { return 300 * r / grid[12] }, always, always, nil, 1, false, 0},
		{"a crossing just above a coarse grid rate", flat, func(r float64) float64 { return 300 * r / (grid[12] * 1.001) }, always, always, nil, 1, false, 0},
		{"a crossing between the two lowest grid rates", flat, func(r float64) float64 { return 300 * r / 1.1 }, always, always, nil, 1, true, 0},
		{"a crossing between the two highest grid rates", flat, func(r float64) float64 { return 300 * r / 990 }, always, always, nil, 1, true, 0},
		{"Kubernetes missing the SLO from the crossing on", flat, line, below(300 / 1.7), always, nil, 1, false, 0},
		{"both platforms' verdicts changing in the crossing's coarse stretch", flat, line, below(150), below(200), nil, 1, false, 0},
		{"Kubernetes capped below the range, missing the SLO everywhere", flat, line, always, always, capped(0.5), 1, true, 0},
		{"a step in Kubernetes's cost beside the crossing", func(r float64) float64 {
			if r < 170 {
				return 300
			}
			return 310
		}, func(r float64) float64 { return 1.75 * r }, always, always, nil, 1, false, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := func(s Search) (Curve, []Crossing, int) {
				t.Helper()
				c := &costs{k: tc.k, l: tc.l, kMeets: tc.kMeets, lMeets: tc.lMeets, kRefused: tc.kRefused}
				s.Days, s.eval = Days{}, c.eval
				cv, err := s.Run(context.Background(), plan, grid, 1, nil)
				if err != nil {
					t.Fatal(err)
				}
				cs, err := s.CrossingsOf(context.Background(), plan, cv, tol, DefaultSteps, 1, nil)
				if err != nil {
					t.Fatal(err)
				}
				checkRunsTold(t, cv, cs, c.runs)
				return cv, cs, c.runs
			}
			ex, exCross, exRuns := run(Exhaustive)
			first := DefaultSearch
			first.Tolerance = tol
			ad, adCross, adRuns := run(first)
			without := first
			without.CrossingsFirst = false
			_, _, woRuns := run(without)
			t.Logf("runs: exhaustive %d, crossings first %d (%d points), without %d", exRuns, adRuns, len(ad.Points), woRuns)
			for _, l := range ad.Located {
				t.Logf("located %+v", l)
			}
			for _, x := range adCross {
				t.Logf("crossing %.3f [%.3f %.3f] runs %d first %d", x.RatePerSecond, x.Lo, x.Hi, x.Runs, x.RunsBeforeCurve)
			}
			if len(exCross) != tc.crossings {
				t.Fatalf("the exhaustive method found %d crossings; the case has %d", len(exCross), tc.crossings)
			}
			if adRuns > woRuns+tc.slack || tc.spares && adRuns >= woRuns {
				t.Errorf("%d runs with crossings first, %d without; want fewer (spares %v) or at most %d more", adRuns, woRuns, tc.spares, tc.slack)
			}
			if tc.crossings > 0 && tc.spares != (len(ad.Spared) > 0) {
				t.Errorf("spared %+v; want some: %v", ad.Spared, tc.spares)
			}
			for i, p := range ad.Points {
				if e := ex.Points[ad.Index[i]]; p.RatePerSecond != e.RatePerSecond || p.Cheapest() != e.Cheapest() {
					t.Errorf("point %d: %+v; exhaustive %+v", i, p, e)
				}
			}
			if len(adCross) != len(exCross) {
				t.Fatalf("crossings: %d with crossings first, %d exhaustive:\n%+v\n%+v", len(adCross), len(exCross), adCross, exCross)
			}
			for i := range exCross {
				a, e := adCross[i], exCross[i]
				if a.A != e.A || a.B != e.B || a.CheaperBelow != e.CheaperBelow || a.CheaperAbove != e.CheaperAbove ||
					a.Compliant != e.Compliant || (a.Jump == nil) != (e.Jump == nil) || a.Hi/a.Lo-1 > tol {
					t.Errorf("crossing %d: %+v; exhaustive %+v", i, a, e)
				}
				if rel := math.Abs(a.RatePerSecond-e.RatePerSecond) / e.RatePerSecond; rel > tol {
					t.Errorf("crossing %d at %g, exhaustive %g: %.3g apart; want within %g", i, a.RatePerSecond, e.RatePerSecond, rel, tol)
				}
			}
			sa, se := Reach(Stretches(ad.Points, "kubernetes", "lambda"), adCross), Reach(Stretches(ex.Points, "kubernetes", "lambda"), exCross)
			if len(sa) != len(se) {
				t.Fatalf("%d stretches with crossings first, %d exhaustive:\n%+v\n%+v", len(sa), len(se), sa, se)
			}
			// a bound is the same grid rate, or a crossing's rate (or a
			// jump's bracket end) within the tolerance
			near := func(x, y float64) bool { return x == y || math.Abs(x-y)/y <= tol }
			for i := range se {
				a, e := sa[i], se[i]
				if !near(a.From, e.From) || !near(a.To, e.To) || a.Cheaper != e.Cheaper || a.Tie != e.Tie ||
					a.CheaperMeets != e.CheaperMeets || a.OtherMeets != e.OtherMeets {
					t.Errorf("stretch %d: %+v; exhaustive %+v", i, a, e)
				}
				if i > 0 && a.From != e.From && sa[i-1].Cheaper == a.Cheaper {
					t.Errorf("stretch %d starts at %g, exhaustive %g, with no crossing there", i, a.From, e.From)
				}
			}
		})
	}
}

// checkRunsTold fails unless the runs a search and its crossings made are
// those they tell of, as breakeven.json and the method sentence count
// them: the curve's points, the runs of the crossings narrowed before the
// curve was refined (Located), and each crossing's other runs.
func checkRunsTold(t *testing.T, cv Curve, cs []Crossing, made int) {
	t.Helper()
	told := len(cv.Points)
	for _, l := range cv.Located {
		told += l.Runs
	}
	for _, x := range cs {
		told += x.Runs - x.RunsBeforeCurve
	}
	if told != made {
		t.Errorf("%d runs made; the curve and its crossings tell of %d (located %+v)", made, told, cv.Located)
	}
}

// A stretch already within the tolerance gets no pair tried first: its
// crossing needs no run, and the pair's two would have been simulated and
// counted nowhere (a --points grid dense enough for the --tolerance, where
// the coarse pass's secant root fell too near a rate for a pair to fit,
// and the halving then left a stretch of two grid steps narrower than the
// tolerance with a pair that fits in it).
func TestCrossingsFirstTriesNoPairWithinTheTolerance(t *testing.T) {
	src := strings.NewReplacer("duration: 10m", "duration: 1s").Replace(platformtest.ReadFile(t, "../testdata/breakeven/fixed-nodes.yaml"))
	plan := platformtest.Plan(t, src)
	grid := LogSpace(1, 1000, 150) // 4.7 % apart; the coarse pass takes 0, 1, 5, 9, …
	const tol = 0.1
	lo, mid, hi := grid[101], grid[103], grid[105] // a coarse stretch, and its middle
	// the gap: −1 at lo, +1 at mid, +100 at hi, linear between; the coarse
	// pair's root (0.2 % above lo) leaves no room for a pair, and the
	// stretch lo–mid (9.7 %) is within the tolerance
	gap := func(r float64) float64 {
		switch {
		case r < lo:
			return -1 - (lo-r)/lo*10
		case r < mid:
			return -1 + 2*(r-lo)/(mid-lo)
		}
		return 1 + 99*(r-mid)/(hi-mid)
	}
	c := &costs{k: func(float64) float64 { return 300 }, l: func(r float64) float64 { return 300 + gap(r) }, kMeets: always, lMeets: always}
	s := DefaultSearch
	s.Tolerance, s.Days, s.eval = tol, Days{}, c.eval
	cv, err := s.Run(context.Background(), plan, grid, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := s.CrossingsOf(context.Background(), plan, cv, tol, DefaultSteps, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].Hi/cs[0].Lo-1 > tol || !(cs[0].Lo >= lo && cs[0].Hi <= mid) {
		t.Fatalf("crossings %+v; want one between %g and %g, at most %g wide", cs, lo, mid, tol)
	}
	for _, l := range cv.Located {
		if l.Runs == 0 {
			t.Errorf("a pair tried first that narrowing did not use: %+v", l)
		}
	}
	checkRunsTold(t, cv, cs, c.runs)
}

// costs3 is costs for three platforms: Kubernetes, Lambda and the test
// pool, each a cost curve and an SLO verdict.
type costs3 struct {
	cost [3]func(float64) float64
	meet [3]func(float64) bool
	runs int
}

func (c *costs3) eval(_ context.Context, _ []*scenario.Plan, rates []float64, _ int, _ runner.Progress) ([]CurvePoint, error) {
	var out []CurvePoint
	for _, r := range rates {
		var ms []ModelPoint
		for i, n := range []string{"kubernetes", "lambda", "pool"} {
			ms = append(ms, ModelPoint{Model: n, MonthlyUSD: c.cost[i](r), MeetsSLO: c.meet[i](r)})
		}
		out = append(out, CurvePoint{RatePerSecond: r, Models: ms})
		c.runs++
	}
	return out, nil
}

// With three platforms, where two or three pairs cross in one coarse
// stretch (the case where placed chains several crossings' brackets), the
// search with crossings first finds the exhaustive method's crossings
// (pair, sides, SLO verdicts, rate within the tolerance), tells of every
// run it made, and spares the grid where the crossings are the only
// changes.
func TestCrossingsFirstThreePlatforms(t *testing.T) {
	plan := platformtest.Plan(t, "name: i\nduration: 1s\nworkload: {arrivals: {ratePerSecond: 20}, work: {io: \"100ms\"}}\nkubernetes: {}\nlambda: {runtime: go}\npool: {servers: 4}\n", platformtest.Pool{})
	grid := LogSpace(1, 1000, 25)
	const tol = 0.005
	flat := func(float64) float64 { return 300 }
	line := func(k float64) func(float64) float64 { return func(r float64) float64 { return k * r } }
	below := func(x float64) func(float64) bool { return func(r float64) bool { return r < x } }
	all := [3]func(float64) bool{always, always, always}
	for _, tc := range []struct {
		name   string
		cost   [3]func(float64) float64
		meet   [3]func(float64) bool
		spares bool
	}{
		{"three pairs crossing in one coarse stretch", [3]func(float64) float64{flat, line(1.7), func(r float64) float64 { return 150 + r }}, all, true},
		{"two pairs crossing close together", [3]func(float64) float64{flat, line(1.7), line(1.69)}, all, true},
		{"brackets that overlap", [3]func(float64) float64{flat, line(1.7), line(300 / 176.6)}, all, false},
		{"three pairs and an SLO boundary", [3]func(float64) float64{flat, line(1.7), func(r float64) float64 { return 150 + r }}, [3]func(float64) bool{always, always, below(160)}, true},
		{"all three crossing at one rate", [3]func(float64) float64{flat, line(1.7), func(r float64) float64 { return 100 + 200*r/(300/1.7) }}, all, false},
		{"curved, six crossings", [3]func(float64) float64{flat, func(r float64) float64 { return 300 + 200*math.Sin(math.Log(r)) }, func(r float64) float64 { return 300 + 150*math.Cos(math.Log(r)) }}, all, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := func(s Search) (Curve, []Crossing, int) {
				t.Helper()
				c := &costs3{cost: tc.cost, meet: tc.meet}
				s.Tolerance, s.Days, s.eval = tol, Days{}, c.eval
				cv, err := s.Run(context.Background(), plan, grid, 1, nil)
				if err != nil {
					t.Fatal(err)
				}
				cs, err := s.CrossingsOf(context.Background(), plan, cv, tol, DefaultSteps, 1, nil)
				if err != nil {
					t.Fatal(err)
				}
				checkRunsTold(t, cv, cs, c.runs)
				return cv, cs, c.runs
			}
			_, exCross, _ := run(Exhaustive)
			ad, adCross, adRuns := run(DefaultSearch)
			without := DefaultSearch
			without.CrossingsFirst = false
			_, _, woRuns := run(without)
			if tc.spares && (len(ad.Spared) == 0 || adRuns >= woRuns) {
				t.Errorf("spared %+v in %d runs, %d without; want some spared and fewer runs", ad.Spared, adRuns, woRuns)
			}
			if len(adCross) != len(exCross) {
				t.Fatalf("crossings: %d with crossings first, %d exhaustive:\n%+v\n%+v", len(adCross), len(exCross), adCross, exCross)
			}
			for i := range exCross {
				a, e := adCross[i], exCross[i]
				if a.A != e.A || a.B != e.B || a.CheaperBelow != e.CheaperBelow || a.CheaperAbove != e.CheaperAbove ||
					a.Compliant != e.Compliant || (a.Jump == nil) != (e.Jump == nil) || a.Hi/a.Lo-1 > tol ||
					math.Abs(a.RatePerSecond-e.RatePerSecond)/e.RatePerSecond > tol {
					t.Errorf("crossing %d: %s/%s %.4f [%.4f %.4f] %s→%s compliant %v; exhaustive %s/%s %.4f %s→%s compliant %v",
						i, a.A, a.B, a.RatePerSecond, a.Lo, a.Hi, a.CheaperBelow, a.CheaperAbove, a.Compliant,
						e.A, e.B, e.RatePerSecond, e.CheaperBelow, e.CheaperAbove, e.Compliant)
				}
			}
		})
	}
}
