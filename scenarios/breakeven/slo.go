package breakeven

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/scenarios/platform"
)

// Stretch is a maximal run of consecutive curve points over which one of
// two platforms is the cheaper and the SLO verdicts of both stay the same.
// It is what a sentence on "who is cheaper where" may say: a platform that
// is cheaper while it misses the SLO is never called cheaper without its
// stretch saying so.
type Stretch struct {
	// From and To are the first and last curve points' rates, or a
	// crossing's where Reach met the next stretch there.
	From, To float64
	// Cheaper is the cheaper platform over the stretch, Other the one it is
	// compared with; with Tie, the two cost the same (in the plan's order).
	Cheaper, Other string
	Tie            bool
	// CheaperMeets and OtherMeets are the two platforms' SLO verdicts,
	// the same at every point of the stretch.
	CheaperMeets, OtherMeets bool
	// NotJudged says no request arrived at the stretch's points (at
	// either platform): the SLO is neither met nor missed there, and
	// CheaperMeets and OtherMeets are false.
	NotJudged bool
	// CheaperRange and OtherRange are the cheaper and the other platform's
	// ranges over the stretch of what the SLO judges.
	CheaperRange, OtherRange Range
}

// Range is the span of a platform's refused share and SLO tail over a
// stretch.
type Range struct {
	RefusedMin, RefusedMax float64
	TailMinMs, TailMaxMs   float64
	// PerService says the points were judged service by service, and
	// Missed names, once each in the order met, the services that missed
	// their own SLO at any of them: the pooled tail and share above
	// judged nothing then.
	PerService bool
	Missed     []string
	// MissedSLO is, beside each of Missed, the SLO that judged it in
	// words ("its own SLO (p95 ≤ 300ms, refused ≤ 1.00 %)"), and
	// MissedRefusing says one of them refused more than its SLO allows:
	// a fleet's sentence named the scenario's SLO for a service judged by
	// its own, and called a tail miss the reason a platform was cheaper
	// (walk14 #3).
	MissedSLO      []string
	MissedRefusing bool
}

func (r *Range) add(m *ModelPoint, first bool) {
	if first {
		*r = Range{RefusedMin: m.Refused, RefusedMax: m.Refused, TailMinMs: m.TailMs, TailMaxMs: m.TailMs}
	} else {
		r.RefusedMin, r.RefusedMax = math.Min(r.RefusedMin, m.Refused), math.Max(r.RefusedMax, m.Refused)
		r.TailMinMs, r.TailMaxMs = math.Min(r.TailMinMs, m.TailMs), math.Max(r.TailMaxMs, m.TailMs)
	}
	r.PerService = r.PerService || m.PerService
	for _, s := range m.Missed {
		if !slices.Contains(r.Missed, s) {
			r.Missed = append(r.Missed, s)
			if i := slices.IndexFunc(m.Misses, func(x platform.ServiceMiss) bool { return x.Service == s }); i >= 0 {
				r.MissedSLO = append(r.MissedSLO, sloOf(m.Misses[i]))
			}
		}
	}
	for _, x := range m.Misses {
		r.MissedRefusing = r.MissedRefusing || x.RefusedMissed()
	}
}

// sloOf names the SLO a missed service was judged by: "its own SLO (p95
// ≤ 300ms, refused ≤ 1.00 %)", or the scenario's for one without.
func sloOf(m platform.ServiceMiss) string {
	whose := "the scenario's SLO"
	if m.Own {
		whose = "its own SLO"
	}
	return whose + " (" + m.SLOResult.SLO().String() + ")"
}

// refuses tells whether the range missed the SLO by refusing requests:
// the one miss that makes a platform cheaper (refused requests are not
// billed); a slow tail is a miss, not a saving.
func (r Range) refuses(slo platform.SLO) bool {
	if r.PerService && len(r.Missed) > 0 {
		return r.MissedRefusing
	}
	return r.RefusedMax > slo.Refused
}

// perServiceSLOs tells whether the range names the SLO each missed
// service was judged by, so a sentence need not name the scenario's.
func (r Range) perServiceSLOs() bool {
	return r.PerService && len(r.Missed) > 0 && len(r.MissedSLO) == len(r.Missed)
}

