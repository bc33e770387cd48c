package breakeven

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
)

// Days shortens a point to one representative day where that is sound.
//
// A plan whose every service repeats one daily profile on the same active
// days (and has no arrivals on the others) is, day by day, the same
// arrival process, provided that every platform is back in the state it
// started in at the end of each day: then the days are independent copies
// of each other (a regenerative process, the end of a day being the
// regeneration point), and the plan's whole run is n_active copies of an
// active day and n_idle of an idle one. One active day (a Monday, the
// first of the run) and one idle day are simulated; costs add, n_active
// times the first's and n_idle times the second's; the latency, tail and
// refused share are the active day's (every request arrives on an active
// day, so they are the week's in law); the requests are n_active times
// the day's. Each run checks at its end that every platform has forgotten
// the day (platform.Regenerator): if one has not (an environment kept warm
// past midnight, a scale-down window longer than the night), the point is
// simulated in full instead, and says so.
//
// The shortened point is another sample of the same law, not the same
// bytes as the full run: its statistics rest on one day's requests
// instead of n_active days'. Only a day of at least MinDayRequests
// expected requests is shortened, so that the day-to-day noise of a cost
// (the per-request share of it, whose relative standard deviation is about
// 1/sqrt(requests)) stays far below a crossing's tolerance: at 10⁶
// requests, 0.1 %, a fifth of break-even's default 0.5 %. Cheaper points
// stay full-length runs.
type Days struct {
	// On shortens the points that qualify.
	On bool
	// MinDayRequests is the fewest expected requests an active day must
	// hold to be shortened.
	MinDayRequests float64
}

// DefaultMinDayRequests is break-even's threshold for shortening a point
// (see Days).
const DefaultMinDayRequests = 1e6

// Length is how a point was simulated.
type Length struct {
	// Shortened says the point is one active day (×ActiveDays) and one
	// idle day (×IdleDays), each checked to end where it started.
	Shortened            bool
	ActiveDays, IdleDays int
	// FullBecause says why a point was simulated over the whole run when
	// shortening was on ("" when it was off); FellBack that its days were
	// simulated first and did not end where they began (or billed a price
	// not linear in usage), so that it was then simulated in full.
	FullBecause string
	FellBack    bool
}

// DaysSimulated is the simulated time of a point's representative days,
// shortened or fallen back: the active day, and one idle day when the run
// has any (0 for a point never split into days).
func (l Length) DaysSimulated() time.Duration {
	if !l.Shortened && !l.FellBack {
		return 0
	}
	return day * time.Duration(1+min(1, l.IdleDays))
}

// week is a plan's run as days: the representative days' plans and how
// often each occurs.
type week struct {
	active, idle   *scenario.Plan // idle nil when every day is active
	nActive, nIdle int
	dayRequests    float64
}

const day = 24 * time.Hour

