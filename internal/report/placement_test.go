package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/execsim/execsim/scenarios/summary"
)

// searched is fleetFixture as a placement that searched writes it: the
// requests, the services too quiet to judge, the cheapest platform of
// each, one service kept off its cheapest platform, and what was compared.
func searched() *Bundle {
	b := fleetFixture()
	pl := b.Summary.Placement
	pl.MinRequests = 100
	for i := range pl.Services {
		s := &pl.Services[i]
		s.Requests = int64(s.RatePerSecond * 3600)
		s.TooFewRequests = s.Requests < 100
		s.Cheapest = s.Platform
		for j := range s.Options {
			s.Options[j].LoadedMonthlyUSD = s.Options[j].MonthlyUSD * 1.5
			s.Options[j].NotJudged = s.TooFewRequests && s.Options[j].MeetsSLO
		}
	}
	// reports is cheaper on Lambda alone, kept on Kubernetes by the blend
	pl.Services[4].Cheapest, pl.Services[4].Platform = "lambda", "kubernetes"
	pl.Counts["kubernetes"]++
	pl.Counts["lambda"]--
	pl.Trials = []platform.PlacementTrial{
		{What: "all on kubernetes", MonthlyUSD: 1234.5, SLOMet: true},
		{What: "all on lambda", MonthlyUSD: 3456.78, SLOMet: true},
		{What: "move 21 services to lambda for cost", Simulated: true, MonthlyUSD: 987.65, SLOMet: true, Kept: true},
		{What: "move 1 service to lambda for cost", Simulated: true, MonthlyUSD: 990, SLOMet: true},
	}
	return b
}