// servicesMissed says which services missed their own SLO over a range
// judged service by service: "1 service misses its own SLO (batch)",
// "5 services miss their own SLO (a, b, c and 2 more)"; "" otherwise.
func (r Range) servicesMissed() string {
	n := len(r.Missed)
	if !r.PerService || n == 0 {
		return ""
	}
	if r.perServiceSLOs() {
		// each with the SLO that judged it, not the scenario's
		if n == 1 {
			return r.Missed[0] + " misses " + r.MissedSLO[0]
		}
		var each []string
		for i := range min(n, 3) {
			w := strings.TrimSuffix(r.MissedSLO[i], ")")
			if v, ok := strings.CutPrefix(w, "its own SLO ("); ok {
				w = v
			} else if v, ok := strings.CutPrefix(w, "the scenario's SLO ("); ok {
				w = "the scenario's, " + v
			}
			each = append(each, r.Missed[i]+": "+w)
		}
		if n > 3 {
			each = append(each, fmt.Sprintf("%s more", format.Count(int64(n-3))))
		}
		return fmt.Sprintf("%s services miss the SLO each is judged by (%s)", format.Count(int64(n)), strings.Join(each, "; "))
	}
	return fmt.Sprintf("%s %s (%s)", format.Count(int64(n)), format.Plural(n, "service misses its own SLO", "services miss their own SLO"), format.FirstNames(r.Missed, 3))
}

// OnlyByMissing tells whether the stretch's cheaper platform is cheaper
// only while it misses the SLO that the other meets (refusing work or
// answering late): the range a verdict must name as such.
func (s Stretch) OnlyByMissing() bool {
	return !s.Tie && !s.NotJudged && !s.CheaperMeets && s.OtherMeets
}

// Stretches cuts the curve, for platforms a and b, into stretches: a new
// one starts wherever the cheaper of the two or either's SLO verdict
// (met, missed, or not judged) changes. Points where either platform has
// no cost are skipped.
func Stretches(curve []CurvePoint, a, b string) []Stretch {
	var out []Stretch
	for _, c := range curve {
		ma, mb := c.Model(a), c.Model(b)
		if ma == nil || mb == nil || math.IsNaN(ma.MonthlyUSD) || math.IsNaN(mb.MonthlyUSD) {
			continue
		}
		cheap, other := ma, mb
		// costs the table prints alike are the same to its reader: a
		// sentence calling one cheaper beside "$149.00" twice would
		// contradict it (walk3: Knative "cheaper" than Kubernetes there)
		tie := format.USD(mb.MonthlyUSD) == format.USD(ma.MonthlyUSD)
		if mb.MonthlyUSD < ma.MonthlyUSD && !tie {
			cheap, other = mb, ma
		}
		unjudged := ma.NotJudged || mb.NotJudged
		if n := len(out); n > 0 {
			s := &out[n-1]
			if s.Cheaper == cheap.Model && s.Tie == tie && s.CheaperMeets == cheap.MeetsSLO && s.OtherMeets == other.MeetsSLO && s.NotJudged == unjudged {
				s.To = c.RatePerSecond
				s.CheaperRange.add(cheap, false)
				s.OtherRange.add(other, false)
				continue
			}
		}
		s := Stretch{From: c.RatePerSecond, To: c.RatePerSecond, Cheaper: cheap.Model, Other: other.Model, Tie: tie,
			CheaperMeets: cheap.MeetsSLO, OtherMeets: other.MeetsSLO, NotJudged: unjudged}
		s.CheaperRange.add(cheap, true)
		s.OtherRange.add(other, true)
		out = append(out, s)
	}
	return out
}