// weekOf splits the plan into days, or says why it cannot. It accepts only
// what it can show is periodic by the day: random (Poisson) arrivals of a
// daily-repeated profile with one set of active days for every service,
// no warm-up, a run of whole days, platforms that run on their own (no
// blend, which composes its peers' runs) and prices that are linear in
// usage (no free tier: its monthly allowance is not).
func weekOf(p *scenario.Plan) (week, string) {
	if p.Warmup != 0 {
		return week{}, "a warm-up"
	}
	if p.Duration%day != 0 || p.Duration < 2*day {
		return week{}, "not a run of whole days"
	}
	if p.Cost.Options.FreeTier {
		return week{}, "the free tier (a monthly allowance, not linear in usage)"
	}
	if p.Cost.Options.Scope == cost.RunVolume {
		// tier boundaries are not prorated to the run's length: a day well
		// inside tier 1 can belong to a week that leaves it, and its bill
		// has no tier line to say so
		return week{}, "volume tiers on the run's raw volume (cost.volume: run), not linear in usage"
	}
	for _, c := range p.Platforms {
		if _, ok := c.Config.(platform.Composite); ok {
			return week{}, "a blend of platforms"
		}
	}
	if len(p.Workload.Services) == 0 {
		return week{}, "no services"
	}
	days := p.Workload.Services[0].Arrivals.Days
	for _, s := range p.Workload.Services {
		a := s.Arrivals
		if a.Process != workload.Profile || a.Repeat != workload.Daily || a.Spacing != workload.Random ||
			a.Compress != 0 || a.Hours != nil {
			return week{}, fmt.Sprintf("arrivals of %s that are not a daily-repeated profile of random arrivals", s.Name)
		}
		if a.Days != days {
			return week{}, "services active on different days"
		}
	}
	w := week{}
	n := int64(p.Duration / day)
	for d := range n {
		if days.Has(d) {
			w.nActive++
		} else {
			w.nIdle++
		}
	}
	if w.nActive == 0 {
		return week{}, "no active day"
	}
	// the active day: any day of the set is the same day; "every day"
	// makes the run's first one active whatever day of the week it is
	w.active = onDays(p, 0)
	w.dayRequests = w.active.ExpectedArrivals()
	if w.nIdle > 0 {
		// an idle day: a day set that leaves out day 0
		w.idle = onDays(p, workload.Sun)
		if w.idle.ExpectedArrivals() != 0 {
			return week{}, "internal error: the idle day has arrivals"
		}
	}
	return w, ""
}

// onDays is a one-day copy of the plan whose services are active on days.
func onDays(p *scenario.Plan, days workload.Days) *scenario.Plan {
	q := *p
	q.Duration = day
	q.Workload.Services = append(q.Workload.Services[:0:0], p.Workload.Services...)
	for i := range q.Workload.Services {
		q.Workload.Services[i].Arrivals.Days = days
	}
	return &q
}

// plan is how one point is run: its jobs' indices into a batch, and how
// they combine.
type plan struct {
	full        *scenario.Plan
	w           week
	fullBecause string
	jobs        []int
}

// shorten decides how the plan of one point runs.
func (d Days) shorten(p *scenario.Plan) plan {
	if !d.On {
		return plan{full: p}
	}
	w, why := weekOf(p)
	switch {
	case why != "":
	case w.dayRequests < d.MinDayRequests:
		why = fmt.Sprintf("a day of %.3g requests, below the %.3g that shortening needs", w.dayRequests, d.MinDayRequests)
	default:
		return plan{full: p, w: w}
	}
	return plan{full: p, fullBecause: why}
}

// work is the expected work of running a point as d would.
func (d Days) work(p *scenario.Plan) float64 {
	sp := d.shorten(p)
	if sp.w.active == nil {
		return runner.Work(p.ExpectedArrivals(), p.Runs())
	}
	return runner.Work(sp.w.dayRequests, p.Runs()) + runner.Work(0, p.Runs())*float64(min(1, sp.w.nIdle))
}