// placement.csv has a row per service with both per-service costs named,
// meets_slo empty for a service with too few requests to judge, and
// pinned from the service's field, then own_slo and marginal, last: the
// columns before them are those of a file written before they came, at
// the same positions.
func TestPlacementCSV(t *testing.T) {
	b := searched()
	b.Summary.Placement.Services[4].Pinned = true
	b.Summary.Placement.Services[4].SLO = &platform.PlacementSLO{Percentile: "p99", TargetMs: 5000, Refused: 0.001}
	b.Summary.Placement.Services[0].Marginal = "lambda p99 310.0 ms against 300.0 ms (95 % interval 290.0 ms–330.0 ms from 1,300 completed requests)"
	rows, err := csv.NewReader(bytes.NewReader(b.PlacementCSV())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// the header before pinned came (250ceb8), column for column
	older := "service,requests,rate_per_second,placed_on,cheapest_alone,too_few_requests,reason," +
		"kubernetes_direct_monthly_usd,kubernetes_loaded_monthly_usd,kubernetes_tail_ms,kubernetes_meets_slo," +
		"lambda_direct_monthly_usd,lambda_loaded_monthly_usd,lambda_tail_ms,lambda_meets_slo"
	want := older + ",pinned,own_slo,marginal"
	if got := strings.Join(rows[0], ","); got != want {
		t.Errorf("header\n%s\nwant\n%s", got, want)
	}
	if len(rows) != 1+len(b.Summary.Placement.Services) {
		t.Fatalf("%d rows for %d services", len(rows)-1, len(b.Summary.Placement.Services))
	}
	byName := map[string][]string{}
	for _, r := range rows[1:] {
		byName[r[0]] = r
	}
	if r := byName["checkout"]; strings.Join(r[1:6], ",") != "1512000,420,kubernetes,kubernetes,false" || r[7] != "310.000000" || r[8] != "465.000000" || r[10] != "true" || r[15] != "false" {
		t.Errorf("checkout: %q", r)
	}
	if r := byName["reports"]; r[3] != "kubernetes" || r[4] != "lambda" || r[15] != "true" {
		t.Errorf("reports: placed %s, cheapest %s, pinned %s; want kubernetes, lambda, true", r[3], r[4], r[15])
	}
	if r := byName["reports"]; r[16] != "p99 ≤ 5s, refused ≤ 0.10 %" || r[17] != "" {
		t.Errorf("reports: own_slo %q, marginal %q; want its own SLO, not marginal", r[16], r[17])
	}
	if r := rows[1]; r[16] != "" || r[17] != b.Summary.Placement.Services[0].Marginal {
		t.Errorf("%s: own_slo %q, marginal %q; want none and the placement's", r[0], r[16], r[17])
	}
	if r := byName["cron"]; r[5] != "true" || r[10] != "" || r[14] != "" || r[9] != "" || r[13] != "" {
		t.Errorf("cron, never called: too_few %s, tails %q and %q, meets %q and %q; want true and all empty", r[5], r[9], r[13], r[10], r[14])
	}
	if (&Bundle{}).PlacementCSV() != nil {
		t.Error("placement.csv without a placement")
	}
}

// The fleet section counts the services not on their cheapest platform
// and says why, names the services too quiet to judge, and says what was
// compared (walk3, defect 2: "each on the cheapest platform that meets
// the SLO" was false for 301 of 500 services, with no count).
func TestPlacementSentencesAreTrue(t *testing.T) {
	b := searched()
	var md strings.Builder
	b.fleetMarkdown(&md, nil)
	out := md.String()
	for _, want := range []string{
		"Of the 25 services, the hybrid places 3 on Kubernetes and 22 on Lambda (SLO p99 ≤ 2s, refused ≤ 1.00 %).",
		"24 of 25 services are on the cheapest platform that meets the SLO for them alone (by direct cost); 1 is not: the simulated blend moving it was not cheaper",
		"22 services had fewer than 100 requests, too few to judge their own p99: ",
		". They are placed by cost among the platforms that refuse no more of their requests than the SLO allows;",
		"simulated (move 21 services to lambda for cost: $987.65 a month, meets the SLO, 0 services miss it on their own; move 1 service to lambda for cost: $990.00 a month, meets the SLO, 0 services miss it on their own, not kept)",
		"The search cost 2 simulations beyond the platforms' own runs.",
		"| Kubernetes direct $/month |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary.md lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "each on the cheapest platform") {
		t.Errorf("summary.md still claims every service is on its cheapest platform:\n%s", out)
	}
}

// services.csv's hybrid rows say where each service ran; a folder written
// before the column still reads back.
func TestServicesPlacedOn(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a scenario")
	}
	plan, err := scenario.Parse([]byte(`name: blend
seed: 5
duration: 5m
services:
  - {name: busy, platform: kubernetes, arrivals: {ratePerSecond: 5}, work: {io: "exp(mean=30ms)"}}
  - {name: quiet, arrivals: {ratePerSecond: 0.01}, work: {io: "exp(mean=100ms)"}}
kubernetes: {}
lambda: {memoryMB: 512}
placement: {}
`), nil, registry)
	if err != nil {
		t.Fatal(err)
	}
	res, err := runner.Run(plan, runner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := FromResult(res, "")
	got := map[string]string{}
	for _, r := range b.Services {
		if r.Kind == KindService {
			got[r.Platform+"/"+r.Service] = r.PlacedOn
		}
	}
	if got["hybrid/busy"] != "kubernetes" || got["hybrid/quiet"] != "lambda" || got["kubernetes/busy"] != "" {
		t.Errorf("placed_on %v; want busy on kubernetes and quiet on lambda in the hybrid's rows only", got)
	}
	data := b.ServicesCSV()
	back, err := readServices(data, registry)
	if err != nil || len(back) != len(b.Services) || back[len(back)-1].PlacedOn != b.Services[len(back)-1].PlacedOn {
		t.Fatalf("read back: %v", err)
	}
	// the header and cells before placed_on
	var old bytes.Buffer
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if i := strings.LastIndex(line, ","); i >= 0 {
			line = line[:i] + "\n"
		}
		old.WriteString(line)
	}
	if _, err := readServices(old.Bytes(), registry); err != nil {
		t.Errorf("services.csv without placed_on: %v", err)
	}
}

