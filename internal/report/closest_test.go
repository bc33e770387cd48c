package report

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform"
)

// A service a platform refuses more of than the SLO allows, placed there
// all the same, is said to be there for the reason it is: its pin, or the
// placement's rule for a service that meets the SLO nowhere (where it
// comes closest), or the search (placement.csv says why). Before walk11
// #1 each was "no platform doing better for it", though Lambda refused
// none of its requests; and the placement section said such services
// were "placed by cost within the refused ceiling".
func TestVerdictSaysWhyARefusingPlatformKeepsAService(t *testing.T) {
	for _, tc := range []struct {
		name     string
		pinned   bool
		cheapest string
		want     string
	}{
		{"pinned", true, "", "it is pinned there."},
		{"meets the SLO nowhere", false, "", "no platform meets the SLO for it, and none refuses fewer of its requests beyond that."},
		{"kept by the search", false, "lambda", "it is placed there all the same (placement.csv says why)."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := searched()
			pl := b.Summary.Placement
			svc := &pl.Services[4] // reports
			svc.Platform, svc.Pinned, svc.Cheapest = "kubernetes", tc.pinned, tc.cheapest
			for j := range svc.Options {
				if svc.Options[j].Platform == "kubernetes" {
					svc.Options[j] = platform.PlacedOption{Platform: "kubernetes", Refused: 0.8, TailMs: 3238, MonthlyUSD: 18,
						Why: "32,902 of 40,533 requests refused (32,902 rejected)"}
				}
			}
			got := placementRefusals(pl, b.Registry)
			if !strings.HasSuffix(got, "for 1 service; "+tc.want+" reports: 32,902 of 40,533 requests refused (32,902 rejected).") || strings.Contains(got, "doing better") {
				t.Errorf("placementRefusals\n%s\nwant it to end\n%s", got, tc.want)
			}
		})
	}
	b := searched()
	b.Summary.Placement.Services[4].Cheapest = ""
	got := fleetOf(b.Summary, b.Registry).placedCounts()
	if !strings.Contains(got, "for 1 no platform meets the SLO (placed where it refuses the fewest of its requests beyond the ceiling, then by cost where only a tail out of reach everywhere sets the platforms apart)") || strings.Contains(got, "refused ceiling") {
		t.Errorf("placedCounts:\n%s\nwant the service meeting the SLO nowhere placed where it comes closest", got)
	}
}