// Reach extends the stretches of one pair of platforms to the crossings
// between them. Stretches end at curve points, so between the last point
// where one platform is cheaper and the first where the other is, the
// rates were given to neither ("Lambda is cheaper from 1 to 7.07 req/s",
// "Kubernetes is cheaper at 50 req/s", with the break-even at 46.2;
// walk3). Where a crossing of the pair (cs, both refined to their final
// bracket) lies in that gap, with the cheaper platform of either side
// and both platforms' SLO verdicts at the bracket's simulated ends the
// same as the stretch's on that side, the two stretches meet there: at
// the crossing's rate, or, for a jump, at the ends of its bracket (the
// jump is somewhere between them). The bracket runs' latencies and
// refused shares join the stretches' ranges. Elsewhere a gap is left as
// it is: nothing simulated says who is cheaper in it.
func Reach(ss []Stretch, cs []Crossing) []Stretch {
	out := slices.Clone(ss)
	for i := 0; i+1 < len(out); i++ {
		s, t := &out[i], &out[i+1]
		if s.Tie || t.Tie || s.Cheaper == t.Cheaper {
			continue
		}
		for _, c := range cs {
			if c.CheaperBelow != s.Cheaper || c.CheaperAbove != t.Cheaper || c.Lo < s.To || c.Hi > t.From ||
				!s.holdsAt(c.Below) || !t.holdsAt(c.Above) {
				continue
			}
			s.To, t.From = c.RatePerSecond, c.RatePerSecond
			if c.Jump != nil {
				s.To, t.From = c.Lo, c.Hi
			}
			s.CheaperRange.add(c.Below.Model(s.Cheaper), false)
			s.OtherRange.add(c.Below.Model(s.Other), false)
			t.CheaperRange.add(c.Above.Model(t.Cheaper), false)
			t.OtherRange.add(c.Above.Model(t.Other), false)
			break
		}
	}
	return out
}

// holdsAt tells whether the stretch's SLO verdicts are those of point p,
// with p's cheaper platform the stretch's: whether p could have been one
// of the stretch's points.
func (s Stretch) holdsAt(p CurvePoint) bool {
	ch, ot := p.Model(s.Cheaper), p.Model(s.Other)
	if ch == nil || ot == nil || format.USD(ch.MonthlyUSD) == format.USD(ot.MonthlyUSD) || ch.MonthlyUSD > ot.MonthlyUSD {
		return false
	}
	return ch.MeetsSLO == s.CheaperMeets && ot.MeetsSLO == s.OtherMeets && (ch.NotJudged || ot.NotJudged) == s.NotJudged
}

// Noun names a platform in a sentence ("Lambda").
type Noun func(name string) string

// Sentence says who is cheaper over the stretch and, in the same
// sentence, whether each meets the SLO: a platform cheaper only while it
// misses the SLO is said to be so ("Kubernetes is cheaper from 80 to 200
// req/s only because it refuses 4.00–12.00 % of requests (SLO: refused ≤
// 0.10 %)"). withOther names the platform compared with (for more than two
// platforms).
func (s Stretch) Sentence(slo platform.SLO, noun Noun, withOther bool) string {
	return format.Capitalised(s.sentence(slo, noun, withOther))
}

