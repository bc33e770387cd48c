package breakeven_test

import (
	"context"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/scenarios/breakeven"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/scenario"
)

// pt is a platform at a curve point: monthly cost, refused share, tail.
type pt struct {
	usd, refused float64
	tailMs       float64
}

var slo = platform.SLO{Quantile: 0.99, Target: time.Second, Refused: 0.001}

// curveOf builds a curve of kubernetes and lambda points, judging each by
// slo as curvePoint does.
func curveOf(rates []float64, k, l []pt) []breakeven.CurvePoint {
	var out []breakeven.CurvePoint
	for i, r := range rates {
		c := breakeven.CurvePoint{RatePerSecond: r}
		for j, p := range []pt{k[i], l[i]} {
			name := []string{"kubernetes", "lambda"}[j]
			c.Models = append(c.Models, breakeven.ModelPoint{Model: name, MonthlyUSD: p.usd, Refused: p.refused, TailMs: p.tailMs,
				MeetsSLO: p.refused <= slo.Refused && p.tailMs <= 1000})
		}
		out = append(out, c)
	}
	return out
}

func noun(n string) string {
	return map[string]string{"kubernetes": "Kubernetes", "lambda": "Lambda"}[n]
}

// Crossings are computed between adjacent curve points; one counts as a
// break-even only where both platforms meet the SLO at both points.
// (steps 0: no refinement runs, the constructed curve is all there is.)
func TestCompliantCrossings(t *testing.T) {
	plan := platformtest.Plan(t, platformtest.ReadFile(t, "../testdata/breakeven/fixed-nodes.yaml"))
	ok := func(usd float64) pt { return pt{usd, 0, 200} }
	refusing := func(usd, refused float64) pt { return pt{usd, refused, 300} }
	slow := func(usd float64) pt { return pt{usd, 0, 5000} }
	rates := []float64{10, 20, 40, 80}
	for _, tc := range []struct {
		name       string
		k, l       []pt
		compliant  []bool
		misses     [][]string
		onlyByMiss []string // "from-to" of stretches where the cheaper is so only by missing the SLO
	}{
		{"both meet: a break-even",
			[]pt{ok(300), ok(300), ok(300), ok(300)}, []pt{ok(100), ok(200), ok(400), ok(800)},
			[]bool{true}, [][]string{nil}, nil},
		{"the cheaper side refuses above the crossing: not a break-even",
			[]pt{ok(300), ok(300), refusing(300, 0.04), refusing(300, 0.12)}, []pt{ok(100), ok(200), ok(400), ok(800)},
			[]bool{false}, [][]string{{"kubernetes"}}, []string{"40-80"}},
		{"Kubernetes cheaper throughout, refusing at the top: no crossing, named",
			[]pt{ok(50), ok(50), refusing(60, 0.2), refusing(60, 0.4)}, []pt{ok(100), ok(200), ok(400), ok(800)},
			nil, nil, []string{"40-80"}},
		{"late, not refusing: the crossing still does not count",
			[]pt{ok(300), slow(300), slow(300), ok(300)}, []pt{ok(100), ok(200), ok(400), ok(800)},
			[]bool{false}, [][]string{{"kubernetes"}}, []string{"40-40"}},
		{"two crossings, the second among compliant points",
			[]pt{refusing(150, 0.01), ok(150), ok(150), ok(150)}, []pt{ok(100), ok(200), ok(100), ok(100)},
			[]bool{false, true}, [][]string{{"kubernetes"}, nil}, nil},
		{"a tie at the end is no crossing",
			[]pt{ok(300), ok(300), ok(300), ok(300)}, []pt{ok(100), ok(200), ok(300), ok(300)},
			nil, nil, nil},
		{"a touch is no crossing",
			[]pt{ok(300), ok(300), ok(300), ok(300)}, []pt{ok(100), ok(300), ok(100), ok(100)},
			nil, nil, nil},
		{"a crossing through a tie, judged at the tie too",
			[]pt{ok(300), refusing(300, 0.01), ok(300), ok(300)}, []pt{ok(100), ok(300), ok(400), ok(800)},
			[]bool{false}, [][]string{{"kubernetes"}}, nil},
		{"both miss: the crossing names both",
			[]pt{slow(300), slow(300), slow(300), slow(300)}, []pt{refusing(100, 1), refusing(200, 1), refusing(400, 1), refusing(800, 1)},
			[]bool{false}, [][]string{{"kubernetes", "lambda"}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			curve := curveOf(rates, tc.k, tc.l)
			cs, err := breakeven.Crossings(context.Background(), plan, curve, 0.005, 0, 1)
			if err != nil {
				t.Fatal(err)
			}
			var compliant []bool
			var misses [][]string
			for _, c := range cs {
				compliant, misses = append(compliant, c.Compliant), append(misses, c.Misses)
				s := c.Sentence(noun)
				if c.Compliant != strings.HasPrefix(s, "break-even") {
					t.Errorf("sentence %q for a crossing compliant=%v", s, c.Compliant)
				}
			}
			if !reflect.DeepEqual(compliant, tc.compliant) || !reflect.DeepEqual(misses, tc.misses) {
				t.Errorf("crossings compliant %v, missing %v; want %v, %v", compliant, misses, tc.compliant, tc.misses)
			}
			var only []string
			for _, s := range breakeven.Stretches(curve, "kubernetes", "lambda") {
				sentence := s.Sentence(slo, noun, false)
				if s.OnlyByMissing() {
					only = append(only, format(s.From)+"-"+format(s.To))
					// "only because" for refusals alone: a late tail
					// saves nothing (walk14 #3)
					refusing := strings.Contains(sentence, "refuses")
					if refusing != strings.Contains(sentence, "only because") || !refusing && !strings.Contains(sentence, ", but ") {
						t.Errorf("stretch cheaper only while missing the SLO reads %q", sentence)
					}
				}
				// no sentence calls a platform cheaper without its SLO verdict
				if !strings.Contains(sentence, "SLO") {
					t.Errorf("sentence without the SLO: %q", sentence)
				}
			}
			if !reflect.DeepEqual(only, tc.onlyByMiss) {
				t.Errorf("stretches cheaper only by missing the SLO %v; want %v", only, tc.onlyByMiss)
			}
		})
	}
}

