package main

import (
	"fmt"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/scenarios/breakeven"
)

// between says what the curve shows of the rates between two consecutive
// stretches of one pair that do not meet (s.To < t.From): nothing was
// simulated there, so it gives who is cheaper at either end and which
// platform's SLO verdict changes between them. Without it the text said
// nothing of such a gap (audit 11: 78.8–108.3 req/s, where Kubernetes
// goes from meeting the SLO to missing it with Lambda cheaper at both
// ends). "" when the stretches meet.
func between(s, t breakeven.Stretch, noun breakeven.Noun) string {
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
	return fmt.Sprintf("Between %s and %s req/s nothing was simulated: %s; %s.", lo, hi, cheaper, slo)
}
