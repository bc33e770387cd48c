package breakeven_test

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/execsim/execsim/internal/validation"
	"github.com/execsim/execsim/scenarios"
	"github.com/execsim/execsim/scenarios/breakeven"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
)

// shortDays shortens every point of the daily case (a day there holds
// 10⁴–10⁶ requests: the default threshold would shorten none).
var shortDays = breakeven.Days{On: true, MinDayRequests: 1e4}

// The adaptive search with representative days against the exhaustive
// method over the whole run, on a daily profile (two active days and an
// idle one) with a crossing near 2 req/s and a Kubernetes SLO boundary
// near 6. Every shortened point is another sample of the same law, so its
// costs agree with the full run's within the Poisson noise of the requests
// (Lambda's cost is per request; Kubernetes's nodes are fixed, so its cost
// agrees to rounding); the crossing agrees within the tolerance plus three
// standard deviations of that noise in the two estimates.
func TestDaysMatchExhaustiveFullLength(t *testing.T) {
	plan := platformtest.Plan(t, platformtest.ReadFile(t, "../testdata/breakeven/daily.yaml"))
	grid := breakeven.LogSpace(0.3, 12, 13)
	const tol = 0.005
	ctx := context.Background()
	run := searcher(t, plan, grid, tol)
	short := breakeven.DefaultSearch
	short.Days = shortDays
	ex, exCross := run(breakeven.Exhaustive)
	ad, adCross := run(short)
	for _, p := range ex.Points {
		if p.Length != (breakeven.Length{}) {
			t.Fatalf("exhaustive point %g: %+v; want the whole run, shortening off", p.RatePerSecond, p.Length)
		}
	}
	for i, p := range ad.Points {
		if !p.Length.Shortened || p.Length.ActiveDays != 2 || p.Length.IdleDays != 1 {
			t.Errorf("rate %g: %+v; want shortened to 2 active days and 1 idle", p.RatePerSecond, p.Length)
		}
		e := ex.Points[ad.Index[i]]
		for j, m := range p.Models {
			em := e.Models[j]
			// the requests of the run: 2 × a day's against two days'
			sd := 1 / math.Sqrt(float64(em.Arrivals))
			if rel := math.Abs(float64(m.Arrivals)-float64(em.Arrivals)) / float64(em.Arrivals); rel > 4*math.Sqrt2*sd {
				t.Errorf("rate %g %s: %d requests composed, %d in the full run (%.3g apart)", p.RatePerSecond, m.Model, m.Arrivals, em.Arrivals, rel)
			}
			allow := 4 * math.Sqrt2 * sd // both estimates' noise, 4 sd
			if m.Model == "kubernetes" {
				allow = 1e-6 // fixed nodes: the same bill to rounding
			}
			if rel := math.Abs(m.MonthlyUSD-em.MonthlyUSD) / em.MonthlyUSD; rel > allow {
				t.Errorf("rate %g %s: $%.6f/month from days, $%.6f over the whole run (%.3g apart; allowed %.3g)", p.RatePerSecond, m.Model, m.MonthlyUSD, em.MonthlyUSD, rel, allow)
			}
			if m.MeetsSLO != em.MeetsSLO {
				t.Errorf("rate %g %s: meets the SLO %v from days, %v over the whole run", p.RatePerSecond, m.Model, m.MeetsSLO, em.MeetsSLO)
			}
		}
	}
	if len(exCross) != 1 || len(adCross) != 1 {
		t.Fatalf("crossings: exhaustive %+v, days %+v; want one each", exCross, adCross)
	}
	e, a := exCross[0], adCross[0]
	// Lambda's cost at the crossing rests on 2 × one day's requests
	// (relative sd 1/sqrt(day)) in one estimate, two days' (1/sqrt(2 day))
	// in the other; the crossing's rate moves with it one for one
	dayReq := e.RatePerSecond * plan.Duration.Seconds() / 2
	sd := math.Sqrt(1/dayReq + 1/(2*dayReq))
	if rel := math.Abs(a.RatePerSecond-e.RatePerSecond) / e.RatePerSecond; rel > tol+3*sd {
		t.Errorf("crossing at %g (days) vs %g (exhaustive, whole run): %.3g apart; want within %g + 3 × %.3g", a.RatePerSecond, e.RatePerSecond, rel, tol, sd)
	}
	if a.CheaperBelow != e.CheaperBelow || a.Compliant != e.Compliant {
		t.Errorf("crossing: days %+v, exhaustive %+v", a, e)
	}
	t.Logf("crossing %.4f req/s from days (%d runs) vs %.4f over the whole run (%d runs)", a.RatePerSecond, a.Runs, e.RatePerSecond, e.Runs)
	// the stretches (who is cheaper, who meets the SLO) are the same,
	// joined at the crossings (Reach), which agree as above
	sa, se := breakeven.Reach(breakeven.Stretches(ad.Points, "kubernetes", "lambda"), adCross), breakeven.Reach(breakeven.Stretches(ex.Points, "kubernetes", "lambda"), exCross)
	if len(se) < 3 {
		t.Fatalf("stretches over the whole run %+v; want at least 3", se)
	}
	sameStretches(t, se, sa, exCross, adCross, tol+3*sd)
	// the same curve on one worker
	one, err := short.Run(ctx, plan, grid, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(one, ad) {
		t.Error("the curve from days differs between 1 and 2 workers")
	}
}

// A Lambda environment kept warm for 23 h after ten minutes of traffic
// has not forgotten the day at midnight: the point is simulated over the
// whole run instead, says why, and is the full run's point exactly.
func TestDaysFallBackWhenADayIsRemembered(t *testing.T) {
	src := strings.Replace(platformtest.ReadFile(t, "../testdata/breakeven/daily.yaml"),
		"lambda: {memoryMB: 128,", "lambda: {keepAlive: '23h', maxLifetime: 48h, memoryMB: 128,", 1)
	plan := platformtest.Plan(t, src)
	grid := []float64{1}
	short := breakeven.Search{Stride: 1, Days: shortDays}
	got, err := short.Run(context.Background(), plan, grid, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := breakeven.Exhaustive.Run(context.Background(), plan, grid, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := got.Points[0]
	if p.Length.Shortened || !p.Length.FellBack || !strings.Contains(p.Length.FullBecause, "lambda did not forget the active day") ||
		!strings.Contains(p.Length.FullBecause, "kept warm") {
		t.Fatalf("length %+v; want a fall-back to the whole run because Lambda kept environments warm", p.Length)
	}
	p.Length = breakeven.Length{}
	if !reflect.DeepEqual(p, want.Points[0]) {
		t.Errorf("fallen-back point %+v differs from the full run's %+v", p, want.Points[0])
	}
	// the same plan with Lambda's default keep-alive (minutes) forgets it
	plain := platformtest.Plan(t, platformtest.ReadFile(t, "../testdata/breakeven/daily.yaml"))
	ok, err := short.Run(context.Background(), plain, grid, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if l := ok.Points[0].Length; !l.Shortened {
		t.Errorf("default keep-alive: %+v; want shortened", l)
	}
}

// Plans that are not days repeating, or whose bills are not linear in
// usage, are simulated over the whole run, each with its reason; a day
// below the threshold too.
func TestDaysOnlyWhereTheyApply(t *testing.T) {
	base := platformtest.ReadFile(t, "../testdata/breakeven/daily.yaml")
	for _, tc := range []struct{ name, from, to, why string }{
		{"warm-up", "duration: 72h", "duration: 72h\nwarmup: 1h", "a warm-up"},
		{"part of a day", "duration: 72h", "duration: 60h", "not a run of whole days"},
		{"free tier", "frontDoor: none}", "frontDoor: none, freeTier: true}", "free tier"},
		{"run-scope volume tiers", "frontDoor: none}", "frontDoor: none, volume: run}", "cost.volume: run"},
		{"poisson", "", "", "not a daily-repeated profile"},
		{"regular spacing", "interpolation: step", "interpolation: step\n    spacing: regular", "not a daily-repeated profile"},
		{"below the threshold", "", "", "below the 1e+07"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := base
			if tc.from != "" {
				src = strings.Replace(base, tc.from, tc.to, 1)
			}
			if tc.name == "poisson" {
				i, j := strings.Index(base, "  arrivals:"), strings.Index(base, "  work:")
				src = base[:i] + "  arrivals: {process: poisson, ratePerSecond: 1}\n" + base[j:]
			}
			if src == base && tc.name != "below the threshold" {
				t.Fatalf("the variant changed nothing")
			}
			plan := platformtest.Plan(t, src)
			d := shortDays
			if tc.name == "below the threshold" {
				d.MinDayRequests = 1e7
			}
			s := breakeven.Search{Stride: 1, Days: d}
			c, err := s.Run(context.Background(), plan, []float64{0.5}, 2, nil)
			if err != nil {
				t.Fatal(err)
			}
			l := c.Points[0].Length
			if l.Shortened || l.FellBack || !strings.Contains(l.FullBecause, tc.why) {
				t.Errorf("length %+v; want the whole run because of %q", l, tc.why)
			}
		})
	}
}

// On builtin:business-hours itself (long: about 40 s of CPU), points of
// the default threshold's size simulated as a Monday and a Saturday agree
// with the whole week's: the same SLO verdicts, Kubernetes's bill to
// rounding (fixed nodes) and Lambda's within the Poisson noise of the
// requests; one point past Kubernetes's SLO boundary (near 100 req/s)
// checks the tail and the refused share too.
func TestDaysMatchTheWeekOnBusinessHours(t *testing.T) {
	if testing.Short() {
		t.Skip("long: simulates whole weeks of business-hours")
	}
	plan, err := scenarios.Load(scenarios.BuiltinPrefix+"business-hours", nil, platformtest.Registry())
	if err != nil {
		t.Fatal(err)
	}
	rates := []float64{10, 120}
	run := func(s breakeven.Search) breakeven.Curve {
		c, err := s.Run(context.Background(), plan, rates, 2, nil)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	days := breakeven.Search{Stride: 1, Days: breakeven.Days{On: true, MinDayRequests: breakeven.DefaultMinDayRequests}}
	got, want := run(days), run(breakeven.Exhaustive)
	for i, p := range got.Points {
		if l := p.Length; !l.Shortened || l.ActiveDays != 5 || l.IdleDays != 2 {
			t.Fatalf("rate %g: %+v; want a Monday ×5 and a Saturday ×2", p.RatePerSecond, l)
		}
		w := want.Points[i]
		for j, m := range p.Models {
			em := w.Models[j]
			allow := 4 * math.Sqrt(1/float64(m.Arrivals/5)+1/float64(em.Arrivals))
			if m.Model == "kubernetes" {
				allow = 1e-6
			}
			rel := math.Abs(m.MonthlyUSD-em.MonthlyUSD) / em.MonthlyUSD
			if rel > allow {
				t.Errorf("rate %g %s: $%.6f/month from days, $%.6f over the week (%.3g apart; allowed %.3g)", p.RatePerSecond, m.Model, m.MonthlyUSD, em.MonthlyUSD, rel, allow)
			}
			if m.Model == "lambda" {
				validation.Record(t, validation.Check{ID: fmt.Sprintf("breakeven/days-vs-week/%g/lambda", p.RatePerSecond),
					Case:   fmt.Sprintf("business-hours at %g req/s: Lambda's monthly cost from a Monday ×5 + a Saturday ×2", p.RatePerSecond),
					Source: "the whole week simulated", Expected: fmt.Sprintf("$%.4f", em.MonthlyUSD), Measured: fmt.Sprintf("$%.4f", m.MonthlyUSD),
					Tolerance: fmt.Sprintf("%.3f %% (4 sd of the request counts)", 100*allow), Pass: rel <= allow})
			}
			if m.MeetsSLO != em.MeetsSLO || math.Abs(m.Refused-em.Refused) > 0.01 {
				t.Errorf("rate %g %s: SLO %v, refused %.4f from days; %v, %.4f over the week", p.RatePerSecond, m.Model, m.MeetsSLO, m.Refused, em.MeetsSLO, em.Refused)
			}
			t.Logf("rate %g %s: $%.4f vs $%.4f, refused %.4f vs %.4f, p99 %.1f vs %.1f ms", p.RatePerSecond, m.Model, m.MonthlyUSD, em.MonthlyUSD, m.Refused, em.Refused, m.P99Ms, em.P99Ms)
		}
	}
	k, ek := got.Points[1].Model("kubernetes"), want.Points[1].Model("kubernetes")
	validation.Record(t, validation.Check{ID: "breakeven/days-vs-week/120/kubernetes-refused",
		Case:   "business-hours at 120 req/s: Kubernetes's refused share from a Monday, past its SLO boundary",
		Source: "the whole week simulated", Expected: fmt.Sprintf("%.4f", ek.Refused), Measured: fmt.Sprintf("%.4f", k.Refused),
		Tolerance: "0.01", Pass: math.Abs(k.Refused-ek.Refused) <= 0.01 && k.MeetsSLO == ek.MeetsSLO})
	if k.MeetsSLO {
		t.Error("Kubernetes meets the SLO at 120 req/s: the check misses the boundary it is for")
	}
}

// A bill with a volume tier's discount is not n times a day's: a point
// whose day reaches tier 2 of API Gateway's requests (its boundary lowered
// to 200,000 a month) falls back to the whole run, says which line, and
// equals the whole run's point.
func TestDaysFallBackOnATierLine(t *testing.T) {
	src := strings.Replace(platformtest.ReadFile(t, "../testdata/breakeven/daily.yaml"), "frontDoor: none}",
		"frontDoor: none, frontDoors: {lambda: http-api}, prices: {apiGateway.httpTier1Requests: 200000, apiGateway.httpTier2PerMillionUSD: 0.1}}", 1)
	plan := platformtest.Plan(t, src)
	rates := []float64{1}
	days, err := breakeven.Search{Stride: 1, Days: shortDays}.Run(context.Background(), plan, rates, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	full, err := breakeven.Search{Stride: 1}.Run(context.Background(), plan, rates, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := days.Points[0]
	if l := got.Length; l.Shortened || !l.FellBack || !strings.Contains(l.FullBecause, `"api gateway http requests tier 2 discount", whose price is not linear`) {
		t.Fatalf("length %+v; want a fall-back naming the tier line", l)
	}
	got.Length = full.Points[0].Length
	if !reflect.DeepEqual(got, full.Points[0]) {
		t.Errorf("the fallen-back point %+v differs from the whole run's %+v", got, full.Points[0])
	}
}
