package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/summary"
)

// recommendedOf is the platform the verdict recommends when none meets
// the SLO: of near (the closest, platform.Nearest) and the platforms
// that miss it as near does in all but tails over their targets
// (platform.OnlyTailsApart), the cheapest; near itself when none is
// cheaper. The placement keeps a service whose tail is out of reach
// everywhere on the cheaper platform by the same rule (walk13 #2).
func recommendedOf(priced []summary.Model, near summary.Model) summary.Model {
	rec := near
	for _, m := range priced {
		if m.Cost.MonthlyUSD < rec.Cost.MonthlyUSD-0.005 && platform.OnlyTailsApart(sloOf(near.Entry), sloOf(m.Entry)) {
			rec = m
		}
	}
	return rec
}

// closestSentence names the closest platform and, when another is
// recommended (recommendedOf), which and why: "The closest is Kubernetes,
// at $5,980.58 a month, by its tail alone: Lambda misses it on the same
// service (payments-report-030) and refuses no more of its requests … so
// Lambda, at $253.65 a month ($5,726.93 less), is the one recommended".
func closestSentence(near, rec summary.Model, noun func(summary.Model) string, month func(summary.Model) string) string {
	if rec.Name == near.Name {
		return fmt.Sprintf("The closest is %s, at %s.", noun(near), month(near))
	}
	same := "misses it by its tail too"
	if r := sloOf(near.Entry); r.PerService() {
		var names []string
		for _, m := range r.Services.Missed {
			names = append(names, m.Service)
		}
		n := len(names)
		same = fmt.Sprintf("misses it on the same %s (%s)", format.Plural(n, "service", format.Count(int64(n))+" services"), format.FirstNames(names, 3))
	}
	return fmt.Sprintf("The closest is %s, at %s, but only by %s: %s %s and does no worse on refusals, at %s, %s less. A tail over its target on both is not worth that (the placement keeps a service whose tail is out of reach everywhere on the cheaper platform by the same rule), so %s is the one recommended.",
		noun(near), month(near), format.Plural(len(tails(near)), "a tail", "tails"), noun(rec), same, month(rec), format.USD(near.Cost.MonthlyUSD-rec.Cost.MonthlyUSD), noun(rec))
}

// tails are the tails a result missed by: the services' that missed,
// judged per service; the run's own otherwise.
func tails(m summary.Model) []string {
	r := sloOf(m.Entry)
	if r.PerService() {
		var out []string
		for _, x := range r.Services.Missed {
			out = append(out, x.Service)
		}
		return out
	}
	return []string{""}
}

