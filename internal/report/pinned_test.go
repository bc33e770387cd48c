package report

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/summary"
)

// A service a platform refuses and that is placed there is said to be
// pinned there when it is, not to have "no platform doing better for it":
// a pinned service on Lambda's 3 s timeout was told so though Kubernetes
// refused none of its requests (rev11c #1). With several, the pinned ones
// are counted apart from those placed elsewhere.
func TestVerdictSaysARefusedServiceIsPinned(t *testing.T) {
	const why = "12 of 12 requests refused (12 failed); its timeout there is 3s"
	const lead = "Lambda refuses more requests than the placement's SLO allows (1.00 %) for "
	// fail makes the named services refused on Lambda, placed on placed
	// (pinned there when pinned)
	fail := func(pl *platform.Placement, name, placed string, pinned bool) {
		for i := range pl.Services {
			svc := &pl.Services[i]
			if svc.Name != name {
				continue
			}
			svc.Platform, svc.Pinned = placed, pinned
			for j := range svc.Options {
				if svc.Options[j].Platform == "lambda" {
					svc.Options[j] = platform.PlacedOption{Platform: "lambda", Refused: 1, MonthlyUSD: 0.5, NoTail: true, Why: why}
				}
			}
		}
	}
	for _, tc := range []struct {
		name  string
		set   func(pl *platform.Placement)
		where string
	}{
		{"pinned there", func(pl *platform.Placement) { fail(pl, "reports", "lambda", true) },
			"1 service; it is pinned there. reports: " + why + "."},
		{"placed there, not pinned", func(pl *platform.Placement) { fail(pl, "reports", "lambda", false) },
			"1 service; it is placed there all the same (placement.csv says why). reports: " + why + "."},
		{"pinned elsewhere", func(pl *platform.Placement) { fail(pl, "reports", "kubernetes", true) },
			"1 service; it is placed elsewhere. reports: " + why + "."},
		{"several", func(pl *platform.Placement) {
			fail(pl, "reports", "lambda", true)
			fail(pl, "cron", "lambda", false)
			fail(pl, "search", "kubernetes", false)
		}, "3 services; 1 of them is placed elsewhere, 1 is pinned there, 1 is placed there all the same (placement.csv says why). search: " + why + ". cron: " + why + ". reports: " + why + "."},
		// several placed there unpinned: each group says why (it read "0
		// of them are placed elsewhere" and no more)
		{"several placed there", func(pl *platform.Placement) {
			fail(pl, "reports", "lambda", false)
			fail(pl, "cron", "lambda", false)
		}, "2 services; 2 of them are placed there all the same (placement.csv says why). cron: " + why + ". reports: " + why + "."},
		{"several meeting the SLO nowhere", func(pl *platform.Placement) {
			fail(pl, "reports", "lambda", false)
			fail(pl, "cron", "lambda", false)
			fail(pl, "search", "lambda", true)
			for i := range pl.Services {
				pl.Services[i].Cheapest = ""
			}
		}, "3 services; 1 of them is pinned there, 2 are placed there as no platform meets the SLO for them, and none refuses fewer of their requests beyond that. search: " + why + ". cron: " + why + ". reports: " + why + "."},
		{"several, two pinned there", func(pl *platform.Placement) {
			fail(pl, "reports", "lambda", true)
			fail(pl, "cron", "lambda", true)
		}, "2 services; 2 of them are pinned there. cron: " + why + ". reports: " + why + "."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := searched()
			tc.set(b.Summary.Placement)
			if got, want := placementRefusals(b.Summary.Placement, b.Registry), lead+tc.where; got != want {
				t.Errorf("placementRefusals\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// The fleet section's sentence on services with too few requests says
// they are placed by cost among the platforms that refuse no more of
// their requests than the SLO allows: untrue of a pinned one and of one
// no platform meets the SLO for (rev11c #1). Those are counted and named
// apart; one alone is said what it is.
func TestTooFewSaysPinnedAndRefusedApart(t *testing.T) {
	const tail = "; the SLO judges their tail only within each whole run."
	for _, tc := range []struct {
		name string
		set  func(pl *platform.Placement)
		want string
	}{
		{"none apart", func(*platform.Placement) {},
			"<b>admin</b> & co, cron, idle-00, idle-01, idle-02, idle-03, idle-04, idle-05, idle-06, idle-07 and 12 more, all in placement.csv. They are placed by cost among the platforms that refuse no more of their requests than the SLO allows" + tail},
		{"one pinned, two refused everywhere", func(pl *platform.Placement) {
			for i := range pl.Services {
				switch svc := &pl.Services[i]; svc.Name {
				case "cron":
					svc.Pinned, svc.Cheapest = true, ""
				case "idle-03", "idle-04":
					svc.Cheapest = ""
				}
			}
		}, "22 services had fewer than 100 requests, too few to judge their own p99: <b>admin</b> & co, cron, idle-00, idle-01, idle-02, idle-03, idle-04, idle-05, idle-06, idle-07 and 12 more, all in placement.csv. " +
			"Of them, 19 are placed by cost among the platforms that refuse no more of their requests than the SLO allows; 1 (cron) is pinned, so not placed by cost; " +
			"2 (idle-03 and idle-04) are placed where they refuse the fewest of their requests beyond the ceiling, then by cost, as no platform meets the SLO for them" + tail},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := searched()
			tc.set(b.Summary.Placement)
			if got := fleetOf(b.Summary, b.Registry).tooFew(); !strings.Contains(got, tc.want) {
				t.Errorf("tooFew\n%s\nwant it to contain\n%s", got, tc.want)
			}
		})
	}
	// one alone, pinned or refused everywhere
	for _, tc := range []struct {
		pinned bool
		want   string
	}{
		{true, "1 service had fewer than 100 requests, too few to judge its own p99: cron. It is pinned, so not placed by cost; the SLO judges its tail only within each whole run."},
		{false, "1 service had fewer than 100 requests, too few to judge its own p99: cron. It is placed where it refuses the fewest of its requests beyond the ceiling, then by cost, as no platform meets the SLO for it; the SLO judges its tail only within each whole run."},
	} {
		b := searched()
		for i := range b.Summary.Placement.Services {
			svc := &b.Summary.Placement.Services[i]
			svc.TooFewRequests = svc.Name == "cron"
			if svc.TooFewRequests {
				svc.Pinned, svc.Cheapest = tc.pinned, ""
			}
		}
		if got := fleetOf(b.Summary, b.Registry).tooFew(); got != tc.want {
			t.Errorf("tooFew\n%s\nwant\n%s", got, tc.want)
		}
	}
}

// A run of Kubernetes alone says Lambda was not compared, and why
// (walk9 #15): the scenario has no lambda: section, or --model chose
// Kubernetes (rev11c #2: one sentence gave both causes, the section's
// first); so does a run of Kubernetes and Knative, which said nothing.
func TestVerdictSaysLambdaWasNotCompared(t *testing.T) {
	const noSection = "Lambda was not compared: the scenario has no lambda: section."
	const chosen = "Lambda was not compared: --model kubernetes ran Kubernetes alone (without --model, every platform the scenario has a section for runs)."
	ran := func(names ...string) summary.Summary {
		var s summary.Summary
		for _, n := range names {
			s.Models = append(s.Models, summary.Model{Name: n, Entry: &platform.Entry{Cost: &platform.Cost{MonthlyUSD: 1}}})
		}
		return s
	}
	for _, tc := range []struct {
		s     summary.Summary
		model string
		want  string
	}{
		{ran("kubernetes"), "", noSection},
		{ran("kubernetes"), "kubernetes", chosen},
		{ran("lambda"), "lambda", "Kubernetes was not compared: --model lambda ran Lambda alone (without --model, every platform the scenario has a section for runs)."},
		{ran("lambda"), "", "Kubernetes was not compared: the scenario has no kubernetes: section."},
		{ran("knative"), "knative", "Lambda was not compared: --model knative ran Knative alone (without --model, every platform the scenario has a section for runs)."},
		{ran("kubernetes", "knative"), "", noSection},
		{ran("lambda", "knative"), "", ""},
		{ran("kubernetes", "lambda"), "", ""},
		{ran("kubernetes", "lambda", "hybrid"), "hybrid", ""},
	} {
		var names []string
		for _, m := range tc.s.Models {
			names = append(names, m.Name)
		}
		if got := notCompared(tc.s, tc.model, registry); got != tc.want {
			t.Errorf("notCompared(%v, --model %q) = %q; want %q", names, tc.model, got, tc.want)
		}
	}
	// the verdict says it, and takes --model from the run's command
	b := fleetBundle(nil, 1, 2, 3)
	b.Summary.Placement = nil
	b.Summary.Models = b.Summary.Models[:1]
	for command, want := range map[string]string{"execsim run fleet.yaml --seed 9": noSection, "execsim run fleet.yaml --seed 9 --model kubernetes": chosen} {
		b.Command = command
		if v := strings.Join(b.Verdict(), "\n"); b.Summary.Models[0].Name != "kubernetes" || !strings.Contains(v, want) {
			t.Errorf("verdict of %s alone, %s:\n%s\nlacks %q", b.Summary.Models[0].Name, command, v, want)
		}
	}
}