func format(r float64) string { return strconv.FormatFloat(r, 'g', -1, 64) }

func TestStretchSentences(t *testing.T) {
	for _, tc := range []struct {
		name string
		k, l pt
		want string
	}{
		{"both meet", pt{50, 0, 200}, pt{100, 0, 200}, "Kubernetes is cheaper at 80 req/s, both meeting the SLO."},
		{"cheaper refuses", pt{50, 0.04, 200}, pt{100, 0, 200},
			"Kubernetes is cheaper at 80 req/s only because it refuses 4.00 % of requests (SLO: p99 ≤ 1s, refused ≤ 0.10 %); Lambda meets it."},
		{"cheaper late", pt{50, 0, 5200}, pt{100, 0, 200},
			"Kubernetes is cheaper at 80 req/s, but its p99 reaches 5.200 s (SLO: p99 ≤ 1s, refused ≤ 0.10 %); Lambda meets it."},
		{"other refuses", pt{150, 0.2, 200}, pt{100, 0, 200},
			"Lambda is cheaper at 80 req/s and meets the SLO; Kubernetes misses it there (refuses 20.00 % of requests; SLO: p99 ≤ 1s, refused ≤ 0.10 %)."},
		{"neither", pt{50, 0.2, 200}, pt{100, 0, 2000},
			"Kubernetes is cheaper at 80 req/s, but neither meets the SLO (Kubernetes: refuses 20.00 % of requests; Lambda: p99 up to 2.000 s; SLO: p99 ≤ 1s, refused ≤ 0.10 %)."},
		{"tie", pt{100, 0, 200}, pt{100, 0.5, 200}, "Kubernetes and Lambda cost the same at 80 req/s, Lambda missing the SLO."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss := breakeven.Stretches(curveOf([]float64{80}, []pt{tc.k}, []pt{tc.l}), "kubernetes", "lambda")
			if len(ss) != 1 {
				t.Fatalf("%d stretches; want 1", len(ss))
			}
			if got := ss[0].Sentence(slo, noun, false); got != tc.want {
				t.Errorf("sentence\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// A sign change of the gap across a bracket narrower than the tolerance
// where one cost steps far past what the other's moves is a jump, not a
// break-even: the hybrid moves a service to Kubernetes and its cost leaps
// past Kubernetes'. A cost that meets the other's smoothly in the same
// bracket is a break-even, its cost read from the bracket's two points.
func TestJumpIsNoBreakEven(t *testing.T) {
	plan := platformtest.Plan(t, platformtest.ReadFile(t, "../testdata/breakeven/fixed-nodes.yaml"))
	ok := func(usd float64) pt { return pt{usd, 0, 200} }
	rates := []float64{48.1, 48.3}
	for _, tc := range []struct {
		name      string
		k, l      []pt
		jump      bool
		cost      float64
		sentence  string
		compliant bool
	}{
		// both meet the SLO at the jump: the sentence says so, and only
		// once that it is no break-even (it said "no break-even" twice,
		// the second time "among rates where both meet the SLO")
		{"a step past the other", []pt{ok(389.28), ok(389.30)}, []pt{ok(248.11), ok(586.86)}, true, math.NaN(),
			"Lambda's cost jumps from $248.11 to $586.86 between 48.1 and 48.3 req/s as prod-users moves from Lambda to Kubernetes, past Kubernetes' ($389.28–$389.30 there): Lambda is cheaper below, Kubernetes above, both meeting the SLO on either side; the costs are never equal, so it is no break-even", true},
		{"a smooth meeting", []pt{ok(389.28), ok(389.30)}, []pt{ok(388.50), ok(390.10)}, false, 389.29,
			"break-even ≈ 48.2 req/s (127 million requests/month): Lambda is cheaper below, Kubernetes above, both meeting the SLO on either side; about $389.29/month each", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			curve := curveOf(rates, tc.k, tc.l)
			if tc.jump {
				for i, where := range []string{"lambda", "kubernetes"} {
					curve[i].Models[1].Placed = []breakeven.Placed{{"prod-orders", "lambda"}, {"prod-users", where}}
				}
			}
			cs, err := breakeven.Crossings(context.Background(), plan, curve, 0.005, 0, 1)
			if err != nil {
				t.Fatal(err)
			}
			if len(cs) != 1 {
				t.Fatalf("%d crossings; want 1", len(cs))
			}
			c := cs[0]
			if (c.Jump != nil) != tc.jump || c.Compliant != tc.compliant || c.BreakEven() != !tc.jump {
				t.Errorf("jump %+v, compliant %v, break-even %v; want a jump %v, compliant %v", c.Jump, c.Compliant, c.BreakEven(), tc.jump, tc.compliant)
			}
			if tc.jump != math.IsNaN(c.MonthlyUSD) || (!tc.jump && math.Abs(c.MonthlyUSD-tc.cost) > 0.01) {
				t.Errorf("cost at the crossing $%.2f; want %v", c.MonthlyUSD, tc.cost)
			}
			if got := c.Sentence(noun); got != tc.sentence {
				t.Errorf("sentence\n%s\nwant\n%s", got, tc.sentence)
			}
		})
	}
}

// A rate where no request arrived is not judged: it neither meets nor
// misses the SLO (platform.SLO.Judge). It counted as meeting it, so a
// crossing next to it was a break-even "both meeting the SLO on either
// side", and a stretch of it was "both meeting the SLO".
func TestNoArrivalsNotJudged(t *testing.T) {
	plan := platformtest.Plan(t, platformtest.ReadFile(t, "../testdata/breakeven/fixed-nodes.yaml"))
	ok := func(usd float64) pt { return pt{usd, 0, 200} }
	curve := curveOf([]float64{0.001, 0.002, 0.004}, []pt{ok(50), ok(50), ok(50)}, []pt{ok(100), ok(20), ok(30)})
	// nothing arrived at the lowest rate
	for k := range curve[0].Models {
		m := &curve[0].Models[k]
		m.NotJudged, m.MeetsSLO, m.Arrivals = true, false, 0
	}
	cs, err := breakeven.Crossings(context.Background(), plan, curve, 0.005, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 {
		t.Fatalf("%d crossings; want 1", len(cs))
	}
	c := cs[0]
	if c.Compliant || c.BreakEven() || len(c.Misses) != 0 || !reflect.DeepEqual(c.NotJudged, []string{"kubernetes", "lambda"}) {
		t.Errorf("crossing %+v: want no break-even, no platform missing the SLO, both not judged", c)
	}
	want := "costs cross ≈ 0.001 req/s where no request arrived at some of its rates (the SLO is not judged there): not a break-even (Kubernetes is cheaper below, Lambda above; about $75.00/month each)"
	if got := c.Sentence(noun); !strings.HasPrefix(got, "costs cross ≈ ") || !strings.Contains(got, "no request arrived at some of its rates (the SLO is not judged there): not a break-even") {
		t.Errorf("sentence\n%s\nlike\n%s", got, want)
	}
	ss := breakeven.Stretches(curve, "kubernetes", "lambda")
	if len(ss) != 2 || !ss[0].NotJudged || ss[0].OnlyByMissing() || ss[1].NotJudged {
		t.Fatalf("stretches %+v; want the rate without arrivals on its own, not judged", ss)
	}
	if got, want := ss[0].Sentence(slo, noun, false), "Kubernetes is cheaper at 0.001 req/s, where no request arrived: the SLO is not judged there."; got != want {
		t.Errorf("sentence\n got %q\nwant %q", got, want)
	}
	if p := curve[0]; !p.NotJudged() || p.CheapestMeeting() != "" {
		t.Errorf("point without arrivals: not judged %v, cheapest meeting the SLO %q", p.NotJudged(), p.CheapestMeeting())
	}
}

// A run with no arrivals is judged as a run's verdict is: not judged.
func TestEvaluateNoArrivalsNotJudged(t *testing.T) {
	src := strings.NewReplacer("duration: 10m", "duration: 1m").Replace(platformtest.ReadFile(t, "../testdata/breakeven/fixed-nodes.yaml"))
	plan := platformtest.Plan(t, src)
	q, err := breakeven.AtRate(plan, 1e-5)
	if err != nil {
		t.Fatal(err)
	}
	pts, err := breakeven.Evaluate(context.Background(), []*scenario.Plan{q}, []float64{1e-5}, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range pts[0].Models {
		if m.Arrivals != 0 || !m.NotJudged || m.MeetsSLO {
			t.Errorf("%s at 1e-5 req/s for a minute: %d arrivals, not judged %v, meets %v; want none, not judged, not meeting", m.Model, m.Arrivals, m.NotJudged, m.MeetsSLO)
		}
	}
}

// Stretches end at curve points; Reach carries them to the crossing
// between them, so no rate is left to neither platform (walk3: "Lambda is
// cheaper from 1 to 7.07 req/s", "Kubernetes is cheaper at 50 req/s", the
// break-even at 46.2), but only where the bracket's runs agree with the
// stretches on either side.
func TestReachMeetsAtTheCrossing(t *testing.T) {
	curve := curveOf([]float64{1, 7.07, 50},
		[]pt{{usd: 300, tailMs: 200}, {usd: 300, tailMs: 200}, {usd: 310, tailMs: 200}},
		[]pt{{usd: 10, tailMs: 300}, {usd: 50, tailMs: 300}, {usd: 350, tailMs: 900}})
	bracket := curveOf([]float64{46, 46.3},
		[]pt{{usd: 309.9, tailMs: 210}, {usd: 309.9, tailMs: 200}},
		[]pt{{usd: 309.5, tailMs: 400}, {usd: 310.2, tailMs: 300}})
	x := breakeven.Crossing{A: "kubernetes", B: "lambda", RatePerSecond: 46.16, Lo: 46, Hi: 46.3,
		Below: bracket[0], Above: bracket[1], CheaperBelow: "lambda", CheaperAbove: "kubernetes", Compliant: true}
	type span struct{ from, to float64 }
	spans := func(ss []breakeven.Stretch) []span {
		var out []span
		for _, s := range ss {
			out = append(out, span{s.From, s.To})
		}
		return out
	}
	ss := breakeven.Stretches(curve, "kubernetes", "lambda")
	if got, want := spans(ss), []span{{1, 7.07}, {50, 50}}; !slices.Equal(got, want) {
		t.Fatalf("stretches %v, want %v", got, want)
	}
	got := breakeven.Reach(ss, []breakeven.Crossing{x})
	if want := []span{{1, 46.16}, {46.16, 50}}; !slices.Equal(spans(got), want) {
		t.Errorf("reached %v, want %v", spans(got), want)
	}
	if got[0].CheaperRange.TailMaxMs != 400 || got[1].OtherRange.TailMinMs != 300 {
		t.Errorf("the bracket runs' tails are not in the ranges: %+v / %+v", got[0].CheaperRange, got[1].OtherRange)
	}
	if !slices.Equal(spans(ss), []span{{1, 7.07}, {50, 50}}) {
		t.Error("Reach changed its argument")
	}
	if s := got[1].Sentence(slo, noun, false); !strings.Contains(s, "from 46.2 to 50 req/s") {
		t.Errorf("sentence %q", s)
	}

	// a jump is somewhere inside its bracket: the stretches stop at its ends
	j := x
	j.Jump = &breakeven.Jump{}
	if got := spans(breakeven.Reach(ss, []breakeven.Crossing{j})); !slices.Equal(got, []span{{1, 46}, {46.3, 50}}) {
		t.Errorf("jump: %v", got)
	}
	// where the bracket's run misses the SLO the stretch meets, nothing
	// simulated says the stretch goes on: the gap stays
	m := x
	m.Below = curveOf([]float64{46}, []pt{{usd: 309.9, tailMs: 210}}, []pt{{usd: 309.5, tailMs: 1400}})[0]
	if got := spans(breakeven.Reach(ss, []breakeven.Crossing{m})); !slices.Equal(got, []span{{1, 7.07}, {50, 50}}) {
		t.Errorf("SLO change inside the gap: %v", got)
	}
	// a crossing outside the gap is another stretch's business
	o := x
	o.Lo, o.Hi, o.RatePerSecond = 3, 4, 3.5
	if got := spans(breakeven.Reach(ss, []breakeven.Crossing{o})); !slices.Equal(got, []span{{1, 7.07}, {50, 50}}) {
		t.Errorf("crossing outside the gap: %v", got)
	}
}

// Costs printed alike are a tie: "Knative is cheaper than Kubernetes at 50
// req/s" beside $149.00 twice contradicted the table (walk3).
func TestStretchTieAtPrintedCents(t *testing.T) {
	ss := breakeven.Stretches(curveOf([]float64{50}, []pt{{usd: 149.001}}, []pt{{usd: 148.998}}), "kubernetes", "lambda")
	if len(ss) != 1 || !ss[0].Tie {
		t.Fatalf("%+v: want a tie", ss)
	}
	if s := ss[0].Sentence(slo, noun, false); !strings.Contains(s, "cost the same") {
		t.Errorf("sentence %q", s)
	}
	ss = breakeven.Stretches(curveOf([]float64{50}, []pt{{usd: 149.01}}, []pt{{usd: 148.99}}), "kubernetes", "lambda")
	if ss[0].Tie || ss[0].Cheaper != "lambda" {
		t.Errorf("%+v: a cent apart is no tie", ss[0])
	}
}