func (s Stretch) sentence(slo platform.SLO, noun Noun, withOther bool) string {
	where := "from " + format.Sig(s.From, 3) + " to " + format.Sig(s.To, 3) + " req/s"
	if s.From == s.To {
		where = "at " + format.Sig(s.From, 3) + " req/s"
	}
	if s.NotJudged {
		// nothing arrived: nothing to judge, and "cheaper" is the bill of
		// an idle platform
		idle := "where no request arrived: the SLO is not judged there."
		if s.Tie {
			return fmt.Sprintf("%s and %s cost the same %s, %s", noun(s.Cheaper), noun(s.Other), where, idle)
		}
		than := ""
		if withOther {
			than = " than " + noun(s.Other)
		}
		return fmt.Sprintf("%s is cheaper%s %s, %s", noun(s.Cheaper), than, where, idle)
	}
	if s.Tie {
		both := "both meeting the SLO"
		switch {
		case !s.CheaperMeets && !s.OtherMeets:
			both = "neither meeting the SLO"
		case !s.CheaperMeets || !s.OtherMeets:
			miss := s.Other
			if !s.CheaperMeets {
				miss = s.Cheaper
			}
			both = noun(miss) + " missing the SLO"
		}
		return fmt.Sprintf("%s and %s cost the same %s, %s.", noun(s.Cheaper), noun(s.Other), where, both)
	}
	than := ""
	if withOther {
		than = " than " + noun(s.Other)
	}
	head := noun(s.Cheaper) + " is cheaper" + than + " " + where
	// the scenario's SLO is named unless each miss names its own
	named := func(rs ...Range) bool {
		for _, r := range rs {
			if !r.perServiceSLOs() && !(r.PerService && len(r.Missed) == 0) {
				return false
			}
		}
		return true
	}
	withSLO := func(what string, rs ...Range) string {
		if named(rs...) {
			return what
		}
		return what + "; SLO: " + slo.String()
	}
	switch {
	case s.CheaperMeets && s.OtherMeets:
		return head + ", both meeting the SLO."
	case s.CheaperMeets:
		return fmt.Sprintf("%s and meets the SLO; %s misses it there (%s).", head, noun(s.Other), withSLO(Shortfall(s.OtherRange, slo), s.OtherRange))
	case s.OtherMeets:
		meets := noun(s.Other) + " meets it."
		if s.CheaperRange.PerService {
			meets = noun(s.Other) + " meets every service's."
		}
		why, link := shortfallWhy(s.CheaperRange, slo), " only because "
		if !s.CheaperRange.refuses(slo) {
			// a slow tail saves nothing: cheaper, and missing the SLO
			// besides; refused requests are not billed, which is why
			// "only because" fits them alone (walk14 #3)
			link = ", but "
		}
		if !named(s.CheaperRange) {
			why += " (SLO: " + slo.String() + ")"
		}
		return head + link + why + "; " + meets
	}
	return fmt.Sprintf("%s, but neither meets the SLO (%s: %s; %s: %s).", head,
		noun(s.Cheaper), Shortfall(s.CheaperRange, slo), noun(s.Other), withSLO(Shortfall(s.OtherRange, slo), s.CheaperRange, s.OtherRange))
}

// Shortfall says how a platform misses the SLO over a range: "refuses
// 4.00–12.00 % of requests", "p99 up to 5.200 s", or both.
func Shortfall(r Range, slo platform.SLO) string {
	if m := r.servicesMissed(); m != "" {
		return m
	}
	var parts []string
	if r.RefusedMax > slo.Refused {
		parts = append(parts, "refuses "+shareRange(r.RefusedMin, r.RefusedMax, slo.Refused)+" of requests")
	}
	if r.TailMaxMs > float64(slo.Target)/1e6 {
		parts = append(parts, slo.Percentile()+" up to "+format.Millis(r.TailMaxMs))
	}
	if len(parts) == 0 {
		return "within the SLO"
	}
	return strings.Join(parts, ", ")
}

// shortfallWhy is Shortfall as the reason a platform is cheaper: "it
// refuses 4.00–12.00 % of requests", "its p99 reaches 5.200 s".
func shortfallWhy(r Range, slo platform.SLO) string {
	if m := r.servicesMissed(); m != "" {
		return m
	}
	var parts []string
	if r.RefusedMax > slo.Refused {
		parts = append(parts, "it refuses "+shareRange(r.RefusedMin, r.RefusedMax, slo.Refused)+" of requests")
	}
	if r.TailMaxMs > float64(slo.Target)/1e6 {
		parts = append(parts, "its "+slo.Percentile()+" reaches "+format.Millis(r.TailMaxMs))
	}
	if len(parts) == 0 {
		return "it misses the SLO"
	}
	return strings.Join(parts, " and ")
}

// shareRange prints a range of shares: "4.00–12.00 %", one share, or "up
// to 12.00 %" when the range starts within the ceiling (the stretch
// missed the SLO there by its tail).
func shareRange(lo, hi, ceiling float64) string {
	switch {
	case format.Percent(lo) == format.Percent(hi):
		return format.Percent(hi)
	case lo <= ceiling:
		return "up to " + format.Percent(hi)
	}
	return strings.TrimSuffix(format.Percent(lo), " %") + "–" + format.Percent(hi)
}

