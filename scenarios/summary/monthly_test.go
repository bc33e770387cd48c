package summary_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/summary"
)

// The services' monthly costs and the shared ones add up to the bill's
// monthly total to the micro-dollar, and a shared amount that is a whole
// line of the bill projects as the line does, from its unrounded amount
// (audit 3: projected from run amounts rounded to micro-dollars, a
// 30-minute fleet's services came to $2,332.19 a month against a bill of
// $2,332.09, and steady's "(alb lcu-hours)" to $3.999670 against cost.csv's
// $3.999962). A 5-minute run multiplies every micro-dollar by 8,760.
func TestServicesMonthlyAddUpToTheBill(t *testing.T) {
	var src strings.Builder
	src.WriteString("name: months\nseed: 9\nduration: 5m\nservices:\n")
	for i := range 12 {
		fmt.Fprintf(&src, "  - {name: s%02d, arrivals: {ratePerSecond: %g}, work: {cpu: \"exp(mean=5ms)\", io: \"exp(mean=40ms)\", payloadKB: %d}}\n",
			i, 0.05+0.7*float64(i), 1+3*i)
	}
	src.WriteString("kubernetes: {}\nlambda: {memoryMB: 256}\ncost: {frontDoor: alb}\n")
	res := platformtest.Run(t, src.String())
	s := summary.Of(res, false)
	micros := func(usd float64) int64 { return int64(math.Round(usd * 1e6)) }
	for _, name := range []string{"kubernetes", "lambda"} {
		t.Run(name, func(t *testing.T) {
			e := s.Models.Get(name)
			svcs, shared := summary.Services(res, res.Platform(name))
			var sum int64
			for _, sv := range svcs {
				if sv.MonthlyUSD == nil {
					t.Fatalf("%s has no monthly cost", sv.Name)
				}
				sum += micros(*sv.MonthlyUSD)
			}
			for _, sh := range shared {
				sum += micros(sh.MonthlyUSD)
				for _, l := range e.Cost.Lines {
					if l.Item == sh.Item && micros(l.USD) == micros(sh.CostUSD) && micros(l.MonthlyUSD) != micros(sh.MonthlyUSD) {
						t.Errorf("shared %q: $%v a month; the bill's line says $%v", sh.Item, sh.MonthlyUSD, l.MonthlyUSD)
					}
				}
			}
			if want := micros(e.Cost.MonthlyUSD); sum != want {
				t.Errorf("services and shared costs come to %d µ$ a month; the bill to %d µ$", sum, want)
			}
		})
	}
}
