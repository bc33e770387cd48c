package main

import (
	"fmt"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/scenarios/breakeven"
)

// between says what the curve shows of the rates between two consecutive
// stretches of one pair that do not meet (s.To < t.From): who is cheaper
// at either end and which platform's SLO verdict changes between them.
// Without it the text said nothing of such a gap (audit 11: 78.8–108.3
// req/s, where Kubernetes goes from meeting the SLO to missing it with
// Lambda cheaper at both ends). Nothing was simulated there unless one of
// the pair's crossings cs was refined inside it (Reach leaves a gap open
// when a crossing's bracket runs do not hold the stretches' verdicts):
// the sentence then says where the costs cross and at which rates that
// was simulated, where it said "nothing was simulated" (review9b M3).
// "" when the stretches meet.
func between(s, t breakeven.Stretch, noun breakeven.Noun, cs []breakeven.Crossing) string {
	if s.To >= t.From {
		return ""
	}
	lo, hi := format.Sig(s.To, 3), format.Sig(t.From, 3)
	var cheaper string
	switch {
	case !s.Tie && !t.Tie && s.Cheaper == t.Cheaper:
		cheaper = noun(s.Cheaper) + " is cheaper at both ends"
	default:
		end := func(x breakeven.Stretch, at string) string {
			if x.Tie {
				return "they cost the same at " + at
			}
			return noun(x.Cheaper) + " is cheaper at " + at
		}
		cheaper = end(s, lo) + ", " + end(t, hi)
	}
	verdict := func(x breakeven.Stretch, p string) string {
		switch {
		case x.NotJudged:
			return "is not judged"
		case p == x.Cheaper && x.CheaperMeets || p == x.Other && x.OtherMeets:
			return "meets the SLO"
		}
		return "misses the SLO"
	}
	var changes []string
	for _, p := range []string{s.Cheaper, s.Other} {
		if a, b := verdict(s, p), verdict(t, p); a != b {
			// the second verdict refers back to the first: "meets the
			// SLO at 78.8 req/s and misses it at 108"
			b = strings.Replace(b, " the SLO", " it", 1)
			changes = append(changes, fmt.Sprintf("%s %s at %s req/s and %s at %s", noun(p), a, lo, b, hi))
		}
	}
	slo := "both keep their SLO verdicts"
	if len(changes) > 0 {
		slo = strings.Join(changes, "; ")
	}
	what := "nothing was simulated"
	if in := crossingsIn(cs, s.To, t.From, noun); in != "" {
		what = in
	}
	return fmt.Sprintf("Between %s and %s req/s %s: %s; %s.", lo, hi, what, cheaper, slo)
}

// crossingsIn says what of the crossings cs was simulated strictly
// between the rates lo and hi (a bracket end there): "the costs cross at
// ≈100 (simulated at 100–100.5 req/s)", or for a jump "Kubernetes' cost
// jumps past Lambda's (simulated at …)"; "" for none.
func crossingsIn(cs []breakeven.Crossing, lo, hi float64, noun breakeven.Noun) string {
	var out []string
	for _, c := range cs {
		if !(c.Lo > lo && c.Lo < hi || c.Hi > lo && c.Hi < hi) {
			continue
		}
		at := "at " + format.Sig(c.Lo, 4) + " req/s"
		if c.Hi != c.Lo {
			at = "at " + format.Sig(c.Lo, 4) + "–" + format.Sig(c.Hi, 4) + " req/s"
		}
		if j := c.Jump; j != nil {
			out = append(out, fmt.Sprintf("%s cost jumps past %s (simulated %s)", possessive(noun(j.Model)), possessive(noun(j.Other)), at))
			continue
		}
		out = append(out, fmt.Sprintf("the costs cross at ≈%s (simulated %s)", format.Sig(c.RatePerSecond, 4), at))
	}
	return strings.Join(out, " and ")
}

// possessive is name's possessive: Kubernetes', Lambda's.
func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}