// A blend dearer than a platform alone is kept "for the SLO of single
// services" only when fewer services miss it in the blend; when as many
// miss it, the pins are what keep it, and the sentence says so (revplace
// finding 2: "0 services miss it on their own, against 0 in the blend").
func TestKeptForNamesThePinsWhenTheSLOIsNoReason(t *testing.T) {
	for _, tc := range []struct {
		name         string
		alone, blend int
		pinned       bool
		want         string
	}{
		{"fewer miss it", 3, 0, false, "The placement keeps the blend for the SLO of single services: all on Lambda, 3 services miss it on their own, against 0 in the blend."},
		{"pins", 0, 0, true, "The placement keeps the blend for its pins: 1 service is pinned to other platforms (checkout), so it may not put every service on Lambda."},
		{"fewer miss it and pins", 2, 1, true, "for the SLO of single services: all on Lambda, 2 services miss it"},
		{"neither", 0, 0, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := searched()
			pl := b.Summary.Placement
			pl.Trials[1].Missing = tc.alone
			pl.Trials[2].Missing = tc.blend
			if tc.pinned {
				// the field says it, not the reason's text
				pl.Services[0].Pinned = true
			}
			got := fleetOf(b.Summary, registry).keptFor("lambda")
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("keptFor:\n%q\nwant it to contain\n%q", got, tc.want)
			}
		})
	}
}

// A move that puts every service on one platform is a blend the search
// tried, not a platform's own run, and says "not kept" when it was not;
// it costs no simulation (revplace finding 4: it was listed among "each
// platform's own run", without "not kept").
func TestComparedKeepsAMoveToOnePlatformAmongTheBlends(t *testing.T) {
	b := searched()
	pl := b.Summary.Placement
	pl.Trials = []platform.PlacementTrial{
		{What: "all on kubernetes", MonthlyUSD: 500, SLOMet: true},
		{What: "all on lambda", MonthlyUSD: 400, SLOMet: true, Kept: true},
		{What: "all on lambda but 2 pinned elsewhere", Simulated: true, MonthlyUSD: 450, SLOMet: true, Kept: true},
		{What: "move 11 services to kubernetes for cost: all on kubernetes", MonthlyUSD: 500, SLOMet: true},
	}
	got := fleetOf(b.Summary, registry).compared()
	for _, want := range []string{
		"each platform's own run of every service (all on kubernetes: $500.00 a month, meets the SLO, 0 services miss it on their own; all on lambda: $400.00 a month, meets the SLO, 0 services miss it on their own) with 2 blends it tried (",
		"move 11 services to kubernetes for cost: all on kubernetes: $500.00 a month, meets the SLO, 0 services miss it on their own (that platform's own run, no simulation), not kept)",
		"The search cost 1 simulation beyond",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("compared:\n%s\nlacks\n%s", got, want)
		}
	}
}

// A placement settled on one platform says that the hybrid column is that
// platform's own run, which costs no simulation: the runner reuses it
// (revplace finding 6: it was run once more, and counted).
func TestComparedCountsTheSettledRun(t *testing.T) {
	b := searched()
	b.Summary.Placement.Settled = "kubernetes"
	got := fleetOf(b.Summary, registry).compared()
	for _, want := range []string{
		"it recommends all on Kubernetes, and the hybrid column is that platform's own run.",
		"The search cost 2 simulations beyond",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("compared:\n%s\nlacks\n%s", got, want)
		}
	}
}

// A settled folder written before the reuse ran the blend once more as
// the hybrid column: read back (no pinned on its services), plot counts
// that run, and says what the column was. A folder plot re-rendered
// keeps the mark (its services then have pinned).
func TestComparedCountsAnOlderSettledRun(t *testing.T) {
	b := searched()
	b.Summary.Placement.Settled = "kubernetes"
	data, err := json.Marshal(b.Summary.Placement)
	if err != nil {
		t.Fatal(err)
	}
	older := regexp.MustCompile(`"pinned":(true|false),`).ReplaceAll(data, nil)
	for _, tc := range []struct {
		name string
		data []byte
		want []string
	}{
		{"written after the reuse", data, []string{"the hybrid column is that platform's own run.", "The search cost 2 simulations beyond"}},
		{"written before it", older, []string{"the hybrid column is that platform run once more as the blend.", "The search cost 3 simulations beyond"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var pl platform.Placement
			if err := json.Unmarshal(tc.data, &pl); err != nil {
				t.Fatal(err)
			}
			again, err := json.Marshal(&pl) // as plot writes summary.json back
			if err != nil {
				t.Fatal(err)
			}
			var back platform.Placement
			if err := json.Unmarshal(again, &back); err != nil {
				t.Fatal(err)
			}
			for _, p := range []*platform.Placement{&pl, &back} {
				s := b.Summary
				s.Placement = p
				got := fleetOf(s, registry).compared()
				for _, want := range tc.want {
					if !strings.Contains(got, want) {
						t.Errorf("compared:\n%s\nlacks\n%s", got, want)
					}
				}
			}
		})
	}
}

