package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
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
// pinned from the service's field, last: the columns before it are those
// of a file written before it came, at the same positions.
func TestPlacementCSV(t *testing.T) {
	b := searched()
	b.Summary.Placement.Services[4].Pinned = true
	rows, err := csv.NewReader(bytes.NewReader(b.PlacementCSV())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// the header before pinned came (250ceb8), column for column
	older := "service,requests,rate_per_second,placed_on,cheapest_alone,too_few_requests,reason," +
		"kubernetes_direct_monthly_usd,kubernetes_loaded_monthly_usd,kubernetes_tail_ms,kubernetes_meets_slo," +
		"lambda_direct_monthly_usd,lambda_loaded_monthly_usd,lambda_tail_ms,lambda_meets_slo"
	want := older + ",pinned"
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
		"22 services had too few requests (< 100) to judge their own p99 (",
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
// The sums printed are the loaded costs' own.
func TestLoadedCostsSayWhatTheySumTo(t *testing.T) {
	b := searched()
	f := fleetOf(b.Summary, registry)
	sums := map[string]float64{}
	var chosen float64
	for _, svc := range b.Summary.Placement.Services {
		for _, o := range svc.Options {
			sums[o.Platform] += o.LoadedMonthlyUSD
			if o.Platform == svc.Platform {
				chosen += o.LoadedMonthlyUSD
			}
		}
	}
	got := f.reconcile()
	for _, want := range []string{
		"Each platform's loaded costs add up to that run's bill (all on Kubernetes " + format.USD(sums["kubernetes"]) +
			" and all on Lambda " + format.USD(sums["lambda"]) + "), not to the blend's: on the platforms chosen they come to " +
			format.USD(chosen) + ", against the blend's $987.65 from its own run.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("reconcile:\n%s\nlacks:\n%s", got, want)
		}
	}
	if strings.Contains(got, "the bill's total over the sum of its parts") {
		t.Errorf("reconcile still scales loaded costs by an unnamed bill:\n%s", got)
	}
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
	want := "Lambda refuses more requests than the placement's SLO allows (1.00 %) for 1 service: reports (12 of 12 requests refused (12 failed); its timeout there is 3s); it is placed elsewhere."
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

// A run of Kubernetes alone says Lambda was not compared, and why it may
// not have run (walk9 #15).
func TestVerdictSaysLambdaWasNotCompared(t *testing.T) {
	want := "Lambda was not compared: it runs only when the scenario has a lambda: section (and --model does not choose another platform)."
	if got := notCompared("kubernetes", registry); got != want {
		t.Errorf("notCompared(kubernetes) = %q; want %q", got, want)
	}
	b := fleetBundle(nil, 1, 2, 3)
	b.Summary.Placement = nil
	b.Summary.Models = b.Summary.Models[:1]
	if v := strings.Join(b.Verdict(), "\n"); b.Summary.Models[0].Name != "kubernetes" || !strings.Contains(v, want) {
		t.Errorf("verdict of %s alone:\n%s\nlacks %q", b.Summary.Models[0].Name, v, want)
	}
}