// evaluate runs the points' plans, each shortened to days where d allows
// it and simulated in full otherwise (or when a day did not end where it
// began), in the rates' order. When ctx ends the work early it returns
// the points that finished, in order, and an error wrapping
// context.Canceled.
func (d Days) evaluate(ctx context.Context, plans []*scenario.Plan, rates []float64, workers int, progress runner.Progress) ([]CurvePoint, error) {
	if !d.On {
		results, err := runJobs(ctx, plans, workers, progress, 0)
		if err != nil && !isCanceled(err) {
			return nil, err
		}
		var out []CurvePoint
		for i, r := range results {
			if r != nil {
				out = append(out, curvePoint(rates[i], r))
			}
		}
		return out, err
	}
	sps := make([]plan, len(plans))
	var jobs []*scenario.Plan
	for i, p := range plans {
		sps[i] = d.shorten(p)
		if sps[i].w.active == nil {
			sps[i].jobs = []int{len(jobs)}
			jobs = append(jobs, p)
			continue
		}
		sps[i].jobs = []int{len(jobs)}
		jobs = append(jobs, sps[i].w.active)
		if sps[i].w.idle != nil {
			sps[i].jobs = append(sps[i].jobs, len(jobs))
			jobs = append(jobs, sps[i].w.idle)
		}
	}
	results, err := runJobs(ctx, jobs, workers, progress, 0)
	if err != nil && !isCanceled(err) {
		return nil, err
	}
	pts := make([]*CurvePoint, len(plans))
	var again []int // points whose days did not regenerate
	for i, sp := range sps {
		rs := make([]*runner.Result, len(sp.jobs))
		done := true
		for k, j := range sp.jobs {
			rs[k] = results[j]
			done = done && rs[k] != nil
		}
		if !done {
			continue
		}
		if sp.w.active == nil {
			cp := curvePoint(rates[i], rs[0])
			cp.Length = Length{FullBecause: sp.fullBecause}
			pts[i] = &cp
			continue
		}
		var idle *runner.Result
		if len(rs) > 1 {
			idle = rs[1]
		}
		cp, why := composeWeek(rates[i], sp.full, sp.w, rs[0], idle)
		if why != "" {
			sps[i].fullBecause = why
			again = append(again, i)
			continue
		}
		pts[i] = &cp
	}
	if err == nil && len(again) > 0 {
		// the fallback: the whole run of every point whose days did not end
		// where they began, told as more work after the batch's
		var before float64
		for _, j := range jobs {
			before += runner.Work(j.ExpectedArrivals(), j.Runs())
		}
		full := make([]*scenario.Plan, len(again))
		for k, i := range again {
			full[k] = plans[i]
		}
		var rs []*runner.Result
		rs, err = runJobs(ctx, full, workers, progress, before)
		if err != nil && !isCanceled(err) {
			return nil, err
		}
		for k, i := range again {
			if rs[k] != nil {
				cp := curvePoint(rates[i], rs[k])
				cp.Length = Length{FullBecause: sps[i].fullBecause, FellBack: true, ActiveDays: sps[i].w.nActive, IdleDays: sps[i].w.nIdle}
				pts[i] = &cp
			}
		}
	}
	var out []CurvePoint
	for _, p := range pts {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out, err
}

// runJobs runs the plans and returns their results by index (nil for those
// an interruption left unfinished); progress is told the work done after
// before. The results do not depend on how the runs are scheduled.
//
// The costliest plans start first (longest processing time first): a
// batch's top rate, started last, would otherwise run alone at the end
// while the other workers idle. Each plan runs whole, its platforms
// reading one arrival stream (runner.Run), and runner.RunAll seats at most
// workers simulations at once, the plans started first before the others:
// the top rate's Lambda day on business-hours (44 % of a default
// break-even's requests), the critical path, keeps a core to itself, and
// its Kubernetes peer, which goes at its pace, leaves its core to the next
// plans while it waits. (perf10 ran each platform as a job of its own, so
// that the critical path had a core; each then regenerated the stream.)
func runJobs(ctx context.Context, plans []*scenario.Plan, workers int, progress runner.Progress, before float64) ([]*runner.Result, error) {
	var p runner.Progress
	if progress != nil {
		p = func(done, total float64) { progress(before+done, before+total) }
	}
	order := jobsOf(plans)
	sorted := make([]*scenario.Plan, len(order))
	for k, i := range order {
		sorted[k] = plans[i]
	}
	type indexed struct {
		k   int
		res *runner.Result
	}
	got, err := runner.RunAll(ctx, sorted, workers, p, func(k int, res *runner.Result) indexed { return indexed{k, res} })
	out := make([]*runner.Result, len(plans))
	for _, g := range got {
		out[order[g.k]] = g.res
	}
	return out, err
}

// jobsOf is the order the plans run in: their indices, costliest first;
// among equals, in the plans' order.
func jobsOf(plans []*scenario.Plan) []int {
	order := make([]int, len(plans))
	for i := range order {
		order[i] = i
	}
	work := func(i int) float64 { return runner.Work(plans[i].ExpectedArrivals(), plans[i].Runs()) }
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(work(b), work(a)) })
	return order
}