// A search cut short by Ctrl-C after it kept a blend says so where the
// blend is described, and the run opens with it (it read as the search's
// answer).
func TestInterruptedSearchIsMarked(t *testing.T) {
	b := searched()
	b.Summary.Placement.Interrupted = &platform.PlacementStop{Simulations: 1, Bound: 4}
	b.Summary.Partial, b.Summary.RequestedDurationS = true, b.Summary.DurationS
	want := "the blend reported is the best found so far, after 1 of at most 4 simulations; a finished search could still move services."
	if got := fleetOf(b.Summary, registry).compared(); !strings.HasSuffix(got, " Interrupted: "+want) {
		t.Errorf("compared:\n%s\nwant it to end\n%s", got, want)
	}
	if got := b.partialNotice(); got != "Partial run: interrupted during the placement's search; every platform ran the whole "+
		format.RunLength(b.Summary.DurationS)+" asked, but "+want {
		t.Errorf("notice %q", got)
	}
	b.Summary.Placement.Interrupted = nil
	if got := fleetOf(b.Summary, registry).compared(); strings.Contains(got, "Interrupted") {
		t.Errorf("a finished search is marked interrupted:\n%s", got)
	}
}

// The loaded costs say what they add up to: each platform's column to
// that platform's own run of every service, not to the blend's bill
// (outputs9: named right after the blend's bill as "direct scaled up by
// the bill's total over the sum of its parts", they read as its parts).
// The loaded costs here are what a run writes, each platform's direct
// costs scaled up to its bill, and the sums the sentence must print are
// worked out by hand from the bills, not from the loaded costs, so the
// test fails if the sentence stops adding them up. With every service on
// one platform the blend is that run, and the sentence says so rather
// than "they come to $74.43, against the blend's $74.43" (rev11b 5).
func TestLoadedCostsSayWhatTheySumTo(t *testing.T) {
	const lead = "Each platform's loaded costs add up to that run's bill (all on Kubernetes $300.00 and all on Lambda $100.00)"
	for _, tc := range []struct {
		name    string
		on      [3]string // where a, b and c go
		blend   float64
		want    string
		notWant string
	}{
		// on the platforms chosen: a's 100 × 300/180 + b's 20 × 100/90 + c's 30 × 100/90 = $222.22
		{"mixed", [3]string{"kubernetes", "lambda", "lambda"}, 250,
			lead + ", not to the blend's: on the platforms chosen they come to $222.22, against the blend's $250.00 from its own run.", ""},
		{"mixed, equal to the cent", [3]string{"kubernetes", "lambda", "lambda"}, 222.222,
			lead + ", not to the blend's: on the platforms chosen they come to $222.22, which the blend's bill from its own run matches only by chance.", "against the blend's"},
		{"all on one", [3]string{"lambda", "lambda", "lambda"}, 100,
			lead + "; with every service on Lambda the blend is that run, so on the platform chosen they come to its bill, $100.00.", "against the blend's"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svcs := []fleetService{{"a", 5, 100, 40, tc.on[0]}, {"b", 2, 50, 20, tc.on[1]}, {"c", 1, 30, 30, tc.on[2]}}
			b := fleetBundle(svcs, 300, 100, tc.blend)
			pl := b.Summary.Placement
			pl.Trials = []platform.PlacementTrial{{What: "all on kubernetes", MonthlyUSD: 300, SLOMet: true}, {What: "all on lambda", MonthlyUSD: 100, SLOMet: true}}
			// loaded = direct × the platform's bill over its direct costs' sum
			scale := map[string]float64{"kubernetes": 300.0 / 180, "lambda": 100.0 / 90}
			for i := range pl.Services {
				for j := range pl.Services[i].Options {
					o := &pl.Services[i].Options[j]
					o.LoadedMonthlyUSD = o.MonthlyUSD * scale[o.Platform]
				}
			}
			got := fleetOf(b.Summary, registry).reconcile()
			if !strings.Contains(got, tc.want) || (tc.notWant != "" && strings.Contains(got, tc.notWant)) {
				t.Errorf("reconcile:\n%s\nwant it to say:\n%s", got, tc.want)
			}
			if strings.Contains(got, "the bill's total over the sum of its parts") {
				t.Errorf("reconcile still scales loaded costs by an unnamed bill:\n%s", got)
			}
		})
	}
	b := searched()
	// a summary written before the loaded costs says nothing of them
	for i := range b.Summary.Placement.Services {
		for j := range b.Summary.Placement.Services[i].Options {
			b.Summary.Placement.Services[i].Options[j].LoadedMonthlyUSD = 0
		}
	}
	if got := fleetOf(b.Summary, registry).reconcile(); strings.Contains(got, "loaded") {
		t.Errorf("reconcile without loaded costs:\n%s", got)
	}
}

