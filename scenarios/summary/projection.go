package summary

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
)

// Projection says what a monthly figure (cost.monthly_usd) is projected
// from (summary.json "projection"): the run's length, the month's, how
// the arrival pattern repeats, and a caveat when the run is too short to
// stand for a month (shorter than a day, or than one cycle of its
// pattern).
type Projection struct {
	// BasisS is the run the month is projected from (the whole run, any
	// warm-up included, as cost is) and MonthS the month (730 h).
	BasisS float64 `json:"basis_s"`
	MonthS float64 `json:"month_s"`
	// Pattern is how the arrivals repeat: "steady" (a constant rate),
	// "periodic" (every PeriodS: a day, a week, a burst interval) or
	// "one-off" (a spike, a profile without repeat, a trace; PeriodS is
	// then the pattern's length, 0 when it has none).
	Pattern string  `json:"pattern"`
	PeriodS float64 `json:"period_s,omitempty"`
	// Caveat is the sentence reports print beside every monthly figure;
	// empty when the run stands for a month well enough.
	Caveat string `json:"caveat,omitempty"`
}

var patternNames = [...]string{Steady: "steady", Periodic: "periodic", OneOff: "one-off"}

// projectionOf reads the run's length and its services' arrival patterns.
// A fleet's pattern is its most demanding service's: a cycle longer than
// the run first, then a one-off, then any cycle, then steady.
func projectionOf(r *runner.Result) *Projection { return PlanProjection(r.Plan) }

// PlanProjection is the projection of a plan's runs, for commands that
// print monthly figures of runs of the plan without a summary of their
// own (tune, sweep, breakeven).
func PlanProjection(plan *scenario.Plan) *Projection {
	run := plan.Duration
	rank := func(p Pattern, d time.Duration) int {
		switch {
		case p == Periodic && d > run:
			return 3
		case p == OneOff:
			return 2
		case p == Periodic:
			return 1
		}
		return 0
	}
	pattern, period, best := Steady, time.Duration(0), -1
	for _, s := range plan.Workload.Services {
		p, d := Repeats(s.Arrivals)
		if k := rank(p, d); k > best || (k == best && d > period) {
			pattern, period, best = p, d, k
		}
	}
	return Project(run, pattern, period)
}

// Project is the projection of a run of the given length whose arrivals
// follow pattern with period.
func Project(run time.Duration, pattern Pattern, period time.Duration) *Projection {
	pr := &Projection{BasisS: run.Seconds(), MonthS: cost.Month.Seconds(), Pattern: patternNames[pattern], PeriodS: period.Seconds()}
	if run <= 0 {
		return pr
	}
	times := strconv.FormatFloat(cost.Month.Seconds()/run.Seconds(), 'g', 3, 64)
	if x := cost.Month.Seconds() / run.Seconds(); x >= 10 {
		times = format.Count(int64(math.Round(x)))
	}
	length := format.RunLength(run.Seconds())
	from := fmt.Sprintf("Monthly figures are projected from %s %s run", article(length), length)
	switch {
	case pattern == Periodic && period > run:
		pr.Caveat = fmt.Sprintf("%s, shorter than one %s cycle of its arrival pattern: the month assumes these %s repeat %s times, not the whole cycle.",
			from, format.RunLength(period.Seconds()), format.RunLength(run.Seconds()), times)
	case pattern == OneOff && run >= 24*time.Hour && run < 7*24*time.Hour:
		// a day's trace stands for every day of the month, Saturdays and
		// Sundays too (audit 7: byof's one Tuesday, ×30.42, said nothing)
		pr.Caveat = fmt.Sprintf("%s whose arrival pattern does not repeat (a spike, a ramp or a trace): the month assumes these %s happen %s times back to back, weekends like the days in the run.",
			from, length, format.Sig(cost.Month.Seconds()/run.Seconds(), 4))
	case run >= 24*time.Hour:
	case pattern == OneOff:
		pr.Caveat = fmt.Sprintf("%s whose arrival pattern does not repeat (a spike, a ramp or a trace): the month assumes the whole run, everything in it included, happens %s times back to back.",
			from, times)
	case pattern == Periodic:
		pr.Caveat = fmt.Sprintf("%s, shorter than a day, covering whole %s cycles of its arrival pattern: the month assumes that cycle repeats through all 730 hours.",
			from, format.RunLength(period.Seconds()))
	default:
		pr.Caveat = fmt.Sprintf("%s at a steady rate: the month assumes that rate around the clock for 730 hours, with no daily or weekly swing.", from)
	}
	return pr
}

// Statement says what the monthly figures are projected from, for a
// command's text (audit 7: tune, sweep and breakeven printed $/month with
// no basis): the caveat where there is one, else the run's length and the
// factor, "Monthly figures are projected from a 1 h run: × 730 to a 730 h
// month.", the way run states it.
func (p *Projection) Statement() string {
	if p.Caveat != "" {
		return p.Caveat
	}
	if p.BasisS <= 0 {
		return ""
	}
	length := format.RunLength(p.BasisS)
	return fmt.Sprintf("Monthly figures are projected from %s %s run: × %s to a 730 h month.", article(length), length, format.Sig(p.MonthS/p.BasisS, 4))
}

// article is the indefinite article before a length that starts with a
// number, as it is read aloud: "an 8 h", "an 11 h", "an 18 min", "a 1 h".
func article(length string) string {
	digits := length[:len(length)-len(strings.TrimLeft(length, "0123456789"))]
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return "a"
	}
	for n >= 1000 { // 11,000 is read "eleven thousand"
		n /= 1000
	}
	if n == 11 || n == 18 || strings.HasPrefix(strconv.FormatInt(n, 10), "8") {
		return "an"
	}
	return "a"
}