// composeWeek is the point of the whole run from its active day and its
// idle day (nil when there is none), or why it cannot be: a platform that
// did not end a day where it began it, or a bill with a line whose price
// is not linear in usage.
func composeWeek(rate float64, full *scenario.Plan, w week, active, idle *runner.Result) (CurvePoint, string) {
	var why []string
	for _, r := range []*runner.Result{active, idle} {
		if r == nil {
			continue
		}
		for _, m := range r.Platforms {
			if m.Unforgotten != "" {
				what := "active"
				if r == idle {
					what = "idle"
				}
				why = append(why, fmt.Sprintf("%s did not forget the %s day (%s)", m.Name, what, m.Unforgotten))
			}
		}
	}
	if len(why) > 0 {
		return CurvePoint{}, strings.Join(why, "; ")
	}
	cp := curvePoint(rate, active)
	cp.Length = Length{Shortened: true, ActiveDays: w.nActive, IdleDays: w.nIdle}
	for i := range cp.Models {
		a := active.Platforms[i]
		total := cost.Money(w.nActive) * a.Cost.Breakdown.Total()
		plane := cost.Money(w.nActive) * ControlPlane(a.Cost.Breakdown)
		if idle != nil {
			b := idle.Platforms[i]
			if b.Name != a.Name {
				return CurvePoint{}, "internal error: the idle day's platforms differ from the active day's"
			}
			total += cost.Money(w.nIdle) * b.Cost.Breakdown.Total()
			plane += cost.Money(w.nIdle) * ControlPlane(b.Cost.Breakdown)
		}
		if item := nonLinear(a.Cost.Breakdown, idle, i); item != "" {
			return CurvePoint{}, fmt.Sprintf("%s bills %q, whose price is not linear in usage", a.Name, item)
		}
		arrivals := int64(w.nActive) * a.Rec.AllArrivals()
		m := &cp.Models[i]
		m.MonthlyUSD = cost.Monthly(total, full.Duration).USD()
		m.ControlPlaneUSD = cost.Monthly(plane, full.Duration).USD()
		m.PerMillionUSD = cost.PerMillion(total, arrivals).USD()
		m.Arrivals = int64(w.nActive) * m.Arrivals
	}
	return cp, ""
}

// nonLinear names a line of an active day's bill (or of the idle day's,
// platform i) whose amount is not proportional to usage, so that n days'
// bill is not n times a day's: a volume-tier discount or a free-tier
// credit, or an ALB's LCU-hours on the idle day (LCU-hours are the largest
// of four dimensions' totals; when the idle day has none, the week's are
// n_active times the day's exactly). A line of tier 1 alone is linear:
// under the monthly scope (weekOf refuses the run scope) tier boundaries
// are prorated to the run's length, and the run's volume, projected to a
// month, is a weighted mean of the two days' projected volumes, so when
// neither day leaves tier 1 the run does not either. The items are matched
// by the forms models/cost gives them ("<item> tier N discount",
// "lambda free tier ...", "alb lcu-hours"), not by substrings a user's
// instance type could contain.
func nonLinear(b cost.Breakdown, idle *runner.Result, i int) string {
	bills := []cost.Breakdown{b}
	if idle != nil {
		bills = append(bills, idle.Platforms[i].Cost.Breakdown)
	}
	for k, bill := range bills {
		for _, l := range bill.Lines {
			if l.Amount == 0 {
				continue
			}
			if tierDiscount(l.Item) || strings.HasPrefix(l.Item, "lambda free tier ") || (k == 1 && l.Item == "alb lcu-hours") {
				return l.Item
			}
		}
	}
	return ""
}

// tierDiscount reports whether item is a volume tier's line, "<item> tier
// N discount" (models/cost's tiered).
func tierDiscount(item string) bool {
	rest, ok := strings.CutSuffix(item, " discount")
	if !ok {
		return false
	}
	i := strings.LastIndex(rest, " tier ")
	if i < 0 {
		return false
	}
	n := rest[i+len(" tier "):]
	return n != "" && strings.Trim(n, "0123456789") == ""
}

func isCanceled(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