// A service with too few requests that a platform fails is named in the
// verdict with why, and placement.csv says it misses the SLO there
// (false, not empty) with no tail where none of its requests completed
// (walk9 #1: every request of it timed out on Lambda, and nothing said so).
func TestVerdictNamesServicesAPlatformFails(t *testing.T) {
	b := searched()
	pl := b.Summary.Placement
	idx := -1
	for i, s := range pl.Services {
		if s.Name == "reports" {
			idx = i
		}
	}
	svc := &pl.Services[idx]
	svc.TooFewRequests, svc.Platform, svc.Cheapest = true, "kubernetes", "kubernetes"
	for j := range svc.Options {
		if svc.Options[j].Platform == "lambda" {
			svc.Options[j] = platform.PlacedOption{Platform: "lambda", Refused: 1, MonthlyUSD: 0.5, NoTail: true,
				Why: "12 of 12 requests refused (12 failed); its timeout there is 3s"}
		}
	}
	got := placementRefusals(pl, b.Registry)
	// the service and its why after the count, not in parentheses within
	// a list joined by semicolons (fmt10: "reports (12 of 12 requests
	// refused (12 failed); its timeout there is 3s); it is placed
	// elsewhere.")
	want := "Lambda refuses more requests than the placement's SLO allows (1.00 %) for 1 service; it is placed elsewhere. reports: 12 of 12 requests refused (12 failed); its timeout there is 3s."
	if got != want {
		t.Errorf("placementRefusals\n%s\nwant\n%s", got, want)
	}
	if !strings.Contains(strings.Join(b.Verdict(), "\n"), want) {
		t.Errorf("the verdict lacks %q:\n%s", want, strings.Join(b.Verdict(), "\n"))
	}
	rows, err := csv.NewReader(bytes.NewReader(b.PlacementCSV())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	r := rows[1+idx]
	if r[0] != "reports" || r[13] != "" || r[14] != "false" {
		t.Errorf("reports on lambda: tail %q, meets %q; want empty and false", r[13], r[14])
	}
}

// The text summary's placement block reads in a terminal of 100 columns:
// its sentences wrapped, what the placement compared a table of one trial
// a row, and no parentheses within parentheses (fmt10: the comparison was
// one line of 435 characters for fleet-500, a move to one platform's own
// run in parentheses within the blends' parentheses).
func TestPlacementTextReadsInATerminal(t *testing.T) {
	block := func(b *Bundle) string {
		var text strings.Builder
		fleetText(&text, b.Summary, registry)
		return text.String()
	}
	b := searched()
	out := block(b)
	for _, line := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(line); n > 100 {
			t.Errorf("a line of %d characters: %s", n, line)
		}
	}
	for _, want := range []string{
		`(?m)^  The placement compared each platform's own run of every service with 2 blends it simulated:\n    compared +per month +SLO +services missing it alone\n`,
		`(?m)^    all on kubernetes +\$1,234\.50 +met +0\n`,
		`(?m)^    move 1 service to lambda for cost, not kept +\$990\.00 +met +0\n  The search cost 2 simulations beyond the platforms' own runs\.\n`,
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("the placement block does not match %s:\n%s", want, out)
		}
	}
	if w := "22 services had fewer than 100 requests, too few to judge their own p99: <b>admin</b> & co, cron, idle-00,"; !strings.Contains(unwrapped(out), w) {
		t.Errorf("the placement block lacks %q:\n%s", w, out)
	}

	// a move to one platform's own run says so beside its name
	b.Summary.Placement.Trials = append(b.Summary.Placement.Trials, platform.PlacementTrial{What: "move 11 services to kubernetes for cost: all on kubernetes", MonthlyUSD: 1234.5, SLOMet: true, Missing: 2})
	out = block(b)
	if !regexp.MustCompile(`(?m)^    move 11 services to kubernetes for cost: all on kubernetes, that platform's own run, no simulation, not kept +\$1,234\.50 +met +2\n`).MatchString(out) {
		t.Errorf("no row for the move to all on kubernetes:\n%s", out)
	}
	depth := 0
	for _, r := range out {
		switch r {
		case '(':
			if depth++; depth > 1 {
				t.Errorf("parentheses within parentheses:\n%s", out)
			}
		case ')':
			depth--
		}
	}
}

