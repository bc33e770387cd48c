package hybrid_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/summary"
)

// On each platform the placement's loaded monthly costs add up to that
// platform's monthly bill, and its direct ones are services.csv's
// monthly_usd (audit 3: scaled from run amounts rounded to micro-dollars,
// a 30-minute fleet's loaded costs came to $2,332.19 against $2,332.09).
func TestPlacementMonthlyAddUpToTheBill(t *testing.T) {
	var src strings.Builder
	src.WriteString("name: months\nseed: 9\nduration: 5m\nservices:\n")
	for i := range 12 {
		fmt.Fprintf(&src, "  - {name: s%02d, arrivals: {ratePerSecond: %g}, work: {cpu: \"exp(mean=5ms)\", io: \"exp(mean=40ms)\"}}\n",
			i, 0.05+0.7*float64(i))
	}
	src.WriteString("kubernetes: {}\nlambda: {memoryMB: 256}\nplacement: {}\n")
	res := platformtest.Run(t, src.String())
	s := summary.Of(res, false)
	for _, name := range []string{"kubernetes", "lambda"} {
		svcs, _ := summary.Services(res, res.Platform(name))
		var loaded float64
		for i, ps := range s.Placement.Services {
			for _, o := range ps.Options {
				if o.Platform != name {
					continue
				}
				loaded += o.LoadedMonthlyUSD
				if o.MonthlyUSD != *svcs[i].MonthlyUSD {
					t.Errorf("%s on %s: direct $%v a month; services.csv says $%v", ps.Name, name, o.MonthlyUSD, *svcs[i].MonthlyUSD)
				}
			}
		}
		// each loaded cost is rounded to a micro-dollar
		if bill := s.Models.Get(name).Cost.MonthlyUSD; math.Abs(loaded-bill) > 12e-6 {
			t.Errorf("%s: loaded monthly costs add up to $%.6f; the bill is $%.6f", name, loaded, bill)
		}
	}
}