// Sentence reports the crossing: a break-even where it is compliant,
// otherwise a crossing of the costs that says why it is none (who misses
// the SLO there, or that no request arrived), or a jump.
func (c Crossing) Sentence(noun Noun) string {
	if c.Jump != nil {
		return c.Jump.sentence(c, noun)
	}
	millions := c.RatePerSecond * 730 * 3600 / 1e6
	if c.Compliant {
		return fmt.Sprintf("break-even ≈ %.4g req/s (%.3g million requests/month): %s is cheaper below, %s above, both meeting the SLO on either side; about %s/month each",
			c.RatePerSecond, millions, noun(c.CheaperBelow), noun(c.CheaperAbove), format.USD(c.MonthlyUSD))
	}
	return fmt.Sprintf("costs cross ≈ %.4g req/s where %s: not a break-even (%s is cheaper below, %s above; about %s/month each)",
		c.RatePerSecond, c.sloShort(noun), noun(c.CheaperBelow), noun(c.CheaperAbove), format.USD(c.MonthlyUSD))
}

// sloShort says why a crossing is not compliant: "Lambda misses the
// SLO", "no request arrived at some of its rates (the SLO is not judged
// there)", or both.
func (c Crossing) sloShort(noun Noun) string {
	var parts []string
	if len(c.Misses) > 0 {
		var who []string
		for _, m := range c.Misses {
			who = append(who, noun(m))
		}
		parts = append(parts, format.And(who)+misses(len(who))+" the SLO")
	}
	if len(c.NotJudged) > 0 {
		parts = append(parts, "no request arrived at some of its rates (the SLO is not judged there)")
	}
	return strings.Join(parts, " and ")
}

func misses(n int) string {
	if n == 1 {
		return " misses"
	}
	return " miss"
}

// sentence reports a jump as what it is: a step of one cost past the
// other, where the two are never equal ("The hybrid's cost jumps from
// $248.11 to $586.86 between 48.1 and 48.3 req/s as prod-users moves from
// Lambda to Kubernetes, past Kubernetes' ($389.28–$389.30 there): the
// hybrid is cheaper below, Kubernetes above, both meeting the SLO on
// either side; the costs are never equal, so it is no break-even"), with
// the SLO verdicts as a crossing's: the SLO is named as missed only where
// it was.
func (j *Jump) sentence(c Crossing, noun Noun) string {
	var moved []string
	for _, m := range j.Moved {
		moved = append(moved, fmt.Sprintf("%s moves from %s to %s", m.Service, noun(m.From), noun(m.To)))
	}
	as := ""
	if len(moved) > 0 {
		as = " as " + format.And(moved)
	}
	slo := "both meeting the SLO on either side"
	if !c.Compliant {
		slo = c.sloShort(noun) + " there"
	}
	return format.Capitalised(fmt.Sprintf("%s cost jumps from %s to %s between %.4g and %.4g req/s%s, past %s (%s there): %s is cheaper below, %s above, %s; the costs are never equal, so it is no break-even",
		possessive(noun(j.Model)), format.USD(j.FromUSD), format.USD(j.ToUSD), c.Lo, c.Hi, as,
		possessive(noun(j.Other)), usdRange(j.OtherFromUSD, j.OtherToUSD), noun(c.CheaperBelow), noun(c.CheaperAbove), slo))
}

// Label is the jump in a few words, for a chart: "The hybrid jumps
// $248 → $587 (prod-users to Kubernetes)".
func (j *Jump) Label(noun Noun) string {
	var moved []string
	for _, m := range j.Moved {
		moved = append(moved, m.Service+" to "+noun(m.To))
	}
	s := fmt.Sprintf("%s jumps %s → %s", format.Capitalised(noun(j.Model)), format.USDShort(j.FromUSD), format.USDShort(j.ToUSD))
	if len(moved) > 0 {
		s += " (" + format.And(moved) + ")"
	}
	return s
}

// possessive is "Kubernetes'", "Lambda's".
func possessive(s string) string {
	if strings.HasSuffix(s, "s") {
		return s + "'"
	}
	return s + "'s"
}

func usdRange(a, b float64) string {
	if format.USD(a) == format.USD(b) {
		return format.USD(a)
	}
	return format.USD(min(a, b)) + "–" + format.USD(max(a, b))
}