// More than three services a platform refuses: three named, each with its
// why in a sentence of its own, the rest counted.
func TestVerdictCountsServicesBeyondThree(t *testing.T) {
	b := searched()
	pl := b.Summary.Placement
	var named []string
	elsewhere := 0
	for i := range pl.Services[:5] {
		svc := &pl.Services[i]
		named = append(named, svc.Name)
		if svc.Platform != "lambda" {
			elsewhere++
		}
		for j := range svc.Options {
			if svc.Options[j].Platform == "lambda" {
				svc.Options[j].MeetsSLO, svc.Options[j].Refused = false, 0.5
				svc.Options[j].Why = fmt.Sprintf("%d of 10 requests refused (%d throttled)", 5+i, 5+i)
			}
		}
	}
	got := placementRefusals(pl, b.Registry)
	// the fixture's services are each on their cheapest: those on Lambda
	// are there all the same (rev12a: they went unsaid)
	there := 5 - elsewhere
	want := fmt.Sprintf("Lambda refuses more requests than the placement's SLO allows (1.00 %%) for 5 services; %d of them %s placed elsewhere, %d %s placed there all the same (placement.csv says why). %s: 5 of 10 requests refused (5 throttled). %s: 6 of 10 requests refused (6 throttled). %s: 7 of 10 requests refused (7 throttled). 2 more in placement.csv.",
		elsewhere, format.Plural(elsewhere, "is", "are"), there, format.Plural(there, "is", "are"), named[0], named[1], named[2])
	if got != want {
		t.Errorf("placementRefusals\n%s\nwant\n%s", got, want)
	}
}

// A scenario that runs Knative beside a placement on Kubernetes and
// Lambda has four runs; the placement's blend is the one monthly_usd
// names "hybrid", not the first run no service was placed on (rev14a:
// the section headed its blend column "knative", and read Knative's bill
// as the blend's).
func TestPlacementBlendBesideKnative(t *testing.T) {
	b := fleetFixture()
	kn := summary.Model{Name: "knative", Entry: &platform.Entry{Outcomes: platform.Outcomes{Completed: 1000}, Cost: &platform.Cost{MonthlyUSD: 5555, TotalUSD: 5555.0 / 730}}}
	at := slices.IndexFunc(b.Summary.Models, func(m summary.Model) bool { return m.Name == "hybrid" })
	b.Summary.Models = slices.Insert(b.Summary.Models, at, kn)
	f := fleetOf(b.Summary, b.Registry)
	if f.blend != "hybrid" {
		t.Errorf("the blend is %q; want hybrid", f.blend)
	}
	if h := f.headline(); !strings.HasPrefix(h, "The hybrid would cost $987.65 a month") {
		t.Errorf("headline %q", h)
	}
}