// closeCalls says when the verdict rests on close calls (platform.
// CloseCall: a service's percentile with the target inside its 95 %
// interval from its sample size, so that another seed may well make the
// other call), naming the services, their intervals and what the other
// call would change; nil when it does not. It rests on them when a
// platform cheaper than the one that meets the SLO, or any platform when
// none meets it, misses only on close calls (with the other calls it
// would meet it), or when the platform that meets it meets it on close
// calls (with the other call for one of them it would miss). walk13 #1:
// a 300-service fleet's headline went from the hybrid at $1,621 to no
// platform at all with the seed, on one service's p99 over 166 requests,
// and said nothing of it.
//
// Each of the two is a sentence of its own, and how to settle the calls
// a third: in one sentence, with the hybrid meeting on 42 calls, it ran
// to some 1,700 characters (rev14a). Each names the calls nearest their
// target first, and of more than three the nearest alone, with where
// every one is listed (summary.json's per_service.close_calls).
func closeCalls(s summary.Summary, priced []summary.Model, best summary.Model, noun func(summary.Model) string, month func(summary.Model) string) []string {
	r := sloOf(best.Entry)
	if r == nil || !r.Judged() {
		return nil
	}
	met := func(m summary.Model) bool { x := sloOf(m.Entry); return x == nil || x.Met }
	// the cheapest of the platforms that would meet the SLO with the
	// other calls, cheaper than best when best meets it
	var flip *summary.Model
	for i, m := range priced {
		if !sloOf(m.Entry).OnlyCloseMisses() || r.Met && m.Cost.MonthlyUSD >= best.Cost.MonthlyUSD {
			continue
		}
		if flip == nil || m.Cost.MonthlyUSD < flip.Cost.MonthlyUSD {
			flip = &priced[i]
		}
	}
	var parts []string
	if flip != nil {
		cs := sloOf(flip.Entry).CloseCalls(false)
		p := fmt.Sprintf("%s misses the SLO only on %s: %s; had %s met, %s would meet the SLO, at %s",
			noun(*flip), closeCount(len(cs)), callWords(cs, *flip), format.Plural(len(cs), "it", "they"), noun(*flip), month(*flip))
		if r.Met {
			p += fmt.Sprintf(", %s less than %s", format.USD(best.Cost.MonthlyUSD-flip.Cost.MonthlyUSD), noun(best))
		}
		parts = append(parts, p+".")
	}
	if cs := r.CloseCalls(true); r.Met && len(cs) > 0 {
		var next *summary.Model
		for i, m := range priced {
			if m.Name != best.Name && met(m) && (next == nil || m.Cost.MonthlyUSD < next.Cost.MonthlyUSD) {
				next = &priced[i]
			}
		}
		then := ", and no other platform meets it"
		if next != nil {
			then = fmt.Sprintf(", and the cheapest that meets it would be %s, at %s", noun(*next), month(*next))
		}
		parts = append(parts, format.Capitalised(fmt.Sprintf("%s meets the SLO on %s: %s; had %s missed, %s would miss the SLO%s.",
			noun(best), closeCount(len(cs)), callWords(cs, best), format.Plural(len(cs), "it", "any of them"), noun(best), then)))
	}
	if len(parts) == 0 {
		return nil
	}
	how := "compare a few seeds (--seed)"
	if pl := s.Placement; pl != nil && pl.Legacy == nil && pl.MinRequests > 0 {
		how += fmt.Sprintf(", or raise placement.minRequests (%s here) above these services' requests so that they are judged on their refusals alone", format.Count(int64(pl.MinRequests)))
	}
	parts[0] = "This verdict rests on close calls, a service's percentile whose 95 % interval from its sample size holds its target, so that another seed may well make the other call. " + format.Capitalised(parts[0])
	return append(parts, "To settle them, "+how+".")
}

// closeCount is "a close call", "3 close calls".
func closeCount(n int) string {
	if n == 1 {
		return "a close call"
	}
	return format.Count(int64(n)) + " close calls"
}

// callWords names up to three calls with their intervals, the nearest
// their target first (the likeliest to go the other way; the plan's
// order among equals); of more, it names the nearest alone and counts
// the rest, saying where m's summary lists every one (each call's words
// run to some 200 characters: three of 42 made a wall of text that told
// no more than one, the count and where they are).
func callWords(cs []platform.CloseCall, m summary.Model) string {
	cs = slices.Clone(cs)
	slices.SortStableFunc(cs, func(a, b platform.CloseCall) int {
		return cmp.Compare(math.Abs(math.Log(a.MeasuredMs/a.TargetMs)), math.Abs(math.Log(b.MeasuredMs/b.TargetMs)))
	})
	if len(cs) <= 3 {
		var each []string
		for _, c := range cs {
			each = append(each, c.Words())
		}
		return format.And(each)
	}
	return fmt.Sprintf("%s, the nearest its target, and %s more (every one in summary.json, models.%s.slo.per_service.close_calls)",
		cs[0].Words(), format.Count(int64(len(cs)-1)), m.Name)
}

// notPlaced says that the platform the verdict recommends is none the
// placement places services on, when it is not: a scenario that runs
// Knative beside a placement on Kubernetes and Lambda can have the
// verdict recommend Knative while the placement section below recommends
// its blend, or one of its own platforms, with nothing saying why the two
// differ (rev14a). "" otherwise.
func notPlaced(s summary.Summary, reg platform.Registry, best summary.Model) string {
	f := fleetOf(s, reg)
	if f == nil || best.Entry == nil || best.Name == f.blend || slices.Contains(f.parts, best.Name) || len(f.parts) == 0 {
		return ""
	}
	var on []string
	for _, p := range f.parts {
		on = append(on, reg.Look(p).Noun)
	}
	return fmt.Sprintf("%s is not among the platforms the placement places services on (%s, placement.platforms): the placement below recommends among those alone.",
		format.Capitalised(reg.Look(best.Name).Noun), format.And(on))
}
